using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.EditorConfig;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// The analyzer's reading of <c>.editorconfig</c> files (<see cref="EditorConfigSeverity"/>) against the compiler's own
/// (<see cref="AnalyzerConfigSet"/>, public in Microsoft.CodeAnalysis): for every pair of a section name and a file
/// path below, and for sets of files in nested folders, the <c>dotnet_diagnostic.TA501.severity</c> the compiler would
/// apply to a C# file at that path is the one the analyzer applies to a JSON file there.
/// </summary>
[Trait("Rule", "TA501")]
public class EditorConfigAgreementTests
{
    private static readonly string[] Sections =
    [
        "*", "*.json", "*.cs", "**", "**.json", "**/*.json", "**/appsettings*.json", "/*.json", "/**/*.json",
        "appsettings.json", "appsettings*.json", "AppSettings.json", "appsettings.?????.json", "appsettings.?*.json",
        "api/*.json", "/api/*.json", "api/**", "api/*", "api/**/appsettings.json", "**/api/*.json",
        "*.{json,yaml}", "{appsettings,other}.json", "appsettings.{Staging,{Test,Prod}}.json", "appsettings{,.Staging}.json",
        "{api,web}/*.json", "appsettings.{1..3}.json", "appsettings.{3..1}.json", "appsettings.{-5..5}.json",
        "appsettings.{1..3}{1..3}.json", "appsettings.[PS]*.json", "appsettings.[!D]*.json", "appsettings.[a-z]*.json",
        "appsettings.[!a-z]*.json", @"appsettings\*.json", @"appsettings.\{1..3\}.json", "appsettings.[json",
        "{appsettings,other.json", "appsettings,other.json", "appsettings}.json", "appsettings.{99999999999..1}.json",
        "appsettings.{1..}.json", "appsettings.{a..c}.json", "?ppsettings.json", "api?appsettings.json", "[a]pi/*.json",
        "appsettings.{}.json", "appsettings.{json}", "appsettings.json ", " *.json",
    ];

    private static readonly string[] Paths =
    [
        "/src/appsettings.json", "/src/appsettings.Staging.json", "/src/appsettings.Development.json",
        "/src/appsettings.local.json", "/src/appsettings.Prod.json", "/src/appsettings.2.json", "/src/appsettings.4.json",
        "/src/appsettings.12.json", "/src/appsettings.-4.json", "/src/appsettings.{1..3}.json", "/src/appsettings*.json",
        "/src/api/appsettings.json", "/src/api/v1/appsettings.json", "/src/web/appsettings.Staging.json",
        "/src/other/api/appsettings.json", "/srcx/appsettings.json", "/elsewhere/appsettings.json", "/src/other.json",
        "/src/appsettings.yaml", "/src/Program.cs",
    ];

    public static IEnumerable<object[]> SectionNames() => Sections.Select(section => new object[] { section });

    [Theory]
    [MemberData(nameof(SectionNames))]
    public void Every_section_name_matches_the_files_the_compiler_matches(string section)
    {
        var text = "root = true\n[" + section + "]\ndotnet_diagnostic.TA501.severity = error\n";
        foreach (var path in Paths)
        {
            AssertAgreement(path, ("/src/.editorconfig", text));
        }
    }

    public static IEnumerable<object[]> Sets() =>
    [
        [new[] { ("/repo/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = none\n"), ("/repo/src/api/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = error\n") }],
        [new[] { ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = none\n"), ("/repo/src/.editorconfig", "root = true\n[*.cs]\nindent_size = 4\n") }],
        [new[] { ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = none\n"), ("/repo/src/.editorconfig", "root = TRUE\n") }],
        [new[] { ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = none\n"), ("/repo/src/.editorconfig", "[*.cs]\nroot = true\n") }],
        [new[] { ("/repo/src/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = none\n[appsettings.json]\ndotnet_diagnostic.TA501.severity = suggestion\n[*]\ndotnet_diagnostic.ta501.severity = SILENT\n") }],
        [new[] { ("/repo/src/.editorconfig", "[appsettings.json]\ndotnet_diagnostic.TA501.severity = error\n[*.json]\ndotnet_diagnostic.TA501.severity = off\n") }],
        [new[] { ("/repo/src/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = error # comment\n[*.Staging.json]\n  dotnet_diagnostic.TA501.severity: refactoring ; comment\n") }],
        [new[] { ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = none\n"), ("/repo/src/.editorconfig", "[appsettings.json]\ndotnet_diagnostic.TA501.severity = default\n") }],
        [new[] { ("/repo/src/.editorconfig", "# [*.json]\n; dotnet_diagnostic.TA501.severity = none\n[*.json] # a comment\ndotnet_diagnostic.TA501.severity = warning\nnot a property line\n[*.json\ndotnet_diagnostic.TA501.severity = none\n") }],
        [new[] { ("/repo/src/api/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = none\n"), ("/repo/.editorconfig", "root = true\n[**.json]\ndotnet_diagnostic.TA501.severity = error\n"), ("/repo/src/.editorconfig", "[api/*.json]\ndotnet_diagnostic.TA501.severity = suggestion\n") }],
    ];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Nested_files_sections_and_values_resolve_as_the_compiler_resolves_them((string Path, string Text)[] configs)
    {
        foreach (var path in new[] { "/repo/appsettings.json", "/repo/src/appsettings.json", "/repo/src/appsettings.Staging.json", "/repo/src/api/appsettings.json", "/repo/src/api/v1/appsettings.json" })
        {
            AssertAgreement(path, configs);
        }
    }

    private static void AssertAgreement(string path, params (string Path, string Text)[] configs)
    {
        var set = AnalyzerConfigSet.Create(configs.Select(config => AnalyzerConfig.Parse(config.Text, config.Path)).ToList());
        var compiler = set.GetOptionsForSourcePath(path).TreeOptions.TryGetValue("TA501", out var report) ? Name(report) : null;

        var files = configs.Select(config => (AdditionalText)new InMemoryAdditionalText(config.Path, config.Text)).ToImmutableArray();
        var analyzer = EditorConfigSeverity.Find(files, path, "TA501", CancellationToken.None);

        Assert.True(compiler == analyzer, $"{path} with {string.Join(" | ", configs.Select(c => c.Path + ": " + c.Text.Replace("\n", "\\n")))}: the compiler applies '{compiler ?? "nothing"}', the analyzer '{analyzer ?? "nothing"}'");
    }

    private static string Name(ReportDiagnostic report) => report switch
    {
        ReportDiagnostic.Default => "default",
        ReportDiagnostic.Error => "error",
        ReportDiagnostic.Warn => "warning",
        ReportDiagnostic.Info => "suggestion",
        ReportDiagnostic.Hidden => "silent",
        ReportDiagnostic.Suppress => "none",
        _ => report.ToString(),
    };
}
