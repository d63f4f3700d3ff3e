using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Cli
{
    /// <summary>Progress the scanner reports while it works (the console shows it; tests ignore it).</summary>
    internal interface IScanProgress
    {
        void Status(string text);

        void Done(string text);
    }

    /// <summary>
    /// Restores, loads (Microsoft.CodeAnalysis.Workspaces.MSBuild: the real MSBuild evaluates each project, so its
    /// references, defines, .editorconfig and .globalconfig files are those of a build), analyzes projects in
    /// parallel with the package's analyzers, and with <c>--fix</c> applies the package's code fixes. A project that
    /// does not restore or load is recorded and the others go on.
    /// </summary>
    internal sealed class Scanner
    {
        /// <summary>Assemblies whose presence means the project can validate tokens (the libraries RULES.md covers).</summary>
        private static readonly string[] TokenLibraryPrefixes = { "Microsoft.IdentityModel.", "System.IdentityModel.Tokens.Jwt", "Microsoft.Identity.Web" };

        private static readonly HashSet<string> TokenLibraryNames = new(StringComparer.OrdinalIgnoreCase)
        {
            "Microsoft.AspNetCore.Authentication.JwtBearer", "Microsoft.AspNetCore.Authentication.OpenIdConnect", "JWT", "jose-jwt",
        };

        /// <summary>
        /// Microsoft.NET.Test.Sdk's references (IsTestProject) and Microsoft.Testing.Platform's (IsTestingPlatformApplication:
        /// xunit.v3 without Microsoft.NET.Test.Sdk): the project is a test project, which the package keeps quiet.
        /// </summary>
        private static readonly string[] TestPlatformPrefixes = { "Microsoft.TestPlatform.", "Microsoft.VisualStudio.TestPlatform.", "Microsoft.VisualStudio.CodeCoverage.Shim", "Microsoft.Testing.Platform" };

        private static readonly object LocatorGate = new();

        // MSBuildWorkspace's failure for a solution's project that no Roslyn language opens (SkipUnrecognizedProjects).
        private static readonly Regex NoLanguage = new(@"Cannot open project '(?<project>[^']+)' because the file extension '[^']*' is not associated with a language", RegexOptions.Compiled);

        private readonly CliOptions _options;
        private readonly PackageRules _rules;
        private readonly IScanProgress _progress;

        public Scanner(CliOptions options, PackageRules rules, IScanProgress progress)
        {
            _options = options;
            _rules = rules;
            _progress = progress;
        }

        /// <summary>
        /// Finds MSBuild (the newest .NET SDK) once per process, before any MSBuild type loads. Asked from the tool's own
        /// folder: a global.json in the current folder that names an SDK that is not installed would make the host's
        /// SDK resolution throw; the projects under it are named by the scan instead (<see cref="Restorer.UnavailableSdkAsync"/>).
        /// </summary>
        public static VisualStudioInstance RegisterMSBuild()
        {
            lock (LocatorGate)
            {
                var query = new VisualStudioInstanceQueryOptions { DiscoveryTypes = DiscoveryType.DotNetSdk, WorkingDirectory = AppContext.BaseDirectory };
                var instance = MSBuildLocator.QueryVisualStudioInstances(query).OrderByDescending(i => i.Version).FirstOrDefault()
                    ?? throw new InvalidOperationException("no .NET SDK found: install the .NET SDK the scanned projects need");
                if (!MSBuildLocator.IsRegistered && MSBuildLocator.CanRegister)
                {
                    MSBuildLocator.RegisterInstance(instance);
                }

                return instance;
            }
        }

        public async Task<ScanResult> ScanAsync(Inputs inputs, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var result = new ScanResult(inputs.Root);
            var msbuild = RegisterMSBuild();
            result.MSBuildDescription = $"MSBuild {msbuild.Version} ({msbuild.MSBuildPath})";
            result.Configuration = _options.Configuration;

            // A project or solution under a global.json whose SDK is not installed neither restores nor loads: named here.
            var globalJsons = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var path in inputs.Solutions.Concat(inputs.Projects).ToList())
            {
                if (await Restorer.UnavailableSdkAsync(DotnetPath(msbuild), path, globalJsons, cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    result.Problems.Add(new ProjectProblem(path, ProblemStage.Restore, reason));
                    inputs.Solutions.Remove(path);
                    inputs.Projects.Remove(path);
                }
            }

            // The loose projects (a folder's, or .csproj arguments) are loaded as one temporary solution: one MSBuild
            // build host for all of them (Workspaces.MSBuild starts one per OpenProjectAsync/OpenSolutionAsync call).
            var temporary = inputs.Projects.Count > 0 ? Restorer.WriteSolution(inputs.Projects) : null;
            var solutions = inputs.Solutions.Concat(temporary is null ? Enumerable.Empty<string>() : new[] { temporary }).ToList();
            string Describe(string solution) => solution == temporary ? inputs.Root : solution;
            try
            {
                var projectsOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                if (temporary is not null)
                {
                    projectsOf[temporary] = inputs.Projects;
                }

                return await ScanAsync(inputs, solutions, Describe, projectsOf, msbuild, result, clock, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (temporary is not null)
                {
                    Directory.Delete(Path.GetDirectoryName(temporary)!, recursive: true);
                }
            }
        }

        private async Task<ScanResult> ScanAsync(Inputs inputs, List<string> solutions, Func<string, string> describe, IReadOnlyDictionary<string, IReadOnlyList<string>> projectsOf, VisualStudioInstance msbuild, ScanResult result, Stopwatch clock, CancellationToken cancellationToken)
        {
            var restore = new RestoreReport();
            if (_options.Restore)
            {
                _progress.Status("Restoring");
                restore = await Restorer.RestoreAsync(DotnetPath(msbuild), solutions, describe, projectsOf, cancellationToken).ConfigureAwait(false);
                foreach (var failure in restore.Failures)
                {
                    result.Problems.Add(new ProjectProblem(failure.Key, ProblemStage.Restore, failure.Value));
                }

                // With the projects named before the restore (a global.json asking for a missing SDK), as the problem
                // list shows them all as "restore failed".
                _progress.Done($"Restored ({result.Problems.Count(problem => problem.Stage == ProblemStage.Restore)} failed)");
            }

            result.RestoreTime = clock.Elapsed;

            var workspaces = new List<MSBuildWorkspace>();
            try
            {
                var projects = await LoadAsync(inputs, solutions, describe, workspaces, restore, result, cancellationToken).ConfigureAwait(false);
                result.LoadTime = clock.Elapsed - result.RestoreTime;
                var toAnalyze = new List<Project>();
                foreach (var project in projects)
                {
                    // A multi-targeted project is one workspace project per target framework: counted once, as loaded.
                    if (restore.Failures.ContainsKey(project.FilePath!))
                    {
                        Skip(result, new SkippedProject(project.FilePath!, "restore failed"));
                    }
                    else if (_options.Restore && !Restorer.IsRestored(project.FilePath!, project.CompilationOutputInfo.AssemblyPath))
                    {
                        // Loaded without its packages, it would read as clean (round AF): named instead.
                        var problem = new ProjectProblem(project.FilePath!, ProblemStage.Restore, "not restored: the restore of its solution stopped before it (see above); fix that, or scan this project's folder");
                        if (!result.Problems.Contains(problem))
                        {
                            result.Problems.Add(problem);
                        }

                        Skip(result, new SkippedProject(project.FilePath!, "restore failed"));
                    }
                    else if (SkipReason(project) is { } reason)
                    {
                        // A project whose load failed may lack its references for that reason alone (round AF: a net472
                        // client without its reference assemblies read "no token library referenced").
                        var loadFailed = result.Problems.Any(problem => problem.Stage == ProblemStage.Load && problem.Project == project.FilePath);
                        Skip(result, new SkippedProject(project.FilePath!, loadFailed ? "load failed" : reason));
                    }
                    else
                    {
                        var analyzable = WithEditorConfigFiles(WithAppSettings(project));
                        toAnalyze.Add(_options.IncludeTests && IsTestProject(analyzable) ? WithoutQuietPreset(analyzable) : analyzable);
                        NameReferencesNotRestored(project, restore, result);
                    }
                }

                var collected = new Collected(toAnalyze.Count);
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };

                // A multi-targeted project is one workspace project per target framework, all compiling the same files.
                // With --fix its targets run one after the other, each on the text the ones before it wrote, so a finding
                // that only one target's #if branch has is fixed too; the others are then read again for the report.
                var units = toAnalyze.GroupBy(p => _options.Fix ? p.FilePath! : p.Id.ToString(), StringComparer.Ordinal).Select(g => g.ToList()).ToList();
                await Parallel.ForEachAsync(units, parallel, (targets, token) => new ValueTask(ScanUnitAsync(targets, collected, token))).ConfigureAwait(false);

                result.AnalyzeTime = clock.Elapsed - result.RestoreTime - result.LoadTime;
                result.AnalyzedProjects.AddRange(collected.Analyzed.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));
                _progress.Done($"Analyzed {result.AnalyzedProjects.Count} projects, skipped {result.Skipped.Count}");
                result.Problems.AddRange(collected.Problems);
                // One file fixed by several targets of its project: one entry, with what each fixed.
                result.Fixed.AddRange(collected.FixedFiles
                    .GroupBy(f => f.Path, StringComparer.Ordinal)
                    .Select(g => new FixedFile(
                        g.Key,
                        g.SelectMany(f => f.FixedById).GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Sum(x => x.Value), StringComparer.Ordinal),
                        g.Any(f => f.Written)))
                    .OrderBy(f => f.Path, StringComparer.Ordinal));

                // A file of a multi-targeted project is analyzed once per target framework: one finding per place, which
                // names the targets it is in when that is not all of them (a finding in one #if branch, a message that
                // differs with a target's library version).
                var targetCount = toAnalyze.GroupBy(p => p.FilePath!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                result.Findings.AddRange(collected.Findings
                    .GroupBy(f => (f.Id, f.Path, f.StartLine, f.StartColumn, f.Message))
                    .Select(g => InTargets(g.First(), g.Where(f => f.Project == g.First().Project).Select(f => f.Target).OfType<string>().Distinct().ToList(), targetCount))
                    .OrderBy(f => f.Id, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.StartLine).ThenBy(f => f.StartColumn));
                result.SuppressedInSource.AddRange(collected.Suppressed
                    .GroupBy(f => (f.Id, f.Path, f.StartLine, f.StartColumn, f.Message))
                    .Select(g => g.First())
                    .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.StartLine).ThenBy(f => f.StartColumn));
                foreach (var failure in result.Findings.Where(f => f.Id == RuleIds.CouldNotAnalyze))
                {
                    result.Problems.Add(new ProjectProblem(failure.Project, ProblemStage.Analyze, $"{failure.Id} at {failure.Path}({failure.StartLine},{failure.StartColumn}): {failure.Message}"));
                }
            }
            finally
            {
                foreach (var workspace in workspaces)
                {
                    workspace.Dispose();
                }
            }

            result.Elapsed = clock.Elapsed;
            return result;
        }

        private static void Skip(ScanResult result, SkippedProject skipped)
        {
            if (!result.Skipped.Contains(skipped))
            {
                result.Skipped.Add(skipped);
            }
        }

        /// <summary>
        /// A project analyzed without a project it references, whose restore failed (round Z: a sample whose nine
        /// library projects did not restore read "analyzed, 0 findings"): its compilation lacks that project's types,
        /// so findings in code that needs them may be missing. Named, and the scan is incomplete.
        /// </summary>
        private static void NameReferencesNotRestored(Project project, RestoreReport restore, ScanResult result)
        {
            foreach (var reference in project.ProjectReferences)
            {
                if (project.Solution.GetProject(reference.ProjectId)?.FilePath is { } path && restore.Failures.ContainsKey(path))
                {
                    var problem = new ProjectProblem(project.FilePath!, ProblemStage.Analyze, $"analyzed, but {Path.GetFileName(path)}, a project it references, did not restore: the packages that come through it are missing, and findings in code that needs them may be too");
                    if (!result.Problems.Contains(problem))
                    {
                        result.Problems.Add(problem);
                    }
                }
            }
        }

        /// <summary>What the projects analyzed in parallel add to the result.</summary>
        private sealed class Collected
        {
            public Collected(int total) => Total = total;

            public int Total { get; }

            public int Done;

            public ConcurrentBag<Finding> Findings { get; } = new();

            public ConcurrentBag<Finding> Suppressed { get; } = new();

            public ConcurrentBag<string> Analyzed { get; } = new();

            public ConcurrentBag<ProjectProblem> Problems { get; } = new();

            public ConcurrentBag<FixedFile> FixedFiles { get; } = new();

            /// <summary>The project file that claimed each source file (FixRunner): a linked file is fixed by one project only.</summary>
            public ConcurrentDictionary<string, string> Claimed { get; } = new(StringComparer.Ordinal);
        }

        /// <summary>
        /// One project, or with --fix one project file's targets in turn: analyzes each (and fixes it), then reports
        /// each target's findings, read again where a later target fixed one of its files.
        /// </summary>
        private async Task ScanUnitAsync(List<Project> targets, Collected collected, CancellationToken token)
        {
            var problems = collected.Problems;
            var written = new Dictionary<string, (SourceText Text, int Write)>(StringComparer.Ordinal);
            var writes = 0;
            var results = new List<(Project Project, ImmutableArray<Diagnostic> Diagnostics, int Writes)>();
            foreach (var target in targets)
            {
                try
                {
                    var project = WithTexts(target, written);
                    var diagnostics = await AnalyzeAsync(project, problems, token).ConfigureAwait(false);
                    if (_options.Fix && diagnostics.Any(d => d.Location.IsInSource && !d.IsSuppressed && _rules.HasFix(d.Id)))
                    {
                        var fixer = new FixRunner(_rules, _options.Rules, p => AnalyzeAsync(p, problems, token));
                        var (files, after) = await fixer.FixAsync(project, diagnostics, collected.Claimed, token).ConfigureAwait(false);
                        foreach (var file in files)
                        {
                            collected.FixedFiles.Add(file);
                            await using var stream = File.OpenRead(file.Path);
                            written[file.Path] = (SourceText.From(stream), ++writes);
                        }

                        foreach (var path in fixer.Unwritable)
                        {
                            problems.Add(new ProjectProblem(project.FilePath!, ProblemStage.Fix, $"{Path.GetRelativePath(Path.GetDirectoryName(project.FilePath!)!, path)}: not fixed: its text would not be written back as it was read (not UTF-8?); fix it in an editor that keeps its encoding"));
                        }

                        diagnostics = after;
                    }

                    results.Add((project, diagnostics, writes));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    problems.Add(new ProjectProblem(target.FilePath!, ProblemStage.Analyze, e.GetType().Name + ": " + e.Message));
                }

                _progress.Status($"Analyzed {Interlocked.Increment(ref collected.Done)}/{collected.Total} projects");
            }

            foreach (var (project, before, writesThen) in results)
            {
                var diagnostics = before;
                try
                {
                    if (project.Documents.Any(d => d.FilePath is { } path && written.TryGetValue(path, out var write) && write.Write > writesThen))
                    {
                        diagnostics = await AnalyzeAsync(WithTexts(project, written), problems, token).ConfigureAwait(false); // a later target fixed a file of it
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    problems.Add(new ProjectProblem(project.FilePath!, ProblemStage.Analyze, e.GetType().Name + ": " + e.Message));
                    continue;
                }

                foreach (var diagnostic in diagnostics)
                {
                    if (ToFinding(diagnostic, project) is { } finding)
                    {
                        (diagnostic.IsSuppressed ? collected.Suppressed : collected.Findings).Add(finding);
                    }
                }

                collected.Analyzed.Add(project.FilePath!);
            }
        }

        private static string DotnetPath(VisualStudioInstance msbuild)
        {
            // MSBuildPath is <dotnet root>/sdk/<version>/; the host is two folders up.
            var root = Path.GetFullPath(Path.Combine(msbuild.MSBuildPath, "..", ".."));
            var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(host) ? host : "dotnet";
        }

        private async Task<List<Project>> LoadAsync(Inputs inputs, List<string> solutions, Func<string, string> describe, List<MSBuildWorkspace> workspaces, RestoreReport restore, ScanResult result, CancellationToken cancellationToken)
        {
            var failures = new ConcurrentQueue<(string Solution, WorkspaceDiagnostic Diagnostic)>();
            var progress = new Progress<ProjectLoadProgress>(p => _progress.Status($"Loading {Path.GetFileName(p.FilePath)} ({p.Operation}{(p.TargetFramework is null ? "" : ", " + p.TargetFramework)})"));
            var loaded = new List<Project>();
            foreach (var solution in solutions)
            {
                var workspace = _options.Configuration is { } configuration
                    ? MSBuildWorkspace.Create(new Dictionary<string, string>(StringComparer.Ordinal) { ["Configuration"] = configuration })
                    : MSBuildWorkspace.Create();
                workspaces.Add(workspace);
                workspace.SkipUnrecognizedProjects = true;
                workspace.RegisterWorkspaceFailedHandler(e => failures.Enqueue((solution, e.Diagnostic)));
                try
                {
                    var opened = await workspace.OpenSolutionAsync(solution, progress, cancellationToken).ConfigureAwait(false);
                    loaded.AddRange(opened.Projects);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result.Problems.Add(new ProjectProblem(describe(solution), ProblemStage.Load, e.Message));
                }
            }

            // WorkspaceFailed failures name the project file in their message; warnings (an unresolved analyzer, a
            // skipped project type, a restore warning the workspace reports as a failure) do not make the result
            // incomplete.
            foreach (var (solution, failure) in failures.Where(f => f.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure))
            {
                // A Docker Compose (.dcproj) or shared (.shproj) project of the solution: nothing to analyze, as a build skips it.
                if (NoLanguage.Match(failure.Message) is { Success: true } other)
                {
                    Skip(result, new SkippedProject(other.Groups["project"].Value, "not a C# project"));
                    continue;
                }

                var project = inputs.Projects.Concat(loaded.Select(p => p.FilePath!)).FirstOrDefault(p => failure.Message.Contains(p, StringComparison.Ordinal))
                    ?? describe(solution);
                if (restore.Warned(project, failure.Message) || IsTargetFrameworkSupportWarning(failure.Message) || IsAnalysisModeWarning(failure.Message))
                {
                    continue;
                }

                var intermediate = loaded.FirstOrDefault(p => p.FilePath == project)?.CompilationOutputInfo.AssemblyPath;
                try
                {
                    if (File.Exists(project) && Restorer.IsRestoreWarning(project, intermediate, failure.Message))
                    {
                        continue;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
                {
                    result.Problems.Add(new ProjectProblem(project, ProblemStage.Load, failure.Message + " (its restore record could not be read: " + e.Message + ")"));
                    continue;
                }

                if (!result.Problems.Any(p => p.Project == project && p.Stage == ProblemStage.Restore))
                {
                    result.Problems.Add(new ProjectProblem(project, ProblemStage.Load, failure.Message));
                }
            }

            var projects = loaded.Where(p => p.Language == LanguageNames.CSharp && p.FilePath is not null)
                .GroupBy(p => (p.FilePath, p.Name), p => p)
                .Select(g => g.First())
                .ToList();
            _progress.Done($"Loaded {projects.Select(p => p.FilePath).Distinct().Count()} projects");
            return projects;
        }

        /// <summary>A project that references a test platform (<see cref="TestPlatformPrefixes"/>).</summary>
        private static bool IsTestProject(Project project) =>
            project.MetadataReferences.OfType<PortableExecutableReference>()
                .Select(r => Path.GetFileNameWithoutExtension(r.FilePath ?? r.Display ?? string.Empty))
                .Any(n => TestPlatformPrefixes.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase)));

        /// <summary>
        /// The project references the package and chose a mode other than <c>none</c>: its build gives a test project
        /// the <c>none</c> preset only without an explicit mode, so any other preset is the project's own choice to
        /// report (round AL: a test project with <c>&lt;TokenAnalyzersAnalysisMode&gt;default&lt;/TokenAnalyzersAnalysisMode&gt;</c>
        /// was skipped as quiet, while its build reported nine findings).
        /// </summary>
        private static bool OptedIn(Project project)
        {
            foreach (var document in project.AnalyzerConfigDocuments)
            {
                var name = Path.GetFileName(document.FilePath) ?? string.Empty;
                if (name.StartsWith("TokenAnalyzers.", StringComparison.OrdinalIgnoreCase) &&
                    name.EndsWith(".globalconfig", StringComparison.OrdinalIgnoreCase) &&
                    !string.Equals(name, "TokenAnalyzers.none.globalconfig", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>--include-tests</c>: a test project without the package's <c>none</c> preset, which its build targets give
        /// test projects by default (RULES.md "Test project"), so the rules report there as in any project.
        /// </summary>
        private static Project WithoutQuietPreset(Project project)
        {
            foreach (var document in project.AnalyzerConfigDocuments)
            {
                if (string.Equals(Path.GetFileName(document.FilePath), "TokenAnalyzers.none.globalconfig", StringComparison.OrdinalIgnoreCase))
                {
                    project = project.RemoveAnalyzerConfigDocument(document.Id);
                }
            }

            return project;
        }

        /// <summary>
        /// The warning the build files of current Microsoft packages raise on an older target framework ("System.Text.Json
        /// 10.0.8 doesn't support netcoreapp3.1 ... set &lt;SuppressTfmSupportBuildWarnings&gt;"): a build goes on and so
        /// does the load, which the workspace still reports as a failure (round AF: every net6.0 and netcoreapp3.1
        /// project with a current System.Text.Json read "load failed", exit code 2, though it was analyzed whole).
        /// </summary>
        /// <summary>
        /// The package's own MSBuild warning TA0001 (an unknown mode, or one set after its targets): the build goes on,
        /// and so does the load, which the workspace reports as a failure (round AM: exit code 2, "load failed").
        /// </summary>
        internal static bool IsAnalysisModeWarning(string message) =>
            message.Contains("TokenAnalyzersAnalysisMode '", StringComparison.Ordinal) &&
            (message.Contains("is set after the TokenAnalyzers package's targets", StringComparison.Ordinal) ||
             message.Contains("is not one of default, all-warnings, all-suggestions, all-errors, none", StringComparison.Ordinal));

        internal static bool IsTargetFrameworkSupportWarning(string message) =>
            message.Contains("<SuppressTfmSupportBuildWarnings>true</SuppressTfmSupportBuildWarnings>", StringComparison.Ordinal) &&
            message.Contains("has not been tested with it", StringComparison.Ordinal);

        private string? SkipReason(Project project)
        {
            var references = project.MetadataReferences.OfType<PortableExecutableReference>()
                .Select(r => Path.GetFileNameWithoutExtension(r.FilePath ?? r.Display ?? string.Empty))
                .ToList();
            if (!_options.IncludeTests && IsTestProject(project) && !OptedIn(project))
            {
                return "test project (a build with the package is quiet there; --include-tests analyzes it)";
            }

            var library = references.Any(n => TokenLibraryNames.Contains(n) || TokenLibraryPrefixes.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase)));

            // The configuration-file checks (TA501) read appsettings*.json without the library: keep such projects.
            return library || AppSettingsFiles(project).Any() ? null : "no token library referenced";
        }

        /// <summary>
        /// appsettings*.json of the project's folders become additional files, as the package's build targets add them
        /// (unless the project lists them already, for instance because it references the package).
        /// </summary>
        private static Project WithAppSettings(Project project)
        {
            var listed = project.AdditionalDocuments.Select(d => d.FilePath).Where(p => p is not null).ToHashSet(StringComparer.Ordinal);
            foreach (var file in AppSettingsFiles(project))
            {
                if (!listed.Contains(file))
                {
                    // Decoded from its bytes as the compiler decodes an additional file (the encoding known, one
                    // byte-order mark taken off), so the reader judges it as a build does (two marks: TA0003).
                    using var stream = File.OpenRead(file);
                    var text = SourceText.From(stream, encoding: null, checksumAlgorithm: SourceHashAlgorithm.Sha256, throwIfBinaryDetected: false);
                    project = project.AddAdditionalDocument(Path.GetFileName(file), text, filePath: file).Project;
                }
            }

            return project;
        }

        /// <summary>
        /// The project's .editorconfig files (its analyzer configuration documents of that name) become additional files
        /// too, as the package's build targets add them: the TA5xx rules read the dotnet_diagnostic.*.severity entries of
        /// the sections that match a JSON file themselves, because Roslyn applies them to C# files only.
        /// </summary>
        private static Project WithEditorConfigFiles(Project project)
        {
            var listed = project.AdditionalDocuments.Select(d => d.FilePath).Where(p => p is not null).ToHashSet(StringComparer.Ordinal);
            var editorConfigs = project.AnalyzerConfigDocuments.Select(d => d.FilePath).OfType<string>()
                .Where(path => Path.GetFileName(path) == ".editorconfig").ToList();
            // Also those of the project's folders that hold only JSON files, which the SDK does not list and the
            // package's build targets hand over (round AE): from each appsettings file's folder up to the project's.
            var projectFolder = Path.GetDirectoryName(project.FilePath);
            foreach (var json in projectFolder is null ? Enumerable.Empty<string>() : AppSettingsFiles(project))
            {
                for (var folder = Path.GetDirectoryName(json); folder is not null && folder.Length > projectFolder!.Length && folder.StartsWith(projectFolder, StringComparison.Ordinal); folder = Path.GetDirectoryName(folder))
                {
                    var candidate = Path.Combine(folder, ".editorconfig");
                    if (File.Exists(candidate) && !editorConfigs.Contains(candidate))
                    {
                        editorConfigs.Add(candidate);
                    }
                }
            }

            foreach (var path in editorConfigs)
            {
                if (listed.Add(path))
                {
                    project = project.AddAdditionalDocument(".editorconfig", SourceText.From(File.ReadAllText(path)), filePath: path).Project;
                }
            }

            return project;
        }

        /// <summary>
        /// appsettings*.json in the project's folder and the folders below it, as the package's build targets take them:
        /// not in bin/ or obj/ at the top, nor in hidden folders or node_modules anywhere (the SDK's default item excludes).
        /// </summary>
        private static IEnumerable<string> AppSettingsFiles(Project project)
        {
            var folder = Path.GetDirectoryName(project.FilePath);
            if (folder is null || !Directory.Exists(folder))
            {
                return Enumerable.Empty<string>();
            }

            var found = new List<string>();
            var pending = new Stack<(string Path, bool Top)>();
            pending.Push((folder, true));
            while (pending.Count > 0)
            {
                var (current, top) = pending.Pop();
                found.AddRange(Directory.EnumerateFiles(current, "appsettings*.json"));
                foreach (var child in Directory.EnumerateDirectories(current))
                {
                    var name = Path.GetFileName(child);
                    if (!(top && name is "bin" or "obj") && name != "node_modules" && !name.StartsWith('.') &&
                        !new DirectoryInfo(child).Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        pending.Push((child, false));
                    }
                }
            }

            return found.OrderBy(f => f, StringComparer.Ordinal);
        }

        /// <summary><paramref name="project"/> with the text another target of its project file wrote for each of those files.</summary>
        private static Project WithTexts(Project project, Dictionary<string, (SourceText Text, int Write)> written)
        {
            var solution = project.Solution;
            foreach (var document in project.Documents)
            {
                if (document.FilePath is { } path && written.TryGetValue(path, out var text))
                {
                    solution = solution.WithDocumentText(document.Id, text.Text);
                }
            }

            return solution.GetProject(project.Id)!;
        }

        /// <summary>
        /// The package's diagnostics for <paramref name="project"/>, with the severities its .editorconfig and .globalconfig
        /// files give, and those suppressed in source (<c>IsSuppressed</c>: never fixed, not counted, listed in SARIF as a
        /// build's log lists them).
        /// </summary>
        private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ConcurrentBag<ProjectProblem> problems, CancellationToken cancellationToken)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the project has no compilation");
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                (exception, analyzer, diagnostic) => problems.Add(new ProjectProblem(project.FilePath!, ProblemStage.Analyze, $"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}")),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: true);
            var diagnostics = await compilation.WithAnalyzers(_rules.Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden && _options.Rules.Includes(d.Id)).ToImmutableArray();
        }

        /// <summary>The finding, its message naming <paramref name="targets"/> when they are not all of its project's.</summary>
        private static Finding InTargets(Finding finding, List<string> targets, Dictionary<string, int> targetCount) =>
            targets.Count > 0 && targetCount.TryGetValue(finding.Project, out var all) && targets.Count < all
                ? finding with { Message = finding.Message + " [" + string.Join(", ", targets.OrderBy(t => t, StringComparer.Ordinal)) + "]" }
                : finding;

        /// <summary>The target framework of a workspace project of a multi-targeted project file ("App(net8.0)"), or null.</summary>
        private static string? TargetOf(Project project)
        {
            var open = project.Name.LastIndexOf('(');
            return open > 0 && project.Name.EndsWith(")", StringComparison.Ordinal) ? project.Name.Substring(open + 1, project.Name.Length - open - 2) : null;
        }

        private static Finding? ToFinding(Diagnostic diagnostic, Project project)
        {
            var span = diagnostic.Location.GetMappedLineSpan();
            if (!span.IsValid || string.IsNullOrEmpty(span.Path))
            {
                span = diagnostic.Location.GetLineSpan();
            }

            var path = string.IsNullOrEmpty(span.Path) ? project.FilePath! : span.Path;
            return new Finding(
                diagnostic.Id,
                diagnostic.Severity,
                diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                path,
                span.StartLinePosition.Line + 1,
                span.StartLinePosition.Character + 1,
                span.EndLinePosition.Line + 1,
                span.EndLinePosition.Character + 1,
                project.FilePath!,
                TargetOf(project));
        }
    }
}
