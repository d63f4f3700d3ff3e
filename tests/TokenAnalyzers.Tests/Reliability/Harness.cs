using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>What happened to one case: how much was exercised, and every way it went wrong.</summary>
internal sealed class CaseOutcome
{
    public int Diagnostics { get; set; }
    public int FixActions { get; set; }
    public List<string> Failures { get; } = [];
    public ImmutableArray<Diagnostic> Reported { get; set; } = [];
}

/// <summary>
/// Runs every analyzer (together, concurrent execution, exception callback and AD0001 checked: the verifier's
/// <see cref="DiagnosticRunner"/> with <see cref="DiagnosticRunner.AllowCompilerErrors"/>) and every fixer over code
/// that need not compile, each case bounded in time so that a hang fails instead of stalling the suite.
/// </summary>
internal static class Harness
{
    /// <summary>
    /// Cancellation is requested after this long; a case that then still runs counts as a hang. A hang guard, not a
    /// speed check (speed is the benchmark's, see benchmarks/README.md): the slowest case takes about 15 s on a quiet
    /// machine and three times that with the other test projects building beside it on 2 cores, so the bound is wide.
    /// </summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Fix All runs only on cases with at most this many findings: removing thousands of assignments from one
    /// document is quadratic in the fixer (it stays cancellable; see docs/reliability.md).
    /// </summary>
    public const int FixAllLimit = 1000;

    private static readonly TimeSpan HangGrace = TimeSpan.FromSeconds(10);

    public static DiagnosticRunner Runner(ImmutableArray<DiagnosticAnalyzer> analyzers) => new(analyzers) { AllowCompilerErrors = true };

    /// <summary>
    /// Analyzes <paramref name="spec"/>; then, for up to <paramref name="maxFixedDiagnostics"/> diagnostics, asks every
    /// fixer that claims the id for its actions and computes each action's result, and runs each fixer's Fix All
    /// (solution scope) once per equivalence key. Any exception, AD0001 or timeout becomes a failure.
    /// </summary>
    public static async Task<CaseOutcome> ExerciseAsync(
        TestSolutionSpec spec,
        string description,
        DiagnosticRunner runner,
        ImmutableArray<CodeFixProvider> fixers,
        int maxFixedDiagnostics = int.MaxValue,
        TimeSpan? timeout = null,
        int maxFixAllDiagnostics = FixAllLimit)
    {
        var outcome = new CaseOutcome();
        await BoundedAsync(description, timeout ?? CaseTimeout, outcome.Failures, async cancellationToken =>
        {
            ImmutableArray<Diagnostic> diagnostics;
            Solution? solution = null;
            try
            {
                // A bare compilation is cheap; a workspace is built only when a fixer has something to fix.
                var (compilation, options) = spec.BuildCompilation();
                diagnostics = await runner.AnalyzeAsync(compilation, options, description, cancellationToken).ConfigureAwait(false);
                if (diagnostics.Any(d => d.Location.IsInSource && fixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id))))
                {
                    solution = spec.Build();
                    diagnostics = await runner.AnalyzeAsync(solution, description, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (VerificationException exception)
            {
                outcome.Failures.Add(exception.Message);
                return;
            }

            outcome.Diagnostics = diagnostics.Length;
            outcome.Reported = diagnostics;
            if (solution is null)
            {
                return;
            }

            var keys = new HashSet<(CodeFixProvider Fixer, string Key)>();
            foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource).Take(maxFixedDiagnostics))
            {
                foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var where = $"{fixer.GetType().Name} on {DiagnosticRunner.Describe(diagnostic)} in {description}";
                    try
                    {
                        var actions = await OfferedActionsAsync(solution, fixer, diagnostic, cancellationToken).ConfigureAwait(false);
                        foreach (var action in actions)
                        {
                            outcome.FixActions++;
                            await ComputeAsync(action, solution, cancellationToken).ConfigureAwait(false);
                            if (action.EquivalenceKey is { } key)
                            {
                                keys.Add((fixer, key));
                            }
                        }
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        outcome.Failures.Add($"{where} threw: {exception}");
                    }
                }
            }

            foreach (var (fixer, key) in diagnostics.Length <= maxFixAllDiagnostics ? keys : [])
            {
                if (fixer.GetFixAllProvider() is not { } fixAll || !fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
                {
                    continue;
                }

                try
                {
                    var document = solution.GetDocument(diagnostics.First(d => d.Location.IsInSource && fixer.FixableDiagnosticIds.Contains(d.Id)).Location.SourceTree)!;
                    var context = new FixAllContext(document, fixer, FixAllScope.Solution, key, fixer.FixableDiagnosticIds, new KnownDiagnostics(diagnostics), cancellationToken);
                    if (await fixAll.GetFixAsync(context).ConfigureAwait(false) is { } action)
                    {
                        outcome.FixActions++;
                        await ComputeAsync(action, solution, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    outcome.Failures.Add($"Fix All ({key}) of {fixer.GetType().Name} in {description} threw: {exception}");
                }
            }
        }).ConfigureAwait(false);

        return outcome;
    }

    /// <summary>The actions <paramref name="fixer"/> registers for <paramref name="diagnostic"/>.</summary>
    public static async Task<List<CodeAction>> OfferedActionsAsync(Solution solution, CodeFixProvider fixer, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        if (diagnostic.Location.SourceTree is not { } tree || solution.GetDocument(tree) is not { } document)
        {
            return actions;
        }

        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions;
    }

    /// <summary>Computes every change an action makes, down to the changed documents' trees.</summary>
    private static async Task ComputeAsync(CodeAction action, Solution original, CancellationToken cancellationToken)
    {
        foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (operation is ApplyChangesOperation apply)
            {
                foreach (var projectChanges in apply.ChangedSolution.GetChanges(original).GetProjectChanges())
                {
                    foreach (var id in projectChanges.GetChangedDocuments())
                    {
                        await projectChanges.NewProject.GetDocument(id)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    /// <summary>Compiler errors of every project, as "id: message" (no positions, so that they compare across edits).</summary>
    public static async Task<List<string>> CompilerErrorsAsync(Solution solution, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var project in solution.Projects)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            errors.AddRange(compilation!.GetDiagnostics(cancellationToken)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
        }

        return errors;
    }

    /// <summary>The errors of <paramref name="after"/> that <paramref name="before"/> does not have (as multisets).</summary>
    public static List<string> NewErrors(List<string> before, List<string> after) => Except(after, before);

    /// <summary>The items of <paramref name="items"/> left once each item of <paramref name="taken"/> has taken one equal item (a multiset difference).</summary>
    public static List<string> Except(IEnumerable<string> items, IEnumerable<string> taken)
    {
        var remaining = taken.GroupBy(item => item, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var left = new List<string>();
        foreach (var item in items)
        {
            if (remaining.TryGetValue(item, out var count) && count > 0)
            {
                remaining[item] = count - 1;
            }
            else
            {
                left.Add(item);
            }
        }

        return left;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a token cancelled after <paramref name="timeout"/>. Work that honours the
    /// token ends as a "timed out" failure; work that ignores it and runs on past the grace period is reported as a
    /// hang and abandoned, so the suite itself never hangs.
    /// </summary>
    public static async Task BoundedAsync(string description, TimeSpan timeout, List<string> failures, Func<CancellationToken, Task> work)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var task = Task.Run(() => work(cancellation.Token));
        try
        {
            await task.WaitAsync(timeout + HangGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            failures.Add($"Hang: {description} still ran {HangGrace.TotalSeconds:0} s after cancellation at {timeout.TotalSeconds:0} s.");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            failures.Add($"Timeout: {description} did not finish within {timeout.TotalSeconds:0} s.");
        }
        catch (Exception exception)
        {
            failures.Add($"{description}: {exception}");
        }
    }

    /// <summary>Runs the cases, two at a time (the machine's cores), and gathers their outcomes in case order.</summary>
    public static async Task<List<(T Case, CaseOutcome Outcome)>> RunAllAsync<T>(IReadOnlyList<T> cases, Func<T, Task<CaseOutcome>> run)
    {
        var outcomes = new CaseOutcome[cases.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, cases.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
            async (index, _) => outcomes[index] = await run(cases[index]).ConfigureAwait(false)).ConfigureAwait(false);
        return cases.Select((c, i) => (c, outcomes[i])).ToList();
    }

    /// <summary>A failure message listing the first failures, or null.</summary>
    public static string? Summarize(IEnumerable<string> failures, int total)
    {
        var list = failures.ToList();
        if (list.Count == 0)
        {
            return null;
        }

        var message = new StringBuilder($"{list.Count} failure(s) in {total} case(s); the first ones:");
        foreach (var failure in list.Take(20))
        {
            message.AppendLine().AppendLine("----").Append(failure.Length > 4000 ? failure[..4000] + " ..." : failure);
        }

        return message.ToString();
    }

    public static string Elapsed(Stopwatch stopwatch) => $"{stopwatch.Elapsed.TotalSeconds:0.0} s";

    /// <summary>Feeds Fix All the diagnostics already computed for a case.</summary>
    private sealed class KnownDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == document.FilePath).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => !d.Location.IsInSource).ToList());
    }
}
