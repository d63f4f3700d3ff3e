using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>An IDE cancels analysis on every keystroke: cancelled analysis of a large project must stop promptly.</summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class CancellationTests(ITestOutputHelper output)
{
    // Large enough that no machine analyses it before the cancellation arrives: after the analyzers got faster,
    // 300 files were done in under 400 ms and the test stopped testing anything. A 5,000-file compile takes ~25 s here.
    private const int Files = 3000;
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(100)]
    [InlineData(400)]
    public async Task Cancelled_analysis_of_a_large_project_stops_promptly(int cancelAfterMilliseconds)
    {
        var spec = new CorpusInput("generated", InputKind.CSharp, GeneratedCorpus.TokenValidationFiles(Files), [], OutputKind.DynamicallyLinkedLibrary).ToSpec();
        var (compilation, options) = spec.BuildCompilation();
        var analyzers = Catalog.Analyzers();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));

        using var cancellation = new CancellationTokenSource();
        var analysis = Task.Run(() => withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellation.Token));
        await Task.Delay(cancelAfterMilliseconds);

        // Read before cancelling, and time from the cancel call itself: a callback registered on the token races with
        // the analysis, which may observe the cancellation and throw before the callback has run.
        var finishedFirst = analysis.IsCompleted;
        var cancelledAt = Stopwatch.StartNew();
        cancellation.Cancel();

        Exception? thrown = null;
        try
        {
            await analysis.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (Exception exception)
        {
            thrown = exception;
        }

        var stoppedAfter = cancelledAt.Elapsed;
        output.WriteLine($"Cancellation: {Files} generated files, {analyzers.Length} analyzers, cancelled after {cancelAfterMilliseconds} ms, "
            + $"stopped {stoppedAfter.TotalMilliseconds:0} ms after cancellation with {thrown?.GetType().Name ?? "no exception (finished first)"}.");
        Assert.False(finishedFirst, "The analysis finished before it was cancelled: the generated project is too small to test cancellation.");
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.True(stoppedAfter < Prompt, $"The analysis stopped {stoppedAfter.TotalSeconds:0.0} s after cancellation; expected under {Prompt.TotalSeconds:0} s.");
    }
}
