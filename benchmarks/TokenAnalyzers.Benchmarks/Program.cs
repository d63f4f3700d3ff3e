using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// What TokenAnalyzers costs a build, next to the compilation itself, CA5404 + CA5405 from the SDK's NetAnalyzers
/// and an empty analyzer (the floor). See benchmarks/README.md for the options and the measured numbers.
/// Exit code: 0 when every corpus produced exactly the expected findings, 1 otherwise, 2 for bad arguments.
/// Timing is reported, never asserted.
/// </summary>
internal static class Program
{
    internal const double MiB = 1024 * 1024;

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        if (options.OpenDocumentChild is { } childSet)
        {
            return await OpenDocument.ChildAsync(childSet, options.Sizes.FirstOrDefault(1_000), options.WarmRuns, options.Document, options.NetAnalyzersDirectory, options.JitTrace);
        }

        if (options.ColdTrace)
        {
            return ColdTrace.Run(options.WorkDirectory, options.Sizes.FirstOrDefault(1_000), options.LibrarySets[0], options.Runs, options.Keep);
        }

        if (options.RealBuild || options.OpenDocument)
        {
            var status = 0;
            if (options.OpenDocument)
            {
                status = Math.Max(status, OpenDocument.Run(options.Sizes.FirstOrDefault(1_000), options.Processes, options.WarmRuns, options.Document, options.NetAnalyzersDirectory, options.JitTrace));
            }

            if (options.RealBuild)
            {
                status = Math.Max(status, RealBuild.Run(options.Sizes, options.LibrarySets, options.Runs, options.WorkDirectory, options.Keep, options.AnalyzerDll, AnalyzerSets.SupportedIds(AnalyzerSets.TokenAnalyzers())));
            }

            return status;
        }

        if (options.MemoryChild is { } childConfig)
        {
            return await PeakMemory.ChildMainAsync(childConfig, options.MemoryKib);
        }

        if (options.Memory)
        {
            var memoryFailures = await PeakMemory.RunAsync(options.MemoryKib, options.MemoryRuns);
            Console.WriteLine();
            foreach (var failure in memoryFailures)
            {
                Console.WriteLine("FAILED: " + failure);
            }

            return memoryFailures.Count == 0 ? 0 : 1;
        }

        var references = References.All();
        var tokenAnalyzers = AnalyzerSets.TokenAnalyzers();
        var supported = AnalyzerSets.SupportedIds(tokenAnalyzers);
        var analyzers = new Dictionary<Config, ImmutableArray<DiagnosticAnalyzer>>
        {
            [Config.Empty] = AnalyzerSets.Empty(),
            [Config.TokenAnalyzers] = tokenAnalyzers,
            [Config.Binding] = ImmutableArray.Create<DiagnosticAnalyzer>(new BindingAnalyzer()),
            [Config.TokenAnalyzersAfterBinding] = tokenAnalyzers.Add(new BindingAnalyzer()),
        };
        var suppressed = new List<string>();
        if (!options.Smoke)
        {
            var (peer, directory) = AnalyzerSets.Peer(options.NetAnalyzersDirectory);
            analyzers[Config.Peer] = peer;
            suppressed.AddRange(AnalyzerSets.SupportedIds(peer));
            Console.WriteLine($"Peer: {string.Join(", ", peer.Select(a => a.GetType().Name))} from {directory}");
        }

        Console.WriteLine($"TokenAnalyzers: {tokenAnalyzers.Length} analyzers, rules {string.Join(" ", supported.OrderBy(id => id, StringComparer.Ordinal))}");
        Console.WriteLine($"References: {references.Length} assemblies ({References.TokenLibraryCount(references)} token libraries); " +
                          $"{Environment.ProcessorCount} cores; concurrent={options.Concurrent}; Roslyn {typeof(Compilation).Assembly.GetName().Version}");

        var configs = options.Smoke
            ? new[] { Config.TokenAnalyzers }
            : options.Configs.Count > 0 ? options.Configs.Distinct().ToArray() : new[] { Config.Compile, Config.Empty, Config.TokenAnalyzers, Config.Peer };
        var measurement = new Measurement(references, analyzers, suppressed, options.Concurrent);
        var failures = new List<string>();
        var results = new List<CorpusResult>();

        var warmupAnalyzerMs = configs.Where(IsAnalyzerSet).ToDictionary(config => config, _ => new List<double>());
        if (!options.Smoke && options.Warmup > 0)
        {
            // The JIT, not the analyzers, is what a fresh process measures first. The SDK ships NetAnalyzers
            // precompiled (ReadyToRun) and its callbacks run on every assignment, so they are compiled at tier 1
            // within one pass; the rules' code runs only on token files, one in fifty. The warm-up corpus is
            // therefore denser (every other file is token code, all families, secure and insecure) so that every
            // set reaches the steady state of a build server or IDE before anything is measured. Each pass's analyzer
            // times are printed and reported next to the results, so the cold ones stay visible.
            var warmupCorpus = Corpus.Generate(WarmupFiles, withTokenLibraries: true, tokenFileEvery: 2);
            Console.WriteLine();
            Console.WriteLine($"== warm-up: {warmupCorpus.Name} ({warmupCorpus.TokenFiles} token files), {options.Warmup} pass(es), discarded");
            for (var pass = 0; pass < options.Warmup; pass++)
            {
                foreach (var config in configs)
                {
                    Check(warmupCorpus, config, await measurement.RunAsync(warmupCorpus, config), supported, failures, reportOnce: false);
                }

                var line = new StringBuilder($"   pass {pass + 1,-3} analyzer time:");
                foreach (var config in configs.Where(IsAnalyzerSet))
                {
                    var (total, _, _) = await measurement.AnalyzerTimeAsync(warmupCorpus, config);
                    warmupAnalyzerMs[config].Add(total);
                    line.Append($" {config} {total:F1} ms");
                }

                Console.WriteLine(line);
            }
        }

        foreach (var size in options.Sizes)
        {
            foreach (var withLibraries in options.LibrarySets)
            {
                var corpus = Corpus.Generate(size, withLibraries);
                Console.WriteLine();
                Console.WriteLine($"== {corpus.Name}: {corpus.Lines:N0} lines, {corpus.TokenFiles} token files, {corpus.AdditionalFiles.Length} appsettings files");

                var iterations = options.Iterations ?? DefaultIterations(size);
                var samples = configs.ToDictionary(c => c, _ => new List<Sample>());
                for (var iteration = 0; iteration < iterations; iteration++)
                {
                    // Rotate the order so drift on a shared machine does not always hit the same configuration.
                    for (var j = 0; j < configs.Length; j++)
                    {
                        var config = configs[(j + iteration) % configs.Length];
                        var sample = await measurement.RunAsync(corpus, config);
                        Check(corpus, config, sample, supported, failures, reportOnce: iteration == 0);
                        if (IsAnalyzerSet(config) && !options.Smoke)
                        {
                            var (total, perAnalyzer, exceptions) = await measurement.AnalyzerTimeAsync(corpus, config);
                            sample = sample with { AnalyzerMs = total, PerAnalyzerMs = perAnalyzer, Exceptions = sample.Exceptions.AddRange(exceptions) };
                            Check(corpus, Config.Compile, sample, supported, failures, reportOnce: false); // exceptions only
                        }

                        samples[config].Add(sample);
                        Console.WriteLine($"   run {iteration + 1,-4} {config,-15} wall {sample.WallMs,9:F0} ms  analyzers {sample.AnalyzerMs,8:F1} ms  allocated {sample.AllocatedBytes / MiB,8:F1} MiB");
                    }
                }

                var result = new CorpusResult(corpus.Files, withLibraries, samples.ToDictionary(p => p.Key, p => (IReadOnlyList<Sample>)p.Value));
                results.Add(result);
                if (!options.Smoke)
                {
                    PrintPerAnalyzer(result);
                }
            }
        }

        if (options.Smoke)
        {
            // Issue 22's open-document mode in this process, on a 100-file project: findings only (the real-build mode
            // packs and builds a project, far too slow for CI; see benchmarks/README.md).
            failures.AddRange(await OpenDocument.SmokeAsync(SmokeOpenDocumentFiles, options.NetAnalyzersDirectory));
        }

        if (options.Smoke || options.Scale)
        {
            failures.AddRange(await ScaleSeries.RunAsync(measurement, options.Smoke, options.ScaleRuns, options.ScaleShapes,
                (corpus, config, sample, found) => Check(corpus, config, sample, supported, found, reportOnce: false)));
        }

        if (!options.Smoke && results.Count > 0)
        {
            var table = Report.Markdown(results, options, warmupAnalyzerMs);
            Console.WriteLine();
            Console.WriteLine(table);
            if (options.MarkdownPath is { } path)
            {
                File.WriteAllText(path, table);
                Console.WriteLine($"Written to {path}");
            }
        }

        return Outcome(failures, "Diagnostic counts as expected for every corpus.");
    }

    /// <summary>The end of every mode: the problems found (exit code 1), or the line that says all was as expected (0).</summary>
    internal static int Outcome(IEnumerable<string> failures, string allAsExpected)
    {
        Console.WriteLine();
        var problems = failures.Distinct().ToList();
        if (problems.Count > 0)
        {
            Console.WriteLine($"FAILED: {problems.Count} problem(s)");
            foreach (var failure in problems)
            {
                Console.WriteLine("  " + failure);
            }

            return 1;
        }

        Console.WriteLine(allAsExpected);
        return 0;
    }

    /// <summary>The configurations whose analyzer time is measured.</summary>
    private static bool IsAnalyzerSet(Config config) => config is Config.TokenAnalyzers or Config.Peer;

    /// <summary>The project size of the smoke mode's open-document check.</summary>
    private const int SmokeOpenDocumentFiles = 100;

    /// <summary>Files in the warm-up corpus, half of them token code.</summary>
    public const int WarmupFiles = 200;

    private static int DefaultIterations(int size) => size switch
    {
        <= 1_000 => 5,
        <= 5_000 => 3,
        _ => 1,
    };

    /// <summary>The findings must be exactly what the generator planted, so a broken rule cannot look fast.</summary>
    private static void Check(Corpus corpus, Config config, Sample sample, ImmutableHashSet<string> supported, List<string> failures, bool reportOnce)
    {
        // A corpus with compile errors would measure error recovery, not a build: refuse it.
        var errors = sample.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Descriptor.Category == "Compiler").ToList();
        if (errors.Count > 0)
        {
            failures.Add($"{corpus.Name}: the corpus does not compile ({errors.Count} errors), e.g. {string.Join(" | ", errors.Take(5))}");
        }

        foreach (var exception in sample.Exceptions)
        {
            failures.Add($"{corpus.Name}, {config}: analyzer exception {exception}");
        }

        // TA0002 is a failure unless the corpus plants it (a member nested beyond the limit says so; that is the finding).
        foreach (var diagnostic in sample.Diagnostics.Where(d => d.Id == "AD0001" || (d.Id == "TA0002" && !corpus.Expected.ContainsKey("TA0002"))))
        {
            failures.Add($"{corpus.Name}, {config}: {diagnostic}");
        }

        if (config == Config.TokenAnalyzers)
        {
            var actual = sample.Diagnostics.Where(d => supported.Contains(d.Id)).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            foreach (var id in supported.OrderBy(id => id, StringComparer.Ordinal))
            {
                var expected = corpus.Expected.GetValueOrDefault(id);
                var found = actual.GetValueOrDefault(id);
                if (expected != found)
                {
                    var example = sample.Diagnostics.FirstOrDefault(d => d.Id == id);
                    failures.Add($"{corpus.Name}: {id} expected {expected}, found {found}{(example is null ? "" : " (e.g. " + example + ")")}");
                }
            }

            if (reportOnce)
            {
                var checkedIds = supported.Where(id => corpus.Expected.ContainsKey(id)).Sum(id => corpus.Expected[id]);
                var notInBuild = corpus.Expected.Keys.Where(id => !supported.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();
                Console.WriteLine($"   findings: {actual.Values.Sum()} found, {checkedIds} expected" +
                                  (notInBuild.Count > 0 ? $"; planted for rules not in this build (not checked): {string.Join(" ", notInBuild)}" : ""));
            }
        }
        else if (config == Config.Peer)
        {
            foreach (var id in AnalyzerSets.PeerIds)
            {
                var found = sample.Diagnostics.Count(d => d.Id == id);
                if (corpus.WithTokenLibraries ? found == 0 : found != 0)
                {
                    failures.Add($"{corpus.Name}: the peer reported {found} {id}; it must {(corpus.WithTokenLibraries ? "find the planted configurations" : "find nothing")}");
                }
                else if (reportOnce)
                {
                    Console.WriteLine($"   peer findings: {id} x {found}");
                }
            }
        }
    }

    private static void PrintPerAnalyzer(CorpusResult result)
    {
        if (!result.Samples.TryGetValue(Config.TokenAnalyzers, out var samples) || samples.Count == 0)
        {
            return;
        }

        var names = samples.SelectMany(s => s.PerAnalyzerMs.Keys).Distinct().OrderBy(n => n, StringComparer.Ordinal);
        Console.WriteLine("   TokenAnalyzers by analyzer (median ms): " +
                          string.Join(", ", names.Select(n => $"{n} {Stats.Median(samples.Select(s => s.PerAnalyzerMs.GetValueOrDefault(n))):F2}")));
    }
}

internal sealed record CorpusResult(int Files, bool WithLibraries, IReadOnlyDictionary<Config, IReadOnlyList<Sample>> Samples)
{
    private IReadOnlyList<Sample> Of(Config config) => Samples.TryGetValue(config, out var samples) ? samples : Array.Empty<Sample>();
    public double Wall(Config config) => Stats.Median(Of(config).Select(s => s.WallMs));
    public double Analyzer(Config config) => Stats.Median(Of(config).Select(s => s.AnalyzerMs));
    public double AllocatedMiB(Config config) => Stats.Median(Of(config).Select(s => s.AllocatedBytes / (1024.0 * 1024.0)));
    public double WallSpread(Config config) => Of(config).Count == 0 ? double.NaN : Of(config).Max(s => s.WallMs) - Of(config).Min(s => s.WallMs);
    public double AllocatedSpreadMiB(Config config) => Of(config).Count == 0 ? double.NaN : (Of(config).Max(s => s.AllocatedBytes) - Of(config).Min(s => s.AllocatedBytes)) / (1024.0 * 1024.0);
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal static class Report
{
    public static string Markdown(IReadOnlyList<CorpusResult> results, Options options, IReadOnlyDictionary<Config, List<double>> warmupAnalyzerMs)
    {
        var text = new StringBuilder();
        text.AppendLine($"Medians over {(options.Iterations is { } n ? n.ToString(CultureInfo.InvariantCulture) : "5 (1k) / 3 (5k) / 1 (20k)")} runs after {options.Warmup} warm-up pass(es) on {Program.WarmupFiles} files, half of them token code; " +
                        $"{Environment.ProcessorCount} cores, concurrent={options.Concurrent}. Analyzer time = AnalyzerTelemetryInfo.ExecutionTime summed over the set; " +
                        "Δ = the set's run minus the empty analyzer's run (wall time, bytes allocated by the process).");
        text.AppendLine();
        text.AppendLine("| Files | Token libraries | Compile (ms) | Empty analyzer: wall (ms) | TokenAnalyzers: analyzer time (ms) | TokenAnalyzers: Δ wall (ms) | TokenAnalyzers: Δ allocated (MiB) | CA5404+CA5405: analyzer time (ms) | CA5404+CA5405: Δ wall (ms) | CA5404+CA5405: Δ allocated (MiB) | TokenAnalyzers / compile | TokenAnalyzers / CA5404+CA5405 | Empty-analyzer noise: wall / allocated |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var compile = r.Wall(Config.Compile);
            var empty = r.Wall(Config.Empty);
            var emptyAllocated = r.AllocatedMiB(Config.Empty);
            var ta = r.Analyzer(Config.TokenAnalyzers);
            var peer = r.Analyzer(Config.Peer);
            text.AppendLine(string.Join(" | ",
                $"| {r.Files:N0}",
                r.WithLibraries ? "referenced" : "absent",
                $"{compile:F0}",
                $"{empty:F0}",
                $"{ta:F1}",
                $"{r.Wall(Config.TokenAnalyzers) - empty:+0;-0;0}",
                $"{r.AllocatedMiB(Config.TokenAnalyzers) - emptyAllocated:+0.0;-0.0;0.0}",
                $"{peer:F1}",
                $"{r.Wall(Config.Peer) - empty:+0;-0;0}",
                $"{r.AllocatedMiB(Config.Peer) - emptyAllocated:+0.0;-0.0;0.0}",
                $"{100 * ta / compile:F2}%",
                peer > 0 ? $"{ta / peer:F2}x" : "n/a", // NaN when the peer was not run
                $"±{r.WallSpread(Config.Empty) / 2:F0} ms / ±{r.AllocatedSpreadMiB(Config.Empty) / 2:F1} MiB |"));
        }

        if (warmupAnalyzerMs.Values.Any(passes => passes.Count > 0))
        {
            text.AppendLine();
            text.AppendLine($"Analyzer time per warm-up pass ({Program.WarmupFiles} files, {Program.WarmupFiles / 2} of them token code; pass 1 follows one untimed run of each set in this process): " +
                            string.Join("; ", warmupAnalyzerMs.Select(p => $"{(p.Key == Config.Peer ? "CA5404+CA5405" : p.Key.ToString())} {string.Join(", ", p.Value.Select(ms => ms.ToString("F1", CultureInfo.InvariantCulture)))} ms")));
        }

        var perThousand = results.Where(r => r.WithLibraries).Select(r => $"{r.Files:N0}: {1000 * r.Analyzer(Config.TokenAnalyzers) / r.Files:F2} ms").ToList();
        text.AppendLine();
        text.AppendLine("TokenAnalyzers analyzer time per 1,000 files (libraries referenced): " + string.Join(", ", perThousand));
        return text.ToString();
    }
}

internal sealed class Options
{
    public const string Usage = """
        Usage: dotnet run -c Release --project benchmarks/TokenAnalyzers.Benchmarks -- [options]
          --sizes 1000,5000     corpus sizes in files (default 1000,5000)
          --large               add the 20,000-file corpus
          --iterations N        measured runs per configuration (default 5 / 3 / 1 by size: 1k / 5k / 20k)
          --warmup N            warm-up passes over a 200-file corpus, half of it token code, discarded (default 20)
          --concurrent          concurrent build and analysis (default: one thread, steadier numbers)
          --netanalyzers DIR    folder with Microsoft.CodeAnalysis(.CSharp).NetAnalyzers.dll (default: newest installed SDK)
          --markdown FILE       also write the result table to FILE
          --configs LIST        a subset of compile,empty,tokenanalyzers,peer (default: all four)
          --libraries SET       referenced, absent or both (default; the real build: referenced): each size with the token
                                libraries, without, or both
          --smoke               CI: a 500-file corpus and each scale shape at a tenth of its base size, TokenAnalyzers only,
                                one run, and the open-document check on 100 files; checks the diagnostic counts only
          --scale               the doubling series (1x, 2x, 4x) of issue 26's scale shapes, with growth exponents; fails when
                                the exponent of the analyzers' time beyond binding the code is above 1.2 where that time
                                exceeds 100 ms at 4x, or when the analyzers add more than the compile time
          --scale-runs N        analyzer-time runs per size in the doubling series, medians (default 3)
          --scale-only          the doubling series without the corpus runs
          --scale-shapes LIST   only the scale shapes whose name contains one of these words (e.g. none,appsettings)
          --real-build          issue 22: writes the corpus to disk as a project (--sizes, default 1000,5000), packs TokenAnalyzers
                                into a local feed and runs `dotnet build --no-incremental -p:ReportAnalyzer=true
                                -p:UseSharedCompilation=false` with TokenAnalyzers, with CA5404+CA5405 (.editorconfig), with
                                neither, alternating; medians of the compiler's per-analyzer times
          --runs N              real build: builds per configuration (default 3)
          --work-dir DIR        real build: the folder for the feed, packages and projects (kept; default a temp folder)
          --keep                real build: keep the temp folder
          --analyzer-dll FILE   real build: build with this TokenAnalyzers.dll in place of the packed one (an experiment,
                                e.g. a ReadyToRun image of it made with crossgen2; see benchmarks/README.md)
          --open-document       issue 22: latency of GetAnalyzerSemanticDiagnosticsAsync for one token document of a
                                1,000-file project (first --sizes value), first call in a fresh process and warm, per set
          --processes N         open document: fresh processes per set (default 3)
          --warm-runs N         open document: warm calls per process (default 20)
          --document N          open document: the file index (default 25, the first token file: TA1xx flags)
          --jit-trace           open document: list the methods the JIT compiles in the first call, by declaring type
          --cold-trace          issue 22, item 4: rerun the compiler command of a kept --real-build (--work-dir, first --sizes
                                value) --runs times with an analyzer that marks its callbacks (-p:TokenAnalyzersProbe=true),
                                under EventPipe: wall and CPU time inside them, the JIT, type loads, ReadyToRun lookups, and
                                the JIT's time on our methods by declaring type; --libraries absent: the project without them
          --memory              only the peak-memory comparison: a one-file project with a large appsettings.json, compiled
                                and analyzed in one child process per configuration; fails when TokenAnalyzers' peak
                                working set exceeds 1.5x the compiler's
          --memory-kib N        the appsettings.json size for --memory (default 10240, i.e. 10 MB)
          --memory-runs N       child processes per configuration for --memory (default 3)
        """;

    public List<int> Sizes { get; } = new();
    public List<Config> Configs { get; } = new();

    /// <summary>
    /// Whether each size is measured with the token libraries referenced, without them, or both: by default both, and
    /// in the real build the libraries referenced only (each size without them is three more builds per run).
    /// </summary>
    public bool[] LibrarySets => _librarySets ?? (RealBuild ? new[] { true } : new[] { true, false });

    private bool[]? _librarySets;

    public int? Iterations { get; private set; }

    /// <summary>
    /// 20: with 8 the measured runs could begin before the steady state they claim to measure. On 2026-12-06
    /// TokenAnalyzers' time per pass, run alone, was still 31-34 ms at pass 8 and 11-13 ms from pass 9 on; next to the
    /// peer (each pass twice as long) it settled from pass 6. The JIT's tiering goes by time as much as by calls (a
    /// method is recompiled optimized after 30 calls, counted only once no new code has been compiled for a while).
    /// </summary>
    public int Warmup { get; private set; } = 20;
    public bool Concurrent { get; private set; }
    public bool Smoke { get; private set; }
    public bool Scale { get; private set; }
    public bool ScaleOnly { get; private set; }
    public List<string> ScaleShapes { get; } = new();
    public int ScaleRuns { get; private set; } = 3;
    public bool Memory { get; private set; }
    public int MemoryKib { get; private set; } = 10_240;
    public int MemoryRuns { get; private set; } = 3;
    public Config? MemoryChild { get; private set; }
    public bool Help { get; private set; }
    public string? NetAnalyzersDirectory { get; private set; }
    public string? MarkdownPath { get; private set; }
    public bool RealBuild { get; private set; }
    public bool JitTrace { get; private set; }
    public bool ColdTrace { get; private set; }
    public int Runs { get; private set; } = 3;
    public string? WorkDirectory { get; private set; }
    public string? AnalyzerDll { get; private set; }
    public bool Keep { get; private set; }
    public bool OpenDocument { get; private set; }
    public string? OpenDocumentChild { get; private set; }
    public int Processes { get; private set; } = 3;
    public int WarmRuns { get; private set; } = 20;
    public int Document { get; private set; } = Benchmarks.OpenDocument.DefaultDocument;

    public static Options Parse(string[] args)
    {
        var options = new Options();
        var large = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{args[i]} is not a number");
            switch (args[i])
            {
                case "--sizes":
                    options.Sizes.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s =>
                        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"bad size {s}")));
                    break;
                case "--large":
                    large = true;
                    break;
                case "--iterations":
                    options.Iterations = Math.Max(1, Number());
                    break;
                case "--warmup":
                    options.Warmup = Number();
                    break;
                case "--concurrent":
                    options.Concurrent = true;
                    break;
                case "--netanalyzers":
                    options.NetAnalyzersDirectory = Value();
                    break;
                case "--markdown":
                    options.MarkdownPath = Value();
                    break;
                case "--configs":
                    options.Configs.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(name =>
                        Enum.TryParse<Config>(name, ignoreCase: true, out var config) ? config : throw new ArgumentException($"unknown configuration {name}")));
                    break;
                case "--libraries":
                    options._librarySets = Value() switch
                    {
                        "both" => new[] { true, false },
                        "referenced" => new[] { true },
                        "absent" => new[] { false },
                        var other => throw new ArgumentException($"--libraries {other}: referenced, absent or both"),
                    };
                    break;
                case "--smoke":
                    options.Smoke = true;
                    break;
                case "--scale":
                    options.Scale = true;
                    break;
                case "--scale-shapes":
                    options.ScaleShapes.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "--scale-only":
                    options.Scale = true;
                    options.ScaleOnly = true;
                    break;
                case "--jit-trace":
                    options.JitTrace = true;
                    break;
                case "--cold-trace":
                    options.ColdTrace = true;
                    break;
                case "--real-build":
                    options.RealBuild = true;
                    break;
                case "--runs":
                    options.Runs = Math.Max(1, Number());
                    break;
                case "--analyzer-dll":
                    options.AnalyzerDll = Path.GetFullPath(Value());
                    break;
                case "--work-dir":
                    options.WorkDirectory = Value();
                    break;
                case "--keep":
                    options.Keep = true;
                    break;
                case "--open-document":
                    options.OpenDocument = true;
                    break;
                case "--open-document-child":
                    options.OpenDocumentChild = Value();
                    break;
                case "--processes":
                    options.Processes = Math.Max(1, Number());
                    break;
                case "--warm-runs":
                    options.WarmRuns = Math.Max(1, Number());
                    break;
                case "--document":
                    options.Document = Number();
                    break;
                case "--memory":
                    options.Memory = true;
                    break;
                case "--memory-kib":
                    options.MemoryKib = Math.Max(1, Number());
                    break;
                case "--scale-runs":
                    options.ScaleRuns = Math.Max(1, Number());
                    break;
                case "--memory-runs":
                    options.MemoryRuns = Math.Max(1, Number());
                    break;
                case "--memory-child-kib":
                    options.MemoryKib = Number();
                    break;
                case "--memory-child":
                    var child = Value();
                    options.MemoryChild = Enum.TryParse<Config>(child, ignoreCase: true, out var childConfig) ? childConfig : throw new ArgumentException($"unknown configuration {child}");
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (options.Smoke)
        {
            if (options.Sizes.Count == 0)
            {
                options.Sizes.Add(500);
            }

            options.Iterations ??= 1;
        }
        else if (options.ScaleOnly)
        {
            options.Warmup = Math.Min(options.Warmup, 1);
        }
        else if (options.Sizes.Count == 0)
        {
            options.Sizes.AddRange(new[] { 1_000, 5_000 });
        }

        if (large && !options.Sizes.Contains(20_000))
        {
            options.Sizes.Add(20_000);
        }

        return options;
    }
}
