using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.AppSettings;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// TA0003: an appsettings*.json among the additional files that the configuration provider would not read
    /// (malformed, truncated, nested too deep, binary, a top-level array, a key with two values, not a file) is
    /// reported at the position where reading stopped, once per file, with the severity the file's .editorconfig
    /// sections give TA0003 (as for the TA5xx findings). Its settings were not checked; every other
    /// file's findings are kept. Without this the TA5xx rules would pass over the file in silence.
    /// </summary>
    internal static class ConfigurationReadFailures
    {
        public static readonly DiagnosticDescriptor CouldNotReadConfiguration = Descriptors.Create(
            RuleIds.CouldNotReadConfiguration,
            "TokenAnalyzers could not read a configuration file",
            "TokenAnalyzers could not read '{0}': {1}; its settings were not checked",
            "An appsettings*.json file among the additional files is not JSON that ASP.NET Core's configuration provider reads (an object at the top, at most 64 levels deep, comments and trailing commas allowed, no key with two values). The TA5xx rules could not check its settings. Correct the file (the application would not start with it either), or remove it from AdditionalFiles.",
            DiagnosticSeverity.Info);

        /// <summary>At compilation start: one additional-file action, registered only when the project has appsettings*.json.</summary>
        public static void Register(CompilationStartAnalysisContext start)
        {
            if (!AppSettingsFile.Any(start.Options.AdditionalFiles))
            {
                return;
            }

            start.RegisterAdditionalFileAction(fileContext => RuleFailures.Run(
                "configuration file reader",
                RuleFailures.FileStart(fileContext.AdditionalFile.Path),
                fileContext.ReportDiagnostic,
                fileContext.CancellationToken,
                () =>
                {
                    // The file's own severity, as for the TA5xx findings in it: its .editorconfig sections may set
                    // dotnet_diagnostic.TA0003.severity (or token_analyzers.TA0003.severity), none included.
                    if (AppSettingsFile.ReadFailure(fileContext.AdditionalFile, fileContext.CancellationToken) is { } failure &&
                        ConfigurationFindings.Severity(fileContext.Options, fileContext.AdditionalFile, CouldNotReadConfiguration, fileContext.CancellationToken) is { } severity)
                    {
                        fileContext.ReportDiagnostic(Diagnostic.Create(
                            CouldNotReadConfiguration, failure.Location, severity, additionalLocations: null, properties: null,
                            JsonConfiguration.FileName(fileContext.AdditionalFile.Path), failure.Reason));
                    }
                }));
        }
    }
}
