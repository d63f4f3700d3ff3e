using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// TA0004: a <c>token_analyzers.*</c> option whose value cannot be parsed is reported once per compilation (per
    /// key and value), wherever it is set: the global options, any source file's or any additional file's section.
    /// </summary>
    internal static class OptionValidation
    {
        public static readonly DiagnosticDescriptor InvalidOption = Descriptors.Create(
            RuleIds.InvalidOption,
            "TokenAnalyzers option has an invalid value",
            "The option '{0} = {1}' cannot be read ({2}); TokenAnalyzers uses the default {3} instead",
            "A token_analyzers.* option in .editorconfig or .globalconfig has a value that cannot be parsed. The rules then use the default, which may not be what the setting meant. Correct the value.",
            DiagnosticSeverity.Warning,
            WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>Once per compilation, after every file (a compilation action: it needs no compilation start).</summary>
        public static void Register(AnalysisContext context) =>
            context.RegisterCompilationAction(end => RuleFailures.Run(
                "option validation", Location.None, end.ReportDiagnostic, end.CancellationToken, () => Report(end)));

        private static void Report(CompilationAnalysisContext end)
        {
            var provider = end.Options.AnalyzerConfigOptionsProvider;
            var reported = new HashSet<string>(StringComparer.Ordinal); // key and value; a set of tuples would be JIT-compiled for them alone (issue 22)
            void Check(AnalyzerConfigOptions options)
            {
                foreach (var (key, value, fallback, reason) in TokenAnalyzersOptions.InvalidValues(options))
                {
                    if (reported.Add(key + "\0" + value))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(InvalidOption, Location.None, key, value, reason, fallback));
                    }
                }
            }

            Check(provider.GlobalOptions);
            foreach (var tree in end.Compilation.SyntaxTrees)
            {
                end.CancellationToken.ThrowIfCancellationRequested();
                Check(provider.GetOptions(tree));
            }

            foreach (var file in end.Options.AdditionalFiles)
            {
                Check(provider.GetOptions(file));
            }
        }
    }
}
