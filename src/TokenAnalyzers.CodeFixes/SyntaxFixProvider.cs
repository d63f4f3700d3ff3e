using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// The shape every fixer of the package shares: each diagnostic names a target in the syntax tree, and one
    /// rewrite of the document applies the targets of all its diagnostics. A single fix and Fix All run the same
    /// code, so they cannot drift apart; Fix All fixes the diagnostics of the ids it is asked about
    /// (<see cref="FixAllContext.DiagnosticIds"/>), whatever action it was started from, and an action is registered
    /// only when a target exists, so no action leaves the document unchanged.
    /// </summary>
    /// <typeparam name="TTarget">What one diagnostic asks to change (a node, or a tuple of what the rewrite needs).</typeparam>
    public abstract class SyntaxFixProvider<TTarget> : CodeFixProvider
    {
        /// <summary>The title of the code action for <paramref name="diagnostic"/>.</summary>
        private protected abstract string Title(Diagnostic diagnostic);

        /// <summary>Constant per kind of fix (never per diagnostic), or Fix All silently skips fixes.</summary>
        private protected abstract string EquivalenceKeyOf(Diagnostic diagnostic);

        /// <summary>
        /// The target of one diagnostic, or no value when the fix cannot be applied there (RULES.md "Code fixes must not
        /// break the code": a shape the fix cannot handle is declined here, so no action is offered and the finding stays).
        /// </summary>
        private protected abstract Optional<TTarget> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model);

        /// <summary>
        /// Whether the fix is right in every compilation of the document: a multi-targeted project compiles the one
        /// file once per target framework, each with its own references, and the fix edits it for all of them. True
        /// unless a fixer knows a reason.
        /// </summary>
        private protected virtual Task<bool> RightForEveryTargetAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        /// <summary>Applies every target (distinct, in diagnostic order) to the root of one document.</summary>
        private protected abstract SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<TTarget> targets, SemanticModel model, CancellationToken cancellationToken);

        public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!FindTarget(root, diagnostic, model).HasValue ||
                    !await RightForEveryTargetAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        Title(diagnostic),
                        cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                        EquivalenceKeyOf(diagnostic)),
                    diagnostic);
            }
        }

        private async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            // The ids, not the action's equivalence key: `dotnet format analyzers --diagnostics TA101 TA102` starts Fix
            // All for TA102 with the key of whatever action the first diagnostic of the document offered (TA101's),
            // and filtering by key then fixed nothing for TA102. The IDE asks for the id of the chosen action, so a
            // fixer serving several rules still fixes only that rule's findings there.
            var chosen = diagnostics.Where(d => context.DiagnosticIds.Contains(d.Id)).ToImmutableArray();
            return chosen.IsEmpty ? null : await FixAsync(document, chosen, context.CancellationToken).ConfigureAwait(false);
        }

        private async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var targets = new List<TTarget>();
            foreach (var diagnostic in diagnostics)
            {
                var target = FindTarget(root, diagnostic, model);
                if (target.HasValue && !targets.Contains(target.Value) &&
                    await RightForEveryTargetAsync(document, diagnostic, cancellationToken).ConfigureAwait(false))
                {
                    targets.Add(target.Value);
                }
            }

            return targets.Count == 0 ? document : document.WithSyntaxRoot(Rewrite(root, targets, model, cancellationToken));
        }
    }
}
