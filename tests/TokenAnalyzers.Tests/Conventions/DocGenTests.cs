using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.DocGen;

namespace TokenAnalyzers.Tests.Conventions;

/// <summary>
/// tools/TokenAnalyzers.DocGen on a scratch copy of the generated files: it finds and repairs drift, keeps what it
/// cannot derive, appends release rows without reordering, and covers a rule it has never seen.
/// </summary>
[Trait("Rule", "TA106")]
[Trait("Rule", "TA305")]
[Trait("Rule", "TA402")]
public sealed class DocGenTests : IDisposable
{
    private static readonly string[] Copied =
    {
        "README.md", "src/TokenAnalyzers/AnalyzerReleases.Shipped.md", "src/TokenAnalyzers/AnalyzerReleases.Unshipped.md",
        "nuget/TokenAnalyzers.Package/build/presets", "docs/rules",
    };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "docgen-" + Guid.NewGuid().ToString("N"));

    public DocGenTests()
    {
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(_root).FullName, "TokenAnalyzers.sln"), "");
        foreach (var path in Copied)
        {
            var source = ShippedRules.RepoPath(path.Split('/'));
            if (Directory.Exists(source))
            {
                foreach (var file in Directory.GetFiles(source))
                {
                    Copy(path + "/" + Path.GetFileName(file));
                }
            }
            else
            {
                Copy(path);
            }
        }

        void Copy(string path)
        {
            var target = Path.Combine(_root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(ShippedRules.RepoPath(path.Split('/')), target);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_repository_copy_has_no_drift() => Assert.Empty(Generator.Run(_root).Drift);

    [Fact]
    public void Drift_is_listed_then_repaired_and_what_cannot_be_derived_stays()
    {
        var readme = Read("README.md");
        var none = Read("nuget/TokenAnalyzers.Package/build/presets/TokenAnalyzers.none.globalconfig");
        var unshipped = Read("src/TokenAnalyzers/AnalyzerReleases.Unshipped.md");
        var page = Read("docs/rules/TA402.md");
        var row = "| [TA106](docs/rules/TA106.md) | Clock skew is too large | Warning | Yes |\n";
        var release = unshipped.Split('\n').First(l => l.StartsWith("TA106 ", StringComparison.Ordinal));
        Write("README.md", readme.Replace(row, "", StringComparison.Ordinal));
        Write("nuget/TokenAnalyzers.Package/build/presets/TokenAnalyzers.none.globalconfig", none.Replace("dotnet_diagnostic.TA305.severity = none\n", "", StringComparison.Ordinal));
        Write("src/TokenAnalyzers/AnalyzerReleases.Unshipped.md", unshipped.Replace(release + "\n", "", StringComparison.Ordinal));
        Write("docs/rules/TA402.md", page
            .Replace("| Title | Validation result is not checked |", "| Title | An old title |", StringComparison.Ordinal)
            .Replace("| Category | Security |\n", "", StringComparison.Ordinal));

        var plan = Generator.Run(_root);
        var drift = plan.Drift.ToList();
        Assert.Contains(drift, d => d.Contains("README.md", StringComparison.Ordinal) && d.Contains(row.Trim(), StringComparison.Ordinal));
        Assert.Contains(drift, d => d.Contains("none.globalconfig", StringComparison.Ordinal) && d.Contains("TA305", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.Contains("missing row: TA106 ", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.Contains("TA402.md", StringComparison.Ordinal) && d.Contains("An old title", StringComparison.Ordinal));
        Assert.Contains(drift, d => d.Contains("TA402.md", StringComparison.Ordinal) && d.Contains("'Category'", StringComparison.Ordinal));
        Assert.Empty(plan.Problems);

        Generator.Apply(_root, plan);
        Assert.Equal(readme, Read("README.md"));
        Assert.Equal(none, Read("nuget/TokenAnalyzers.Package/build/presets/TokenAnalyzers.none.globalconfig"));
        Assert.Equal(page, Read("docs/rules/TA402.md")); // CWE, related rules and "Yes (inserts ...)" kept
        // The missing release row is appended after the table, never put back in order or reordering the others.
        var lines = Read("src/TokenAnalyzers/AnalyzerReleases.Unshipped.md").TrimEnd('\n').Split('\n');
        Assert.Equal(release, lines[^1]);
        Assert.Equal(unshipped.Replace(release + "\n", "", StringComparison.Ordinal).TrimEnd('\n'), string.Join("\n", lines[..^1]));
        Assert.Empty(Generator.Run(_root).Drift);
    }

    [Fact]
    public void A_code_fix_answer_that_no_longer_agrees_loses_its_explanation()
    {
        var page = Read("docs/rules/TA402.md");
        Assert.Contains("| Code fix | Yes (inserts", page, StringComparison.Ordinal);
        var rules = RuleCatalog.Load().Select(r => r.Id == "TA402" ? r with { HasCodeFix = false } : r).ToList();

        var plan = Generator.Run(_root, rules);
        Assert.Contains(plan.Drift, d => d.Contains("TA402.md: header table says Code fix 'Yes (inserts", StringComparison.Ordinal));
        Generator.Apply(_root, plan);
        Assert.Contains("| Code fix | No |\n", Read("docs/rules/TA402.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_it_has_never_seen_gets_its_rows_and_a_scaffolded_page()
    {
        var rules = RuleCatalog.Load().Append(new RuleInfo(
            "TA998", "Something new is wrong", "Security", DiagnosticSeverity.Warning, "Something is wrong: {0}",
            "https://github.com/tokenanalyzers/TokenAnalyzers/blob/main/docs/rules/TA998.md", ImmutableArray<string>.Empty,
            "SomethingNewRule", IsRule: true, HasCodeFix: true)).ToList();

        var plan = Generator.Run(_root, rules);
        Assert.Contains(plan.Problems, p => p.Contains("docs/rules/TA998.md is missing", StringComparison.Ordinal));
        Generator.Apply(_root, plan);
        Assert.Contains("| [TA998](docs/rules/TA998.md) | Something new is wrong | Warning | Yes |\n", Read("README.md"), StringComparison.Ordinal);
        Assert.EndsWith("dotnet_diagnostic.TA998.severity = error\n", Read("nuget/TokenAnalyzers.Package/build/presets/TokenAnalyzers.all-errors.globalconfig"), StringComparison.Ordinal);
        Assert.EndsWith(
            "TA998 | Security | Warning | SomethingNewRule, [Documentation](https://github.com/tokenanalyzers/TokenAnalyzers/blob/main/docs/rules/TA998.md)\n",
            Read("src/TokenAnalyzers/AnalyzerReleases.Unshipped.md"),
            StringComparison.Ordinal);

        var written = Scaffold.Write(_root, "TA998", null, rules);
        Assert.Contains(written, w => w.Contains("written  docs/rules/TA998.md", StringComparison.Ordinal));
        Assert.Contains(written, w => w.Contains("written  tests/TokenAnalyzers.Tests/Rules/SomethingNewRuleTests.cs", StringComparison.Ordinal));
        Assert.Contains(written, w => w.Contains("written  samples/InsecureApi/Auth/SomethingNewSample.cs", StringComparison.Ordinal));
        var page = Read("docs/rules/TA998.md");
        Assert.All(DocumentationConventionTests.RequiredSections, s => Assert.Contains("## " + s + "\n", page, StringComparison.Ordinal));
        Assert.Matches(@"^# TA998: Something new is wrong\n\n```mermaid\nsequenceDiagram\n(.+\n)+```\n\n\*TODO[^\n]*\*\n\n\| Property \| Value \|\n", page);
        Assert.Empty(Generator.Run(_root, rules).Drift);
        Assert.Contains(Scaffold.Write(_root, "TA998", null, rules), w => w.Contains("kept     docs/rules/TA998.md (exists)", StringComparison.Ordinal));
    }

    private string Read(string path) => File.ReadAllText(Path.Combine(_root, path));

    private void Write(string path, string text) => File.WriteAllText(Path.Combine(_root, path), text);
}
