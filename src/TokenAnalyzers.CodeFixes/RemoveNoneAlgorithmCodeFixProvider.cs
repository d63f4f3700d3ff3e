using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>TA306: remove "none" from ValidAlgorithms (the whole assignment when "none" is all it lists).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveNoneAlgorithmCodeFixProvider))]
    public sealed class RemoveNoneAlgorithmCodeFixProvider : SyntaxFixProvider<(AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)>
    {
        public const string EquivalenceKey = RuleIds.NoneAlgorithmAllowed + ".RemoveNone";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NoneAlgorithmAllowed);

        private protected override string Title(Diagnostic diagnostic) => "Remove \"none\" from ValidAlgorithms";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        private protected override Optional<(AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)> FindTarget(SyntaxNode root, Diagnostic diagnostic) =>
            Find(root, diagnostic) is { } target ? target : default(Optional<(AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)>);

        /// <summary>The assignment to remove whole, or the elements to remove from it.</summary>
        private static (AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (FixSupport.NodeAt(root, diagnostic.Location.SourceSpan) is not AssignmentExpressionSyntax assignment ||
                FixSupport.AdditionalNodes(root, diagnostic) is not { Count: > 0 } elements ||
                elements.Any(element => !assignment.Right.Span.Contains(element.Span)))
            {
                return null;
            }

            var removeAll = diagnostic.Properties.TryGetValue(FixProperties.RemovesAll, out var all) && all == "True";
            if (removeAll)
            {
                return StatementRemoval.CanRemove(assignment) ? (assignment, true, new List<SyntaxNode>()) : null;
            }

            return (assignment, false, elements);
        }

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)> targets, CancellationToken cancellationToken)
        {
            var fixes = targets;

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

            return tracked;
        }
    }
}
