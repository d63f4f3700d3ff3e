using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// A presence test of a value (TA109): <c>!string.IsNullOrEmpty(x)</c>, <c>!string.IsNullOrWhiteSpace(x)</c>,
    /// <c>x != null</c>, <c>x is not null</c>, <c>x.Any()</c>, <c>x.Count &gt; 0</c>, <c>x.Length &gt; 0</c>,
    /// <c>x.Count() &gt; 0</c>, <c>x.HasValue</c> (and the same comparisons written the other way round, with
    /// <c>!= 0</c> or <c>&gt;= 1</c>, or null-conditional: <c>x?.Any() == true</c>, <c>x?.Any() ?? false</c>,
    /// <c>x?.Count &gt; 0</c>, <c>(x?.Count ?? 0) &gt; 0</c>), directly or
    /// through a single-assignment local. A flag computed this way is true exactly where the value is configured,
    /// so the check it controls goes off where the setting is missing.
    /// </summary>
    internal static class PresenceTest
    {
        private const int MaxDepth = 4;

        /// <summary>
        /// The values a presence test, or a disjunction of them, tests (<c>!string.IsNullOrWhiteSpace(jwt.Issuer) ||
        /// !string.IsNullOrWhiteSpace(jwt.Authority)</c>, real code: the flag is off where none is configured); null when
        /// any operand is no presence test.
        /// </summary>
        public static List<IOperation>? TestedValues(IOperation? value, Compilation compilation, CancellationToken cancellationToken)
        {
            if (DelegateBody.Unwrap(value) is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or)
            {
                if (TestedValues(or.LeftOperand, compilation, cancellationToken) is { } left &&
                    TestedValues(or.RightOperand, compilation, cancellationToken) is { } right)
                {
                    left.AddRange(right);
                    return left;
                }

                return null;
            }

            return TestedValue(value, compilation, cancellationToken) is { } tested ? new List<IOperation> { tested } : null;
        }

        /// <summary>The value whose presence <paramref name="value"/> tests, or null when it is no presence test.</summary>
        public static IOperation? TestedValue(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            TestedValue(value, compilation, cancellationToken, 0);

        private static IOperation? TestedValue(IOperation? value, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            value = DelegateBody.Unwrap(value);
            switch (value)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not
                    when DelegateBody.Unwrap(not.Operand) is IInvocationOperation { TargetMethod: { IsStatic: true, Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String }, Arguments.Length: 1 } isNull:
                    return DelegateBody.Unwrap(isNull.Arguments[0].Value);
                case IBinaryOperation binary:
                    return Compared(binary);
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } } pattern:
                    return DelegateBody.Unwrap(pattern.Value);
                case IIsPatternOperation { Pattern: IRecursivePatternOperation recursive } pattern when IsPresencePattern(recursive):
                    return DelegateBody.Unwrap(pattern.Value);
                case IInvocationOperation invocation when IsAny(invocation):
                    return DelegateBody.Unwrap(invocation.Arguments[0].Value);
                case ICoalesceOperation { WhenNull.ConstantValue: { HasValue: true, Value: false } } coalesce:
                    return NullConditionalAny(DelegateBody.Unwrap(coalesce.Value));
                case IPropertyReferenceOperation { Property.Name: "HasValue", Instance: { } instance } hasValue
                    when hasValue.Property.ContainingType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T:
                    return DelegateBody.Unwrap(instance);
                case ILocalReferenceOperation local when depth < MaxDepth:
                    var writes = SymbolWrites.Find(local.Local, compilation, cancellationToken);
                    return !writes.IsDefault && writes.Length == 1 && !writes[0].IsImplicitDefault
                        ? TestedValue(writes[0].Operation, compilation, cancellationToken, depth + 1)
                        : null;
                case IFieldReferenceOperation field when depth < MaxDepth:
                    // A readonly field set once (round AO: `_hasIssuer = !string.IsNullOrEmpty(_issuer)` in an options
                    // setup's constructor), as the Terms' values flow.
                    return TestedValue(SymbolWrites.SingleWrite(field.Field, compilation, cancellationToken, includeReadOnlyFields: true), compilation, cancellationToken, depth + 1);
                default:
                    return null;
            }
        }

        /// <summary><c>x != null</c>, <c>x.Count &gt; 0</c>, <c>0 &lt; x.Length</c>, <c>x?.Any() == true</c>, ...</summary>
        private static IOperation? Compared(IBinaryOperation binary)
        {
            var left = DelegateBody.Unwrap(binary.LeftOperand);
            var right = DelegateBody.Unwrap(binary.RightOperand);
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.NotEquals when IsNull(right):
                    return left;
                case BinaryOperatorKind.NotEquals when IsNull(left):
                    return right;
                case BinaryOperatorKind.NotEquals when IsInt(right, 0):
                case BinaryOperatorKind.GreaterThan when IsInt(right, 0):
                case BinaryOperatorKind.GreaterThanOrEqual when IsInt(right, 1):
                    return Counted(left);
                case BinaryOperatorKind.NotEquals when IsInt(left, 0):
                case BinaryOperatorKind.LessThan when IsInt(left, 0):
                case BinaryOperatorKind.LessThanOrEqual when IsInt(left, 1):
                    return Counted(right);
                case BinaryOperatorKind.Equals when right?.ConstantValue is { HasValue: true, Value: true }:
                    return NullConditionalAny(left);
                case BinaryOperatorKind.Equals when left?.ConstantValue is { HasValue: true, Value: true }:
                    return NullConditionalAny(right);
                default:
                    return null;
            }
        }

        /// <summary>
        /// <c>x is { }</c>, <c>x is { Length: &gt; 0 }</c>, <c>x is { Count: &gt; 0 }</c> (or <c>&gt;= 1</c>, <c>not 0</c>): no
        /// type and no other subpattern.
        /// </summary>
        private static bool IsPresencePattern(IRecursivePatternOperation pattern)
        {
            if (pattern.DeconstructionSubpatterns.Length > 0 || pattern.DeclaredSymbol is not null ||
                (pattern.MatchedType is { } matched && !SymbolEqualityComparer.Default.Equals(matched, pattern.InputType)))
            {
                return false;
            }

            if (pattern.PropertySubpatterns.Length == 0)
            {
                return true;
            }

            return pattern.PropertySubpatterns.Length == 1 &&
                   pattern.PropertySubpatterns[0] is { Member: IPropertyReferenceOperation { Property.Name: "Length" or "Count" } } subpattern &&
                   subpattern.Pattern switch
                   {
                       IRelationalPatternOperation { OperatorKind: BinaryOperatorKind.GreaterThan } relational => IsInt(relational.Value, 0),
                       IRelationalPatternOperation { OperatorKind: BinaryOperatorKind.GreaterThanOrEqual } relational => IsInt(relational.Value, 1),
                       INegatedPatternOperation { Pattern: IConstantPatternOperation constant } => IsInt(constant.Value, 0),
                       _ => false,
                   };
        }

        /// <summary><c>x.Count</c>, <c>x.Length</c>, <c>x.Count()</c>, <c>x?.Count</c> or <c>x?.Count ?? 0</c>: x.</summary>
        private static IOperation? Counted(IOperation? operation)
        {
            switch (operation)
            {
                case IConditionalAccessOperation { WhenNotNull: IConditionalAccessOperation inner }:
                    return Counted(inner); // jwt?.Audiences?.Length: jwt?.Audiences
                case IPropertyReferenceOperation { Property.Name: "Count" or "Length", Instance: { } instance }:
                    return DelegateBody.Unwrap(instance);
                case IInvocationOperation { TargetMethod.Name: "Count", Arguments.Length: 1 } count when IsEnumerable(count.TargetMethod):
                    return DelegateBody.Unwrap(count.Arguments[0].Value);
                case IConditionalAccessOperation access
                    when DelegateBody.Unwrap(access.WhenNotNull) is IPropertyReferenceOperation { Property.Name: "Count" or "Length", Instance: IConditionalAccessInstanceOperation }
                      or IInvocationOperation { TargetMethod.Name: "Count", Arguments.Length: 1 }:
                    return DelegateBody.Unwrap(access.Operation);
                case ICoalesceOperation { WhenNull.ConstantValue: { HasValue: true, Value: 0 } } coalesce:
                    return Counted(DelegateBody.Unwrap(coalesce.Value) as IConditionalAccessOperation);
                default:
                    return null;
            }
        }

        /// <summary><c>x?.Any()</c> or <c>jwt?.Audiences?.Any()</c> (compared with true or coalesced with false): x, jwt?.Audiences.</summary>
        private static IOperation? NullConditionalAny(IOperation? operation) => operation switch
        {
            IConditionalAccessOperation { WhenNotNull: IConditionalAccessOperation inner } => NullConditionalAny(inner),
            IConditionalAccessOperation access when DelegateBody.Unwrap(access.WhenNotNull) is IInvocationOperation any && IsAny(any) => DelegateBody.Unwrap(access.Operation),
            _ => null,
        };

        private static bool IsAny(IInvocationOperation invocation) =>
            invocation.TargetMethod.Name == "Any" && invocation.Arguments.Length == 1 && IsEnumerable(invocation.TargetMethod);

        private static bool IsEnumerable(IMethodSymbol method) =>
            method.IsExtensionMethod || method.ReducedFrom is not null
                ? (method.ReducedFrom ?? method).ContainingType.ToDisplayString() == "System.Linq.Enumerable"
                : false;

        private static bool IsNull(IOperation? operation) => operation?.ConstantValue is { HasValue: true, Value: null };

        private static bool IsInt(IOperation? operation, int expected) => operation?.ConstantValue is { HasValue: true, Value: int value } && value == expected;

        /// <summary>
        /// True when <paramref name="candidate"/> is, or contains, the value <paramref name="tested"/> names (the same
        /// local, parameter, field or member path, or the same expression text such as <c>cfg["Jwt:Issuer"]</c>):
        /// <c>ValidIssuer = issuer</c>, <c>ValidIssuers = new[] { issuer }</c>, <c>ValidAudiences = audiences.Split(',')</c>,
        /// <c>IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key))</c>. A member read of it
        /// (<c>settings.Issuer</c> when <c>settings</c> was tested) is a different value.
        /// </summary>
        public static bool Carries(IOperation? candidate, IOperation tested, Compilation compilation, CancellationToken cancellationToken)
        {
            if (candidate is null)
            {
                return false;
            }

            foreach (var operation in candidate.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is IConversionOperation or IParenthesizedOperation || IsMemberReceiver(operation))
                {
                    continue;
                }

                if (SameValue(operation, tested) ||
                    (operation is ILocalReferenceOperation local && SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken) is { } written && !ReferenceEquals(written, candidate) &&
                     Carries(written, tested, compilation, cancellationToken)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the tested value is that value, possibly through the single assignment of a local.</summary>
        public static bool SameValue(IOperation a, IOperation b)
        {
            a = DelegateBody.Unwrap(a)!;
            b = DelegateBody.Unwrap(b)!;
            if (ObjectKey.Of(a) is { RootSymbol: not null } keyA && ObjectKey.Of(b) is { RootSymbol: not null } keyB)
            {
                return keyA.Equals(keyB);
            }

            // jwt?.Audiences tested, jwt!.Audiences or jwt?.Audiences assigned (round AD)
            if (ConditionalAccess.PathOf(a) is { } pathA && ConditionalAccess.PathOf(b) is { } pathB)
            {
                return pathA == pathB;
            }

            return a.Kind == b.Kind && SyntaxFactory.AreEquivalent(a.Syntax, b.Syntax);
        }

        private static bool IsMemberReceiver(IOperation operation)
        {
            var current = DelegateBody.Outermost(operation);

            return current.Parent is IPropertyReferenceOperation property && property.Instance == current ||
                   current.Parent is IFieldReferenceOperation field && field.Instance == current;
        }
    }
}
