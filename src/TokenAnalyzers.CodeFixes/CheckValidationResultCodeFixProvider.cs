using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Rules;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA402: insert <c>if (!result.IsValid) throw result.Exception;</c> right after the statement that stores the
    /// validation result in a local. Offered only when the result has a local in a statement list.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckValidationResultCodeFixProvider)), Shared]
    public sealed class CheckValidationResultCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.ValidationResultNotChecked + ".CheckIsValid";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ValidationResultNotChecked);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || FindTarget(root, diagnostic) is not { } target)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Throw when '{target.Local}' is not valid",
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

            // Two validate calls may store into one local (`a ? await x : await y`): one check per statement.
            var targets = new Dictionary<StatementSyntax, string>();
            foreach (var diagnostic in diagnostics)
            {
                if (FindTarget(root, diagnostic) is { } target && !targets.ContainsKey(target.Statement))
                {
                    targets.Add(target.Statement, target.Local);
                }
            }

            var tracked = root.TrackNodes(targets.Keys);
            foreach (var pair in targets)
            {
                if (tracked.GetCurrentNode(pair.Key) is not { } statement)
                {
                    continue;
                }

                var check = CreateCheck(statement, pair.Value);
                tracked = statement.Parent is GlobalStatementSyntax global
                    ? tracked.InsertNodesAfter(global, new[] { SyntaxFactory.GlobalStatement(check) })
                    : tracked.InsertNodesAfter(statement, new[] { check });
            }

            return document.WithSyntaxRoot(tracked);
        }

        /// <summary><c>if (!local.IsValid) throw local.Exception;</c> on its own line, indented like <paramref name="after"/>.</summary>
        private static StatementSyntax CreateCheck(StatementSyntax after, string local)
        {
            var indentation = after.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var endOfLine = after.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (endOfLine == default)
            {
                endOfLine = SyntaxFactory.CarriageReturnLineFeed;
            }

            var statement = SyntaxFactory.ParseStatement($"if (!{local}.IsValid) throw {local}.Exception;");
            var leading = indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation);
            return statement.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
        }

        private static (StatementSyntax Statement, string Local)? FindTarget(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(UncheckedValidationResultAnalyzer.ResultLocalProperty, out var local) || local is null)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

            // The statement holding the call, when it declares or assigns the local.
            var holder = node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault();
            if (holder is not null && Stores(holder, local) && IsInStatementList(holder))
            {
                return (holder, local);
            }

            // Otherwise the call was stored in a task first: the later statement that declares the local.
            if (holder?.Parent is BlockSyntax block)
            {
                foreach (var statement in block.Statements.Skip(block.Statements.IndexOf(holder) + 1))
                {
                    if (Stores(statement, local))
                    {
                        return (statement, local);
                    }
                }
            }

            return null;
        }

        private static bool Stores(StatementSyntax statement, string local) => statement switch
        {
            LocalDeclarationStatementSyntax declaration => declaration.Declaration.Variables.Any(v => v.Identifier.ValueText == local),
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } } => name.Identifier.ValueText == local,
            _ => false,
        };

        private static bool IsInStatementList(StatementSyntax statement) =>
            statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;
    }
}
