using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Spectre.Console;

namespace TokenAnalyzers.Cli
{
    /// <summary>The console report: findings grouped by rule (title, help link) and file, problems, fixes, a summary.</summary>
    internal static class ConsoleReport
    {
        public static void Write(IAnsiConsole console, ScanResult result, PackageRules rules, bool fixMode)
        {
            foreach (var rule in result.Findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var descriptor = rules.Descriptor(rule.Key);
                var title = descriptor?.Title.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? rule.Key;
                console.WriteLine();
                console.MarkupLine($"[bold]{rule.Key}[/] {Markup.Escape(title)} [grey]({rule.Count()})[/]");
                if (!string.IsNullOrEmpty(descriptor?.HelpLinkUri))
                {
                    console.MarkupLine($"  [blue]{Markup.Escape(descriptor!.HelpLinkUri)}[/]");
                }

                var table = new Table().Border(TableBorder.Simple);
                table.AddColumn(new TableColumn("File"));
                table.AddColumn(new TableColumn("Line").RightAligned());
                table.AddColumn(new TableColumn("Severity"));
                table.AddColumn(new TableColumn("Message"));
                foreach (var file in rule.GroupBy(f => f.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var first = true;
                    foreach (var finding in file.OrderBy(f => f.StartLine).ThenBy(f => f.StartColumn))
                    {
                        table.AddRow(
                            first ? Markup.Escape(Relative(result.Root, file.Key)) : string.Empty,
                            $"{finding.StartLine},{finding.StartColumn}",
                            Severity(finding.Severity),
                            Markup.Escape(finding.Message));
                        first = false;
                    }
                }

                console.Write(table);
            }

            if (result.Fixed.Count > 0)
            {
                console.WriteLine();
                console.MarkupLine($"[bold green]Fixed[/] ({result.Fixed.Count} files written)");
                foreach (var file in result.Fixed)
                {
                    var ids = string.Join(", ", file.FixedById.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} x{p.Value}"));
                    console.MarkupLine($"  {Markup.Escape(Relative(result.Root, file.Path))}: {Markup.Escape(ids.Length == 0 ? "rewritten" : ids)}");
                }
            }

            if (result.Problems.Count > 0)
            {
                console.WriteLine();
                console.MarkupLine($"[bold red]Not analyzed or incomplete[/] ({result.Problems.Count})");
                foreach (var problem in result.Problems)
                {
                    console.MarkupLine($"  [red]{problem.Stage.ToString().ToLowerInvariant()} failed[/]: {Markup.Escape(Relative(result.Root, problem.Project))}: {Markup.Escape(problem.Message)}");
                }
            }

            console.WriteLine();
            var skipped = result.Skipped.GroupBy(s => s.Reason).Select(g => $"{g.Count()} {g.Key}");
            console.MarkupLine(Markup.Escape($"Projects: {result.AnalyzedProjects.Count} analyzed{(result.Configuration is { } configuration ? " in " + configuration : string.Empty)}, {result.Skipped.Count} skipped{(result.Skipped.Count > 0 ? " (" + string.Join("; ", skipped) + ")" : string.Empty)}, {result.Problems.Select(p => p.Project).Distinct().Count()} with problems."));
            var bySeverity = result.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            var fixable = result.Findings.Count(f => rules.HasFix(f.Id));
            console.MarkupLine(Markup.Escape($"Findings: {result.Findings.Count}{(result.Findings.Count > 0 ? " (" + string.Join(", ", bySeverity) + ")" : string.Empty)} in {result.Findings.Select(f => f.Path).Distinct().Count()} files; {result.Elapsed.TotalSeconds:0.0} s (restore {result.RestoreTime.TotalSeconds:0.0} s, load {result.LoadTime.TotalSeconds:0.0} s, analysis{(fixMode ? " and fixes" : string.Empty)} {result.AnalyzeTime.TotalSeconds:0.0} s)."));
            if (!fixMode && fixable > 0)
            {
                console.MarkupLine(Markup.Escape($"{Findings(fixable)} {(fixable == 1 ? "is" : "are")} of rules with a code fix: --fix applies {(fixable == 1 ? "it" : "them")} where it is known to be safe."));
            }
            else if (fixMode && fixable > 0)
            {
                // Round AN: --fix wrote nothing and said nothing of the fixes it did not apply.
                console.MarkupLine(Markup.Escape($"{Findings(fixable)} left {(fixable == 1 ? "is" : "are")} of rules with a code fix that did not apply here (a fix applies only where it is known to keep the code compiling and its callers working; the rule's page says where)."));
            }
        }

        private static string Findings(int count) => count == 1 ? "1 finding" : $"{count} findings";

        private static string Severity(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "[red]error[/]",
            DiagnosticSeverity.Warning => "[yellow]warning[/]",
            DiagnosticSeverity.Info => "info",
            _ => "hidden",
        };

        public static string Relative(string root, string path)
        {
            var relative = Path.GetRelativePath(root, path);
            return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
        }
    }
}
