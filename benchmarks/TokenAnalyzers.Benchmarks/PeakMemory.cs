using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// Issue 26's memory limit: a 10 MB appsettings.json may cost at most 1.5x the compiler's peak memory. Peak memory
/// belongs to a process, so each configuration runs in a child process of its own (this program with
/// <c>--memory-child</c>): it builds a one-file project with the large appsettings.json as an additional file,
/// compiles it (Compile) or compiles and analyzes it (Empty analyzer, TokenAnalyzers), and reports its peak working set
/// (the kernel's high-water mark, <c>VmHWM</c>) and the peak of its managed heap (sampled every 2 ms). The parent
/// alternates the configurations over several children and prints the medians and the ratios to Compile.
/// </summary>
internal static class PeakMemory
{
    public const double Limit = 1.5;

    private const string ResultPrefix = "peak-memory:";

    /// <summary>The runs: Compile without the file's text in memory (what csc does, which reads an additional file only for an analyzer), Compile, Empty, TokenAnalyzers.</summary>
    private static readonly (string Name, Config Config, bool WithFile)[] Runs =
    {
        ("Compile, no file", Config.Compile, false),
        ("Compile", Config.Compile, true),
        ("Empty analyzer", Config.Empty, true),
        ("TokenAnalyzers", Config.TokenAnalyzers, true),
    };

    /// <summary>The parent: children per configuration, medians, ratios; a failure when TokenAnalyzers exceeds the limit against either Compile.</summary>
    public static async Task<List<string>> RunAsync(int kib, int runs)
    {
        var failures = new List<string>();
        Console.WriteLine();
        Console.WriteLine($"== peak memory: a one-file project with a {kib:N0} KiB appsettings.json, one child process per configuration and run, {runs} run(s); limit TokenAnalyzers / Compile <= {Limit}");
        var results = Runs.ToDictionary(r => r.Name, _ => new List<(long WorkingSet, long Managed)>());
        for (var run = 0; run < runs; run++)
        {
            for (var j = 0; j < Runs.Length; j++)
            {
                var (name, config, withFile) = Runs[(j + run) % Runs.Length];
                var (workingSet, managed, error) = await ChildAsync(config, withFile ? kib : 0);
                if (error is not null)
                {
                    failures.Add($"peak memory, {name}: {error}");
                    continue;
                }

                results[name].Add((workingSet, managed));
                Console.WriteLine($"   run {run + 1,-3} {name,-17} peak working set {workingSet / Program.MiB,7:F0} MiB  peak managed heap {managed / Program.MiB,7:F0} MiB");
            }
        }

        if (results.Values.Any(r => r.Count == 0))
        {
            return failures;
        }

        double Median(IEnumerable<long> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
        }

        var bare = Median(results[Runs[0].Name].Select(r => r.WorkingSet));
        var compile = Median(results[Runs[1].Name].Select(r => r.WorkingSet));
        var compileManaged = Median(results[Runs[1].Name].Select(r => r.Managed));
        foreach (var (name, _, _) in Runs)
        {
            var set = Median(results[name].Select(r => r.WorkingSet));
            var managed = Median(results[name].Select(r => r.Managed));
            var range = results[name].Max(r => r.WorkingSet) - results[name].Min(r => r.WorkingSet);
            Console.WriteLine(
                $"   {name,-17} median peak working set {set / Program.MiB,7:F0} MiB ({set / bare:F2}x Compile without the file, {set / compile:F2}x Compile; runs within {range / Program.MiB:F0} MiB), "
                + $"peak managed heap {managed / Program.MiB,7:F0} MiB ({managed / compileManaged:F2}x Compile)");
        }

        var tokenAnalyzers = Median(results["TokenAnalyzers"].Select(r => r.WorkingSet));
        foreach (var (baseline, label) in new[] { (bare, "without the file"), (compile, "with the file's text in memory") })
        {
            if (tokenAnalyzers / baseline > Limit)
            {
                failures.Add($"peak memory: TokenAnalyzers' peak working set is {tokenAnalyzers / baseline:F2}x the compiler's ({label}) with a {kib:N0} KiB appsettings.json (limit {Limit})");
            }
        }

        return failures;
    }

    /// <summary>Starts this program again as a child for one configuration and reads its result line.</summary>
    private static async Task<(long WorkingSet, long Managed, string? Error)> ChildAsync(Config config, int kib)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(PeakMemory).Assembly.Location);
        }

        foreach (var argument in new[] { "--memory-child", config.ToString(), "--memory-child-kib", kib.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var line = (await output.ConfigureAwait(false)).Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            return (0, 0, $"the child exited with {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()} {line}");
        }

        var values = line[ResultPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('='))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return (long.Parse(values["working-set"], CultureInfo.InvariantCulture), long.Parse(values["managed"], CultureInfo.InvariantCulture),
            values["findings"] == "ok" ? null : $"findings not as planted: {values["findings"]}");
    }

    /// <summary>The child: one configuration on the appsettings shape at <paramref name="kib"/> KiB, then one result line.</summary>
    public static async Task<int> ChildMainAsync(Config config, int kib)
    {
        // kib 0: the same project without the large file (what the compiler holds when no analyzer reads it).
        var corpus = ScaleSeries.Shapes.Single(shape => shape.Name == "appsettings.json").Build(Math.Max(kib, 1));
        if (kib == 0)
        {
            corpus = Corpus.Of(corpus.Trees.Select(tree => tree.ToString()).ToArray(), Array.Empty<(string, string)>(), new Dictionary<string, int>());
        }

        var analyzers = new Dictionary<Config, ImmutableArray<DiagnosticAnalyzer>>
        {
            [Config.Empty] = AnalyzerSets.Empty(),
            [Config.TokenAnalyzers] = AnalyzerSets.TokenAnalyzers(),
        };
        var measurement = new Measurement(References.All(), analyzers, Array.Empty<string>(), concurrent: false);

        long peakManaged = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(2).ConfigureAwait(false);
            }
        });

        var sample = await measurement.RunAsync(corpus, config).ConfigureAwait(false);
        stop.Cancel();
        await sampler.ConfigureAwait(false);
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));

        string findings = "ok";
        if (config == Config.TokenAnalyzers)
        {
            var found = sample.Diagnostics.Where(d => d.Id.StartsWith("TA", StringComparison.Ordinal) || d.Id == "AD0001")
                .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            var expected = corpus.Expected.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value);
            if (found.Count != expected.Count || found.Any(p => expected.GetValueOrDefault(p.Key) != p.Value))
            {
                findings = string.Join(",", found.Select(p => $"{p.Key}x{p.Value}"));
            }
        }

        if (sample.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Descriptor.Category == "Compiler") || sample.Exceptions.Length > 0)
        {
            findings = "compile-error-or-exception";
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"{ResultPrefix} working-set={self.PeakWorkingSet64} managed={peakManaged} findings={findings}");
        return 0;
    }
}
