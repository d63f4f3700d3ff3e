using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// Issue 22, item 1: what a real <c>dotnet build</c> pays, in a fresh compiler process per build as on a CI agent.
/// The generated corpus is written to disk as an ASP.NET Core-style library (JwtBearer 10.0.15 and the IdentityModel
/// packages from the feed), TokenAnalyzers comes from a local folder feed that this run packs from <c>nuget/</c>
/// (as <c>.ci/run</c>'s consumer step does), and the project is built with
/// <c>dotnet build --no-restore --no-incremental -p:ReportAnalyzer=true -p:UseSharedCompilation=false</c> in three
/// configurations, alternating: TokenAnalyzers only; CA5404 + CA5405 switched on in <c>.editorconfig</c> only; neither.
/// The per-analyzer times come from the compiler's own report (ReportAnalyzer; printed at detailed verbosity, so the
/// build writes a detailed file log), the findings from the build's SARIF log (<c>-p:ErrorLog</c>): counts are
/// checked, timing is reported, never asserted. With <c>--libraries absent</c> the corpus and both projects are those
/// of a web project without the token libraries (the framework reference and the ordinary <c>appsettings.json</c>
/// stay): what a project pays that gets the package with nothing for most rules, for instance from a solution-wide
/// <c>Directory.Build.props</c>.
/// </summary>
internal static class RealBuild
{
    public const string JwtBearerVersion = "10.0.15";
    public const string IdentityModelVersion = "8.23.0";

    private static readonly string[] PeerAnalyzers = { "DoNotDisableTokenValidationChecks", "DoNotAlwaysSkipTokenValidationInDelegates" };

    internal enum BuildConfig
    {
        TokenAnalyzers,
        Peer,
        Neither,
    }

    internal sealed record BuildSample(BuildConfig Config, double WallMs, double CscMs, double TotalAnalyzerMs, double TokenAnalyzersMs, double PeerMs,
        IReadOnlyDictionary<string, double> Rows, IReadOnlyDictionary<string, int> Findings);

    public static int Run(IReadOnlyList<int> sizes, IReadOnlyList<bool> librarySets, int runs, string? workDirectory, bool keep, string? analyzerDll, ImmutableHashSet<string> supported)
    {
        var root = RepositoryRoot();
        var work = workDirectory is { } given ? Path.GetFullPath(given) : Path.Combine(Path.GetTempPath(), $"tokenanalyzers-realbuild-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var failures = new List<string>();
        var environment = new Dictionary<string, string>
        {
            // Its own package folder: no stale TokenAnalyzers of the same version from the user's cache.
            ["NUGET_PACKAGES"] = Path.Combine(work, "packages"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // The generated project is not ours: the repository's CI switch must not make its warnings errors.
            ["CI"] = "",
        };
        try
        {
            Console.WriteLine($"== real build: work folder {work}");
            var feed = Path.Combine(work, "feed");
            if (Directory.Exists(feed))
            {
                Directory.Delete(feed, recursive: true);
            }

            Exec(root, environment, "dotnet", "pack", Path.Combine(root, "nuget", "TokenAnalyzers.Package"), "-c", "Release", "-o", feed, "-nodeReuse:false");
            var nupkg = Directory.GetFiles(feed, "TokenAnalyzers.*.nupkg").Single();
            var version = Path.GetFileNameWithoutExtension(nupkg)["TokenAnalyzers.".Length..];
            var cached = Path.Combine(work, "packages", "tokenanalyzers");
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }

            File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />\n");
            // The local feed is added to the user's sources (the mirror serves the other packages).
            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="tokenanalyzers-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            Console.WriteLine($"   packed TokenAnalyzers {version} into {feed}");

            foreach (var size in sizes)
            {
                foreach (var withLibraries in librarySets)
                {
                    failures.AddRange(RunSize(work, environment, size, withLibraries, runs, version, analyzerDll, supported));
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            failures.Add(exception.Message);
        }
        finally
        {
            if (!keep && workDirectory is null)
            {
                TryDelete(work);
            }
            else
            {
                Console.WriteLine($"   kept {work}");
            }
        }

        return Program.Outcome(failures, "Real build: findings as planted, and every report listed the analyzers of its configuration.");
    }

    private static List<string> RunSize(string work, Dictionary<string, string> environment, int size, bool withLibraries, int runs, string version, string? analyzerDll, ImmutableHashSet<string> supported)
    {
        var failures = new List<string>();
        var corpus = Corpus.Generate(size, withLibraries);
        var directory = Path.Combine(work, withLibraries ? $"files{size}" : $"files{size}-without-libraries");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        WriteProject(directory, corpus, version);
        Console.WriteLine();
        Console.WriteLine($"== {corpus.Name}, on disk: {corpus.Lines:N0} lines, {corpus.TokenFiles} token files, {corpus.AdditionalFiles.Length} appsettings files" +
                          (withLibraries ? $"; JwtBearer {JwtBearerVersion}, IdentityModel {IdentityModelVersion}" : ""));
        // Restore once, up front: the timed builds run with --no-restore.
        foreach (var project in new[] { "with", "without" })
        {
            Exec(directory, environment, "dotnet", "restore", Path.Combine(directory, project, "Corpus.csproj"), "-nodeReuse:false");
        }

        if (analyzerDll is not null)
        {
            // The restored package is what the compiler loads: the experiment replaces its analyzer DLL there.
            var installed = Path.Combine(work, "packages", "tokenanalyzers", version, "analyzers", "dotnet", "cs", "TokenAnalyzers.dll");
            File.Copy(analyzerDll, installed, overwrite: true);
            Console.WriteLine($"   TokenAnalyzers.dll replaced by {analyzerDll}");
        }

        var configs = new[] { BuildConfig.TokenAnalyzers, BuildConfig.Peer, BuildConfig.Neither };
        var samples = configs.ToDictionary(c => c, _ => new List<BuildSample>());
        for (var run = 0; run < runs; run++)
        {
            for (var j = 0; j < configs.Length; j++)
            {
                // Rotate the order so drift on a shared machine does not always hit the same configuration.
                var config = configs[(j + run) % configs.Length];
                var sample = Build(directory, environment, config, run);
                samples[config].Add(sample);
                failures.AddRange(Check(corpus, sample, supported, reportFindings: run == 0));
                Console.WriteLine($"   run {run + 1,-3} {Label(config),-15} build {sample.WallMs,7:F0} ms  Csc task {sample.CscMs,7:F0} ms  all analyzers {sample.TotalAnalyzerMs,7:F0} ms  " +
                                  $"TokenAnalyzers {sample.TokenAnalyzersMs,6:F0} ms  CA5404+CA5405 {sample.PeerMs,6:F0} ms");
            }
        }

        var ta = Stats.Median(samples[BuildConfig.TokenAnalyzers].Select(s => s.TokenAnalyzersMs));
        var peer = Stats.Median(samples[BuildConfig.Peer].Select(s => s.PeerMs));
        var neitherWall = Stats.Median(samples[BuildConfig.Neither].Select(s => s.WallMs));
        var neitherCsc = Stats.Median(samples[BuildConfig.Neither].Select(s => s.CscMs));
        string Values(BuildConfig config, Func<BuildSample, double> value) => string.Join(", ", samples[config].Select(s => value(s).ToString("F0", CultureInfo.InvariantCulture)));
        Console.WriteLine();
        Console.WriteLine($"Real build, {corpus.Name}, medians of {runs} run(s) (the compiler's ReportAnalyzer rows, a fresh compiler process per build):");
        Console.WriteLine();
        Console.WriteLine("| Files | TokenAnalyzers (ms) | CA5404+CA5405 (ms) | TokenAnalyzers / CA5404+CA5405 | Build, neither (ms) | Csc task, neither (ms) | Build, TokenAnalyzers (ms) | Build, CA5404+CA5405 (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {size:N0} | {ta:F0} | {peer:F0} | {(peer > 0 ? (ta / peer).ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a")} | {neitherWall:F0} | {neitherCsc:F0} | " +
                          $"{Stats.Median(samples[BuildConfig.TokenAnalyzers].Select(s => s.WallMs)):F0} | {Stats.Median(samples[BuildConfig.Peer].Select(s => s.WallMs)):F0} |");
        Console.WriteLine();
        Console.WriteLine($"   runs: TokenAnalyzers {Values(BuildConfig.TokenAnalyzers, s => s.TokenAnalyzersMs)} ms; CA5404+CA5405 {Values(BuildConfig.Peer, s => s.PeerMs)} ms; " +
                          $"builds with neither {Values(BuildConfig.Neither, s => s.WallMs)} ms");
        return failures;
    }

    private static string Label(BuildConfig config) => config switch
    {
        BuildConfig.TokenAnalyzers => "TokenAnalyzers",
        BuildConfig.Peer => "CA5404+CA5405",
        _ => "neither",
    };

    /// <summary>
    /// <c>src/</c> holds the corpus (the same relative paths as in memory); <c>with/</c> and <c>without/</c> are the
    /// same library project over those files, with and without the TokenAnalyzers package, each restored once.
    /// </summary>
    private static void WriteProject(string directory, Corpus corpus, string version)
    {
        var source = Path.Combine(directory, "src");
        foreach (var tree in corpus.Trees)
        {
            var path = Path.Combine(source, tree.FilePath.TrimStart('/')["corpus/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, tree.GetText().ToString(), new UTF8Encoding(false));
        }

        foreach (var additional in corpus.AdditionalFiles)
        {
            var path = Path.Combine(source, additional.Path.TrimStart('/')["corpus/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, additional.GetText()!.ToString(), new UTF8Encoding(false));
        }

        foreach (var (project, withTokenAnalyzers) in new[] { ("with", true), ("without", false) })
        {
            Directory.CreateDirectory(Path.Combine(directory, project));
            File.WriteAllText(Path.Combine(directory, project, "Corpus.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <OutputType>Library</OutputType>
                    <AssemblyName>Corpus</AssemblyName>
                    <LangVersion>latest</LangVersion>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
                    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                    <GenerateDocumentationFile>false</GenerateDocumentationFile>
                  </PropertyGroup>
                  <ItemGroup>
                    <FrameworkReference Include="Microsoft.AspNetCore.App" />
                    <Compile Include="../src/**/*.cs" />
                  </ItemGroup>
                {(corpus.WithTokenLibraries ? $"""
                  <ItemGroup>
                    <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="{JwtBearerVersion}" />
                    <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{IdentityModelVersion}" />
                    <PackageReference Include="Microsoft.IdentityModel.JsonWebTokens" Version="{IdentityModelVersion}" />
                    <PackageReference Include="Microsoft.IdentityModel.Validators" Version="{IdentityModelVersion}" />
                    <PackageReference Include="Microsoft.IdentityModel.Protocols.OpenIdConnect" Version="{IdentityModelVersion}" />
                    <PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="{IdentityModelVersion}" />
                  </ItemGroup>
                """ : "")}
                {(withTokenAnalyzers ? $"""
                  <ItemGroup>
                    <PackageReference Include="TokenAnalyzers" Version="{version}" PrivateAssets="all" />
                    <!-- The package adds the project folder's appsettings*.json; the services' files sit in subfolders. -->
                    <AdditionalFiles Include="../src/**/appsettings*.json" />
                  </ItemGroup>
                """ : "")}
                </Project>
                """);
        }
    }

    private static BuildSample Build(string directory, Dictionary<string, string> environment, BuildConfig config, int run)
    {
        // CA5404 and CA5405 are off by default; the peer's configuration switches them on here and nowhere else.
        File.WriteAllText(Path.Combine(directory, ".editorconfig"), config == BuildConfig.Peer
            ? "root = true\n\n[*.cs]\ndotnet_diagnostic.CA5404.severity = warning\ndotnet_diagnostic.CA5405.severity = warning\n"
            : "root = true\n");
        var project = Path.Combine(directory, config == BuildConfig.TokenAnalyzers ? "with" : "without", "Corpus.csproj");
        var logs = Path.Combine(directory, "logs");
        Directory.CreateDirectory(logs);
        var name = $"{config}-{run + 1}";
        var log = Path.Combine(logs, name + ".log");
        var sarif = Path.Combine(logs, name + ".sarif");
        var stopwatch = Stopwatch.StartNew();
        Exec(directory, environment, "dotnet", "build", project, "--no-restore", "--no-incremental", "-nodeReuse:false",
            "-p:ReportAnalyzer=true", "-p:UseSharedCompilation=false", $"-p:ErrorLog={sarif}%2Cversion%3D2.1",
            "-clp:ErrorsOnly", "-fl", $"-flp:logfile={log};verbosity=detailed;PerformanceSummary");
        stopwatch.Stop();
        var report = AnalyzerReport.Parse(File.ReadAllLines(log));
        return new BuildSample(config, stopwatch.Elapsed.TotalMilliseconds, report.CscMs, report.TotalMs,
            report.Rows.Where(r => r.Key.StartsWith("TokenAnalyzers.", StringComparison.Ordinal)).Sum(r => r.Value),
            report.Rows.Where(r => PeerAnalyzers.Any(p => r.Key.EndsWith("." + p, StringComparison.Ordinal))).Sum(r => r.Value),
            report.Rows, Sarif.CountByRule(sarif));
    }

    private static IEnumerable<string> Check(Corpus corpus, BuildSample sample, ImmutableHashSet<string> supported, bool reportFindings)
    {
        var label = $"{corpus.Files:N0} files, {Label(sample.Config)}";
        // The report lists every analyzer the compiler loaded, with "<0.001" for those whose rules are all off (CA5404
        // and CA5405 by default): the peer must be listed with time in its configuration and at "<0.001" elsewhere,
        // and its findings (below) prove that it ran.
        var hasTokenAnalyzers = sample.Rows.Keys.Any(k => k.StartsWith("TokenAnalyzers.", StringComparison.Ordinal));
        var hasPeer = PeerAnalyzers.All(p => sample.Rows.Keys.Any(k => k.EndsWith("." + p, StringComparison.Ordinal)));
        if (sample.Rows.Count == 0)
        {
            yield return $"{label}: no ReportAnalyzer rows in the build log";
        }

        if (hasTokenAnalyzers != (sample.Config == BuildConfig.TokenAnalyzers))
        {
            yield return $"{label}: the compiler's report {(hasTokenAnalyzers ? "lists" : "does not list")} TokenAnalyzers";
        }

        // Without the libraries the peer has nothing to analyze: its rows may read <0.001 in its configuration too.
        if (sample.Config == BuildConfig.Peer ? !hasPeer || (corpus.WithTokenLibraries && sample.PeerMs <= 0) : sample.PeerMs > 0)
        {
            yield return $"{label}: the compiler's report gives {string.Join(" and ", PeerAnalyzers)} {sample.PeerMs:F0} ms{(hasPeer ? "" : " (not listed)")}";
        }

        var ours = sample.Findings.Where(f => f.Key.StartsWith("TA", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value);
        if (sample.Config == BuildConfig.TokenAnalyzers)
        {
            foreach (var id in supported.Union(ours.Keys).OrderBy(id => id, StringComparer.Ordinal))
            {
                var expected = corpus.Expected.GetValueOrDefault(id);
                var found = ours.GetValueOrDefault(id);
                if (expected != found)
                {
                    yield return $"{label}: {id} expected {expected}, found {found}";
                }
            }

            if (reportFindings)
            {
                Console.WriteLine($"   TokenAnalyzers findings: {string.Join(" ", ours.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} x {f.Value}"))} (as planted: {corpus.Expected.Values.Sum()})");
            }
        }
        else if (ours.Count > 0)
        {
            yield return $"{label}: TokenAnalyzers reported {string.Join(" ", ours.Keys)} in a build without it";
        }

        foreach (var id in AnalyzerSets.PeerIds)
        {
            var found = sample.Findings.GetValueOrDefault(id);
            if (sample.Config == BuildConfig.Peer && corpus.WithTokenLibraries ? found == 0 : found != 0)
            {
                yield return $"{label}: {id} x {found}";
            }
            else if (reportFindings && sample.Config == BuildConfig.Peer)
            {
                Console.WriteLine($"   peer findings: {id} x {found}");
            }
        }
    }

    /// <summary>The folder with TokenAnalyzers.sln above the benchmark's binaries (or the current folder).</summary>
    internal static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "TokenAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("TokenAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs a command to completion; its output goes to the console only when it fails.</summary>
    internal static string Exec(string workingDirectory, IReadOnlyDictionary<string, string> environment, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value.Length == 0)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(" ", arguments)} exited with {process.ExitCode}:{Environment.NewLine}{Tail(output)}{Tail(error.Result)}");
        }

        return output;
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException exception)
        {
            Console.WriteLine($"   could not delete {directory}: {exception.Message}");
        }
    }
}

/// <summary>
/// The compiler's ReportAnalyzer output in a detailed MSBuild text log:
/// <code>
/// Total analyzer execution time: 0.855 seconds.
///
/// Time (s)    %   Analyzer
///    0.175   20   TokenAnalyzers, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null
///    0.175   20      TokenAnalyzers.TokenValidationAnalyzer (TA0002, ...)
/// </code>
/// Assembly rows are indented by three spaces after the percentage, analyzer rows by six; "&lt;0.001" counts as 0.
/// The section ends where the generators' report ("Total generator execution time") starts. Also reads the Csc task's
/// time from the task performance summary.
/// </summary>
internal sealed record AnalyzerReport(double TotalMs, double CscMs, IReadOnlyDictionary<string, double> Rows)
{
    private static readonly Regex Total = new(@"Total analyzer execution time: (?<s>[\d.]+) seconds", RegexOptions.CultureInvariant);
    private static readonly Regex Row = new(@"^\s*(?<s><?[\d.]+)\s+(?<pct><?\d+)(?<indent> {3,})(?<name>\S.*?)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex Csc = new(@"^\s*(?<ms>\d+) ms\s+Csc\s+\d+ calls", RegexOptions.CultureInvariant);

    public static AnalyzerReport Parse(IEnumerable<string> lines)
    {
        double? total = null;
        double csc = 0;
        var rows = new Dictionary<string, double>(StringComparer.Ordinal);
        var inSection = false;
        foreach (var line in lines)
        {
            if (Total.Match(line) is { Success: true } totalMatch)
            {
                total = double.Parse(totalMatch.Groups["s"].Value, CultureInfo.InvariantCulture) * 1000;
                inSection = true;
                continue;
            }

            if (Csc.Match(line) is { Success: true } cscMatch)
            {
                csc = double.Parse(cscMatch.Groups["ms"].Value, CultureInfo.InvariantCulture);
                continue;
            }

            if (!inSection)
            {
                continue;
            }

            if (line.Contains("Total generator execution time", StringComparison.Ordinal) || line.Contains("Done executing task", StringComparison.Ordinal))
            {
                inSection = false;
                continue;
            }

            if (Row.Match(line) is { Success: true } row && row.Groups["indent"].Value.Length > 3)
            {
                var seconds = row.Groups["s"].Value;
                var ms = seconds.StartsWith('<') ? 0 : double.Parse(seconds, CultureInfo.InvariantCulture) * 1000;
                var name = row.Groups["name"].Value;
                var paren = name.IndexOf(" (", StringComparison.Ordinal);
                name = paren > 0 ? name[..paren] : name;
                rows[name] = rows.GetValueOrDefault(name) + ms;
            }
        }

        return new AnalyzerReport(total ?? 0, csc, rows);
    }
}

/// <summary>Counts the results of a SARIF 2.1 log by rule id (suppressed results left out).</summary>
internal static class Sarif
{
    public static IReadOnlyDictionary<string, int> CountByRule(string path)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return counts;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var results))
            {
                continue;
            }

            foreach (var result in results.EnumerateArray())
            {
                if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0)
                {
                    continue;
                }

                var id = result.GetProperty("ruleId").GetString() ?? "";
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }

        return counts;
    }
}
