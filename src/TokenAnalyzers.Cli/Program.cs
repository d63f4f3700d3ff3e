using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Spectre.Console;

namespace TokenAnalyzers.Cli
{
    /// <summary>The tool's entry: parse, scan, report, exit code (0 clean, 1 findings at or above --fail-on, 2 incomplete or misused).</summary>
    public static class Program
    {
        public const int Clean = 0;
        public const int FindingsExitCode = 1;
        public const int FailureExitCode = 2;

        public static async Task<int> Main(string[] args)
        {
            // Before any MSBuild type is touched (Microsoft.Build.Locator's rule).
            Scanner.RegisterMSBuild();
            if (Console.IsOutputRedirected)
            {
                // CI logs: wide enough that a finding's message stays on one or two lines.
                AnsiConsole.Console.Profile.Width = 200;
            }

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return await RunAsync(args, AnsiConsole.Console, cancel.Token).ConfigureAwait(false);
        }

        /// <summary>The whole command, on any console (the tests pass a recording one).</summary>
        public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
        {
            CliOptions options;
            Inputs inputs;
            PackageRules rules;
            try
            {
                options = CliOptions.Parse(args);
                if (options.Help)
                {
                    console.WriteLine(CliOptions.Usage);
                    return Clean;
                }

                rules = PackageRules.Load();
                var unmatched = options.Rules.UnmatchedPatterns(rules.Descriptors.Select(d => d.Id)).ToList();
                if (unmatched.Count > 0)
                {
                    throw new UsageException($"no rule matches {string.Join(", ", unmatched)}");
                }

                inputs = Inputs.Find(options.Paths);
            }
            catch (UsageException e)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                console.WriteLine("Run token-analyzers --help for the options.");
                return FailureExitCode;
            }

            ScanResult result;
            if (console.Profile.Capabilities.Interactive)
            {
                result = await console.Status().StartAsync("Starting", async context =>
                    await new Scanner(options, rules, new StatusProgress(console, context)).ScanAsync(inputs, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }
            else
            {
                result = await new Scanner(options, rules, new LineProgress(console)).ScanAsync(inputs, cancellationToken).ConfigureAwait(false);
            }

            ConsoleReport.Write(console, result, rules, options.Fix);
            if (options.SarifPath is not null)
            {
                SarifWriter.Write(options.SarifPath, result, rules, options.Rules);
                console.MarkupLine(Markup.Escape($"SARIF: {options.SarifPath}"));
            }

            var exitCode = ExitCode(result, options.FailOn);
            console.MarkupLine(Markup.Escape($"Exit code {exitCode}: " + exitCode switch
            {
                FailureExitCode => "a project could not be restored, loaded or analyzed (see above); the rest was analyzed",
                FindingsExitCode => $"findings at or above {options.FailOn.ToString()!.ToLowerInvariant()}",
                _ => "no finding at or above " + (options.FailOn?.ToString().ToLowerInvariant() ?? "the threshold (--fail-on none)"),
            }));
            return exitCode;
        }

        /// <summary>An incomplete scan (2) outranks findings (1): a pipeline must not read a partial result as the whole.</summary>
        internal static int ExitCode(ScanResult result, DiagnosticSeverity? failOn)
        {
            if (result.Problems.Count > 0)
            {
                return FailureExitCode;
            }

            return failOn is { } threshold && result.Findings.Any(f => f.Severity >= threshold) ? FindingsExitCode : Clean;
        }

        private sealed class StatusProgress : IScanProgress
        {
            private readonly IAnsiConsole _console;
            private readonly StatusContext _context;

            public StatusProgress(IAnsiConsole console, StatusContext context)
            {
                _console = console;
                _context = context;
            }

            public void Status(string text) => _context.Status(Markup.Escape(text));

            public void Done(string text) => _console.MarkupLine($"[green]✓[/] {Markup.Escape(text)}");
        }

        /// <summary>Redirected output (CI logs): the milestones only, one line each.</summary>
        private sealed class LineProgress : IScanProgress
        {
            private readonly IAnsiConsole _console;

            public LineProgress(IAnsiConsole console) => _console = console;

            public void Status(string text)
            {
            }

            public void Done(string text) => _console.WriteLine(text);
        }
    }
}
