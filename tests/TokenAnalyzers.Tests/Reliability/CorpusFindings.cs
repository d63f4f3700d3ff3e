using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// What every analyzer reports on each corpus input (compiled bare, compiler errors allowed), computed once per test
/// run and shared by the tests that pick their cases by it (<see cref="FixSafetyTests"/>, <see cref="GeneratedFixShapeSweepTests"/>).
/// </summary>
internal static class CorpusFindings
{
    private static readonly Lazy<DiagnosticRunner> LazyRunner = new(() => Harness.Runner(Catalog.Analyzers()));

    private static readonly ConcurrentDictionary<string, Lazy<Task<ImmutableArray<Diagnostic>>>> Cache = new(StringComparer.Ordinal);

    public static Task<ImmutableArray<Diagnostic>> OfAsync(CorpusInput input, CancellationToken cancellationToken) =>
        Cache.GetOrAdd(input.Name, _ => new Lazy<Task<ImmutableArray<Diagnostic>>>(() => AnalyzeAsync(input, cancellationToken))).Value.WaitAsync(cancellationToken);

    private static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(CorpusInput input, CancellationToken cancellationToken)
    {
        var (compilation, options) = input.ToSpec().BuildCompilation();
        return LazyRunner.Value.AnalyzeAsync(compilation, options, input.Name, cancellationToken);
    }
}
