using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// TA0004: an option value that cannot be parsed is reported (key, value, default used instead), once per
/// compilation, instead of silently becoming the default; the rules go on with the default.
/// </summary>
[Trait("Rule", "TA106")]
public class InvalidOptionTests
{
    private const string Source = Usings + """
        class C
        {
            void M(TokenValidationParameters p) => {|#0:p.ClockSkew = TimeSpan.FromMinutes(10)|};
        }
        """;

    [Theory]
    [InlineData("10m")]
    [InlineData("-00:10:00")]
    [InlineData("ten minutes")]
    public Task An_unreadable_clock_skew_limit_is_reported_and_the_default_applies(string value) => new AnalyzerTest(new ClockSkewRule())
    {
        Sources = { Source },
        EditorConfig = $"token_analyzers.max_clock_skew = {value}",
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA0004").WithMessage(
                $"The option 'token_analyzers.max_clock_skew = {value}' cannot be read (a TimeSpan such as 00:10:00 (hours:minutes:seconds), zero or positive, is expected); TokenAnalyzers uses the default 00:05:00 instead"),
            ExpectedDiagnostic.Create("TA106").WithLocation(0),
        },
    }.RunAsync();

    [Fact]
    public Task An_unreadable_switch_is_reported_once_although_every_file_has_it() => new AnalyzerTest(new ClockSkewRule())
    {
        Sources = { Source, Usings + "class D { }", Usings + "class E { }" },
        EditorConfig = "token_analyzers.report_development_only = yes please",
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA0004").WithMessageContaining("'token_analyzers.report_development_only = yes please' cannot be read (true or false is expected); TokenAnalyzers uses the default false"),
            ExpectedDiagnostic.Create("TA106").WithLocation(0),
        },
    }.RunAsync();

    [Fact]
    public Task An_unreadable_value_in_a_globalconfig_is_reported() => new AnalyzerTest(new ClockSkewRule())
    {
        Sources = { Usings + "class C { }" },
        GlobalConfig = "token_analyzers.max_clock_skew = 5 minutes",
        ExpectedDiagnostics = { ExpectedDiagnostic.Create("TA0004").WithMessageContaining("'token_analyzers.max_clock_skew = 5 minutes'") },
    }.RunAsync();

    [Fact]
    public Task A_json_severity_in_a_section_of_csharp_files_only_is_not_read() => new AnalyzerTest(new ClockSkewRule())
    {
        // token_analyzers.TAxxx.severity applies to the JSON files; a [*.cs] section's keys are not enumerated (a C#
        // file's section holds every style setting of the .editorconfig, read once per file).
        Sources = { Usings + "class C { }" },
        EditorConfig = "root = true\n[*.cs]\ntoken_analyzers.TA501.severity = off",
    }.RunAsync();

    [Fact]
    public Task Without_the_token_libraries_the_source_files_options_are_not_read_but_the_global_ones_are() => new AnalyzerTest(new TokenValidationAnalyzer())
    {
        // A configuration file alone: the TA5xx rules read it, no rule analyzes C# files. The per-file pass is
        // skipped, the global options are still checked.
        ReferenceTokenLibraries = false,
        Sources = { "class C { }" },
        AdditionalFiles = { ("/0/appsettings.json", "{}") },
        EditorConfig = "root = true\n[*.cs]\ntoken_analyzers.max_clock_skew = 10m",
        GlobalConfig = "token_analyzers.report_development_only = yes please",
        ExpectedDiagnostics = { ExpectedDiagnostic.Create("TA0004").WithMessageContaining("'token_analyzers.report_development_only = yes please'") },
    }.RunAsync();

    [Fact]
    public Task Without_token_code_no_option_takes_effect_and_none_is_reported() => new AnalyzerTest(new TokenValidationAnalyzer())
    {
        // Neither a token library nor a configuration file: no rule runs, so no option is read (issue 22: such a
        // project pays nothing past the compilation start). A solution-wide .globalconfig is reported in the projects
        // it affects only.
        ReferenceTokenLibraries = false,
        Sources = { "class C { }" },
        GlobalConfig = "token_analyzers.report_development_only = yes please",
    }.RunAsync();

    [Theory]
    [InlineData("token_analyzers.max_clock_skew = 00:10:00")]
    [InlineData("token_analyzers.max_clock_skew = 1.00:00:00")]
    [InlineData("token_analyzers.report_development_only = True")]
    [InlineData("token_analyzers.report_development_only = false")]
    public Task Valid_values_are_not_reported(string option) => new AnalyzerTest(new ClockSkewRule())
    {
        Sources = { Usings + "class C { }" },
        EditorConfig = option,
    }.RunAsync();
}
