using System;
using System.Threading;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Development-only code as RULES.md defines it: the true branch of <c>if (env.IsDevelopment())</c> or
    /// <c>if (env.IsEnvironment("Development"))</c> (the hosting extensions, on any receiver; also the else branch of
    /// the negated test), the same test through a local or field with a single assignment (<c>var isDev =
    /// env.IsDevelopment(); if (isDev)</c>) or through a <c>bool</c> parameter whose every call site in the
    /// compilation passes such a test, and code inside <c>#if DEBUG</c>. A test that also holds in another
    /// environment (<c>IsDevelopment() || IsStaging()</c>) is not development-only.
    /// </summary>
    internal static class DevelopmentOnly
    {
        private const int MaxDepth = 4;

        public static bool Contains(SyntaxNode node, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken) =>
            IsInsideDebugDirective(node) || IsInsideDevelopmentBranch(node, model, symbols, cancellationToken);

        /// <summary>
        /// A conditional whose development branch is constant false and whose other branch is not
        /// (<c>env.IsDevelopment() ? false : true</c>): RULES.md treats it like an assignment inside
        /// <c>if (env.IsDevelopment())</c>.
        /// </summary>
        public static bool IsFalseOnlyInDevelopment(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            DelegateBody.Unwrap(value) is IConditionalOperation { WhenFalse: not null } conditional &&
            Branches(conditional, compilation, cancellationToken) is { } branches &&
            ConstantValues.GetConstant(branches.Development, compilation, cancellationToken) is { HasValue: true, Value: false } &&
            ConstantValues.GetConstant(branches.Production, compilation, cancellationToken) is not { HasValue: true, Value: false };

        /// <summary>The branches of a conditional whose condition is a development test, or null for any other condition.</summary>
        public static (IOperation Development, IOperation Production)? Branches(IConditionalOperation conditional, Compilation compilation, CancellationToken cancellationToken)
        {
            if (conditional.WhenFalse is null || conditional.SemanticModel is not { } model ||
                conditional.Condition.Syntax is not ExpressionSyntax condition || TokenSymbols.TryCreate(compilation) is not { } symbols)
            {
                return null;
            }

            if (TestsDevelopment(condition, negated: false, model, symbols, cancellationToken, 0))
            {
                return (conditional.WhenTrue, conditional.WhenFalse);
            }

            if (TestsDevelopment(condition, negated: true, model, symbols, cancellationToken, 0))
            {
                return (conditional.WhenFalse, conditional.WhenTrue);
            }

            return null;
        }

        private static bool IsInsideDevelopmentBranch(SyntaxNode node, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            SyntaxNode child = node;
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is IfStatementSyntax ifStatement)
                {
                    if (child == ifStatement.Statement && TestsDevelopment(ifStatement.Condition, negated: false, model, symbols, cancellationToken, 0))
                    {
                        return true;
                    }

                    if (child == ifStatement.Else && TestsDevelopment(ifStatement.Condition, negated: true, model, symbols, cancellationToken, 0))
                    {
                        return true;
                    }
                }

                // `env.IsDevelopment() ? new HttpClientHandler { ... } : null`: the development branch of a conditional
                // expression, as "Constant false" treats it.
                if (ancestor is ConditionalExpressionSyntax conditional &&
                    ((child == conditional.WhenTrue && TestsDevelopment(conditional.Condition, negated: false, model, symbols, cancellationToken, 0)) ||
                     (child == conditional.WhenFalse && TestsDevelopment(conditional.Condition, negated: true, model, symbols, cancellationToken, 0))))
                {
                    return true;
                }

                child = ancestor;
            }

            return false;
        }

        /// <summary>True when the condition holding implies development (or, negated, when its failing does).</summary>
        private static bool TestsDevelopment(ExpressionSyntax condition, bool negated, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            switch (condition)
            {
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression):
                    return TestsDevelopment(prefix.Operand, !negated, model, symbols, cancellationToken, depth);
                case BinaryExpressionSyntax binary when binary.IsKind(negated ? SyntaxKind.LogicalOrExpression : SyntaxKind.LogicalAndExpression):
                    return TestsDevelopment(binary.Left, negated, model, symbols, cancellationToken, depth) ||
                           TestsDevelopment(binary.Right, negated, model, symbols, cancellationToken, depth);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetValueOrDefault" } access, ArgumentList.Arguments.Count: 0 } when !negated:
                    return TestsDevelopment(access.Expression, negated, model, symbols, cancellationToken, depth); // (env?.IsDevelopment()).GetValueOrDefault()
                case InvocationExpressionSyntax invocation when !negated:
                    return IsDevelopmentCall(invocation, model, symbols, cancellationToken);
                // The null-safe spellings (round AL: `environment?.IsDevelopment() == true`): true only in Development.
                case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax invocation } when !negated:
                    return IsDevelopmentCall(invocation, model, symbols, cancellationToken);
                case BinaryExpressionSyntax equals when equals.IsKind(SyntaxKind.EqualsExpression) &&
                                                        (equals.Left.IsKind(SyntaxKind.TrueLiteralExpression) || equals.Right.IsKind(SyntaxKind.TrueLiteralExpression)):
                    return TestsDevelopment(equals.Right.IsKind(SyntaxKind.TrueLiteralExpression) ? equals.Left : equals.Right, negated, model, symbols, cancellationToken, depth);
                case BinaryExpressionSyntax coalesce when !negated && coalesce.IsKind(SyntaxKind.CoalesceExpression) && coalesce.Right.IsKind(SyntaxKind.FalseLiteralExpression):
                    return TestsDevelopment(coalesce.Left, negated, model, symbols, cancellationToken, depth);
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant } } pattern when constant.IsKind(SyntaxKind.TrueLiteralExpression):
                    return TestsDevelopment(pattern.Expression, negated, model, symbols, cancellationToken, depth);
                case IdentifierNameSyntax or MemberAccessExpressionSyntax when depth < MaxDepth:
                    return HoldsDevelopmentTest(condition, negated, model, symbols, cancellationToken, depth + 1);
                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>isDev</c> where isDev is a local or field with a single assignment of a development test, or a bool
        /// parameter whose every call site in the compilation passes one.
        /// </summary>
        private static bool HoldsDevelopmentTest(ExpressionSyntax reference, bool negated, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            switch (model.GetSymbolInfo(reference, cancellationToken).Symbol)
            {
                case ILocalSymbol { Type.SpecialType: SpecialType.System_Boolean } local:
                    return HoldsDevelopmentTest(local, negated, symbols, cancellationToken, depth);
                case IFieldSymbol { Type.SpecialType: SpecialType.System_Boolean } field:
                    return HoldsDevelopmentTest(field, negated, symbols, cancellationToken, depth);
                case IParameterSymbol { Type.SpecialType: SpecialType.System_Boolean, RefKind: RefKind.None } parameter:
                    return EveryCallPassesDevelopmentTest(parameter, negated, symbols, cancellationToken, depth);
                default:
                    return false;
            }
        }

        private static bool HoldsDevelopmentTest(ISymbol symbol, bool negated, TokenSymbols symbols, CancellationToken cancellationToken, int depth) =>
            SymbolWrites.SingleWrite(symbol, symbols.Compilation, cancellationToken, includeReadOnlyFields: true) is { SemanticModel: { } model, Syntax: ExpressionSyntax value } &&
            TestsDevelopment(value, negated, model, symbols, cancellationToken, depth);

        /// <summary>
        /// A parameter is runtime input, whatever its name, unless the compilation calls its method and every call
        /// passes a development test (<c>Configure(services, env.IsDevelopment())</c>).
        /// </summary>
        private static bool EveryCallPassesDevelopmentTest(IParameterSymbol parameter, bool negated, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor } method ||
                method.IsVirtual || method.IsAbstract || method.IsOverride || method.ExplicitInterfaceImplementations.Length > 0 ||
                method.DeclaringSyntaxReferences.IsEmpty)
            {
                return false; // a delegate, an override or an interface member is called from code we cannot see
            }

            var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
            var calls = 0;
            foreach (var tree in symbols.Compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (tree.GetText(cancellationToken).ToString().IndexOf(name, StringComparison.Ordinal) < 0)
                {
                    continue;
                }

#pragma warning disable RS1030 // Call sites may be in any file; only reached for a bool parameter tested around a finding.
                var model = symbols.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax) ||
                        !node.ToString().Contains(name) && node is not ConstructorInitializerSyntax)
                    {
                        continue;
                    }

                    var operation = OperationTrees.Get(model, node, cancellationToken);
                    var (target, arguments) = operation switch
                    {
                        IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
                        IObjectCreationOperation creation when creation.Constructor is not null => (creation.Constructor, creation.Arguments),
                        IExpressionStatementOperation { Operation: IInvocationOperation initializer } => (initializer.TargetMethod, initializer.Arguments),
                        _ => (null, default(System.Collections.Immutable.ImmutableArray<IArgumentOperation>)),
                    };
                    if (target is null || !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, method.OriginalDefinition))
                    {
                        continue;
                    }

                    calls++;
                    if (!PassesDevelopmentTest(arguments, parameter, negated, model, symbols, cancellationToken, depth))
                    {
                        return false;
                    }
                }
            }

            return calls > 0;
        }

        private static bool PassesDevelopmentTest(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter, bool negated, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Ordinal == parameter.Ordinal)
                {
                    return argument.ArgumentKind == ArgumentKind.Explicit &&
                           argument.Value.Syntax is ExpressionSyntax value &&
                           TestsDevelopment(value, negated, model, symbols, cancellationToken, depth);
                }
            }

            return false;
        }

        private static bool IsDevelopmentCall(InvocationExpressionSyntax invocation, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
            if (name is not ("IsDevelopment" or "IsEnvironment"))
            {
                return false;
            }

            var method = model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol;
            var type = method?.ReducedFrom?.ContainingType ?? method?.ContainingType;
            if (type is null ||
                !(SymbolEqualityComparer.Default.Equals(type, symbols.HostEnvironmentEnvExtensions) ||
                  SymbolEqualityComparer.Default.Equals(type, symbols.HostingEnvironmentExtensions)))
            {
                return false;
            }

            if (name == "IsDevelopment")
            {
                return true;
            }

            // IsEnvironment compares ignoring case; only the constant name "Development" is a development test.
            if (invocation.ArgumentList.Arguments.Count == 0 ||
                OperationTrees.Get(model, invocation.ArgumentList.Arguments[invocation.ArgumentList.Arguments.Count - 1].Expression, cancellationToken) is not { } argument)
            {
                return false;
            }

            return IsDevelopmentName(argument) ||
                   (ConstantValues.GetConstant(argument, symbols.Compilation, cancellationToken) is { HasValue: true, Value: string environment } &&
                    string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// <c>Environments.Development</c> (Microsoft.Extensions.Hosting) or the older <c>EnvironmentName.Development</c>:
        /// static readonly fields of the framework, whose value a compilation cannot see.
        /// </summary>
        private static bool IsDevelopmentName(IOperation argument) =>
            DelegateBody.Unwrap(argument) is IFieldReferenceOperation { Field: { Name: "Development", IsStatic: true, ContainingType: { Name: "Environments" or "EnvironmentName" } type } } &&
            type.ContainingNamespace?.ToDisplayString() is "Microsoft.Extensions.Hosting" or "Microsoft.AspNetCore.Hosting";

        /// <summary>Is the node in the active branch of an <c>#if DEBUG</c> (or <c>#elif DEBUG</c>)?</summary>
        private static bool IsInsideDebugDirective(SyntaxNode node)
        {
            var root = node.SyntaxTree.GetRoot();
            if (!root.ContainsDirectives)
            {
                return false;
            }

            // A stack of the open conditional regions before the node: true where the open branch tests DEBUG.
            var open = new System.Collections.Generic.List<bool>();
            var position = node.SpanStart;
            for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < position; directive = directive.GetNextDirective())
            {
                switch (directive)
                {
                    case IfDirectiveTriviaSyntax ifDirective:
                        open.Add(IsDebug(ifDirective.Condition));
                        break;
                    case ElifDirectiveTriviaSyntax elif when open.Count > 0:
                        open[open.Count - 1] = IsDebug(elif.Condition);
                        break;
                    case ElseDirectiveTriviaSyntax when open.Count > 0:
                        open[open.Count - 1] = false;
                        break;
                    case EndIfDirectiveTriviaSyntax when open.Count > 0:
                        open.RemoveAt(open.Count - 1);
                        break;
                }
            }

            return open.Contains(true);
        }

        private static bool IsDebug(ExpressionSyntax condition)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            return condition switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "DEBUG",
                BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) => IsDebug(binary.Left) || IsDebug(binary.Right),
                _ => false,
            };
        }
    }
}
