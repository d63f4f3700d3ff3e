using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Classes that configure options by implementing <c>IConfigureNamedOptions&lt;T&gt;</c> or
    /// <c>IPostConfigureOptions&lt;T&gt;</c>, and where the application registers them. The options factory calls such a
    /// class's <c>Configure(name, options)</c> or <c>PostConfigure(name, options)</c> for every name it builds, in the
    /// order of registration among the other callbacks (IdentityWebSigningKeyIssuerTests); the class picks its scheme by
    /// testing the name. A class that implements only <c>IConfigureOptions&lt;T&gt;</c> configures the default name, which
    /// no scheme uses.
    /// </summary>
    internal static class OptionsClasses
    {
        /// <summary>
        /// The scheme (null: every one) and the kind of the class callback in which <paramref name="at"/> works on
        /// <paramref name="options"/>: the named method itself, or <c>Configure(options)</c> when the named one calls it
        /// with its options. Null when <paramref name="method"/> is no such callback, or when the class tests the name in
        /// a way that does not say which scheme reaches <paramref name="at"/>.
        /// </summary>
        public static (string? Scheme, bool Post)? Callback(IMethodSymbol method, IParameterSymbol options, SyntaxNode at, SemanticModel model, CancellationToken cancellationToken)
        {
            if (method.ContainingType is not { } type)
            {
                return null;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (!IsOptionsInterface(@interface, out var post) ||
                    @interface.Name == "IConfigureOptions" ||
                    !SymbolEqualityComparer.Default.Equals(@interface.TypeArguments[0], options.Type) ||
                    NamedCallback(type, @interface) is not { } named ||
                    named.DeclaringSyntaxReferences.Length != 1 ||
                    named.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
                {
                    continue;
                }

                var body = named.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                SyntaxNode? point = null;
                if (SymbolEqualityComparer.Default.Equals(named, method) && options.Ordinal == 1)
                {
                    point = at;
                }
                else if (!post && options.Ordinal == 0 && method.Parameters.Length == 1)
                {
                    // Configure(string name, T options) => Configure(options);
                    point = CallWithOptions(body, named, method, model, cancellationToken);
                }

                if (point is not null)
                {
                    return SchemeAt(body, named.Parameters[0], point, model, out var scheme, cancellationToken) ? (scheme, post) : null;
                }
            }

            return null;
        }

        /// <summary>
        /// The calls that register <paramref name="type"/> as an options callback: <c>services.ConfigureOptions&lt;T&gt;()</c>,
        /// <c>ConfigureOptions(typeof(T))</c>, <c>AddSingleton&lt;IConfigureOptions&lt;JwtBearerOptions&gt;, T&gt;()</c>
        /// (any lifetime, <c>TryAdd*</c>), <c>TryAddEnumerable(ServiceDescriptor.Singleton&lt;IPostConfigureOptions&lt;...&gt;, T&gt;())</c>.
        /// Asked only once a rule has such a class's assignment in hand.
        /// </summary>
        public static List<IInvocationOperation> Registrations(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            var found = new List<IInvocationOperation>();
            foreach (var (model, name) in CallSites.Uses(type.Name, compilation, cancellationToken))
            {
                if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, type.OriginalDefinition) &&
                    RegistrationAround(name, model, cancellationToken) is { } registration)
                {
                    found.Add(registration);
                }
            }

            return found;
        }

        /// <summary>The service-collection call around a use of the class's name that registers it as an options callback.</summary>
        private static IInvocationOperation? RegistrationAround(SyntaxNode use, SemanticModel model, CancellationToken cancellationToken)
        {
            var asOptionsService = false;
            for (var current = use.Parent; current is not null and not MemberDeclarationSyntax; current = current.Parent)
            {
                if (current is not InvocationExpressionSyntax invocation ||
                    OperationTrees.Get(model, invocation, cancellationToken) is not IInvocationOperation call)
                {
                    continue;
                }

                foreach (var argument in call.TargetMethod.TypeArguments)
                {
                    asOptionsService |= argument is INamedTypeSymbol service && IsOptionsInterface(service, out _);
                }

                var extended = (call.TargetMethod.ReducedFrom ?? call.TargetMethod).Parameters;
                if (call.TargetMethod.IsExtensionMethod && extended.Length > 0 && extended[0].Type is { Name: "IServiceCollection" })
                {
                    return call.TargetMethod.Name == "ConfigureOptions" || asOptionsService ? call : null;
                }
            }

            return null;
        }

        private static bool IsOptionsInterface(INamedTypeSymbol type, out bool post)
        {
            post = type.Name == "IPostConfigureOptions";
            return type is { Arity: 1, Name: "IConfigureOptions" or "IConfigureNamedOptions" or "IPostConfigureOptions", ContainingNamespace: { Name: "Options", ContainingNamespace: { Name: "Extensions", ContainingNamespace.Name: "Microsoft" } } };
        }

        /// <summary>The class's <c>Configure(string name, T options)</c> or <c>PostConfigure(string name, T options)</c>.</summary>
        private static IMethodSymbol? NamedCallback(INamedTypeSymbol type, INamedTypeSymbol @interface)
        {
            foreach (var member in @interface.GetMembers())
            {
                if (member is IMethodSymbol { Parameters.Length: 2 } &&
                    type.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation)
                {
                    return implementation;
                }
            }

            return null;
        }

        /// <summary>The call of <paramref name="method"/> in the named callback's body that passes it the named callback's options.</summary>
        private static SyntaxNode? CallWithOptions(SyntaxNode body, IMethodSymbol named, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in body.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation &&
                    OperationTrees.Get(model, invocation, cancellationToken) is IInvocationOperation call &&
                    SymbolEqualityComparer.Default.Equals(call.TargetMethod, method) &&
                    call.Arguments.Length == 1 &&
                    DelegateBody.Unwrap(call.Arguments[0].Value) is IParameterReferenceOperation passed &&
                    SymbolEqualityComparer.Default.Equals(passed.Parameter, named.Parameters[1]))
                {
                    return invocation;
                }
            }

            return null;
        }

        /// <summary>
        /// The scheme that reaches <paramref name="point"/> in the named callback: every one (Name null) when the callback
        /// never reads the name; else the constant an enclosing <c>if (name == "Api")</c> or an earlier
        /// <c>if (name != "Api") return;</c> compares it with. False when the name is read but no such test says.
        /// </summary>
        private static bool SchemeAt(SyntaxNode body, IParameterSymbol name, SyntaxNode point, SemanticModel model, out string? scheme, CancellationToken cancellationToken)
        {
            scheme = null;
            if (!Reads(body, name))
            {
                return true;
            }

            for (var current = point; current is not null && current != body; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case IfStatementSyntax branch when branch.Statement == current &&
                                                       NameTest(OperationTrees.Get(model, branch.Condition, cancellationToken), name) is (true, var equal):
                        scheme = equal;
                        return true;
                    case ElseClauseSyntax { Parent: IfStatementSyntax branch } when
                        NameTest(OperationTrees.Get(model, branch.Condition, cancellationToken), name) is (false, var unequal):
                        scheme = unequal;
                        return true;
                    case BlockSyntax block when current is StatementSyntax statement:
                        foreach (var earlier in block.Statements)
                        {
                            if (earlier == statement)
                            {
                                break;
                            }

                            if (earlier is IfStatementSyntax { Else: null } guard &&
                                (guard.Statement is ReturnStatementSyntax || guard.Statement is BlockSyntax { Statements.Count: 1 } only && only.Statements[0] is ReturnStatementSyntax) &&
                                NameTest(OperationTrees.Get(model, guard.Condition, cancellationToken), name) is (false, var guarded))
                            {
                                scheme = guarded;
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        private static bool Reads(SyntaxNode body, IParameterSymbol parameter)
        {
            foreach (var node in body.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameter.Name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A condition that compares the name with a constant: (true, c) when it holds exactly for <c>name == c</c>
        /// (<c>==</c>, <c>is "c"</c>, <c>Equals</c>), (false, c) when exactly for <c>name != c</c> (<c>!=</c>,
        /// <c>is not "c"</c>, <c>!</c>), a null test beside it ignored (the factory never passes null).
        /// </summary>
        private static (bool Equal, string Scheme)? NameTest(IOperation? condition, IParameterSymbol name)
        {
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return NameTest(not.Operand, name) is { } inner ? (!inner.Equal, inner.Scheme) : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return IsNotNull(both.LeftOperand, name) ? NameTest(both.RightOperand, name)
                         : IsNotNull(both.RightOperand, name) ? NameTest(both.LeftOperand, name)
                         : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison when
                    Compared(comparison.LeftOperand, comparison.RightOperand, name) is { } scheme:
                    return (comparison.OperatorKind == BinaryOperatorKind.Equals, scheme);
                case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern when
                    Compared(pattern.Value, constant.Value, name) is { } scheme:
                    return (true, scheme);
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern when
                    Compared(pattern.Value, constant.Value, name) is { } scheme:
                    return (false, scheme);
                case IInvocationOperation { TargetMethod.Name: "Equals" } equals:
                    var operands = new List<IOperation>();
                    if (equals.Instance is not null)
                    {
                        operands.Add(equals.Instance);
                    }

                    foreach (var argument in equals.Arguments)
                    {
                        if (argument.Value.Type?.SpecialType == SpecialType.System_String)
                        {
                            operands.Add(argument.Value);
                        }
                    }

                    return operands.Count == 2 && Compared(operands[0], operands[1], name) is { } compared ? (true, compared) : null;
                default:
                    return null;
            }
        }

        /// <summary>The constant string one operand holds when the other is the name.</summary>
        private static string? Compared(IOperation one, IOperation other, IParameterSymbol name) =>
            IsName(one, name) && DelegateBody.Unwrap(other)?.ConstantValue is { HasValue: true, Value: string right } ? right
            : IsName(other, name) && DelegateBody.Unwrap(one)?.ConstantValue is { HasValue: true, Value: string left } ? left
            : null;

        private static bool IsName(IOperation operation, IParameterSymbol name) =>
            DelegateBody.Unwrap(operation) is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, name);

        /// <summary><c>name is not null</c>, <c>name != null</c>.</summary>
        private static bool IsNotNull(IOperation test, IParameterSymbol name) => test switch
        {
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern =>
                IsName(pattern.Value, name) && constant.Value.ConstantValue is { HasValue: true, Value: null },
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } comparison =>
                (IsName(comparison.LeftOperand, name) && DelegateBody.Unwrap(comparison.RightOperand)?.ConstantValue is { HasValue: true, Value: null }) ||
                (IsName(comparison.RightOperand, name) && DelegateBody.Unwrap(comparison.LeftOperand)?.ConstantValue is { HasValue: true, Value: null }),
            _ => false,
        };
    }
}
