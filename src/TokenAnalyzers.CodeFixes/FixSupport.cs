using System.Collections.Immutable;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.Simplification;
using System.Threading;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>Small pieces the TA3xx fixes share: spans from Diagnostic.Properties, usings, inserted statements.</summary>
    internal static class FixSupport
    {
        public const string ValidatorsNamespace = "Microsoft.IdentityModel.Validators";

        /// <summary>
        /// The other compilations of <paramref name="project"/>'s file: a multi-targeted project is one workspace project
        /// per target framework (the IDE, <c>dotnet format</c>), all with the same project file.
        /// </summary>
        public static IEnumerable<Project> OtherTargets(Project project)
        {
            if (project.FilePath is not { } path)
            {
                yield break;
            }

            foreach (var other in project.Solution.Projects)
            {
                if (other.Id != project.Id && string.Equals(other.FilePath, path, System.StringComparison.OrdinalIgnoreCase))
                {
                    yield return other;
                }
            }
        }

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

        /// <summary>
        /// Whether <c>using <paramref name="ns"/>;</c> can be added to the document of <paramref name="model"/> without
        /// making a name of that document ambiguous (CS0104, CS0121): no simple name there that is also a type or an
        /// extension method of <paramref name="ns"/> binds today to a type or extension method that a using imports.
        /// Types of an enclosing namespace and aliases win over usings, so they do not count.
        /// </summary>
        public static bool CanImport(SemanticModel model, SyntaxNode root, string ns, CancellationToken cancellationToken)
        {
            var anchor = model.Compilation.GetBestTypeByMetadataName(ns + "." + "AadIssuerValidator") ??
                         model.Compilation.GetBestTypeByMetadataName(ns + "." + "AadTokenValidationParametersExtension");
            if (anchor?.ContainingNamespace is not { } imported)
            {
                return false;
            }

            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var type in imported.GetTypeMembers())
            {
                names.Add(type.Name);
                if (type.MightContainExtensionMethods)
                {
                    foreach (var method in type.GetMembers().OfType<IMethodSymbol>().Where(m => m.IsExtensionMethod))
                    {
                        names.Add(method.Name);
                    }
                }
            }

            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!names.Contains(name.Identifier.ValueText) || name.Parent is QualifiedNameSyntax { Right: var right } && right == name ||
                    name.Parent is AliasQualifiedNameSyntax || model.GetAliasInfo(name, cancellationToken) is not null)
                {
                    continue;
                }

                var info = model.GetSymbolInfo(name, cancellationToken);
                foreach (var symbol in info.CandidateSymbols.Add(info.Symbol!).Where(s => s is not null))
                {
                    if (symbol is IMethodSymbol { IsExtensionMethod: true } or IMethodSymbol { MethodKind: MethodKind.ReducedExtension })
                    {
                        var method = (IMethodSymbol)symbol;
                        if (!SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingNamespace, imported))
                        {
                            return false;
                        }
                    }
                    else if (symbol is INamedTypeSymbol { ContainingType: null } named &&
                             !(name.Parent is MemberAccessExpressionSyntax access && access.Name == name) && name.Parent is not MemberBindingExpressionSyntax)
                    {
                        if (!SymbolEqualityComparer.Default.Equals(named.ContainingNamespace, imported) &&
                            !named.ContainingNamespace.IsGlobalNamespace &&
                            !EnclosingNamespaces(model, name.SpanStart).Contains(named.ContainingNamespace, SymbolEqualityComparer.Default))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }

        private static IEnumerable<INamespaceSymbol> EnclosingNamespaces(SemanticModel model, int position)
        {
            for (var ns = model.GetEnclosingSymbol(position)?.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
            {
                yield return ns;
            }
        }

        /// <summary>
        /// <c>global::Microsoft.IdentityModel.Validators.<paramref name="type"/></c> for the simplifier to shorten where
        /// the short name still binds to the library's type (and to leave qualified where a user type takes the name).
        /// </summary>
        public static ExpressionSyntax QualifiedType(string type) =>
            SyntaxFactory.ParseExpression("global::" + ValidatorsNamespace + "." + type).WithAdditionalAnnotations(Simplifier.Annotation);

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

        /// <summary>
        /// A statement shaped to sit on its own line after <paramref name="anchor"/> (a statement or global statement), or
        /// on the anchor's line when the block ends there too (<c>o =&gt; { a; }</c> becomes <c>o =&gt; { a; b; }</c>).
        /// </summary>
        public static SyntaxNode StatementAfter(SyntaxNode anchor, StatementSyntax statement, SyntaxNode root)
        {
            var lines = root.GetText().Lines;
            var next = anchor.GetLastToken().GetNextToken();
            StatementSyntax shaped;
            if (next.IsKind(SyntaxKind.CloseBraceToken) && lines.GetLineFromPosition(next.SpanStart).LineNumber == lines.GetLineFromPosition(anchor.SpanStart).LineNumber)
            {
                // One space between the statements and before the brace, whichever side the anchor's own space was on.
                var space = SyntaxFactory.TriviaList(SyntaxFactory.Space);
                shaped = anchor.GetTrailingTrivia().Any(SyntaxKind.WhitespaceTrivia)
                    ? statement.WithoutTrivia().WithTrailingTrivia(space)
                    : statement.WithoutTrivia().WithLeadingTrivia(space);
            }
            else
            {
                shaped = statement.WithoutTrivia().WithLeadingTrivia(Indentation(anchor)).WithTrailingTrivia(EndOfLine(root));
            }

            return anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(shaped) : shaped;
        }

        public static ImmutableArray<Diagnostic> WithProperty(ImmutableArray<Diagnostic> diagnostics, string key) =>
            diagnostics.Where(d => d.Properties.ContainsKey(key)).ToImmutableArray();
    }
}
