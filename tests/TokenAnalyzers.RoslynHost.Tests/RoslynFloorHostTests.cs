using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.RoslynHost.Tests;

/// <summary>
/// The package's DLLs in a host built on the oldest Roslyn the package supports (Roslyn and Workspaces 4.5.0): they
/// reference nothing newer than that host ships, load through an analyzer loader, report, and their fix applies alone
/// and through Fix All.
/// </summary>
[Trait("Rule", "All")]
public class RoslynFloorHostTests
{
    private const string AnalyzerDll = "TokenAnalyzers.dll";
    private const string CodeFixDll = "TokenAnalyzers.CodeFixes.dll";

    /// <summary>
    /// The newest version of each assembly the package's DLLs may reference: what Microsoft.CodeAnalysis.CSharp.Workspaces
    /// 4.5.0 ships and depends on (its nuspec: System.Collections.Immutable 6.0.0, System.Reflection.Metadata 6.0.1,
    /// System.Composition 6.0.0). A host built on it (an IDE or dotnet format of that time) has these versions loaded;
    /// a reference to a newer one (e.g. System.Composition.AttributedModel 7.0.0.0, which [Shared] brought in) fails
    /// to resolve there.
    /// </summary>
    private static readonly Dictionary<string, Version> FloorHost = new(StringComparer.Ordinal)
    {
        ["netstandard"] = new(2, 0, 0, 0),
        ["Microsoft.CodeAnalysis"] = new(4, 5, 0, 0),
        ["Microsoft.CodeAnalysis.CSharp"] = new(4, 5, 0, 0),
        ["Microsoft.CodeAnalysis.Workspaces"] = new(4, 5, 0, 0),
        ["Microsoft.CodeAnalysis.CSharp.Workspaces"] = new(4, 5, 0, 0),
        ["System.Collections.Immutable"] = new(6, 0, 0, 0),
        ["System.Reflection.Metadata"] = new(6, 0, 0, 0),
        ["System.Composition.AttributedModel"] = new(6, 0, 0, 0),
        ["System.Composition.Runtime"] = new(6, 0, 0, 0),
        ["System.Composition.Hosting"] = new(6, 0, 0, 0),
        ["System.Composition.TypedParts"] = new(6, 0, 0, 0),
        ["System.Composition.Convention"] = new(6, 0, 0, 0),
    };

    private const string Source = """
        using Microsoft.IdentityModel.Tokens;

        public class C
        {
            public TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                ValidateIssuer = false,
            };
        }
        """;

    private static string PackageFolder => typeof(RoslynFloorHostTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PackageFolder").Value!;

    [Fact]
    public void The_host_is_Roslyn_4_5()
    {
        Assert.Equal(new Version(4, 5, 0, 0), typeof(Compilation).Assembly.GetName().Version);
        Assert.Equal(new Version(4, 5, 0, 0), typeof(Workspace).Assembly.GetName().Version);
    }

    [Theory]
    [InlineData(AnalyzerDll)]
    [InlineData(CodeFixDll)]
    public void The_dll_references_nothing_newer_than_the_Roslyn_4_5_host_ships(string dll)
    {
        using var reader = new PEReader(File.OpenRead(Path.Combine(PackageFolder, dll)));
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        var failures = new List<string>();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            var name = metadata.GetString(reference.Name);
            if (name == "TokenAnalyzers")
            {
                continue; // the package's own analyzer DLL, shipped beside it
            }

            if (!FloorHost.TryGetValue(name, out var newest))
            {
                failures.Add($"{name} {reference.Version}: not shipped by a Roslyn 4.5 host");
            }
            else if (reference.Version > newest)
            {
                failures.Add($"{name} {reference.Version}: the Roslyn 4.5 host ships {newest}");
            }
        }

        Assert.True(failures.Count == 0, $"{dll} references: {string.Join("; ", failures)}");
    }

    [Fact]
    public async Task The_dlls_load_report_and_fix_alone_and_through_Fix_All()
    {
        var loader = new PackageLoader(PackageFolder);
        var reference = new AnalyzerFileReference(Path.Combine(PackageFolder, AnalyzerDll), loader);
        var loadErrors = new List<string>();
        reference.AnalyzerLoadFailed += (_, e) => loadErrors.Add($"{e.ErrorCode}: {e.Message} {e.Exception}");
        var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        Assert.Empty(loadErrors);
        Assert.NotEmpty(analyzers);

        // As a host finds the fixers of an analyzer package: exported C# CodeFixProvider types, created by reflection.
        var fixers = loader.LoadFromPath(Path.Combine(PackageFolder, CodeFixDll)).GetTypes()
            .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type))
            .Where(type => type.GetCustomAttribute<ExportCodeFixProviderAttribute>()?.Languages.Contains(LanguageNames.CSharp) == true)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToList();
        var fixer = Assert.Single(fixers, f => f.FixableDiagnosticIds.Contains("TA101"));

        using var workspace = new AdhocWorkspace();
        var document = workspace.CurrentSolution
            .AddProject("Consumer", "Consumer", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithMetadataReferences(HostReferences())
            .AddDocument("Validation.cs", SourceText.From(Source), filePath: "/Consumer/Validation.cs");
        var diagnostics = await AnalyzeAsync(document.Project, analyzers);
        var finding = Assert.Single(diagnostics, d => d.Id == "TA101");
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "TA0002");

        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
        var single = Assert.Single(actions);
        var fixedAlone = await TextAfterAsync(single, document.Id);
        Assert.DoesNotContain("ValidateIssuer = false", fixedAlone);
        Assert.Contains("ValidIssuer = \"https://issuer.example.com\"", fixedAlone);

        var fixAll = fixer.GetFixAllProvider()!;
        var context = new FixAllContext(
            document, fixer, FixAllScope.Solution, single.EquivalenceKey, ["TA101"], new Diagnostics(diagnostics), CancellationToken.None);
        var fixedAll = await TextAfterAsync((await fixAll.GetFixAsync(context))!, document.Id);
        Assert.Equal(fixedAlone, fixedAll);

        // The fixed code compiles and no longer reports.
        var after = document.WithText(SourceText.From(fixedAll)).Project;
        var compilation = (await after.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(await AnalyzeAsync(after, analyzers), d => d.Id == "TA101");
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAllDiagnosticsAsync();
    }

    private static async Task<string> TextAfterAsync(CodeAction action, DocumentId documentId)
    {
        var operation = Assert.Single((await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>());
        return (await operation.ChangedSolution.GetDocument(documentId)!.GetTextAsync()).ToString();
    }

    /// <summary>The BCL and the real Microsoft.IdentityModel.Tokens of this test host, for the analyzed input.</summary>
    private static IEnumerable<MetadataReference> HostReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));

    /// <summary>
    /// Loads the package's DLLs in a context of their own, as Roslyn's analyzer loader does: assemblies in the package
    /// folder from there, everything else (Roslyn, System.Collections.Immutable, System.Composition) from the host.
    /// </summary>
    private sealed class PackageLoader(string folder) : AssemblyLoadContext("TokenAnalyzers package"), IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => LoadFromAssemblyPath(fullPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    private sealed class Diagnostics(ImmutableArray<Diagnostic> all) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(all);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(all.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(all.Where(d => !d.Location.IsInSource));
    }
}
