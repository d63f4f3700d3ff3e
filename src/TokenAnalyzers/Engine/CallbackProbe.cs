using System.Diagnostics;
#if TOKENANALYZERS_PROBE
using System.Diagnostics.Tracing;
using System.Runtime.InteropServices;
#endif

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// Marks where the compiler's callbacks into the analyzer begin and end, for the benchmark's <c>--cold-trace</c>
    /// (issue 22, item 4): what of a cold build's analyzer time is the JIT, type loading or the thread waiting for a
    /// core. Compiled in only with <c>-p:TokenAnalyzersProbe=true</c>; in the package every call is removed by the
    /// compiler (<see cref="ConditionalAttribute"/>), so the shipped analyzer neither runs nor JIT-compiles any of it.
    /// </summary>
    internal static class CallbackProbe
    {
        public const long CompilationStart = 1;

        /// <summary>A guarded unit of work (<see cref="RuleFailures.Run"/>): the scanner per file, additional files, compilation ends.</summary>
        public const long GuardedAction = 2;

        public const long OptionValidation = 3;

        /// <summary>
        /// Creates the event source in the analyzer's constructor, outside the compiler's timing: under EventPipe its
        /// first use builds its manifest by reflection, which would otherwise land in the first callback's figure.
        /// </summary>
        [Conditional("TOKENANALYZERS_PROBE")]
        public static void Prepare()
        {
#if TOKENANALYZERS_PROBE
            Events.Log.Enter(0, ThreadCpuNanoseconds());
            Events.Log.Exit(0, ThreadCpuNanoseconds());
#endif
        }

        [Conditional("TOKENANALYZERS_PROBE")]
        public static void Enter(long callback)
        {
#if TOKENANALYZERS_PROBE
            Events.Log.Enter(callback, ThreadCpuNanoseconds());
#endif
        }

        [Conditional("TOKENANALYZERS_PROBE")]
        public static void Exit(long callback)
        {
#if TOKENANALYZERS_PROBE
            Events.Log.Exit(callback, ThreadCpuNanoseconds());
#endif
        }

#if TOKENANALYZERS_PROBE
        /// <summary>The thread's CPU time (Linux, <c>CLOCK_THREAD_CPUTIME_ID</c>): a callback's wall time minus this is time without a core.</summary>
        private static long ThreadCpuNanoseconds() => ClockGetTime(3, out var time) == 0 ? (time.Seconds * 1_000_000_000L) + time.Nanoseconds : -1;

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        /// <summary>Both payloads are <c>long</c>: <c>WriteEvent(int, long, long)</c> writes them as the manifest declares.</summary>
        [EventSource(Name = "TokenAnalyzers-Probe")]
        private sealed class Events : EventSource
        {
            public static readonly Events Log = new Events();

            [Event(1)]
            public void Enter(long callback, long threadCpuNanoseconds) => WriteEvent(1, callback, threadCpuNanoseconds);

            [Event(2)]
            public void Exit(long callback, long threadCpuNanoseconds) => WriteEvent(2, callback, threadCpuNanoseconds);
        }
#endif
    }
}
