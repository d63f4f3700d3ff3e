using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>
    /// Everything the package ships, found by reflection so that every rule added later is covered without editing
    /// these tests: the analyzers and their descriptors, the fixers, and the repository paths the tests check.
    /// </summary>
    internal static class ShippedRules
    {
        public const string AnalyzerAssemblyName = "TokenAnalyzers";
        public const string CodeFixAssemblyName = "TokenAnalyzers.CodeFixes";
        public const string HelpLinkPrefix = "https://github.com/tokenanalyzers/TokenAnalyzers/blob/main/docs/rules/";

        private static readonly Lazy<Assembly> analyzerAssembly = new(() => Assembly.Load(AnalyzerAssemblyName));
        private static readonly Lazy<Assembly> codeFixAssembly = new(() => Assembly.Load(CodeFixAssemblyName));
        private static readonly Lazy<string> repositoryRoot = new(FindRepositoryRoot);

        public static Assembly AnalyzerAssembly => analyzerAssembly.Value;

        public static Assembly CodeFixAssembly => codeFixAssembly.Value;

        /// <summary>The directory holding TokenAnalyzers.sln.</summary>
        public static string RepositoryRoot => repositoryRoot.Value;

        public static IReadOnlyList<Type> AnalyzerTypes => ConcreteSubtypes(AnalyzerAssembly, typeof(DiagnosticAnalyzer));

        /// <summary>The rule families, all hosted by the package's one analyzer.</summary>
        public static IReadOnlyList<Type> RuleTypes => ConcreteSubtypes(AnalyzerAssembly, typeof(Engine.TokenRule));

        public static IReadOnlyList<Type> CodeFixTypes => ConcreteSubtypes(CodeFixAssembly, typeof(CodeFixProvider));

        public static IReadOnlyList<(Type Analyzer, DiagnosticDescriptor Descriptor)> Descriptors =>
            RuleTypes
                .SelectMany(t => ((Engine.TokenRule)Activator.CreateInstance(t)!).SupportedDiagnostics.Select(d => (t, d)))
                .OrderBy(x => x.d.Id, StringComparer.Ordinal)
                .ToList();

        /// <summary>Every descriptor once (an id shared by two analyzers is reported by its own test).</summary>
        public static IReadOnlyList<DiagnosticDescriptor> UniqueDescriptors =>
            Descriptors.GroupBy(x => x.Descriptor.Id).Select(g => g.First().Descriptor).ToList();

        public static IReadOnlyList<CodeFixProvider> CodeFixes =>
            CodeFixTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToList();

        public static ImmutableHashSet<string> FixableIds =>
            CodeFixes.SelectMany(f => f.FixableDiagnosticIds).ToImmutableHashSet(StringComparer.Ordinal);

        /// <summary>Same format as RuleIds.HelpLink in the analyzer assembly.</summary>
        public static string ExpectedHelpLink(string id) => HelpLinkPrefix + id + ".md";

        /// <summary>The configuration this test assembly was built in; the src projects were built in the same one.</summary>
        public static string BuildConfiguration =>
            typeof(ShippedRules).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        public static string RepoPath(params string[] parts) => Path.Combine(new[] { RepositoryRoot }.Concat(parts).ToArray());

        private static IReadOnlyList<Type> ConcreteSubtypes(Assembly assembly, Type baseType)
        {
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types.Where(t => t is not null).ToArray()!;
            }

            return types
                .Where(t => t.IsClass && !t.IsAbstract && baseType.IsAssignableFrom(t))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TokenAnalyzers.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("TokenAnalyzers.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
