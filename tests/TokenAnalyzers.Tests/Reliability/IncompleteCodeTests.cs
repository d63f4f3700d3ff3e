using System.Diagnostics;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// Every analyzer and every fixer over every corpus input cut off after a token and with tokens deleted: the code an
/// IDE analyzes on each keystroke. Zero exceptions, zero AD0001, no hang.
/// </summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class IncompleteCodeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Truncated_and_damaged_inputs_never_crash_an_analyzer_or_a_fixer()
    {
        var stopwatch = Stopwatch.StartNew();
        var runner = Harness.Runner(Catalog.Analyzers());
        var fixers = Catalog.CodeFixes();
        var random = new Random(Mutations.Seed);
        var cases = Corpus.All.SelectMany(input => Mutations.Of(input, random)).ToList();

        var outcomes = await Harness.RunAllAsync(cases, input => Harness.ExerciseAsync(input.ToSpec(), input.Name, runner, fixers, maxFixedDiagnostics: 20));

        var failures = outcomes.SelectMany(o => o.Outcome.Failures).ToList();
        output.WriteLine($"Incomplete code: {Corpus.All.Length} inputs, {cases.Count} mutated cases "
            + $"({Mutations.Truncations} truncations + {Mutations.Deletions} deletion variants per input, seed {Mutations.Seed}), "
            + $"{outcomes.Sum(o => o.Outcome.Diagnostics)} diagnostics, {outcomes.Sum(o => o.Outcome.FixActions)} code actions computed, "
            + $"exceptions/AD0001/hangs: {failures.Count}, in {Harness.Elapsed(stopwatch)}.");
        Assert.True(failures.Count == 0, Harness.Summarize(failures, cases.Count));
        Assert.True(outcomes.Sum(o => o.Outcome.Diagnostics) > 0, "No mutated case reported anything: the analyzers did not run.");
    }
}
