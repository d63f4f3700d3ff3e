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
/// exponent of the added time, log2(t(4x) / t(1x)) / 2: 1 is linear, 2 quadratic. A shape fails when the exponent
/// is above 1.2 while the added time at 4x exceeds 100 ms. The smoke mode runs each shape once at a tenth of its
/// base size and checks the findings only (no timing).
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

    internal sealed record Shape(string Name, string Unit, int Base, Func<int, Corpus> Build);

    public static readonly IReadOnlyList<Shape> Shapes = new[]
    {
        new Shape("collection expression of \"none\" strings (TA306)", "elements", 5_000, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) { p.ValidAlgorithms = [" + string.Join(", ", Enumerable.Repeat("\"none\"", n)) + "]; } }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int> { ["TA306"] = 1 })),
        new Shape("appsettings.json", "KiB", 2_560, kib => Corpus.Of(
            new[] { Usings + "class C { }" },
            new[] { ("/scale/appsettings.json", LargeAppSettings(kib * 1024)) },
            new Dictionary<string, int> { ["TA501"] = 1 })),
        new Shape("collection initializer", "elements", 12_500, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) { p.ValidAlgorithms = new List<string> { " + string.Join(", ", Enumerable.Range(0, n).Select(i => "\"RS" + (256 + (i % 3)).ToString(CultureInfo.InvariantCulture) + "\"")) + " }; } }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int>())),
        new Shape("one method", "lines", 5_000, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) {\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"    var v{i} = p.ValidIssuer + \"{i}\";\n")) + "} }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int>())),
        new Shape("nested blocks", "levels", 1_250, n => Corpus.Of(
            new[] { Usings + "class C { void M(TokenValidationParameters p) { " + new string('{', n) + " p.ValidateIssuer = false; " + new string('}', n) + " } }" },
            Array.Empty<(string, string)>(),
            new Dictionary<string, int> { ["TA101"] = 1 })),
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
    public static async Task<List<string>> RunAsync(Measurement measurement, bool smoke, IReadOnlyList<string> only, Action<Corpus, Config, Sample, List<string>> check)
    {
        var failures = new List<string>();
        Console.WriteLine();
        Console.WriteLine(smoke
            ? "== scale shapes (smoke: a tenth of each base size, findings only)"
            : $"== scale shapes: doubling series 1x, 2x, 4x; growth exponent of the analyzers' added time (limit {MaxExponent} where it exceeds {ExponentFloorMs} ms at 4x)");
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
            var line = new StringBuilder($"   {shape.Name}:");
            foreach (var factor in new[] { 1, 2, 4 })
            {
                var size = shape.Base * factor;
                var corpus = shape.Build(size);
                var compile = await measurement.RunAsync(corpus, Config.Compile);
                var analyzed = await measurement.RunAsync(corpus, Config.TokenAnalyzers);
                check(corpus, Config.TokenAnalyzers, analyzed, failures);
                var (analyzerMs, _, exceptions) = await measurement.AnalyzerTimeAsync(corpus, Config.TokenAnalyzers);
                failures.AddRange(exceptions.Select(e => $"{shape.Name} x{factor}: {e}"));
                added.Add(analyzerMs);
                line.Append(CultureInfo.InvariantCulture, $" {factor}x ({size:N0} {shape.Unit}) compile {compile.WallMs:F0} ms, analyzers +{analyzerMs:F0} ms ({100 * analyzerMs / compile.WallMs:F0}%), allocated +{(analyzed.AllocatedBytes - compile.AllocatedBytes) / (1024.0 * 1024.0):F0} MiB;");
            }

            var exponent = Exponent(added[0], added[2]);
            line.Append(CultureInfo.InvariantCulture, $" exponent {exponent:F2} (1x->2x {Exponent(added[0], added[1]) * 2:F2}, 2x->4x {Exponent(added[1], added[2]) * 2:F2})");
            Console.WriteLine(line);
            if (exponent > MaxExponent && added[2] > ExponentFloorMs)
            {
                failures.Add($"{shape.Name}: the analyzers' added time grows with exponent {exponent:F2} (limit {MaxExponent}) and is {added[2]:F0} ms at 4x");
            }
        }

        return failures;
    }

    /// <summary>log2(later / earlier) / 2: the exponent over a factor of 4 (for a factor of 2, twice this is the exponent).</summary>
    private static double Exponent(double earlier, double later) =>
        earlier <= 0 || later <= 0 ? 0 : Math.Log(later / earlier, 2) / 2;
}
