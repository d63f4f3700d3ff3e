using System.Globalization;
using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

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
            TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var limit) && limit >= TimeSpan.Zero
                ? limit
                : DefaultMaxClockSkew;

        public static bool ReportDevelopmentOnly(AnalyzerOptions options, SyntaxTree tree) =>
            options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(ReportDevelopmentOnlyKey, out var text) &&
            bool.TryParse(text.Trim(), out var report) && report;

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
