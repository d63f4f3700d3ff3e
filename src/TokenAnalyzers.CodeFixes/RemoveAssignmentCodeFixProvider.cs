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
    /// <summary>
    /// "Remove the assignment" for the rules whose secure value is the library default (TA101-TA107) or the
    /// built-in check an accept-all delegate replaced (TA201-TA206). One
    /// equivalence key per rule, so Fix All fixes every finding of that rule at once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAssignmentCodeFixProvider)), Shared]
    public sealed class RemoveAssignmentCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            RuleIds.IssuerValidationDisabled,
            RuleIds.AudienceValidationDisabled,
            RuleIds.LifetimeValidationDisabled,
            RuleIds.UnsignedTokensAccepted,
            RuleIds.TokensWithoutExpiryAccepted,
            RuleIds.ClockSkewTooLarge,
            RuleIds.MetadataOverHttp,
            RuleIds.SignatureValidationBypassed,
            RuleIds.IssuerValidatorAcceptsAll,
            RuleIds.AudienceValidatorAcceptsAll,
            RuleIds.LifetimeValidatorAcceptsAll,
            RuleIds.SigningKeyValidatorAcceptsAll,
            RuleIds.AlgorithmValidatorAcceptsAll);

        public static string EquivalenceKey(string id) => id + ".RemoveAssignment";

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || FindAssignment(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Remove the assignment (restore the secure default)",
                        cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                        EquivalenceKey(diagnostic.Id)),
                    diagnostic);
            }
        }

        /// <summary>
        /// Fix All receives the diagnostics of every id this provider fixes; only those of the chosen rule (its
        /// equivalence key) are fixed, so "Fix all TA101" does not also remove the TA102-TA206 assignments.
        /// </summary>
        private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var chosen = context.CodeActionEquivalenceKey is { } key
                ? diagnostics.Where(d => EquivalenceKey(d.Id) == key).ToImmutableArray()
                : diagnostics;
            return chosen.IsEmpty ? null : await FixAsync(document, chosen, context.CancellationToken).ConfigureAwait(false);
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var assignments = diagnostics.Select(d => FindAssignment(root, d)).OfType<ExpressionSyntax>().Distinct().ToList();
            var tracked = root.TrackNodes(assignments);
            foreach (var assignment in assignments)
            {
                // Fix All over thousands of findings in one document takes a while: let the IDE cancel it.
                cancellationToken.ThrowIfCancellationRequested();
                if (tracked.GetCurrentNode(assignment) is { } current)
                {
                    tracked = StatementRemoval.Remove(tracked, current);
                }
            }

            return document.WithSyntaxRoot(tracked);
        }

        /// <summary>The reported assignment: <c>p.X = v</c>, or the conditional access around <c>o?.X = v</c>.</summary>
        private static ExpressionSyntax? FindAssignment(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            var assignment = node.AncestorsAndSelf()
                .OfType<ExpressionSyntax>()
                .FirstOrDefault(e => e.Span == span && e is AssignmentExpressionSyntax or ConditionalAccessExpressionSyntax);
            return assignment is not null && StatementRemoval.CanRemove(assignment) ? assignment : null;
        }
    }
}
