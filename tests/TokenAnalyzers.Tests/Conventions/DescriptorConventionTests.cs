using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>The contract of RULES.md for every descriptor: id shape, category, default severity, help link.</summary>
    public class DescriptorConventionTests
    {
        private static readonly Regex IdPattern = new(@"^TA[1-5]\d\d$", RegexOptions.CultureInvariant);

        [Fact]
        public void Every_analyzer_is_a_public_sealed_CSharp_analyzer_in_the_Rules_namespace_with_descriptors()
        {
            var failures = new List<string>();
            foreach (var type in ShippedRules.AnalyzerTypes)
            {
                if (!type.IsPublic || !type.IsSealed)
                {
                    failures.Add($"{type.FullName}: must be public sealed");
                }

                if (type.Namespace != "TokenAnalyzers.Rules")
                {
                    failures.Add($"{type.FullName}: must be in namespace TokenAnalyzers.Rules");
                }

                var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
                if (attribute is null || !attribute.Languages.Contains(LanguageNames.CSharp))
                {
                    failures.Add($"{type.FullName}: needs [DiagnosticAnalyzer(LanguageNames.CSharp)]");
                }

                var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                if (analyzer.SupportedDiagnostics.IsDefaultOrEmpty)
                {
                    failures.Add($"{type.FullName}: supports no diagnostics");
                }
            }

            AssertNoFailures(failures);
        }

        [Fact]
        public void Every_descriptor_follows_the_rule_contract()
        {
            var failures = new List<string>();
            foreach (var (analyzer, d) in ShippedRules.Descriptors)
            {
                var where = $"{d.Id} ({analyzer.Name})";
                if (!IdPattern.IsMatch(d.Id))
                {
                    failures.Add($"{where}: id must match {IdPattern}");
                }

                if (d.Category != "Security")
                {
                    failures.Add($"{where}: category is '{d.Category}', expected 'Security'");
                }

                if (!d.IsEnabledByDefault)
                {
                    failures.Add($"{where}: must be enabled by default");
                }

                if (d.DefaultSeverity != DiagnosticSeverity.Warning)
                {
                    failures.Add($"{where}: default severity is {d.DefaultSeverity}, expected Warning");
                }

                if (string.IsNullOrWhiteSpace(d.Title.ToString()))
                {
                    failures.Add($"{where}: empty title");
                }

                if (string.IsNullOrWhiteSpace(d.MessageFormat.ToString()))
                {
                    failures.Add($"{where}: empty message format");
                }

                if (d.HelpLinkUri != ShippedRules.ExpectedHelpLink(d.Id))
                {
                    failures.Add($"{where}: help link is '{d.HelpLinkUri}', expected '{ShippedRules.ExpectedHelpLink(d.Id)}'");
                }
            }

            AssertNoFailures(failures);
        }

        [Fact]
        public void Every_id_belongs_to_one_analyzer_only()
        {
            var shared = ShippedRules.Descriptors
                .GroupBy(x => x.Descriptor.Id)
                .Where(g => g.Select(x => x.Analyzer).Distinct().Count() > 1)
                .Select(g => $"{g.Key}: declared by {string.Join(", ", g.Select(x => x.Analyzer.Name).Distinct())}")
                .ToList();

            AssertNoFailures(shared);
        }

        [Fact]
        public void RuleIds_HelpLink_uses_the_documented_format()
        {
            // RuleIds is the one place that builds help links; the descriptor test above compares with this format.
            var ruleIds = ShippedRules.AnalyzerAssembly.GetType("TokenAnalyzers.RuleIds");
            if (ruleIds is null)
            {
                Assert.Empty(ShippedRules.Descriptors); // no rules yet, nothing to link
                return;
            }

            var helpLink = ruleIds.GetMethod("HelpLink", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, new[] { typeof(string) });
            Assert.NotNull(helpLink);
            Assert.Equal(ShippedRules.ExpectedHelpLink("TA101"), helpLink!.Invoke(null, new object[] { "TA101" }));
        }

        internal static void AssertNoFailures(IReadOnlyCollection<string> failures)
        {
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }
    }
}
