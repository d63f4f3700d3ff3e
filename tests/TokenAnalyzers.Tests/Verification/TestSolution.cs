using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>A file of a test solution: its path and its text (without markup).</summary>
internal sealed record TestFile(string Path, string Text);

/// <summary>
/// Everything needed to build a test solution. Project 0 holds the sources, the additional files and the config
/// files; the optional project 1 references project 0 and gets the same config files under <c>/1/</c>.
/// </summary>
internal sealed record TestSolutionSpec(
    ImmutableArray<ImmutableArray<TestFile>> ProjectSources,
    ImmutableArray<TestFile> AdditionalFiles,
    string? EditorConfig,
    string? GlobalConfig,
    OutputKind OutputKind,
    LanguageVersion LanguageVersion,
    ImmutableArray<string> PreprocessorSymbols,
    bool ReferenceTokenLibraries,
    ImmutableArray<string> ReferenceOverrides = default)
{
    public static string ProjectFolder(int projectIndex) => $"/{projectIndex}/";

    /// <summary>Replaces the default references (a test that compiles against another version of a library).</summary>
    public ImmutableArray<MetadataReference>? References { get; init; }

    /// <summary>Builds a fresh solution in a new workspace; every call returns an independent copy.</summary>
    public Solution Build()
    {
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var parseOptions = new CSharpParseOptions(LanguageVersion, DocumentationMode.Diagnose, SourceCodeKind.Regular, PreprocessorSymbols);
        var references = References ?? TestReferences.Override(ReferenceTokenLibraries ? TestReferences.All : TestReferences.WithoutTokenLibraries, ReferenceOverrides);

        ProjectId? previous = null;
        for (var index = 0; index < ProjectSources.Length; index++)
        {
            var name = index == 0 ? "TestProject" : $"TestProject{index}";
            var folder = ProjectFolder(index);
            var projectId = ProjectId.CreateNewId(name);
            var compilationOptions = new CSharpCompilationOptions(
                index == 0 ? OutputKind : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true);

            solution = solution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name,
                name,
                LanguageNames.CSharp,
                filePath: folder + name + ".csproj",
                compilationOptions: compilationOptions,
                parseOptions: parseOptions,
                metadataReferences: references,
                projectReferences: previous is null ? null : [new ProjectReference(previous)]));

            foreach (var file in ProjectSources[index])
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), FileName(file.Path), SourceText.From(file.Text), filePath: file.Path);
            }

            if (index == 0)
            {
                foreach (var file in AdditionalFiles)
                {
                    solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), FileName(file.Path), SourceText.From(file.Text), filePath: file.Path);
                }
            }

            if (EditorConfig is not null)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(EditorConfig), filePath: folder + ".editorconfig");
            }

            if (GlobalConfig is not null)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".globalconfig", SourceText.From(GlobalConfig), filePath: folder + ".globalconfig");
            }

            previous = projectId;
        }

        return solution;
    }

    /// <summary>
    /// The first project as a bare compilation and its analyzer options (additional files only), without a workspace.
    /// Compilations made this way share one reference manager per output kind, which makes analyzing thousands of
    /// small inputs (the reliability suite) about 40% cheaper than building a solution for each.
    /// </summary>
    public (Compilation Compilation, AnalyzerOptions Options) BuildCompilation()
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion, DocumentationMode.Diagnose, SourceCodeKind.Regular, PreprocessorSymbols);
        var own = References ?? (!ReferenceOverrides.IsDefaultOrEmpty
            ? TestReferences.Override(ReferenceTokenLibraries ? TestReferences.All : TestReferences.WithoutTokenLibraries, ReferenceOverrides)
            : null);
        var template = own is not null
            ? CSharpCompilation.Create("TestProject", references: own, options: new CSharpCompilationOptions(OutputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true))
            : SharedCompilations.GetOrAdd((OutputKind, ReferenceTokenLibraries), key => CSharpCompilation.Create(
            "TestProject",
            references: key.ReferenceTokenLibraries ? TestReferences.All : TestReferences.WithoutTokenLibraries,
            options: new CSharpCompilationOptions(key.OutputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true)));
        var trees = ProjectSources[0].Select(file => CSharpSyntaxTree.ParseText(SourceText.From(file.Text), parseOptions, file.Path));
        var additionalFiles = AdditionalFiles.Select(file => (AdditionalText)new InMemoryAdditionalText(file.Path, file.Text)).ToImmutableArray();
        return (template.AddSyntaxTrees(trees), new AnalyzerOptions(additionalFiles));
    }

    private static readonly ConcurrentDictionary<(OutputKind OutputKind, bool ReferenceTokenLibraries), CSharpCompilation> SharedCompilations = new();

    /// <summary>The same solution with other texts (by path); building it re-parses them from text.</summary>
    public TestSolutionSpec WithTexts(IReadOnlyDictionary<string, string> texts)
    {
        return this with
        {
            ProjectSources = ProjectSources.Select(project => project.Select(file => file with { Text = texts[file.Path] }).ToImmutableArray()).ToImmutableArray(),
            AdditionalFiles = AdditionalFiles.Select(file => file with { Text = texts[file.Path] }).ToImmutableArray(),
        };
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}

internal static class SolutionTexts
{
    /// <summary>The text of every source and additional document, by file path.</summary>
    public static async Task<Dictionary<string, string>> OfAsync(Solution solution, CancellationToken cancellationToken)
    {
        var texts = new Dictionary<string, string>();
        foreach (var project in solution.Projects)
        {
            foreach (var document in project.Documents.Concat(project.AdditionalDocuments))
            {
                texts[document.FilePath!] = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
            }
        }

        return texts;
    }

    public static bool AreEqual(Dictionary<string, string> left, Dictionary<string, string> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var text) && text == pair.Value);
}
