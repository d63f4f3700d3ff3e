using System.Text.Json;
using System.Text.RegularExpressions;

namespace TokenAnalyzers.Cli.Tests
{
    /// <summary>
    /// A generated folder of four projects, restored offline (a nuget.config with only a local feed holding the one
    /// library, copied from the global packages folder, where this test project's own restore put it): one with
    /// findings, an .editorconfig and a restore warning, one without a token library, one whose restore fails, one
    /// MSBuild cannot read.
    /// </summary>
    public sealed class GeneratedTreeTests : IDisposable
    {
        private const string Validation = """
            using Microsoft.IdentityModel.Tokens;

            namespace Api;

            public static class Validation
            {
                public static TokenValidationParameters Create() => new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.example",
                    ValidAudience = "api://example",
                    // TA101, fixable: the issuer to compare with is set above.
                    ValidateIssuer = false,
                    ValidateAudience = false,
                    RequireExpirationTime = false,
                };
            }
            """;

        /// <summary>"中文注释" in GBK: not UTF-8.</summary>
        private static readonly byte[] LegacyComment = [0xD6, 0xD0, 0xCE, 0xC4, 0xD7, 0xA2, 0xCA, 0xCD];

        private readonly string _root = Path.Combine(Path.GetTempPath(), "token-analyzers-tree-" + Guid.NewGuid().ToString("N"));

        public GeneratedTreeTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, "feed"));
            Write("Directory.Build.props", "<Project />");
            Write("Directory.Build.targets", "<Project />");
            Write("nuget.config", """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="feed" />
                  </packageSources>
                </configuration>
                """);
            var version = typeof(Microsoft.IdentityModel.Tokens.TokenValidationParameters).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];
            // A version that was never published: restore resolves the feed's own copy instead, with the warning
            // NU1603, which MSBuildWorkspace reports as a load failure. The project is still loaded and analyzed whole.
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                           Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var nupkg = $"microsoft.identitymodel.tokens.{version}.nupkg";
            File.Copy(Path.Combine(packages, "microsoft.identitymodel.tokens", version, nupkg), Path.Combine(_root, "feed", nupkg));
            // A FrameworkReference the SDK already adds: restore warns NETSDK1086 (real projects ported from ASP.NET
            // Core 2.x keep one), and MSBuildWorkspace reports that warning as a load failure too.
            TokensVersion = version + "-unpublished";
            Write("src/Api/Api.csproj", Project($"""
                <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />
                <FrameworkReference Include="Microsoft.NETCore.App" />
                """));
            Write("src/Api/Validation.cs", Validation);
            // A file saved in a legacy code page (GBK, as real code of the ASP.NET Core 3 era): read as UTF-8 it has
            // replacement characters, and writing the fix would destroy its comment, so it is not fixed.
            Directory.CreateDirectory(Path.Combine(_root, "src/Api"));
            File.WriteAllBytes(Path.Combine(_root, "src/Api/Legacy.cs"), [.. "// "u8, .. LegacyComment, .. """

                namespace Api;

                public static class Legacy
                {
                    public static Microsoft.IdentityModel.Tokens.TokenValidationParameters Create() => new()
                    {
                        ValidIssuer = "https://issuer.example",
                        ValidateIssuer = false,
                    };
                }

                """u8]);
            // A finding the code suppresses: not listed, never fixed, in SARIF with its suppression (as a build's log).
            Write("src/Api/Suppressed.cs", """
                namespace Api;

                public static class Suppressed
                {
                #pragma warning disable TA101 // the issuer is checked by the gateway in front of this service
                    public static Microsoft.IdentityModel.Tokens.TokenValidationParameters Create() => new()
                    {
                        ValidIssuer = "https://issuer.example",
                        ValidateIssuer = false,
                    };
                #pragma warning restore TA101
                }
                """);
            // The project's own settings apply as in a build: TA102 off, TA105 an error, and TA501 an error in the
            // JSON file's section (the tool hands .editorconfig to the analyzer, as the package's build files do).
            Write("src/Api/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.TA102.severity = none\ndotnet_diagnostic.TA105.severity = error\n[appsettings.json]\ndotnet_diagnostic.TA501.severity = error\n");
            Write("src/Api/appsettings.json", "{\n  \"Jwt\": {\n    \"ValidateIssuer\": false\n  }\n}\n");
            // Real applications keep their settings in a folder of the project too (App_Data/, config/), as the
            // package's build files take them; a copy in the build output is not the project's.
            Write("src/Api/App_Data/appsettings.Production.json", "{\n  \"Jwt\": {\n    \"ValidateAudience\": false\n  }\n}\n");
            Write("src/Api/bin/Release/net10.0/appsettings.json", "{\n  \"Jwt\": {\n    \"ValidateLifetime\": false\n  }\n}\n");
            Write("src/Plain/Plain.csproj", Project(string.Empty));
            Write("src/Plain/Plain.cs", "namespace Plain; public static class Nothing { }");
            Write("src/Broken/Broken.csproj", Project("""<PackageReference Include="TokenAnalyzers.Tests.Package.That.Is.Nowhere" Version="1.0.0" />"""));
            Write("src/Broken/Broken.cs", "namespace Broken; public static class Nothing { }");
            // Not even XML: MSBuild cannot read it, so a restore of all projects at once stops before the others.
            Write("src/Corrupt/Corrupt.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        }

        /// <summary>The version of Microsoft.IdentityModel.Tokens the projects ask for (one the feed does not have: NU1603).</summary>
        private string TokensVersion { get; }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        [Fact]
        public async Task A_project_that_does_not_restore_is_named_the_others_are_analyzed_and_the_exit_code_is_2()
        {
            var sarif = Path.Combine(_root, "out", "tree.sarif");
            var before = File.ReadAllText(Path.Combine(_root, "src/Api/Validation.cs"));

            var run = await ToolRun.RunAsync(_root, "--sarif", sarif);

            var output = run.Output;
            Assert.True(run.ExitCode == 2, output);
            Assert.Matches(@"restore failed: src/Broken/Broken\.csproj: NU1101", output);
            Assert.Matches(@"failed: src/Corrupt/Corrupt\.csproj: MSB4025", output);
            Assert.Matches(@"src/Api/Validation\.cs\s+12,\d+\s+warning\s+ValidateIssuer is set to false", output);
            Assert.Matches(@"src/Api/Validation\.cs\s+14,\d+\s+error\s+RequireExpirationTime is set to false", output);
            Assert.DoesNotContain("TA102", output, StringComparison.Ordinal);
            Assert.Matches(@"src/Api/appsettings\.json\s+3,5\s+error\s+'Jwt:ValidateIssuer' is set to false", output);
            Assert.Matches(@"src/Api/App_Data/appsettings\.Production\.json\s+3,5\s+warning\s+'Jwt:ValidateAudience' is set to false", output);
            Assert.DoesNotContain("ValidateLifetime", output, StringComparison.Ordinal);
            Assert.Matches(@"\d+ findings are of rules with a code fix: --fix applies them where it is known to be safe\.", output);
            // Api analyzed; Plain skipped for want of a token library; Broken and Corrupt not analyzed.
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"Projects: 1 analyzed, \d skipped \(\d restore failed; 1 no token library referenced\), 2 with problems\."), output);
            Assert.Equal(before, File.ReadAllText(Path.Combine(_root, "src/Api/Validation.cs")));
            // Api's restore warned (NU1603 in its assets file, NETSDK1086 only in its output) and the scan is still
            // complete for it: no problem is named for it above.
            Assert.Contains("\"NU1603\"", File.ReadAllText(Path.Combine(_root, "src/Api/obj/project.assets.json")), StringComparison.Ordinal);
            Assert.DoesNotContain("NETSDK1086", File.ReadAllText(Path.Combine(_root, "src/Api/obj/project.assets.json")), StringComparison.Ordinal);
            Assert.DoesNotContain("Api.csproj", output, StringComparison.Ordinal);

            using var log = JsonDocument.Parse(File.ReadAllText(sarif));
            var run0 = log.RootElement.GetProperty("runs")[0];
            var invocation = run0.GetProperty("invocations")[0];
            Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
            var notified = invocation.GetProperty("toolExecutionNotifications").EnumerateArray()
                .Select(n => n.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
                .Distinct()
                .OrderBy(u => u, StringComparer.Ordinal);
            Assert.Equal(new[] { "src/Broken/Broken.csproj", "src/Corrupt/Corrupt.csproj" }, notified);
            Assert.Equal(new[] { "TA101", "TA101", "TA101", "TA105", "TA501", "TA501" }, run0.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()!).OrderBy(i => i, StringComparer.Ordinal));
            var suppressedResult = Assert.Single(run0.GetProperty("results").EnumerateArray(), r => r.TryGetProperty("suppressions", out _));
            Assert.Equal("inSource", suppressedResult.GetProperty("suppressions")[0].GetProperty("kind").GetString());
            Assert.EndsWith("src/Api/Suppressed.cs", suppressedResult.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Suppressed.cs", output, StringComparison.Ordinal);
            Assert.Equal("error", run0.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "TA105").GetProperty("level").GetString());

            // --fix with --rules: only TA101's fix runs, the file is written, the TA105 finding (not selected) stays.
            // The GBK file is named as not fixed (exit code 2: the run did not do all it was asked), byte for byte as it was.
            var legacy = File.ReadAllBytes(Path.Combine(_root, "src/Api/Legacy.cs"));
            var fix = await ToolRun.RunAsync(Path.Combine(_root, "src/Api"), "--fix", "--rules", "TA1x1", "--no-restore");

            Assert.True(fix.ExitCode == 2, fix.Output);
            Assert.Matches(@"Validation\.cs: TA101 x1", fix.Output);
            Assert.Matches(@"fix failed: .*Legacy\.cs: not fixed", fix.Output);
            Assert.Matches(@"Legacy\.cs\s+\d+,\d+\s+warning\s+ValidateIssuer is set to false", fix.Output);
            // Round AN: what is left of the rules with a fix is said to be left, not offered to --fix again.
            Assert.Contains("1 finding left is of rules with a code fix that did not apply here", fix.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("--fix applies it", fix.Output, StringComparison.Ordinal);
            Assert.Equal(legacy, File.ReadAllBytes(Path.Combine(_root, "src/Api/Legacy.cs")));
            Assert.Contains("ValidateIssuer = false", File.ReadAllText(Path.Combine(_root, "src/Api/Suppressed.cs")), StringComparison.Ordinal);
            var after = File.ReadAllText(Path.Combine(_root, "src/Api/Validation.cs"));
            Assert.DoesNotContain("ValidateIssuer = false", after, StringComparison.Ordinal);
            Assert.Contains("ValidateAudience = false", after, StringComparison.Ordinal);
            Assert.Contains("RequireExpirationTime = false", after, StringComparison.Ordinal);
        }

        /// <summary>
        /// A multi-targeted project (two target frameworks, here aliases of net10.0 so the test restores offline) whose
        /// file has a finding in each target's <c>#if</c> branch only (round W: the CLI fixed only the first target's).
        /// </summary>
        [Fact]
        public async Task Fix_fixes_what_each_target_framework_of_a_project_finds_and_reports_what_is_left_of_all()
        {
            Write("src/Multi/Multi.csproj", $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFrameworks>net10.0;modern</TargetFrameworks>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <PropertyGroup Condition="'$(TargetFramework)' == 'modern'">
                    <TargetFrameworkIdentifier>.NETCoreApp</TargetFrameworkIdentifier>
                    <TargetFrameworkVersion>v10.0</TargetFrameworkVersion>
                    <TargetFrameworkMoniker>.NETCoreApp,Version=v10.0</TargetFrameworkMoniker>
                    <DefineConstants>$(DefineConstants);MODERN</DefineConstants>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{{TokensVersion}}" />
                  </ItemGroup>
                </Project>
                """);
            Write("src/Multi/Validation.cs", """
                using Microsoft.IdentityModel.Tokens;

                namespace Multi;

                public static class Validation
                {
                    public static TokenValidationParameters Create() => new TokenValidationParameters
                    {
                        ValidIssuer = "https://issuer.example",
                #if MODERN
                        ValidateLifetime = false,
                #else
                        RequireExpirationTime = false,
                #endif
                        ValidateAudience = false,
                    };
                }
                """);

            // Without --fix: a finding of one target only names it; one of every target does not.
            var scan = await ToolRun.RunAsync(Path.Combine(_root, "src/Multi"));

            Assert.Matches(@"ValidateLifetime is set to false[^\n]*\[modern\]", scan.Output);
            Assert.Matches(@"RequireExpirationTime is set to false[^\n]*\[net10\.0\]", scan.Output);
            Assert.Matches(@"ValidateAudience is set to false[^\n\[]*\n", scan.Output);

            var fix = await ToolRun.RunAsync(Path.Combine(_root, "src/Multi"), "--fix", "--no-restore");

            Assert.True(fix.ExitCode == 1, fix.Output); // TA102 stays: no audience to check against
            Assert.Matches(@"Validation\.cs: (TA103 x1, TA105 x1|TA105 x1, TA103 x1)", fix.Output);
            var after = File.ReadAllText(Path.Combine(_root, "src/Multi/Validation.cs"));
            Assert.DoesNotContain("ValidateLifetime", after, StringComparison.Ordinal);
            Assert.DoesNotContain("RequireExpirationTime", after, StringComparison.Ordinal);
            Assert.Contains("#if MODERN", after, StringComparison.Ordinal);
            // The report after the fix is of the fixed text in both targets: nothing fixed is listed as left.
            Assert.Contains("ValidateAudience is set to false", fix.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("ValidateLifetime is set to false", fix.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("RequireExpirationTime is set to false", fix.Output, StringComparison.Ordinal);

            var again = await ToolRun.RunAsync(Path.Combine(_root, "src/Multi"), "--no-restore");

            Assert.Contains("ValidateAudience is set to false", again.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("ValidateLifetime is set to false", again.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("RequireExpirationTime is set to false", again.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// A test project with the package's <c>none</c> preset, which its build targets give test projects by default
        /// (round W: <c>--include-tests</c> loaded such a project and reported nothing). It references the test
        /// platform as Microsoft.NET.Test.Sdk makes it (this test's own copy of its object model), or, as an xunit.v3
        /// project without Microsoft.NET.Test.Sdk does, Microsoft.Testing.Platform (round AL: no IsTestProject there; the
        /// package's targets keep it quiet by IsTestingPlatformApplication, and the tool knows it by that reference).
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Include_tests_reports_in_a_test_project_that_the_package_keeps_quiet_by_default(bool testingPlatform)
        {
            WriteTestProject("Api.Tests", "none", testingPlatform);

            var skipped = await ToolRun.RunAsync(Path.Combine(_root, "src/Api.Tests"));
            var included = await ToolRun.RunAsync(Path.Combine(_root, "src/Api.Tests"), "--include-tests", "--no-restore");

            Assert.True(skipped.ExitCode == 0, skipped.Output);
            Assert.Contains("1 test project", skipped.Output, StringComparison.Ordinal);
            Assert.True(included.ExitCode == 1, included.Output);
            Assert.Contains("ValidateIssuer is set to false", included.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// A project whose repository's build files fail to evaluate inside a solution (round AI: openiddict-core's
        /// Arcade props, <c>MakeRelative('', ...)</c>, MSB4184) is named with the error its own restore gives (there the
        /// missing Arcade SDK; here a package no feed has), not the secondary one of the tool's temporary solution.
        /// </summary>
        [Fact]
        public async Task A_project_that_fails_to_evaluate_inside_a_solution_is_named_with_its_own_restore_error()
        {
            Write("src/Repo/Directory.Build.props", """
                <Project>
                  <PropertyGroup>
                    <RepoRoot Condition="'$(SolutionDir)' == '' or '$(SolutionDir)' == '*Undefined*'">$(MSBuildThisFileDirectory)</RepoRoot>
                    <RelativeToRoot>$([MSBuild]::MakeRelative('$(RepoRoot)', '$(MSBuildProjectDirectory)'))</RelativeToRoot>
                  </PropertyGroup>
                </Project>
                """);
            Write("src/Repo/Lib/Lib.csproj", Project("""<PackageReference Include="TokenAnalyzers.Tests.Package.That.Is.Nowhere" Version="1.0.0" />"""));
            Write("src/Repo/Lib/Lib.cs", "namespace Lib; public static class Nothing { }");

            var run = await ToolRun.RunAsync(Path.Combine(_root, "src/Repo/Lib/Lib.csproj"));

            Assert.True(run.ExitCode == 2, run.Output);
            Assert.Matches(@"restore failed: \S*Lib\.csproj: NU1101", run.Output);
            Assert.DoesNotContain("MSB4184", run.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// A .NET Framework project in the old format whose reference assemblies this machine lacks (round AF: a sample's
        /// net472 client): its load fails, and the summary counts it as such, not as a project without a token library.
        /// </summary>
        [Fact]
        public async Task A_project_whose_load_failed_is_counted_as_load_failed()
        {
            Write("src/Legacy/Legacy.csproj", """
                <?xml version="1.0" encoding="utf-8"?>
                <Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <Import Project="$(MSBuildExtensionsPath)\$(MSBuildToolsVersion)\Microsoft.Common.props" Condition="Exists('$(MSBuildExtensionsPath)\$(MSBuildToolsVersion)\Microsoft.Common.props')" />
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>
                    <AssemblyName>Legacy</AssemblyName>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="System" />
                    <Compile Include="Program.cs" />
                  </ItemGroup>
                  <Import Project="$(MSBuildToolsPath)\Microsoft.CSharp.targets" />
                </Project>
                """);
            Write("src/Legacy/Program.cs", "class Program { static void Main() { } }");

            var run = await ToolRun.RunAsync(Path.Combine(_root, "src/Legacy/Legacy.csproj"));

            Assert.True(run.ExitCode == 2, run.Output);
            Assert.Contains("load failed", run.Output, StringComparison.Ordinal);
            Assert.Matches(@"skipped \(1 load failed\)", run.Output);
        }

        /// <summary>
        /// An .editorconfig in a folder of JSON files only (round AE) is the nearest one for them, as in a build with the
        /// package, though the SDK lists only those above C# files.
        /// </summary>
        [Fact]
        public async Task An_editorconfig_beside_json_files_only_sets_their_severity()
        {
            Write("src/Cfg/Cfg.csproj", Project($"""<PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />"""));
            Write("src/Cfg/Cfg.cs", "namespace Cfg; public static class Nothing { }");
            Write("src/Cfg/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.TA501.severity = warning\n");
            Write("src/Cfg/appsettings.json", "{\n  \"Jwt\": {\n    \"ValidateAudience\": false\n  }\n}\n");
            Write("src/Cfg/config/.editorconfig", "[*.json]\ndotnet_diagnostic.TA501.severity = error\n");
            Write("src/Cfg/config/appsettings.json", "{\n  \"Jwt\": {\n    \"ValidateIssuer\": false\n  }\n}\n");

            var run = await ToolRun.RunAsync(Path.Combine(_root, "src/Cfg"));

            Assert.Matches(@"config/appsettings\.json\s+3,5\s+error\s+'Jwt:ValidateIssuer' is set to false", run.Output);
            Assert.Matches(@"\sappsettings\.json\s+3,5\s+warning\s+'Jwt:ValidateAudience' is set to false", run.Output);
        }

        /// <summary>
        /// An appsettings file with two UTF-8 byte-order marks (round AH), which the configuration provider rejects: the
        /// tool decodes it from its bytes as the compiler does, so it reports it unreadable, as a build does, and reads
        /// no setting from it.
        /// </summary>
        [Fact]
        public async Task An_appsettings_file_with_two_byte_order_marks_is_unreadable_as_in_a_build()
        {
            Write("src/Boms/Boms.csproj", Project($"""<PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />"""));
            Write("src/Boms/Boms.cs", "namespace Boms; public static class Nothing { }");
            File.WriteAllBytes(Path.Combine(_root, "src/Boms/appsettings.json"), [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. "{ \"Jwt\": { \"ValidateIssuer\": false } }"u8]);

            var run = await ToolRun.RunAsync(Path.Combine(_root, "src/Boms"));

            Assert.Contains("two byte-order marks", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("'Jwt:ValidateIssuer' is set to false", run.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// A test project that opted in (<c>&lt;TokenAnalyzersAnalysisMode&gt;default&lt;/TokenAnalyzersAnalysisMode&gt;</c>,
        /// so the package's targets give it the <c>default</c> preset, not <c>none</c>): its build reports, so the tool
        /// analyzes it without <c>--include-tests</c> (round AL: skipped as "a build with the package is quiet there").
        /// </summary>
        [Fact]
        public async Task A_test_project_that_opted_in_is_analyzed_without_include_tests()
        {
            WriteTestProject("Api.Tests.OptIn", "default");

            var run = await ToolRun.RunAsync(Path.Combine(_root, "src/Api.Tests.OptIn"));

            Assert.True(run.ExitCode == 1, run.Output);
            Assert.Contains("ValidateIssuer is set to false", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("test project", run.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// A project under a global.json that asks for an SDK this machine does not have (round Z: a real repository
        /// pinned to 8.0.100; the tool died with SIGABRT run from its folder, and from above named "." twice as "load
        /// failed"). It is named with the file to change; the other project is analyzed; the exit code is 2.
        /// </summary>
        [Fact]
        public async Task A_project_whose_global_json_asks_for_a_missing_SDK_is_named_and_the_others_are_analyzed()
        {
            Write("src/Pinned/Pinned.csproj", Project($"""<PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />"""));
            Write("src/Pinned/Validation.cs", Validation.Replace("namespace Api;", "namespace Pinned;", StringComparison.Ordinal));
            Write("src/Pinned/global.json", """{ "sdk": { "version": "8.0.100", "rollForward": "disable" } }""");

            var run = await ToolRun.RunAsync(Path.Combine(_root, "src/Pinned/Pinned.csproj"), Path.Combine(_root, "src/Api/Api.csproj"));

            Assert.True(run.ExitCode == 2, run.Output);
            Assert.Matches(@"restore failed: Pinned/Pinned\.csproj: global\.json asks for \.NET SDK 8\.0\.100 and no installed SDK satisfies it: install that SDK or change \S*src/Pinned/global\.json", run.Output);
            // Paths relative to the folder the two have in common (round Z: the first project's files showed no folder,
            // the others' their full path).
            Assert.Matches(@"\n\s+Api/Validation\.cs\s+12,\d+\s+warning\s+ValidateIssuer is set to false", run.Output);
            Assert.DoesNotContain("load failed", run.Output, StringComparison.Ordinal);
            Assert.Contains("1 with problems", run.Output, StringComparison.Ordinal);
            // The progress line counts it with the restore failures it is listed among (round AI: "Restored (0 failed)").
            Assert.Contains("Restored (1 failed)", run.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// Two projects of one file name in different folders, as the samples of one repository are laid out (round Z:
        /// Azure-Samples repositories; the tool loaded none of them, "Project name ... already exists").
        /// </summary>
        [Fact]
        public async Task Projects_of_the_same_name_in_different_folders_are_each_analyzed()
        {
            foreach (var sample in new[] { "1-single", "2-multi" })
            {
                Write($"samples/{sample}/TodoListService/TodoListService.csproj", Project($"""<PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />"""));
                Write($"samples/{sample}/TodoListService/Validation.cs", Validation.Replace("namespace Api;", "namespace TodoListService;", StringComparison.Ordinal));
            }

            var run = await ToolRun.RunAsync(Path.Combine(_root, "samples"));

            Assert.True(run.ExitCode == 1, run.Output);
            Assert.Matches(@"1-single/TodoListService/Validation\.cs\s+12,\d+\s+warning\s+ValidateIssuer is set to false", run.Output);
            Assert.Matches(@"2-multi/TodoListService/Validation\.cs\s+12,\d+\s+warning\s+ValidateIssuer is set to false", run.Output);
            Assert.Contains("Projects: 2 analyzed", run.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// A solution that also lists a Docker Compose project, as eShopOnWeb.sln does (round Z: the tool named it "load
        /// failed" and exited 2 where <c>dotnet build</c> of the solution succeeds). It is skipped as not C#.
        /// </summary>
        [Fact]
        public async Task A_docker_compose_project_of_a_solution_is_skipped_not_a_failure()
        {
            Write("docker-compose.dcproj", """
                <?xml version="1.0" encoding="utf-8"?>
                <Project ToolsVersion="15.0" Sdk="Microsoft.Docker.Sdk" DefaultTargets="Build">
                  <PropertyGroup Label="Globals">
                    <ProjectVersion>2.1</ProjectVersion>
                    <DockerTargetOS>Linux</DockerTargetOS>
                    <ProjectGuid>{1FCBE191-34FE-4B2E-8915-CA81553958AD}</ProjectGuid>
                  </PropertyGroup>
                </Project>
                """);
            Write("App.sln", """
                Microsoft Visual Studio Solution File, Format Version 12.00
                # Visual Studio Version 17
                VisualStudioVersion = 17.0.31903.59
                MinimumVisualStudioVersion = 10.0.40219.1
                Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Api", "src\Api\Api.csproj", "{11111111-1111-1111-1111-111111111111}"
                EndProject
                Project("{E53339B2-1760-4266-BCC7-CA923CBCF16C}") = "docker-compose", "docker-compose.dcproj", "{1FCBE191-34FE-4B2E-8915-CA81553958AD}"
                EndProject
                Global
                	GlobalSection(SolutionConfigurationPlatforms) = preSolution
                		Debug|Any CPU = Debug|Any CPU
                	EndGlobalSection
                	GlobalSection(ProjectConfigurationPlatforms) = postSolution
                		{11111111-1111-1111-1111-111111111111}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
                		{11111111-1111-1111-1111-111111111111}.Debug|Any CPU.Build.0 = Debug|Any CPU
                		{1FCBE191-34FE-4B2E-8915-CA81553958AD}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
                		{1FCBE191-34FE-4B2E-8915-CA81553958AD}.Debug|Any CPU.Build.0 = Debug|Any CPU
                	EndGlobalSection
                EndGlobal
                """);

            var run = await ToolRun.RunAsync(Path.Combine(_root, "App.sln"));

            Assert.True(run.ExitCode == 1, run.Output);
            Assert.Contains("1 not a C# project", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("load failed", run.Output, StringComparison.Ordinal);
            Assert.Matches(@"src/Api/Validation\.cs\s+12,\d+\s+warning\s+ValidateIssuer is set to false", run.Output);
        }

        /// <summary>
        /// Code that only the Release configuration compiles (round Z: a queue consumer relaxed its checks under the
        /// <c>#else</c> of <c>#if DEBUG</c>; the tool loads Debug, exited 0, and a Release build with the package
        /// reported it). <c>--configuration Release</c> loads the projects as that build does, and says so.
        /// </summary>
        [Fact]
        public async Task Configuration_loads_the_projects_in_that_build_configuration()
        {
            Write("src/Consumer/Consumer.csproj", Project($"""<PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />"""));
            Write("src/Consumer/Validation.cs", """
                using Microsoft.IdentityModel.Tokens;

                namespace Consumer;

                public static class Validation
                {
                    public static TokenValidationParameters Create() => new TokenValidationParameters
                    {
                #if DEBUG
                        ValidateLifetime = true,
                #else
                        RequireSignedTokens = false,
                #endif
                    };
                }
                """);

            var debug = await ToolRun.RunAsync(Path.Combine(_root, "src/Consumer"));
            var release = await ToolRun.RunAsync(Path.Combine(_root, "src/Consumer"), "--configuration", "Release", "--no-restore");

            Assert.True(debug.ExitCode == 0, debug.Output);
            Assert.True(release.ExitCode == 1, release.Output);
            Assert.Matches(@"Validation\.cs\s+12,\d+\s+warning\s+RequireSignedTokens is set to false", release.Output);
            Assert.Contains("Projects: 1 analyzed in Release,", release.Output, StringComparison.Ordinal);
        }

        /// <summary>
        /// A project that restored while a project it references did not (round Z: a sample whose library projects
        /// failed with NU1015 was "analyzed" with 0 findings): named as incomplete, exit code 2.
        /// </summary>
        [Fact]
        public async Task A_project_whose_referenced_project_did_not_restore_is_named_as_incomplete()
        {
            Write("refs/Lib/Lib.csproj", Project("""<PackageReference Include="Microsoft.IdentityModel.Tokens" />"""));
            Write("refs/Lib/Lib.cs", "namespace Lib; public static class Nothing { }");
            Write("refs/App/App.csproj", Project("""<ProjectReference Include="../Lib/Lib.csproj" />"""));
            Write("refs/App/App.cs", "namespace App; public static class Nothing { }");

            var run = await ToolRun.RunAsync(Path.Combine(_root, "refs/App/App.csproj"));

            Assert.True(run.ExitCode == 2, run.Output);
            Assert.Matches(@"analyze failed: App\.csproj: analyzed, but Lib\.csproj, a project it references, did not restore", run.Output);
        }

        /// <summary>
        /// Round AF (dotnet/eShop's .slnx): one project needs a workload this machine lacks (NETSDK1147, an error of the
        /// SDK's targets that names its project in brackets), and the solution's restore stops before it restores any
        /// project. The others were then loaded without their packages and counted as analyzed, or as having no token
        /// library, with no finding: a false clean. The failing project is named, and the others are restored without
        /// it and analyzed, as a folder scan already did.
        /// </summary>
        [Fact]
        public async Task A_failed_solution_restore_names_its_project_and_the_others_are_restored_and_analyzed()
        {
            Write("app/Api/Api.csproj", Project($"""<PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />"""));
            Write("app/Api/Validation.cs", Validation);
            Write("app/Mobile/Mobile.csproj", Project(string.Empty).Replace("net10.0", "net10.0-android", StringComparison.Ordinal));
            Write("app/Mobile/Mobile.cs", "namespace Mobile; public static class Nothing { }");
            Write("app/App.slnx", """
                <Solution>
                  <Project Path="Api/Api.csproj" />
                  <Project Path="Mobile/Mobile.csproj" />
                </Solution>
                """);

            var run = await ToolRun.RunAsync(Path.Combine(_root, "app/App.slnx"));

            Assert.True(run.ExitCode == 2, run.Output);
            Assert.True(Regex.IsMatch(run.Output, @"restore failed: \S*Mobile/Mobile\.csproj: NETSDK1147"), run.Output);
            Assert.True(Regex.IsMatch(run.Output, @"Api/Validation\.cs\s+12,\d+\s+warning\s+ValidateIssuer is set to false"), run.Output);
            Assert.DoesNotContain("no token library referenced", run.Output, StringComparison.Ordinal);
            Assert.True(Regex.IsMatch(run.Output, @"Projects: 1 analyzed"), run.Output);
        }

        /// <summary>
        /// Round AF (jwt-dotnet/jwt, netcoreapp3.1): the warning that current Microsoft packages' build files raise on an
        /// older target framework, which the workspace reports as a load failure, is a warning; an error is not.
        /// </summary>
        [Fact]
        public void A_package_s_target_framework_support_warning_is_not_a_load_failure()
        {
            const string Warning = "Msbuild failed when processing the file '/src/JWT.Tests.NetCore3/JWT.Tests.NetCore3.csproj' with message: \n" +
                "System.Text.Encodings.Web 10.0.8 doesn't support netcoreapp3.1 and has not been tested with it. Consider upgrading your TargetFramework to net8.0 or later. You may also set \n" +
                "<SuppressTfmSupportBuildWarnings>true</SuppressTfmSupportBuildWarnings> in the project file to ignore this warning and attempt to run in this unsupported configuration at your own risk.";

            Assert.True(Scanner.IsTargetFrameworkSupportWarning(Warning));
            Assert.False(Scanner.IsTargetFrameworkSupportWarning("Msbuild failed when processing the file '/src/Api/Api.csproj' with message: The imported project \"/sdk/Missing.targets\" was not found."));
        }

        /// <summary>
        /// Round AM: the package's MSBuild warning TA0001 (a mode set in Directory.Build.targets, after its targets) made
        /// the tool say "load failed" and exit with 2, where the build only warns. It is a warning; an error is not.
        /// </summary>
        [Fact]
        public void The_package_s_analysis_mode_warning_is_not_a_load_failure()
        {
            Assert.True(Scanner.IsAnalysisModeWarning("Msbuild failed when processing the file '/src/f/f.csproj' with message: TokenAnalyzersAnalysisMode 'none' is set after the TokenAnalyzers package's targets (in Directory.Build.targets, or a .targets file imported after them) and has no effect: mode 'default' applies. Set it in the project file, in Directory.Build.props or with -p:."));
            Assert.True(Scanner.IsAnalysisModeWarning("Msbuild failed when processing the file '/src/f/f.csproj' with message: TokenAnalyzersAnalysisMode 'bogus' is not one of default, all-warnings, all-suggestions, all-errors, none; the rule defaults apply."));
            Assert.False(Scanner.IsAnalysisModeWarning("Msbuild failed when processing the file '/src/Api/Api.csproj' with message: The imported project \"/sdk/Missing.targets\" was not found."));
        }

        /// <summary>
        /// The safety net behind the solution restore above: an SDK-style project without its restore record (<c>project.assets.json</c>) is not
        /// restored, whatever the restore said, and is named instead of being analyzed without its packages; a project
        /// in the older format without PackageReference items needs no record.
        /// </summary>
        [Fact]
        public void An_SDK_style_project_without_its_restore_record_is_not_restored()
        {
            Write("records/Sdk/Sdk.csproj", Project(string.Empty));
            Write("records/Restored/Restored.csproj", Project(string.Empty));
            Write("records/Restored/obj/project.assets.json", "{}");
            Write("records/Old/Old.csproj", """<Project ToolsVersion="15.0"><ItemGroup><Reference Include="System" /></ItemGroup></Project>""");

            Assert.False(Restorer.IsRestored(Path.Combine(_root, "records/Sdk/Sdk.csproj"), null));
            Assert.True(Restorer.IsRestored(Path.Combine(_root, "records/Restored/Restored.csproj"), null));
            Assert.True(Restorer.IsRestored(Path.Combine(_root, "records/Old/Old.csproj"), null));
        }

        private static string Project(string items) => $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """;

        /// <summary>
        /// A test project as Microsoft.NET.Test.Sdk makes it (it references the test platform: this test's own copy of
        /// its object model) or as Microsoft.Testing.Platform makes it (its package), with the analysis preset the
        /// package's targets would give it, and token code.
        /// </summary>
        private void WriteTestProject(string name, string preset, bool testingPlatform = false)
        {
            var objectModel = Path.Combine(AppContext.BaseDirectory, "Microsoft.VisualStudio.TestPlatform.ObjectModel.dll");
            var platform = testingPlatform
                ? """<PackageReference Include="Microsoft.Testing.Platform" Version="2.5.3" />"""
                : $"""<Reference Include="Microsoft.VisualStudio.TestPlatform.ObjectModel" HintPath="{objectModel}" />""";
            var presetFile = Path.Combine(Repository.Root, "nuget", "TokenAnalyzers.Package", "build", "presets", $"TokenAnalyzers.{preset}.globalconfig");
            Write($"src/{name}/{name}.csproj", Project($"""
                <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="{TokensVersion}" />
                {platform}
                <GlobalAnalyzerConfigFiles Include="{presetFile}" />
                """));
            Write($"src/{name}/Tokens.cs", Validation.Replace("namespace Api;", "namespace Api.Tests;", StringComparison.Ordinal));
        }

        private void Write(string relative, string text)
        {
            var path = Path.Combine(_root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
    }
}
