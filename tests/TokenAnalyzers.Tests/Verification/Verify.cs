using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>Shorthands for the common one-file tests; use <see cref="AnalyzerTest"/> for anything else.</summary>
public static class Verify
{
    /// <summary>
    /// <typeparamref name="TAnalyzer"/> is a rule family of the package (run through <see cref="TokenValidationAnalyzer"/>, as
    /// shipped, hosting that family only) or an analyzer of the verifier's own tests.
    /// </summary>
    private static DiagnosticAnalyzer Create<TAnalyzer>()
        where TAnalyzer : new() => new TAnalyzer() switch
        {
            TokenAnalyzers.Engine.TokenRule rule => new TokenValidationAnalyzer(rule),
            DiagnosticAnalyzer analyzer => analyzer,
            var other => throw new System.ArgumentException($"{other!.GetType().Name} is neither a TokenRule nor a DiagnosticAnalyzer"),
        };

    /// <summary>The diagnostics in <paramref name="markup"/> are exactly those reported.</summary>
    public static Task AnalyzerAsync<TAnalyzer>(string markup, string? editorConfig = null)
        where TAnalyzer : new()
    {
        var test = new AnalyzerTest(Create<TAnalyzer>()) { EditorConfig = editorConfig };
        test.Sources.Add(markup);
        return test.RunAsync();
    }

    /// <summary><paramref name="source"/> (plain C#, no markup) gets no diagnostic.</summary>
    public static Task NoDiagnosticsAsync<TAnalyzer>(string source, string? editorConfig = null)
        where TAnalyzer : new()
    {
        if (!Markup.Parse(source).Spans.IsEmpty)
        {
            throw new System.ArgumentException("NoDiagnosticsAsync takes code without markup spans; use AnalyzerAsync.", nameof(source));
        }

        return AnalyzerAsync<TAnalyzer>(source, editorConfig);
    }

    /// <summary>The diagnostics in <paramref name="markup"/>, fixed one by one and with Fix All, give <paramref name="fixedMarkup"/>.</summary>
    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string markup, string fixedMarkup, string? editorConfig = null)
        where TAnalyzer : new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new AnalyzerTest(Create<TAnalyzer>()) { EditorConfig = editorConfig, CodeFix = new TCodeFix() };
        test.Sources.Add(markup);
        test.FixedSources.Add(fixedMarkup);
        return test.RunAsync();
    }
}
