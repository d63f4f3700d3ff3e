using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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

        private protected override Optional<(AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model) =>
            Find(root, diagnostic, model) is { } target ? target : default(Optional<(AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)>);

        /// <summary>The assignment to remove whole, or the elements to remove from it.</summary>
        private static (AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)? Find(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
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
                return StatementRemoval.CanRemove(assignment, model) ? (assignment, true, new List<SyntaxNode>()) : null;
            }

            // An element carrying a comment or a directive (`"none", // legacy clients`, an `#if` around it): removing it
            // alone would drop them, so the fix declines (RULES.md "Code fixes must not break the code").
            return elements.Any(CarriesTrivia) ? null : (assignment, false, elements);
        }

        private static bool IsLast(SyntaxNode element) =>
            element.GetLastToken().GetNextToken().Kind() is Microsoft.CodeAnalysis.CSharp.SyntaxKind.CloseBraceToken or Microsoft.CodeAnalysis.CSharp.SyntaxKind.CloseBracketToken;

        private static bool CarriesTrivia(SyntaxNode element)
        {
            var comma = element.GetLastToken().GetNextToken();
            return element.DescendantTrivia().Concat(comma.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CommaToken) ? comma.LeadingTrivia.Concat(comma.TrailingTrivia) : Enumerable.Empty<SyntaxTrivia>())
                .Any(t => StatementRemoval.IsComment(t) || t.IsDirective || t.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.DisabledTextTrivia));
        }

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(AssignmentExpressionSyntax Assignment, bool RemoveAll, List<SyntaxNode> Elements)> targets, SemanticModel model, CancellationToken cancellationToken)
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

                // The last element keeps its trailing trivia, the space before `}` in `{ "RS256", "none" }`; removing it
                // takes the comma before it, so nothing doubles.
                foreach (var last in new[] { false, true })
                {
                    var current = fix.Elements.Select(e => tracked.GetCurrentNode(e)).OfType<SyntaxNode>().Where(e => IsLast(e) == last).ToList();
                    if (current.Count > 0)
                    {
                        var keep = last ? SyntaxRemoveOptions.KeepTrailingTrivia : SyntaxRemoveOptions.KeepNoTrivia;
                        tracked = tracked.RemoveNodes(current, keep | SyntaxRemoveOptions.KeepDirectives)!;
                    }
                }
            }

            return tracked;
        }
    }
}
