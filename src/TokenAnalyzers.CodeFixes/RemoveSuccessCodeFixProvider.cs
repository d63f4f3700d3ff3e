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
    /// <summary>TA404: remove the <c>context.Success()</c> call or the <c>context.Principal = ...</c> assignment.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveSuccessCodeFixProvider)), Shared]
    public sealed class RemoveSuccessCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AuthenticationFailureTurnedIntoSuccess + ".RemoveStatement";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AuthenticationFailureTurnedIntoSuccess);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || FindExpression(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Remove the statement (keep the authentication failure)",
                        cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var expressions = diagnostics.Select(d => FindExpression(root, d)).OfType<ExpressionSyntax>().Distinct().ToList();
            var tracked = root.TrackNodes(expressions);
            foreach (var expression in expressions)
            {
                if (tracked.GetCurrentNode(expression) is { } current)
                {
                    tracked = StatementRemoval.Remove(tracked, current);
                }
            }

            return document.WithSyntaxRoot(tracked);
        }

        private static ExpressionSyntax? FindExpression(SyntaxNode root, Diagnostic diagnostic)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var expression = node.AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == diagnostic.Location.SourceSpan && e is InvocationExpressionSyntax or AssignmentExpressionSyntax or ConditionalAccessExpressionSyntax);
            return expression is not null && StatementRemoval.CanRemove(expression) ? expression : null;
        }
    }
}
