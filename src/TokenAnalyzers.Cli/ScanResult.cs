using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Cli
{
    /// <summary>One finding, where the build would print it (the path is absolute; lines and columns from 1).</summary>
    internal sealed record Finding(
        string Id,
        DiagnosticSeverity Severity,
        string Message,
        string Path,
        int StartLine,
        int StartColumn,
        int EndLine,
        int EndColumn,
        string Project,
        string? Target = null);

    /// <summary>What went wrong with one project (or the whole input when <see cref="Project"/> is an input file).</summary>
    internal sealed record ProjectProblem(string Project, ProblemStage Stage, string Message);

    internal enum ProblemStage
    {
        Restore,
        Load,
        Analyze,
        Fix,
    }

    /// <summary>A project loaded but not analyzed, and why (no token library, a test project, restore failed).</summary>
    internal sealed record SkippedProject(string Project, string Reason);

    /// <summary>A file <c>--fix</c> changed, with how many findings of each rule the change removed.</summary>
    internal sealed record FixedFile(string Path, IReadOnlyDictionary<string, int> FixedById, bool Written);

    internal sealed class ScanResult
    {
        public ScanResult(string root) => Root = root;

        /// <summary>The folder paths are shown relative to and SARIF URIs are relative to (SRCROOT).</summary>
        public string Root { get; }

        public List<Finding> Findings { get; } = new();

        /// <summary>
        /// Findings suppressed in source (<c>#pragma warning disable</c>, <c>[SuppressMessage]</c>): not findings of the
        /// run, not counted for the exit code, written to SARIF with their suppression as the compiler's log has them.
        /// </summary>
        public List<Finding> SuppressedInSource { get; } = new();

        public List<ProjectProblem> Problems { get; } = new();

        public List<string> AnalyzedProjects { get; } = new();

        public List<SkippedProject> Skipped { get; } = new();

        public List<FixedFile> Fixed { get; } = new();

        public TimeSpan Elapsed { get; set; }

        public TimeSpan RestoreTime { get; set; }

        public TimeSpan LoadTime { get; set; }

        public TimeSpan AnalyzeTime { get; set; }

        public string? MSBuildDescription { get; set; }

        /// <summary>The build configuration asked for with --configuration; null: each project's default.</summary>
        public string? Configuration { get; set; }
    }
}
