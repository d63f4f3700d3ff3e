using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Cli
{
    /// <summary>
    /// The analyzers and code fixes of the TokenAnalyzers package, found in its two assemblies the way a host finds
    /// them (the attributes), so a rule or fixer added to the package is in the tool without touching it. Only these
    /// run: the analyzers a scanned project references itself are not (source generators still run, so the
    /// compilation is the one a build sees).
    /// </summary>
    internal sealed class PackageRules
    {
        private PackageRules(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers)
        {
            Analyzers = analyzers;
            Fixers = fixers;
            Descriptors = analyzers.SelectMany(a => a.SupportedDiagnostics)
                .GroupBy(d => d.Id)
                .Select(g => g.First())
                .OrderBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        public ImmutableArray<CodeFixProvider> Fixers { get; }

        /// <summary>Every descriptor, by id (the build's descriptors: title, help link, tags).</summary>
        public ImmutableArray<DiagnosticDescriptor> Descriptors { get; }

        public static PackageRules Load()
        {
            var analyzerAssembly = typeof(TokenValidationAnalyzer).Assembly;
            var fixAssembly = typeof(TokenAnalyzers.CodeFixes.RemoveAssignmentCodeFixProvider).Assembly;
            var analyzers = Instances<DiagnosticAnalyzer>(analyzerAssembly, t => t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)));
            var fixers = Instances<CodeFixProvider>(fixAssembly, t => t.GetCustomAttributes<ExportCodeFixProviderAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp)));
            return new PackageRules(analyzers, fixers);
        }

        public DiagnosticDescriptor? Descriptor(string id) => Descriptors.FirstOrDefault(d => d.Id == id);

        /// <summary>The fixers that offer a fix for <paramref name="id"/>.</summary>
        public IEnumerable<CodeFixProvider> FixersFor(string id) => Fixers.Where(f => f.FixableDiagnosticIds.Contains(id));

        public bool HasFix(string id) => Fixers.Any(f => f.FixableDiagnosticIds.Contains(id));

        private static ImmutableArray<T> Instances<T>(Assembly assembly, Func<Type, bool> exported)
            where T : class =>
            assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && exported(t) && t.GetConstructor(Type.EmptyTypes) is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (T)Activator.CreateInstance(t)!)
                .ToImmutableArray();
    }
}
