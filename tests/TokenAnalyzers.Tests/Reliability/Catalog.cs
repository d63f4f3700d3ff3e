using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.CodeFixes;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// Everything the package ships, found by reflection, so a rule added on any branch is covered the moment it lands:
/// every <see cref="DiagnosticAnalyzerAttribute"/> analyzer of TokenAnalyzers and every
/// <see cref="ExportCodeFixProviderAttribute"/> provider of TokenAnalyzers.CodeFixes.
/// </summary>
internal static class Catalog
{
    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);

    public static Assembly AnalyzerAssembly => typeof(RuleIds).Assembly;

    public static Assembly CodeFixAssembly => typeof(RemoveAssignmentCodeFixProvider).Assembly;

    /// <summary>Fresh instances of every analyzer, ordered by type name.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers() =>
        Instances<DiagnosticAnalyzer>(AnalyzerAssembly, type => type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any());

    /// <summary>Fresh instances of every code fix provider, ordered by type name.</summary>
    public static ImmutableArray<CodeFixProvider> CodeFixes() =>
        Instances<CodeFixProvider>(CodeFixAssembly, type => type.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any());

    /// <summary>The folder holding TokenAnalyzers.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    private static ImmutableArray<T> Instances<T>(Assembly assembly, Func<Type, bool> exported)
    {
        return assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(T).IsAssignableFrom(type) && exported(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (T)Activator.CreateInstance(type)!)
            .ToImmutableArray();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TokenAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"TokenAnalyzers.sln not found above {AppContext.BaseDirectory}.");
    }
}
