using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>One value written to a symbol: an operation, or the implicit default of an uninitialized field.</summary>
    internal readonly struct WrittenValue
    {
        public WrittenValue(IOperation? operation)
        {
            Operation = operation;
            ImplicitDefault = default;
            IsImplicitDefault = false;
        }

        private WrittenValue(Optional<object?> implicitDefault)
        {
            Operation = null;
            ImplicitDefault = implicitDefault;
            IsImplicitDefault = true;
        }

        public IOperation? Operation { get; }
        public bool IsImplicitDefault { get; }
        public Optional<object?> ImplicitDefault { get; }

        public static WrittenValue DefaultOf(ITypeSymbol type) => new WrittenValue(type.SpecialType switch
        {
            SpecialType.System_Boolean => new Optional<object?>(false),
            _ when type.IsReferenceType => new Optional<object?>(null),
            _ => default,
        });
    }
}
