using System.Text;
using Spectre.Console;
using TokenAnalyzers.Cli;

namespace TokenAnalyzers.Cli.Tests
{
    /// <summary>One run of the tool in process: its exit code and what it printed (no colours, wide lines).</summary>
    internal sealed record ToolRun(int ExitCode, string Output)
    {
        public static async Task<ToolRun> RunAsync(params string[] args)
        {
            Scanner.RegisterMSBuild();
            var writer = new StringWriter(new StringBuilder());
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            });
            console.Profile.Width = 250;
            var exitCode = await Program.RunAsync(args, console);
            return new ToolRun(exitCode, writer.ToString());
        }
    }

    internal static class Repository
    {
        /// <summary>The repository root (the folder with TokenAnalyzers.sln), found from the test assembly.</summary>
        public static string Root { get; } = FindRoot();

        private static string FindRoot()
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TokenAnalyzers.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("TokenAnalyzers.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>The rule ids of the README's rule table (what CI requires the sample build to show).</summary>
        public static IReadOnlyList<string> ReadmeRuleIds() =>
            File.ReadAllLines(Path.Combine(Root, "README.md"))
                .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\| \[(TA\d{3})\]"))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value)
                .ToList();
    }
}
