using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA404: remove the <c>context.Success()</c> call or the <c>context.Principal = ...</c> assignment, where the
    /// analyzer says the removal keeps legitimate callers working (<see cref="FixProperties.RemoveAssignment"/>; not in
    /// an <c>OnMessageReceived</c> handler where a check of its own decides who is authenticated).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveSuccessCodeFixProvider))]
    public sealed class RemoveSuccessCodeFixProvider : SyntaxFixProvider<ExpressionSyntax>
    {
        public const string EquivalenceKey = RuleIds.AuthenticationFailureTurnedIntoSuccess + ".RemoveStatement";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AuthenticationFailureTurnedIntoSuccess);

        private protected override string Title(Diagnostic diagnostic) => "Remove the statement (keep the authentication failure)";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<ExpressionSyntax> expressions, SemanticModel model, CancellationToken cancellationToken) =>
            StatementRemoval.RemoveAll(root, expressions, cancellationToken);

        private protected override Optional<ExpressionSyntax> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            if (!(diagnostic.Properties.TryGetValue(FixProperties.RemoveAssignment, out var offered) && offered == FixProperties.Offered))
            {
                return default;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var expression = node.AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == diagnostic.Location.SourceSpan && e is InvocationExpressionSyntax or AssignmentExpressionSyntax or ConditionalAccessExpressionSyntax);
            return expression is not null && StatementRemoval.CanRemove(expression, model) ? expression : default(Optional<ExpressionSyntax>);
        }
    }
}
