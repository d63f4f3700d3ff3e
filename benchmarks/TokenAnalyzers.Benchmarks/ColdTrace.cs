using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// Issue 22, item 4: where a cold build's analyzer time goes, from the runtime's own events rather than a sampling
/// profile. Reruns the compiler command of a kept <c>--real-build</c> (the token project's first TokenAnalyzers build)
/// with an analyzer built with <c>-p:TokenAnalyzersProbe=true</c>, which marks where each of the compiler's callbacks
/// into it begins and ends and how much CPU its thread had used then (<c>Engine/CallbackProbe.cs</c>), in a fresh
/// compiler process under EventPipe (the JIT's, the type loader's and the ReadyToRun lookups' start and stop events).
/// Within the callbacks it adds up: wall time, the thread's CPU time (the difference is time without a core: the
/// compiler's own threads compete for the two), the JIT compiling methods (ours and the generic code they
/// instantiate), types loaded, and precompiled methods looked up on first call. The tracing slows all of it down (the
/// compiler's figure reads about twice its untraced value): read the shares, not the milliseconds.
/// </summary>
internal static class ColdTrace
{
    private const string ProbeProvider = "TokenAnalyzers-Probe";

    // GC (0x1: the pauses), Loader (0x8), JIT (0x10), CompilationDiagnostic (0x2000000000: ReadyToRun entry-point
    // lookups), TypeDiagnostic (0x8000000000: type loads); verbose, for the JIT's start events.
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime:0xA000000019:5";

    private static readonly string[] CallbackNames = { "", "compilation start", "guarded actions (per file, additional files, compilation end)", "TA0004 at compilation end" };

    public static int Run(string? workDirectory, int size, bool withLibraries, int runs, bool keep)
    {
        var failures = new List<string>();
        if (workDirectory is null)
        {
            return Program.Outcome(new[] { "--cold-trace needs --work-dir: the folder of a kept --real-build (its build log holds the compiler command)" }, "");
        }

        var work = Path.GetFullPath(workDirectory);
        var log = Path.Combine(work, withLibraries ? $"files{size}" : $"files{size}-without-libraries", "logs", "TokenAnalyzers-1.log");
        if (!File.Exists(log))
        {
            return Program.Outcome(new[] { $"{log} not found: run --real-build --sizes {size} --libraries {(withLibraries ? "referenced" : "absent")} --work-dir {workDirectory} first" }, "");
        }

        var probe = Path.Combine(work, "probe");
        Directory.CreateDirectory(probe);
        var environment = new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var root = RealBuild.RepositoryRoot();
        // Its own intermediate folder: the probe's defines never reach the repository's obj/ (and so never the package).
        RealBuild.Exec(root, environment, "dotnet", "build", Path.Combine(root, "src", "TokenAnalyzers", "TokenAnalyzers.csproj"), "-c", "Release",
            "-p:TokenAnalyzersProbe=true", $"-p:IntermediateOutputPath={Path.Combine(probe, "obj")}/", "-o", Path.Combine(probe, "bin"), "-nodeReuse:false");

        var (compiler, projectDirectory, arguments) = CompilerCommand(log, Path.Combine(probe, "bin"));
        var responseFile = Path.Combine(probe, "csc.rsp");
        File.WriteAllLines(responseFile, arguments); // as split, quotes kept: the compiler reads the file with the same rules
        var planted = Corpus.Generate(size, withLibraries).Expected.Values.Sum();
        Console.WriteLine($"== cold trace: {compiler} @{responseFile} in {projectDirectory}, {runs} fresh compiler process(es) under EventPipe");

        var results = new List<Breakdown>();
        for (var run = 1; run <= runs; run++)
        {
            var trace = Path.Combine(probe, $"csc-{run}.nettrace");
            var traced = new Dictionary<string, string>(environment)
            {
                ["DOTNET_EnableEventPipe"] = "1",
                ["DOTNET_EventPipeOutputPath"] = trace,
                ["DOTNET_EventPipeCircularMB"] = "1024",
                ["DOTNET_EventPipeConfig"] = $"{RuntimeProvider},{ProbeProvider}:0xFFFFFFFF:5",
            };
            var output = RealBuild.Exec(projectDirectory, traced, compiler, "@" + responseFile);
            var reported = AnalyzerReport.Parse(output.Split('\n')).Rows.Where(r => r.Key.StartsWith("TokenAnalyzers.", StringComparison.Ordinal)).Sum(r => r.Value);
            var findings = Regex.Matches(output, @": warning TA\d+:").Count;
            if (findings != planted)
            {
                failures.Add($"run {run}: {findings} TokenAnalyzers warnings, {planted} planted");
            }

            var breakdown = Breakdown.Read(trace, reported);
            results.Add(breakdown);
            if (breakdown.Callbacks == 0)
            {
                failures.Add($"run {run}: no probe events in {trace}: was the analyzer built with -p:TokenAnalyzersProbe=true?");
            }

            Console.WriteLine($"   run {run}: {breakdown.Summary()}");
            if (!keep)
            {
                File.Delete(trace);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Cold trace, {size:N0} files, {runs} fresh compiler process(es) (ms, traced; medians):");
        Console.WriteLine();
        Console.WriteLine("| Callback | Wall | Thread CPU | Without a core | GC pauses | JIT: our methods (count) | JIT: other code | Type loads (count) | ReadyToRun lookups (count) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var kind = 0; kind < CallbackNames.Length; kind++)
        {
            double Median(Func<Part, double> value) => Stats.Median(results.Select(r => value(r.Parts[kind])));
            Console.WriteLine($"| {(kind == 0 ? "**all**" : CallbackNames[kind])} | {Median(p => p.WallMs):F1} | {Median(p => p.CpuMs):F1} | {Median(p => p.WallMs - p.CpuMs):F1} | {Median(p => p.GcPauseMs):F1} | " +
                              $"{Median(p => p.OurJitMs):F1} ({Median(p => p.OurJitCount):F0}) | {Median(p => p.OtherJitMs):F1} | {Median(p => p.TypeLoadMs):F1} ({Median(p => p.TypeLoadCount):F0}) | " +
                              $"{Median(p => p.ReadyToRunMs):F1} ({Median(p => p.ReadyToRunCount):F0}) |");
        }

        PrintCostliestTypes(results);
        Console.WriteLine();
        Console.WriteLine($"   the compiler's figure for TokenAnalyzers in the same processes: {string.Join(", ", results.Select(r => r.ReportedMs.ToString("F0", CultureInfo.InvariantCulture)))} ms");
        return Program.Outcome(failures, $"Cold trace: every run found the {planted} planted findings and marked its callbacks.");
    }

    /// <summary>
    /// Where the JIT's time on our methods goes: by the type that declares them (a rule, the engine's parts), and the
    /// single costliest methods, averaged over the runs, with IL size and the tier they were compiled at.
    /// </summary>
    private static void PrintCostliestTypes(List<Breakdown> results)
    {
        var methods = results.SelectMany(r => r.OurMethods).ToList();
        var total = methods.Sum(m => m.Ms);
        Console.WriteLine();
        Console.WriteLine($"JIT of our methods by declaring type (mean of {results.Count} run(s); {total / results.Count:F1} ms in all):");
        Console.WriteLine();
        Console.WriteLine("| Type | Methods | IL bytes | JIT ms | Share |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var type in methods.GroupBy(m => m.Type).OrderByDescending(g => g.Sum(m => m.Ms)).Take(25))
        {
            Console.WriteLine($"| {type.Key} | {type.Count() / (double)results.Count:F0} | {type.Sum(m => m.ILSize) / results.Count:N0} | {type.Sum(m => m.Ms) / results.Count:F1} | {type.Sum(m => m.Ms) / total:P0} |");
        }

        PrintBySize(methods, results.Count, total);

        Console.WriteLine();
        Console.WriteLine("| Costliest methods | IL bytes | JIT ms |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var method in methods.GroupBy(m => $"{m.Type}.{m.Name} ({m.Tier})").OrderByDescending(g => g.Sum(m => m.Ms)).Take(25))
        {
            Console.WriteLine($"| {method.Key} | {method.First().ILSize:N0} | {method.Sum(m => m.Ms) / results.Count:F2} |");
        }
    }

    /// <summary>
    /// The same methods by their IL size: whether the JIT's time follows the number of methods (merging small ones
    /// would pay) or the code's size (only less code would). Item 4 names both.
    /// </summary>
    private static void PrintBySize(List<JittedMethod> methods, int runs, double total)
    {
        Console.WriteLine();
        Console.WriteLine("| IL bytes per method | Methods | JIT ms | Share of the methods | Share of the JIT |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var lower = -1;
        foreach (var upper in new[] { 16, 64, 256, int.MaxValue })
        {
            var bucket = methods.Where(m => m.ILSize > lower && m.ILSize <= upper).ToList();
            var label = upper == int.MaxValue ? $"over {lower}" : $"{lower + 1}-{upper}";
            Console.WriteLine($"| {label} | {bucket.Count / (double)runs:F0} | {bucket.Sum(m => m.Ms) / runs:F1} | {bucket.Count / (double)methods.Count:P0} | {bucket.Sum(m => m.Ms) / total:P0} |");
            lower = upper;
        }
    }

    /// <summary>The compiler and its arguments from the build log (<c>/errorlog</c> dropped), the probe's analyzers in place of the package's.</summary>
    private static (string Compiler, string ProjectDirectory, List<string> Arguments) CompilerCommand(string log, string probeBin)
    {
        var line = File.ReadLines(log).FirstOrDefault(l => l.Contains("/bincore/csc ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no compiler command in {log} (a detailed build log)");
        var tokens = CommandLineParser.SplitCommandLineIntoArguments(line.Trim(), removeHashComments: false).ToList(); // the compiler's own splitting
        var arguments = new List<string>();
        string? package = null;
        foreach (var token in tokens.Skip(1))
        {
            if (token.StartsWith("/errorlog:", StringComparison.Ordinal))
            {
                continue;
            }

            var analyzer = token.StartsWith("/analyzer:", StringComparison.Ordinal) ? token["/analyzer:".Length..].Trim('"') : null;
            if (Path.GetFileName(analyzer) is "TokenAnalyzers.dll" or "TokenAnalyzers.CodeFixes.dll")
            {
                package = Path.GetDirectoryName(analyzer);
                arguments.Add($"/analyzer:\"{Path.Combine(probeBin, Path.GetFileName(analyzer)!)}\"");
            }
            else
            {
                arguments.Add(token);
            }
        }

        // The code fixes load beside the analyzer they reference, as in the package's folder.
        var codeFixes = Path.Combine(package ?? throw new InvalidOperationException($"the compiler command in {log} loads no TokenAnalyzers package"), "TokenAnalyzers.CodeFixes.dll");
        File.Copy(codeFixes, Path.Combine(probeBin, "TokenAnalyzers.CodeFixes.dll"), overwrite: true);
        var projectDirectory = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(log)!)!, "with");
        return (tokens[0], projectDirectory, arguments);
    }

    /// <summary>What one kind of callback (index 0: all of them) spent, from the events on the threads inside it.</summary>
    internal sealed class Part
    {
        public double WallMs;
        public double GcPauseMs;
        public double CpuMs;
        public double OurJitMs;
        public double OurJitCount;
        public double OtherJitMs;
        public double TypeLoadMs;
        public double TypeLoadCount;
        public double ReadyToRunMs;
        public double ReadyToRunCount;
    }

    /// <summary>One of our methods the JIT compiled inside a callback (the type's full name, as the runtime's event gives it).</summary>
    internal sealed record JittedMethod(string Type, string Name, string Tier)
    {
        public int ILSize { get; init; }
        public double Ms { get; init; }
    }

    internal sealed class Breakdown
    {
        public Part[] Parts { get; } = Enumerable.Range(0, CallbackNames.Length).Select(_ => new Part()).ToArray();
        public double ReportedMs { get; private init; }
        public int Callbacks { get; private set; }

        /// <summary>The garbage collector's pauses in the whole compiler process, inside our callbacks or not.</summary>
        public int ProcessPauses { get; private set; }
        public double ProcessPauseMs { get; private set; }

        /// <summary>Each of our methods the JIT compiled inside a callback, with its IL size and the JIT's own time (without the type loads inside it).</summary>
        public List<JittedMethod> OurMethods { get; } = new();

        public string Summary()
        {
            var all = Parts[0];
            return $"compiler's figure {ReportedMs:F0} ms; inside {Callbacks} callbacks: wall {all.WallMs:F0}, CPU {all.CpuMs:F0}, GC pauses {all.GcPauseMs:F0} (the process: {ProcessPauses} pauses, {ProcessPauseMs:F0}), JIT of our {all.OurJitCount:F0} methods {all.OurJitMs:F0}, " +
                   $"other JIT {all.OtherJitMs:F0}, {all.TypeLoadCount:F0} type loads {all.TypeLoadMs:F0}, {all.ReadyToRunCount:F0} ReadyToRun lookups {all.ReadyToRunMs:F0} ms";
        }

        private sealed class Activity
        {
            public required string Kind;
            public required double Start;
            public required int Callback;
            public double Children;
            public int ILSize;
        }

        private sealed class ThreadState
        {
            public int Depth;
            public int Callback;
            public double WallStart;
            public double PausedAtStart;
            public long CpuStart;
            public readonly Stack<Activity> Open = new();
        }

        /// <summary>
        /// Nested activities (a type loaded while a method is compiled) count once, in the innermost: each is its
        /// time minus its children's. Callbacks nest too (the scanner's guarded action runs the rules' guarded
        /// actions): only the outermost is timed. The garbage collector's pauses (from the moment every thread running
        /// managed code has stopped to the restart) that fall inside a callback are counted as its GC pauses (part of
        /// its wall time, and of its time without a core unless the thread did the collecting). No probe event can be
        /// written inside a pause (it is managed code), so the pauses that end between a callback's two events lie
        /// wholly inside it. The JIT and the type loader run as native code and go on during a pause, on whatever core
        /// the collector leaves them: their times are not corrected.
        /// </summary>
        public static Breakdown Read(string path, double reportedMs)
        {
            var result = new Breakdown { ReportedMs = reportedMs };
            var threads = new Dictionary<int, ThreadState>();
            ThreadState Thread(int id) => threads.TryGetValue(id, out var state) ? state : threads[id] = new ThreadState();
            var paused = 0.0; // the pauses so far, in all
            var pauseStart = -1.0;

            void Begin(TraceEvent e, string kind, int ilSize = 0)
            {
                var thread = Thread(e.ThreadID);
                thread.Open.Push(new Activity { Kind = kind, Start = e.TimeStampRelativeMSec, Callback = thread.Depth > 0 ? thread.Callback : 0, ILSize = ilSize });
            }

            void End(TraceEvent e, string kind, bool ours, JittedMethod? method = null)
            {
                var thread = Thread(e.ThreadID);
                if (thread.Open.Count == 0 || thread.Open.Peek().Kind != kind)
                {
                    return; // its start fell before the session or on another path (a failed JIT, a type load that threw)
                }

                var activity = thread.Open.Pop();
                var duration = e.TimeStampRelativeMSec - activity.Start;
                if (thread.Open.Count > 0)
                {
                    thread.Open.Peek().Children += duration;
                }

                if (activity.Callback == 0)
                {
                    return;
                }

                var own = duration - activity.Children;
                foreach (var part in new[] { result.Parts[0], result.Parts[activity.Callback] })
                {
                    switch (kind)
                    {
                        case "jit" when ours:
                            part.OurJitMs += own;
                            part.OurJitCount++;
                            if (method is not null && part == result.Parts[0])
                            {
                                result.OurMethods.Add(method with { ILSize = activity.ILSize, Ms = own });
                            }

                            break;
                        case "jit":
                            part.OtherJitMs += own;
                            break;
                        case "type":
                            part.TypeLoadMs += own;
                            part.TypeLoadCount++;
                            break;
                        default:
                            part.ReadyToRunMs += own;
                            part.ReadyToRunCount++;
                            break;
                    }
                }
            }

            using var source = new EventPipeEventSource(path);
            var clr = new ClrTraceEventParser(source);
            clr.MethodJittingStarted += e => Begin(e, "jit", e.MethodILSize);
            clr.MethodLoadVerbose += e =>
            {
                if ((e.MethodFlags & MethodFlags.Jitted) != 0)
                {
                    var ours = e.MethodNamespace.StartsWith("TokenAnalyzers.", StringComparison.Ordinal);
                    End(e, "jit", ours, ours ? new JittedMethod(e.MethodNamespace, e.MethodName, e.OptimizationTier.ToString()) : null);
                }
            };
            clr.GCSuspendEEStop += e => pauseStart = e.TimeStampRelativeMSec;
            clr.GCRestartEEStart += e =>
            {
                if (pauseStart >= 0)
                {
                    paused += e.TimeStampRelativeMSec - pauseStart;
                    pauseStart = -1;
                    result.ProcessPauses++;
                }
            };
            clr.TypeLoadStart += e => Begin(e, "type");
            clr.TypeLoadStop += e => End(e, "type", ours: false);
            clr.MethodR2RGetEntryPointStart += e => Begin(e, "r2r");
            clr.MethodR2RGetEntryPoint += e => End(e, "r2r", ours: false);
            source.Dynamic.All += e =>
            {
                if (e.ProviderName != ProbeProvider)
                {
                    return;
                }

                var thread = Thread(e.ThreadID);
                var callback = (int)(long)e.PayloadValue(0);
                if (callback == 0)
                {
                    return; // the pair the constructor writes to create the event source (CallbackProbe.Prepare)
                }

                var cpu = (long)e.PayloadValue(1);
                if (e.ID == (TraceEventID)1)
                {
                    if (thread.Depth++ == 0)
                    {
                        thread.Callback = callback;
                        thread.WallStart = e.TimeStampRelativeMSec;
                        thread.PausedAtStart = paused;
                        thread.CpuStart = cpu;
                    }
                }
                else if (thread.Depth > 0 && --thread.Depth == 0)
                {
                    result.Callbacks++;
                    foreach (var part in new[] { result.Parts[0], result.Parts[thread.Callback] })
                    {
                        part.WallMs += e.TimeStampRelativeMSec - thread.WallStart;
                        part.GcPauseMs += paused - thread.PausedAtStart;
                        part.CpuMs += (cpu - thread.CpuStart) / 1e6;
                    }
                }
            };
            source.Process();
            result.ProcessPauseMs = paused;
            return result;
        }
    }
}
