using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// Issue 22, item 2: the latency of analyzing one open token-code document the way an IDE asks for it,
/// <see cref="CompilationWithAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(SemanticModel, Microsoft.CodeAnalysis.Text.TextSpan?, CancellationToken)"/>
/// with that document's semantic model, in a generated project (1,000 files by default).
/// <para>
/// Each measurement runs in a fresh process (this program, started again with <c>--open-document-child SET</c>), so
/// "first" is the first time the set's code runs: the child builds the compilation, binds its declarations and runs
/// one analysis of another token document with <see cref="WarmupAnalyzer"/> (no-op semantic-model, operation, syntax
/// node and symbol actions: the compiler, the operation trees and the analyzer driver are then compiled by the JIT, as
/// in an IDE whose own analyzers have run on the project), then asks for the target
/// document with a fresh <see cref="CompilationWithAnalyzers"/> over the set. "Warm" is the median of N further calls,
/// each with a fresh <see cref="CompilationWithAnalyzers"/> (and so a fresh semantic model) over the same compilation,
/// as an IDE does after each edit. The floor is <see cref="FloorAnalyzer"/>, one semantic-model action that does
/// nothing: the driver binds the document for it (an analyzer that registers nothing is skipped, and costs nothing).
/// </para>
/// </summary>
internal static class OpenDocument
{
    /// <summary>One child's measurement; FirstJit* are the JIT's work during the first call (System.Runtime.JitInfo, whole process).</summary>
    internal sealed record ChildResult(string Set, double FirstMs, double FirstAnalyzerMs, double[] WarmMs, double[] WarmAnalyzerMs,
        Dictionary<string, int> Findings, string Document, string[] Exceptions, double FirstJitMs, long FirstJitMethods, long FirstJitILBytes,
        double[] WarmStartMs)
    {
        /// <summary>The child's --jit-trace lines (not serialized by the child; read from its output).</summary>
        public string[] JitLines { get; init; } = Array.Empty<string>();
    }

    private static readonly string[] Sets = { "floor", "tokenanalyzers", "peer" };

    /// <summary>The parent: starts the children (alternating sets, <paramref name="processes"/> rounds) and prints medians.</summary>
    public static int Run(int size, int processes, int warmRuns, int documentIndex, string? netAnalyzers, bool jitTrace)
    {
        var failures = new List<string>();
        var results = Sets.ToDictionary(s => s, _ => new List<ChildResult>());
        Console.WriteLine();
        Console.WriteLine($"== open document: {size:N0}-file project, document {documentIndex}; {processes} fresh process(es) per set, {warmRuns} warm call(s) each");
        for (var round = 0; round < processes; round++)
        {
            for (var j = 0; j < Sets.Length; j++)
            {
                var set = Sets[(j + round) % Sets.Length];
                var arguments = new List<string> { "--open-document-child", set, "--sizes", size.ToString(CultureInfo.InvariantCulture),
                    "--warm-runs", warmRuns.ToString(CultureInfo.InvariantCulture), "--document", documentIndex.ToString(CultureInfo.InvariantCulture) };
                if (netAnalyzers is not null)
                {
                    arguments.AddRange(new[] { "--netanalyzers", netAnalyzers });
                }

                if (jitTrace)
                {
                    arguments.Add("--jit-trace");
                }

                ChildResult result;
                try
                {
                    result = StartChild(arguments);
                }
                catch (InvalidOperationException exception)
                {
                    failures.Add(exception.Message);
                    continue;
                }

                results[set].Add(result);
                foreach (var line in result.JitLines)
                {
                    Console.WriteLine("      " + line);
                }

                failures.AddRange(result.Exceptions.Select(e => $"{set}: {e}"));
                Console.WriteLine($"   process {round + 1,-3} {set,-15} first {result.FirstMs,7:F1} ms (analyzer {result.FirstAnalyzerMs,6:F1} ms; JIT {result.FirstJitMs,6:F1} ms, {result.FirstJitMethods,5} methods, {result.FirstJitILBytes / 1024.0,5:F0} KiB IL)  " +
                                  $"warm median {Stats.Median(result.WarmMs),6:F1} ms (analyzer {Stats.Median(result.WarmAnalyzerMs),5:F1} ms, of which start {Stats.Median(result.WarmStartMs),5:F1} ms)  findings {Findings(result.Findings)}");
            }
        }

        if (results.Values.Any(r => r.Count == 0))
        {
            failures.Add("a set has no measurement");
        }
        else
        {
            failures.AddRange(CheckFindings(results.ToDictionary(p => p.Key, p => p.Value[0].Findings), results["tokenanalyzers"][0].Document, Expected(size, documentIndex)));
            Console.WriteLine();
            Console.WriteLine($"Open document {results["tokenanalyzers"][0].Document} in a {size:N0}-file project: medians over {processes} fresh process(es); warm = median of each process's {warmRuns} calls, then the median over processes. " +
                              "Latency = the GetAnalyzerSemanticDiagnosticsAsync call; analyzer = AnalyzerTelemetryInfo.ExecutionTime of the set in that call.");
            Console.WriteLine();
            Console.WriteLine("| Set | First: latency (ms) | First: analyzer (ms) | First: JIT (ms / methods) | Warm: latency (ms) | Warm: analyzer (ms) | Warm: start only (ms) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var set in Sets)
            {
                var r = results[set];
                Console.WriteLine($"| {Name(set)} | {Stats.Median(r.Select(x => x.FirstMs)):F1} | {Stats.Median(r.Select(x => x.FirstAnalyzerMs)):F1} | " +
                                  $"{Stats.Median(r.Select(x => x.FirstJitMs)):F1} / {Stats.Median(r.Select(x => (double)x.FirstJitMethods)):F0} | " +
                                  $"{Stats.Median(r.Select(x => Stats.Median(x.WarmMs))):F1} | {Stats.Median(r.Select(x => Stats.Median(x.WarmAnalyzerMs))):F1} | " +
                                  $"{Stats.Median(r.Select(x => Stats.Median(x.WarmStartMs))):F1} |");
            }
        }

        return Program.Outcome(failures, "Open document: findings as planted for every set.");
    }

    /// <summary>The smoke check, in this process: one first and one warm call per set, findings only.</summary>
    public static async Task<List<string>> SmokeAsync(int size, string? netAnalyzers)
    {
        var failures = new List<string>();
        var findings = new Dictionary<string, Dictionary<string, int>>();
        var document = "";
        var stopwatch = Stopwatch.StartNew();
        var corpus = Corpus.Generate(size, withTokenLibraries: true);
        foreach (var set in Sets)
        {
            var result = await MeasureAsync(set, corpus, warmRuns: 1, DefaultDocument, netAnalyzers);
            findings[set] = result.Findings;
            document = result.Document;
            failures.AddRange(result.Exceptions.Select(e => $"open document, {set}: {e}"));
        }

        failures.AddRange(CheckFindings(findings, document, Expected(size, DefaultDocument)));
        Console.WriteLine($"   open document ({document}, {size} files): TokenAnalyzers {Findings(findings["tokenanalyzers"])}; CA5404+CA5405 {Findings(findings["peer"])} ({stopwatch.Elapsed.TotalSeconds:F1} s)");
        return failures;
    }

    /// <summary>The first token file of the corpus: the insecure TA1xx flags (seven findings).</summary>
    public const int DefaultDocument = Corpus.TokenFileEvery / 2;

    /// <summary>The child: measures one set and prints one JSON line prefixed with RESULT.</summary>
    public static async Task<int> ChildAsync(string set, int size, int warmRuns, int documentIndex, string? netAnalyzers, bool jitTrace)
    {
        var result = await MeasureAsync(set, Corpus.Generate(size, withTokenLibraries: true), warmRuns, documentIndex, netAnalyzers, jitTrace);
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<ChildResult> MeasureAsync(string set, Corpus corpus, int warmRuns, int documentIndex, string? netAnalyzers, bool jitTrace = false)
    {
        if (documentIndex < 0 || documentIndex >= corpus.Trees.Length)
        {
            throw new ArgumentException($"--document {documentIndex} is outside the {corpus.Trees.Length} files");
        }

        var analyzers = new Dictionary<Config, ImmutableArray<DiagnosticAnalyzer>> { [Config.Empty] = ImmutableArray.Create<DiagnosticAnalyzer>(new FloorAnalyzer()) };
        var suppressed = new List<string>();
        var config = set switch
        {
            "floor" => Config.Empty,
            "tokenanalyzers" => Config.TokenAnalyzers,
            "peer" => Config.Peer,
            _ => throw new ArgumentException($"unknown set {set}"),
        };
        if (config == Config.TokenAnalyzers)
        {
            analyzers[Config.TokenAnalyzers] = AnalyzerSets.TokenAnalyzers();
        }
        else if (config == Config.Peer)
        {
            var (peer, _) = AnalyzerSets.Peer(netAnalyzers);
            analyzers[Config.Peer] = peer;
            suppressed.AddRange(AnalyzerSets.SupportedIds(peer));
        }

        var measurement = new Measurement(References.All(), analyzers, suppressed, concurrent: false);
        var compilation = measurement.CreateCompilation(corpus);
        compilation.GetDeclarationDiagnostics();
        var target = corpus.Trees[documentIndex];
        var other = corpus.Trees[documentIndex + Corpus.TokenFileEvery < corpus.Trees.Length ? documentIndex + Corpus.TokenFileEvery : 0];
        var exceptions = new List<string>();

        // The compiler, the operation trees and the driver warmed on another document.
        var warmup = new Measurement(measurement.MetadataReferences, new Dictionary<Config, ImmutableArray<DiagnosticAnalyzer>> { [Config.Empty] = ImmutableArray.Create<DiagnosticAnalyzer>(new WarmupAnalyzer()) },
            Array.Empty<string>(), concurrent: false);
        await AnalyzeAsync(compilation, corpus, warmup, Config.Empty, other, exceptions);

        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitBytes = System.Runtime.JitInfo.GetCompiledILBytes();
        using var trace = jitTrace ? new JitTrace() : null;
        trace?.Start();
        var (firstMs, firstAnalyzerMs, diagnostics) = await AnalyzeAsync(compilation, corpus, measurement, config, target, exceptions);
        trace?.Stop();
        var firstJitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds;
        var firstJitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods;
        var firstJitBytes = System.Runtime.JitInfo.GetCompiledILBytes() - jitBytes;
        var warm = new double[warmRuns];
        var warmAnalyzer = new double[warmRuns];
        for (var i = 0; i < warmRuns; i++)
        {
            (warm[i], warmAnalyzer[i], _) = await AnalyzeAsync(compilation, corpus, measurement, config, target, exceptions);
        }

        if (trace is not null)
        {
            foreach (var line in trace.Report())
            {
                Console.WriteLine(line);
            }
        }

        // The set's fixed cost per CompilationWithAnalyzers: a syntax-only request runs Initialize and the
        // compilation-start actions, then the syntax-tree actions only (neither set has one that does work here).
        var warmStart = new double[warmRuns];
        for (var i = 0; i < warmRuns; i++)
        {
            warmStart[i] = await StartOnlyAsync(compilation, corpus, measurement, config, target, exceptions);
        }

        var findings = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        return new ChildResult(set, firstMs, firstAnalyzerMs, warm, warmAnalyzer, findings, Path.GetFileName(target.FilePath), exceptions.Distinct().ToArray(),
            firstJitMs, firstJitMethods, firstJitBytes, warmStart);
    }

    private static async Task<(double LatencyMs, double AnalyzerMs, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(
        Compilation compilation, Corpus corpus, Measurement measurement, Config config, SyntaxTree tree, List<string> exceptions)
    {
        var withAnalyzers = measurement.WithAnalyzers(compilation, corpus, config, exceptions);
        var model = withAnalyzers.Compilation.GetSemanticModel(tree);
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None).ConfigureAwait(false);
        stopwatch.Stop();
        var analyzerMs = 0.0;
        foreach (var analyzer in withAnalyzers.Analyzers)
        {
            analyzerMs += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime.TotalMilliseconds;
        }

        return (stopwatch.Elapsed.TotalMilliseconds, analyzerMs, diagnostics);
    }

    private static async Task<double> StartOnlyAsync(Compilation compilation, Corpus corpus, Measurement measurement, Config config, SyntaxTree tree, List<string> exceptions)
    {
        var withAnalyzers = measurement.WithAnalyzers(compilation, corpus, config, exceptions);
        await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None).ConfigureAwait(false);
        var analyzerMs = 0.0;
        foreach (var analyzer in withAnalyzers.Analyzers)
        {
            analyzerMs += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime.TotalMilliseconds;
        }

        return analyzerMs;
    }

    /// <summary>What the target document plants (the TokenAnalyzers findings of its snippet).</summary>
    private static IReadOnlyDictionary<string, int> Expected(int size, int documentIndex)
    {
        if (documentIndex % Corpus.TokenFileEvery != Corpus.TokenFileEvery / 2)
        {
            return new Dictionary<string, int>();
        }

        var snippet = TokenSnippets.Create(documentIndex / Corpus.TokenFileEvery, documentIndex);
        // TA5xx findings are in the JSON files, which a C# document's semantic diagnostics do not cover.
        return snippet.AppSettings is null ? snippet.Expected : new Dictionary<string, int>();
    }

    private static IEnumerable<string> CheckFindings(Dictionary<string, Dictionary<string, int>> findings, string document, IReadOnlyDictionary<string, int> expected)
    {
        if (findings["floor"].Count > 0)
        {
            yield return $"open document {document}: the floor analyzer reported {Findings(findings["floor"])}";
        }

        var ours = findings["tokenanalyzers"];
        foreach (var id in expected.Keys.Union(ours.Keys).OrderBy(id => id, StringComparer.Ordinal))
        {
            if (expected.GetValueOrDefault(id) != ours.GetValueOrDefault(id))
            {
                yield return $"open document {document}: TokenAnalyzers {id} expected {expected.GetValueOrDefault(id)}, found {ours.GetValueOrDefault(id)}";
            }
        }

        var peer = findings["peer"];
        if (peer.Keys.Any(id => !AnalyzerSets.PeerIds.Contains(id)))
        {
            yield return $"open document {document}: the peer reported {Findings(peer)}";
        }

        // The peer finds the TA1xx flags (CA5404) and accept-all delegates (CA5405); other documents may give it nothing.
        if (expected.Keys.Any(id => id.StartsWith("TA1", StringComparison.Ordinal) || id.StartsWith("TA2", StringComparison.Ordinal)) && peer.Count == 0)
        {
            yield return $"open document {document}: the peer found nothing";
        }
    }

    private static string Findings(IReadOnlyDictionary<string, int> findings) =>
        findings.Count == 0 ? "none" : string.Join(" ", findings.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} x {f.Value}"));

    private static string Name(string set) => set switch
    {
        "floor" => "Floor (a no-op semantic-model action)",
        "tokenanalyzers" => "TokenAnalyzers",
        _ => "CA5404+CA5405",
    };

    private static ChildResult StartChild(IReadOnlyList<string> arguments)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(processPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(OpenDocument).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + processPath);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"the open-document child ({string.Join(" ", arguments)}) exited with {process.ExitCode}: {output} {error.Result}");
        }

        var result = JsonSerializer.Deserialize<ChildResult>(line["RESULT ".Length..]) ?? throw new InvalidOperationException("no result from the child");
        return result with { JitLines = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("JIT ", StringComparison.Ordinal)).ToArray() };
    }
}

/// <summary>
/// The open document's floor: one semantic-model action that does nothing. The driver binds the document for it
/// (its compilation events), which is the compiler's share of every set's latency.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorAnalyzer() : BenchmarkAnalyzer("BENCH001", "Floor")
{
    protected override void Register(AnalysisContext context) => context.RegisterSemanticModelAction(_ => { });
}

/// <summary>Warms the compiler, the operation trees and the driver in a child before the set's first call: no-op actions of each kind.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class WarmupAnalyzer() : BenchmarkAnalyzer("BENCH002", "Warm-up")
{
    protected override void Register(AnalysisContext context)
    {
        context.RegisterSemanticModelAction(_ => { });
        context.RegisterCompilationStartAction(start =>
        {
            start.RegisterOperationAction(_ => { }, Enum.GetValues<OperationKind>().Where(kind => kind != OperationKind.None).Distinct().ToArray());
            start.RegisterSyntaxNodeAction(_ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression, Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression);
            start.RegisterSymbolAction(_ => { }, SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Property);
        });
    }
}

/// <summary>
/// <c>--jit-trace</c>: the methods the JIT compiles during the first call, from the runtime's own events
/// (MethodJittingStarted, JIT keyword), grouped by the type that declares them, for the types of the analyzer sets.
/// </summary>
internal sealed class JitTrace : System.Diagnostics.Tracing.EventListener
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (int Methods, long ILBytes)> _byType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x10);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName != "MethodJittingStarted_V1" || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("MethodNamespace") is var n and >= 0 ? eventData.Payload[n] as string ?? "" : "";
        var il = eventData.PayloadNames.IndexOf("MethodILSize") is var s and >= 0 ? Convert.ToInt64(eventData.Payload[s], CultureInfo.InvariantCulture) : 0;
        lock (_gate)
        {
            var (methods, bytes) = _byType.GetValueOrDefault(type);
            _byType[type] = (methods + 1, bytes + il);
        }
    }

    /// <summary>Lines "JIT &lt;methods&gt; &lt;IL bytes&gt; &lt;group&gt;": per namespace of the analyzers' own code (and Roslyn/BCL in total).</summary>
    public IEnumerable<string> Report()
    {
        Dictionary<string, (int Methods, long ILBytes)> snapshot;
        lock (_gate)
        {
            snapshot = new Dictionary<string, (int, long)>(_byType);
        }

        static string Group(string type)
        {
            var generic = type.IndexOfAny(new[] { '`', '[', '<', '+' });
            var name = generic > 0 ? type[..generic] : type;
            if (name.StartsWith("TokenAnalyzers.", StringComparison.Ordinal) || name.StartsWith("Microsoft.NetCore.Analyzers.", StringComparison.Ordinal) ||
                name.StartsWith("Analyzer.Utilities", StringComparison.Ordinal))
            {
                return name;
            }

            return name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ? "(Roslyn)" : "(other: BCL, generics over analyzer types)";
        }

        // The two groups outside the analyzers' own code also list their ten largest types (generic instantiations
        // over the analyzers' types show up there, e.g. ImmutableArray<T> or Dictionary<TKey, TValue>).
        return snapshot.GroupBy(p => Group(p.Key))
            .Select(g => (Group: g.Key, Methods: g.Sum(p => p.Value.Methods), Bytes: g.Sum(p => p.Value.ILBytes), Types: g))
            .OrderByDescending(g => g.Methods)
            .SelectMany(g => new[] { $"JIT {g.Methods,5} {g.Bytes,7} {g.Group}" }.Concat(!g.Group.StartsWith('(') ? Array.Empty<string>() :
                g.Types.OrderByDescending(t => t.Value.Methods).Take(10).Select(t => $"JIT       {t.Value.Methods,5} {t.Value.ILBytes,7} {t.Key}")));
    }
}
