using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Engine;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// Reports a finding in an appsettings*.json so that it can be configured per file (issue 23): the severity
    /// <c>token_analyzers.TAxxx.severity</c> of the <c>.editorconfig</c> sections that match the JSON file, and a
    /// comment on the line above that suppresses one finding with a reason, as <c>#pragma warning disable</c> does in
    /// code (the configuration reader skips comments):
    /// <c>// token-analyzers-disable-next-line TA501: the staging issuer is checked by the gateway</c>.
    /// Why not <c>dotnet_diagnostic.TAxxx.severity</c> in those sections: Roslyn hands those entries to the compiler
    /// only (never to an analyzer's options), and the compiler applies them to C# files only
    /// (dotnet/roslyn#31916), so for a JSON file nobody can read them. A <c>.globalconfig</c> entry still applies
    /// to every file, JSON included. The entry is read here too in case a host passes it on.
    /// </summary>
    internal static class ConfigurationFindings
    {
        public const string DisableNextLine = "token-analyzers-disable-next-line";

        public static void Report(AnalyzerOptions options, AppSettingsFile file, DiagnosticDescriptor descriptor, TextSpan span, Action<Diagnostic> report, params object?[] messageArgs)
        {
            var line = file.Text.Lines.GetLineFromPosition(span.Start).LineNumber;
            if (IsSuppressedByComment(file.Text, line, descriptor.Id))
            {
                return;
            }

            var severity = descriptor.DefaultSeverity;
            var fileOptions = options.AnalyzerConfigOptionsProvider.GetOptions(file.File);
            if ((fileOptions.TryGetValue(TokenAnalyzersOptions.SeverityKey(descriptor.Id), out var value) ||
                 fileOptions.TryGetValue("dotnet_diagnostic." + descriptor.Id + ".severity", out value)) &&
                TokenAnalyzersOptions.TryParseSeverity(value, out var configured))
            {
                if (configured is not { } chosen)
                {
                    return; // none
                }

                severity = chosen; // an invalid value keeps the default, and TA0004 reports it
            }

            report(Diagnostic.Create(descriptor, file.Location(span), severity, additionalLocations: null, properties: null, messageArgs));
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
