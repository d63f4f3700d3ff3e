using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Roslyn;
using TokenAnalyzers.Rules;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA402: insert <c>if (!result.IsValid) throw result.Exception;</c> right after the statement that stores the
    /// validation result in a local. Offered only when the result has a local in a statement list.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CheckValidationResultCodeFixProvider))]
    public sealed class CheckValidationResultCodeFixProvider : SyntaxFixProvider<(SyntaxNode Statement, string Local, ExpressionSyntax? Discarded)>
    {
        public const string EquivalenceKey = RuleIds.ValidationResultNotChecked + ".CheckIsValid";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ValidationResultNotChecked);

        private protected override string Title(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(UncheckedValidationResultRule.ResultLocalProperty, out var local) && local is not null
                ? $"Throw when '{local}' is not valid"
                : "Store the validation result and throw when it is not valid";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        private protected override Optional<(SyntaxNode Statement, string Local, ExpressionSyntax? Discarded)> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model) =>
            Find(root, diagnostic, model) is { } target ? target : default(Optional<(SyntaxNode Statement, string Local, ExpressionSyntax? Discarded)>);

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(SyntaxNode Statement, string Local, ExpressionSyntax? Discarded)> targets, SemanticModel model, CancellationToken cancellationToken)
        {
            // Two validate calls may store into one local (`a ? await x : await y`): one check per statement.
            var checks = new Dictionary<SyntaxNode, (string Local, ExpressionSyntax? Discarded)>();
            foreach (var target in targets)
            {
                if (!checks.ContainsKey(target.Statement))
                {
                    checks.Add(target.Statement, (target.Local, target.Discarded));
                }
            }

            var tracked = root.TrackNodes(checks.Keys);
            foreach (var pair in checks)
            {
                if (tracked.GetCurrentNode(pair.Key) is not { } current)
                {
                    continue;
                }

                if (pair.Value.Discarded is { } value)
                {
                    // Named here, on the tree as the previous targets left it, so two results of one method differ.
                    var fresh = FreshName(current);
                    tracked = StoreAndCheck(tracked, current, value, fresh);
                    continue;
                }

                var statement = current as StatementSyntax ?? ((GlobalStatementSyntax)current).Statement;
                var local = AsWritten(statement, pair.Value.Local);

                var check = CreateCheck(statement, local);
                tracked = statement.Parent is GlobalStatementSyntax global
                    ? tracked.InsertNodesAfter(global, new[] { SyntaxFactory.GlobalStatement(check) })
                    : tracked.InsertNodesAfter(statement, new[] { check });
            }

            return tracked;
        }

        /// <summary>
        /// A discarded result (<c>await h.ValidateTokenAsync(t, p);</c>, <c>_ = ...</c>, or an expression body that only
        /// awaits it): <c>var result = ...;</c> and the check after it, turning an expression body into a block.
        /// </summary>
        private static SyntaxNode StoreAndCheck(SyntaxNode root, SyntaxNode holder, ExpressionSyntax discarded, string local)
        {
            var value = holder.DescendantNodesAndSelf().FirstOrDefault(n => n.IsEquivalentTo(discarded, topLevel: false) && n.Span.Length == discarded.Span.Length) as ExpressionSyntax ?? discarded;
            var declaration = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName("var"),
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.ParseToken(local))
                    .WithInitializer(SyntaxFactory.EqualsValueClause(value.WithoutTrivia())))))
                .NormalizeWhitespace();
            if (holder is ExpressionSyntax body)
            {
                var eol = FixSupport.EndOfLine(root);
                var owner = body.Parent!;
                var ownerStart = owner is ArrowExpressionClauseSyntax arrow ? arrow.Parent! : owner;
                var outer = FixSupport.LineIndentation(root, ownerStart.SpanStart);
                var inner = outer.Add(SyntaxFactory.Whitespace("    "));
                var check = SyntaxFactory.ParseStatement($"if (!{local}.IsValid) throw {local}.Exception;");
                StatementSyntax[] statements = { declaration, check };
                BlockSyntax Block(SyntaxTriviaList closeTrailing) => SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(eol),
                    SyntaxFactory.List(statements.Select(st => st.WithLeadingTrivia(inner).WithTrailingTrivia(eol))),
                    SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(closeTrailing));
                switch (ownerStart)
                {
                    case MethodDeclarationSyntax method:
                        return root.ReplaceNode(method, method.WithParameterList(method.ParameterList.WithTrailingTrivia(eol))
                            .WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(method.SemicolonToken.TrailingTrivia)));
                    case LocalFunctionStatementSyntax function:
                        return root.ReplaceNode(function, function.WithParameterList(function.ParameterList.WithTrailingTrivia(eol))
                            .WithExpressionBody(null).WithSemicolonToken(default).WithBody(Block(function.SemicolonToken.TrailingTrivia)));
                    case LambdaExpressionSyntax lambda:
                        var withBlock = lambda.WithExpressionBody(null).WithBlock(Block(body.GetTrailingTrivia()));
                        return root.ReplaceNode(lambda, withBlock.WithArrowToken(withBlock.ArrowToken.WithTrailingTrivia(eol)));
                    default:
                        return root;
                }
            }

            var statement = holder as StatementSyntax ?? ((GlobalStatementSyntax)holder).Statement;
            var stored = declaration.WithTriviaFrom(statement);
            var annotation = new SyntaxAnnotation();
            var replaced = root.ReplaceNode(statement, stored.WithAdditionalAnnotations(annotation));
            var inserted = (StatementSyntax)replaced.GetAnnotatedNodes(annotation).Single();
            var checkStatement = CreateCheck(inserted, local);
            return inserted.Parent is GlobalStatementSyntax global
                ? replaced.InsertNodesAfter(global, new[] { SyntaxFactory.GlobalStatement(checkStatement) })
                : replaced.InsertNodesAfter(inserted, new[] { checkStatement });
        }

        /// <summary>
        /// The local as the statement that stores it spells it (<c>@result</c> stays escaped, RULES.md "Code fixes must not
        /// break the code"); a keyword is escaped where the statement does not show it.
        /// </summary>
        private static string AsWritten(StatementSyntax statement, string name)
        {
            foreach (var token in statement.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                {
                    return token.Text;
                }
            }

            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
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

        private static (SyntaxNode Statement, string Local, ExpressionSyntax? Discarded)? Find(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!diagnostic.Properties.TryGetValue(UncheckedValidationResultRule.ResultLocalProperty, out var local) || local is null)
            {
                return Discarded(node, model);
            }

            // The statement holding the call, when it declares or assigns the local.
            var holder = node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault();
            if (holder is not null && Stores(holder, local) && IsInStatementList(holder))
            {
                return HandlesFailureItself(holder, local) ? null : (holder, local, null);
            }

            // Otherwise the call was stored in a task first: the later statement that declares the local.
            if (holder?.Parent is BlockSyntax block)
            {
                foreach (var statement in block.Statements.Skip(block.Statements.IndexOf(holder) + 1))
                {
                    if (Stores(statement, local))
                    {
                        return HandlesFailureItself(statement, local) ? null : (statement, local, null);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The member tests the result's <c>Exception</c> or stores another validation into the same local (a key
        /// refresh and retry, real code: Azure-Samples' manual JWT validation): the code decides itself what a failure
        /// does, and a check right after the first call would throw before the retry, refusing every legitimate token
        /// signed with a rotated key. By name within the member: a namesake elsewhere in it declines too, the safe side.
        /// </summary>
        private static bool HandlesFailureItself(StatementSyntax store, string local)
        {
            var member = store.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax or LocalFunctionStatementSyntax or CompilationUnitSyntax) ?? store;
            foreach (var part in member.DescendantNodes())
            {
                switch (part)
                {
                    case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: "Exception" } exception
                        when receiver.Identifier.ValueText == local && TestedValue.IsTested(exception):
                        return true;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } when target.Identifier.ValueText == local && !store.Span.Contains(part.Span):
                        return true;
                    case VariableDeclaratorSyntax { Initializer: not null } declarator when declarator.Identifier.ValueText == local && !store.Span.Contains(part.Span):
                        return true; // the retry's own store: the first call declared the local
                }
            }

            return false;
        }

        /// <summary>
        /// The validate call whose result is thrown away: <c>await call;</c>, <c>_ = await call;</c>, the sync
        /// <c>ValidateToken(...)</c> as a statement, or the expression body of a method or lambda returning nothing.
        /// The value must be the result itself (a discarded task cannot be checked without awaiting it).
        /// </summary>
        private static (SyntaxNode Statement, string Local, ExpressionSyntax? Discarded)? Discarded(SyntaxNode node, SemanticModel model)
        {
            if (node is not InvocationExpressionSyntax call)
            {
                return null;
            }

            ExpressionSyntax value = call;
            while (true)
            {
                if (value.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax)
                {
                    value = (ExpressionSyntax)value.Parent;
                }
                else if (value.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured })
                {
                    value = configured;
                }
                else
                {
                    break;
                }
            }

            if (model.GetTypeInfo(value).Type is not INamedTypeSymbol { Name: not ("Task" or "ValueTask" or "ConfiguredTaskAwaitable" or "ConfiguredValueTaskAwaitable") })
            {
                return null;
            }

            SyntaxNode holder;
            if (value.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } discard } assignment &&
                assignment.Right == value && model.GetSymbolInfo(discard).Symbol is null or IDiscardSymbol &&
                assignment.Parent is ExpressionStatementSyntax statement)
            {
                holder = statement;
            }
            else if (value.Parent is ExpressionStatementSyntax expressionStatement)
            {
                holder = expressionStatement;
            }
            else if (value.Parent is ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow &&
                     model.GetDeclaredSymbol(arrow.Parent!) is IMethodSymbol method && ReturnsNothing(method))
            {
                return (value, "", value);
            }
            else if (value.Parent is LambdaExpressionSyntax lambda && lambda.ExpressionBody == value && StatementRemoval.ResultIsUnused(lambda, model))
            {
                return (value, "", value);
            }
            else
            {
                return null;
            }

            if (!IsInStatementList((StatementSyntax)holder))
            {
                return null;
            }

            return (holder, "", value);
        }

        private static bool ReturnsNothing(IMethodSymbol method) =>
            method.ReturnsVoid || (method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });

        /// <summary><c>result</c>, or <c>result2</c>, ... : a name no identifier of the enclosing member uses.</summary>
        private static string FreshName(SyntaxNode node)
        {
            var scope = node.AncestorsAndSelf().LastOrDefault(n => n is MemberDeclarationSyntax and not (BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)) ?? node.SyntaxTree.GetRoot();
            var used = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText), System.StringComparer.Ordinal);
            var name = "result";
            for (var i = 2; used.Contains(name); i++)
            {
                name = "result" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }

        private static bool Stores(StatementSyntax statement, string local) => statement switch
        {
            LocalDeclarationStatementSyntax declaration => declaration.Declaration.Variables.Any(v => v.Identifier.ValueText == local),
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } } => name.Identifier.ValueText == local,
            _ => false,
        };

        private static bool IsInStatementList(SyntaxNode statement) =>
            statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;
    }
}
