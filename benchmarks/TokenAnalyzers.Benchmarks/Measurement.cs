using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Benchmarks;

internal enum Config
{
    Compile,
    Empty,
    TokenAnalyzers,
    Peer,

    /// <summary>The scale series' binding floor: <see cref="BindingAnalyzer"/> alone.</summary>
    Binding,

    /// <summary>TokenAnalyzers next to <see cref="BindingAnalyzer"/>: what TokenAnalyzers adds beyond binding the code.</summary>
    TokenAnalyzersAfterBinding,
}

/// <summary>One measured run: wall time, bytes allocated by the whole process, summed analyzer execution time.</summary>
internal sealed record Sample(double WallMs, long AllocatedBytes, double AnalyzerMs, ImmutableDictionary<string, double> PerAnalyzerMs, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Exceptions);

/// <summary>
/// Every run builds a fresh compilation from the same parsed trees (no binding is cached between runs) and
/// awaits every diagnostic: the compiler's own and the analyzers'. The compile-only run asks the compilation
/// for its diagnostics (parse, declaration, binding); the analyzer runs go through
/// <see cref="CompilationWithAnalyzers.GetAllDiagnosticsAsync()"/>, so the empty analyzer pays for the same
/// binding and the difference to it is what the analyzers add.
/// </summary>
internal sealed class Measurement
{
    private readonly ImmutableArray<MetadataReference> _references;

    public ImmutableArray<MetadataReference> MetadataReferences => _references;
    private readonly ImmutableArray<MetadataReference> _referencesWithoutTokenLibraries;
    private readonly CSharpCompilationOptions _options;
    private readonly bool _concurrent;
    private readonly IReadOnlyDictionary<Config, ImmutableArray<DiagnosticAnalyzer>> _analyzers;

    public Measurement(ImmutableArray<MetadataReference> references, IReadOnlyDictionary<Config, ImmutableArray<DiagnosticAnalyzer>> analyzers,
        IEnumerable<string> suppressedIds, bool concurrent)
    {
        _references = references;
        _referencesWithoutTokenLibraries = References.WithoutTokenLibraries(references);
        _analyzers = analyzers;
        _concurrent = concurrent;
        var specific = AnalyzerSets.PeerIds.ToDictionary(id => id, _ => ReportDiagnostic.Warn);
        foreach (var id in suppressedIds.Where(id => !specific.ContainsKey(id)))
        {
            specific[id] = ReportDiagnostic.Suppress;
        }

        _options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            concurrentBuild: concurrent,
            specificDiagnosticOptions: specific);
    }

    public CSharpCompilation CreateCompilation(Corpus corpus) =>
        CSharpCompilation.Create("Corpus" + corpus.Files, corpus.Trees, corpus.WithTokenLibraries ? _references : _referencesWithoutTokenLibraries, _options);

    /// <summary>
    /// Wall time, allocations and findings of one configuration. <see cref="CompilationWithAnalyzers.GetAllDiagnosticsAsync()"/>
    /// is what a build does (compiler and analyzers on one event queue), but it records no analyzer execution time;
    /// <see cref="AnalyzerTimeAsync"/> measures that in a separate run.
    /// </summary>
    public async Task<Sample> RunAsync(Corpus corpus, Config config)
    {
        var compilation = CreateCompilation(corpus);
        Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        if (config == Config.Compile)
        {
            var compilerDiagnostics = compilation.GetDiagnostics();
            stopwatch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            return new Sample(stopwatch.Elapsed.TotalMilliseconds, allocated, 0, ImmutableDictionary<string, double>.Empty, compilerDiagnostics, ImmutableArray<string>.Empty);
        }

        var exceptions = new List<string>();
        var withAnalyzers = WithAnalyzers(compilation, corpus, config, exceptions);
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
        stopwatch.Stop();
        var allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Sample(stopwatch.Elapsed.TotalMilliseconds, allocatedBytes, 0, ImmutableDictionary<string, double>.Empty, diagnostics, exceptions.ToImmutableArray());
    }

    /// <summary>
    /// Analyzer execution time (<see cref="AnalyzerTelemetryInfo.ExecutionTime"/>, per analyzer), which only
    /// <see cref="CompilationWithAnalyzers.GetAnalysisResultAsync(CancellationToken)"/> records. The declarations are
    /// bound first, untimed, as the compiler does before any analyzer runs, so the first analyzer is not charged
    /// for loading the references.
    /// </summary>
    public async Task<(double Total, ImmutableDictionary<string, double> PerAnalyzer, ImmutableArray<string> Exceptions)> AnalyzerTimeAsync(Corpus corpus, Config config)
    {
        var compilation = CreateCompilation(corpus);
        compilation.GetDeclarationDiagnostics();
        Collect();
        var exceptions = new List<string>();
        var result = await WithAnalyzers(compilation, corpus, config, exceptions).GetAnalysisResultAsync(CancellationToken.None).ConfigureAwait(false);
        var perAnalyzer = ImmutableDictionary.CreateBuilder<string, double>();
        foreach (var (analyzer, telemetry) in result.AnalyzerTelemetryInfo)
        {
            var name = analyzer.GetType().Name;
            perAnalyzer[name] = perAnalyzer.GetValueOrDefault(name) + telemetry.ExecutionTime.TotalMilliseconds;
        }

        return (perAnalyzer.Values.Sum(), perAnalyzer.ToImmutable(), exceptions.ToImmutableArray());
    }

    public CompilationWithAnalyzers WithAnalyzers(Compilation compilation, Corpus corpus, Config config, List<string> exceptions) =>
        compilation.WithAnalyzers(_analyzers[config], new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(corpus.AdditionalFiles),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: _concurrent,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false));

    private static void Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}

/// <summary>
/// References of a web API project, taken from this process (TRUSTED_PLATFORM_ASSEMBLIES): the BCL, the ASP.NET Core
/// shared framework and the token packages this project references; never Roslyn, the analyzers or the harness.
/// </summary>
internal static class References
{
    private static readonly string[] TokenLibraryPrefixes =
    {
        "Microsoft.IdentityModel.",
        "System.IdentityModel.",
        "Microsoft.AspNetCore.Authentication.JwtBearer",
        "Microsoft.AspNetCore.Authentication.OpenIdConnect",
    };

    private static readonly string[] NotOfTheProject = { "Microsoft.CodeAnalysis", "TokenAnalyzers" };

    public static ImmutableArray<MetadataReference> All()
    {
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string)
            ?? throw new InvalidOperationException("This process does not expose TRUSTED_PLATFORM_ASSEMBLIES.");
        return paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(path => !NotOfTheProject.Any(prefix => Path.GetFileName(path).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(path => Path.GetFileName(path), StringComparer.OrdinalIgnoreCase)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    public static ImmutableArray<MetadataReference> WithoutTokenLibraries(ImmutableArray<MetadataReference> all) =>
        all.Where(reference => !IsTokenLibrary(reference)).ToImmutableArray();

    public static int TokenLibraryCount(ImmutableArray<MetadataReference> all) => all.Count(IsTokenLibrary);

    private static bool IsTokenLibrary(MetadataReference reference)
    {
        var fileName = Path.GetFileName(((PortableExecutableReference)reference).FilePath) ?? "";
        return TokenLibraryPrefixes.Any(prefix => fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
