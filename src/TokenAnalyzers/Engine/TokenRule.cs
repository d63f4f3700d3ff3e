using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Model;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// One family of rules. Rules are not analyzers of their own: <see cref="TokenValidationAnalyzer"/> hosts them all,
    /// reads each file once for the names they registered (<see cref="CandidateScanner"/>) and hands them only the
    /// nodes that carry those names. Fourteen analyzers each receiving every assignment and invocation of a project
    /// cost more than all the rules' real work together.
    /// </summary>
    internal abstract class TokenRule
    {
        public abstract ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        private string? _name;

        /// <summary>
        /// The rule's ids and class, as a TA0002 report names it: <c>TA101, TA102 (DisabledValidationRule)</c>. Built
        /// once per rule, not at every compilation start.
        /// </summary>
        public string Name => _name ??= string.Join(", ", SupportedDiagnostics.Select(descriptor => descriptor.Id).Distinct()) + " (" + GetType().Name + ")";

        /// <summary>
        /// Whether the rule finds nothing in a project that references none of the token libraries (<see
        /// cref="KnownTypeNames.TokenLibraries"/>). Such a project, with an appsettings*.json, builds and starts only
        /// the rules that say false here (<see cref="TokenValidationAnalyzer.RulesWithoutLibrary"/>).
        /// </summary>
        internal virtual bool NeedsTokenLibrary => true;

        /// <summary>
        /// Called once per compilation. Rules that need the token library (all but the configuration-file rule)
        /// register nothing when Microsoft.IdentityModel.Tokens is not referenced, so most projects pay nothing.
        /// </summary>
        internal virtual void Start(RuleStart start, TokenSymbols? symbols)
        {
            if (symbols is not null)
            {
                OnCompilationStart(start, symbols);
            }
        }

        /// <summary>Registers the rule's candidates; called only for compilations that reference the token library.</summary>
        private protected abstract void OnCompilationStart(RuleStart start, TokenSymbols symbols);
    }
}
