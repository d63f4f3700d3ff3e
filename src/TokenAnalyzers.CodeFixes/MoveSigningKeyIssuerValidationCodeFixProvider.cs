using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>TA303: move the <c>EnableAadSigningKeyIssuerValidation()</c> statement to after the statement that undid it.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveSigningKeyIssuerValidationCodeFixProvider))]
    public sealed class MoveSigningKeyIssuerValidationCodeFixProvider : SyntaxFixProvider<(SyntaxNode Call, SyntaxNode Anchor)>
    {
        public const string EquivalenceKey = RuleIds.SigningKeyIssuerValidationUndone + ".MoveCall";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SigningKeyIssuerValidationUndone);

        private protected override string Title(Diagnostic diagnostic) => "Call EnableAadSigningKeyIssuerValidation() after this assignment";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        private protected override Optional<(SyntaxNode Call, SyntaxNode Anchor)> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model) =>
            Find(root, diagnostic, model) is { } target ? target : default(Optional<(SyntaxNode Call, SyntaxNode Anchor)>);

        private static (SyntaxNode Call, SyntaxNode Anchor)? Find(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            if (FixSupport.AdditionalNode(root, diagnostic, FixProperties.CallLocation) is not { } call ||
                FixSupport.AdditionalNode(root, diagnostic, FixProperties.AnchorLocation) is not { } anchor ||
                call.Parent != anchor.Parent ||
                call is not (StatementSyntax or GlobalStatementSyntax) ||
                anchor.SpanStart <= call.SpanStart ||
                root.DescendantTrivia(TextSpan.FromBounds(call.FullSpan.Start, anchor.Span.End)).Any(t => t.IsDirective))
            {
                // A directive in between (`#if`, `#region`): the move would cross it and change which code is compiled.
                return null;
            }

            return (call, anchor);
        }

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(SyntaxNode Call, SyntaxNode Anchor)> targets, SemanticModel model, CancellationToken cancellationToken)
        {
            // One move per call, after the last statement that undoes it.
            var moves = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var move in targets)
            {
                if (!moves.TryGetValue(move.Call, out var anchor) || anchor.SpanStart < move.Anchor.SpanStart)
                {
                    moves[move.Call] = move.Anchor;
                }
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
                tracked = tracked.InsertNodesAfter(anchor, new[] { WithComments(FixSupport.StatementAfter(anchor, statement, tracked), pair.Key, anchor, tracked) });
            }

            return tracked;
        }

        /// <summary>The moved statement takes its comments along: those on the lines above it, and one after it on its line.</summary>
        private static SyntaxNode WithComments(SyntaxNode moved, SyntaxNode original, SyntaxNode anchor, SyntaxNode root)
        {
            var indentation = FixSupport.Indentation(anchor);
            var eol = FixSupport.EndOfLine(root);
            var leading = new List<SyntaxTrivia>();
            foreach (var comment in original.GetLeadingTrivia().Where(StatementRemoval.IsComment))
            {
                leading.AddRange(indentation);
                leading.Add(comment);
                leading.Add(eol);
            }

            var trailing = new List<SyntaxTrivia>();
            foreach (var comment in original.DescendantTrivia().Where(StatementRemoval.IsComment).Except(original.GetLeadingTrivia()))
            {
                trailing.Add(SyntaxFactory.Space);
                trailing.Add(comment);
            }

            if (leading.Count == 0 && trailing.Count == 0)
            {
                return moved;
            }

            trailing.Add(eol);
            return moved.WithLeadingTrivia(leading.Concat(moved.GetLeadingTrivia())).WithTrailingTrivia(trailing);
        }
    }
}
