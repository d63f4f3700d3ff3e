using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Cli.Tests
{
    public sealed class CliOptionsTests
    {
        [Theory]
        [InlineData("TA101", "TA101", true)]
        [InlineData("TA101", "TA102", false)]
        [InlineData("TA3xx", "TA301", true)]
        [InlineData("TA3xx", "TA401", false)]
        [InlineData("ta1x1", "TA101", true)]
        [InlineData("TA5*", "TA503", true)]
        [InlineData("TA5*", "TA403", false)]
        public void Rules_take_ids_and_patterns(string pattern, string id, bool included) =>
            Assert.Equal(included, CliOptions.Parse(new[] { "--rules", pattern }).Rules.Includes(id));

        [Fact]
        public void Exclude_removes_from_rules_and_the_analyzers_own_reports_always_pass()
        {
            var filter = CliOptions.Parse(new[] { "--rules", "TA1xx,TA3xx", "--exclude", "TA106" }).Rules;
            Assert.True(filter.Includes("TA101"));
            Assert.True(filter.Includes("TA306"));
            Assert.False(filter.Includes("TA106"));
            Assert.False(filter.Includes("TA201"));
            Assert.True(filter.Includes("TA0002"));
        }

        [Fact]
        public void Fail_on_defaults_to_warning()
        {
            Assert.Equal(DiagnosticSeverity.Warning, CliOptions.Parse(Array.Empty<string>()).FailOn);
            Assert.Equal(DiagnosticSeverity.Error, CliOptions.Parse(new[] { "--fail-on", "error" }).FailOn);
            Assert.Null(CliOptions.Parse(new[] { "--fail-on", "none" }).FailOn);
        }

        [Fact]
        public void Configuration_defaults_to_each_projects_own()
        {
            Assert.Null(CliOptions.Parse(Array.Empty<string>()).Configuration);
            Assert.Equal("Release", CliOptions.Parse(new[] { "-c", "Release" }).Configuration);
            Assert.Equal("Staging", CliOptions.Parse(new[] { "--configuration", "Staging" }).Configuration);
        }

        [Theory]
        [InlineData("--fail-on", "info")]
        [InlineData("--rules", "CA5404")]
        [InlineData("--sarif")]
        [InlineData("--parallel", "0")]
        [InlineData("--configuration")]
        [InlineData("--frobnicate")]
        public void A_wrong_command_line_is_a_usage_error(params string[] args) =>
            Assert.Throws<UsageException>(() => CliOptions.Parse(args));

        [Fact]
        public async Task A_usage_error_or_a_rule_pattern_that_matches_nothing_exits_with_2()
        {
            Assert.Equal(2, (await ToolRun.RunAsync("--fail-on", "sometimes")).ExitCode);
            Assert.Equal(2, (await ToolRun.RunAsync("--rules", "TA9xx")).ExitCode);
            Assert.Equal(2, (await ToolRun.RunAsync(Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")))).ExitCode);
        }

        [Fact]
        public void Findings_exit_with_1_at_or_above_the_threshold_and_an_incomplete_scan_with_2()
        {
            var result = new ScanResult("/");
            Assert.Equal(0, Program.ExitCode(result, DiagnosticSeverity.Warning));
            result.Findings.Add(new Finding("TA101", DiagnosticSeverity.Warning, "m", "/a.cs", 1, 1, 1, 2, "/a.csproj"));
            Assert.Equal(1, Program.ExitCode(result, DiagnosticSeverity.Warning));
            Assert.Equal(0, Program.ExitCode(result, DiagnosticSeverity.Error));
            Assert.Equal(0, Program.ExitCode(result, null));
            result.Problems.Add(new ProjectProblem("/b.csproj", ProblemStage.Restore, "NU1101"));
            Assert.Equal(2, Program.ExitCode(result, DiagnosticSeverity.Error));
        }
    }
}
