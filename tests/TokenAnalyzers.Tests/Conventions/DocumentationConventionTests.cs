using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>Every descriptor has a rule page, a release-tracking entry and a README row that match it.</summary>
    [Trait("Rule", "All")]
    public class DocumentationConventionTests
    {
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
        /// The README rule table, the non-default presets, the release rows and each rule page's title and header table
        /// are written by tools/TokenAnalyzers.DocGen from the descriptors and fixers; this fails on any difference and
        /// lists it. `dotnet run --project tools/TokenAnalyzers.DocGen` rewrites them (CI runs it with --check).
        /// </summary>
        [Fact]
        public void Every_rule_is_in_the_changelog()
        {
            // Users read CHANGELOG.md, not the release tracking files: a rule in the package is named there too.
            var changelog = File.ReadAllText(ShippedRules.RepoPath("CHANGELOG.md"));
            var missing = ShippedRules.UniqueDescriptors
                .Where(d => !Regex.IsMatch(changelog, @"\[" + d.Id + @"\]\(docs/rules/" + d.Id + @"\.md\)"))
                .Select(d => $"{d.Id}: not in CHANGELOG.md (as [{d.Id}](docs/rules/{d.Id}.md))")
                .ToList();
            DescriptorConventionTests.AssertNoFailures(missing);
        }

        [Fact]
        public void Generated_files_match_the_descriptors_and_fixers()
        {
            var drift = DocGen.Generator.Run(ShippedRules.RepositoryRoot).Drift.ToList();
            Assert.True(
                drift.Count == 0,
                $"Generated files are out of date; run `{DocGen.Generator.Command}` to rewrite them:{Environment.NewLine}{string.Join(Environment.NewLine, drift)}");
        }
    }
}
