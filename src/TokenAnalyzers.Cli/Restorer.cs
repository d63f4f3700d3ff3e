using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
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
        // "/src/Broken/Broken.csproj : error NU1101: Unable to find package ..." (one line per failing project and
        // error), "/src/Bad/Bad.csproj(3,5): error MSB4025: ..." when MSBuild cannot read the project at all, or an
        // error of the SDK's targets that names its project in brackets at the end (".../ImportWorkloads.targets(38,5):
        // error NETSDK1147: ... [/src/Mobile/Mobile.csproj]", a workload this machine lacks).
        private static readonly Regex ErrorLine = new(@"^\s*(?<origin>\S.*?)(?:\(\d+,\d+\))?\s*:\s*error\s+(?<code>[A-Z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[(?<project>[^\]]*)\])?\s*$", RegexOptions.Compiled | RegexOptions.Multiline);

        // ".../Microsoft.NET.Sdk.FrameworkReferenceResolution.targets(94,5): warning NETSDK1086: ... [/src/Api/Api.csproj]":
        // a warning names its project in brackets at the end, or at the start when the project file raised it.
        private static readonly Regex WarningLine = new(@"^\s*(?<origin>\S.*?)(?:\(\d+,\d+\))?\s*:\s*warning\s+[A-Z]+\d+\s*:\s*(?<message>.*?)(?:\s+\[(?<project>[^\]]*)\])?\s*$", RegexOptions.Compiled | RegexOptions.Multiline);

        // "Requested SDK version: 8.0.100" in the host's message when no installed SDK satisfies a global.json.
        private static readonly Regex RequestedSdk = new(@"Requested SDK version:\s*(?<version>\S+)", RegexOptions.Compiled);

        /// <summary>
        /// Restores every solution of <paramref name="targets"/>; returns, per project file, why its restore failed
        /// (<paramref name="describe"/> names a target when the failure names no project).
        /// </summary>
        public static async Task<RestoreReport> RestoreAsync(
            string dotnet, IEnumerable<string> targets, Func<string, string> describe, IReadOnlyDictionary<string, IReadOnlyList<string>> projectsOf, CancellationToken cancellationToken)
        {
            var report = new RestoreReport();
            var failures = report.Failures;
            foreach (var target in targets)
            {
                var (exitCode, errors, output) = await RestoreOneAsync(dotnet, target, report, cancellationToken).ConfigureAwait(false);
                // An unreadable project (MSBxxxx) stops NuGet before it restores the rest: restore the others again
                // without the projects the errors name. A failure that names no project: each project on its own.
                // A solution of the user's: its projects from the SDK (round AF: eShop's .slnx stopped at a project that
                // needs a workload, and no project of it was restored).
                IReadOnlyList<string>? projects = null;
                if (exitCode != 0 && (errors.Count == 0 || errors.Any(e => !e.Code.StartsWith("NU", StringComparison.Ordinal))) &&
                    (projectsOf.TryGetValue(target, out projects) ||
                     (IsSolutionFile(target) && (projects = await SolutionProjectsAsync(dotnet, target, cancellationToken).ConfigureAwait(false)).Count > 0)) &&
                    projects.Count > 1)
                {
                    Record(failures, errors);
                    await ExplainAloneAsync(dotnet, target, errors, failures, report, cancellationToken).ConfigureAwait(false);
                    var named = errors.Select(e => e.Project).ToHashSet(StringComparer.Ordinal);
                    var rest = projects.Where(p => !named.Contains(p)).ToList();
                    if (named.Count > 0 && rest.Count > 0)
                    {
                        var again = WriteSolution(rest);
                        try
                        {
                            var (restExit, restErrors, restOutput) = await RestoreOneAsync(dotnet, again, report, cancellationToken).ConfigureAwait(false);
                            Record(failures, restErrors);
                            if (restExit != 0 && restErrors.Count == 0)
                            {
                                failures[describe(target)] = $"dotnet restore exited with {restExit}: {LastLines(restOutput)}";
                            }
                        }
                        finally
                        {
                            Directory.Delete(Path.GetDirectoryName(again)!, recursive: true);
                        }
                    }
                    else if (named.Count == 0)
                    {
                        foreach (var project in projects)
                        {
                            var (projectExit, projectErrors, projectOutput) = await RestoreOneAsync(dotnet, project, report, cancellationToken).ConfigureAwait(false);
                            Record(failures, projectErrors);
                            if (projectExit != 0 && projectErrors.Count == 0)
                            {
                                failures[project] = $"dotnet restore exited with {projectExit}: {LastLines(projectOutput)}";
                            }
                        }
                    }

                    continue;
                }

                Record(failures, errors);
                await ExplainAloneAsync(dotnet, target, errors, failures, report, cancellationToken).ConfigureAwait(false);
                if (exitCode != 0 && errors.Count == 0)
                {
                    failures[describe(target)] = $"dotnet restore exited with {exitCode}: {LastLines(output)}";
                }
            }

            return report;
        }

        /// <summary>
        /// A project whose evaluation failed inside a solution's restore (an MSBxxxx error), restored on its own: a
        /// repository's build files may fail only inside a solution (round AI: openiddict-core's Arcade props gave
        /// MSB4184, <c>MakeRelative('', ...)</c>), while the project's own restore names the cause (the Arcade SDK
        /// is missing). Its own errors replace the solution's; without any, the solution's stay.
        /// </summary>
        private static async Task ExplainAloneAsync(
            string dotnet, string target, List<(string Project, string Code, string Message)> errors, Dictionary<string, string> failures, RestoreReport report, CancellationToken cancellationToken)
        {
            if (IsProjectFile(target))
            {
                return;
            }

            var unreadable = errors.Where(e => e.Code.StartsWith("MSB", StringComparison.Ordinal)).Select(e => e.Project).Distinct(StringComparer.Ordinal).ToList();
            foreach (var project in unreadable)
            {
                var (_, own, _) = await RestoreOneAsync(dotnet, project, report, cancellationToken).ConfigureAwait(false);
                var its = own.Where(e => string.Equals(e.Project, project, StringComparison.Ordinal)).ToList();
                if (its.Count > 0)
                {
                    failures.Remove(project);
                    Record(failures, its);
                }
            }
        }

        /// <summary>
        /// Whether <paramref name="message"/> (a workspace failure, "Msbuild failed when processing the file '...'
        /// with message: ...") only repeats a warning of the project's restore, such as NU1603 ("... was not found.
        /// ... was resolved instead"). MSBuildWorkspace reports the warnings the build replays from the assets file
        /// as failures; the restore's own record (<c>project.assets.json</c>, "logs", each with its level) tells them
        /// apart. Without that file, or for an error, the failure stands; an unreadable file throws (the caller names it).
        /// </summary>
        public static bool IsRestoreWarning(string projectFile, string? intermediateAssembly, string message)
        {
            foreach (var assets in AssetsFiles(projectFile, intermediateAssembly))
            {
                using var stream = File.OpenRead(assets);
                using var document = JsonDocument.Parse(stream);
                if (document.RootElement.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var log in logs.EnumerateArray())
                    {
                        if (log.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.String && level.GetString() is "Warning" or "Information" or "Minimal" &&
                            log.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } warning &&
                            message.TrimEnd().EndsWith(": " + warning.TrimEnd(), StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            return false;
        }

        /// <summary>
        /// Whether an SDK-style project has its restore record (<c>project.assets.json</c>); a project in the older
        /// format without PackageReference items has none and needs none.
        /// </summary>
        public static bool IsRestored(string projectFile, string? intermediateAssembly)
        {
            if (AssetsFiles(projectFile, intermediateAssembly).Any())
            {
                return true;
            }

            // The project was just loaded from this file.
            var text = File.ReadAllText(projectFile);
            return !text.Contains("Sdk=\"", StringComparison.Ordinal) && !text.Contains("<Sdk ", StringComparison.Ordinal) &&
                   !text.Contains("<PackageReference", StringComparison.Ordinal);
        }

        /// <summary>
        /// The project's assets file: in <c>obj/</c> beside it, or in a folder above its intermediate assembly
        /// (<c>obj/Debug/net10.0/x.dll</c>; elsewhere when <c>BaseIntermediateOutputPath</c> moves it).
        /// </summary>
        private static IEnumerable<string> AssetsFiles(string projectFile, string? intermediateAssembly)
        {
            var beside = Path.Combine(Path.GetDirectoryName(projectFile)!, "obj", "project.assets.json");
            if (File.Exists(beside))
            {
                yield return beside;
                yield break;
            }

            for (var folder = intermediateAssembly is null ? null : Path.GetDirectoryName(intermediateAssembly); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                var candidate = Path.Combine(folder, "project.assets.json");
                if (File.Exists(candidate))
                {
                    yield return candidate;
                    yield break;
                }
            }
        }

        private static void Record(Dictionary<string, string> failures, List<(string Project, string Code, string Message)> errors)
        {
            foreach (var (project, code, text) in errors)
            {
                var message = code + ": " + text;
                failures[project] = failures.TryGetValue(project, out var earlier) && !earlier.Contains(message, StringComparison.Ordinal) ? earlier + "; " + message : message;
            }
        }

        private static async Task<(int ExitCode, List<(string Project, string Code, string Message)> Errors, string Output)> RestoreOneAsync(string dotnet, string target, RestoreReport report, CancellationToken cancellationToken)
        {
            // From the target's folder, not the current one: a global.json there that names a missing SDK stops the host.
            var (exitCode, output) = await RunAsync(dotnet, new[] { "restore", target, "--verbosity", "quiet", "-nologo" }, cancellationToken, Path.GetDirectoryName(target)).ConfigureAwait(false);
            foreach (Match warning in WarningLine.Matches(output))
            {
                var project = warning.Groups["project"].Success ? warning.Groups["project"].Value : warning.Groups["origin"].Value;
                if (project.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
                {
                    report.AddWarning(Path.GetFullPath(project), warning.Groups["message"].Value);
                }
            }

            var errors = ErrorLine.Matches(output)
                .Select(m => (Project: ProjectOf(m), Code: m.Groups["code"].Value, Message: m.Groups["message"].Value))
                .Where(e => e.Project is not null)
                .Select(e => (Path.GetFullPath(e.Project!), e.Code, e.Message))
                .Distinct()
                .ToList();
            return (exitCode, errors, output);
        }

        /// <summary>The project an error line names: the origin when it is a project file, else the one in brackets at the end.</summary>
        private static string? ProjectOf(Match error)
        {
            var origin = error.Groups["origin"].Value.Trim();
            if (IsProjectFile(origin))
            {
                return origin;
            }

            var bracketed = error.Groups["project"].Success ? error.Groups["project"].Value.Trim() : string.Empty;
            return IsProjectFile(bracketed) ? bracketed : null;
        }

        private static bool IsSolutionFile(string path) =>
            path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);

        private static bool IsProjectFile(string path) =>
            path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The projects of a solution file (<c>dotnet sln list</c>), to restore them without the ones a failed restore
        /// of the whole solution named; empty when the SDK cannot list them.
        /// </summary>
        private static async Task<IReadOnlyList<string>> SolutionProjectsAsync(string dotnet, string solution, CancellationToken cancellationToken)
        {
            var folder = Path.GetDirectoryName(solution)!;
            var (exitCode, output) = await RunAsync(dotnet, new[] { "sln", solution, "list" }, cancellationToken, folder).ConfigureAwait(false);
            return exitCode != 0
                ? Array.Empty<string>()
                : output.Split('\n').Select(l => l.Trim()).Where(IsProjectFile).Select(l => Path.GetFullPath(Path.Combine(folder, l))).ToList();
        }

        /// <summary>
        /// A temporary .slnx naming <paramref name="projects"/> (absolute paths): one restore and one load for all of them.
        /// Projects of the same file name (the samples of one repository, each in its own folder) each get a solution
        /// folder of their own: a solution cannot hold two projects of one name in one folder, and the load would fail
        /// for all of them.
        /// </summary>
        public static string WriteSolution(IEnumerable<string> projects)
        {
            var folder = Path.Combine(Path.GetTempPath(), "token-analyzers-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var slnx = Path.Combine(folder, "projects.slnx");
            var xml = new StringBuilder("<Solution>\n");
            var list = projects.ToList();
            var names = list.GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < list.Count; i++)
            {
                var element = "<Project Path=\"" + System.Security.SecurityElement.Escape(list[i]) + "\" />";
                xml.Append(names[Path.GetFileNameWithoutExtension(list[i])] > 1
                    ? $"  <Folder Name=\"/{i}/\">\n    {element}\n  </Folder>\n"
                    : $"  {element}\n");
            }

            File.WriteAllText(slnx, xml.Append("</Solution>\n").ToString());
            return slnx;
        }

        private static string LastLines(string output) =>
            string.Join(" ", output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(3));

        /// <summary>
        /// Why the .NET SDK that the <c>global.json</c> above <paramref name="path"/> (a project or solution file) asks
        /// for cannot be used, or null when there is no such file or an installed SDK satisfies it. Without that SDK
        /// the project neither restores nor loads (MSBuildWorkspace's build host resolves MSBuild from the project's
        /// folder), as in the repository's own build: the project is named instead, with the file to change. One
        /// <c>dotnet --version</c> per global.json (<paramref name="checkedFiles"/> keeps the answers).
        /// </summary>
        public static async Task<string?> UnavailableSdkAsync(string dotnet, string path, Dictionary<string, string?> checkedFiles, CancellationToken cancellationToken)
        {
            var globalJson = NearestGlobalJson(Path.GetDirectoryName(path)!);
            if (globalJson is null)
            {
                return null;
            }

            if (!checkedFiles.TryGetValue(globalJson, out var reason))
            {
                var (exitCode, output) = await RunAsync(dotnet, new[] { "--version" }, cancellationToken, Path.GetDirectoryName(globalJson)).ConfigureAwait(false);
                var requested = RequestedSdk.Match(output);
                reason = exitCode == 0
                    ? null
                    : $"global.json asks for .NET SDK {(requested.Success ? requested.Groups["version"].Value : "(see the file)")} and no installed SDK satisfies it: install that SDK or change {globalJson}";
                checkedFiles[globalJson] = reason;
            }

            return reason;
        }

        private static string? NearestGlobalJson(string folder)
        {
            for (var current = folder; current is not null; current = Path.GetDirectoryName(current))
            {
                var candidate = Path.Combine(current, "global.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null)
        {
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? string.Empty,
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
