using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>
    /// Every fixer is exported for C#, is not a MEF [Shared] part, supports Fix All and fixes only ids the package reports.
    /// No [Shared]: hosts create the fixers of an analyzer package by reflection, and the attribute (System.Composition
    /// .AttributedModel) made the DLL reference 7.0.0.0 where Roslyn 4.5 hosts ship 6.0 (tests/TokenAnalyzers.RoslynHost.Tests).
    /// </summary>
    [Trait("Rule", "All")]
    public class CodeFixConventionTests
    {
        [Fact]
        public void Every_fixer_is_exported_not_mef_shared_and_supports_fix_all()
        {
            var ids = ShippedRules.UniqueDescriptors.Select(d => d.Id).ToHashSet();
            var failures = new List<string>();
            foreach (var type in ShippedRules.CodeFixTypes)
            {
                var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                if (export is null || !export.Languages.Contains(LanguageNames.CSharp) || string.IsNullOrWhiteSpace(export.Name))
                {
                    failures.Add($"{type.FullName}: needs [ExportCodeFixProvider(LanguageNames.CSharp, Name = ...)]");
                }

                if (type.GetCustomAttributes().Any(a => a.GetType().FullName == "System.Composition.SharedAttribute"))
                {
                    failures.Add($"{type.FullName}: [Shared] makes the DLL reference System.Composition.AttributedModel, newer than Roslyn 4.5 hosts ship");
                }

                var fixer = (CodeFixProvider)System.Activator.CreateInstance(type)!;
                if (fixer.GetFixAllProvider() is null)
                {
                    failures.Add($"{type.FullName}: GetFixAllProvider() returns null");
                }

                if (fixer.FixableDiagnosticIds.IsDefaultOrEmpty)
                {
                    failures.Add($"{type.FullName}: fixes no diagnostic");
                }
                else
                {
                    failures.AddRange(fixer.FixableDiagnosticIds.Where(id => !ids.Contains(id))
                        .Select(id => $"{type.FullName}: fixes {id}, which no analyzer reports"));
                }
            }

            DescriptorConventionTests.AssertNoFailures(failures);
        }
    }
}
