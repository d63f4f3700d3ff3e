using System.Threading;
using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Issuer validators that only test the shape of the issuer: a prefix, suffix or substring test
    /// (<c>StartsWith</c>, <c>EndsWith</c>, <c>Contains</c>, <c>IndexOf</c>) or a host test (<c>new Uri(issuer).Host</c>).
    /// Every Entra ID tenant's issuer passes such a test. A validator with any allow-list comparison (<c>==</c>,
    /// <c>Equals</c>, a collection's <c>Contains</c>, a set lookup, a switch), <c>AadIssuerValidator</c>, or a call we
    /// cannot see into is real validation: we never report what we cannot prove.
    /// </summary>
    internal static class IssuerChecks
    {
        public static bool IsShapeOnly(IOperation? value, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var body = DelegateBody.Resolve(value, symbols.Compilation, cancellationToken);
            return body is not null && IsShapeOnly(body, symbols, cancellationToken);
        }

        public static bool IsShapeOnly(DelegateBody body, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var shapeTests = 0;
            foreach (var operation in body.Body.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        switch (Classify(invocation, symbols))
                        {
                            case Test.Shape:
                                shapeTests++;
                                break;
                            case Test.Real:
                                return false;
                        }

                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                        if (IsNull(comparison.LeftOperand) || IsNull(comparison.RightOperand))
                        {
                            break; // a null check
                        }

                        if (IsHost(comparison.LeftOperand, symbols) || IsHost(comparison.RightOperand, symbols))
                        {
                            shapeTests++;
                            break;
                        }

                        if (IsStringOrObject(comparison.LeftOperand) && IsStringOrObject(comparison.RightOperand))
                        {
                            return false; // issuer == expected: an allow-list comparison
                        }

                        break;
                    case IIsPatternOperation pattern when IsHost(pattern.Value, symbols):
                        shapeTests++;
                        break;
                    case IIsPatternOperation pattern when HasStringConstant(pattern.Pattern):
                    case ISwitchOperation:
                    case ISwitchExpressionOperation:
                        return false; // issuer is "https://...", switch (issuer) { case ...: }: an allow-list
                }
            }

            // Whether it rejects by throwing or returning null does not matter: a shape test that never rejects
            // is accept-all, which TA301 reports too.
            return shapeTests > 0;
        }

        private enum Test
        {
            Neutral,
            Shape,
            Real,
        }

        private static Test Classify(IInvocationOperation invocation, TokenSymbols symbols)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type?.SpecialType == SpecialType.System_String)
            {
                switch (method.Name)
                {
                    case "StartsWith" or "EndsWith" or "Contains" or "IndexOf" or "LastIndexOf" or "IndexOfAny":
                        return Test.Shape;
                    case "Equals" or "Compare" or "CompareOrdinal":
                        foreach (var argument in invocation.Arguments)
                        {
                            if (IsHost(argument.Value, symbols))
                            {
                                return Test.Shape;
                            }
                        }

                        return invocation.Instance is { } instance && IsHost(instance, symbols) ? Test.Shape : Test.Real;
                    default:
                        return Test.Neutral; // ToLowerInvariant, Substring, Split, Format, IsNullOrEmpty...
                }
            }

            if (SymbolEqualityComparer.Default.Equals(type, symbols.Uri))
            {
                return Test.Neutral; // Uri.TryCreate, IsWellFormedUriString
            }

            if (method.Name == "Equals" && invocation.Instance is { } receiver && IsHost(receiver, symbols))
            {
                return Test.Shape;
            }

            // Logging and parsing cannot reject; anything else (a collection's Contains, a set lookup,
            // AadIssuerValidator, a helper we cannot see into) may be real validation.
            return AcceptAllDelegates.CannotReject(invocation, symbols) ? Test.Neutral : Test.Real;
        }

        /// <summary><c>uri.Host</c> (or <c>Authority</c>, <c>DnsSafeHost</c>, <c>IdnHost</c>) of a <see cref="Uri"/>.</summary>
        private static bool IsHost(IOperation? operation, TokenSymbols symbols)
        {
            operation = DelegateBody.Unwrap(operation);
            if (operation is IInvocationOperation { Instance: { } instance, TargetMethod.ContainingType.SpecialType: SpecialType.System_String } normalised &&
                normalised.TargetMethod.Name is "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Trim")
            {
                return IsHost(instance, symbols); // uri.Host.ToLowerInvariant()
            }

            return operation is IPropertyReferenceOperation { Property.Name: "Host" or "Authority" or "DnsSafeHost" or "IdnHost" } property &&
                   SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.Uri);
        }

        private static bool HasStringConstant(IPatternOperation pattern)
        {
            foreach (var operation in pattern.DescendantsAndSelf())
            {
                if (operation is IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: string } })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsNull(IOperation operation) =>
            DelegateBody.Unwrap(operation)?.ConstantValue is { HasValue: true, Value: null };

        private static bool IsStringOrObject(IOperation operation)
        {
            var type = DelegateBody.Unwrap(operation)?.Type ?? operation.Type;
            return type?.SpecialType is SpecialType.System_String or SpecialType.System_Object;
        }
    }
}
