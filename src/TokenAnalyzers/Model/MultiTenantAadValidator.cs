using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// RULES.md TA301: <c>AadIssuerValidator...Validate</c> used as an issuer validator for a multi-tenant authority
    /// (<c>common</c>, <c>organizations</c>, <c>consumers</c>): it fills the <c>{tenantid}</c> template from the token's
    /// own <c>tid</c>, so it accepts the issuer of every tenant. Seen as a method group
    /// (<c>AadIssuerValidator.GetAadIssuerValidator(authority).Validate</c>), a delegate that only forwards to it, and
    /// a validator held in a single-assignment local or readonly field.
    /// </summary>
    internal static class MultiTenantAadValidator
    {
        private const int MaxDepth = 4;

        /// <summary>
        /// Is <paramref name="value"/> AadIssuerValidator.Validate for a multi-tenant authority? The authority is the
        /// argument of <c>GetAadIssuerValidator</c> when it is an Entra ID authority; otherwise (a value read at run
        /// time, such as <c>options.Authority</c>) the configuration's own authority, <paramref name="backing"/>.
        /// </summary>
        public static bool Is(IOperation? value, EntraAuthority backing, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (symbols.AadIssuerValidator is not { } validatorType || ValidatorInstance(value, validatorType, symbols, cancellationToken) is not { } instance)
            {
                return false;
            }

            var authority = AuthorityOf(instance, validatorType, symbols, cancellationToken, 0);
            return (authority ?? backing).IsMultiTenant;
        }

        /// <summary>The AadIssuerValidator whose Validate the delegate is, or only forwards to.</summary>
        private static IOperation? ValidatorInstance(IOperation? value, INamedTypeSymbol validatorType, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var unwrapped = DelegateBody.Unwrap(value);
            if (unwrapped is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.Name: "Validate" } group } &&
                group.Method.ContainingType.InheritsFromOrEquals(validatorType))
            {
                return group.Instance;
            }

            // (issuer, token, parameters) => validator.Validate(issuer, token, parameters): one statement that forwards.
            if (DelegateBody.Resolve(value, symbols.Compilation, cancellationToken) is not { } body)
            {
                return null;
            }

            IOperation? only = null;
            foreach (var operation in body.Body.ChildOperations)
            {
                if (operation is ILabeledOperation or IEmptyOperation)
                {
                    continue;
                }

                if (only is not null)
                {
                    return null; // more than forwarding
                }

                only = operation;
            }

            var forwarded = only switch
            {
                IReturnOperation { ReturnedValue: { } returned } => DelegateBody.Unwrap(returned),
                IExpressionStatementOperation statement => DelegateBody.Unwrap(statement.Operation),
                _ => DelegateBody.Unwrap(only),
            };

            return forwarded is IInvocationOperation { TargetMethod.Name: "Validate" } call && call.TargetMethod.ContainingType.InheritsFromOrEquals(validatorType)
                ? call.Instance
                : null;
        }

        /// <summary>The Entra authority an AadIssuerValidator instance was made for, when it can be seen.</summary>
        private static EntraAuthority? AuthorityOf(IOperation? instance, INamedTypeSymbol validatorType, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            instance = DelegateBody.Unwrap(instance);
            if (instance is null || depth > MaxDepth)
            {
                return null;
            }

            switch (instance)
            {
                case IInvocationOperation { TargetMethod: { Name: "GetAadIssuerValidator", IsStatic: true } method } factory
                    when method.ContainingType.InheritsFromOrEquals(validatorType):
                    foreach (var argument in factory.Arguments)
                    {
                        if (argument.Parameter?.Ordinal == 0)
                        {
                            return EntraAuthority.Recognize(argument.Value, symbols.Compilation, cancellationToken);
                        }
                    }

                    return null;
                case ILocalReferenceOperation local:
                    return AuthorityOf(SymbolWrites.SingleWrite(local.Local, symbols.Compilation, cancellationToken), validatorType, symbols, cancellationToken, depth + 1);
                case IFieldReferenceOperation { Field.IsReadOnly: true } field:
                    return AuthorityOf(SymbolWrites.SingleWrite(field.Field, symbols.Compilation, cancellationToken, includeReadOnlyFields: true), validatorType, symbols, cancellationToken, depth + 1);
                default:
                    return null;
            }
        }
    }
}
