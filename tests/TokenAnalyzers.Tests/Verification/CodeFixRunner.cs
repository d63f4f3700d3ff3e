using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>A code action the provider offers for a diagnostic.</summary>
internal sealed record OfferedFix(Diagnostic Diagnostic, Document Document, CodeAction Action);

/// <summary>Applies single code fixes, one diagnostic at a time, until none is offered.</summary>
internal sealed class CodeFixRunner
{
    private readonly DiagnosticRunner _diagnostics;
    private readonly CodeFixProvider _provider;
    private readonly string? _equivalenceKey;

    public CodeFixRunner(DiagnosticRunner diagnostics, CodeFixProvider provider, string? equivalenceKey)
    {
        _diagnostics = diagnostics;
        _provider = provider;
        _equivalenceKey = equivalenceKey;
    }

    /// <summary>
    /// Fixes the first fixable diagnostic, re-analyzes, and repeats. Fails on a fix loop, on an action that changes
    /// nothing, on an action after which its diagnostic is still reported, and on code that stops compiling.
    /// </summary>
    public async Task<Solution> FixOneByOneAsync(Solution solution, CancellationToken cancellationToken)
    {
        var diagnostics = await _diagnostics.AnalyzeAsync(solution, "the test input", cancellationToken).ConfigureAwait(false);
        var texts = await SolutionTexts.OfAsync(solution, cancellationToken).ConfigureAwait(false);
        var limit = diagnostics.Length + 2;
        for (var applied = 0; ; applied++)
        {
            var fix = await FindFirstFixAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);
            if (fix is null)
            {
                return solution;
            }

            var description = $"\"{fix.Action.Title}\" for {DiagnosticRunner.Describe(fix.Diagnostic)}";
            if (applied == limit)
            {
                throw new VerificationException(
                    $"Fix loop: a code fix is still offered after {limit} fixes (initial diagnostics + 2). Next offered: {description}");
            }

            var fixedSolution = await ApplyAsync(fix.Action, cancellationToken, solution).ConfigureAwait(false);
            var fixedTexts = await SolutionTexts.OfAsync(fixedSolution, cancellationToken).ConfigureAwait(false);
            if (SolutionTexts.AreEqual(texts, fixedTexts))
            {
                throw new VerificationException($"The code action {description} left the code unchanged.");
            }

            var fixedDiagnostics = await _diagnostics.AnalyzeAsync(fixedSolution, $"the code after applying {description}", cancellationToken).ConfigureAwait(false);
            var fixedKey = KeyOf(fix.Diagnostic, texts);
            if (fixedDiagnostics.Count(d => KeyOf(d, fixedTexts) == fixedKey) >= diagnostics.Count(d => KeyOf(d, texts) == fixedKey))
            {
                throw new VerificationException($"The diagnostic is still reported after applying the code action {description}.");
            }

            (solution, diagnostics, texts) = (fixedSolution, fixedDiagnostics, fixedTexts);
        }
    }

    /// <summary>The first diagnostic (in document order) for which the provider offers the wanted action.</summary>
    public async Task<OfferedFix?> FindFirstFixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics.Where(d => _provider.FixableDiagnosticIds.Contains(d.Id)))
        {
            if (diagnostic.Location.SourceTree is not { } tree || solution.GetDocument(tree) is not { } document)
            {
                continue;
            }

            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await _provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            var chosen = _equivalenceKey is null
                ? actions.FirstOrDefault()
                : actions.FirstOrDefault(action => action.EquivalenceKey == _equivalenceKey);
            if (chosen is not null)
            {
                return new OfferedFix(diagnostic, document, chosen);
            }
        }

        return null;
    }

    public static async Task<Solution> ApplyAsync(CodeAction action, CancellationToken cancellationToken, Solution? original = null)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var changes = operations.OfType<ApplyChangesOperation>().ToList();
        if (changes.Count != 1)
        {
            throw new VerificationException(
                $"The code action \"{action.Title}\" returned {changes.Count} ApplyChangesOperation(s); exactly one is expected.");
        }

        // What the user gets is text: parse it again from scratch, so that a rewritten tree that only looks valid
        // (a removed `#if` whose `#endif` stays, a token that glues to its neighbour) is judged as the compiler sees it.
        return await ReparsedAsync(changes[0].ChangedSolution, original, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The solution with the tree of every document the fix changed (every document without <paramref name="original"/>) parsed again from its text.</summary>
    public static async Task<Solution> ReparsedAsync(Solution solution, Solution? original, CancellationToken cancellationToken)
    {
        var changed = original is null
            ? solution.Projects.SelectMany(project => project.DocumentIds).ToList()
            : solution.GetChanges(original).GetProjectChanges().SelectMany(project => project.GetChangedDocuments()).ToList();
        foreach (var id in changed)
        {
            var text = await solution.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            solution = solution.WithDocumentText(id, Microsoft.CodeAnalysis.Text.SourceText.From(text.ToString(), text.Encoding, text.ChecksumAlgorithm));
        }

        return solution;
    }

    /// <summary>Identifies "the same diagnostic" across a fix that moves text around: id, file and the text it covers.</summary>
    public static (string Id, string Path, string Text) KeyOf(Diagnostic diagnostic, Dictionary<string, string> texts)
    {
        var path = DiagnosticRunner.PathOf(diagnostic);
        var span = diagnostic.Location.SourceSpan;
        var text = texts.TryGetValue(path, out var file) && span.End <= file.Length ? file.Substring(span.Start, span.Length) : "";
        return (diagnostic.Id, path, text);
    }
}
