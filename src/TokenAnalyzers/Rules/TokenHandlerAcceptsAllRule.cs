using System.Collections.Generic;
using System.Collections.Immutable;
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
    /// TA207: a token handler (a class deriving from TokenHandler, SecurityTokenHandler, JsonWebTokenHandler or
    /// JwtSecurityTokenHandler, or implementing ISecurityTokenValidator) whose override of ValidateTokenAsync or
    /// ValidateToken returns success on every path without validating: a TokenValidationResult with
    /// <c>IsValid = true</c>, or a new principal. It reuses the accept-all evaluation of RULES.md's Terms: a throw,
    /// a rejection (<c>null</c>, <c>IsValid = false</c>), a comparison of the method's inputs that decides anything
    /// (not one that only guards adding a claim or logging), or a call that could reject (the base handler's or
    /// another handler's validation, any method we cannot see) makes it real validation.
    /// Such a handler in <c>JwtBearerOptions.TokenHandlers</c> or <c>SecurityTokenValidators</c> bypasses every other
    /// check: JwtBearer trusts whatever it returns.
    /// The scanner hands over the success values themselves (<c>IsValid = ...</c>, <c>new ClaimsPrincipal(...)</c>,
    /// <c>new(...)</c>); the method is judged once, from its first such node.
    /// </summary>
    internal sealed class TokenHandlerAcceptsAllRule : TokenRule
    {
        private const string IsValid = "IsValid";
        private static readonly HashSet<string> MethodNames = NameSet.Of("ValidateToken", "ValidateTokenAsync");
        private static readonly string[] PrincipalNames = { "ClaimsPrincipal" };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(TokenHandlerAcceptsAll);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            if (symbols.TokenHandler is null && symbols.SecurityTokenHandler is null && symbols.SecurityTokenValidator is null)
            {
                return;
            }

            start.OnAssignment(new[] { IsValid }, ValueFilter.Any, nodeContext => Analyze(nodeContext, symbols));
            start.OnNamed(CandidateKind.ObjectCreation, PrincipalNames, nodeContext => Analyze(nodeContext, symbols));
            start.On(CandidateKind.TargetTypedCreation, nodeContext => Analyze(nodeContext, symbols));
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            // Syntax first: only inside a method named ValidateToken(Async) that overrides or implements, and only
            // from the first success-looking node of that method (one finding per method).
            if (EnclosingMethod(context.Node) is not { } declaration ||
                !MethodNames.Contains(declaration.Identifier.ValueText) ||
                !(declaration.Modifiers.Any(SyntaxKind.OverrideKeyword) || declaration.ExplicitInterfaceSpecifier is not null ||
                  declaration.Modifiers.Any(SyntaxKind.PublicKeyword)) ||
                FirstCandidate(declaration) != context.Node)
            {
                return;
            }

            var model = context.SemanticModel;
            var cancellationToken = context.CancellationToken;
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method ||
                !IsValidationOverride(method, symbols) ||
                OperationTrees.Get(model, declaration, cancellationToken) is not IMethodBodyOperation body ||
                ((IOperation?)body.BlockBody ?? body.ExpressionBody) is not { } block ||
                !AcceptsEverything(block, method, symbols, cancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(TokenHandlerAcceptsAll, declaration.Identifier.GetLocation(), method.ContainingType.Name, method.Name));
        }

        private static MethodDeclarationSyntax? EnclosingMethod(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case MethodDeclarationSyntax method:
                        return method;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseTypeDeclarationSyntax:
                        return null; // a success value inside a lambda or a local function is not the method's result
                }
            }

            return null;
        }

        /// <summary>The first node of the method the scanner hands to this rule, in document order.</summary>
        private static SyntaxNode? FirstCandidate(MethodDeclarationSyntax declaration)
        {
            foreach (var node in SyntaxKinds.DescendantsOutsideFunctions(declaration))
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && SyntaxNames.AssignedName(assignment) == IsValid:
                    case ObjectCreationExpressionSyntax { ArgumentList: not null } creation when SyntaxNames.TypeName(creation.Type) == PrincipalNames[0]:
                    case ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 }:
                        return node;
                }
            }

            return null;
        }

        /// <summary>An override of ValidateToken(Async) in a handler, or ISecurityTokenValidator.ValidateToken implemented.</summary>
        private static bool IsValidationOverride(IMethodSymbol method, TokenSymbols symbols)
        {
            var type = method.ContainingType;
            if (method.IsOverride)
            {
                return symbols.IsTokenHandlerType(type);
            }

            if (symbols.SecurityTokenValidator is not { } validator || !symbols.IsTokenValidatorType(type))
            {
                return false;
            }

            foreach (var implemented in method.ExplicitInterfaceImplementations)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.ContainingType.OriginalDefinition, validator))
                {
                    return true;
                }
            }

            foreach (var member in validator.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every path returns success, and nothing in the body can reject: no throw, no <c>null</c>/<c>IsValid = false</c>,
        /// no comparison of the method's inputs, no call that may reject (RULES.md's accept-all Term).
        /// </summary>
        private static bool AcceptsEverything(IOperation block, IMethodSymbol method, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var returns = 0;
            foreach (var operation in MemberBody.OutsideNestedFunctions(block))
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IThrowOperation:
                        return false;
                    case IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak }:
                        return false;
                    case IReturnOperation returned:
                        returns++;
                        if (!IsSuccess(returned.ReturnedValue, block, symbols, cancellationToken, 0))
                        {
                            return false;
                        }

                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: IsValid } } assignment
                        when assignment.Value.ConstantValue is not { HasValue: true, Value: true }:
                        return false; // IsValid = false (or a computed value): a rejection path
                    case IInvocationOperation invocation when !CannotReject(invocation, symbols):
                        return false; // base.ValidateTokenAsync, another handler, or code we cannot see
                    case IBinaryOperation binary when IsComparison(binary.OperatorKind) && ReadsParameter(operation, method) && !OnlyGuardsSideEffects(binary):
                        return false; // a comparison of the inputs decides something
                    case IIsPatternOperation when ReadsParameter(operation, method) && !OnlyGuardsSideEffects(operation):
                        return false;
                    case ISwitchOperation or ISwitchExpressionOperation when ReadsParameter(operation, method):
                        return false;
                }
            }

            return returns > 0;
        }

        /// <summary>A success value: a TokenValidationResult with IsValid = true, or a new principal (through Task.FromResult and locals).</summary>
        private static bool IsSuccess(IOperation? value, IOperation block, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > 4)
            {
                return false;
            }

            switch (value)
            {
                case IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult
                    when fromResult.TargetMethod.ContainingType?.ToDisplayString() == "System.Threading.Tasks.Task":
                    return IsSuccess(fromResult.Arguments[0].Value, block, symbols, cancellationToken, depth + 1);
                case IObjectCreationOperation creation when creation.Type.InheritsFromOrEquals(symbols.TokenValidationResult):
                    return SetsIsValidTrue(creation.Initializer);
                case IObjectCreationOperation creation when IsPrincipal(creation.Type):
                    return true;
                case ILocalReferenceOperation local:
                    var writes = SymbolWrites.Find(local.Local, symbols.Compilation, cancellationToken);
                    if (writes.IsDefaultOrEmpty)
                    {
                        return false;
                    }

                    foreach (var write in writes)
                    {
                        if (write.Operation is null)
                        {
                            return false;
                        }

                        var written = DelegateBody.Unwrap(write.Operation);
                        var success = written is IObjectCreationOperation made && made.Type.InheritsFromOrEquals(symbols.TokenValidationResult)
                            ? SetsIsValidTrue(made.Initializer) || SetsIsValidTrueLater(local.Local, block)
                            : IsSuccess(written, block, symbols, cancellationToken, depth + 1);
                        if (!success)
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static bool SetsIsValidTrue(IObjectOrCollectionInitializerOperation? initializer)
        {
            if (initializer is null)
            {
                return false;
            }

            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: IsValid } } assignment &&
                    assignment.Value.ConstantValue is { HasValue: true, Value: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>var result = new TokenValidationResult(); result.IsValid = true;</c></summary>
        private static bool SetsIsValidTrueLater(ILocalSymbol local, IOperation block)
        {
            foreach (var operation in MemberBody.OutsideNestedFunctions(block))
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: IsValid, Instance: ILocalReferenceOperation target } } assignment &&
                    SymbolEqualityComparer.Default.Equals(target.Local, local) &&
                    assignment.Value.ConstantValue is { HasValue: true, Value: true })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPrincipal(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.Name == "ClaimsPrincipal" && current.ContainingNamespace?.ToDisplayString() == "System.Security.Claims")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The accept-all Term's calls that cannot reject, plus what building a success value needs: claims and
        /// identities, collections of claims, <c>Task.FromResult</c>.
        /// </summary>
        private static bool CannotReject(IInvocationOperation invocation, TokenSymbols symbols)
        {
            if (AcceptAllDelegates.CannotReject(invocation, symbols))
            {
                return true;
            }

            var type = invocation.TargetMethod.ContainingType;
            var ns = type?.ContainingNamespace?.ToDisplayString();
            return ns is "System.Security.Claims" or "System.Collections.Generic" ||
                   (ns == "System.Threading.Tasks" && invocation.TargetMethod.Name is "FromResult" or "Yield");
        }

        /// <summary>
        /// A test that is (part of) the condition of an <c>if</c> without <c>else</c> whose branch returns, assigns,
        /// declares and jumps nothing: adding a claim or logging when the token has some value accepts exactly the
        /// tokens that not doing it accepts (real code: <c>if (token == "abcdefg") identity.AddClaim(admin);</c>, then
        /// the principal is returned for every token). Its calls and throws are judged with the rest of the body.
        /// </summary>
        private static bool OnlyGuardsSideEffects(IOperation test)
        {
            var condition = test;
            while (condition.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } or
                   IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } or IParenthesizedOperation)
            {
                condition = condition.Parent;
            }

            if (condition.Parent is not IConditionalOperation { WhenFalse: null, Type: null } ifStatement || ifStatement.Condition != condition)
            {
                return false;
            }

            foreach (var operation in ifStatement.WhenTrue.DescendantsAndSelf())
            {
                if (operation is IReturnOperation or IBranchOperation or IAssignmentOperation or IVariableDeclaratorOperation or IIncrementOrDecrementOperation)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsComparison(BinaryOperatorKind kind) => kind is
            BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.ObjectValueEquals or BinaryOperatorKind.ObjectValueNotEquals or
            BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

        private static bool ReadsParameter(IOperation operation, IMethodSymbol method)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IParameterReferenceOperation reference &&
                    SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, method))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
