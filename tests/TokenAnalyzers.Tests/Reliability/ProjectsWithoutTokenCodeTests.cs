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
    public async Task A_configuration_file_alone_starts_the_rules_that_read_it()
    {
        var actions = await ActionsRegisteredAsync(TestReferences.WithoutTokenLibraries, [new InMemoryAdditionalText("/0/appsettings.Production.json", "{}")]);

        Assert.True(actions > 0, "appsettings.Production.json alone registered no action");
    }

    /// <summary>The actions the analyzer registered, beyond its compilation start, in one analysis of the project.</summary>
    private static async Task<int> ActionsRegisteredAsync(ImmutableArray<MetadataReference> references, ImmutableArray<AdditionalText> additionalFiles)
    {
        var compilation = CSharpCompilation.Create(
            "Project",
            [CSharpSyntaxTree.ParseText(Source, path: "/0/C.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzer = new TokenValidationAnalyzer();
        var withAnalyzers = compilation.WithAnalyzers(
            [analyzer],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(additionalFiles), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.Empty(diagnostics);

        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        Assert.Equal(1, telemetry.CompilationStartActionsCount);
        return telemetry.CompilationActionsCount + telemetry.CompilationEndActionsCount + telemetry.SemanticModelActionsCount +
            telemetry.SyntaxTreeActionsCount + telemetry.AdditionalFileActionsCount + telemetry.SyntaxNodeActionsCount +
            telemetry.SymbolActionsCount + telemetry.OperationActionsCount + telemetry.CodeBlockActionsCount;
    }
}
