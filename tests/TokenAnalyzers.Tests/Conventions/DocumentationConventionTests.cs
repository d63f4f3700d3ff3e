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

        /// <summary>
        /// The README rule table, the non-default presets, the release rows and each rule page's title and header table
        /// are written by tools/TokenAnalyzers.DocGen from the descriptors and fixers; this fails on any difference and
        /// lists it. `dotnet run --project tools/TokenAnalyzers.DocGen` rewrites them (CI runs it with --check).
        /// </summary>
        [Fact]
        public void Generated_files_match_the_descriptors_and_fixers()
        {
            var drift = DocGen.Generator.Run(ShippedRules.RepositoryRoot).Drift.ToList();
            Assert.True(
                drift.Count == 0,
                $"Generated files are out of date; run `{DocGen.Generator.Command}` to rewrite them:{Environment.NewLine}{string.Join(Environment.NewLine, drift)}");
        }

        /// <summary>
        /// Each rule page opens with a small Mermaid diagram of the attack the rule prevents (GitHub renders it): a
        /// <c>```mermaid</c> block between the title and the header table, then one sentence in italics. No Mermaid CLI
        /// runs offline here, so this checks what most often breaks rendering: the diagram type on the first line
        /// (<c>sequenceDiagram</c>, <c>flowchart LR|TD|TB</c>), balanced brackets and quotes on each line, no semicolon
        /// (a statement separator) or stray <c>#</c> (entity codes such as <c>#quot;</c> are fine), every participant
        /// declared before a message or note names it, 3 to 6 messages; in a flowchart, each line nodes joined by
        /// edges, labels with parentheses, colons or braces quoted, ids starting upper-case (<c>end</c> and an
        /// <c>o</c>/<c>x</c> after an edge break the parser), every node labelled once, 3 to 8 nodes; no TODO.
        /// </summary>
        [Fact]
        public void Every_rule_page_opens_with_a_mermaid_diagram_of_the_attack()
        {
            var failures = new List<string>();
            foreach (var d in ShippedRules.UniqueDescriptors.Where(d => !d.Id.StartsWith("TA0", StringComparison.Ordinal)))
            {
                var path = ShippedRules.RepoPath("docs", "rules", d.Id + ".md");
                if (!File.Exists(path))
                {
                    continue; // Every_rule_has_a_page_with_all_sections reports it
                }

                var lines = File.ReadAllLines(path);
                var title = Array.FindIndex(lines, l => l.StartsWith("# ", StringComparison.Ordinal));
                var table = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^\|\s*Property\s*\|\s*Value\s*\|\s*$"));
                var open = Array.FindIndex(lines, l => l.Trim() == "```mermaid");
                var close = open < 0 ? -1 : Array.FindIndex(lines, open + 1, l => l.Trim() == "```");
                if (title < 0 || table < 0 || open < title || close < 0 || close > table)
                {
                    failures.Add($"{d.Id}: no ```mermaid block between the '# {d.Id}: ...' title and the '| Property | Value |' table");
                    continue;
                }

                if (lines[(title + 1)..open].Any(l => l.Trim().Length > 0))
                {
                    failures.Add($"{d.Id}: text between the title and the ```mermaid block");
                }

                var after = lines[(close + 1)..table].Where(l => l.Trim().Length > 0).ToList();
                if (after.Count != 1 || !Regex.IsMatch(after[0], @"^\*[^*\s].*[^*\s]\*$"))
                {
                    failures.Add($"{d.Id}: the diagram is not followed by one sentence in italics (*...*) before the header table");
                }

                failures.AddRange(CheckMermaid(lines[(open + 1)..close]).Select(f => $"{d.Id}: mermaid: {f}"));
            }

            DescriptorConventionTests.AssertNoFailures(failures);

            static IEnumerable<string> CheckMermaid(IReadOnlyList<string> block)
            {
                var statements = block.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("%%", StringComparison.Ordinal)).ToList();
                var kind = statements.FirstOrDefault() ?? "";
                if (kind != "sequenceDiagram" && !Regex.IsMatch(kind, @"^flowchart (LR|TD|TB)$"))
                {
                    yield return $"first line '{kind}' is not 'sequenceDiagram' or 'flowchart LR|TD|TB'";
                    yield break;
                }

                foreach (var s in statements)
                {
                    var text = Regex.Replace(s, @"#\w+;", ""); // Mermaid's entity codes (#quot;) are escapes
                    if (text.Contains(';') || text.Contains('#'))
                    {
                        yield return $"'{s}': ';' ends a statement and '#' starts an entity code";
                    }

                    if (text.Contains("TODO", StringComparison.Ordinal))
                    {
                        yield return $"'{s}': TODO left from the scaffold";
                    }

                    if (text.Count(c => c == '"') % 2 != 0)
                    {
                        yield return $"'{s}': unbalanced quotes";
                    }
                    else if (!Balanced(Regex.Replace(text, "\"[^\"]*\"", "\"\"")))
                    {
                        yield return $"'{s}': unbalanced brackets";
                    }
                }

                var body = statements.Skip(1).ToList();
                foreach (var problem in kind == "sequenceDiagram" ? CheckSequence(body) : CheckFlowchart(body))
                {
                    yield return problem;
                }
            }

            static IEnumerable<string> CheckSequence(List<string> body)
            {
                var keywords = new[] { "participant", "actor", "as", "note", "over", "end", "loop", "alt", "else", "opt", "par", "and", "rect", "box", "critical", "break", "create", "destroy", "link", "links", "title", "autonumber", "activate", "deactivate" };
                var declared = new HashSet<string>(StringComparer.Ordinal);
                var messages = 0;
                foreach (var s in body)
                {
                    var names = new List<string>();
                    Match m;
                    if ((m = Regex.Match(s, @"^(?:participant|actor)\s+(\w+)(?:\s+as\s+[^:]+)?$")).Success)
                    {
                        var id = m.Groups[1].Value;
                        if (keywords.Contains(id, StringComparer.OrdinalIgnoreCase))
                        {
                            yield return $"'{s}': '{id}' is a Mermaid keyword";
                        }
                        else if (!declared.Add(id))
                        {
                            yield return $"'{s}': '{id}' is declared twice";
                        }

                        continue;
                    }

                    if ((m = Regex.Match(s, @"^(\w+)\s*(?:--|-)(?:>>|>|x|\))\s*[+-]?(\w+)\s*:\s*\S.*$")).Success)
                    {
                        messages++;
                    }
                    else if ((m = Regex.Match(s, @"^Note\s+(?:over|left of|right of)\s+(\w+)(?:\s*,\s*(\w+))?\s*:\s*\S.*$")).Success)
                    {
                    }
                    else if (!(m = Regex.Match(s, @"^(?:de)?activate\s+(\w+)$")).Success && s != "autonumber")
                    {
                        yield return $"'{s}': not a participant, a message (A->>B: text) or a note (Note over A: text)";
                        continue;
                    }

                    foreach (var who in new[] { m.Groups[1], m.Groups[2] }.Where(g => g.Success).Select(g => g.Value).Distinct())
                    {
                        if (!declared.Contains(who))
                        {
                            yield return $"'{s}': participant '{who}' is not declared before it is used";
                        }
                    }
                }

                if (messages is < 3 or > 6)
                {
                    yield return $"{messages} messages; keep a sequence diagram to 3 to 6";
                }
            }

            static IEnumerable<string> CheckFlowchart(List<string> body)
            {
                const string Label = @"(?:""[^""]*""|[^""\[\](){}:|]+)";
                var node = new Regex(@"^(?<id>[A-Z]\w*)(?<shape>\[" + Label + @"\]|\(" + Label + @"\)|\{" + Label + @"\})?$");
                var edge = new Regex(@"\s*(?:-->|---|-\.->|==>)(?:\|[^|""]+\|)?\s*");
                var labelled = new HashSet<string>(StringComparer.Ordinal);
                var used = new List<(string Id, string Statement)>();
                foreach (var s in body)
                {
                    foreach (var segment in edge.Split(s))
                    {
                        var m = node.Match(segment);
                        if (!m.Success)
                        {
                            yield return $"'{s}': '{segment}' is not a node (Id, Id[label], Id(label), Id{{label}}; quote a label with parentheses, colons or braces)";
                        }
                        else if (m.Groups["shape"].Success && !labelled.Add(m.Groups["id"].Value))
                        {
                            yield return $"'{s}': node '{m.Groups["id"].Value}' is labelled twice";
                        }
                        else if (!m.Groups["shape"].Success)
                        {
                            used.Add((m.Groups["id"].Value, s));
                        }
                    }
                }

                foreach (var (id, s) in used.Where(u => !labelled.Contains(u.Id)))
                {
                    yield return $"'{s}': node '{id}' is never given a label";
                }

                var count = labelled.Union(used.Select(u => u.Id)).Count();
                if (count is < 3 or > 8)
                {
                    yield return $"{count} nodes; keep a flowchart to 3 to 8";
                }
            }

            static bool Balanced(string text)
            {
                var stack = new Stack<char>();
                foreach (var c in text)
                {
                    if (c is '(' or '[' or '{')
                    {
                        stack.Push(c);
                    }
                    else if ((c is ')' or ']' or '}') && (stack.Count == 0 || stack.Pop() != (c == ')' ? '(' : c == ']' ? '[' : '{')))
                    {
                        return false;
                    }
                }

                return stack.Count == 0;
            }
        }
    }
}
