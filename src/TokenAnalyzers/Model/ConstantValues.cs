using System.Threading;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Constant values as RULES.md defines them: compile-time constants (literals, const, folded expressions such
    /// as <c>!true</c> or <c>1 &gt; 2</c>) and locals or fully visible fields whose every write is that same constant.
    /// A value from a parameter, configuration or a call is never constant.
    /// </summary>
    internal static class ConstantValues
    {
        private const int MaxDepth = 4;

        /// <summary>
        /// Constant false as RULES.md defines it: false outside development-only code (<c>!env.IsDevelopment() ? false
        /// : x</c> included), or false in development only (<c>env.IsDevelopment() ? false : true</c>), which
        /// <see cref="DevelopmentOnly.IsFalseOnlyInDevelopment"/> tells the rules that skip development-only code.
        /// </summary>
        public static bool IsConstantFalse(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            GetConstant(value, compilation, cancellationToken) is { HasValue: true, Value: false } ||
            DevelopmentOnly.IsFalseOnlyInDevelopment(value, compilation, cancellationToken);

        public static Optional<object?> GetConstant(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            GetConstant(value, compilation, cancellationToken, 0);

        private static Optional<object?> GetConstant(IOperation? value, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            if (value is null || depth > MaxDepth)
            {
                return default;
            }

            if (value.ConstantValue.HasValue)
            {
                return value.ConstantValue;
            }

            switch (value)
            {
                case IConversionOperation { OperatorMethod: null } conversion:
                    return GetConstant(conversion.Operand, compilation, cancellationToken, depth);
                case IParenthesizedOperation parenthesized:
                    return GetConstant(parenthesized.Operand, compilation, cancellationToken, depth);
                case ISimpleAssignmentOperation chained:
                    return GetConstant(chained.Value, compilation, cancellationToken, depth + 1); // a = b = false: a gets false
                case ILocalReferenceOperation local:
                    return SingleConstant(local.Local, compilation, cancellationToken, depth);
                case IFieldReferenceOperation field:
                    return SingleConstant(field.Field, compilation, cancellationToken, depth);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                    return GetConstant(not.Operand, compilation, cancellationToken, depth + 1) is { HasValue: true, Value: bool operand }
                        ? new Optional<object?>(!operand)
                        : default;
                case IBinaryOperation { OperatorMethod: null } binary when IsBoolean(binary):
                    return BooleanOperator(binary, compilation, cancellationToken, depth);
                case IConditionalOperation { WhenFalse: not null } conditional:
                    return Conditional(conditional, compilation, cancellationToken, depth);
                case ICompoundAssignmentOperation { OperatorMethod: null, Type.SpecialType: SpecialType.System_Boolean } compound
                    when compound.OperatorKind is BinaryOperatorKind.And or BinaryOperatorKind.Or:
                    // `p.ValidateIssuer &= false` is false and `|= true` true, whatever the property held.
                    var absorbing = compound.OperatorKind == BinaryOperatorKind.Or;
                    return GetConstant(compound.Value, compilation, cancellationToken, depth + 1) is { HasValue: true, Value: bool right } && right == absorbing
                        ? new Optional<object?>(absorbing)
                        : default;
                default:
                    return default;
            }
        }

        private static bool IsBoolean(IBinaryOperation binary) =>
            binary.Type?.SpecialType == SpecialType.System_Boolean &&
            binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or;

        /// <summary><c>x &amp;&amp; false</c> is false and <c>x || true</c> true whatever x is (the compiler folds neither).</summary>
        private static Optional<object?> BooleanOperator(IBinaryOperation binary, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            var isAnd = binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And;
            var left = GetConstant(binary.LeftOperand, compilation, cancellationToken, depth + 1);
            var right = GetConstant(binary.RightOperand, compilation, cancellationToken, depth + 1);
            var absorbing = !isAnd; // false absorbs &&, true absorbs ||
            if (left is { HasValue: true, Value: bool l } && l == absorbing || right is { HasValue: true, Value: bool r } && r == absorbing)
            {
                return new Optional<object?>(absorbing);
            }

            return left is { HasValue: true, Value: bool } && right is { HasValue: true, Value: bool }
                ? new Optional<object?>(!absorbing)
                : default;
        }

        /// <summary>
        /// Both branches the same constant; or, when the condition is a development test, the constant of the branch
        /// taken outside development (<c>!env.IsDevelopment() ? false : x</c> is false in production).
        /// </summary>
        private static Optional<object?> Conditional(IConditionalOperation conditional, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            if (DevelopmentOnly.Branches(conditional, compilation, cancellationToken) is { } branches)
            {
                return GetConstant(branches.Production, compilation, cancellationToken, depth + 1);
            }

            var whenTrue = GetConstant(conditional.WhenTrue, compilation, cancellationToken, depth + 1);
            var whenFalse = GetConstant(conditional.WhenFalse, compilation, cancellationToken, depth + 1);
            return whenTrue.HasValue && whenFalse.HasValue && Equals(whenTrue.Value, whenFalse.Value) ? whenTrue : default;
        }

        private static Optional<object?> SingleConstant(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            var writes = SymbolWrites.Find(symbol, compilation, cancellationToken);
            if (writes.IsDefaultOrEmpty)
            {
                return default;
            }

            Optional<object?> agreed = default;
            foreach (var write in writes)
            {
                var constant = write.IsImplicitDefault
                    ? write.ImplicitDefault
                    : GetConstant(write.Operation, compilation, cancellationToken, depth + 1);
                if (!constant.HasValue || (agreed.HasValue && !Equals(agreed.Value, constant.Value)))
                {
                    return default;
                }

                agreed = constant;
            }

            return agreed;
        }
    }
}
