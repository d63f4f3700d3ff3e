using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// The same project analysed again and again with concurrent execution (the compiler's and the IDE's mode) gives
/// the same diagnostics every time: no race in per-compilation caches, no order-dependent result.
/// </summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class DeterminismTests(ITestOutputHelper output)
{
    private const int Runs = 5;

    [Fact]
    public async Task Repeated_concurrent_analysis_gives_identical_diagnostics()
    {
        var stopwatch = Stopwatch.StartNew();
        var files = GeneratedCorpus.TokenValidationFiles(40).AddRange(GeneratedCorpus.WrappedRuleInputs());
        var json = Corpus.All.Where(i => i.Kind is InputKind.Json or InputKind.Sample).SelectMany(i => i.AdditionalFiles)
            .Select((file, i) => file with { Path = $"/0/Config{i}/appsettings.json" }).ToImmutableArray();
        var spec = new CorpusInput("determinism", InputKind.CSharp, files.Add(new("/0/JsonHost.cs", Corpus.JsonHost)), json, OutputKind.DynamicallyLinkedLibrary).ToSpec();
        var runner = Harness.Runner(Catalog.Analyzers());

        List<string>? first = null;
        for (var run = 0; run < Runs; run++)
        {
            // A fresh compilation each time: nothing cached from the previous run.
            var (compilation, options) = spec.BuildCompilation();
            var diagnostics = await runner.AnalyzeAsync(compilation, options, $"run {run + 1}", CancellationToken.None);
            var described = diagnostics.Select(Describe).Order(StringComparer.Ordinal).ToList();
            if (first is null)
            {
                first = described;
                continue;
            }

            var missing = first.Except(described).Take(5).ToList();
            var extra = described.Except(first).Take(5).ToList();
            Assert.True(first.SequenceEqual(described),
                $"Run {run + 1} differs from run 1 ({described.Count} vs {first.Count} diagnostics). Missing: {string.Join("; ", missing)}. Extra: {string.Join("; ", extra)}.");
        }

        output.WriteLine($"Determinism: {files.Length + 1} C# files and {json.Length} JSON files analysed {Runs} times with concurrent execution, "
            + $"{first!.Count} diagnostics ({string.Join(", ", first.GroupBy(d => d[..d.IndexOf(',')]).Select(g => $"{g.Key}: {g.Count()}"))}), identical every time, in {Harness.Elapsed(stopwatch)}.");
        Assert.True(first.Count > 0, "Nothing was reported: the determinism check compared empty sets.");
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return $"{diagnostic.Id}, {span.Path}({span.StartLinePosition}-{span.EndLinePosition}): {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }
}
