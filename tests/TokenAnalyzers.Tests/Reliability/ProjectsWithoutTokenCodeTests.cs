using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// Most projects that reference the package have no token code: no token library and no appsettings*.json. The
/// analyzer then registers no action past its compilation start, so the compiler calls none of the rules' code
/// (issue 22). Counted with the compiler's own telemetry, not timed.
/// </summary>
[Trait("Rule", "All")]
public class ProjectsWithoutTokenCodeTests
{
    private const string Source = "class C { void M() { var x = new object(); x.ToString(); } }";

    [Fact]
    public async Task Without_a_token_library_or_a_configuration_file_no_action_is_registered()
    {
        var actions = await ActionsRegisteredAsync(TestReferences.WithoutTokenLibraries, []);

        Assert.Equal(0, actions);
    }

    [Theory]
    [InlineData("Microsoft.IdentityModel.Tokens.dll")]
    [InlineData("JWT.dll")]
    [InlineData("jose-jwt.dll")]
    public async Task Each_token_library_alone_starts_the_rules(string library)
    {
        var reference = TestReferences.All.Single(r => Path.GetFileName(((PortableExecutableReference)r).FilePath) == library);

        var actions = await ActionsRegisteredAsync(TestReferences.WithoutTokenLibraries.Add(reference), []);

        Assert.True(actions > 0, $"{library} alone registered no action");
    }

    [Fact]
    public async Task A_configuration_file_alone_starts_the_rules_that_read_it_and_builds_no_other()
    {
        var analyzer = new TokenValidationAnalyzer();

        var actions = await ActionsRegisteredAsync(analyzer, TestReferences.WithoutTokenLibraries, [AppSettings], expectedIds: ["TA501"]);

        Assert.True(actions > 0, "appsettings.Production.json alone registered no action");
        Assert.False(analyzer.BuiltAllRules, "a project without a token library built every rule");
    }

    [Fact]
    public async Task A_token_library_builds_every_rule()
    {
        var analyzer = new TokenValidationAnalyzer();

        await ActionsRegisteredAsync(analyzer, TestReferences.All, [AppSettings], expectedIds: ["TA501"]);

        Assert.True(analyzer.BuiltAllRules);
    }

    /// <summary>
    /// The rules a project without a token library builds are those that say they need none, and each says so
    /// truly: started on its own in such a project with a configuration file that every TA5xx rule reads, a rule
    /// that needs a library registers nothing, and one that does not registers something.
    /// </summary>
    [Fact]
    public async Task Only_the_rules_that_register_something_without_a_library_are_built_without_one()
    {
        var failures = new List<string>();
        foreach (var rule in TokenValidationAnalyzer.AllRules())
        {
            var actions = await ActionsRegisteredAsync(new StartedWithoutLibrary(rule), TestReferences.WithoutTokenLibraries, [AppSettings], expectedIds: null);
            if ((actions > 0) == rule.NeedsTokenLibrary)
            {
                failures.Add($"{rule.Name}: NeedsTokenLibrary is {rule.NeedsTokenLibrary}, and without a library it registered {actions} action(s)");
            }
        }

        var withoutLibrary = TokenValidationAnalyzer.RulesWithoutLibrary().Select(rule => rule.GetType().Name);
        var declared = TokenValidationAnalyzer.AllRules().Where(rule => !rule.NeedsTokenLibrary).Select(rule => rule.GetType().Name);
        Assert.Empty(failures);
        Assert.Equal(declared.OrderBy(name => name), withoutLibrary.OrderBy(name => name));
    }

    /// <summary>Every section the TA5xx rules read, with values they report when code reads them (TA501 needs no code).</summary>
    private static readonly InMemoryAdditionalText AppSettings = new(
        "/0/appsettings.Production.json",
        """
        {
          "Jwt": { "Key": "a-signing-key-committed-in-the-configuration-file", "ValidateIssuer": false },
          "AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "common" },
          "Authentication": { "Schemes": { "Bearer": { "ValidateAudience": false } } }
        }
        """);

    /// <summary>One rule's compilation start, as the analyzer runs it for a project without a token library.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class StartedWithoutLibrary(Engine.TokenRule rule) : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => rule.SupportedDiagnostics;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var ruleStart = new Engine.RuleStart(start);
                rule.Start(ruleStart, symbols: null);
                if (ruleStart.HasNodeActions)
                {
                    start.RegisterSemanticModelAction(_ => { }); // stands for the scanner the analyzer would register
                }
            });
        }
    }

    /// <summary>The actions the analyzer registered, beyond its compilation start, in one analysis of the project (which finds nothing).</summary>
    private static Task<int> ActionsRegisteredAsync(ImmutableArray<MetadataReference> references, ImmutableArray<AdditionalText> additionalFiles) =>
        ActionsRegisteredAsync(new TokenValidationAnalyzer(), references, additionalFiles, expectedIds: []);

    /// <summary>The same for any analyzer, which must not fail; <paramref name="expectedIds"/>: the ids of its findings (null: not checked).</summary>
    private static async Task<int> ActionsRegisteredAsync(DiagnosticAnalyzer analyzer, ImmutableArray<MetadataReference> references, ImmutableArray<AdditionalText> additionalFiles, string[]? expectedIds)
    {
        var compilation = CSharpCompilation.Create(
            "Project",
            [CSharpSyntaxTree.ParseText(Source, path: "/0/C.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withAnalyzers = compilation.WithAnalyzers(
            [analyzer],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(additionalFiles), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "TA0002"); // a start that throws registers nothing too
        if (expectedIds is not null)
        {
            Assert.Equal(expectedIds, diagnostics.Select(d => d.Id).Distinct().Order());
        }

        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        Assert.Equal(1, telemetry.CompilationStartActionsCount);
        return telemetry.CompilationActionsCount + telemetry.CompilationEndActionsCount + telemetry.SemanticModelActionsCount +
            telemetry.SyntaxTreeActionsCount + telemetry.AdditionalFileActionsCount + telemetry.SyntaxNodeActionsCount +
            telemetry.SymbolActionsCount + telemetry.OperationActionsCount + telemetry.CodeBlockActionsCount;
    }
}
