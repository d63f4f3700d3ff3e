using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace TokenAnalyzers.DocGen
{
    /// <summary>The four derived outputs. Each reads today's file and proposes the text it should have.</summary>
    internal static class Outputs
    {
        public const string ReadmePath = "README.md";
        public const string RulesBegin = "<!-- rules:begin -->";
        public const string RulesEnd = "<!-- rules:end -->";
        public const string PresetsDirectory = "nuget/TokenAnalyzers.Package/build/presets";
        public const string ShippedPath = "src/TokenAnalyzers/AnalyzerReleases.Shipped.md";
        public const string UnshippedPath = "src/TokenAnalyzers/AnalyzerReleases.Unshipped.md";
        public const string RulePagesDirectory = "docs/rules";

        /// <summary>The rows of a rule page's header table the descriptors and fixers determine, in this order.</summary>
        public static readonly string[] DerivedHeaderRows = { "Id", "Title", "Category", "Default severity", "Code fix" };

        /// <summary>The presets other than <c>default</c> (which overrides nothing): mode, severity, what it means.</summary>
        public static readonly (string Mode, string Severity, string Meaning)[] PresetModes =
        {
            ("all-errors", "error", "every rule is an error: any finding fails the build."),
            ("all-warnings", "warning", "every rule is a warning."),
            ("all-suggestions", "suggestion", "every rule is a suggestion: shown in the IDE, never fails a build."),
            ("none", "none", "every rule is off, and so are the analyzer's own reports (TA0002-TA0004): nothing is analyzed."),
        };

        private static readonly Regex IdCell = new(@"^TA\d+$", RegexOptions.CultureInvariant);

        public static string RulePagePath(string id) => $"{RulePagesDirectory}/{id}.md";

        public static string PresetPath(string mode) => $"{PresetsDirectory}/TokenAnalyzers.{mode}.globalconfig";

        // ---- README: the rule table between the markers -----------------------------------------------------------

        public static void ReadmeTable(string root, IReadOnlyList<RuleInfo> rules, Plan plan)
        {
            var readme = Generator.ReadIfExists(root, ReadmePath);
            var begin = readme?.IndexOf(RulesBegin, StringComparison.Ordinal) ?? -1;
            var end = readme?.IndexOf(RulesEnd, StringComparison.Ordinal) ?? -1;
            if (readme is null || begin < 0 || end < begin)
            {
                plan.Problems.Add($"{ReadmePath}: needs {RulesBegin} ... {RulesEnd} around the rule table");
                return;
            }

            var nl = Generator.NewLineOf(readme);
            var table = new StringBuilder(nl);
            table.Append("| Id | Title | Severity | Code fix |").Append(nl);
            table.Append("|---|---|---|---|").Append(nl);
            foreach (var r in rules.Where(r => r.IsRule))
            {
                table.Append($"| [{r.Id}]({RulePagePath(r.Id)}) | {Cell(r.Title)} | {r.DefaultSeverity} | {YesNo(r.HasCodeFix)} |").Append(nl);
            }

            var start = begin + RulesBegin.Length;
            var current = readme[start..end];
            var expected = table.ToString();
            if (current != expected)
            {
                Generator.Propose(plan, ReadmePath, readme, readme[..start] + expected + readme[end..], Generator.LineDrift(ReadmePath + " rule table", current, expected));
            }
        }

        // ---- Presets: every rule at one severity ----------------------------------------------------------------

        public static void Presets(string root, IReadOnlyList<RuleInfo> rules, Plan plan)
        {
            foreach (var (mode, severity, meaning) in PresetModes)
            {
                var path = PresetPath(mode);
                var current = Generator.ReadIfExists(root, path);
                var nl = current is null ? "\n" : Generator.NewLineOf(current);
                var text = new StringBuilder();
                text.Append($"# TokenAnalyzers preset '{mode}': {meaning}").Append(nl);
                text.Append($"# Selected with the MSBuild property TokenAnalyzersAnalysisMode={mode}.").Append(nl);
                text.Append("# global_level = -100: any .editorconfig or .globalconfig of your own overrides these entries.").Append(nl);
                text.Append("is_global = true").Append(nl);
                text.Append("global_level = -100").Append(nl);
                text.Append(nl);
                // `none` also turns off the analyzer's own reports: a test project, quiet by default, then neither
                // fails on a shared .editorconfig's option typo (TA0004, round AL) nor runs the analyzer at all.
                foreach (var r in rules.Where(r => r.IsRule || mode == "none"))
                {
                    text.Append($"dotnet_diagnostic.{r.Id}.severity = {severity}").Append(nl);
                }

                Generator.Propose(plan, path, current, text.ToString());
            }
        }

        // ---- Release tracking: append rows for ids that have none --------------------------------------------------

        public static void ReleaseRows(string root, IReadOnlyList<RuleInfo> rules, Plan plan)
        {
            var shipped = Generator.ReadIfExists(root, ShippedPath) ?? "";
            var unshipped = Generator.ReadIfExists(root, UnshippedPath);
            if (unshipped is null)
            {
                plan.Problems.Add($"{UnshippedPath} is missing");
                return;
            }

            // The last row of an id wins (a "Changed Rules" row after the "New Rules" one): its category and severity.
            var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var line in Generator.SplitLines(shipped).Concat(Generator.SplitLines(unshipped)))
            {
                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length >= 3 && IdCell.IsMatch(cells[0]))
                {
                    rows[cells[0]] = cells;
                }
            }

            var missing = new List<string>();
            foreach (var r in rules)
            {
                if (!rows.TryGetValue(r.Id, out var cells))
                {
                    missing.Add($"{r.Id} | {r.Category} | {r.DefaultSeverity} | {r.Source}, [Documentation]({r.HelpLink})");
                }
                else if (cells[1] != r.Category || !string.Equals(cells[2], r.DefaultSeverity.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    plan.Problems.Add($"{UnshippedPath}: {r.Id} is listed as {cells[1]}/{cells[2]}, the descriptor says {r.Category}/{r.DefaultSeverity} (edit the row by hand, or add it under '### Changed Rules')");
                }
            }

            if (missing.Count == 0)
            {
                return;
            }

            var nl = Generator.NewLineOf(unshipped);
            var lines = Generator.SplitLines(unshipped).ToList();
            var newRules = lines.FindIndex(l => l.Trim() == "### New Rules");
            if (newRules < 0)
            {
                // No table yet: add one at the end (keeping the file's final newline).
                var trailing = lines.Count > 0 && lines[^1].Length == 0;
                if (trailing)
                {
                    lines.RemoveAt(lines.Count - 1);
                }

                lines.AddRange(new[] { "", "### New Rules", "", "Rule ID | Category | Severity | Notes", "--------|----------|----------|-------" });
                lines.AddRange(missing);
                if (trailing)
                {
                    lines.Add("");
                }
            }
            else
            {
                // After the last line of the "New Rules" table: appended, never reordered.
                var last = newRules;
                for (var i = newRules + 1; i < lines.Count && !lines[i].TrimStart().StartsWith("#", StringComparison.Ordinal); i++)
                {
                    if (lines[i].Contains('|', StringComparison.Ordinal))
                    {
                        last = i;
                    }
                }

                lines.InsertRange(last + 1, missing);
            }

            Generator.Propose(
                plan,
                UnshippedPath,
                unshipped,
                string.Join(nl, lines),
                missing.Select(m => $"{UnshippedPath}: missing row: {m}").ToList());
        }

        // ---- Rule pages: the title and the derived rows of the header table ---------------------------------------

        public static void RulePages(string root, IReadOnlyList<RuleInfo> rules, Plan plan)
        {
            foreach (var r in rules)
            {
                var path = RulePagePath(r.Id);
                if (!r.HelpLink.EndsWith("/" + path, StringComparison.Ordinal))
                {
                    plan.Problems.Add($"{r.Id}: help link '{r.HelpLink}' does not point to {path}");
                }

                var page = Generator.ReadIfExists(root, path);
                if (page is null)
                {
                    plan.Problems.Add($"{path} is missing: `{Generator.Command} -- scaffold {r.Id}` writes a skeleton");
                    continue;
                }

                var drift = new List<string>();
                var updated = RewriteHeader(path, page, r, drift, plan.Problems);
                if (updated is not null)
                {
                    Generator.Propose(plan, path, page, updated, drift);
                }
            }

            var known = new HashSet<string>(rules.Select(r => r.Id), StringComparer.Ordinal);
            var directory = System.IO.Path.Combine(root, RulePagesDirectory);
            if (System.IO.Directory.Exists(directory))
            {
                foreach (var file in System.IO.Directory.GetFiles(directory, "TA*.md").OrderBy(f => f, StringComparer.Ordinal))
                {
                    var id = System.IO.Path.GetFileNameWithoutExtension(file);
                    if (!known.Contains(id))
                    {
                        plan.Problems.Add($"{RulePagePath(id)}: no descriptor has this id");
                    }
                }
            }
        }

        /// <summary>The page with its title line and derived header rows rewritten; null when it has no header table.</summary>
        internal static string? RewriteHeader(string path, string page, RuleInfo rule, List<string> drift, List<string> problems)
        {
            var nl = Generator.NewLineOf(page);
            var lines = Generator.SplitLines(page).ToList();

            var title = lines.FindIndex(l => l.StartsWith("# ", StringComparison.Ordinal));
            var expectedTitle = $"# {rule.Id}: {rule.Title}";
            if (title < 0)
            {
                problems.Add($"{path}: no '# {rule.Id}: ...' title line");
            }
            else if (lines[title] != expectedTitle)
            {
                drift.Add($"{path}: title line is '{lines[title]}', the descriptor says '{expectedTitle}'");
                lines[title] = expectedTitle;
            }

            var header = lines.FindIndex(l => Regex.IsMatch(l, @"^\|\s*Property\s*\|\s*Value\s*\|\s*$"));
            if (header < 0 || header + 1 >= lines.Count || !lines[header + 1].StartsWith("|-", StringComparison.Ordinal))
            {
                problems.Add($"{path}: no '| Property | Value |' header table");
                return null;
            }

            var first = header + 2;
            var end = first;
            while (end < lines.Count && lines[end].StartsWith("|", StringComparison.Ordinal))
            {
                end++;
            }

            var current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var kept = new List<string>();
            foreach (var line in lines.GetRange(first, end - first))
            {
                var match = Regex.Match(line, @"^\|\s*(.*?)\s*\|\s*(.*?)\s*\|\s*$");
                var key = match.Success ? match.Groups[1].Value : "";
                if (DerivedHeaderRows.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    current[key] = match.Groups[2].Value;
                }
                else
                {
                    kept.Add(line); // CWE, related rules, anything else: as written
                }
            }

            var derived = new List<string>();
            foreach (var key in DerivedHeaderRows)
            {
                current.TryGetValue(key, out var actual);
                var value = key switch
                {
                    "Id" => rule.Id,
                    "Title" => Cell(rule.Title),
                    "Category" => rule.Category,
                    "Default severity" => rule.DefaultSeverity.ToString(),
                    // The page may explain its answer ("Yes (removes the assignment, Fix All)"): kept while it agrees.
                    _ => actual is not null && Regex.Match(actual, @"^\w+").Value.Equals(YesNo(rule.HasCodeFix), StringComparison.OrdinalIgnoreCase)
                        ? actual
                        : YesNo(rule.HasCodeFix),
                };
                if (actual is null)
                {
                    drift.Add($"{path}: header table has no '{key}' row (should be '{value}')");
                }
                else if (actual != value)
                {
                    drift.Add($"{path}: header table says {key} '{actual}', the descriptor says '{value}'");
                }

                derived.Add($"| {key} | {value} |");
            }

            lines.RemoveRange(first, end - first);
            lines.InsertRange(first, derived.Concat(kept));
            var text = string.Join(nl, lines);
            if (text != page && drift.Count == 0)
            {
                drift.Add($"{path}: header table rows out of order or spaced differently");
            }

            return text;
        }

        private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

        private static string YesNo(bool value) => value ? "Yes" : "No";
    }
}
