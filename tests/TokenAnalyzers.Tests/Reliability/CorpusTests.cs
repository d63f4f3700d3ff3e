using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>The reliability suite only proves something if discovery finds the package's parts and the inputs.</summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class CorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Discovery_finds_every_analyzer_fixer_and_input()
    {
        var analyzers = Catalog.Analyzers();
        var fixers = Catalog.CodeFixes();
        var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order().ToList();
        output.WriteLine($"Analyzers: {analyzers.Length} ({string.Join(", ", analyzers.Select(a => a.GetType().Name))}), ids: {ids.Count} ({string.Join(", ", ids)}).");
        output.WriteLine($"Fixers: {fixers.Length} ({string.Join(", ", fixers.Select(f => f.GetType().Name))}).");
        foreach (var kind in Enum.GetValues<InputKind>())
        {
            output.WriteLine($"Inputs ({kind}): {Corpus.All.Count(i => i.Kind == kind)}.");
        }

        Assert.NotEmpty(analyzers);
        Assert.NotEmpty(fixers);
        Assert.All(fixers.SelectMany(f => f.FixableDiagnosticIds), id => Assert.Contains(id, ids));
        Assert.True(Corpus.All.Count(i => i.Kind == InputKind.CSharp) >= 50, "Fewer than 50 C# inputs were gathered from the rule tests.");
    }
}
