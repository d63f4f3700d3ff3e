using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// Issue 23 item 3: a JSON finding honours <c>dotnet_diagnostic.TAxxx.severity</c> in the <c>.editorconfig</c>
/// sections that match the JSON file. Roslyn gives those entries to the compiler only (dotnet/roslyn#31916); the
/// package's build files hand the <c>.editorconfig</c> files to the analyzer as additional files, and it reads them
/// with the compiler's semantics. These tests run the whole analyzer on a compilation whose additional files are the
/// JSON files and the <c>.editorconfig</c> files (as a build with the package has them) and whose analyzer options are
/// empty (Roslyn never hands a <c>dotnet_diagnostic.*</c> entry to an analyzer), and read each finding's severity.
/// </summary>
[Trait("Rule", "TA501")]
[Trait("Rule", "TA502")]
[Trait("Rule", "TA503")]
public class JsonFindingSeverityTests
{
    private const string Host = Usings + """
        using System.Text;
        using Microsoft.Extensions.Configuration;

        class Startup
        {
            void Configure(IServiceCollection services, IConfiguration configuration) =>
                services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!)),
                });
        }
        """;

    /// <summary>TA501 at "ValidateIssuer".</summary>
    private const string Json = """{ "Jwt": { "ValidateIssuer": false } }""";

    /// <summary>"None" when the finding is not reported, else its severity; for the one TA501 in <paramref name="jsonPath"/>.</summary>
    private static async Task<string> SeverityOf(string jsonPath, params (string Path, string Text)[] editorConfigs) =>
        await SeverityOf("TA501", jsonPath, Json, editorConfigs);

    private static async Task<string> SeverityOf(string id, string jsonPath, string json, params (string Path, string Text)[] editorConfigs)
    {
        var diagnostics = await Analyze(editorConfigs.Prepend((jsonPath, json)).ToArray());
        var found = diagnostics.Where(d => d.Id == id && d.Location.GetLineSpan().Path == jsonPath).ToList();
        return found.Count switch
        {
            0 => "None",
            1 => found[0].Severity.ToString(),
            _ => throw new Xunit.Sdk.XunitException($"{found.Count} {id} findings in {jsonPath}"),
        };
    }

    private static Task<ImmutableArray<Diagnostic>> Analyze(params (string Path, string Text)[] files) => Analyze(TestReferences.All, files);

    private static async Task<ImmutableArray<Diagnostic>> Analyze(ImmutableArray<MetadataReference> references, params (string Path, string Text)[] files)
    {
        var compilation = CSharpCompilation.Create(
            "P", new[] { CSharpSyntaxTree.ParseText(Host) }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var additional = files.Select(file => (AdditionalText)new InMemoryAdditionalText(file.Path, file.Text)).ToImmutableArray();
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TokenValidationAnalyzer()), new AnalyzerOptions(additional))
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id is "TA0002" or "AD0001");
        return diagnostics;
    }

    private static (string, string) Root(string section, string entry) =>
        ("/src/.editorconfig", "root = true\n[" + section + "]\n" + entry + "\n");

    [Fact]
    public async Task Without_an_editorconfig_the_finding_keeps_its_default() =>
        Assert.Equal("Warning", await SeverityOf("/src/appsettings.json"));

    [Theory]
    [InlineData("error", "Error")]
    [InlineData("warning", "Warning")]
    [InlineData("suggestion", "Info")]
    [InlineData("silent", "Hidden")]
    [InlineData("refactoring", "Hidden")]
    [InlineData("none", "None")]
    [InlineData("default", "Warning")]
    [InlineData("ERROR", "Error")]
    [InlineData("error # the staging file must never ship like this", "Error")]
    [InlineData("error ; a comment", "Error")]
    public async Task Each_severity_the_compiler_accepts_is_the_findings_severity(string value, string expected) =>
        Assert.Equal(expected, await SeverityOf("/src/appsettings.json", Root("appsettings.json", "dotnet_diagnostic.TA501.severity = " + value)));

    /// <summary>The compiler rejects these for dotnet_diagnostic.* (InvalidSeverityInAnalyzerConfig) and applies nothing; so does the analyzer.</summary>
    [Theory]
    [InlineData("off")]
    [InlineData("info")]
    [InlineData("hidden")]
    [InlineData("")]
    public async Task A_value_the_compiler_rejects_changes_nothing_and_is_not_a_TA0004(string value)
    {
        var config = Root("appsettings.json", "dotnet_diagnostic.TA501.severity = " + value);
        Assert.Equal("Warning", await SeverityOf("/src/appsettings.json", config));
        Assert.DoesNotContain(await Analyze(("/src/appsettings.json", Json), config), d => d.Id == "TA0004");
    }

    [Fact]
    public async Task A_rejected_value_keeps_the_setting_of_an_earlier_section() =>
        Assert.Equal("Error", await SeverityOf("/src/appsettings.json", ("/src/.editorconfig", """
            root = true
            [*.json]
            dotnet_diagnostic.TA501.severity = error
            [appsettings.json]
            dotnet_diagnostic.TA501.severity = off
            """)));

    [Fact]
    public async Task Keys_ignore_case() =>
        Assert.Equal("Error", await SeverityOf("/src/appsettings.json", Root("*.json", "DOTNET_DIAGNOSTIC.ta501.Severity = error")));

    [Fact]
    public async Task Another_rules_entry_changes_nothing() =>
        Assert.Equal("Warning", await SeverityOf("/src/appsettings.json", Root("*.json", "dotnet_diagnostic.TA502.severity = none")));

    // Section names, with the compiler's glob semantics (relative to the .editorconfig's folder /src).
    [Theory]
    [InlineData("*", "/src/appsettings.json")]
    [InlineData("*.json", "/src/appsettings.json")]
    [InlineData("*.json", "/src/deep/er/appsettings.json")] // a name without '/' matches in any folder below
    [InlineData("appsettings.json", "/src/api/appsettings.json")]
    [InlineData("appsettings*.json", "/src/appsettings.Staging.json")]
    [InlineData("**.json", "/src/api/appsettings.json")]
    [InlineData("**/appsettings*.json", "/src/api/appsettings.Staging.json")]
    [InlineData("api/*.json", "/src/api/appsettings.json")]
    [InlineData("/api/*.json", "/src/api/appsettings.json")]
    [InlineData("api/**", "/src/api/v1/appsettings.json")]
    [InlineData("appsettings.?????.json", "/src/appsettings.Local.json")]
    [InlineData("*.{json,yaml}", "/src/appsettings.json")]
    [InlineData("{appsettings,other}.json", "/src/appsettings.json")]
    [InlineData("appsettings.{Staging,{Test,Prod}}.json", "/src/appsettings.Prod.json")]
    [InlineData("appsettings{,.Staging}.json", "/src/appsettings.json")]
    [InlineData("appsettings.{1..3}.json", "/src/appsettings.2.json")]
    [InlineData("appsettings.{3..1}.json", "/src/appsettings.3.json")]
    [InlineData("appsettings.{-5..5}.json", "/src/appsettings.-4.json")]
    [InlineData("appsettings.[PS]*.json", "/src/appsettings.Staging.json")]
    [InlineData("appsettings.[!D]*.json", "/src/appsettings.Staging.json")]
    [InlineData("appsettings.[a-z]*.json", "/src/appsettings.local.json")]
    [InlineData(@"appsettings\*.json", "/src/appsettings*.json")]
    public async Task A_matching_section_applies(string section, string jsonPath) =>
        Assert.Equal("Error", await SeverityOf(jsonPath, Root(section, "dotnet_diagnostic.TA501.severity = error")));

    [Theory]
    [InlineData("*.cs", "/src/appsettings.json")]
    [InlineData("appsettings.Development.json", "/src/appsettings.json")]
    [InlineData("AppSettings.json", "/src/appsettings.json")] // names are case-sensitive, as for the compiler
    [InlineData("api/*.json", "/src/appsettings.json")]
    [InlineData("api/*.json", "/src/other/api/appsettings.json")] // a name with '/' is anchored at the .editorconfig's folder
    [InlineData("*.json", "/elsewhere/appsettings.json")] // not below the .editorconfig's folder
    [InlineData("*.json", "/srcx/appsettings.json")] // a folder whose name only starts like it
    [InlineData("**/appsettings.json", "/src/appsettings.json")] // the compiler's "/**/" needs a folder in between
    [InlineData("api/*", "/src/api/v1/appsettings.json")] // '*' stops at '/'
    [InlineData("appsettings.{1..3}.json", "/src/appsettings.4.json")]
    [InlineData("appsettings.{1..3}.json", "/src/appsettings.12.json")]
    [InlineData("appsettings.[!S]*.json", "/src/appsettings.Staging.json")]
    [InlineData("{appsettings,other.json", "/src/appsettings.json")] // unclosed choice: the section applies nowhere
    [InlineData("appsettings.[json", "/src/appsettings.json")] // unclosed class
    [InlineData("appsettings,other.json", "/src/appsettings.json")] // ',' outside a choice
    [InlineData("appsettings.{99999999999..1}.json", "/src/appsettings.1.json")] // a bound that is no int
    [InlineData(@"appsettings\*.json", "/src/appsettings.Staging.json")]
    public async Task A_section_that_does_not_match_changes_nothing(string section, string jsonPath) =>
        Assert.Equal("Warning", await SeverityOf(jsonPath, Root(section, "dotnet_diagnostic.TA501.severity = error")));

    [Fact]
    public async Task A_later_section_wins_over_an_earlier_one_in_the_same_file()
    {
        var config = ("/src/.editorconfig", """
            root = true
            [*.json]
            dotnet_diagnostic.TA501.severity = none
            [appsettings.Staging.json]
            dotnet_diagnostic.TA501.severity = error
            """);
        Assert.Equal("Error", await SeverityOf("/src/appsettings.Staging.json", config));
        Assert.Equal("None", await SeverityOf("/src/appsettings.json", config));
    }

    [Fact]
    public async Task An_earlier_section_does_not_win_over_a_later_one() =>
        Assert.Equal("None", await SeverityOf("/src/appsettings.json", ("/src/.editorconfig", """
            [appsettings.json]
            dotnet_diagnostic.TA501.severity = error
            [*.json]
            dotnet_diagnostic.TA501.severity = none
            """)));

    [Fact]
    public async Task The_nearer_file_wins_over_the_farther_one_and_the_farther_one_applies_where_the_nearer_is_silent()
    {
        (string, string)[] configs =
        [
            ("/repo/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = none\ndotnet_diagnostic.TA503.severity = error\n"),
            ("/repo/src/api/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = error\n"),
        ];
        Assert.Equal("Error", await SeverityOf("/repo/src/api/appsettings.json", configs));
        Assert.Equal("None", await SeverityOf("/repo/src/appsettings.json", configs));
        Assert.Equal("Error", await SeverityOf("TA503", "/repo/src/api/appsettings.json", """{ "Jwt": { "Key": "ThisIsMySuperSecretKeyForJwtTokens123!" } }""", configs));
    }

    [Fact]
    public async Task The_order_of_the_additional_files_does_not_matter()
    {
        (string, string) far = ("/repo/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = none\n");
        (string, string) near = ("/repo/api/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = error\n");
        Assert.Equal("Error", await SeverityOf("/repo/api/appsettings.json", near, far));
        Assert.Equal("Error", await SeverityOf("/repo/api/appsettings.json", far, near));
    }

    [Fact]
    public async Task A_root_file_drops_the_files_above_it()
    {
        (string, string) far = ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = none\n");
        Assert.Equal("Warning", await SeverityOf("/repo/api/appsettings.json", far, ("/repo/api/.editorconfig", "root = true\n[*.cs]\nindent_size = 4\n")));
        Assert.Equal("None", await SeverityOf("/repo/api/appsettings.json", far, ("/repo/api/.editorconfig", "root = false\n[*.cs]\nindent_size = 4\n")));
        Assert.Equal("None", await SeverityOf("/repo/api/appsettings.json", far, ("/repo/api/.editorconfig", "[*.cs]\nroot = true\n"))); // root counts only before the first section
    }

    [Fact]
    public async Task Default_in_a_nearer_file_restores_the_rules_severity() =>
        Assert.Equal("Warning", await SeverityOf(
            "/repo/api/appsettings.json",
            ("/repo/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = none\n"),
            ("/repo/api/.editorconfig", "[appsettings.json]\ndotnet_diagnostic.TA501.severity = default\n")));

    [Fact]
    public async Task A_global_config_named_editorconfig_is_left_to_the_compiler() =>
        Assert.Equal("Warning", await SeverityOf("/src/appsettings.json", ("/src/.editorconfig", "is_global = true\n[*.json]\ndotnet_diagnostic.TA501.severity = none\n")));

    [Fact]
    public async Task Only_files_named_editorconfig_are_read() =>
        Assert.Equal("Warning", await SeverityOf("/src/appsettings.json", ("/src/settings.ini", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = none\n")));

    [Fact]
    public async Task Windows_paths_are_compared_with_forward_slashes_and_an_upper_case_drive() =>
        Assert.Equal("Error", await SeverityOf(@"C:\repo\api\appsettings.json", (@"c:\repo\.editorconfig", "root = true\n[api/*.json]\ndotnet_diagnostic.TA501.severity = error\n")));

    [Fact]
    public async Task The_same_file_listed_twice_counts_once() =>
        Assert.Equal("Error", await SeverityOf(
            "/src/appsettings.json",
            ("/src/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = error\n"),
            ("/src/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = error\n")));

    // The two keys are one setting for a JSON file.
    [Fact]
    public async Task When_one_section_sets_both_keys_token_analyzers_wins() =>
        Assert.Equal("Error", await SeverityOf("/src/appsettings.json", ("/src/.editorconfig", """
            root = true
            [appsettings.json]
            token_analyzers.TA501.severity = error
            dotnet_diagnostic.TA501.severity = none
            """)));

    [Fact]
    public async Task A_nearer_dotnet_diagnostic_entry_wins_over_a_farther_token_analyzers_entry_and_the_other_way_round()
    {
        Assert.Equal("Error", await SeverityOf(
            "/repo/api/appsettings.json",
            ("/repo/.editorconfig", "root = true\n[*.json]\ntoken_analyzers.TA501.severity = none\n"),
            ("/repo/api/.editorconfig", "[appsettings.json]\ndotnet_diagnostic.TA501.severity = error\n")));
        Assert.Equal("None", await SeverityOf(
            "/repo/api/appsettings.json",
            ("/repo/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = error\n"),
            ("/repo/api/.editorconfig", "[appsettings.json]\ntoken_analyzers.TA501.severity = none\n")));
    }

    [Fact]
    public async Task An_unreadable_token_analyzers_value_falls_back_to_the_dotnet_diagnostic_entry_of_the_section() =>
        Assert.Equal("Error", await SeverityOf("/src/appsettings.json", ("/src/.editorconfig", """
            root = true
            [appsettings.json]
            token_analyzers.TA501.severity = off
            dotnet_diagnostic.TA501.severity = error
            """)));

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    public async Task The_scheme_finding_at_compilation_end_honours_it_too(string value, DiagnosticSeverity expected)
    {
        // TA502 reports for the JwtBearer versions that bind the scheme section failing open (7.0.0 to 8.0.6).
        var references = TestReferences.Override(TestReferences.All, [TestReferences.JwtBearer("7.0.11")]);
        const string scheme = """{ "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } } }""";
        var reported = await Analyze(references, ("/src/appsettings.json", scheme));
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(reported, d => d.Id == "TA502").Severity);

        var configured = await Analyze(references, ("/src/appsettings.json", scheme), Root("appsettings.json", "dotnet_diagnostic.TA502.severity = " + value));
        Assert.Equal(expected, Assert.Single(configured, d => d.Id == "TA502").Severity);

        var none = await Analyze(references, ("/src/appsettings.json", scheme), Root("appsettings.json", "dotnet_diagnostic.TA502.severity = none"));
        Assert.DoesNotContain(none, d => d.Id == "TA502");
    }

    [Theory]
    [InlineData("none", "None")]
    [InlineData("error", "Error")]
    public async Task An_unreadable_files_TA0003_honours_it(string value, string expected) =>
        Assert.Equal(expected, await SeverityOf("TA0003", "/src/appsettings.json", """{ "Jwt": """, Root("*.json", "dotnet_diagnostic.TA0003.severity = " + value)));

    [Fact]
    public async Task An_unreadable_files_TA0003_keeps_its_default_without_an_entry() =>
        Assert.Equal("Info", await SeverityOf("TA0003", "/src/appsettings.json", """{ "Jwt": """, Root("*.cs", "dotnet_diagnostic.TA0003.severity = none")));
}
