using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// An IDE cancels analysis on every keystroke: cancelled analysis of a large project must stop promptly. The
/// cancellation is triggered from inside the analysis (by a probe analyzer, once it has seen a given number of
/// files), so the test does not depend on how fast this machine is: a wall-clock delay stopped testing anything
/// once the analyzers became fast enough to finish first.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public class CancellationTests(ITestOutputHelper output)
{
    private const int Files = 300;
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(10)]
    [InlineData(150)]
    public async Task Cancelled_analysis_of_a_large_project_stops_promptly(int cancelAfterFiles)
    {
        var spec = new CorpusInput("generated", InputKind.CSharp, GeneratedCorpus.TokenValidationFiles(Files), [], OutputKind.DynamicallyLinkedLibrary).ToSpec();
        var (compilation, options) = spec.BuildCompilation();
        var analyzers = Catalog.Analyzers();
        using var cancellation = new CancellationTokenSource();
        var cancelledAt = new Stopwatch();
        cancellation.Token.Register(cancelledAt.Start);
        var probe = new CancelAfterFilesAnalyzer(cancelAfterFiles, cancellation);
        var withAnalyzers = compilation.WithAnalyzers(analyzers.Add(probe), new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));

        var analysis = Task.Run(() => withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellation.Token));

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
        output.WriteLine($"Cancellation: {Files} generated files, {analyzers.Length} analyzers, cancelled after {cancelAfterFiles} files, "
            + $"stopped {stoppedAfter.TotalMilliseconds:0} ms after cancellation with {thrown?.GetType().Name ?? "no exception (finished first)"}.");
        Assert.True(cancelledAt.IsRunning, "The probe never cancelled: it saw fewer files than expected.");
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.True(stoppedAfter < Prompt, $"The analysis stopped {stoppedAfter.TotalSeconds:0.0} s after cancellation; expected under {Prompt.TotalSeconds:0} s.");
    }
}

/// <summary>Test-only: cancels the analysis once it has seen <c>files</c> syntax trees, i.e. while the rules are mid-way.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class CancelAfterFilesAnalyzer(int files, CancellationTokenSource cancellation) : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Unused = new("TEST900", "Probe", "Probe", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
    private int _seen;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Unused];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSemanticModelAction(_ =>
        {
            if (Interlocked.Increment(ref _seen) == files)
            {
                cancellation.Cancel();
            }
        });
    }
}
