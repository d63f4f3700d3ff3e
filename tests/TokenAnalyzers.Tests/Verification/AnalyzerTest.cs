using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// One analyzer (and optionally code fix) test case, written in markup: <c>[|...|]</c> for the default id,
/// <c>{|TA101:...|}</c> for an explicit id, <c>{|#0:...|}</c> for a location used by <see cref="ExpectedDiagnostics"/>.
/// </summary>
public sealed class AnalyzerTest
{
    private static readonly FixAllScope[] FixAllScopes = [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

    /// <summary>A test of some rule families, run through the package's analyzer as shipped, hosting those families only.</summary>
    internal AnalyzerTest(params TokenAnalyzers.Engine.TokenRule[] rules)
        : this(new TokenValidationAnalyzer(rules))
    {
    }

    public AnalyzerTest(params DiagnosticAnalyzer[] analyzers)
    {
        if (analyzers.Length == 0)
        {
            throw new ArgumentException("At least one analyzer is needed.", nameof(analyzers));
        }

        _analyzers = analyzers.ToImmutableArray();
    }

    /// <summary>C# markup, in files /0/Test0.cs, /0/Test1.cs, ...</summary>
    public List<string> Sources { get; } = [];

    /// <summary>C# markup with an explicit path, e.g. ("/0/Program.cs", ...); put it under /0/ so .editorconfig applies.</summary>
    public List<(string Path, string Markup)> NamedSources { get; } = [];

    /// <summary>Additional files (e.g. ("/0/appsettings.json", json)); their markup marks expected diagnostics too.</summary>
    public List<(string Path, string Markup)> AdditionalFiles { get; } = [];

    /// <summary>Text of /0/.editorconfig (and /1/.editorconfig). Text without a section header gets "root = true" and "[*]" prepended.</summary>
    public string? EditorConfig { get; set; }

    /// <summary>Text of /0/.globalconfig (and /1/.globalconfig). "is_global = true" is prepended when absent.</summary>
    public string? GlobalConfig { get; set; }

    /// <summary>Diagnostics expected in addition to the markup spans (checked on the test input only).</summary>
    public List<ExpectedDiagnostic> ExpectedDiagnostics { get; } = [];

    /// <summary>Id of plain <c>[|...|]</c> spans; if null, the analyzers must support exactly one id.</summary>
    public string? DefaultDiagnosticId { get; set; }

    public CodeFixProvider? CodeFix { get; set; }

    /// <summary>Expected code after the fixes, one per source (Sources, then NamedSources); spans mark diagnostics that must remain.</summary>
    public List<string> FixedSources { get; } = [];

    /// <summary>The action to apply; otherwise the first one offered.</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    /// <summary>False: compile without Microsoft.IdentityModel.*, System.IdentityModel.*, JwtBearer and OpenIdConnect.</summary>
    public bool ReferenceTokenLibraries { get; set; } = true;

    /// <summary>Replaces every reference of the test projects (another version of a library); null: the default set.</summary>
    public IEnumerable<MetadataReference>? References { get; set; }

    /// <summary>
    /// Assembly paths that replace the reference of the same file name (another version of a library, e.g.
    /// <see cref="TestReferences.JwtBearer"/>); the assembly is added when no reference has that name.
    /// </summary>
    public List<string> ReferenceOverrides { get; } = [];

    /// <summary>ConsoleApplication for top-level statements (applies to the first project).</summary>
    public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Preview;

    public List<string> PreprocessorSymbols { get; } = [];

    /// <summary>Sources of a second project (/1/Test0.cs, ...) that references the first.</summary>
    public List<string> SecondProjectSources { get; } = [];

    /// <summary>Expected fixed code of the second project; if empty, it must stay as it is.</summary>
    public List<string> SecondProjectFixedSources { get; } = [];

    /// <summary>Also run the provider's Fix All at every scope it supports.</summary>
    public bool CheckFixAll { get; set; } = true;

    /// <summary>
    /// Fix All passes allowed per scope. Default: one per document (Document scope), one per project (Project), one
    /// (Solution). Raise it only for fixes that uncover new diagnostics.
    /// </summary>
    public int? FixAllPassLimit { get; set; }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var runner = new DiagnosticRunner(_analyzers) { ExpectFailureReports = ExpectedDiagnostics.Any(d => d.Id == RuleIds.CouldNotAnalyze) };
        var original = ParseInput();
        var spec = CreateSpec(original);
        var expected = Expectations(original, ExpectedDiagnostics, runner);

        var diagnostics = await runner.AnalyzeAsync(spec.Build(), "the test input", cancellationToken).ConfigureAwait(false);
        DiagnosticComparer.Compare("the test input", expected, diagnostics, AllFiles(spec));

        if (CodeFix is null)
        {
            if (FixedSources.Count > 0 || SecondProjectFixedSources.Count > 0)
            {
                throw new InvalidOperationException("FixedSources are set, but CodeFix is not.");
            }

            return;
        }

        var fixedInput = ParseFixedInput(original);
        var codeFixes = new CodeFixRunner(runner, CodeFix, CodeActionEquivalenceKey);
        var fixedOneByOne = await codeFixes.FixOneByOneAsync(spec.Build(), cancellationToken).ConfigureAwait(false);
        await VerifyFixedTextsAsync("applying code fixes one by one", fixedOneByOne, fixedInput, cancellationToken).ConfigureAwait(false);

        // Same texts as above, so compiling and analyzing once covers every Fix All scope too.
        var fixedSpec = spec.WithTexts(fixedInput.SelectMany(p => p).ToDictionary(file => file.Path, file => file.Markup.Text));
        var fixedDiagnostics = await runner.AnalyzeAsync(fixedSpec.Build(), "the fixed code", cancellationToken).ConfigureAwait(false);
        var fixedExpected = Expectations(fixedInput, [], runner);
        DiagnosticComparer.Compare("the fixed code", fixedExpected, fixedDiagnostics.Where(d => d.Location.IsInSource).ToImmutableArray(), AllFiles(fixedSpec));

        if (CheckFixAll && CodeFix.GetFixAllProvider() is { } fixAll)
        {
            var fixAllRunner = new FixAllRunner(runner, codeFixes, CodeFix, fixAll, FixAllPassLimit);
            foreach (var scope in FixAllScopes.Where(fixAll.GetSupportedFixAllScopes().Contains))
            {
                var result = await fixAllRunner.FixAllAsync(spec.Build(), scope, cancellationToken).ConfigureAwait(false);
                await VerifyFixedTextsAsync($"Fix All ({scope})", result, fixedInput, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Markup files per project: [0] sources and named sources, [1] second project, last: additional files.</summary>
    private List<List<(string Path, ParsedMarkup Markup)>> ParseInput()
    {
        var first = Sources.Select((markup, i) => ($"/0/Test{i}.cs", Markup.Parse(markup)))
            .Concat(NamedSources.Select(source => (source.Path, Markup.Parse(source.Markup))))
            .ToList();
        var input = new List<List<(string Path, ParsedMarkup Markup)>> { first };
        if (SecondProjectSources.Count > 0)
        {
            input.Add(SecondProjectSources.Select((markup, i) => ($"/1/Test{i}.cs", Markup.Parse(markup))).ToList());
        }

        input.Add(AdditionalFiles.Select(file => (file.Path, Markup.Parse(file.Markup))).ToList());
        return input;
    }

    private List<List<(string Path, ParsedMarkup Markup)>> ParseFixedInput(List<List<(string Path, ParsedMarkup Markup)>> original)
    {
        if (FixedSources.Count != original[0].Count)
        {
            throw new InvalidOperationException(
                $"FixedSources has {FixedSources.Count} entries, but there are {original[0].Count} sources (Sources, then NamedSources).");
        }

        var fixedInput = new List<List<(string Path, ParsedMarkup Markup)>>
        {
            original[0].Select((file, i) => (file.Path, Markup.Parse(FixedSources[i]))).ToList(),
        };

        if (SecondProjectSources.Count > 0)
        {
            if (SecondProjectFixedSources.Count == 0)
            {
                fixedInput.Add(original[1]);
            }
            else if (SecondProjectFixedSources.Count == SecondProjectSources.Count)
            {
                fixedInput.Add(original[1].Select((file, i) => (file.Path, Markup.Parse(SecondProjectFixedSources[i]))).ToList());
            }
            else
            {
                throw new InvalidOperationException("SecondProjectFixedSources must be empty or have one entry per SecondProjectSources entry.");
            }
        }

        // Fixers edit C#; additional files must come out unchanged, and their diagnostics are not re-checked.
        fixedInput.Add(original[^1].Select(file => (file.Path, file.Markup with { Spans = [] })).ToList());
        return fixedInput;
    }

    private TestSolutionSpec CreateSpec(List<List<(string Path, ParsedMarkup Markup)>> input) => new(
        input.Take(input.Count - 1).Select(project => project.Select(file => new TestFile(file.Path, file.Markup.Text)).ToImmutableArray()).ToImmutableArray(),
        input[^1].Select(file => new TestFile(file.Path, file.Markup.Text)).ToImmutableArray(),
        NormalizeEditorConfig(EditorConfig),
        NormalizeGlobalConfig(GlobalConfig),
        OutputKind,
        LanguageVersion,
        PreprocessorSymbols.ToImmutableArray(),
        ReferenceTokenLibraries,
        ReferenceOverrides.ToImmutableArray())
    {
        References = References?.ToImmutableArray(),
    };

    private ImmutableArray<ExpectedEntry> Expectations(
        List<List<(string Path, ParsedMarkup Markup)>> input, IEnumerable<ExpectedDiagnostic> extra, DiagnosticRunner runner) =>
        DiagnosticComparer.Expectations(input.SelectMany(project => project), extra, () => DefaultId(runner), _analyzers.SelectMany(a => a.SupportedDiagnostics));

    private string DefaultId(DiagnosticRunner runner)
    {
        if (DefaultDiagnosticId is not null)
        {
            return DefaultDiagnosticId;
        }

        // The analyzer's own reports (TA0002, TA0004) are supported by every host and never what plain markup means.
        var ruleIds = runner.SupportedIds.Where(id => !RuleIds.IsAboutTheAnalyzer(id)).ToList();
        if (ruleIds.Count != 1)
        {
            throw new InvalidOperationException(
                $"Markup [|...|] needs DefaultDiagnosticId (or {{|ID:...|}}): the analyzers support {string.Join(", ", ruleIds.Order())}.");
        }

        return ruleIds.Single();
    }

    private static async Task VerifyFixedTextsAsync(
        string how, Solution solution, List<List<(string Path, ParsedMarkup Markup)>> fixedInput, CancellationToken cancellationToken)
    {
        var actual = await SolutionTexts.OfAsync(solution, cancellationToken).ConfigureAwait(false);
        var expected = fixedInput.SelectMany(project => project).ToList();
        foreach (var (path, markup) in expected)
        {
            if (!actual.TryGetValue(path, out var text))
            {
                throw new VerificationException($"After {how}, {path} no longer exists.");
            }

            if (text != markup.Text)
            {
                throw new VerificationException(
                    $"After {how}, {path} differs from the expected fixed code:{Environment.NewLine}{TextDiff.Describe(markup.Text, text)}");
            }
        }

        var added = actual.Keys.Except(expected.Select(file => file.Path)).ToList();
        if (added.Count > 0)
        {
            throw new VerificationException($"After {how}, unexpected documents exist: {string.Join(", ", added)}.");
        }
    }

    private static List<TestFile> AllFiles(TestSolutionSpec spec) =>
        spec.ProjectSources.SelectMany(project => project).Concat(spec.AdditionalFiles).ToList();

    private static string? NormalizeEditorConfig(string? text) =>
        text is null || Regex.IsMatch(text, @"^\s*\[", RegexOptions.Multiline) ? text : "root = true\n[*]\n" + text;

    private static string? NormalizeGlobalConfig(string? text) =>
        text is null || Regex.IsMatch(text, @"^\s*is_global\s*=", RegexOptions.Multiline) ? text : "is_global = true\n" + text;
}
