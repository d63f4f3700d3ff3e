using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Benchmarks;

/// <summary>The analyzer sets a run compares.</summary>
internal static class AnalyzerSets
{
    public static readonly ImmutableArray<string> PeerIds = ImmutableArray.Create("CA5404", "CA5405");

    /// <summary>Every concrete analyzer of the TokenAnalyzers assembly, found by reflection (new rules join by themselves).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> TokenAnalyzers() =>
        typeof(global::TokenAnalyzers.RuleIds).Assembly.GetTypes()
            .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract &&
                           type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

    public static ImmutableHashSet<string> SupportedIds(IEnumerable<DiagnosticAnalyzer> analyzers) =>
        analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);

    public static ImmutableArray<DiagnosticAnalyzer> Empty() => ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());

    /// <summary>
    /// The analyzers of the installed SDK's NetAnalyzers that own CA5404 or CA5405. The caller enables exactly those
    /// two ids (they are off by default) and suppresses everything else these analyzers support.
    /// </summary>
    public static (ImmutableArray<DiagnosticAnalyzer> Analyzers, string Directory) Peer(string? directory)
    {
        directory ??= FindNetAnalyzersDirectory();
        var loader = new DefaultContextLoader(directory);
        var analyzers = new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" }
            .Select(name => Path.Combine(directory, name))
            .SelectMany(path => new AnalyzerFileReference(path, loader).GetAnalyzers(LanguageNames.CSharp))
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(d => PeerIds.Contains(d.Id)))
            .ToImmutableArray();
        var found = SupportedIds(analyzers);
        if (!PeerIds.All(found.Contains))
        {
            throw new InvalidOperationException($"{directory} has no analyzer for {string.Join(" and ", PeerIds.Where(id => !found.Contains(id)))}.");
        }

        return (analyzers, directory);
    }

    /// <summary>dotnet root (the parent of shared/Microsoft.NETCore.App/x.y.z) / sdk / newest / Sdks/Microsoft.NET.Sdk/analyzers.</summary>
    private static string FindNetAnalyzersDirectory()
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            roots.Add(dotnetRoot);
        }

        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        roots.Add(Path.GetFullPath(Path.Combine(runtime, "..", "..", "..")));
        foreach (var root in roots)
        {
            var sdk = Path.Combine(root, "sdk");
            if (!Directory.Exists(sdk))
            {
                continue;
            }

            var newest = Directory.GetDirectories(sdk)
                .Select(path => (Path: path, Version: Version.TryParse(Path.GetFileName(path).Split('-')[0], out var v) ? v : null))
                .Where(x => x.Version is not null && File.Exists(Path.Combine(x.Path, "Sdks", "Microsoft.NET.Sdk", "analyzers", "Microsoft.CodeAnalysis.NetAnalyzers.dll")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Path)
                .FirstOrDefault();
            if (newest is not null)
            {
                return Path.Combine(newest, "Sdks", "Microsoft.NET.Sdk", "analyzers");
            }
        }

        throw new InvalidOperationException("No SDK with NetAnalyzers found under " + string.Join(", ", roots) + "; pass --netanalyzers DIR.");
    }

    /// <summary>Loads the SDK's analyzer assemblies into the default context, next to this process's Roslyn.</summary>
    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        private readonly string _directory;

        public DefaultContextLoader(string directory)
        {
            _directory = directory;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                var candidate = Path.Combine(_directory, name.Name + ".dll");
                return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
            };
        }

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}

/// <summary>
/// The frame of the benchmark's own analyzers: one descriptor, generated code analyzed, concurrent execution, and
/// whatever <see cref="Register"/> adds.
/// </summary>
internal abstract class BenchmarkAnalyzer : DiagnosticAnalyzer
{
    protected BenchmarkAnalyzer(string id, string title) =>
        SupportedDiagnostics = ImmutableArray.Create(new DiagnosticDescriptor(id, title, title, "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true));

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        Register(context);
    }

    protected abstract void Register(AnalysisContext context);
}

/// <summary>The floor: an analyzer that registers nothing. What any analyzer costs is measured against it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyAnalyzer() : BenchmarkAnalyzer("BENCH000", "Empty")
{
    protected override void Register(AnalysisContext context)
    {
    }
}

/// <summary>
/// The scale series' binding floor: one semantic-model action that asks for the operation tree of every member body
/// and initializer, as every operation-based analyzer of a build makes the driver do (the SDK's own analyzers among
/// them). Its time is the compiler binding the code, which the first analyzer to ask pays and the others share.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BindingAnalyzer() : BenchmarkAnalyzer("BENCH003", "Binding")
{
    protected override void Register(AnalysisContext context) => context.RegisterSemanticModelAction(model =>
    {
        foreach (var node in model.SemanticModel.SyntaxTree.GetRoot(model.CancellationToken).DescendantNodes())
        {
            if (node is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.EqualsValueClauseSyntax)
            {
                model.SemanticModel.GetOperation(node, model.CancellationToken);
            }
        }
    });
}
