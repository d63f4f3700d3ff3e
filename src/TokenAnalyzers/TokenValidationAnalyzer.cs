using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Internal;
using TokenAnalyzers.Rules;

namespace TokenAnalyzers
{
    /// <summary>
    /// The package's one analyzer: it hosts every rule family of <c>Rules/</c>. The compiler hands each file to it
    /// once; <see cref="CandidateScanner"/> reads the file for the names the rules registered and passes them only
    /// those nodes. Without Microsoft.IdentityModel.Tokens it registers nothing but the configuration-file checks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TokenValidationAnalyzer : DiagnosticAnalyzer
    {
        private readonly ImmutableArray<TokenRule> _rules;

        public TokenValidationAnalyzer()
            : this(AllRules())
        {
        }

        /// <summary>A host of some rules only (the tests run each family on its own through the same path).</summary>
        public TokenValidationAnalyzer(params TokenRule[] rules)
        {
            _rules = rules.ToImmutableArray();
            SupportedDiagnostics = _rules.SelectMany(rule => rule.SupportedDiagnostics).Distinct().ToImmutableArray();
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        /// <summary>Every rule family of the package.</summary>
        public static TokenRule[] AllRules() => new TokenRule[]
        {
            new DisabledValidationAnalyzer(),
            new ClockSkewAnalyzer(),
            new InsecureMetadataAnalyzer(),
            new AcceptAllValidatorAnalyzer(),
            new EntraTenantAnalyzer(),
            new SigningKeyIssuerAnalyzer(),
            new KeyResolverAnalyzer(),
            new NoneAlgorithmAnalyzer(),
            new HardCodedKeyAnalyzer(),
            new UnvalidatedClaimsAnalyzer(),
            new UncheckedValidationResultAnalyzer(),
            new IgnoredValidationFailureAnalyzer(),
            new AuthenticationFailureSuccessAnalyzer(),
            new ConfigurationFileAnalyzer(),
        };

        public override void Initialize(AnalysisContext context)
        {
            // Generated code too: a security rule must not go blind on scaffolded code.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = TokenSymbols.TryCreate(start.Compilation);
                var ruleStart = new RuleStart(start);
                foreach (var rule in _rules)
                {
                    rule.Start(ruleStart, symbols);
                }

                if (ruleStart.HasNodeActions)
                {
                    start.RegisterSemanticModelAction(SafeAnalysis.Guard<SemanticModelAnalysisContext>(ruleStart.CreateScanner().Analyze));
                }
            });
        }
    }
}
