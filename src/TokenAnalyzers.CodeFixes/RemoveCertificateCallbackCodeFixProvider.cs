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
    /// TA108: removes the accept-all certificate callback, so the handler validates the identity provider's
    /// certificate again. Not offered in development-only code (reported only on request) nor where the assignment
    /// is a value (a lambda's expression body, a chained assignment, an argument).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveCertificateCallbackCodeFixProvider))]
    public sealed class RemoveCertificateCallbackCodeFixProvider : SyntaxFixProvider<ExpressionSyntax>
    {
        public const string EquivalenceKey = RuleIds.MetadataWithoutCertificateValidation + ".RemoveAssignment";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MetadataWithoutCertificateValidation);

        private protected override string Title(Diagnostic diagnostic) => "Remove the certificate callback (validate the TLS certificate)";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<ExpressionSyntax> assignments, SemanticModel model, CancellationToken cancellationToken) =>
            StatementRemoval.RemoveAll(root, assignments, cancellationToken);

        private protected override Optional<ExpressionSyntax> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            if (!diagnostic.Properties.ContainsKey(FixProperties.RemoveCertificateCallback))
            {
                return default;
            }

            var span = diagnostic.Location.SourceSpan;
            var assignment = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf()
                .OfType<ExpressionSyntax>()
                .FirstOrDefault(e => e.Span == span && e is AssignmentExpressionSyntax or ConditionalAccessExpressionSyntax);
            return assignment is not null && assignment.Parent is not LambdaExpressionSyntax && StatementRemoval.CanRemove(assignment, model)
                ? assignment
                : default(Optional<ExpressionSyntax>);
        }
    }
}
