using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// Issue 26's scale probes as doubling series: each shape at 1x, 2x and 4x its base size. For each size the compile
/// time and the analyzers' added time (their execution time, AnalyzerTelemetryInfo) are printed, and the growth
/// exponent of the added time, log2(t(4x) / t(1x)) / 2: 1 is linear, 2 quadratic. The added time holds the compiler
/// binding the member bodies the rules ask about, which is not ours to make linear (a 50,000-element initializer
/// binds with an exponent of about 1.2-1.5 in Roslyn itself, its garbage collections included) and which the first
/// operation-based analyzer of a build pays for all of them: so the exponent that fails a shape is that of the time
/// beyond binding, TokenAnalyzers next to <see cref="BindingAnalyzer"/> minus <see cref="BindingAnalyzer"/> alone
/// (the median of the runs' differences, <c>--scale-runs</c>). A shape fails when that exponent is above 1.2 while that time at 4x
/// exceeds 100 ms, or when the whole added time exceeds the compile time (2x the compile). The smoke mode runs each
/// shape once at a tenth of its base size and checks the findings only (no timing).
/// </summary>
internal static class ScaleSeries
{
    public const double MaxExponent = 1.2;
    public const double ExponentFloorMs = 100;

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Microsoft.IdentityModel.Tokens;

        """;

    /// <param name="BindsLargeMember">
    /// Whether the shape puts its candidates in one large member, whose binding the rules pay first: then the series
    /// also measures the binding floor and judges the time beyond it. Elsewhere (many small members, a JSON file) the
    /// floor would bind every file of the corpus for nothing the rules ask, and the whole added time is judged.
    /// </param>
    /// <param name="WithinCompileTime">
    /// Whether the analyzers' added time must stay within the compile time (2x the compile). Not for the
    /// appsettings.json shape: the compiler does not read that file at all, and its limit is memory (<c>--memory</c>).
    /// </param>
    internal sealed record Shape(string Name, string Unit, int Base, Func<int, Corpus> Build, bool BindsLargeMember = false, bool WithinCompileTime = true);

    public static readonly IReadOnlyList<Shape> Shapes = new[]
    {
        new Shape("collection expression of \"none\" strings (TA306)", "elements", 5_000, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) { p.ValidAlgorithms = [" + string.Join(", ", Enumerable.Repeat("\"none\"", n)) + "]; } }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int> { ["TA306"] = 1 }), BindsLargeMember: true),
        new Shape("appsettings.json", "KiB", 2_560, kib => Corpus.Of(
            new[] { Usings + "class C { }" },
            new[] { ("/scale/appsettings.json", LargeAppSettings(kib * 1024)) },
            new Dictionary<string, int> { ["TA501"] = 1 }), WithinCompileTime: false),
        new Shape("collection initializer", "elements", 12_500, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) { p.ValidAlgorithms = new List<string> { " + string.Join(", ", Enumerable.Range(0, n).Select(i => "\"RS" + (256 + (i % 3)).ToString(CultureInfo.InvariantCulture) + "\"")) + " }; } }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int>()), BindsLargeMember: true),
        new Shape("one method", "lines", 5_000, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) {\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"    var v{i} = p.ValidIssuer + \"{i}\";\n")) + "} }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int>()), BindsLargeMember: true),
        new Shape("nested blocks", "levels", 1_250, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) { " + new string('{', n) + " p.ValidateIssuer = false; " + new string('}', n) + " } }" },
            Array.Empty<(string, string)>(),
            // Beyond NestingDepth.Limit the member is reported (TA0002) instead of analyzed: the compiler's operation
            // tree would overflow a 1 MB thread. The series then measures the depth check.
            new Dictionary<string, int> { [n + 4 > global::TokenAnalyzers.Roslyn.NestingDepth.Limit ? "TA0002" : "TA101"] = 1 })),
        new Shape("partial parts", "parts", 1_250, n => Corpus.Of(
            Enumerable.Range(0, n).Select(i => Usings + $"partial class P {{ TokenValidationParameters _p{i} = new(); void M{i}() {{ _p{i}.ValidIssuer = \"https://issuer{i}\"; }} }}").ToArray(),
            Array.Empty<(string, string)>(),
            new Dictionary<string, int>())),
        new Shape("field writes", "writes", 2_500, n => Corpus.Of(
            new[] { Usings + "class C { TokenValidationParameters _p = new(); void M() {\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"    _p.ValidAudience = \"api{i}\";\n")) + "} }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int>())),
        new Shape("files", "files", 1_250, n => Corpus.Generate(n, withTokenLibraries: true)),
    };

    /// <summary>A realistic appsettings.json of about <paramref name="bytes"/> characters, with one planted TA501.</summary>
    public static string LargeAppSettings(int bytes)
    {
        var text = new StringBuilder("{\n  \"Settings\": {\n");
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append("    \"Key").Append(i).Append("\": \"value-").Append(i).Append("\",\n");
            text.Append("    \"Limit").Append(i).Append("\": ").Append(i).Append(",\n");
        }

        return text.Append("    \"ValidateIssuer\": false\n  }\n}\n").ToString();
    }

    /// <summary>Runs every shape; returns the failures (counts always; timing only outside the smoke mode).</summary>
    public static async Task<List<string>> RunAsync(Measurement measurement, bool smoke, int runs, IReadOnlyList<string> only, Action<Corpus, Config, Sample, List<string>> check)
    {
        var failures = new List<string>();
        Console.WriteLine();
        Console.WriteLine(smoke
            ? "== scale shapes (smoke: a tenth of each base size, findings only)"
            : $"== scale shapes: doubling series 1x, 2x, 4x, medians of {runs} runs; growth exponent of the analyzers' time beyond binding the code (limit {MaxExponent} where it exceeds {ExponentFloorMs} ms at 4x); added time at most the compile time");
        foreach (var shape in Shapes.Where(shape => only.Count == 0 || only.Any(part => shape.Name.Contains(part, StringComparison.OrdinalIgnoreCase))))
        {
            if (smoke)
            {
                var size = Math.Max(1, shape.Base / 10);
                var corpus = shape.Build(size);
                check(corpus, Config.TokenAnalyzers, await measurement.RunAsync(corpus, Config.TokenAnalyzers), failures);
                Console.WriteLine($"   {shape.Name}, {size:N0} {shape.Unit}: findings as planted");
                continue;
            }

            var added = new List<double>();
            var beyond = new List<double>();
            var line = new StringBuilder($"   {shape.Name}:");
            foreach (var factor in new[] { 1, 2, 4 })
            {
                var size = shape.Base * factor;
                var corpus = shape.Build(size);
                var compile = await measurement.RunAsync(corpus, Config.Compile);
                var analyzed = await measurement.RunAsync(corpus, Config.TokenAnalyzers);
                check(corpus, Config.TokenAnalyzers, analyzed, failures);
                var alone = new List<double>();
                var binding = new List<double>();
                var both = new List<double>();
                for (var run = 0; run < runs; run++)
                {
                    alone.Add(await AnalyzerMsAsync(measurement, corpus, Config.TokenAnalyzers, $"{shape.Name} x{factor}", failures));
                    if (shape.BindsLargeMember)
                    {
                        binding.Add(await AnalyzerMsAsync(measurement, corpus, Config.Binding, $"{shape.Name} x{factor}", failures));
                        both.Add(await AnalyzerMsAsync(measurement, corpus, Config.TokenAnalyzersAfterBinding, $"{shape.Name} x{factor}", failures));
                    }
                }

                added.Add(Median(alone));
                // The median of each run's difference (the two were measured one after the other), never below zero
                // and never more than TokenAnalyzers alone: where it binds little, the difference is noise.
                beyond.Add(shape.BindsLargeMember ? Math.Min(added[^1], Math.Max(0, Median(both.Select((ms, run) => ms - binding[run]).ToList()))) : added[^1]);
                var split = shape.BindsLargeMember ? $"; binding {Median(binding):F0} ms, beyond it {beyond[^1]:F0} ms" : "";
                line.Append(CultureInfo.InvariantCulture, $" {factor}x ({size:N0} {shape.Unit}) compile {compile.WallMs:F0} ms, analyzers +{added[^1]:F0} ms ({100 * added[^1] / compile.WallMs:F0}%{split}), allocated +{(analyzed.AllocatedBytes - compile.AllocatedBytes) / (1024.0 * 1024.0):F0} MiB;");
                if (shape.WithinCompileTime && added[^1] > compile.WallMs)
                {
                    failures.Add($"{shape.Name} x{factor}: the analyzers add {added[^1]:F0} ms to a compile of {compile.WallMs:F0} ms (limit: 2x the compile time)");
                }
            }

            var exponent = Exponent(beyond[0], beyond[2]);
            line.Append(CultureInfo.InvariantCulture, $" exponent{(shape.BindsLargeMember ? " beyond binding" : "")} {exponent:F2} (1x->2x {Exponent(beyond[0], beyond[1]) * 2:F2}, 2x->4x {Exponent(beyond[1], beyond[2]) * 2:F2}), of the whole added time {Exponent(added[0], added[2]):F2}");
            Console.WriteLine(line);
            if (exponent > MaxExponent && beyond[2] > ExponentFloorMs)
            {
                failures.Add($"{shape.Name}: the analyzers' time{(shape.BindsLargeMember ? " beyond binding" : "")} grows with exponent {exponent:F2} (limit {MaxExponent}) and is {beyond[2]:F0} ms at 4x");
            }
        }

        return failures;
    }

    private static async Task<double> AnalyzerMsAsync(Measurement measurement, Corpus corpus, Config config, string what, List<string> failures)
    {
        var (total, _, exceptions) = await measurement.AnalyzerTimeAsync(corpus, config);
        failures.AddRange(exceptions.Select(e => $"{what}: {e}"));
        return total;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>log2(later / earlier) / 2: the exponent over a factor of 4 (for a factor of 2, twice this is the exponent).</summary>
    private static double Exponent(double earlier, double later) =>
        earlier <= 0 || later <= 0 ? 0 : Math.Log(later / earlier, 2) / 2;
}
