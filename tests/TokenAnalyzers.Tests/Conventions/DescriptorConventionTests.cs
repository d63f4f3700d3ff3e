using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>The contract of RULES.md for every descriptor: id shape, category, default severity, help link.</summary>
    [Trait("Rule", "TA101")]
    [Trait("Rule", "TA601")]
    public class DescriptorConventionTests
    {
        private static readonly Regex IdPattern = new(@"^TA[1-6]\d\d$", RegexOptions.CultureInvariant);

        [Fact]
        public void The_package_ships_one_CSharp_analyzer_that_hosts_every_rule_family_once()
        {
            var failures = new List<string>();
            var analyzerTypes = ShippedRules.AnalyzerTypes;
            if (analyzerTypes.Count != 1 || analyzerTypes[0] != typeof(TokenValidationAnalyzer))
            {
                failures.Add($"expected one analyzer, TokenValidationAnalyzer; found {string.Join(", ", analyzerTypes.Select(t => t.Name))}");
            }

            var attribute = typeof(TokenValidationAnalyzer).GetCustomAttribute<DiagnosticAnalyzerAttribute>();
            if (attribute is null || !attribute.Languages.Contains(LanguageNames.CSharp))
            {
                failures.Add("TokenValidationAnalyzer needs [DiagnosticAnalyzer(LanguageNames.CSharp)]");
            }

            var hosted = TokenValidationAnalyzer.AllRules().Select(rule => rule.GetType()).ToList();
            foreach (var type in ShippedRules.RuleTypes)
            {
                if (type.IsPublic || !type.IsSealed || type.Namespace != "TokenAnalyzers.Rules" || !type.Name.EndsWith("Rule", StringComparison.Ordinal))
                {
                    failures.Add($"{type.FullName}: must be an internal sealed class named ...Rule in namespace TokenAnalyzers.Rules");
                }

                if (hosted.Count(t => t == type) != 1)
                {
                    failures.Add($"{type.FullName}: must be in TokenValidationAnalyzer.AllRules() exactly once");
                }

                if (((Engine.TokenRule)Activator.CreateInstance(type)!).SupportedDiagnostics.IsDefaultOrEmpty)
                {
                    failures.Add($"{type.FullName}: supports no diagnostics");
                }
            }

            // The host lists its descriptors without building a rule (RuleDescriptors.All): exactly the ones the hosted
            // rules declare and the analyzer's own reports (TA0002, TA0003, TA0004), one per id.
            var host = new TokenValidationAnalyzer().SupportedDiagnostics;
            var declared = TokenValidationAnalyzer.AllRules().SelectMany(rule => rule.SupportedDiagnostics)
                .Append(Engine.RuleFailures.CouldNotAnalyze).Append(Engine.OptionValidation.InvalidOption).Append(Engine.ConfigurationReadFailures.CouldNotReadConfiguration)
                .ToHashSet();
            var missing = declared.Except(host).Select(d => d.Id).ToList();
            var undeclared = host.Except(declared).Select(d => d.Id).ToList();
            var twice = host.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList(); // one descriptor per id
            if (missing.Count + undeclared.Count + twice.Count > 0)
            {
                failures.Add($"TokenValidationAnalyzer.SupportedDiagnostics: missing [{string.Join(" ", missing)}], declared by no rule [{string.Join(" ", undeclared)}], listed twice [{string.Join(" ", twice)}]");
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
        public void Every_rule_is_tagged_security_with_the_weaknesses_its_page_names()
        {
            // Code scanning (GitHub, Azure DevOps) files a SARIF result as a security finding by these tags; the CWE
            // numbers must be those of the rule page's header row, in the same order, main weakness first.
            var failures = new List<string>();
            foreach (var d in ShippedRules.UniqueDescriptors)
            {
                var tags = d.CustomTags.ToList();
                if (!tags.Contains("security"))
                {
                    failures.Add($"{d.Id}: no 'security' tag");
                }

                var tagged = tags.Where(t => t.StartsWith("external/cwe/cwe-", StringComparison.Ordinal)).Select(t => t.Substring("external/cwe/cwe-".Length)).ToList();
                if (tagged.Count == 0)
                {
                    failures.Add($"{d.Id}: no external/cwe/cwe-NNN tag");
                }

                var page = ShippedRules.RepoPath("docs", "rules", d.Id + ".md");
                var cweRow = File.Exists(page) ? File.ReadLines(page).FirstOrDefault(l => l.StartsWith("| CWE |", StringComparison.Ordinal)) : null;
                var named = cweRow is null ? new List<string>() : Regex.Matches(cweRow, @"CWE-(\d+)").Select(m => m.Groups[1].Value).Distinct().ToList();
                if (!named.SequenceEqual(tagged))
                {
                    failures.Add($"{d.Id}: tagged CWE {string.Join(", ", tagged)}; its page's CWE row names {string.Join(", ", named)}");
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
