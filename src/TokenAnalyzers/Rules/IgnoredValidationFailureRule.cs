using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA403: a catch of <c>SecurityTokenException</c> (or a subclass, <c>Exception</c>, or a bare catch) around a
    /// throwing <c>ValidateToken</c> call that carries on as if the token were valid: an empty block that falls
    /// through to the success path, a <c>return true</c>, or a block that logs and continues. Catch blocks that
    /// throw, return a failure, record the failure (<c>valid = false</c>), or fall through to code that checks the
    /// validation's outcome or returns a failure stay silent.
    /// </summary>
    internal sealed class IgnoredValidationFailureRule : TokenRule
    {
        private static readonly string[] FailureCallNames =
        {
            "Unauthorized", "Forbid", "Challenge", "BadRequest", "NotFound", "Problem", "ValidationProblem", "StatusCode", "Fail", "NoResult", "Failure", "Failed", "Invalid", "Deny", "Reject",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(ValidationFailureIgnored);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.Invocation, new[] { "ValidateToken" }, nodeContext =>
            {
                var call = (InvocationExpressionSyntax)nodeContext.Node;
                // Once per try statement, from the first call its catch clauses see (not one in a catch or finally block).
                if (TryStatementAround(call) is { } tryStatement && CandidateCalls(tryStatement, firstOnly: true) is { Count: > 0 } first && first[0] == call)
                {
                    Analyze(nodeContext, tryStatement, symbols);
                }
            });
        }

        /// <summary>The nearest try statement with catch clauses around <paramref name="call"/>, in the same function.</summary>
        private static TryStatementSyntax? TryStatementAround(InvocationExpressionSyntax call)
        {
            for (var node = call.Parent; node is not null && !SyntaxKinds.IsFunction(node); node = node.Parent)
            {
                if (node is TryStatementSyntax { Catches.Count: > 0 } tryStatement)
                {
                    return tryStatement;
                }
            }

            return null;
        }

        private static void Analyze(NodeContext context, TryStatementSyntax tryStatement, TokenSymbols symbols)
        {
            if (tryStatement.Catches.Count == 0 || symbols.SecurityTokenException is null)
            {
                return;
            }

            var candidates = CandidateCalls(tryStatement, firstOnly: false);
            if (candidates.Count == 0)
            {
                return;
            }

            var model = context.SemanticModel;
            var cancellationToken = context.CancellationToken;
            var validations = new List<IInvocationOperation>();
            foreach (var candidate in candidates)
            {
                if (OperationTrees.Get(model, candidate, cancellationToken) is IInvocationOperation invocation && IsThrowingValidation(invocation.TargetMethod, symbols))
                {
                    validations.Add(invocation);
                }
            }

            if (validations.Count == 0)
            {
                return;
            }

            foreach (var catchClause in tryStatement.Catches)
            {
                if (CatchesValidationFailure(catchClause, model, symbols, cancellationToken) &&
                    CarriesOn(catchClause, tryStatement, validations, model, symbols, cancellationToken))
                {
                    context.ReportDiagnostic(Diagnostic.Create(ValidationFailureIgnored, catchClause.CatchKeyword.GetLocation(), validations[0].TargetMethod.ContainingType.Name + "." + validations[0].TargetMethod.Name));
                }
            }
        }

        /// <summary>
        /// ValidateToken calls run by the try block itself: not in a lambda or local function (run later), and not
        /// inside a nested try whose own catch clauses see the exception first.
        /// </summary>
        private static List<InvocationExpressionSyntax> CandidateCalls(TryStatementSyntax tryStatement, bool firstOnly)
        {
            // A list, not an iterator: an iterator is a class of five methods to JIT on first use (issue 22).
            var calls = new List<InvocationExpressionSyntax>();
            foreach (var node in tryStatement.Block.DescendantNodes(DescendIntoCandidates))
            {
                if (node is InvocationExpressionSyntax invocation && SyntaxNames.InvokedName(invocation) == "ValidateToken")
                {
                    calls.Add(invocation);
                    if (firstOnly)
                    {
                        break;
                    }
                }
            }

            return calls;
        }

        private static bool DescendIntoCandidates(SyntaxNode child) => !SyntaxKinds.IsFunction(child) && child is not TryStatementSyntax { Catches.Count: > 0 };

        /// <summary>A ValidateToken that throws on failure: any handler's or ISecurityTokenValidator's, except those returning a TokenValidationResult.</summary>
        private static bool IsThrowingValidation(IMethodSymbol method, TokenSymbols symbols) =>
            method.Name == "ValidateToken" &&
            !method.ReturnType.InheritsFromOrEquals(symbols.TokenValidationResult) &&
            symbols.IsTokenValidatorType(method.ContainingType);

        private static bool CatchesValidationFailure(CatchClauseSyntax catchClause, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (catchClause.Declaration is { } declaration)
            {
                var type = model.GetTypeInfo(declaration.Type, cancellationToken).Type;
                var caught = type is { SpecialType: SpecialType.System_Object } ||
                             type?.ToDisplayString() == "System.Exception" ||
                             type.InheritsFromOrEquals(symbols.SecurityTokenException);
                if (!caught)
                {
                    return false;
                }
            }

            return catchClause.Filter is not { } filter || !FilterMayLetThrough(filter, model, cancellationToken);
        }

        /// <summary>
        /// A filter that calls something (log-and-return-false), is constant false, or excludes exceptions by a
        /// negated test (<c>ex is not SecurityTokenException</c>) may let the validation failure propagate.
        /// </summary>
        private static bool FilterMayLetThrough(CatchFilterClauseSyntax filter, SemanticModel model, CancellationToken cancellationToken)
        {
            var condition = filter.FilterExpression;
            if (model.GetConstantValue(condition, cancellationToken) is { HasValue: true, Value: false })
            {
                return true;
            }

            return condition.DescendantNodesAndSelf().Any(node =>
                node is InvocationExpressionSyntax ||
                node.IsKind(SyntaxKind.NotPattern) ||
                node.IsKind(SyntaxKind.LogicalNotExpression) ||
                node.IsKind(SyntaxKind.NotEqualsExpression));
        }

        /// <summary>
        /// Whether control can run off the end of the catch block. By C#'s reachability rules an empty block can and a
        /// block whose last statement is a jump (return, throw, break, continue, goto) cannot; the compiler's
        /// control-flow analysis is asked only for the other shapes (it was a sixteenth of the analyzer's steady-state
        /// time on token code, issue 22).
        /// </summary>
        private static bool EndPointIsReachable(BlockSyntax block, SemanticModel model)
        {
            var statements = block.Statements;
            if (statements.Count == 0)
            {
                return true;
            }

            if (statements[statements.Count - 1] is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax)
            {
                return false;
            }

            var flow = model.AnalyzeControlFlow(block);
            return flow is not null && flow.Succeeded && flow.EndPointIsReachable;
        }

        private static bool CarriesOn(CatchClauseSyntax catchClause, TryStatementSyntax tryStatement, List<IInvocationOperation> validations, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            // Loops, not LINQ: each lambda is one more method to JIT the first time a build meets such a catch (issue 22).
            var block = catchClause.Block;
            var returns = new List<ReturnStatementSyntax>();
            var assignments = new List<AssignmentExpressionSyntax>();
            foreach (var node in SyntaxKinds.DescendantsOutsideFunctions(block))
            {
                switch (node)
                {
                    case ThrowStatementSyntax or ThrowExpressionSyntax:
                        return false;
                    case ReturnStatementSyntax returned:
                        returns.Add(returned);
                        break;
                    case AssignmentExpressionSyntax assignment when !BuildsObjectOfTheBlock(assignment, block, model, cancellationToken):
                        assignments.Add(assignment);
                        break;
                }
            }

            foreach (var returned in returns)
            {
                if (IsSuccessValue(returned.Expression, model, cancellationToken) || IsMadeUpPrincipal(returned.Expression, block, model, cancellationToken))
                {
                    return true;
                }
            }

            if (!EndPointIsReachable(block, model))
            {
                return false; // every path returns a non-success value, continues a loop, or breaks out
            }

            var outcome = OutcomeSymbols(tryStatement, validations, model, cancellationToken);
            foreach (var assignment in assignments)
            {
                if (IsSuccessValue(assignment.Right, model, cancellationToken) ||
                    (SyntaxNames.AssignedName(assignment) is { } name && outcome.Contains(name) && !IsFailureValue(assignment.Right, model, cancellationToken)))
                {
                    return true; // `valid = true;`, `principal = new ClaimsPrincipal(...)`: a made-up success
                }
            }

            foreach (var assignment in assignments)
            {
                if (IsFailureValue(assignment.Right, model, cancellationToken))
                {
                    return false; // `valid = false;`, `principal = null;`: the failure is recorded
                }
            }

            if (outcome.Count == 0 && ResultUsedInTry(tryStatement, validations, model, cancellationToken))
            {
                // RULES.md: a try that holds every use of the validated result (`context.User = principal;` inside
                // it): nothing after the catch reads the result, so the request simply carries no user.
                return false;
            }

            return FallsThroughToSuccess(tryStatement, outcome, model, symbols, cancellationToken);
        }

        /// <summary>
        /// An assignment that fills an object the catch block makes: a member of an object initializer
        /// (<c>new RefreshRequest { UseCookie = true }</c>) or of a local the block declares (<c>request.UseCookie = true</c>).
        /// It neither makes up a success nor records the failure (real code: a cookie handler that builds a refresh
        /// request in its catch). A made-up principal is judged by <see cref="IsMadeUpPrincipal"/>.
        /// </summary>
        private static bool BuildsObjectOfTheBlock(AssignmentExpressionSyntax assignment, BlockSyntax block, SemanticModel model, CancellationToken cancellationToken) =>
            assignment.Parent is InitializerExpressionSyntax ||
            (assignment.Left is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } &&
             model.GetSymbolInfo(receiver, cancellationToken).Symbol is ILocalSymbol local &&
             DeclaredIn(local, block));

        /// <summary>
        /// Is a validation's result consumed inside the try block: its return value used (assigned, passed, returned)
        /// rather than discarded, or an <c>out var</c> token it sets read later in the block? A discarded result makes the
        /// call a gate, and falling through a gate carries on as if the token were valid.
        /// </summary>
        private static bool ResultUsedInTry(TryStatementSyntax tryStatement, List<IInvocationOperation> validations, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var validation in validations)
            {
                var current = validation.Parent;
                while (current is IConversionOperation or IParenthesizedOperation)
                {
                    current = current.Parent;
                }

                if (current is not IExpressionStatementOperation)
                {
                    return true;
                }

                foreach (var argument in validation.Arguments)
                {
                    var target = argument.Value is IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } ? declared.Local : ValueFlow.NamedSymbol(argument.Value);
                    if (argument.Parameter?.RefKind == RefKind.Out && target is ILocalSymbol local &&
                        DeclaredIn(local, tryStatement.Block) &&
                        SyntaxKinds.DescendantsOutsideFunctions(tryStatement.Block).OfType<IdentifierNameSyntax>().Any(name =>
                            name.Identifier.ValueText == local.Name && !argument.Syntax.Span.Contains(name.Span) &&
                            SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>After the catch falls through: does the code that follows the try statement behave as if the token were valid?</summary>
        private static bool FallsThroughToSuccess(TryStatementSyntax tryStatement, HashSet<string> outcome, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var tryReturns = SyntaxKinds.DescendantsOutsideFunctions(tryStatement.Block).OfType<ReturnStatementSyntax>().Any();

            foreach (var statement in FollowingStatements(tryStatement))
            {
                if (outcome.Count > 0 && statement.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().FirstOrDefault(
                        name => outcome.Contains(name.Identifier.ValueText) && model.GetSymbolInfo(name, cancellationToken).Symbol is { } symbol && outcome.Contains(symbol.Name)) is { } read)
                {
                    // The validation's result or out token is read after the try: on failure it holds what it held
                    // before, null as a rule. Tested there, or replaced, that is the failure handled; used as it is,
                    // a value made from the parsed token itself is the attacker's.
                    return !IsAssignedOrTested(read) &&
                           HeldTheParsedTokenBefore(model.GetSymbolInfo(read, cancellationToken).Symbol!, tryStatement, model, symbols, cancellationToken);
                }

                switch (statement)
                {
                    case ThrowStatementSyntax:
                        return false;
                    case ReturnStatementSyntax returnStatement:
                        if (IsSuccessValue(returnStatement.Expression, model, cancellationToken))
                        {
                            return true;
                        }

                        if (IsFailureValue(returnStatement.Expression, model, cancellationToken))
                        {
                            return false;
                        }

                        return !tryReturns; // the try returns the success itself: what follows is the failure path
                }
            }

            return !tryReturns;
        }

        /// <summary>
        /// The first read of the outcome after the try replaces it (<c>principal = handler.ValidateToken(...)</c> again) or
        /// tests it (<c>if (principal is null)</c>, <c>principal.Identity?.IsAuthenticated != true</c>, a pattern, a
        /// comparison): the code decides on the failure itself.
        /// </summary>
        private static bool IsAssignedOrTested(IdentifierNameSyntax read) =>
            read.Parent is AssignmentExpressionSyntax assignment && assignment.Left == read || TestedValue.IsTested(read);

        /// <summary>
        /// The outcome held, when the validation threw, a value read from an unvalidated token: the last value it was
        /// given before the validation (its initializer, an assignment before the try, or one in the try before the
        /// call), such as <c>new ClaimsPrincipal(new ClaimsIdentity(handler.ReadJwtToken(token).Claims))</c> or
        /// <c>SecurityToken validated = handler.ReadJwtToken(token)</c>, also through a local holding the parsed token.
        /// </summary>
        private static bool HeldTheParsedTokenBefore(ISymbol outcome, TryStatementSyntax tryStatement, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            SyntaxNode? last = null;
            foreach (var reference in outcome.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == model.SyntaxTree && reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
                {
                    last = initializer;
                }
            }

            var validation = CandidateCalls(tryStatement, firstOnly: true) is { Count: > 0 } calls ? calls[0].SpanStart : tryStatement.Block.Span.End;
            var scope = tryStatement.Parent is BlockSyntax block ? block : tryStatement.Parent;
            foreach (var assignment in scope?.DescendantNodes().OfType<AssignmentExpressionSyntax>() ?? Enumerable.Empty<AssignmentExpressionSyntax>())
            {
                if (assignment.Span.End < validation && assignment.Parent is ExpressionStatementSyntax &&
                    assignment.Left is IdentifierNameSyntax target && target.Identifier.ValueText == outcome.Name &&
                    (assignment.SpanStart < tryStatement.SpanStart || tryStatement.Block.Span.Contains(assignment.Span)))
                {
                    last = assignment.Right; // in source order: the last one before the call wins
                }
            }

            return last is not null && OperationTrees.Get(model, last, cancellationToken) is { } value && ReadsParsedToken(value, model.Compilation, symbols, cancellationToken, depth: 0);
        }

        private static bool ReadsParsedToken(IOperation value, Compilation compilation, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            foreach (var part in value.DescendantsAndSelf())
            {
                if (UnvalidatedToken.IsRead(part, symbols, out _, out _) ||
                    (depth < 2 && part is ILocalReferenceOperation local &&
                     SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken) is { } written &&
                     ReadsParsedToken(written, compilation, symbols, cancellationToken, depth + 1)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Names of the variables, declared outside the try block, that receive the principal or the validated token.</summary>
        private static HashSet<string> OutcomeSymbols(TryStatementSyntax tryStatement, List<IInvocationOperation> validations, SemanticModel model, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>();
            foreach (var validation in validations)
            {
                var current = DelegateBody.Outermost(validation).Parent;

                if (current is ISimpleAssignmentOperation assignment && ValueFlow.NamedSymbol(assignment.Target) is { } target && !DeclaredIn(target, tryStatement.Block))
                {
                    names.Add(target.Name);
                }

                foreach (var argument in validation.Arguments)
                {
                    if (argument.Parameter?.RefKind == RefKind.Out && ValueFlow.NamedSymbol(argument.Value) is { } outTarget && !DeclaredIn(outTarget, tryStatement.Block))
                    {
                        names.Add(outTarget.Name);
                    }
                }
            }

            // `valid = true;` after the call in the try: a success flag that stays unset on failure.
            foreach (var assignment in SyntaxKinds.DescendantsOutsideFunctions(tryStatement.Block).OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is IdentifierNameSyntax &&
                    model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is ILocalSymbol or IFieldSymbol or IParameterSymbol &&
                    model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is { } symbol &&
                    !DeclaredIn(symbol, tryStatement.Block))
                {
                    names.Add(symbol.Name);
                }
            }

            return names;
        }

        private static bool DeclaredIn(ISymbol symbol, SyntaxNode block) =>
            symbol.DeclaringSyntaxReferences.Any(reference => block.FullSpan.Contains(reference.Span));

        /// <summary>The statements that run after the try statement completes normally, up to the end of the member or function.</summary>
        private static IEnumerable<StatementSyntax> FollowingStatements(StatementSyntax statement)
        {
            var current = statement;
            while (true)
            {
                switch (current.Parent)
                {
                    case BlockSyntax block:
                        var index = block.Statements.IndexOf(current);
                        for (var i = index + 1; i < block.Statements.Count; i++)
                        {
                            yield return block.Statements[i];
                        }

                        if (block.Parent is StatementSyntax outer)
                        {
                            current = outer; // a loop's body ends in its next iteration and, once the loop ends, in what follows it
                            continue;
                        }

                        yield break;
                    case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                        var started = false;
                        foreach (var member in unit.Members)
                        {
                            if (started && member is GlobalStatementSyntax next)
                            {
                                yield return next.Statement;
                            }

                            started |= member == global;
                        }

                        yield break;
                    case StatementSyntax parent:
                        current = parent;
                        continue;
                    default:
                        yield break;
                }
            }
        }

        /// <summary>
        /// A principal or identity made in the catch block and returned (<c>return new ClaimsPrincipal(...)</c>, or a
        /// local of the block initialized with one): a made-up user for a token that failed validation.
        /// </summary>
        private static bool IsMadeUpPrincipal(ExpressionSyntax? expression, BlockSyntax block, SemanticModel model, CancellationToken cancellationToken)
        {
            expression = expression is AwaitExpressionSyntax awaited ? awaited.Expression : expression;
            if (expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } fromResult && SyntaxNames.InvokedName(fromResult) == "FromResult")
            {
                expression = fromResult.ArgumentList.Arguments[0].Expression;
            }

            if (expression is IdentifierNameSyntax name &&
                model.GetSymbolInfo(name, cancellationToken).Symbol is ILocalSymbol local &&
                DeclaredIn(local, block) &&
                local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                expression = initializer;
            }

            return expression is BaseObjectCreationExpressionSyntax creation &&
                   model.GetTypeInfo(creation, cancellationToken).Type is { } type &&
                   (IsPrincipalType(type) || type.AllInterfaces.Any(i => i.Name is "IPrincipal" or "IIdentity" && i.ContainingNamespace?.ToDisplayString() == "System.Security.Principal"));
        }

        private static bool IsPrincipalType(ITypeSymbol type) =>
            type.Name is "ClaimsPrincipal" or "ClaimsIdentity" or "GenericPrincipal" or "GenericIdentity" &&
            type.ContainingNamespace?.ToDisplayString() is "System.Security.Claims" or "System.Security.Principal";

        private static bool IsSuccessValue(ExpressionSyntax? expression, SemanticModel model, CancellationToken cancellationToken)
        {
            if (expression is null)
            {
                return false;
            }

            if (model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: true })
            {
                return true;
            }

            // AuthenticateResult.Success(ticket), HandleRequestResult.Success(ticket): authentication without a valid token.
            if (expression is InvocationExpressionSyntax success && SyntaxNames.InvokedName(success) == "Success" &&
                model.GetSymbolInfo(success, cancellationToken).Symbol is IMethodSymbol { IsStatic: true, ContainingType.Name: "AuthenticateResult" or "HandleRequestResult" })
            {
                return true;
            }

            // Task.FromResult(true), ValueTask.FromResult(true)
            return expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } invocation &&
                   SyntaxNames.InvokedName(invocation) == "FromResult" &&
                   IsSuccessValue(invocation.ArgumentList.Arguments[0].Expression, model, cancellationToken);
        }

        private static bool IsFailureValue(ExpressionSyntax? expression, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (expression)
            {
                case null:
                    return false;
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression):
                case DefaultExpressionSyntax:
                    return true;
                case InvocationExpressionSyntax invocation when SyntaxNames.InvokedName(invocation) is { } name:
                    if (name == "FromResult" && invocation.ArgumentList.Arguments.Count == 1)
                    {
                        return IsFailureValue(invocation.ArgumentList.Arguments[0].Expression, model, cancellationToken);
                    }

                    return FailureCallNames.Any(failure => name.StartsWith(failure, System.StringComparison.Ordinal));
                case ObjectCreationExpressionSyntax creation when SyntaxNames.TypeName(creation.Type) is { } typeName:
                    return typeName.EndsWith("UnauthorizedResult", System.StringComparison.Ordinal) ||
                           typeName.EndsWith("ForbidResult", System.StringComparison.Ordinal) ||
                           typeName.EndsWith("ChallengeResult", System.StringComparison.Ordinal) ||
                           typeName.EndsWith("BadRequestResult", System.StringComparison.Ordinal);
                default:
                    return model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: false or null };
            }
        }
    }
}
