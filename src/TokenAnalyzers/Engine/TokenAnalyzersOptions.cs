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
        /// one additional file's, or the global ones): key, value, the default used instead, and why. An invalid value
        /// silently becoming the default would make a user believe a setting is applied that is not.
        /// </summary>
        public static IEnumerable<(string Key, string Value, string Default, string Reason)> InvalidValues(AnalyzerConfigOptions options)
        {
            if (options.TryGetValue(MaxClockSkewKey, out var skew) && !TryParseClockSkew(skew, out _))
            {
                yield return (MaxClockSkewKey, skew, DefaultMaxClockSkew.ToString("c", CultureInfo.InvariantCulture),
                    "a TimeSpan such as 00:10:00 (hours:minutes:seconds), zero or positive, is expected");
            }

            if (options.TryGetValue(ReportDevelopmentOnlyKey, out var report) && !bool.TryParse(report.Trim(), out _))
            {
                yield return (ReportDevelopmentOnlyKey, report, "false", "true or false is expected");
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
