using System.Collections.Generic;
using System.Globalization;
using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Engine
{
    /// <summary>The package's .editorconfig / .globalconfig options.</summary>
    internal static class TokenAnalyzersOptions
    {
        public const string MaxClockSkewKey = "token_analyzers.max_clock_skew";
        public const string ReportDevelopmentOnlyKey = "token_analyzers.report_development_only";

        public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(5);

        public static TimeSpan MaxClockSkew(AnalyzerOptions options, SyntaxTree tree) =>
            options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(MaxClockSkewKey, out var text) &&
            TryParseClockSkew(text, out var limit)
                ? limit
                : DefaultMaxClockSkew;

        public static bool ReportDevelopmentOnly(AnalyzerOptions options, SyntaxTree tree) =>
            options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(ReportDevelopmentOnlyKey, out var text) &&
            bool.TryParse(text.Trim(), out var report) && report;

        /// <summary>
        /// TA0004: the package's options whose value cannot be parsed, in <paramref name="options"/> (one tree's,
        /// one additional file's, or the global ones), each handed to <paramref name="report"/> with its key, value,
        /// the default used instead, and why. An invalid value silently becoming the default would make a user believe
        /// a setting is applied that is not. The <c>token_analyzers.TAxxx.severity</c> keys are read only where they
        /// take effect (<paramref name="severityKeys"/>: the global options and the JSON files' sections); finding them
        /// means reading every key, and a C# file's section holds every style setting of the .editorconfig.
        /// </summary>
        public static void FindInvalidValues(AnalyzerConfigOptions options, bool severityKeys, Action<string, string, string, string> report)
        {
            if (options.TryGetValue(MaxClockSkewKey, out var skew) && !TryParseClockSkew(skew, out _))
            {
                report(MaxClockSkewKey, skew, DefaultMaxClockSkew.ToString("c", CultureInfo.InvariantCulture),
                    "a TimeSpan such as 00:10:00 (hours:minutes:seconds), zero or positive, is expected");
            }

            if (options.TryGetValue(ReportDevelopmentOnlyKey, out var development) && !bool.TryParse(development.Trim(), out _))
            {
                report(ReportDevelopmentOnlyKey, development, "false", "true or false is expected");
            }

            if (!severityKeys)
            {
                return;
            }

            foreach (var key in options.Keys)
            {
                if (IsSeverityKey(key) && options.TryGetValue(key, out var severity) && !TryParseSeverity(severity, out _))
                {
                    report(key, severity, "the rule's default severity", "none, silent, suggestion, warning or error is expected");
                }
            }
        }

        /// <summary>
        /// <c>token_analyzers.TAxxx.severity</c>: a rule's severity for the JSON files an <c>.editorconfig</c> section
        /// matches (the compiler applies <c>dotnet_diagnostic.*</c> to C# files only). Keys arrive lower case.
        /// </summary>
        public static string SeverityKey(string id) => "token_analyzers." + id.ToLowerInvariant() + ".severity";

        private static bool IsSeverityKey(string key) =>
            key.StartsWith("token_analyzers.ta", StringComparison.OrdinalIgnoreCase) &&
            key.EndsWith(".severity", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// An <c>.editorconfig</c> severity as the compiler reads it: <c>none</c> (null: not reported), <c>silent</c>
        /// (or <c>hidden</c>), <c>suggestion</c> (or <c>info</c>), <c>warning</c>, <c>error</c>; false for anything else.
        /// </summary>
        public static bool TryParseSeverity(string text, out DiagnosticSeverity? severity)
        {
            severity = null;
            switch (text.Trim().ToLowerInvariant())
            {
                case "none":
                    return true;
                case "silent":
                case "hidden":
                    severity = DiagnosticSeverity.Hidden;
                    return true;
                case "suggestion":
                case "info":
                    severity = DiagnosticSeverity.Info;
                    return true;
                case "warning":
                    severity = DiagnosticSeverity.Warning;
                    return true;
                case "error":
                    severity = DiagnosticSeverity.Error;
                    return true;
                default:
                    return false;
            }
        }

        private static bool TryParseClockSkew(string text, out TimeSpan limit) =>
            TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out limit) && limit >= TimeSpan.Zero;

        /// <summary>
        /// For an additional file: its own (.editorconfig section) options, then the project-wide ones
        /// (.globalconfig, which .editorconfig sections such as [*.cs] never reach for a .json file).
        /// </summary>
        public static bool ReportDevelopmentOnly(AnalyzerOptions options, AdditionalText file)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            if (provider.GetOptions(file).TryGetValue(ReportDevelopmentOnlyKey, out var text) ||
                provider.GlobalOptions.TryGetValue(ReportDevelopmentOnlyKey, out text))
            {
                return bool.TryParse(text.Trim(), out var report) && report;
            }

            return false;
        }
    }
}
