using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.EditorConfig;
using TokenAnalyzers.Engine;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// Reports a finding in an appsettings*.json so that it can be configured per file (issue 23): the severity that
    /// the <c>.editorconfig</c> sections matching the JSON file give it (<c>dotnet_diagnostic.TAxxx.severity</c> or
    /// <c>token_analyzers.TAxxx.severity</c>; see <see cref="EditorConfigSeverity"/>), and a comment on the line above
    /// that suppresses one finding with a reason, as <c>#pragma warning disable</c> does in code (the configuration
    /// reader skips comments): <c>// token-analyzers-disable-next-line TA501: the staging issuer is checked by the gateway</c>.
    /// Roslyn hands <c>dotnet_diagnostic.*</c> entries to the compiler only, which applies them to C# files only
    /// (dotnet/roslyn#31916), so the package's build files add the <c>.editorconfig</c> files the compiler receives to
    /// <c>AdditionalFiles</c> and the analyzer reads them itself. Without them (another host, a test), the
    /// <c>token_analyzers.*</c> key of the options Roslyn gives the file still applies. A project-wide severity the
    /// compiler applies after the analyzer (a <c>.globalconfig</c> entry, a preset other than default) overrides the
    /// severity set here, except <c>none</c>: a finding set to none is never reported.
    /// </summary>
    internal static class ConfigurationFindings
    {
        public const string DisableNextLine = "token-analyzers-disable-next-line";

        public static void Report(AnalyzerOptions options, AppSettingsFile file, DiagnosticDescriptor descriptor, TextSpan span, Action<Diagnostic> report, CancellationToken cancellationToken, params object?[] messageArgs)
        {
            var line = file.Text.Lines.GetLineFromPosition(span.Start).LineNumber;
            if (IsSuppressedByComment(file.Text, line, descriptor.Id))
            {
                return;
            }

            if (Severity(options, file.File, descriptor, cancellationToken) is { } severity)
            {
                report(Diagnostic.Create(descriptor, file.Location(span), severity, additionalLocations: null, properties: null, messageArgs));
            }
        }

        /// <summary>
        /// The severity of <paramref name="descriptor"/>'s findings in <paramref name="file"/>: the <c>.editorconfig</c>
        /// sections that match the file, else the <c>token_analyzers.*</c> option Roslyn gives it, else the default;
        /// null for <c>none</c> (not reported). A value that cannot be read keeps the default (TA0004 or the compiler
        /// reports it).
        /// </summary>
        public static DiagnosticSeverity? Severity(AnalyzerOptions options, AdditionalText file, DiagnosticDescriptor descriptor, CancellationToken cancellationToken)
        {
            var value = EditorConfigSeverity.Find(options.AdditionalFiles, file.Path, descriptor.Id, cancellationToken);
            if (value is null)
            {
                var fileOptions = options.AnalyzerConfigOptionsProvider.GetOptions(file);
                if (!fileOptions.TryGetValue(TokenAnalyzersOptions.SeverityKey(descriptor.Id), out value))
                {
                    // In case a host passes dotnet_diagnostic.* on to analyzers (Roslyn does not).
                    fileOptions.TryGetValue("dotnet_diagnostic." + descriptor.Id + ".severity", out value);
                }
            }

            if (value is null || value == EditorConfigSeverity.Default || !TokenAnalyzersOptions.TryParseSeverity(value, out var configured))
            {
                return descriptor.DefaultSeverity;
            }

            return configured; // null: none
        }

        /// <summary>
        /// Is the finding on <paramref name="line"/> suppressed by the line above it (the nearest line that is not blank):
        /// <c>// token-analyzers-disable-next-line TA501[, TA503]: reason</c>? A comment without a reason suppresses nothing.
        /// </summary>
        public static bool IsSuppressedByComment(SourceText text, int line, string id)
        {
            for (var above = line - 1; above >= 0; above--)
            {
                var content = text.Lines[above].ToString().Trim();
                if (content.Length == 0)
                {
                    continue;
                }

                if (!content.StartsWith("//", StringComparison.Ordinal))
                {
                    return false;
                }

                var body = content.Substring(2).Trim();
                if (!body.StartsWith(DisableNextLine, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                var rest = body.Substring(DisableNextLine.Length);
                var colon = rest.IndexOf(':');
                if (colon < 0 || rest.Substring(colon + 1).Trim().Length == 0)
                {
                    return false; // a reason is required
                }

                foreach (var listed in rest.Substring(0, colon).Split(new[] { ',', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (string.Equals(listed, id, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }

            return false;
        }
    }
}
