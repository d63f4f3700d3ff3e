using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// Runs the provider's Fix All at one scope, pass after pass, until no fix is offered; then checks that one more
/// Fix All changes nothing.
/// </summary>
internal sealed class FixAllRunner
{
    private readonly DiagnosticRunner _diagnostics;
    private readonly CodeFixRunner _codeFixes;
    private readonly CodeFixProvider _provider;
    private readonly FixAllProvider _fixAll;
    private readonly int? _passLimit;

    public FixAllRunner(DiagnosticRunner diagnostics, CodeFixRunner codeFixes, CodeFixProvider provider, FixAllProvider fixAll, int? passLimit)
    {
        _passLimit = passLimit;
        _diagnostics = diagnostics;
        _codeFixes = codeFixes;
        _provider = provider;
        _fixAll = fixAll;
    }

    public async Task<Solution> FixAllAsync(Solution solution, FixAllScope scope, CancellationToken cancellationToken)
    {
        // A sound Fix All needs one pass per document (Document scope), per project (Project) or one pass
        // (Solution). More passes usually mean an equivalence key that differs per diagnostic, which makes Fix All
        // skip fixes; fixes that uncover further diagnostics can raise the limit explicitly.
        var passLimit = _passLimit ?? scope switch
        {
            FixAllScope.Document => solution.Projects.Sum(project => project.DocumentIds.Count),
            FixAllScope.Project => solution.ProjectIds.Count,
            _ => 1,
        };

        string? equivalenceKey = null;
        string? diagnosticId = null;
        for (var pass = 0; ; pass++)
        {
            var state = pass == 0 ? "the test input" : $"the code after {pass} Fix All ({scope}) pass(es)";
            var diagnostics = await _diagnostics.AnalyzeAsync(solution, state, cancellationToken).ConfigureAwait(false);
            var fix = await _codeFixes.FindFirstFixAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);
            if (fix is null)
            {
                break;
            }

            if (pass == passLimit)
            {
                throw new VerificationException(
                    $"Fix All ({scope}) still offers a fix after {passLimit} pass(es), for {DiagnosticRunner.Describe(fix.Diagnostic)}. "
                    + "Does the equivalence key differ per diagnostic, or does WellKnownFixAllProviders.BatchFixer drop adjacent edits "
                    + "(prefer FixAllProvider.Create with one DocumentEditor per document)? "
                    + "Raise AnalyzerTest.FixAllPassLimit only if fixes uncover new diagnostics.");
            }

            equivalenceKey ??= fix.Action.EquivalenceKey;
            diagnosticId ??= fix.Diagnostic.Id;
            // As the IDE does: Fix All for the id of the diagnostic whose action was chosen.
            var action = await _fixAll.GetFixAsync(CreateContext(fix.Document, scope, fix.Action.EquivalenceKey, fix.Diagnostic.Id, cancellationToken)).ConfigureAwait(false)
                ?? throw new VerificationException(
                    $"Fix All ({scope}) offered no fix, although the code fix offers \"{fix.Action.Title}\" for {DiagnosticRunner.Describe(fix.Diagnostic)}.");

            var fixedSolution = await CodeFixRunner.ApplyAsync(action, cancellationToken, solution).ConfigureAwait(false);
            if (SolutionTexts.AreEqual(
                    await SolutionTexts.OfAsync(solution, cancellationToken).ConfigureAwait(false),
                    await SolutionTexts.OfAsync(fixedSolution, cancellationToken).ConfigureAwait(false)))
            {
                throw new VerificationException($"Fix All ({scope}) left the code unchanged (pass {pass + 1}).");
            }

            solution = fixedSolution;
        }

        if (equivalenceKey is not null && diagnosticId is not null)
        {
            await VerifyNothingLeftToFixAsync(solution, scope, equivalenceKey, diagnosticId, cancellationToken).ConfigureAwait(false);
        }

        return solution;
    }

    private async Task VerifyNothingLeftToFixAsync(Solution solution, FixAllScope scope, string equivalenceKey, string diagnosticId, CancellationToken cancellationToken)
    {
        var starts = scope switch
        {
            FixAllScope.Document => solution.Projects.SelectMany(project => project.Documents),
            FixAllScope.Project => solution.Projects.Select(project => project.Documents.First()),
            _ => [solution.Projects.First().Documents.First()],
        };

        var texts = await SolutionTexts.OfAsync(solution, cancellationToken).ConfigureAwait(false);
        foreach (var document in starts.ToList())
        {
            var action = await _fixAll.GetFixAsync(CreateContext(document, scope, equivalenceKey, diagnosticId, cancellationToken)).ConfigureAwait(false);
            if (action is null)
            {
                continue;
            }

            var again = await CodeFixRunner.ApplyAsync(action, cancellationToken, solution).ConfigureAwait(false);
            if (!SolutionTexts.AreEqual(texts, await SolutionTexts.OfAsync(again, cancellationToken).ConfigureAwait(false)))
            {
                throw new VerificationException(
                    $"Fix All ({scope}) applied once more to its own result, starting at {document.FilePath}, changed the code again.");
            }
        }
    }

    private FixAllContext CreateContext(Document document, FixAllScope scope, string? equivalenceKey, string diagnosticId, CancellationToken cancellationToken) =>
        new(document, _provider, scope, equivalenceKey, ImmutableHashSet.Create(diagnosticId), new AnalyzerDiagnosticProvider(_diagnostics), cancellationToken);

    /// <summary>Feeds Fix All the diagnostics of the analyzers under test, analyzing each project snapshot once.</summary>
    internal sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly DiagnosticRunner _runner;
        private readonly ConcurrentDictionary<Project, Task<ImmutableArray<Diagnostic>>> _cache = new();

        public AnalyzerDiagnosticProvider(DiagnosticRunner runner) => _runner = runner;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            FilterAsync(project, _ => true, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            FilterAsync(document.Project, d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == document.FilePath, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            FilterAsync(project, d => !d.Location.IsInSource, cancellationToken);

        private async Task<IEnumerable<Diagnostic>> FilterAsync(Project project, System.Func<Diagnostic, bool> predicate, CancellationToken cancellationToken)
        {
            var all = await _cache.GetOrAdd(project, p => _runner.AnalyzeAsync(p, "the code given to Fix All", cancellationToken)).ConfigureAwait(false);
            return all.Where(predicate).ToList();
        }
    }
}
