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

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>TA303: move the <c>EnableAadSigningKeyIssuerValidation()</c> statement to after the statement that undid it.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveSigningKeyIssuerValidationCodeFixProvider)), Shared]
    public sealed class MoveSigningKeyIssuerValidationCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.SigningKeyIssuerValidationUndone + ".MoveCall";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SigningKeyIssuerValidationUndone);

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
                        "Call EnableAadSigningKeyIssuerValidation() after this assignment",
                        cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static (SyntaxNode Call, SyntaxNode Anchor)? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (FixSupport.Span(diagnostic, FixProperties.CallStart, FixProperties.CallLength) is not { } callSpan ||
                FixSupport.Span(diagnostic, FixProperties.AnchorStart, FixProperties.AnchorLength) is not { } anchorSpan ||
                FixSupport.NodeAt(root, callSpan) is not { } call ||
                FixSupport.NodeAt(root, anchorSpan) is not { } anchor ||
                call.Parent != anchor.Parent ||
                call is not (StatementSyntax or GlobalStatementSyntax) ||
                anchor.SpanStart <= call.SpanStart)
            {
                return null;
            }

            return (call, anchor);
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            // One move per call, after the last statement that undoes it.
            var moves = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var found in diagnostics.Select(d => Find(root, d)))
            {
                if (found is { } move && (!moves.TryGetValue(move.Call, out var anchor) || anchor.SpanStart < move.Anchor.SpanStart))
                {
                    moves[move.Call] = move.Anchor;
                }
            }

            if (moves.Count == 0)
            {
                return document;
            }

            var tracked = root.TrackNodes(moves.Keys.Concat(moves.Values).Distinct());
            foreach (var pair in moves)
            {
                if (tracked.GetCurrentNode(pair.Key) is not { } call)
                {
                    continue;
                }

                // Remove first, then insert a copy of the original (untracked) statement after the anchor.
                tracked = tracked.RemoveNode(call, SyntaxRemoveOptions.KeepNoTrivia | SyntaxRemoveOptions.KeepDirectives)!;
                if (tracked.GetCurrentNode(pair.Value) is not { } anchor)
                {
                    continue;
                }

                var statement = pair.Key is GlobalStatementSyntax global ? global.Statement : (StatementSyntax)pair.Key;
                tracked = tracked.InsertNodesAfter(anchor, new[] { FixSupport.StatementAfter(anchor, statement, tracked) });
            }

            return document.WithSyntaxRoot(tracked);
        }
    }
}
