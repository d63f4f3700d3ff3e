using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace TokenAnalyzers.Cli
{
    /// <summary>
    /// Runs <c>dotnet restore</c> before loading: without the restored packages a project has no reference to the
    /// token libraries and every rule stays silent, which would read as "clean". Restore writes only what a build
    /// writes to <c>obj/</c>; the sources are never touched. One restore per solution (the loose projects of a folder
    /// are one temporary .slnx), so NuGet restores a solution's projects in parallel.
    /// </summary>
    internal static class Restorer
    {
        // "/src/Broken/Broken.csproj : error NU1101: Unable to find package ..." (one line per failing project and error).
        private static readonly Regex ErrorLine = new(@"^\s*(?<project>\S.*?\.(?:cs|vb|fs)proj)\s*:\s*error\s+(?<code>[A-Z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]*\])?\s*$", RegexOptions.Compiled | RegexOptions.Multiline);

        /// <summary>
        /// Restores every solution of <paramref name="targets"/>; returns, per project file, why its restore failed
        /// (<paramref name="describe"/> names a target when the failure names no project).
        /// </summary>
        public static async Task<Dictionary<string, string>> RestoreAsync(string dotnet, IEnumerable<string> targets, Func<string, string> describe, CancellationToken cancellationToken)
        {
            var failures = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                var (exitCode, output) = await RunAsync(dotnet, new[] { "restore", target, "--verbosity", "quiet", "-nologo" }, cancellationToken).ConfigureAwait(false);
                var named = false;
                foreach (Match match in ErrorLine.Matches(output))
                {
                    var project = Path.GetFullPath(match.Groups["project"].Value);
                    var message = match.Groups["code"].Value + ": " + match.Groups["message"].Value;
                    failures[project] = failures.TryGetValue(project, out var earlier) && !earlier.Contains(message, StringComparison.Ordinal) ? earlier + "; " + message : message;
                    named = true;
                }

                if (exitCode != 0 && !named)
                {
                    failures[describe(target)] = $"dotnet restore exited with {exitCode}: {LastLines(output)}";
                }
            }

            return failures;
        }

        /// <summary>A temporary .slnx naming <paramref name="projects"/> (absolute paths): one restore and one load for all of them.</summary>
        public static string WriteSolution(IEnumerable<string> projects)
        {
            var folder = Path.Combine(Path.GetTempPath(), "token-analyzers-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var slnx = Path.Combine(folder, "projects.slnx");
            var xml = new StringBuilder("<Solution>\n");
            foreach (var project in projects)
            {
                xml.Append("  <Project Path=\"").Append(System.Security.SecurityElement.Escape(project)).Append("\" />\n");
            }

            File.WriteAllText(slnx, xml.Append("</Solution>\n").ToString());
            return slnx;
        }

        private static string LastLines(string output) =>
            string.Join(" ", output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(3));

        private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }
    }
}
