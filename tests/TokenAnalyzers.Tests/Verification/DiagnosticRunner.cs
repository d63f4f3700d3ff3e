using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// Runs the analyzers under test on a solution the way the compiler does (<see cref="CompilationWithAnalyzers"/>,
/// concurrent, with the project's AnalyzerOptions so additional files and .editorconfig/.globalconfig reach the
/// analyzers). Fails on compiler errors, analyzer exceptions and AD0001; returns only the analyzers' own ids.
/// </summary>
internal sealed class DiagnosticRunner
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

    public DiagnosticRunner(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        _analyzers = analyzers;
        SupportedIds = analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(descriptor => descriptor.Id).ToImmutableHashSet();
    }

    public ImmutableHashSet<string> SupportedIds { get; }

    /// <summary>
    /// When true, code that does not compile is analyzed anyway (the states an IDE sees while someone types);
    /// analyzer exceptions, AD0001 and TA0002 still fail. The reliability suite uses it; rule tests keep the default.
    /// </summary>
    public bool AllowCompilerErrors { get; init; }

    /// <summary>
    /// TA0002 (a rule's internal failure, reported instead of thrown) fails a run like an exception, unless the test
    /// is about that report (<see cref="Tests.Reliability.FailureReportingTests"/>).
    /// </summary>
    public bool ExpectFailureReports { get; init; }

    /// <summary>Diagnostics of every project, ordered by project, document and position.</summary>
    /// <param name="state">Describes the code for failure messages, e.g. "the test input".</param>
    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Solution solution, string state, CancellationToken cancellationToken)
    {
        var all = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var project in solution.Projects)
        {
            all.AddRange(await AnalyzeAsync(project, state, cancellationToken).ConfigureAwait(false));
        }

        return all.ToImmutable();
    }

    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, string state, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The project has no compilation.");
        var diagnostics = await AnalyzeAsync(compilation, project.AnalyzerOptions, state, cancellationToken, project.Name).ConfigureAwait(false);
        return Order(project, diagnostics);
    }

    /// <summary>
    /// Analyzes a compilation directly, without a workspace (see <see cref="TestSolutionSpec.BuildCompilation"/>), with the
    /// same checks; the diagnostics come back ordered by file path and position.
    /// </summary>
    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        Compilation compilation, AnalyzerOptions analyzerOptions, string state, CancellationToken cancellationToken, string? projectName = null)
    {
        var errors = AllowCompilerErrors
            ? []
            : compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new VerificationException(
                $"{Capitalize(state)} does not compile{(projectName is null ? "" : $" ({projectName})")}:{Environment.NewLine}"
                + string.Join(Environment.NewLine, errors.Select(error => "  " + Describe(error))));
        }

        var exceptions = new ConcurrentQueue<(Exception Exception, DiagnosticAnalyzer Analyzer)>();
        var options = new CompilationWithAnalyzersOptions(
            analyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue((exception, analyzer)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(_analyzers, options)
            .GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var crashes = diagnostics.Where(d => d.Id == "AD0001" || (d.Id == RuleIds.CouldNotAnalyze && !ExpectFailureReports)).ToList();
        if (!exceptions.IsEmpty || crashes.Count > 0)
        {
            var message = new StringBuilder($"An analyzer threw an exception on {state}:");
            foreach (var (exception, analyzer) in exceptions)
            {
                message.AppendLine().Append("  ").Append(analyzer.GetType().Name).Append(": ").Append(exception);
            }

            foreach (var crash in crashes)
            {
                message.AppendLine().Append("  ").Append(Describe(crash));
            }

            throw new VerificationException(message.ToString());
        }

        return diagnostics.Where(d => SupportedIds.Contains(d.Id))
            .OrderBy(d => PathOf(d), StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Location.SourceSpan.End)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>"TA101, /0/Test0.cs(3,9): message" (1-based line and column, for people only).</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        if (location == Location.None)
        {
            return $"{diagnostic.Id}, (no location): {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        var lineSpan = location.GetLineSpan();
        return $"{diagnostic.Id}, {lineSpan.Path}({lineSpan.StartLinePosition.Line + 1},{lineSpan.StartLinePosition.Character + 1}): "
            + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ImmutableArray<Diagnostic> Order(Project project, IEnumerable<Diagnostic> diagnostics)
    {
        var documentOrder = project.Documents.Concat(project.AdditionalDocuments)
            .Select((document, index) => (document.FilePath!, index))
            .ToDictionary(pair => pair.Item1, pair => pair.index);
        return diagnostics
            .OrderBy(d => documentOrder.TryGetValue(PathOf(d), out var index) ? index : -1)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Location.SourceSpan.End)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>The file a diagnostic points into (a source or an additional file), or "" when it has no location.</summary>
    public static string PathOf(Diagnostic diagnostic) =>
        diagnostic.Location == Location.None ? "" : diagnostic.Location.GetLineSpan().Path ?? "";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
