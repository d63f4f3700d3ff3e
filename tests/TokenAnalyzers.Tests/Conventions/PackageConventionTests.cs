using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace TokenAnalyzers.Tests.Conventions
{
    /// <summary>What the package ships loads everywhere and its presets know every rule.</summary>
    [Trait("Rule", "All")]
    public class PackageConventionTests
    {
        private static readonly Version RoslynFloor = new(4, 5, 0, 0);

        public static IEnumerable<string> ShippedAssemblyPaths() =>
            new[] { ShippedRules.AnalyzerAssemblyName, ShippedRules.CodeFixAssemblyName }.Select(name =>
                ShippedRules.RepoPath("src", name, "bin", ShippedRules.BuildConfiguration, "netstandard2.0", name + ".dll"));

        [Fact]
        public void Shipped_assemblies_reference_Roslyn_no_newer_than_the_floor_and_no_token_libraries()
        {
            var failures = new List<string>();
            foreach (var path in ShippedAssemblyPaths())
            {
                Assert.True(File.Exists(path), $"{path} not built");
                using var stream = File.OpenRead(path);
                using var pe = new PEReader(stream);
                var metadata = pe.GetMetadataReader();
                var references = metadata.AssemblyReferences
                    .Select(h => metadata.GetAssemblyReference(h))
                    .Select(r => (Name: metadata.GetString(r.Name), r.Version))
                    .ToList();

                Assert.Contains(references, r => r.Name == "netstandard"); // netstandard2.0: loads in every host
                foreach (var (name, version) in references)
                {
                    if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && version > RoslynFloor)
                    {
                        failures.Add($"{Path.GetFileName(path)} references {name} {version}, newer than {RoslynFloor}");
                    }

                    if (name.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal)
                        || name.StartsWith("System.IdentityModel", StringComparison.Ordinal)
                        || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
                    {
                        failures.Add($"{Path.GetFileName(path)} references {name}: the analyzers must find these types by name only");
                    }
                }
            }

            DescriptorConventionTests.AssertNoFailures(failures);
        }

        /// <summary>
        /// The callback probe of the benchmark's <c>--cold-trace</c> (<c>Engine/CallbackProbe.cs</c>) is compiled in only
        /// with <c>-p:TokenAnalyzersProbe=true</c>: the analyzer the package ships must not call it (its calls are
        /// removed by <c>[Conditional]</c>) nor carry the event source behind it.
        /// </summary>
        [Fact]
        public void Shipped_analyzer_carries_no_callback_probe()
        {
            var path = ShippedAssemblyPaths().First();
            Assert.True(File.Exists(path), $"{path} not built");
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var probe = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition).Single(t => metadata.GetString(t.Name) == "CallbackProbe");
            var probeCalls = probe.GetMethods()
                .Where(h => metadata.GetString(metadata.GetMethodDefinition(h).Name) is "Prepare" or "Enter" or "Exit")
                .Select(h => BitConverter.GetBytes(MetadataTokens.GetToken(h)))
                .Select(token => new byte[] { 0x28, token[0], token[1], token[2], token[3] }) // call <the probe's method>
                .ToList();
            Assert.Equal(3, probeCalls.Count); // Prepare, Enter and Exit: the scan below looks for calls to each

            var failures = new List<string>();
            foreach (var type in metadata.TypeDefinitions.Select(metadata.GetTypeDefinition))
            {
                foreach (var method in type.GetMethods().Select(metadata.GetMethodDefinition).Where(m => m.RelativeVirtualAddress != 0))
                {
                    var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
                    if (probeCalls.Any(call => il.AsSpan().IndexOf(call) >= 0))
                    {
                        failures.Add($"{metadata.GetString(type.Name)}.{metadata.GetString(method.Name)} calls the callback probe");
                    }
                }
            }

            if (metadata.TypeReferences.Select(metadata.GetTypeReference).Any(r => metadata.GetString(r.Name) == "EventSource"))
            {
                failures.Add("the analyzer references EventSource: it was built with TOKENANALYZERS_PROBE");
            }

            DescriptorConventionTests.AssertNoFailures(failures);
        }

        [Theory]
        [InlineData("all-warnings", "warning")]
        [InlineData("all-suggestions", "suggestion")]
        [InlineData("all-errors", "error")]
        [InlineData("none", "none")]
        public void Preset_sets_every_rule(string mode, string severity)
        {
            var entries = ReadPreset(mode);
            var failures = new List<string>();
            foreach (var d in ShippedRules.UniqueDescriptors)
            {
                if (!entries.TryGetValue($"dotnet_diagnostic.{d.Id}.severity", out var actual))
                {
                    failures.Add($"TokenAnalyzers.{mode}.globalconfig does not list {d.Id}");
                }
                else if (actual != severity)
                {
                    failures.Add($"TokenAnalyzers.{mode}.globalconfig sets {d.Id} to {actual}, expected {severity}");
                }
            }

            failures.AddRange(entries.Where(e => e.Key.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal) && e.Value != severity)
                .Select(e => $"TokenAnalyzers.{mode}.globalconfig: {e.Key} = {e.Value}"));
            DescriptorConventionTests.AssertNoFailures(failures);
        }

        [Fact]
        public void Default_preset_overrides_nothing()
        {
            // Per-id entries would beat the user's own category-wide settings; the default mode must not have any.
            Assert.DoesNotContain(ReadPreset("default").Keys, k => k.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal));
        }

        private static Dictionary<string, string> ReadPreset(string mode)
        {
            var path = ShippedRules.RepoPath("nuget", "TokenAnalyzers.Package", "build", "presets", $"TokenAnalyzers.{mode}.globalconfig");
            var entries = File.ReadAllLines(path)
                .Select(l => Regex.Match(l, @"^\s*([^#;\s][^=]*?)\s*=\s*(.*?)\s*$"))
                .Where(m => m.Success)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

            // Lowest precedence: the user's .editorconfig / .globalconfig entries win.
            Assert.Equal("true", entries.GetValueOrDefault("is_global"));
            Assert.Equal("-100", entries.GetValueOrDefault("global_level"));
            return entries;
        }
    }
}
