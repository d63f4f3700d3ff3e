using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

        private protected override Optional<(SyntaxNode Call, SyntaxNode Anchor)> FindTarget(SyntaxNode root, Diagnostic diagnostic) =>
            Find(root, diagnostic) is { } target ? target : default(Optional<(SyntaxNode Call, SyntaxNode Anchor)>);

        private static (SyntaxNode Call, SyntaxNode Anchor)? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (FixSupport.AdditionalNode(root, diagnostic, FixProperties.CallLocation) is not { } call ||
                FixSupport.AdditionalNode(root, diagnostic, FixProperties.AnchorLocation) is not { } anchor ||
                call.Parent != anchor.Parent ||
                call is not (StatementSyntax or GlobalStatementSyntax) ||
                anchor.SpanStart <= call.SpanStart)
            {
                return null;
            }

            return (call, anchor);
        }

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(SyntaxNode Call, SyntaxNode Anchor)> targets, CancellationToken cancellationToken)
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
                tracked = tracked.InsertNodesAfter(anchor, new[] { FixSupport.StatementAfter(anchor, statement, tracked) });
            }

            return tracked;
        }
    }
}
