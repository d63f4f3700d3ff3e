using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>Every descriptor has a rule page, a release-tracking entry and a README row that match it.</summary>
    public class DocumentationConventionTests
    {
        public const string UpdateReadmeVariable = "TOKENANALYZERS_UPDATE_README";
        public const string RulesBegin = "<!-- rules:begin -->";
        public const string RulesEnd = "<!-- rules:end -->";

        public static readonly string[] RequiredSections =
        {
            "Cause", "Risk", "Non-compliant code", "Compliant code", "How to fix", "When to suppress", "Configuration",
            "References",
        };

        [Fact]
        public void Every_rule_has_a_page_with_all_sections()
        {
            var failures = new List<string>();
            foreach (var d in ShippedRules.UniqueDescriptors)
            {
                var path = ShippedRules.RepoPath("docs", "rules", d.Id + ".md");
                if (!File.Exists(path))
                {
                    failures.Add($"{d.Id}: docs/rules/{d.Id}.md is missing");
                    continue;
                }

                var text = File.ReadAllText(path);
                var headings = new HashSet<string>(
                    Regex.Matches(text, @"^##\s+(.+?)\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value),
                    StringComparer.Ordinal);
                failures.AddRange(RequiredSections.Where(s => !headings.Contains(s)).Select(s => $"{d.Id}: section '## {s}' is missing"));

                // The header table must agree with the descriptor.
                foreach (var (key, expected) in new[]
                {
                    ("Id", d.Id), ("Title", d.Title.ToString()), ("Category", d.Category),
                    ("Default severity", d.DefaultSeverity.ToString()),
                    ("Code fix", ShippedRules.FixableIds.Contains(d.Id) ? "Yes" : "No"),
                })
                {
                    var row = Regex.Match(text, @"^\|\s*" + Regex.Escape(key) + @"\s*\|\s*(.*?)\s*\|\s*$", RegexOptions.Multiline);
                    if (!row.Success)
                    {
                        failures.Add($"{d.Id}: header table has no '{key}' row");
                    }
                    else if (!Agrees(key, row.Groups[1].Value, expected))
                    {
                        failures.Add($"{d.Id}: header table says {key} '{row.Groups[1].Value}', the descriptor says '{expected}'");
                    }
                }

                foreach (var key in new[] { "CWE" })
                {
                    if (!Regex.IsMatch(text, @"^\|\s*" + key + @"\s*\|", RegexOptions.Multiline))
                    {
                        failures.Add($"{d.Id}: header table has no '{key}' row");
                    }
                }

                if (!text.Contains("dotnet_diagnostic." + d.Id + ".severity", StringComparison.Ordinal))
                {
                    failures.Add($"{d.Id}: Configuration does not show dotnet_diagnostic.{d.Id}.severity");
                }
            }

            DescriptorConventionTests.AssertNoFailures(failures);
        }

        [Fact]
        public void Every_rule_has_a_release_tracking_entry()
        {
            var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
            {
                foreach (var line in File.ReadAllLines(ShippedRules.RepoPath("src", "TokenAnalyzers", file)))
                {
                    var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                    if (cells.Length >= 3 && Regex.IsMatch(cells[0], @"^TA\d+$"))
                    {
                        rows[cells[0]] = cells;
                    }
                }
            }

            var failures = new List<string>();
            foreach (var d in ShippedRules.UniqueDescriptors)
            {
                if (!rows.TryGetValue(d.Id, out var cells))
                {
                    failures.Add($"{d.Id}: no row in AnalyzerReleases.Unshipped.md or AnalyzerReleases.Shipped.md");
                }
                else if (cells[1] != d.Category || !string.Equals(cells[2], d.DefaultSeverity.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{d.Id}: release entry says {cells[1]}/{cells[2]}, descriptor says {d.Category}/{d.DefaultSeverity}");
                }
            }

            DescriptorConventionTests.AssertNoFailures(failures);
        }

        /// <summary>The header table's value agrees with the descriptor; "Code fix" may explain its yes/no ("Yes (removes ...)").</summary>
        private static bool Agrees(string key, string actual, string expected) =>
            key == "Code fix"
                ? Regex.Match(actual, @"^\w+").Value.Equals(expected, StringComparison.OrdinalIgnoreCase)
                : string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The README rule table is generated from the descriptors and fixers. Run the tests with
        /// TOKENANALYZERS_UPDATE_README=1 to rewrite it instead of comparing.
        /// </summary>
        [Fact]
        public void Readme_rule_table_matches_the_descriptors()
        {
            var readmePath = ShippedRules.RepoPath("README.md");
            var readme = File.ReadAllText(readmePath);
            var begin = readme.IndexOf(RulesBegin, StringComparison.Ordinal);
            var end = readme.IndexOf(RulesEnd, StringComparison.Ordinal);
            Assert.True(begin >= 0 && end > begin, $"README.md needs {RulesBegin} ... {RulesEnd} around the rule table");

            var newline = readme.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            var current = readme.Substring(begin + RulesBegin.Length, end - begin - RulesBegin.Length);
            var expected = newline + GenerateTable(newline);

            if (Environment.GetEnvironmentVariable(UpdateReadmeVariable) == "1")
            {
                File.WriteAllText(readmePath, readme.Substring(0, begin + RulesBegin.Length) + expected + readme.Substring(end));
                return;
            }

            Assert.True(
                expected == current,
                $"README.md rule table is out of date; run `{UpdateReadmeVariable}=1 dotnet test TokenAnalyzers.sln` to regenerate it.{Environment.NewLine}Expected:{expected}");
        }

        public static string GenerateTable(string newline)
        {
            var fixable = ShippedRules.FixableIds;
            var sb = new StringBuilder();
            sb.Append("| Id | Title | Severity | Code fix |").Append(newline);
            sb.Append("|---|---|---|---|").Append(newline);
            foreach (DiagnosticDescriptor d in ShippedRules.UniqueDescriptors)
            {
                sb.Append($"| [{d.Id}](docs/rules/{d.Id}.md) | {d.Title.ToString().Replace("|", "\\|")} | {d.DefaultSeverity} | {(fixable.Contains(d.Id) ? "Yes" : "No")} |")
                  .Append(newline);
            }

            return sb.ToString();
        }
    }
}
