using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace TokenAnalyzers.DocGen
{
    /// <summary>
    /// dotnet run --project tools/TokenAnalyzers.DocGen [-- --check | -- scaffold TAxxx [--rule NameRule]] [--root DIR]
    /// </summary>
    internal static class Program
    {
        private const string Usage = """
            Usage: dotnet run --project tools/TokenAnalyzers.DocGen -- [command] [--root DIR]

              (no command)           write what the descriptors and fixers determine: the README rule table, the
                                     non-default presets, missing AnalyzerReleases.Unshipped.md rows, each rule
                                     page's title and header table (Id, Title, Category, Default severity, Code fix)
              --check                write nothing; list every difference and exit 1 if there is any
              scaffold TAxxx [--rule NameRule]
                                     write the skeletons of a new rule's page, test class and sample stub
                                     (never overwrites a file)

            --root: the repository (default: the directory holding TokenAnalyzers.sln, above the current one).
            """;

        public static int Main(string[] args)
        {
            var list = args.ToList();
            var root = TakeOption(list, "--root") ?? Generator.FindRoot(Directory.GetCurrentDirectory()) ?? Generator.FindRoot(AppContext.BaseDirectory);
            if (root is null)
            {
                Console.Error.WriteLine("TokenAnalyzers.sln not found above the current directory; pass --root");
                return 2;
            }

            if (list.Contains("--help") || list.Contains("-h"))
            {
                Console.WriteLine(Usage);
                return 0;
            }

            if (list.Count >= 1 && list[0] == "scaffold")
            {
                var ruleClass = TakeOption(list, "--rule");
                if (list.Count != 2 || !Regex.IsMatch(list[1], @"^TA\d{3,4}$"))
                {
                    Console.Error.WriteLine(Usage);
                    return 2;
                }

                foreach (var line in Scaffold.Write(root, list[1], ruleClass, RuleCatalog.Load()))
                {
                    Console.WriteLine(line);
                }

                return 0;
            }

            var check = list.Remove("--check");
            if (list.Count != 0)
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }

            var plan = Generator.Run(root);
            if (check)
            {
                var drift = plan.Drift.ToList();
                foreach (var line in drift)
                {
                    Console.WriteLine(line);
                }

                Console.WriteLine(drift.Count == 0
                    ? "up to date: README rule table, presets, release rows, rule page headers"
                    : $"{drift.Count} difference(s); `{Generator.Command}` rewrites what it can");
                return drift.Count == 0 ? 0 : 1;
            }

            Generator.Apply(root, plan);
            foreach (var change in plan.Changes)
            {
                Console.WriteLine($"written  {change.Path}");
            }

            foreach (var problem in plan.Problems)
            {
                Console.WriteLine($"not derivable, fix by hand: {problem}");
            }

            if (plan.Changes.Count == 0 && plan.Problems.Count == 0)
            {
                Console.WriteLine("up to date");
            }

            return plan.Problems.Count == 0 ? 0 : 1;
        }

        private static string? TakeOption(System.Collections.Generic.List<string> args, string name)
        {
            var i = args.IndexOf(name);
            if (i < 0 || i + 1 >= args.Count)
            {
                return null;
            }

            var value = args[i + 1];
            args.RemoveRange(i, 2);
            return value;
        }
    }
}
