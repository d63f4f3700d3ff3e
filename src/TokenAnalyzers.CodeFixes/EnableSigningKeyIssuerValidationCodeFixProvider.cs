using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA302: insert <c>options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();</c> after the last
    /// statement of the lambda or method that sets the parameters, and add <c>using Microsoft.IdentityModel.Validators;</c>.
    /// The analyzer leaves the fix properties out when the package is not referenced, so nothing is offered then.
    /// TA303 where Microsoft.Identity.Web made the call in its own callback: the same insertion, in the application's
    /// callback that undid it (the TA303 move fix has no call of the application's to move there).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnableSigningKeyIssuerValidationCodeFixProvider))]
    public sealed class EnableSigningKeyIssuerValidationCodeFixProvider : SyntaxFixProvider<(SyntaxNode Anchor, string Receiver, bool NewObject)>
    {
        public const string EquivalenceKey = RuleIds.SigningKeyNotBoundToIssuer + ".EnableAadSigningKeyIssuerValidation";

        /// <summary>The TA303 fix for a check that Microsoft.Identity.Web enabled.</summary>
        public const string AfterIdentityWebEquivalenceKey = RuleIds.SigningKeyIssuerValidationUndone + ".EnableAadSigningKeyIssuerValidation";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SigningKeyNotBoundToIssuer, RuleIds.SigningKeyIssuerValidationUndone);

        private protected override string Title(Diagnostic diagnostic) =>
            diagnostic.Id == RuleIds.SigningKeyIssuerValidationUndone ? "Call EnableAadSigningKeyIssuerValidation() after this assignment" : "Call EnableAadSigningKeyIssuerValidation()";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) =>
            diagnostic.Id == RuleIds.SigningKeyIssuerValidationUndone ? AfterIdentityWebEquivalenceKey : EquivalenceKey;

        /// <summary>
        /// The call goes into a file every target framework of the project compiles. Declined where another target lacks
        /// the method (the call would not compile there), or, for keys from JwtBearerOptions' Authority, references a
        /// JwtBearer before 8.0: the call checks nothing there and silences its finding, while the consumer-key forgery
        /// is still accepted (round W: net8.0 with JwtBearer 7.0.11 beside net10.0; JwtBearerVersionKeyIssuerTests).
        /// </summary>
        private protected override async Task<bool> RightForEveryTargetAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            foreach (var other in FixSupport.OtherTargets(document.Project))
            {
                var compilation = await other.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                if (compilation?.GetBestTypeByMetadataName(KnownTypeNames.AadTokenValidationParametersExtension) is null ||
                    (diagnostic.Properties.ContainsKey(FixProperties.ThroughJwtBearerAuthority) &&
                     compilation.GetBestTypeByMetadataName(KnownTypeNames.JwtBearerOptions) is { } options &&
                     options.ContainingAssembly.Identity.Version.Major < 8))
                {
                    return false;
                }
            }

            return true;
        }

        private protected override Optional<(SyntaxNode Anchor, string Receiver, bool NewObject)> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model) =>
            Find(root, diagnostic, model) is { } target ? target : default(Optional<(SyntaxNode Anchor, string Receiver, bool NewObject)>);

        private static (SyntaxNode Anchor, string Receiver, bool NewObject)? Find(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            if (diagnostic.Properties.TryGetValue(FixProperties.NewObjectPath, out var path) && path is not null)
            {
                return FixSupport.AdditionalNode(root, diagnostic, FixProperties.AnchorLocation) is BaseObjectCreationExpressionSyntax creation &&
                       NewObjectLocal.Holder(creation, model) is not null
                    ? (creation, path, true)
                    : null;
            }

            if (!diagnostic.Properties.TryGetValue(FixProperties.Receiver, out var receiver) || receiver is null ||
                FixSupport.AdditionalNode(root, diagnostic, FixProperties.AnchorLocation) is not { } anchor ||
                HasConditionalCode(anchor.Parent))
            {
                return null;
            }

            return anchor switch
            {
                StatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } or GlobalStatementSyntax => (anchor, receiver, false),
                // A block body replaces an expression body only where nobody uses the value (an Action, a void method).
                ExpressionSyntax { Parent: LambdaExpressionSyntax lambda } when lambda.ExpressionBody == anchor && StatementRemoval.ResultIsUnused(lambda, model) => (anchor, receiver, false),
                ExpressionSyntax { Parent: ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow }
                    when model.GetDeclaredSymbol(arrow.Parent!) is IMethodSymbol method &&
                         (method.ReturnsVoid || (method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" })) =>
                    (anchor, receiver, false),
                _ => null,
            };
        }

        /// <summary>
        /// <c>#if</c>/<c>#else</c> inside the block the call would go into: "after the last statement that sets the
        /// parameters" is then a different statement in each configuration (real-code shape: the parameters replaced
        /// under <c>#if DEBUG ... #else ... #endif</c>), and a call inserted in one branch leaves the other unprotected,
        /// so no fix is offered; the finding stays.
        /// </summary>
        private static bool HasConditionalCode(SyntaxNode? container)
        {
            if (container is null || !container.ContainsDirectives)
            {
                return false;
            }

            foreach (var trivia in container.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.IfDirectiveTrivia) || trivia.IsKind(SyntaxKind.ElifDirectiveTrivia) ||
                    trivia.IsKind(SyntaxKind.ElseDirectiveTrivia) || trivia.IsKind(SyntaxKind.EndIfDirectiveTrivia))
                {
                    return true;
                }
            }

            return false;
        }

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(SyntaxNode Anchor, string Receiver, bool NewObject)> targets, SemanticModel model, CancellationToken cancellationToken)
        {
            // The using goes in only where it makes no existing name ambiguous; otherwise the call is written in full.
            var import = FixSupport.CanImport(model, root, FixSupport.ValidatorsNamespace, cancellationToken);

            var created = targets.Where(t => t.NewObject).Select(t => ((ExpressionSyntax)t.Anchor, t.Receiver)).ToList();
            var byAnchor = new Dictionary<SyntaxNode, List<string>>();
            foreach (var fix in targets.Where(t => !t.NewObject))
            {
                if (!byAnchor.TryGetValue(fix.Anchor, out var receivers))
                {
                    byAnchor[fix.Anchor] = receivers = new List<string>();
                }

                if (!receivers.Contains(fix.Receiver))
                {
                    receivers.Add(fix.Receiver);
                }
            }

            var tracked = root.TrackNodes(byAnchor.Keys.Concat(created.Select(c => (SyntaxNode)c.Item1)));
            foreach (var pair in byAnchor)
            {
                if (tracked.GetCurrentNode(pair.Key) is not { } anchor)
                {
                    continue;
                }

                var calls = pair.Value.Select(r => Call(r, import)).ToList();
                if (anchor is ExpressionSyntax arrowBody && anchor.Parent is ArrowExpressionClauseSyntax { Parent: { } member })
                {
                    // void Configure(JwtBearerOptions o) => o.Authority = "...": a block body holding the assignment and the call.
                    var eol = FixSupport.EndOfLine(tracked);
                    var outer = FixSupport.LineIndentation(root, pair.Key.Parent!.Parent!.SpanStart);
                    var inner = outer.Add(SyntaxFactory.Whitespace("    "));
                    var semicolon = member is MethodDeclarationSyntax m ? m.SemicolonToken : ((LocalFunctionStatementSyntax)member).SemicolonToken;
                    var parameters = member is MethodDeclarationSyntax withParameters ? withParameters.ParameterList : ((LocalFunctionStatementSyntax)member).ParameterList;
                    var arrow = (ArrowExpressionClauseSyntax)anchor.Parent;

                    // Comments between the parameters and the body, and after it, stay: before and after the assignment.
                    var before = Comments(parameters.GetTrailingTrivia().Concat(arrow.ArrowToken.LeadingTrivia).Concat(arrow.ArrowToken.TrailingTrivia).Concat(arrowBody.GetLeadingTrivia()), inner, eol);
                    var after = Comments(arrowBody.GetTrailingTrivia().Concat(semicolon.LeadingTrivia), default, default);
                    var assignment = SyntaxFactory.ExpressionStatement(arrowBody.WithoutTrivia())
                        .WithLeadingTrivia(before.AddRange(inner))
                        .WithTrailingTrivia(after.Count == 0 ? SyntaxFactory.TriviaList(eol) : after.Insert(0, SyntaxFactory.Space).Add(eol));
                    var statements = new List<StatementSyntax> { assignment };
                    statements.AddRange(calls.Select(call => call.WithoutTrivia().WithLeadingTrivia(inner).WithTrailingTrivia(eol)));
                    var block = SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(eol),
                        SyntaxFactory.List(statements),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(semicolon.TrailingTrivia));
                    SyntaxNode withBlock = member switch
                    {
                        MethodDeclarationSyntax method => method.WithParameterList(method.ParameterList.WithTrailingTrivia(eol))
                            .WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
                        LocalFunctionStatementSyntax local => local.WithParameterList(local.ParameterList.WithTrailingTrivia(eol))
                            .WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
                        _ => member,
                    };
                    tracked = tracked.ReplaceNode(member, withBlock);
                }
                else if (anchor is ExpressionSyntax body && anchor.Parent is AnonymousFunctionExpressionSyntax lambda)
                {
                    // o => o.Authority = "...": give the lambda a block body holding the assignment and the call.
                    var eol = FixSupport.EndOfLine(tracked);
                    var outer = FixSupport.LineIndentation(root, pair.Key.SpanStart);
                    var inner = outer.Add(SyntaxFactory.Whitespace("    "));
                    var arrowToken = lambda is LambdaExpressionSyntax arrowLambda ? arrowLambda.ArrowToken.TrailingTrivia : default;
                    var before = Comments(arrowToken.Concat(body.GetLeadingTrivia()), inner, eol);
                    var statements = new List<StatementSyntax> { SyntaxFactory.ExpressionStatement(body.WithoutTrivia()).WithLeadingTrivia(before.AddRange(inner)).WithTrailingTrivia(eol) };
                    statements.AddRange(calls.Select(call => call.WithoutTrivia().WithLeadingTrivia(inner).WithTrailingTrivia(eol)));
                    var block = SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(eol),
                        SyntaxFactory.List(statements),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(body.GetTrailingTrivia()));
                    var withBlock = WithBlock(lambda, block);
                    if (withBlock is LambdaExpressionSyntax blockLambda)
                    {
                        withBlock = blockLambda.WithArrowToken(blockLambda.ArrowToken.WithTrailingTrivia(eol));
                    }

                    tracked = tracked.ReplaceNode(lambda, withBlock);
                }
                else
                {
                    tracked = tracked.InsertNodesAfter(anchor, calls.Select(c => FixSupport.StatementAfter(anchor, c, tracked)));
                }
            }

            // Objects no variable names: each is stored in a fresh local, which then receives the call.
            if (created.Count > 0)
            {
                tracked = NewObjectLocal.Rewrite(tracked, created, model, receiver => Call(receiver, import));
            }

            return import ? FixSupport.AddUsing(tracked, FixSupport.ValidatorsNamespace) : tracked;
        }

        /// <summary>
        /// <c>receiver.EnableAadSigningKeyIssuerValidation();</c>, or, where the using cannot be added, the static call
        /// through the fully qualified extension class (shortened by the simplifier where that stays unambiguous).
        /// </summary>
        private static StatementSyntax Call(string receiver, bool import) => import
            ? SyntaxFactory.ParseStatement(receiver + ".EnableAadSigningKeyIssuerValidation();")
            : SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, FixSupport.QualifiedType("AadTokenValidationParametersExtension"), SyntaxFactory.IdentifierName("EnableAadSigningKeyIssuerValidation")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(receiver))))));

        /// <summary>
        /// The comments among <paramref name="trivia"/>, each followed by <paramref name="eol"/> and <paramref name="indentation"/>
        /// (its own line) or, without an end of line, separated by a space (after a statement).
        /// </summary>
        private static SyntaxTriviaList Comments(IEnumerable<SyntaxTrivia> trivia, SyntaxTriviaList indentation, SyntaxTrivia eol)
        {
            var kept = new List<SyntaxTrivia>();
            foreach (var item in trivia.Where(StatementRemoval.IsComment))
            {
                if (eol.IsKind(SyntaxKind.None))
                {
                    if (kept.Count > 0)
                    {
                        kept.Add(SyntaxFactory.Space);
                    }

                    kept.Add(item);
                }
                else
                {
                    kept.AddRange(indentation);
                    kept.Add(item);
                    kept.Add(eol);
                }
            }

            return SyntaxFactory.TriviaList(kept);
        }

        private static SyntaxNode WithBlock(AnonymousFunctionExpressionSyntax lambda, BlockSyntax block) => lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.WithExpressionBody(null).WithBlock(block),
            ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithExpressionBody(null).WithBlock(block),
            _ => lambda,
        };
    }
}
