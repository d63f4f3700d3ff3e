using System.Collections.Generic;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// The one accept-all evaluation of RULES.md's Terms, shared by TA2xx, TA3xx and the TA101-TA103 exemptions.
    /// A delegate accepts all when, on every path, it returns an accepting value; statements that cannot reject
    /// (logging, assignments, string formatting, parsing) do not change that. Any throw, any other returned value
    /// (false, null, a comparison), or a call that could reject (it may throw) makes it real validation.
    /// When the body cannot be seen the delegate is not accept-all: we never report what we cannot prove.
    /// </summary>
    internal static class AcceptAllDelegates
    {
        /// <summary>
        /// The exemption TA101-TA103 and TA301 share: a validator delegate of <paramref name="validators"/> on the same
        /// parameters object as <paramref name="flag"/> that is neither accept-all nor null does the check instead,
        /// where it is set whenever the flag is (real code sets the validator in one case of a switch and switches
        /// the check off in another). <c>IssuerValidator = null</c> restores the built-in check, which the flag has off.
        /// </summary>
        public static bool HasRealValidator(ConfigurationScope scope, PropertyAssignment flag, string[] validators, ValidatorKind kind, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            foreach (var validator in scope.AssignmentsTo(flag.Target, validators))
            {
                if (validator.Value.ConstantValue is not { HasValue: true, Value: null } &&
                    SyntaxPaths.RunsWhenever(validator.Syntax, flag.Syntax, scope.Node) &&
                    !IsAcceptAll(validator.Value, kind, symbols, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsAcceptAll(IOperation? value, ValidatorKind kind, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            // `env.IsDevelopment() ? accept : null`: the assignment's own condition is runtime input, as an `if` around
            // it is, so an accept-all branch is assigned in some run (round AK). Inside a delegate, a condition on the
            // token is validation: that is judged in the body.
            if (DelegateBody.Unwrap(value) is IConditionalOperation { WhenFalse: not null } conditional)
            {
                return IsAcceptAll(conditional.WhenTrue, kind, symbols, cancellationToken) ||
                       IsAcceptAll(conditional.WhenFalse, kind, symbols, cancellationToken);
            }

            var body = DelegateBody.Resolve(value, symbols.Compilation, cancellationToken);
            return body is not null && IsAcceptAll(body, kind, symbols, cancellationToken);
        }

        /// <summary>
        /// A conditional value one of whose branches validates (neither null nor accept-all): removing the assignment
        /// would drop that validator too (round AM: <c>strict ? partnerValidator : accept</c>, and the partner's tokens
        /// failed), so a fix that removes it is declined.
        /// </summary>
        public static bool HasValidatingBranch(IOperation? value, ValidatorKind kind, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (DelegateBody.Unwrap(value) is not IConditionalOperation { WhenFalse: { } whenFalse } conditional)
            {
                return false;
            }

            return Validates(conditional.WhenTrue) || Validates(whenFalse);

            bool Validates(IOperation branch) =>
                HasValidatingBranch(branch, kind, symbols, cancellationToken) ||
                (DelegateBody.Unwrap(branch) is not IConditionalOperation &&
                 DelegateBody.Unwrap(branch)?.ConstantValue is not { HasValue: true, Value: null } &&
                 !IsAcceptAll(branch, kind, symbols, cancellationToken));
        }

        public static bool IsAcceptAll(DelegateBody body, ValidatorKind kind, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            // The operations of the body (nested functions not entered), except the catch clauses of a `try` whose
            // block cannot reject: logging wrapped in `try` does not make a delegate validate, whatever its catch
            // does. Walked here rather than by an iterator, a class of five methods to JIT on first use (issue 22).
            var returns = 0;
            var stack = new Stack<IOperation>();
            stack.Push(body.Body);
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var operation = stack.Pop();
                switch (operation)
                {
                    case IThrowOperation:
                        return false;
                    case IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak }:
                        return false;
                    case IReturnOperation returned:
                        returns++;
                        if (!Accepts(returned.ReturnedValue, kind, body, symbols, cancellationToken))
                        {
                            return false;
                        }

                        break;
                    case IInvocationOperation invocation when !CannotReject(invocation, symbols):
                        return false;
                }

                if (operation is ITryOperation tryOperation && CannotReject(tryOperation.Body, symbols))
                {
                    stack.Push(tryOperation.Body);
                    if (tryOperation.Finally is { } finallyBlock)
                    {
                        stack.Push(finallyBlock);
                    }

                    continue;
                }

                foreach (var child in operation.ChildOperations)
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        stack.Push(child);
                    }
                }
            }

            return returns > 0;
        }

        /// <summary>A block with no throw and no call that may reject (its returns are judged where they are).</summary>
        private static bool CannotReject(IOperation block, TokenSymbols symbols)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IThrowOperation:
                        return false;
                    case IInvocationOperation invocation when !CannotReject(invocation, symbols):
                        return false;
                }
            }

            return true;
        }

        private static bool Accepts(IOperation? value, ValidatorKind kind, DelegateBody body, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            value = DelegateBody.Unwrap(value);
            if (value is IConditionalOperation { WhenFalse: not null } conditional)
            {
                return Accepts(conditional.WhenTrue, kind, body, symbols, cancellationToken) &&
                       Accepts(conditional.WhenFalse, kind, body, symbols, cancellationToken);
            }

            if (value is ISwitchExpressionOperation { IsExhaustive: true, Arms.Length: > 0 } switchExpression)
            {
                // `mode switch { Mode.Strict => true, _ => true }`: every arm accepts (a non-exhaustive switch throws
                // for the values no arm matches, which rejects them).
                foreach (var arm in switchExpression.Arms)
                {
                    if (!Accepts(arm.Value, kind, body, symbols, cancellationToken))
                    {
                        return false;
                    }
                }

                return true;
            }

            switch (kind)
            {
                case ValidatorKind.Boolean:
                    return value?.ConstantValue is { HasValue: true, Value: true } ||
                           (value is IBinaryOperation && ConstantValues.GetConstant(value, symbols.Compilation, cancellationToken) is { HasValue: true, Value: true }); // `x || true`
                case ValidatorKind.Issuer:
                    return body.IsParameter(value, 0) ||
                           value?.ConstantValue is { HasValue: true, Value: string } ||
                           value is IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } } || // String.Empty
                           // token.Issuer; configuration.Issuer (IssuerValidatorUsingConfiguration's fourth argument),
                           // returned whatever the token says, as a constant is (round AK)
                           (value is IPropertyReferenceOperation { Property.Name: "Issuer" } issuer && (body.IsParameter(issuer.Instance, 1) || body.IsParameter(issuer.Instance, 3)));
                case ValidatorKind.Signature:
                    return IsParsedOnly(value, symbols, cancellationToken, 0);
                default:
                    return false;
            }
        }

        /// <summary>
        /// A TLS certificate callback that accepts every certificate (TA108): <c>HttpClientHandler.DangerousAcceptAnyServerCertificateValidator</c>,
        /// or an accept-all delegate of the Terms that returns <c>true</c> on every path (<c>(m, c, ch, e) =&gt; true</c>,
        /// <c>delegate { return true; }</c>, a method group), directly or through a single-assignment local or field.
        /// A callback that compares <c>SslPolicyErrors</c>, pins a thumbprint or builds an <c>X509Chain</c> is real validation.
        /// </summary>
        public static bool IsAcceptAllCertificateCallback(IOperation? value, TokenSymbols symbols, CancellationToken cancellationToken, int depth = 0)
        {
            var unwrapped = DelegateBody.Unwrap(value);
            switch (unwrapped)
            {
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "DangerousAcceptAnyServerCertificateValidator" } property }:
                    return property.ContainingType.InheritsFromOrEquals(symbols.HttpClientHandler) ||
                           property.ContainingType.ToDisplayString() == KnownTypeNames.HttpClientHandler;
                case ILocalReferenceOperation or IFieldReferenceOperation when depth < 4:
                    var symbol = unwrapped is ILocalReferenceOperation local ? (ISymbol)local.Local : ((IFieldReferenceOperation)unwrapped).Field;
                    var writes = SymbolWrites.Find(symbol, symbols.Compilation, cancellationToken, includeReadOnlyFields: true);
                    if (!writes.IsDefault && writes.Length == 1 && !writes[0].IsImplicitDefault &&
                        DelegateBody.Unwrap(writes[0].Operation) is IPropertyReferenceOperation)
                    {
                        return IsAcceptAllCertificateCallback(writes[0].Operation, symbols, cancellationToken, depth + 1);
                    }

                    break;
            }

            return IsAcceptAll(value, ValidatorKind.Boolean, symbols, cancellationToken);
        }

        /// <summary>A token obtained only by parsing a string: new JsonWebToken(s), new JwtSecurityToken(s), Read*Token(s).</summary>
        public static bool IsParsedOnly(IOperation? value, TokenSymbols symbols, CancellationToken cancellationToken, int depth = 0)
        {
            value = DelegateBody.Unwrap(value);
            switch (value)
            {
                case IObjectCreationOperation creation:
                    return symbols.IsParsedTokenType(creation.Type) &&
                           creation.Arguments.Length == 1 &&
                           creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String;
                case IInvocationOperation invocation:
                    return IsTokenRead(invocation.TargetMethod, symbols);
                case ILocalReferenceOperation local when depth < 4:
                    var writes = SymbolWrites.Find(local.Local, symbols.Compilation, cancellationToken);
                    if (writes.IsDefaultOrEmpty)
                    {
                        return false;
                    }

                    foreach (var write in writes)
                    {
                        if (!IsParsedOnly(write.Operation, symbols, cancellationToken, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>ReadToken, ReadJwtToken, ReadJsonWebToken on a token handler: parsing without validation.</summary>
        public static bool IsTokenRead(IMethodSymbol method, TokenSymbols symbols) =>
            method.Name is "ReadToken" or "ReadJwtToken" or "ReadJsonWebToken" &&
            symbols.IsTokenHandlerType(method.ContainingType);

        /// <summary>LINQ queries that never throw on their content (First, Single and the like can, so they count as checks).</summary>
        private static readonly System.Collections.Generic.HashSet<string> NonThrowingQueries = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal)
        {
            "Any", "All", "Contains", "Count", "LongCount", "Select", "Where", "ToList", "ToArray", "FirstOrDefault", "LastOrDefault", "Distinct", "OrderBy", "Concat",
        };

        /// <summary>Calls that cannot reject a token: logging, console and trace output, string formatting, parsing.</summary>
        internal static bool CannotReject(IInvocationOperation invocation, TokenSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (IsTokenRead(method, symbols) || method.Name == "CanReadToken")
            {
                return true;
            }

            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                case SpecialType.System_Object:
                    return true;
            }

            var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (ns.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal) ||
                ns.StartsWith("Serilog", StringComparison.Ordinal) ||
                ns.StartsWith("NLog", StringComparison.Ordinal) ||
                ns.StartsWith("log4net", StringComparison.Ordinal))
            {
                return true;
            }

            var typeName = type.ToDisplayString();
            if (typeName == "System.Linq.Enumerable")
            {
                return NonThrowingQueries.Contains(method.Name);
            }

            return typeName is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace" or "System.Text.StringBuilder" or "System.FormattableString" ||
                   method.Name.StartsWith("Log", StringComparison.Ordinal) ||
                   type.Name.IndexOf("Log", StringComparison.Ordinal) >= 0;
        }
    }
}
