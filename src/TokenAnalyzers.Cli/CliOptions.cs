using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Cli
{
    /// <summary>The command line: what to scan and how to report it. Hand-parsed: a dozen options need no framework.</summary>
    internal sealed class CliOptions
    {
        public List<string> Paths { get; } = new();

        public string? SarifPath { get; set; }

        /// <summary>The lowest severity that makes the exit code 1; null: findings never fail the run.</summary>
        public DiagnosticSeverity? FailOn { get; set; } = DiagnosticSeverity.Warning;

        public RuleFilter Rules { get; set; } = RuleFilter.All;

        public bool Fix { get; set; }

        public bool Restore { get; set; } = true;

        public bool IncludeTests { get; set; }

        /// <summary>The build configuration the projects are loaded in (MSBuild's Configuration); null: each project's default, Debug.</summary>
        public string? Configuration { get; set; }

        public int Parallelism { get; set; } = Environment.ProcessorCount;

        public bool Help { get; set; }

        public const string Usage = @"token-analyzers: audit C# code for insecure token validation without building or editing it.

Usage: token-analyzers [PATH...] [options]

  PATH                  a .sln, .slnx or .csproj file, or a folder (every solution and project under it);
                        default: the current folder
  --sarif FILE          also write the findings as SARIF 2.1 (for code scanning)
  --fail-on LEVEL       warning (default), error or none: the lowest severity that makes the exit code 1
  --rules IDS           only these rules, comma-separated; 'x' is any digit: TA101,TA3xx
  --exclude IDS         every rule but these (same syntax)
  --fix                 apply the package's code fixes (Fix All per document) and write the changed files
  --no-restore          do not run 'dotnet restore' before loading
  --include-tests       also analyze test projects, with the rules on (a build with the package keeps them
                        quiet by default; that preset, none, does not apply here)
  -c, --configuration NAME
                        load the projects in this build configuration (default: their own default, Debug);
                        code that only one configuration compiles (#if DEBUG ... #else) is seen only in it
  --parallel N          analyze up to N projects at once (default: the number of cores)
  -h, --help            this text

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on; 2 a project could not be
restored, loaded or analyzed (the others are still analyzed and reported), or the command line is wrong.
Severities follow the projects' .editorconfig and .globalconfig files, as in a build.";

        /// <summary>Parses <paramref name="args"/>; a wrong command line throws <see cref="UsageException"/>.</summary>
        public static CliOptions Parse(IReadOnlyList<string> args)
        {
            var options = new CliOptions();
            string? rules = null;
            string? exclude = null;
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                string Value()
                {
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UsageException($"{arg} needs a value");
                    }

                    return args[++i];
                }

                switch (arg)
                {
                    case "-h":
                    case "--help":
                    case "-?":
                        options.Help = true;
                        break;
                    case "--sarif":
                        options.SarifPath = Path.GetFullPath(Value());
                        break;
                    case "--fail-on":
                        options.FailOn = Value().ToLowerInvariant() switch
                        {
                            "warning" => DiagnosticSeverity.Warning,
                            "error" => DiagnosticSeverity.Error,
                            "none" => null,
                            var other => throw new UsageException($"--fail-on takes warning, error or none, not '{other}'"),
                        };
                        break;
                    case "--rules":
                        rules = Value();
                        break;
                    case "--exclude":
                        exclude = Value();
                        break;
                    case "--fix":
                        options.Fix = true;
                        break;
                    case "--no-restore":
                        options.Restore = false;
                        break;
                    case "--include-tests":
                        options.IncludeTests = true;
                        break;
                    case "-c":
                    case "--configuration":
                        options.Configuration = Value();
                        break;
                    case "--parallel":
                        var text = Value();
                        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parallel) || parallel < 1)
                        {
                            throw new UsageException($"--parallel takes a positive number, not '{text}'");
                        }

                        options.Parallelism = parallel;
                        break;
                    default:
                        if (arg.StartsWith("-", StringComparison.Ordinal))
                        {
                            throw new UsageException($"unknown option {arg}");
                        }

                        options.Paths.Add(Path.GetFullPath(arg));
                        break;
                }
            }

            if (options.Paths.Count == 0)
            {
                options.Paths.Add(Directory.GetCurrentDirectory());
            }

            options.Rules = RuleFilter.Parse(rules, exclude);
            return options;
        }
    }

    /// <summary>A command line the tool cannot run: exit code 2 with the usage text.</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// Which rule ids are reported and fixed: <c>--rules</c> (only these) and <c>--exclude</c> (all but these). A
    /// pattern is an id whose <c>x</c> stands for any digit (<c>TA3xx</c>) or that ends in <c>*</c>. The analyzer's
    /// own reports (TA0xxx: it could not analyze, an option is unreadable) are always kept: a filter must not hide
    /// that a result is incomplete.
    /// </summary>
    internal sealed class RuleFilter
    {
        public static readonly RuleFilter All = new(Array.Empty<string>(), Array.Empty<string>());

        private readonly string[] _include;
        private readonly string[] _exclude;

        private RuleFilter(string[] include, string[] exclude)
        {
            _include = include;
            _exclude = exclude;
        }

        public static RuleFilter Parse(string? include, string? exclude) => new(Split(include), Split(exclude));

        private static string[] Split(string? list)
        {
            if (list is null)
            {
                return Array.Empty<string>();
            }

            var patterns = list.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim().ToUpperInvariant()).ToArray();
            foreach (var pattern in patterns)
            {
                if (!pattern.StartsWith("TA", StringComparison.Ordinal) || pattern.Length < 3)
                {
                    throw new UsageException($"'{pattern}' is not a rule id or pattern (examples: TA101, TA3xx, TA5*)");
                }
            }

            return patterns;
        }

        public bool Includes(string id)
        {
            if (RuleIds.IsAboutTheAnalyzer(id))
            {
                return true;
            }

            return (_include.Length == 0 || _include.Any(p => Matches(p, id))) && !_exclude.Any(p => Matches(p, id));
        }

        /// <summary>Whether some rule of <paramref name="ids"/> passes the filter (the command line named real rules).</summary>
        public IEnumerable<string> UnmatchedPatterns(IEnumerable<string> ids)
        {
            var known = ids.ToList();
            return _include.Concat(_exclude).Where(p => !known.Any(id => Matches(p, id)));
        }

        private static bool Matches(string pattern, string id)
        {
            if (pattern.EndsWith("*", StringComparison.Ordinal))
            {
                return id.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase);
            }

            if (pattern.Length != id.Length)
            {
                return false;
            }

            for (var i = 0; i < pattern.Length; i++)
            {
                var p = char.ToUpperInvariant(pattern[i]);
                var c = char.ToUpperInvariant(id[i]);
                if (p == 'X' && i >= 2 ? !char.IsDigit(c) : p != c)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
