using System.Collections.Immutable;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>Small pieces the TA3xx fixes share: spans from Diagnostic.Properties, usings, inserted statements.</summary>
    internal static class FixSupport
    {
        public const string ValidatorsNamespace = "Microsoft.IdentityModel.Validators";

        /// <summary>The node the analyzer passed as additional location <paramref name="index"/>, or null.</summary>
        public static SyntaxNode? AdditionalNode(SyntaxNode root, Diagnostic diagnostic, int index) =>
            index < diagnostic.AdditionalLocations.Count && diagnostic.AdditionalLocations[index] is { IsInSource: true } location
                ? NodeAt(root, location.SourceSpan)
                : null;

        /// <summary>Every node the analyzer passed as an additional location, or null when one is not found.</summary>
        public static List<SyntaxNode>? AdditionalNodes(SyntaxNode root, Diagnostic diagnostic)
        {
            var nodes = new List<SyntaxNode>();
            for (var i = 0; i < diagnostic.AdditionalLocations.Count; i++)
            {
                if (AdditionalNode(root, diagnostic, i) is not { } node)
                {
                    return null;
                }

                nodes.Add(node);
            }

            return nodes;
        }

        /// <summary>The node of exactly <paramref name="span"/> that is (or is an ancestor of) the innermost node there.</summary>
        public static SyntaxNode? NodeAt(SyntaxNode root, TextSpan span)
        {
            if (span.End > root.FullSpan.End)
            {
                return null;
            }

            // The outermost node of exactly that span: a GlobalStatement rather than the statement it wraps.
            return root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().TakeWhile(n => n.Span == span).LastOrDefault();
        }

        /// <summary>Adds <c>using <paramref name="ns"/>;</c> after the file's last top-level using, unless it is there.</summary>
        public static SyntaxNode AddUsing(SyntaxNode root, string ns)
        {
            if (root is not CompilationUnitSyntax unit ||
                unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == ns) ||
                unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Alias is null && u.Name?.ToString() == ns)))
            {
                return root;
            }

            var eol = EndOfLine(root);
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(eol);
            if (unit.Usings.Count == 0)
            {
                var first = unit.GetLeadingTrivia();
                return unit.WithoutLeadingTrivia().WithUsings(unit.Usings.Add(directive.WithLeadingTrivia(first).WithTrailingTrivia(eol, eol)));
            }

            var plain = unit.Usings.Where(u => !u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)).ToList();
            var index = plain.Count == 0 ? unit.Usings.Count : unit.Usings.IndexOf(plain[plain.Count - 1]) + 1;
            return unit.WithUsings(unit.Usings.Insert(index, directive));
        }

        public static SyntaxTrivia EndOfLine(SyntaxNode root) =>
            root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } found
                ? found
                : SyntaxFactory.CarriageReturnLineFeed;

        /// <summary>The indentation of the line <paramref name="node"/> starts on.</summary>
        /// <summary>The leading whitespace of the line holding <paramref name="position"/>.</summary>
        public static SyntaxTriviaList LineIndentation(SyntaxNode root, int position)
        {
            var text = root.GetText();
            var line = text.Lines.GetLineFromPosition(position).ToString();
            var width = line.Length - line.TrimStart(' ', '\t').Length;
            return width == 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(line.Substring(0, width)));
        }

        public static SyntaxTriviaList Indentation(SyntaxNode node)
        {
            var leading = node.GetLeadingTrivia();
            var whitespace = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
            return SyntaxFactory.TriviaList(whitespace);
        }

        /// <summary>A statement shaped to sit on its own line after <paramref name="anchor"/> (a statement or global statement).</summary>
        public static SyntaxNode StatementAfter(SyntaxNode anchor, StatementSyntax statement, SyntaxNode root)
        {
            var shaped = statement.WithoutTrivia().WithLeadingTrivia(Indentation(anchor)).WithTrailingTrivia(EndOfLine(root));
            return anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(shaped) : shaped;
        }

        public static ImmutableArray<Diagnostic> WithProperty(ImmutableArray<Diagnostic> diagnostics, string key) =>
            diagnostics.Where(d => d.Properties.ContainsKey(key)).ToImmutableArray();
    }
}
