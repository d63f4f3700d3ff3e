using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Cli.Tests
{
    /// <summary>One scan of samples/InsecureApi (restore, load, analyze, SARIF), shared by the tests below.</summary>
    public sealed class SampleScan : IAsyncLifetime
    {
        public string Sarif { get; } = Path.Combine(Path.GetTempPath(), "token-analyzers-tests-" + Guid.NewGuid().ToString("N"), "sample.sarif");

        public string Sample { get; } = Path.Combine(Repository.Root, "samples", "InsecureApi");

        internal ToolRun Run { get; private set; } = new(-1, string.Empty);

        internal Dictionary<string, DateTime> SourcesBefore { get; } = new();

        public async Task InitializeAsync()
        {
            foreach (var file in Sources(Sample))
            {
                SourcesBefore[file] = File.GetLastWriteTimeUtc(file);
            }

            Run = await ToolRun.RunAsync(Sample, "--sarif", Sarif);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(Path.GetDirectoryName(Sarif)!, recursive: true);
            return Task.CompletedTask;
        }

        internal static IEnumerable<string> Sources(string folder) =>
            Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(folder, "*.json"))
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                            !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    public sealed class SampleScanTests : IClassFixture<SampleScan>
    {
        private readonly SampleScan _scan;

        public SampleScanTests(SampleScan scan) => _scan = scan;

        [Fact]
        public void Every_rule_of_the_README_table_is_found_in_the_sample_and_the_exit_code_is_1()
        {
            Assert.True(_scan.Run.ExitCode == 1, _scan.Run.Output);
            var ids = Repository.ReadmeRuleIds();
            Assert.NotEmpty(ids);
            var missing = ids.Where(id => !_scan.Run.Output.Contains(Environment.NewLine + id + " ", StringComparison.Ordinal)).ToList();
            Assert.True(missing.Count == 0, "not in the table: " + string.Join(", ", missing) + Environment.NewLine + _scan.Run.Output);
        }

        [Fact]
        public void The_table_names_each_rule_with_its_title_and_help_link_and_each_finding_with_file_and_line()
        {
            var output = _scan.Run.Output;
            Assert.Contains("TA101 Issuer validation is disabled", output, StringComparison.Ordinal);
            Assert.Contains("https://github.com/tokenanalyzers/TokenAnalyzers/blob/main/docs/rules/TA101.md", output, StringComparison.Ordinal);
            Assert.Matches(@"Auth/JwtBearerSetup\.cs\s+\d+,\d+\s+warning\s+ValidateIssuer is set to false", output);
            // The TA5xx rules read appsettings*.json, which the tool adds as the package's build targets do.
            Assert.Matches(@"appsettings(\.Development)?\.json\s+\d+,\d+\s+warning", output);
            Assert.Contains("Exit code 1", output, StringComparison.Ordinal);
        }

        [Fact]
        public void A_scan_without_fix_changes_no_source_file()
        {
            foreach (var (file, written) in _scan.SourcesBefore)
            {
                Assert.Equal(written, File.GetLastWriteTimeUtc(file));
            }
        }

        [Fact]
        public void The_SARIF_log_is_SARIF_2_1_with_the_descriptors_tags_and_one_result_per_finding()
        {
            using var document = JsonDocument.Parse(File.ReadAllText(_scan.Sarif));
            var root = document.RootElement;
            Assert.Equal("2.1.0", root.GetProperty("version").GetString());
            Assert.EndsWith("sarif-2.1.0.json", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
            var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal("TokenAnalyzers", driver.GetProperty("name").GetString());

            // Rules: the build's descriptors, tags included (code scanning files results tagged 'security' as such).
            var descriptors = PackageRules.Load().Descriptors.ToDictionary(d => d.Id);
            var rules = driver.GetProperty("rules").EnumerateArray().ToList();
            Assert.Equal(descriptors.Keys.OrderBy(k => k, StringComparer.Ordinal), rules.Select(r => r.GetProperty("id").GetString()!));
            foreach (var rule in rules)
            {
                var descriptor = descriptors[rule.GetProperty("id").GetString()!];
                Assert.Equal(descriptor.Title.ToString(), rule.GetProperty("shortDescription").GetProperty("text").GetString());
                Assert.Equal(descriptor.HelpLinkUri, rule.GetProperty("helpUri").GetString());
                Assert.True(Uri.IsWellFormedUriString(rule.GetProperty("helpUri").GetString(), UriKind.Absolute));
                Assert.Equal(descriptor.CustomTags, rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
                Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
            }

            // Results: each names a rule by id and index, a schema level, a message, a location under %SRCROOT%.
            var baseUri = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!);
            Assert.True(baseUri.IsAbsoluteUri && baseUri.AbsoluteUri.EndsWith('/'));
            Assert.Equal(_scan.Sample, baseUri.LocalPath.TrimEnd('/'));
            var results = run.GetProperty("results").EnumerateArray().ToList();
            Assert.NotEmpty(results);
            foreach (var result in results)
            {
                var id = result.GetProperty("ruleId").GetString()!;
                Assert.Equal(id, rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
                Assert.Contains(result.GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
                Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("message").GetProperty("text").GetString()));
                var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
                var artifact = location.GetProperty("artifactLocation");
                var uri = artifact.GetProperty("uri").GetString()!;
                if (artifact.TryGetProperty("uriBaseId", out var uriBaseId))
                {
                    Assert.Equal("%SRCROOT%", uriBaseId.GetString());
                    Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Relative), uri);
                    Assert.True(File.Exists(new Uri(baseUri, uri).LocalPath), uri);
                }
                else
                {
                    // A file outside the scanned folder (the sample's companion samples/LegacyBearerApi, a project
                    // reference) keeps its absolute file URI.
                    Assert.True(Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile, uri);
                    Assert.False(absolute!.LocalPath.StartsWith(_scan.Sample + Path.DirectorySeparatorChar, StringComparison.Ordinal), uri);
                    Assert.True(File.Exists(absolute.LocalPath), uri);
                }
                var region = location.GetProperty("region");
                Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
                Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
                Assert.True(region.GetProperty("endLine").GetInt32() >= region.GetProperty("startLine").GetInt32());
            }

            foreach (var id in Repository.ReadmeRuleIds())
            {
                Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == id);
            }

            Assert.True(Assert.Single(run.GetProperty("invocations").EnumerateArray()).GetProperty("executionSuccessful").GetBoolean());
        }
    }
}
