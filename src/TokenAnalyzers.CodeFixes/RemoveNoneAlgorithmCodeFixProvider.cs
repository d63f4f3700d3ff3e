using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>TA306: remove "none" from ValidAlgorithms (the whole assignment when "none" is all it lists).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveNoneAlgorithmCodeFixProvider)), Shared]
    public sealed class RemoveNoneAlgorithmCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.NoneAlgorithmAllowed + ".RemoveNone";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NoneAlgorithmAllowed);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || Find(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Remove \"none\" from ValidAlgorithms",
                        cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The assignment to remove whole, or the elements to remove from it.</summary>
        private static (AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (FixSupport.NodeAt(root, diagnostic.Location.SourceSpan) is not AssignmentExpressionSyntax assignment ||
                !diagnostic.Properties.TryGetValue(FixProperties.Elements, out var spans) || string.IsNullOrEmpty(spans))
            {
                return null;
            }

            var removeAll = diagnostic.Properties.TryGetValue(FixProperties.RemovesAll, out var all) && all == "True";
            if (removeAll)
            {
                return StatementRemoval.CanRemove(assignment) ? (assignment, true, new List<SyntaxNode>()) : null;
            }

            var elements = new List<SyntaxNode>();
            foreach (var part in spans!.Split(';'))
            {
                var pieces = part.Split(':');
                if (pieces.Length != 2 || !int.TryParse(pieces[0], out var start) || !int.TryParse(pieces[1], out var length) ||
                    FixSupport.NodeAt(root, new TextSpan(start, length)) is not { } element ||
                    !assignment.Right.Span.Contains(element.Span))
                {
                    return null;
                }

                elements.Add(element);
            }

            return (assignment, false, elements);
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var fixes = diagnostics.Select(d => Find(root, d)).Where(f => f is not null).Select(f => f!.Value).ToList();
            if (fixes.Count == 0)
            {
                return document;
            }

            var tracked = root.TrackNodes(fixes.Select(f => (SyntaxNode)f.Assignment).Concat(fixes.SelectMany(f => f.Elements)));
            foreach (var fix in fixes)
            {
                if (fix.RemoveAll)
                {
                    if (tracked.GetCurrentNode(fix.Assignment) is { } assignment)
                    {
                        tracked = StatementRemoval.Remove(tracked, assignment);
                    }

                    continue;
                }

                var current = fix.Elements.Select(e => tracked.GetCurrentNode(e)).OfType<SyntaxNode>().ToList();
                if (current.Count > 0)
                {
                    tracked = tracked.RemoveNodes(current, SyntaxRemoveOptions.KeepNoTrivia | SyntaxRemoveOptions.KeepDirectives)!;
                }
            }

            return document.WithSyntaxRoot(tracked);
        }
    }
}
