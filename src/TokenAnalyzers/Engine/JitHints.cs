using System.Runtime.CompilerServices;

namespace TokenAnalyzers.Engine
{
    /// <summary>What the analyzer asks of the JIT, in the one place that explains why.</summary>
    internal static class JitHints
    {
        /// <summary>
        /// <c>MethodImplOptions.AggressiveOptimization</c>, which netstandard2.0 does not name: optimized code at the
        /// first call, no tier 0. For the loops over every file of a compilation (the candidate scanner per file,
        /// TA0004's options of every file and TA504's tenant check at compilation end). At tier 0 such a loop runs
        /// unoptimized, counting its iterations; when the count runs out, the thread running it recompiles it on the
        /// stack (OSR), inside the analyzer's timed callback (issue 22).
        /// </summary>
        public const MethodImplOptions FullyOptimized = (MethodImplOptions)512;
    }
}
