using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Internal
{
    /// <summary>
    /// Base of every rule that needs the token library: it analyses generated code too (a security rule must not go
    /// blind on scaffolded code), runs concurrently, and registers nothing at all when
    /// Microsoft.IdentityModel.Tokens is not referenced, so most projects pay nothing.
    /// </summary>
    public abstract class TokenAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Registers the rule's callbacks; called only for compilations that reference the token library.</summary>
        private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, TokenSymbols symbols);

        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (TokenSymbols.TryCreate(start.Compilation) is { } symbols)
                {
                    OnCompilationStart(start, symbols);
                }
            });
        }
    }
}
