using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// Issue 23 item 3: JSON findings (TA5xx) honour dotnet_diagnostic.TAxxx.severity and the token_analyzers.* options
/// of the .editorconfig sections that match the JSON file, and a comment on the line above suppresses one finding
/// with a reason. Severities, precedence and section names in detail: <see cref="JsonFindingSeverityTests"/>.
/// </summary>
[Trait("Rule", "TA501")]
[Trait("Rule", "TA502")]
[Trait("Rule", "TA503")]
public class ConfigurationFindingsConfigurationTests
{
    private const string Host = Usings + """
        class Startup
        {
            void Configure(IServiceCollection services) => services.AddAuthentication().AddJwtBearer();
        }
        """;

    private static AnalyzerTest Test(string? editorConfig, params (string Path, string Json)[] files)
    {
        var test = new AnalyzerTest(new ConfigurationFileRule()) { DefaultDiagnosticId = "TA501", EditorConfig = editorConfig };
        test.Sources.Add(Host);
        foreach (var file in files)
        {
            test.AdditionalFiles.Add(file);
        }

        return test;
    }

    [Theory]
    [InlineData("[*.json]")]
    [InlineData("[appsettings.json]")]
    [InlineData("[*]")]
    public Task A_section_matching_the_json_file_turns_the_finding_off(string section) => Test(
        "root = true\n" + section + "\ntoken_analyzers.TA501.severity = none",
        ("/0/appsettings.json", """{ "Jwt": { "ValidateIssuer": false } }""")).RunAsync();

    [Fact]
    public Task A_section_for_one_file_leaves_the_others_reported() => Test(
        "root = true\n[appsettings.Staging.json]\ntoken_analyzers.TA501.severity = none",
        ("/0/appsettings.Staging.json", """{ "Jwt": { "ValidateIssuer": false } }"""),
        ("/0/appsettings.json", """{ "Jwt": { [|"ValidateIssuer"|]: false } }""")).RunAsync();

    [Fact]
    public Task An_unreadable_severity_is_reported_and_the_finding_keeps_its_default() => new AnalyzerTest(new ConfigurationFileRule())
    {
        Sources = { Host },
        EditorConfig = "root = true\n[appsettings.json]\ntoken_analyzers.TA501.severity = off",
        AdditionalFiles = { ("/0/appsettings.json", """{ "Jwt": { {|TA501:"ValidateIssuer"|}: false } }""") },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA0004").WithMessageContaining(
                "'token_analyzers.ta501.severity = off' cannot be read (none, silent, suggestion, warning or error is expected)"),
        },
    }.RunAsync();

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    [InlineData("silent", DiagnosticSeverity.Hidden)]
    public async Task The_files_severity_is_the_findings_severity(string value, DiagnosticSeverity severity)
    {
        // The options the compiler hands the analyzer for the JSON file (its .editorconfig sections, already matched).
        var json = new InMemoryAdditionalText("/0/appsettings.json", """{ "Jwt": { "ValidateIssuer": false } }""");
        var compilation = CSharpCompilation.Create("P", new[] { CSharpSyntaxTree.ParseText(Host) }, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(json), new Options(json, "token_analyzers.ta501.severity", value));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TokenValidationAnalyzer()), options).GetAnalyzerDiagnosticsAsync();

        Assert.Equal(severity, Assert.Single(diagnostics, d => d.Id == "TA501").Severity);
    }

    private sealed class Options(AdditionalText file, string key, string value) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            textFile == file ? new Values(ImmutableDictionary<string, string>.Empty.Add(key, value)) : GlobalOptions;

        private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    /// <summary>
    /// The premise of reading the .editorconfig files ourselves: Roslyn gives dotnet_diagnostic.*.severity entries to the
    /// compiler only, which applies them to C# files only (dotnet/roslyn#31916), so with the .editorconfig only as
    /// analyzer configuration (a host without the package's build files) the entry changes nothing for a JSON file. If
    /// a Roslyn version starts applying them itself, this test fails and the pages can say so.
    /// </summary>
    [Fact]
    public Task Roslyn_alone_gives_a_dotnet_diagnostic_entry_of_the_json_files_section_to_no_analyzer() => Test(
        "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = none",
        ("/0/appsettings.json", """{ "Jwt": { [|"ValidateIssuer"|]: false } }""")).RunAsync();

    /// <summary>
    /// What a build with the package sees: the .editorconfig is analyzer configuration (Roslyn's) and an additional
    /// file (the package's build files add it), so the analyzer reads the JSON file's section itself.
    /// </summary>
    [Theory]
    [InlineData("[*.json]")]
    [InlineData("[appsettings.json]")]
    [InlineData("[*]")]
    public Task A_dotnet_diagnostic_entry_of_the_json_files_section_turns_the_finding_off(string section)
    {
        var editorConfig = "root = true\n" + section + "\ndotnet_diagnostic.TA501.severity = none\n";
        return Test(editorConfig, ("/0/.editorconfig", editorConfig), ("/0/appsettings.json", """{ "Jwt": { "ValidateIssuer": false } }""")).RunAsync();
    }

    [Fact]
    public Task A_dotnet_diagnostic_entry_for_another_file_leaves_the_finding()
    {
        var editorConfig = "root = true\n[appsettings.Staging.json]\ndotnet_diagnostic.TA501.severity = none\n";
        return Test(editorConfig, ("/0/.editorconfig", editorConfig), ("/0/appsettings.json", """{ "Jwt": { [|"ValidateIssuer"|]: false } }""")).RunAsync();
    }

    [Fact]
    public Task The_scheme_finding_at_compilation_end_honours_the_section_too()
    {
        // JwtBearer 7.0.11 is a version TA502 reports for; the control below shows the same input reported without the section.
        var test = Test(
            "root = true\n[*.json]\ntoken_analyzers.TA502.severity = none",
            ("/0/appsettings.json", """{ "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } } }"""));
        test.ReferenceOverrides.Add(TestReferences.JwtBearer("7.0.11"));
        return test.RunAsync();
    }

    [Fact]
    public Task Control_the_scheme_finding_is_reported_without_the_section()
    {
        var test = Test(
            null,
            ("/0/appsettings.json", """{ "Authentication": { "Schemes": { {|TA502:"Bearer"|}: { "Authority": "https://sts.example.com" } } } }"""));
        test.ReferenceOverrides.Add(TestReferences.JwtBearer("7.0.11"));
        return test.RunAsync();
    }

    [Fact]
    public Task The_development_only_option_of_the_json_files_section_applies() => Test(
        "root = true\n[appsettings.Development.json]\ntoken_analyzers.report_development_only = true",
        ("/0/appsettings.Development.json", """{ "Jwt": { [|"RequireHttpsMetadata"|]: false } }""")).RunAsync();

    [Fact]
    public Task A_comment_with_a_reason_suppresses_the_finding_on_the_next_line() => Test(null, ("/0/appsettings.json", """
        {
          "Jwt": {
            // token-analyzers-disable-next-line TA501: the gateway validates the issuer before the request gets here
            "ValidateIssuer": false,
            [|"ValidateAudience"|]: false
          }
        }
        """)).RunAsync();

    [Theory]
    [InlineData("// token-analyzers-disable-next-line TA501")] // no reason
    [InlineData("// token-analyzers-disable-next-line TA501:")] // empty reason
    [InlineData("// token-analyzers-disable-next-line TA502: another rule")]
    [InlineData("/* token-analyzers-disable-next-line TA501: block comments are not the syntax */")]
    public Task A_comment_without_a_reason_or_for_another_rule_suppresses_nothing(string comment) => Test(null, ("/0/appsettings.json", $$"""
        {
          "Jwt": {
            {{comment}}
            [|"ValidateIssuer"|]: false
          }
        }
        """)).RunAsync();

    [Fact]
    public Task A_comment_lists_several_rules_and_blank_lines_may_follow_it() => Test(null, ("/0/appsettings.json", """
        {
          "Jwt": {
            // token-analyzers-disable-next-line TA503, TA501: test fixture, never deployed

            "ValidateIssuer": false
          }
        }
        """)).RunAsync();
}
