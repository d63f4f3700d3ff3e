using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
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
        internal TokenValidationAnalyzer(params TokenRule[] rules)
        {
            _rules = rules.ToImmutableArray();

            // Loops, not LINQ: the constructor runs once per compiler process, for every project that references the
            // package, with or without the token libraries (issue 22).
            var supported = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
            foreach (var rule in rules)
            {
                AddNew(supported, rule.SupportedDiagnostics);
            }

            AddNew(supported, ImmutableArray.Create(RuleFailures.CouldNotAnalyze, OptionValidation.InvalidOption, ConfigurationReadFailures.CouldNotReadConfiguration));
            SupportedDiagnostics = supported.ToImmutable();
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        private static void AddNew(ImmutableArray<DiagnosticDescriptor>.Builder supported, ImmutableArray<DiagnosticDescriptor> descriptors)
        {
            foreach (var descriptor in descriptors)
            {
                if (!supported.Contains(descriptor))
                {
                    supported.Add(descriptor); // rules that share a descriptor list it once
                }
            }
        }

        /// <summary>Every rule family of the package.</summary>
        internal static TokenRule[] AllRules() => new TokenRule[]
        {
            new DisabledValidationRule(),
            new ClockSkewRule(),
            new InsecureMetadataRule(),
            new MetadataCertificateValidationRule(),
            new PresenceTestedValidationRule(),
            new AcceptAllValidatorRule(),
            new TokenHandlerAcceptsAllRule(),
            new EntraTenantRule(),
            new SigningKeyIssuerRule(),
            new KeyResolverRule(),
            new NoneAlgorithmRule(),
            new HardCodedKeyRule(),
            new TrustFromTokenRule(),
            new SigningKeyPoolRule(),
            new UnvalidatedClaimsRule(),
            new UncheckedValidationResultRule(),
            new IgnoredValidationFailureRule(),
            new AuthenticationFailureSuccessRule(),
            new ConfigurationFileRule(),
            new CommittedSigningKeyRule(),
            new OpenTenantRule(),
            new JwtNetDecodeRule(),
            new JoseDecodeRule(),
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
                ConfigurationReadFailures.Register(start);
                List<Func<SyntaxTree, Diagnostic>>? startFailures = null;
                foreach (var rule in _rules)
                {
                    if (RuleFailures.RunAtStart(rule, ruleStart, symbols, start.CancellationToken) is { } failure)
                    {
                        (startFailures ??= new List<Func<SyntaxTree, Diagnostic>>()).Add(failure);
                    }
                }

                var sourceFileOptionsRead = ruleStart.HasNodeActions;
                start.RegisterCompilationEndAction(end => OptionValidation.Run(end, sourceFileOptionsRead));
                if (startFailures is not null)
                {
                    var first = start.Compilation.SyntaxTrees.OrderBy(tree => tree.FilePath, StringComparer.Ordinal).FirstOrDefault();
                    start.RegisterSyntaxTreeAction(treeContext =>
                    {
                        if (treeContext.Tree == first)
                        {
                            foreach (var failure in startFailures)
                            {
                                treeContext.ReportDiagnostic(failure(first));
                            }
                        }
                    });
                }

                if (ruleStart.HasNodeActions)
                {
                    var scanner = ruleStart.CreateScanner();
                    // Each rule's action is guarded per node; this guard is for the scanner itself.
                    start.RegisterSemanticModelAction(model => RuleFailures.Run(
                        "the candidate scanner",
                        Location.Create(model.SemanticModel.SyntaxTree, default),
                        model.ReportDiagnostic,
                        model.CancellationToken,
                        () => scanner.Analyze(model)));
                }
            });
        }
    }
}
