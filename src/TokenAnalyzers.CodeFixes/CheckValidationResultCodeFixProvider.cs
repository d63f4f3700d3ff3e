using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
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
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckValidationResultCodeFixProvider))]
    public sealed class CheckValidationResultCodeFixProvider : SyntaxFixProvider<(StatementSyntax Statement, string Local)>
    {
        public const string EquivalenceKey = RuleIds.ValidationResultNotChecked + ".CheckIsValid";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ValidationResultNotChecked);

        private protected override string Title(Diagnostic diagnostic) => $"Throw when '{diagnostic.Properties[UncheckedValidationResultRule.ResultLocalProperty]}' is not valid";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        private protected override Optional<(StatementSyntax Statement, string Local)> FindTarget(SyntaxNode root, Diagnostic diagnostic) =>
            Find(root, diagnostic) is { } target ? target : default(Optional<(StatementSyntax Statement, string Local)>);

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(StatementSyntax Statement, string Local)> targets, CancellationToken cancellationToken)
        {
            // Two validate calls may store into one local (`a ? await x : await y`): one check per statement.
            var checks = new Dictionary<StatementSyntax, string>();
            foreach (var target in targets)
            {
                if (!checks.ContainsKey(target.Statement))
                {
                    checks.Add(target.Statement, target.Local);
                }
            }

            var tracked = root.TrackNodes(checks.Keys);
            foreach (var pair in checks)
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

            return tracked;
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

        private static (StatementSyntax Statement, string Local)? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(UncheckedValidationResultRule.ResultLocalProperty, out var local) || local is null)
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
