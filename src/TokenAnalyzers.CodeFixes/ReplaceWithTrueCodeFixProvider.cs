using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA109: replaces a presence test assigned to a validation flag with <c>true</c>. With the value configured
    /// nothing changes; without it every token is rejected instead of accepted. Offered only where the analyzer saw
    /// something for the check to compare against (<see cref="FixProperties.ReplaceWithTrue"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceWithTrueCodeFixProvider))]
    public sealed class ReplaceWithTrueCodeFixProvider : SyntaxFixProvider<ExpressionSyntax>
    {
        public const string EquivalenceKey = RuleIds.ValidationOnlyWhenConfigured + ".ReplaceWithTrue";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ValidationOnlyWhenConfigured);

        private protected override string Title(Diagnostic diagnostic) => "Set the flag to true (fail closed when the value is missing)";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        /// <summary>The assigned value of the reported assignment (<c>p.X = v</c> or <c>o?.X = v</c>).</summary>
        private protected override Optional<ExpressionSyntax> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            if (!diagnostic.Properties.ContainsKey(FixProperties.ReplaceWithTrue))
            {
                return default;
            }

            var span = diagnostic.Location.SourceSpan;
            var extent = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf()
                .OfType<ExpressionSyntax>()
                .FirstOrDefault(e => e.Span == span && e is AssignmentExpressionSyntax or ConditionalAccessExpressionSyntax);
            var assignment = extent as AssignmentExpressionSyntax ?? extent?.DescendantNodes().OfType<AssignmentExpressionSyntax>().FirstOrDefault();
            return assignment is null || assignment.Right.IsKind(SyntaxKind.TrueLiteralExpression)
                ? default(Optional<ExpressionSyntax>)
                : assignment.Right;
        }

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<ExpressionSyntax> values, SemanticModel model, CancellationToken cancellationToken) =>
            root.ReplaceNodes(values, (original, _) => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(original));
    }
}
