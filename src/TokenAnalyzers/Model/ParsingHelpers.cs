using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// A method or local function of the compilation that returns a token it only parsed (<c>JwtSecurityToken
    /// Decode(string t) => handler.ReadJwtToken(t)</c>): what its callers get is the Term's unvalidated token, and
    /// TA401 judges it where they read its claims, one call deep (the most common real shape: a <c>JwtHelper</c> class
    /// decodes, a controller reads <c>sub</c>). Asked only for a read whose value reaches a <c>return</c>.
    /// </summary>
    internal static class ParsingHelpers
    {
        /// <summary>Call sites looked at; a name used more often than this is judged on the first ones.</summary>
        private const int MaxCallSites = 128;

        /// <summary>
        /// The method or local function that <paramref name="flow"/> (the value of a read in <paramref name="body"/>)
        /// is returned from: a <c>return</c> of the member itself or of a local function in it, not of a lambda.
        /// </summary>
        public static IMethodSymbol? ReturningFunction(ValueFlow flow, IOperation body, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var use in flow.Uses)
            {
                if (use.Consumer is not IReturnOperation returned)
                {
                    continue;
                }

                for (var current = returned.Parent; current is not null; current = current.Parent)
                {
                    if (current is IAnonymousFunctionOperation)
                    {
                        break;
                    }

                    if (current is ILocalFunctionOperation local)
                    {
                        return local.Symbol;
                    }

                    if (current == body)
                    {
                        return model.GetDeclaredSymbol(body.Syntax, cancellationToken) as IMethodSymbol;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The first caller of <paramref name="helper"/> that reads the claims of the token it returns in a member
        /// that never validates the token string it gave (the argument for the helper's parameter that
        /// <paramref name="tokenString"/> reads), named for the message; null when there is none. A call to the helper
        /// itself validates nothing, whatever its name: its body was just seen to parse only.
        /// </summary>
        public static string? CallerReadingClaims(IMethodSymbol helper, IOperation? tokenString, IOperation body, Compilation compilation, CancellationToken cancellationToken)
        {
            var parameter = ParameterRead(helper, tokenString, body);
            foreach (var site in CallsOf(helper, body, compilation, cancellationToken))
            {
                if (site.SemanticModel is not { } model || MemberBody.Find(site.Syntax, model, cancellationToken) is not { } caller)
                {
                    continue;
                }

                var flow = new ValueFlow(new LocalReads(caller), static (parent, _) => parent is IAwaitOperation).Follow(site);
                if (TokenMetadataReads.ReadsClaims(flow) && !Validates(caller, site, parameter, tokenString, flow.Locals, helper))
                {
                    return Name(model.GetEnclosingSymbol(site.Syntax.SpanStart, cancellationToken));
                }
            }

            return null;
        }

        /// <summary>
        /// The caller validates what it gave the helper: the argument for the parameter the helper parses; the field or
        /// property the helper parses (<c>ReadJwtToken(_token)</c>, validated as <c>Verify(_token)</c>); or, where
        /// neither is known (the string reads two parameters), any argument it gave.
        /// </summary>
        private static bool Validates(IOperation caller, IInvocationOperation site, IParameterSymbol? parameter, IOperation? tokenString, List<ILocalSymbol> tokenLocals, IMethodSymbol helper)
        {
            if (parameter is not null)
            {
                return UnvalidatedToken.IsValidated(caller, ArgumentFor(site, parameter), tokenLocals, parsesOnly: helper);
            }

            if (ValueFlow.NamedSymbol(tokenString) is IFieldSymbol or IPropertySymbol)
            {
                return UnvalidatedToken.IsValidated(caller, tokenString, tokenLocals, parsesOnly: helper);
            }

            foreach (var argument in site.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && UnvalidatedToken.IsValidated(caller, argument.Value, tokenLocals, parsesOnly: helper))
                {
                    return true;
                }
            }

            return UnvalidatedToken.IsValidated(caller, null, tokenLocals, parsesOnly: helper);
        }

        /// <summary>The calls of a local function in its member, or of a method anywhere in the compilation.</summary>
        private static List<IInvocationOperation> CallsOf(IMethodSymbol helper, IOperation body, Compilation compilation, CancellationToken cancellationToken)
        {
            var calls = new List<IInvocationOperation>();
            if (helper.MethodKind == MethodKind.LocalFunction)
            {
                foreach (var operation in MemberBody.All(body))
                {
                    if (operation is IInvocationOperation invocation && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, helper))
                    {
                        calls.Add(invocation);
                    }
                }

                return calls;
            }

            foreach (var site in CallSites.Of(helper, compilation, MaxCallSites, throughInterfaces: true, out _, cancellationToken))
            {
                if (site is IInvocationOperation invocation)
                {
                    calls.Add(invocation);
                }
            }

            return calls;
        }

        /// <summary>
        /// The one parameter of <paramref name="helper"/> that the parsed string reads (<c>t</c>,
        /// <c>t.Replace("Bearer ", "")</c>, or a local of <paramref name="body"/> written from it: <c>var raw =
        /// t.Substring(7); return handler.ReadJwtToken(raw);</c>); null when none or several.
        /// </summary>
        private static IParameterSymbol? ParameterRead(IMethodSymbol helper, IOperation? tokenString, IOperation body)
        {
            if (tokenString is null)
            {
                return null;
            }

            var values = new List<IOperation> { tokenString };
            if (DelegateBody.Unwrap(tokenString) is ILocalReferenceOperation local)
            {
                foreach (var operation in MemberBody.All(body))
                {
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local):
                            values.Add(initializer.Value);
                            break;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local.Local):
                            values.Add(assignment.Value);
                            break;
                    }
                }
            }

            IParameterSymbol? found = null;
            foreach (var value in values)
            {
                foreach (var operation in value.DescendantsAndSelf())
                {
                    if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, helper))
                    {
                        if (found is not null && !SymbolEqualityComparer.Default.Equals(found, reference.Parameter))
                        {
                            return null;
                        }

                        found = reference.Parameter;
                    }
                }
            }

            return found;
        }

        private static IOperation? ArgumentFor(IInvocationOperation site, IParameterSymbol parameter)
        {
            foreach (var argument in site.Arguments)
            {
                if (argument.Parameter?.Ordinal == parameter.Ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>
        /// The member a call is in (a lambda's or local function's member), for the message: <c>'Type.Method', which
        /// gets it</c>, <c>the constructor of 'Type', which gets it</c>, <c>the top-level statements, which get it</c>.
        /// </summary>
        private static string Name(ISymbol? symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } function)
            {
                symbol = function.ContainingSymbol;
            }

            if (symbol is IMethodSymbol { AssociatedSymbol: { } associated })
            {
                symbol = associated;
            }

            return symbol switch
            {
                null or { Name: WellKnownMemberNames.TopLevelStatementsEntryPointMethodName } => "the top-level statements, which get it",
                IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => "the constructor of '" + symbol.ContainingType.Name + "', which gets it",
                _ => "'" + (symbol.ContainingType is { } type ? type.Name + "." + symbol.Name : symbol.Name) + "', which gets it",
            };
        }
    }
}
