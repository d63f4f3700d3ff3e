using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using TokenAnalyzers.Tests.Verification;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// Every code fix, on every corpus input where it is offered, alone and through Fix All at Document, Project and
/// Solution scope: the result has no compiler error the input did not have, no longer carries the fixed
/// diagnostic at that place, and a second Fix All changes nothing (the verifier's <see cref="FixAllRunner"/>).
/// </summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class FixSafetyTests(ITestOutputHelper output)
{
    private static readonly FixAllScope[] Scopes = [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    [Fact]
    public async Task Every_code_fix_alone_and_through_Fix_All_keeps_the_code_compiling_and_removes_its_finding()
    {
        var stopwatch = Stopwatch.StartNew();
        var runner = Harness.Runner(Catalog.Analyzers());
        var fixers = Catalog.CodeFixes();
        var inputs = Corpus.All.Where(i => i.Kind != InputKind.Json).ToList();
        var single = 0;
        var fixAll = 0;
        var offeredOn = 0;
        var failures = new ConcurrentQueue<string>();

        await Harness.RunAllAsync(inputs, async input =>
        {
            var outcome = new CaseOutcome();
            await Harness.BoundedAsync(input.Name, TimeSpan.FromSeconds(180), outcome.Failures, async cancellationToken =>
            {
                var spec = input.ToSpec();
                var quick = await CorpusFindings.OfAsync(input, cancellationToken);
                if (!quick.Any(d => d.Location.IsInSource && fixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id))))
                {
                    return;
                }

                var solution = spec.Build();
                var diagnostics = await runner.AnalyzeAsync(solution, input.Name, cancellationToken);
                var errors = await Harness.CompilerErrorsAsync(solution, cancellationToken);
                var texts = await SolutionTexts.OfAsync(solution, cancellationToken);
                var offered = false;
                foreach (var fixer in fixers)
                {
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)))
                    {
                        foreach (var action in await Harness.OfferedActionsAsync(solution, fixer, diagnostic, cancellationToken))
                        {
                            offered = true;
                            Interlocked.Increment(ref single);
                            var what = $"\"{action.Title}\" ({fixer.GetType().Name}) for {DiagnosticRunner.Describe(diagnostic)} in {input.Name}";
                            var fixedSolution = await CodeFixRunner.ApplyAsync(action, cancellationToken, solution);
                            var fixedTexts = await SolutionTexts.OfAsync(fixedSolution, cancellationToken);
                            if (SolutionTexts.AreEqual(texts, fixedTexts))
                            {
                                outcome.Failures.Add($"{what} left the code unchanged.");
                                continue;
                            }

                            var newErrors = Harness.NewErrors(errors, await Harness.CompilerErrorsAsync(fixedSolution, cancellationToken));
                            if (newErrors.Count > 0)
                            {
                                outcome.Failures.Add($"{what} introduced compiler errors: {string.Join("; ", newErrors)}{Environment.NewLine}{Changed(texts, fixedTexts)}");
                            }

                            var after = await runner.AnalyzeAsync(fixedSolution, $"the code after {what}", cancellationToken);
                            var key = CodeFixRunner.KeyOf(diagnostic, texts);
                            if (after.Count(d => CodeFixRunner.KeyOf(d, fixedTexts) == key) >= diagnostics.Count(d => CodeFixRunner.KeyOf(d, texts) == key))
                            {
                                outcome.Failures.Add($"{what} left its diagnostic in place.{Environment.NewLine}{Changed(texts, fixedTexts)}");
                            }

                            if (action.EquivalenceKey is { } equivalenceKey)
                            {
                                keys.Add(equivalenceKey);
                            }
                        }
                    }

                    if (fixer.GetFixAllProvider() is not { } provider)
                    {
                        continue;
                    }

                    foreach (var key in keys.Order(StringComparer.Ordinal))
                    {
                        foreach (var scope in Scopes.Where(provider.GetSupportedFixAllScopes().Contains))
                        {
                            Interlocked.Increment(ref fixAll);
                            var what = $"Fix All ({scope}, {key}) in {input.Name}";
                            try
                            {
                                // Applies Fix All until no fix with this key is offered, fails on a pass that changes nothing or
                                // a pass limit, and checks that one more Fix All on the result changes nothing.
                                var fixAllRunner = new FixAllRunner(runner, new CodeFixRunner(runner, fixer, key), fixer, provider, passLimit: null);
                                var fixedSolution = await fixAllRunner.FixAllAsync(spec.Build(), scope, cancellationToken);
                                var newErrors = Harness.NewErrors(errors, await Harness.CompilerErrorsAsync(fixedSolution, cancellationToken));
                                if (newErrors.Count > 0)
                                {
                                    outcome.Failures.Add($"{what} introduced compiler errors: {string.Join("; ", newErrors)}{Environment.NewLine}"
                                        + Changed(texts, await SolutionTexts.OfAsync(fixedSolution, cancellationToken)));
                                }
                            }
                            catch (VerificationException exception)
                            {
                                outcome.Failures.Add($"{what}: {exception.Message}");
                            }
                        }
                    }
                }

                if (offered)
                {
                    Interlocked.Increment(ref offeredOn);
                }
            });

            foreach (var failure in outcome.Failures)
            {
                failures.Enqueue(failure);
            }

            return outcome;
        });

        output.WriteLine($"Fix safety: {inputs.Count} inputs, a fix offered on {offeredOn}, {single} single fixes and {fixAll} Fix All runs "
            + $"(Document/Project/Solution) applied, broken fixes: {failures.Count}, in {Harness.Elapsed(stopwatch)}.");
        Assert.True(failures.IsEmpty, Harness.Summarize(failures, inputs.Count));
        Assert.True(single > 0, "No code fix was offered on any corpus input: the fix-safety check did not run.");
    }

    /// <summary>The changed files, before and after, for a failure message.</summary>
    private static string Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        string.Join(Environment.NewLine, after.Where(pair => !before.TryGetValue(pair.Key, out var text) || text != pair.Value)
            .Select(pair => $"{pair.Key}:{Environment.NewLine}{TextDiff.Describe(before.GetValueOrDefault(pair.Key, ""), pair.Value)}"));
}
