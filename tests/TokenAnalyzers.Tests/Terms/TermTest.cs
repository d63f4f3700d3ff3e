using TokenAnalyzers.Engine;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>Runs one input through several rule families at once: a Term is shared, so every rule that uses it is asked.</summary>
internal static class TermTest
{
    public static Task VerifyAsync(TokenRule[] rules, string markup, string? editorConfig = null)
    {
        var test = new AnalyzerTest(rules) { EditorConfig = editorConfig };
        test.Sources.Add(Usings + markup);
        return test.RunAsync();
    }

    public const string ReportDevelopmentOnly = "root = true\n\n[*.cs]\ntoken_analyzers.report_development_only = true\n";
}
