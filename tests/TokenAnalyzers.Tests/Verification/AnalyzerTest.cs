using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// One analyzer (and optionally code fix) test case, written in markup: <c>[|...|]</c> for the default id,
/// <c>{|TA101:...|}</c> for an explicit id, <c>{|#0:...|}</c> for a location used by <see cref="ExpectedDiagnostics"/>.
/// A thin adapter: the test runs on Microsoft.CodeAnalysis.Testing (<see cref="CSharpCodeFixTest{TAnalyzer, TCodeFix, TVerifier}"/>),
/// which analyzes, compares, applies the fixes one by one and runs Fix All at every scope; this class keeps the
/// project's markup and properties and maps them onto the library's test state (tests/README.md).
/// </summary>
public sealed class AnalyzerTest
{
    /// <summary>No reference package: the references come from the test host (<see cref="TestReferences"/>), offline.</summary>
    private static readonly ReferenceAssemblies HostReferences = new("net10.0");

    private const string SecondProjectName = "TestProject1";

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
    /// Fix All passes allowed per scope. Default: one per document with a fixable diagnostic (Document scope), one
    /// per changed project (Project), one (Solution). Raise it only for fixes that uncover new diagnostics.
    /// </summary>
    public int? FixAllPassLimit { get; set; }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var input = ParseInput();
        var test = new LibraryTest(_analyzers, CodeFix, CreateParseOptions())
        {
            ReferenceAssemblies = HostReferences,
            CodeActionEquivalenceKey = CodeActionEquivalenceKey,
            // The rules analyze generated code on purpose (a security analyzer); #pragma suppression is the
            // compiler's own job and would cost a third compilation per test.
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck | TestBehaviors.SkipSuppressionCheck,
        };

        var references = ResolveReferences();
        var expected = Expectations(input, ExpectedDiagnostics);
        Fill(test.TestState, input, references, expected);
        test.DiagnosticVerifier = (actual, result, verifier) => CheckMessageContaining(actual, result, verifier, expected);

        if (CodeFix is null)
        {
            if (FixedSources.Count > 0 || SecondProjectFixedSources.Count > 0)
            {
                throw new InvalidOperationException("FixedSources are set, but CodeFix is not.");
            }
        }
        else
        {
            var fixedInput = ParseFixedInput(input);
            test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
            Fill(test.FixedState, fixedInput, references, Expectations(fixedInput, []));

            // As before the migration: a fix may uncover a diagnostic or two (initial diagnostics + 2 applications).
            var fixable = expected.Count(e => CodeFix.FixableDiagnosticIds.Contains(e.Id));
            test.NumberOfIncrementalIterations = -(fixable + 2);
            if (FixAllPassLimit is { } limit)
            {
                test.NumberOfFixAllIterations = -limit;
                test.NumberOfFixAllInDocumentIterations = -limit;
                test.NumberOfFixAllInProjectIterations = -limit;
            }

            if (!CheckFixAll)
            {
                test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
            }
        }

        try
        {
            await test.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not VerificationException)
        {
            throw new VerificationException(exception.Message + Environment.NewLine + await ActualAsMarkupAsync(input, cancellationToken).ConfigureAwait(false), exception);
        }
    }

    /// <summary>The parsed markup, by project: [0] Sources then NamedSources, [1] the second project, and the additional files.</summary>
    private sealed record ParsedInput(
        List<(string Path, ParsedMarkup Markup)> First,
        List<(string Path, ParsedMarkup Markup)> Second,
        List<(string Path, ParsedMarkup Markup)> AdditionalFiles)
    {
        public IEnumerable<(string Path, ParsedMarkup Markup)> All => First.Concat(Second).Concat(AdditionalFiles);
    }

    private ParsedInput ParseInput() => new(
        Sources.Select((markup, i) => ($"/0/Test{i}.cs", Markup.Parse(markup)))
            .Concat(NamedSources.Select(source => (source.Path, Markup.Parse(source.Markup))))
            .ToList(),
        SecondProjectSources.Select((markup, i) => ($"/1/Test{i}.cs", Markup.Parse(markup))).ToList(),
        AdditionalFiles.Select(file => (file.Path, Markup.Parse(file.Markup))).ToList());

    private ParsedInput ParseFixedInput(ParsedInput original)
    {
        if (FixedSources.Count != original.First.Count)
        {
            throw new InvalidOperationException(
                $"FixedSources has {FixedSources.Count} entries, but there are {original.First.Count} sources (Sources, then NamedSources).");
        }

        List<(string Path, ParsedMarkup Markup)> second;
        if (SecondProjectFixedSources.Count == 0)
        {
            // Unchanged text; its diagnostics are re-checked like the first project's, so keep its markup.
            second = original.Second;
        }
        else if (SecondProjectFixedSources.Count == SecondProjectSources.Count)
        {
            second = original.Second.Select((file, i) => (file.Path, Markup.Parse(SecondProjectFixedSources[i]))).ToList();
        }
        else
        {
            throw new InvalidOperationException("SecondProjectFixedSources must be empty or have one entry per SecondProjectSources entry.");
        }

        // Fixers edit C#; additional files must come out unchanged and keep their diagnostics.
        return new ParsedInput(
            original.First.Select((file, i) => (file.Path, Markup.Parse(FixedSources[i]))).ToList(),
            second,
            original.AdditionalFiles);
    }

    private void Fill(SolutionState state, ParsedInput input, ImmutableArray<MetadataReference> references, IReadOnlyList<Expected> expected)
    {
        state.MarkupHandling = MarkupMode.None; // the markup is ours (Markup.Parse): the library gets plain text
        state.OutputKind = OutputKind;
        state.Sources.AddRange(input.First.Select(file => (file.Path, SourceText.From(file.Markup.Text))));
        state.AdditionalFiles.AddRange(input.AdditionalFiles.Select(file => (file.Path, SourceText.From(file.Markup.Text))));
        state.AdditionalReferences.AddRange(references);
        AddConfigFiles(state, "/0/");
        if (input.Second.Count > 0)
        {
            var second = new ProjectState(SecondProjectName, LanguageNames.CSharp, "/1/Test", "cs")
            {
                OutputKind = OutputKind.DynamicallyLinkedLibrary,
            };
            second.Sources.AddRange(input.Second.Select(file => (file.Path, SourceText.From(file.Markup.Text))));
            second.AdditionalReferences.AddRange(references);
            second.AdditionalProjectReferences.Add(state.Name);
            AddConfigFiles(second, "/1/");
            state.AdditionalProjects.Add(SecondProjectName, second);
        }

        state.ExpectedDiagnostics.AddRange(expected.Select(e => e.Result));
    }

    private void AddConfigFiles(ProjectState state, string folder)
    {
        if (NormalizeEditorConfig(EditorConfig) is { } editorConfig)
        {
            state.AnalyzerConfigFiles.Add((folder + ".editorconfig", editorConfig));
        }

        if (NormalizeGlobalConfig(GlobalConfig) is { } globalConfig)
        {
            state.AnalyzerConfigFiles.Add((folder + ".globalconfig", globalConfig));
        }
    }

    private ImmutableArray<MetadataReference> ResolveReferences() =>
        References?.ToImmutableArray()
        ?? TestReferences.Override(ReferenceTokenLibraries ? TestReferences.All : TestReferences.WithoutTokenLibraries, ReferenceOverrides.ToImmutableArray());

    private CSharpParseOptions CreateParseOptions() =>
        new(LanguageVersion, DocumentationMode.Diagnose, SourceCodeKind.Regular, PreprocessorSymbols);

    /// <summary>One expected diagnostic and the message text it must contain (which the library cannot check itself).</summary>
    private sealed record Expected(string Id, DiagnosticResult Result, string? MessageContaining);

    /// <summary>
    /// Markup spans and <see cref="ExpectedDiagnostic"/>s as the library's results: exact id, file and span, the message
    /// when asked. Severity and additional locations (the fix data) are not part of a test's expectation.
    /// </summary>
    private List<Expected> Expectations(ParsedInput input, IEnumerable<ExpectedDiagnostic> extra)
    {
        var results = new List<Expected>();
        var locations = new Dictionary<int, (string Path, ParsedMarkup Markup, TextSpan Span)>();
        foreach (var (path, markup) in input.All)
        {
            foreach (var span in markup.Spans)
            {
                if (!span.IsLocationKey)
                {
                    results.Add(new Expected(span.Tag ?? DefaultId(), At(Result(span.Tag ?? DefaultId()), path, markup, span.Span), null));
                }
                else if (!locations.TryAdd(span.LocationKey, (path, markup, span.Span)))
                {
                    throw new ArgumentException($"The markup location {{|#{span.LocationKey}:...|}} is defined twice.");
                }
            }
        }

        var used = new HashSet<int>();
        foreach (var expected in extra)
        {
            var result = Result(expected.Id);
            if (expected.LocationKey is { } key)
            {
                if (!locations.TryGetValue(key, out var location))
                {
                    throw new ArgumentException($"ExpectedDiagnostic {expected} refers to a markup location {{|#{key}:...|}} that no file defines.");
                }

                result = At(result, location.Path, location.Markup, location.Span);
                used.Add(key);
            }

            var message = expected.Message;
            if (expected.Arguments is { } arguments)
            {
                var descriptor = _analyzers.SelectMany(a => a.SupportedDiagnostics).FirstOrDefault(d => d.Id == expected.Id)
                    ?? throw new ArgumentException($"ExpectedDiagnostic {expected} has arguments, but no analyzer under test supports {expected.Id}.");
                var formatted = string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), arguments.ToArray());
                if (message is not null && message != formatted)
                {
                    throw new ArgumentException($"ExpectedDiagnostic {expected} has both a message and arguments that format differently.");
                }

                message = formatted;
            }

            results.Add(new Expected(expected.Id, message is null ? result : result.WithMessage(message), expected.MessageContaining));
        }

        var unused = locations.Keys.Where(key => !used.Contains(key)).Order().ToList();
        if (unused.Count > 0)
        {
            throw new ArgumentException($"The markup location {{|#{unused[0]}:...|}} is not used by any ExpectedDiagnostic.");
        }

        return results;

        static DiagnosticResult Result(string id) =>
            new DiagnosticResult(id, DiagnosticSeverity.Warning).WithOptions(DiagnosticOptions.IgnoreSeverity | DiagnosticOptions.IgnoreAdditionalLocations);

        static DiagnosticResult At(DiagnosticResult result, string path, ParsedMarkup markup, TextSpan span)
        {
            var lines = SourceText.From(markup.Text).Lines;
            return result.WithSpan(new FileLinePositionSpan(path, lines.GetLinePosition(span.Start), lines.GetLinePosition(span.End)));
        }
    }

    private static void CheckMessageContaining(Diagnostic actual, DiagnosticResult result, IVerifier verifier, IReadOnlyList<Expected> expected)
    {
        foreach (var entry in expected.Where(e => e.MessageContaining is not null && SameLocation(e.Result, result)))
        {
            var message = actual.GetMessage(CultureInfo.InvariantCulture);
            verifier.True(
                message.Contains(entry.MessageContaining!, StringComparison.Ordinal),
                $"Expected the message of {actual.Id} at {actual.Location.GetLineSpan()} to contain \"{entry.MessageContaining}\", but it is \"{message}\"");
        }
    }

    /// <summary>The library hands the verifier callback its own copy of a result: compare id and location.</summary>
    private static bool SameLocation(DiagnosticResult left, DiagnosticResult right) =>
        left.Id == right.Id
        && left.HasLocation == right.HasLocation
        && (!left.HasLocation || (left.Spans[0].Span.Path == right.Spans[0].Span.Path && left.Spans[0].Span.Span == right.Spans[0].Span.Span));

    private string DefaultId()
    {
        if (DefaultDiagnosticId is not null)
        {
            return DefaultDiagnosticId;
        }

        // The analyzer's own reports (TA0002, TA0004) are supported by every host and never what plain markup means.
        var ruleIds = _analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Where(id => !RuleIds.IsAboutTheAnalyzer(id)).ToList();
        if (ruleIds.Count != 1)
        {
            throw new InvalidOperationException(
                $"Markup [|...|] needs DefaultDiagnosticId (or {{|ID:...|}}): the analyzers support {string.Join(", ", ruleIds.Order())}.");
        }

        return ruleIds.Single();
    }

    /// <summary>
    /// The test input re-rendered with <c>{|ID:...|}</c> around what the analyzers actually report, to paste into the
    /// test (the library prints diagnostics as code, not as markup). Computed only when a test fails.
    /// </summary>
    private async Task<string> ActualAsMarkupAsync(ParsedInput input, CancellationToken cancellationToken)
    {
        try
        {
            var spec = new TestSolutionSpec(
                new[] { input.First, input.Second }.Where(project => project.Count > 0)
                    .Select(project => project.Select(file => new TestFile(file.Path, file.Markup.Text)).ToImmutableArray()).ToImmutableArray(),
                input.AdditionalFiles.Select(file => new TestFile(file.Path, file.Markup.Text)).ToImmutableArray(),
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
            var runner = new DiagnosticRunner(_analyzers) { AllowCompilerErrors = true, ExpectFailureReports = true };
            var diagnostics = await runner.AnalyzeAsync(spec.Build(), "the test input", cancellationToken).ConfigureAwait(false);
            var files = spec.ProjectSources.SelectMany(project => project).Concat(spec.AdditionalFiles).ToList();
            return new StringBuilder().AppendLine().AppendLine("Actual diagnostics on the test input as markup:").Append(MarkupPrinter.Render(files, diagnostics)).ToString();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return $"(the actual diagnostics could not be rendered as markup: {exception.Message})";
        }
    }

    private static string? NormalizeEditorConfig(string? text) =>
        text is null || Regex.IsMatch(text, @"^\s*\[", RegexOptions.Multiline) ? text : "root = true\n[*]\n" + text;

    private static string? NormalizeGlobalConfig(string? text) =>
        text is null || Regex.IsMatch(text, @"^\s*is_global\s*=", RegexOptions.Multiline) ? text : "is_global = true\n" + text;

    /// <summary>The library's C# code-fix test, with the analyzer and fixer instances of the test and the project's compilation options.</summary>
    private sealed class LibraryTest : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
    {
        private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
        private readonly CodeFixProvider? _codeFix;
        private readonly CSharpParseOptions _parseOptions;

        public LibraryTest(ImmutableArray<DiagnosticAnalyzer> analyzers, CodeFixProvider? codeFix, CSharpParseOptions parseOptions)
        {
            _analyzers = analyzers;
            _codeFix = codeFix;
            _parseOptions = parseOptions;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;

        protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => _codeFix is null ? [] : [_codeFix];

        protected override ParseOptions CreateParseOptions() => _parseOptions;

        /// <summary>
        /// As the IDE does (and as the verifier before the migration did): Fix All for the id of the diagnostic whose
        /// action was chosen. The library asks for every id the provider fixes, which would make "Fix all TA101"
        /// untestable apart from "fix everything this provider can".
        /// </summary>
        protected override FixAllContext CreateFixAllContext(
            Document? document,
            TextSpan? diagnosticSpan,
            Project project,
            CodeFixProvider codeFixProvider,
            FixAllScope scope,
            string? codeActionEquivalenceKey,
            IEnumerable<string> diagnosticIds,
            DiagnosticSeverity minimumSeverity,
            FixAllContext.DiagnosticProvider fixAllDiagnosticProvider,
            CancellationToken cancellationToken)
        {
            if (document is not null && diagnosticSpan is { } span)
            {
                var ids = diagnosticIds.ToHashSet(StringComparer.Ordinal);
                // The library's provider holds diagnostics it already computed: this completes synchronously.
                var chosen = fixAllDiagnosticProvider.GetDocumentDiagnosticsAsync(document, cancellationToken).GetAwaiter().GetResult()
                    .FirstOrDefault(d => d.Location.SourceSpan == span && ids.Contains(d.Id));
                if (chosen is not null)
                {
                    diagnosticIds = [chosen.Id];
                }
            }

            return base.CreateFixAllContext(
                document, diagnosticSpan, project, codeFixProvider, scope, codeActionEquivalenceKey, diagnosticIds, minimumSeverity, fixAllDiagnosticProvider, cancellationToken);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions())
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithAllowUnsafe(true);
    }
}
