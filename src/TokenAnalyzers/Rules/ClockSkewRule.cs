using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>TA106: ClockSkew set to a constant TimeSpan above the limit (default 5 minutes, token_analyzers.max_clock_skew).</summary>
    internal sealed class ClockSkewRule : TokenRule
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(ClockSkewTooLarge);

        private static readonly ImmutableHashSet<string> PropertyNames = ImmutableHashSet.Create("ClockSkew");

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, PropertyNames, ValueFilter.Any, AnalyzeAssignment);

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            if (!context.Symbols.IsParametersType(context.Assignment.ObjectType) ||
                !TryGetConstantTimeSpan(context.Assignment.Value, context.Symbols, context.CancellationToken, out var skew))
            {
                return;
            }

            var limit = TokenAnalyzersOptions.MaxClockSkew(context.NodeContext.Options, context.Assignment.Syntax.SyntaxTree);
            if (skew > limit)
            {
                context.Report(ClockSkewTooLarge, Format(skew), Format(limit));
            }
        }

        private static string Format(TimeSpan value) =>
            value == TimeSpan.MaxValue ? "TimeSpan.MaxValue" : value.ToString("c", CultureInfo.InvariantCulture);

        /// <summary>
        /// TimeSpan.FromX(constants...), new TimeSpan(constants...), TimeSpan.MaxValue, also through a single-assignment
        /// local, readonly field or static readonly field (RULES.md Terms, "Values and reads"; real code:
        /// <c>ClockSkew = Jwt.TokenLifetime</c> with <c>static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(1)</c>).
        /// </summary>
        internal static bool TryGetConstantTimeSpan(IOperation value, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken, out TimeSpan result, int depth = 0)
        {
            result = default;
            switch (DelegateBody.Unwrap(value))
            {
                case ILocalReferenceOperation local when depth < 4:
                    return SymbolWrites.SingleWrite(local.Local, symbols.Compilation, cancellationToken) is { } written &&
                           TryGetConstantTimeSpan(written, symbols, cancellationToken, out result, depth + 1);

                case IFieldReferenceOperation { Field: { IsReadOnly: true } field } when depth < 4 && !IsTimeSpan(field.ContainingType, symbols):
                    return SymbolWrites.SingleWrite(field, symbols.Compilation, cancellationToken, includeReadOnlyFields: true) is { } initial &&
                           TryGetConstantTimeSpan(initial, symbols, cancellationToken, out result, depth + 1);

                case IFieldReferenceOperation { Field: { IsStatic: true } field } when IsTimeSpan(field.ContainingType, symbols):
                    switch (field.Name)
                    {
                        case nameof(TimeSpan.MaxValue):
                            result = TimeSpan.MaxValue;
                            return true;
                        case nameof(TimeSpan.Zero):
                        case nameof(TimeSpan.MinValue):
                            result = TimeSpan.Zero;
                            return true;
                        default:
                            return false;
                    }

                case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                    when IsTimeSpan(method.ContainingType, symbols) && method.Name.StartsWith("From", StringComparison.Ordinal):
                    return TrySum(invocation.Arguments, method.Name.Substring("From".Length), out result);

                case IObjectCreationOperation { Constructor: { } constructor } creation when IsTimeSpan(constructor.ContainingType, symbols):
                    return TrySum(creation.Arguments, defaultUnit: null, out result);

                default:
                    return false;
            }
        }

        private static bool IsTimeSpan(ITypeSymbol? type, TokenSymbols symbols) =>
            type is not null && SymbolEqualityComparer.Default.Equals(type, symbols.TimeSpan);

        /// <summary>Adds up constant arguments by their parameter's unit (days, hours, ..., ticks); any non-constant fails.</summary>
        private static bool TrySum(ImmutableArray<IArgumentOperation> arguments, string? defaultUnit, out TimeSpan result)
        {
            result = default;
            decimal ticks = 0;
            foreach (var argument in arguments)
            {
                var constant = argument.Value.ConstantValue;
                if (!constant.HasValue || constant.Value is null)
                {
                    return false;
                }

                var unit = argument.Parameter?.Name is "value" or null ? defaultUnit : argument.Parameter.Name;
                var ticksPerUnit = TicksPer(unit);
                if (ticksPerUnit == 0)
                {
                    return false;
                }

                // No exception to catch: the value is saturated so that the product and the sum stay far inside decimal's
                // range while still exceeding TimeSpan's (a clamped value counts as "too large" all the same).
                if (!TryDecimal(constant.Value, out var value))
                {
                    return false;
                }

                var limit = Saturation / ticksPerUnit;
                ticks += Math.Max(-limit, Math.Min(limit, value)) * ticksPerUnit;
            }

            result = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue
                : ticks <= TimeSpan.MinValue.Ticks ? TimeSpan.MinValue
                : TimeSpan.FromTicks((long)ticks);
            return true;
        }

        /// <summary>Above TimeSpan's range in ticks (9.2e18), far below decimal's (7.9e28) even summed over a few arguments.</summary>
        private const decimal Saturation = 1e20m;

        /// <summary>A numeric constant as a decimal (saturated at <see cref="Saturation"/>); false for NaN and non-numbers.</summary>
        private static bool TryDecimal(object? constant, out decimal value)
        {
            switch (constant)
            {
                case double or float:
                    var number = Convert.ToDouble(constant, CultureInfo.InvariantCulture);
                    value = double.IsNaN(number) ? 0 : Math.Abs(number) >= (double)Saturation ? Math.Sign(number) * Saturation : (decimal)number;
                    return !double.IsNaN(number);
                case decimal or int or long or short or sbyte or byte or ushort or uint or ulong:
                    value = Convert.ToDecimal(constant, CultureInfo.InvariantCulture);
                    return true;
                default:
                    value = 0;
                    return false;
            }
        }

        private static long TicksPer(string? unit) => unit?.ToLowerInvariant() switch
        {
            "days" => TimeSpan.TicksPerDay,
            "hours" => TimeSpan.TicksPerHour,
            "minutes" => TimeSpan.TicksPerMinute,
            "seconds" => TimeSpan.TicksPerSecond,
            "milliseconds" => TimeSpan.TicksPerMillisecond,
            "microseconds" => 10,
            "ticks" => 1,
            _ => 0,
        };
    }
}
