using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// A multi-targeted project is one workspace project per target framework (the IDE, <c>dotnet format</c>), all with
/// the same project file and each with its own references, and a fix edits the one file for all of them. Round W:
/// net8.0 with JwtBearer 7.0.11 beside net10.0 with 10.0.15; <c>dotnet format analyzers</c> inserted
/// <c>EnableAadSigningKeyIssuerValidation()</c>, right for net10.0, and TA302 then went silent on both targets while
/// the net8.0 build still accepts the consumer-key forgery (JwtBearerVersionKeyIssuerTests, 7.0.11).
/// </summary>
[Trait("Rule", "TA302")]
public class MultiTargetFixTests
{
    private const string Source = Usings + """
        class Startup
        {
            void Configure(JwtBearerOptions o)
            {
                o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
                o.Audience = "api://orders";
            }
        }
        """;

    [Theory]
    [InlineData("10.0.15", true, 1)]
    [InlineData("8.0.30", true, 1)]
    [InlineData("7.0.11", true, 0)]
    [InlineData("10.0.15", false, 0)]
    public async Task The_TA302_fix_is_offered_only_where_it_is_right_for_every_target_framework(string otherJwtBearer, bool otherHasValidators, int expectedActions)
    {
        var (document, diagnostic) = await FindingInNet10Async(otherJwtBearer, otherHasValidators);
        var provider = new EnableSigningKeyIssuerValidationCodeFixProvider();
        var actions = new List<CodeAction>();

        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));

        Assert.Equal(expectedActions, actions.Count);
    }

    [Fact]
    public async Task Fix_All_leaves_the_file_alone_beside_a_target_with_JwtBearer_before_8()
    {
        var (document, diagnostic) = await FindingInNet10Async("7.0.11", otherHasValidators: true);
        var provider = new EnableSigningKeyIssuerValidationCodeFixProvider();
        var context = new FixAllContext(
            document, provider, FixAllScope.Document, EnableSigningKeyIssuerValidationCodeFixProvider.EquivalenceKey, ImmutableHashSet.Create("TA302"),
            new SingleDiagnosticProvider(diagnostic), CancellationToken.None);

        var action = await provider.GetFixAllProvider().GetFixAsync(context);
        var text = action is null ? Source : (await (await CodeFixRunner.ApplyAsync(action, CancellationToken.None)).GetDocument(document.Id)!.GetTextAsync()).ToString();

        Assert.Equal(Source, text);
    }

    /// <summary>The one file in two targets of one project; the TA302 finding of the net10.0 compilation (JwtBearer 10.0.15, Validators 8.23.0).</summary>
    private static async Task<(Document Document, Diagnostic Diagnostic)> FindingInNet10Async(string otherJwtBearer, bool otherHasValidators)
    {
        var solution = new AdhocWorkspace().CurrentSolution;
        var net10 = AddTarget(ref solution, "net10.0", TestReferences.Override(TestReferences.All, [TestReferences.JwtBearer("10.0.15")]));
        var other = TestReferences.Override(TestReferences.All, [TestReferences.JwtBearer(otherJwtBearer)]);
        if (!otherHasValidators)
        {
            other = other.RemoveAll(reference => Path.GetFileName(((PortableExecutableReference)reference).FilePath) == "Microsoft.IdentityModel.Validators.dll");
        }

        AddTarget(ref solution, "net8.0", other);
        var project = solution.GetProject(net10)!;
        var compilation = await project.GetCompilationAsync() ?? throw new InvalidOperationException("no compilation");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TokenValidationAnalyzer(new SigningKeyIssuerRule())))
            .GetAnalyzerDiagnosticsAsync();
        return (project.Documents.Single(), diagnostics.Single(d => d.Id == "TA302"));
    }

    private static ProjectId AddTarget(ref Solution solution, string framework, ImmutableArray<MetadataReference> references)
    {
        var id = ProjectId.CreateNewId();
        solution = solution
            .AddProject(ProjectInfo.Create(
                id, VersionStamp.Default, $"App({framework})", "App", LanguageNames.CSharp, filePath: "/src/App/App.csproj",
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
                metadataReferences: references))
            .AddDocument(DocumentId.CreateNewId(id), "Startup.cs", SourceText.From(Source), filePath: "/src/App/Startup.cs");
        return id;
    }

    /// <summary>Hands Fix All the one finding, as the IDE does from its diagnostic list.</summary>
    private sealed class SingleDiagnosticProvider(Diagnostic diagnostic) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([diagnostic]);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([]);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([diagnostic]);
    }
}
