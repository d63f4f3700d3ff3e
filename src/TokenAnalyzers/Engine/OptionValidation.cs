using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// TA0004: a <c>token_analyzers.*</c> option whose value cannot be parsed is reported once per compilation (per
    /// key and value), wherever it takes effect: the global options, any source file's section (the C# options, when
    /// a rule reads source files) or any additional file's section (those and the JSON files' severities).
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

        /// <summary>
        /// At the end of the compilation (a compilation-end action). The source files' sections are read only when a
        /// rule analyzes source files (<paramref name="sourceFileOptionsRead"/>: a rule registered node actions, the
        /// only readers of a C# file's options); without the token libraries nothing reads them, and a 1,000-file
        /// project paid about 0.25 ms for the pass (issue 22).
        /// </summary>
        public static void Run(CompilationAnalysisContext end, bool sourceFileOptionsRead) =>
            RuleFailures.Run("option validation", Location.None, end.ReportDiagnostic, end.CancellationToken, () => Report(end, sourceFileOptionsRead));

        private static void Report(CompilationAnalysisContext end, bool sourceFileOptionsRead)
        {
            var provider = end.Options.AnalyzerConfigOptionsProvider;
            var reported = new HashSet<string>(StringComparer.Ordinal); // key and value
            Action<string, string, string, string> report = (key, value, fallback, reason) =>
            {
                if (reported.Add(key + "\0" + value))
                {
                    end.ReportDiagnostic(Diagnostic.Create(InvalidOption, Location.None, key, value, reason, fallback));
                }
            };

            TokenAnalyzersOptions.FindInvalidValues(provider.GlobalOptions, severityKeys: true, report);
            if (sourceFileOptionsRead)
            {
                FindInvalidValuesInSourceFiles(end, provider, report);
            }

            foreach (var file in end.Options.AdditionalFiles)
            {
                TokenAnalyzersOptions.FindInvalidValues(provider.GetOptions(file), severityKeys: true, report);
            }
        }

        /// <summary>
        /// The loop over every source file, once per compilation, optimized from its first call: at tier 0 it was
        /// recompiled on the stack (OSR) some compilations into a process, about 20 ms inside one 1,000-file analysis
        /// of the benchmark (issue 22).
        /// </summary>
        [MethodImpl(JitHints.FullyOptimized)]
        private static void FindInvalidValuesInSourceFiles(CompilationAnalysisContext end, AnalyzerConfigOptionsProvider provider, Action<string, string, string, string> report)
        {
            foreach (var tree in end.Compilation.SyntaxTrees)
            {
                end.CancellationToken.ThrowIfCancellationRequested();
                TokenAnalyzersOptions.FindInvalidValues(provider.GetOptions(tree), severityKeys: false, report);
            }
        }
    }
}
