using System.Threading;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
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

        public static bool IsConstantFalse(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            GetConstant(value, compilation, cancellationToken) is { HasValue: true, Value: false };

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
                case ILocalReferenceOperation local:
                    return SingleConstant(local.Local, compilation, cancellationToken, depth);
                case IFieldReferenceOperation field:
                    return SingleConstant(field.Field, compilation, cancellationToken, depth);
                default:
                    return default;
            }
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
