using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Cli
{
    /// <summary>
    /// SARIF 2.1.0, shaped like the compiler's own log (<c>ErrorLog=...,version=2.1</c>): one run, the rules with the
    /// descriptors' title, description, help link, category and tags (<c>security</c>, <c>external/cwe/cwe-NNN</c>,
    /// which code scanning reads), one result per finding. URIs are relative to <c>%SRCROOT%</c> (the scanned folder,
    /// given in <c>originalUriBaseIds</c>) so GitHub code scanning maps them onto the repository. Projects that could
    /// not be restored, loaded or analyzed are <c>toolExecutionNotifications</c> and make the invocation unsuccessful.
    /// </summary>
    internal static class SarifWriter
    {
        public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
        public const string SourceRoot = "%SRCROOT%";

        public static void Write(string path, ScanResult result, PackageRules rules, RuleFilter filter)
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            using var stream = File.Create(path);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            var descriptors = rules.Descriptors.Where(d => filter.Includes(d.Id)).ToList();
            var index = descriptors.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "TokenAnalyzers");
            var version = typeof(TokenValidationAnalyzer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            json.WriteString("version", version);
            json.WriteString("semanticVersion", version);
            json.WriteString("informationUri", "https://github.com/tokenanalyzers/TokenAnalyzers");
            json.WriteStartArray("rules");
            foreach (var descriptor in descriptors)
            {
                WriteRule(json, descriptor);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", result.Problems.Count == 0);
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var problem in result.Problems)
            {
                json.WriteStartObject();
                json.WriteString("level", "error");
                json.WriteStartObject("message");
                json.WriteString("text", $"{problem.Stage.ToString().ToLowerInvariant()} failed: {problem.Project}: {problem.Message}");
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                WriteArtifact(json, problem.Project, result.Root);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRoot);
            json.WriteString("uri", new Uri(EnsureTrailingSeparator(result.Root)).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var (finding, inSource) in result.Findings.Select(f => (f, false)).Concat(result.SuppressedInSource.Select(f => (f, true))))
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.Id);
                if (index.TryGetValue(finding.Id, out var ruleIndex))
                {
                    json.WriteNumber("ruleIndex", ruleIndex);
                }

                json.WriteString("level", Level(finding.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", finding.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                WriteArtifact(json, finding.Path, result.Root);
                json.WriteStartObject("region");
                json.WriteNumber("startLine", finding.StartLine);
                json.WriteNumber("startColumn", finding.StartColumn);
                json.WriteNumber("endLine", finding.EndLine);
                json.WriteNumber("endColumn", finding.EndColumn);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                if (inSource)
                {
                    json.WriteStartArray("suppressions");
                    json.WriteStartObject();
                    json.WriteString("kind", "inSource");
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteRule(Utf8JsonWriter json, DiagnosticDescriptor descriptor)
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            json.WriteStartObject();
            json.WriteString("id", descriptor.Id);
            json.WriteString("name", descriptor.Id);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", descriptor.Title.ToString(culture));
            json.WriteEndObject();
            var description = descriptor.Description.ToString(culture);
            if (description.Length > 0)
            {
                json.WriteStartObject("fullDescription");
                json.WriteString("text", description);
                json.WriteEndObject();
            }

            if (!string.IsNullOrEmpty(descriptor.HelpLinkUri))
            {
                json.WriteString("helpUri", descriptor.HelpLinkUri);
            }

            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(descriptor.DefaultSeverity));
            json.WriteBoolean("enabled", descriptor.IsEnabledByDefault);
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("category", descriptor.Category);
            json.WriteStartArray("tags");
            foreach (var tag in descriptor.CustomTags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WriteArtifact(Utf8JsonWriter json, string path, string root)
        {
            json.WriteStartObject("artifactLocation");
            var relative = Path.GetRelativePath(root, path);
            if (!Path.IsPathRooted(relative) && !relative.StartsWith("..", StringComparison.Ordinal))
            {
                json.WriteString("uri", string.Join("/", relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)));
                json.WriteString("uriBaseId", SourceRoot);
            }
            else
            {
                json.WriteString("uri", new Uri(path).AbsoluteUri);
            }

            json.WriteEndObject();
        }

        private static string EnsureTrailingSeparator(string folder) =>
            folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;

        /// <summary>SARIF's levels: error, warning, note (Info), none (Hidden).</summary>
        public static string Level(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "note",
            _ => "none",
        };
    }
}
