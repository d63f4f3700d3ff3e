using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using TokenAnalyzers.Tests.Verification;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// The fix-shape sweep over variants generated from the rules' own positive test inputs: for every diagnostic id that
/// a code fix provider lists in <c>FixableDiagnosticIds</c>, the corpus (every C# input of the rule tests, markup
/// stripped) is searched for inputs where that id is reported and a fix is offered; the statement or initializer
/// member holding the finding is rewritten into each shape of <see cref="FixShapeVariants"/>, and every variant is
/// judged as <see cref="FixShapeSweepTests"/> judges its hand-written seeds. A fixable rule without such an input fails,
/// so a new fix is swept as soon as its tests land.
/// </summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class GeneratedFixShapeSweepTests(ITestOutputHelper output)
{
    /// <summary>
    /// Positive inputs swept per rule: the shortest ones (then in corpus order: files by name, literals by line) whose
    /// finding gets a fix. The shortest keep the sweep fast; every shape still wraps the rule's own positive code.
    /// </summary>
    private const int InputsPerRule = 1;

    /// <summary>How many inputs reporting a rule are tried before the rule counts as having no fixable positive input.</summary>
    private const int CandidatesPerRule = 12;

    /// <summary>
    /// Fix All runs at Document scope on every variant, and at Project and Solution scope too on the plain target and
    /// the two-document variant: a variant is one document, where the wider scopes fix the same findings.
    /// </summary>
    private static readonly FixAllScope[] DocumentScope = [FixAllScope.Document];

    private sealed record Seed(string Rule, CorpusInput Input, string Path, FixShapeVariants.Variant Variant);

    [Fact]
    public async Task Every_fixable_rules_positive_test_inputs_in_every_shape_are_fixed_safely_or_declined()
    {
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var runner = new DiagnosticRunner(Catalog.Analyzers());
        var fixers = Catalog.CodeFixes();
        var rules = fixers.SelectMany(f => f.FixableDiagnosticIds).Distinct().Order(StringComparer.Ordinal).ToList();
        var inputs = Corpus.All.Where(i => i.Kind == InputKind.CSharp).ToList();
        var failures = new ConcurrentQueue<string>();

        // Which inputs report which fixable ids (shared with FixSafetyTests).
        var reported = new ImmutableArray<Diagnostic>[inputs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, inputs.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, async (i, _) =>
        {
            using var cancellation = new CancellationTokenSource(Harness.CaseTimeout);
            try
            {
                reported[i] = await CorpusFindings.OfAsync(inputs[i], cancellation.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or VerificationException)
            {
                reported[i] = [];
            }
        });

        // Per rule, the first inputs whose finding (with DEBUG defined, as the shapes use it) gets a fix: the seeds.
        var seeds = new ConcurrentBag<(int Order, List<Seed> Variants)>();
        await Harness.RunAllAsync(rules, async rule =>
        {
            var outcome = new CaseOutcome();
            await Harness.BoundedAsync($"choosing {rule}'s seeds", TimeSpan.FromSeconds(120), outcome.Failures, async cancellationToken =>
            {
                var found = 0;
                var candidates = inputs.Where((_, i) => reported[i].Any(d => d.Id == rule)).OrderBy(i => i.Sources.Sum(f => f.Text.Length)).Take(CandidatesPerRule);
                foreach (var input in candidates)
                {
                    if (await SeedAsync(rule, input, runner, fixers, cancellationToken) is { } variants)
                    {
                        seeds.Add((rules.IndexOf(rule) * 100 + found, variants));
                        if (++found == InputsPerRule)
                        {
                            return;
                        }
                    }
                }

                outcome.Failures.Add($"{rule}: no positive test input among the first {CandidatesPerRule} reporting it compiles and gets a fix; the sweep would not test its fix.");
            });

            foreach (var failure in outcome.Failures)
            {
                failures.Enqueue(failure);
            }

            return outcome;
        });

        var generated = seeds.Sum(s => s.Variants.Count);
        var cases = Sample(seeds.OrderBy(s => s.Order).Select(s => s.Variants).ToList(), fixers);
        var discovery = Harness.Elapsed(stopwatch);
        var counters = new FixShapeSweepTests.SweepCounters();
        int notCompiling = 0, notReported = 0;
        var shapesOf = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Harness.RunAllAsync(cases, async seed =>
        {
            var outcome = new CaseOutcome();
            var name = $"{seed.Rule} in {seed.Input.Name}, {seed.Variant.Shape}";
            await Harness.BoundedAsync(name, TimeSpan.FromSeconds(120), outcome.Failures, async cancellationToken =>
            {
                var input = seed.Input.WithText(seed.Path, seed.Variant.Text, name);
                var spec = input.ToSpec(["DEBUG"]);
                if (seed.Variant.Extra is { } extra)
                {
                    spec = spec with { ProjectSources = [spec.ProjectSources[0].Add(extra)] };
                }

                bool InRegion(Diagnostic d) => DiagnosticRunner.PathOf(d) == seed.Path && d.Location.SourceSpan.IntersectsWith(seed.Variant.Region);
                var scopes = seed.Variant.Shape is "statement" or "member" or "expression-body" or "user-types-imported" ? null : DocumentScope;
                var diagnostics = await FixShapeSweepTests.SweepAsync(name, spec, runner, fixers, counters, outcome.Failures, InRegion, cancellationToken, scopes);
                if (diagnostics is null)
                {
                    Interlocked.Increment(ref notCompiling);
                }
                else if (!diagnostics.Value.Any(d => d.Id == seed.Rule && InRegion(d)))
                {
                    Interlocked.Increment(ref notReported);
                    if (seed.Variant.Shape is "statement" or "member")
                    {
                        outcome.Failures.Add($"{name}: the seed's finding is not reported in its own input; the sweep would test nothing.");
                    }
                }
                else
                {
                    shapesOf.AddOrUpdate(seed.Rule, 1, (_, n) => n + 1);
                }
            });

            foreach (var failure in outcome.Failures)
            {
                failures.Enqueue(failure);
            }

            return outcome;
        });

        output.WriteLine($"Generated fix-shape sweep: {rules.Count} fixable ids, {seeds.Count} seeds (positive rule-test inputs, chosen in {discovery}), {generated} variants generated, {cases.Count} sampled: "
            + $"{cases.Count - notCompiling - notReported} swept ({string.Join(", ", shapesOf.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"))}), "
            + $"{notCompiling} not compiling as that shape, {notReported} where the analyzer does not report the shape; "
            + $"{counters.Actions} code actions applied alone, {counters.FixAllRuns} Fix All runs (Document/Project/Solution), {counters.Declined} findings declined "
            + $"({counters.DeclinedByRule()}), failures: {failures.Count}, in {Harness.Elapsed(stopwatch)} "
            + $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0} s of CPU in the test process, other tests included).");
        foreach (var seed in seeds.OrderBy(s => s.Order))
        {
            output.WriteLine($"  seed {seed.Variants[0].Rule}: {seed.Variants[0].Input.Name}");
        }

        foreach (var failure in failures)
        {
            output.WriteLine("FAIL " + failure.Split('\n')[0]);
        }

        Assert.True(failures.IsEmpty, Harness.Summarize(failures, cases.Count));
    }

    /// <summary>Seeds of one fixer whose shapes are spread over its ids, when it fixes more ids than this.</summary>
    private const int ShapeCoverage = 3;

    /// <summary>
    /// The variants swept: every variant of a rule whose fixer fixes at most <see cref="ShapeCoverage"/> ids. A fixer of
    /// more ids (the thirteen of RemoveAssignment share one fix) gets each shape swept on <see cref="ShapeCoverage"/>
    /// of its seeds that have that shape (rotating with the shape, so that the seeds share the work), and every seed's
    /// plain target (it proves the seed is reported). Deterministic: seeds in rule order, shapes in generation order.
    /// </summary>
    private static List<Seed> Sample(List<List<Seed>> seeds, ImmutableArray<CodeFixProvider> fixers)
    {
        var kept = new List<Seed>();
        foreach (var group in seeds.GroupBy(variants => fixers.First(f => f.FixableDiagnosticIds.Contains(variants[0].Rule))))
        {
            var groupSeeds = group.ToList();
            if (group.Key.FixableDiagnosticIds.Length <= ShapeCoverage)
            {
                kept.AddRange(groupSeeds.SelectMany(variants => variants));
                continue;
            }

            kept.AddRange(groupSeeds.Select(variants => variants[0]));
            var shapes = groupSeeds.SelectMany(variants => variants.Skip(1).Select(v => v.Variant.Shape)).Distinct(StringComparer.Ordinal).ToList();
            for (var i = 0; i < shapes.Count; i++)
            {
                var having = groupSeeds.Select(variants => variants.Skip(1).FirstOrDefault(v => v.Variant.Shape == shapes[i])).OfType<Seed>().ToList();
                kept.AddRange(Enumerable.Range(0, Math.Min(ShapeCoverage, having.Count)).Select(j => having[(i + j) % having.Count]));
            }
        }

        return kept;
    }

    /// <summary>The variants of <paramref name="input"/>'s first <paramref name="rule"/> finding that gets a fix, or null.</summary>
    private static async Task<List<Seed>?> SeedAsync(string rule, CorpusInput input, DiagnosticRunner runner, ImmutableArray<Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider> fixers, CancellationToken cancellationToken)
    {
        var solution = input.ToSpec(["DEBUG"]).Build();
        if ((await Harness.CompilerErrorsAsync(solution, cancellationToken)).Count > 0)
        {
            return null;
        }

        var diagnostics = await runner.AnalyzeAsync(solution, input.Name, cancellationToken);
        foreach (var diagnostic in diagnostics.Where(d => d.Id == rule && d.Location.IsInSource).OrderBy(d => d.Location.SourceSpan.Start))
        {
            foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(rule)))
            {
                if ((await Harness.OfferedActionsAsync(solution, fixer, diagnostic, cancellationToken)).Count == 0)
                {
                    continue;
                }

                var root = await diagnostic.Location.SourceTree!.GetRootAsync(cancellationToken);
                var variants = FixShapeVariants.Of(root, diagnostic.Location.SourceSpan);
                if (variants.Count > 0)
                {
                    return variants.Select(v => new Seed(rule, input, DiagnosticRunner.PathOf(diagnostic), v)).ToList();
                }
            }
        }

        return null;
    }
}
