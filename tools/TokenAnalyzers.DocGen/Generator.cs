using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace TokenAnalyzers.DocGen
{
    /// <summary>One file the generator would write: its new text and, line by line, how it differs from today's.</summary>
    public sealed record FileChange(string Path, string NewText, IReadOnlyList<string> Drift);

    /// <summary>
    /// What the descriptors and fixers determine, compared with the repository: <see cref="Changes"/> the generator can
    /// write, <see cref="Problems"/> it cannot fix alone (a missing rule page, a release row that disagrees).
    /// </summary>
    public sealed class Plan
    {
        public List<FileChange> Changes { get; } = new();

        public List<string> Problems { get; } = new();

        /// <summary>Every difference, as `--check` prints it; empty when the repository is up to date.</summary>
        public IEnumerable<string> Drift => Changes.SelectMany(c => c.Drift).Concat(Problems);
    }

    /// <summary>
    /// The generated parts of the repository. Each output is computed from today's text of its file, so what the
    /// generator cannot derive (the prose of a rule page, its CWE and related-rules rows, the release notes of
    /// shipped rules, everything in the README outside the rule table) stays as it is.
    /// </summary>
    public static class Generator
    {
        public const string Command = "dotnet run --project tools/TokenAnalyzers.DocGen";

        public static Plan Run(string root) => Run(root, RuleCatalog.Load());

        public static Plan Run(string root, IReadOnlyList<RuleInfo> rules)
        {
            var plan = new Plan();
            Outputs.ReadmeTable(root, rules, plan);
            Outputs.Presets(root, rules, plan);
            Outputs.ReleaseRows(root, rules, plan);
            Outputs.RulePages(root, rules, plan);
            return plan;
        }

        public static void Apply(string root, Plan plan)
        {
            foreach (var change in plan.Changes)
            {
                var path = System.IO.Path.Combine(root, change.Path);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                File.WriteAllText(path, change.NewText, new UTF8Encoding(encoderShouldEmitUTF8Identifier: HasBom(path)));
            }
        }

        /// <summary>The directory holding TokenAnalyzers.sln, searched upwards from <paramref name="start"/>.</summary>
        public static string? FindRoot(string start)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "TokenAnalyzers.sln")))
                {
                    return dir.FullName;
                }
            }

            return null;
        }

        /// <summary>Records a file whose generated text differs from today's (<paramref name="oldText"/> null: new file).</summary>
        internal static void Propose(Plan plan, string path, string? oldText, string newText, IReadOnlyList<string>? drift = null)
        {
            if (oldText == newText)
            {
                return;
            }

            plan.Changes.Add(new FileChange(path, newText, drift is { Count: > 0 } ? drift : LineDrift(path, oldText ?? "", newText)));
        }

        /// <summary>"path: missing line ..." / "path: line not derived ..." for each line only one side has.</summary>
        internal static IReadOnlyList<string> LineDrift(string path, string oldText, string newText)
        {
            var oldLines = SplitLines(oldText);
            var newLines = SplitLines(newText);
            var drift = new List<string>();
            drift.AddRange(newLines.Except(oldLines).Select(l => $"{path}: missing or different: {l}"));
            drift.AddRange(oldLines.Except(newLines).Select(l => $"{path}: not what the descriptors say: {l}"));
            if (drift.Count == 0)
            {
                drift.Add($"{path}: lines out of order or whitespace differs");
            }

            return drift;
        }

        internal static string NewLineOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

        internal static string[] SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        internal static string? ReadIfExists(string root, string path)
        {
            var full = System.IO.Path.Combine(root, path);
            return File.Exists(full) ? File.ReadAllText(full) : null;
        }

        private static bool HasBom(string path)
        {
            if (!File.Exists(path))
            {
                return false;
            }

            var head = new byte[3];
            using var stream = File.OpenRead(path);
            return stream.Read(head, 0, 3) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
        }
    }
}
