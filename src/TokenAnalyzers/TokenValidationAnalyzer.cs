using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using TokenAnalyzers.Rules;

namespace TokenAnalyzers
{
    /// <summary>
    /// The package's one analyzer: it hosts every rule family of <c>Rules/</c>. The compiler hands each file to it
    /// once; <see cref="CandidateScanner"/> reads the file for the names the rules registered and passes them only
    /// those nodes. Without a token library it registers nothing but the configuration-file checks, and without those
    /// files nothing at all.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TokenValidationAnalyzer : DiagnosticAnalyzer
    {
        private readonly Lazy<TokenRule[]> _rules;

        private readonly Lazy<TokenRule[]> _rulesWithoutLibrary;

        /// <summary>
        /// Every rule family. The constructor runs once per compiler process, for every project that references the
        /// package, with or without token code: it lists the descriptors (<see cref="RuleDescriptors"/>) and builds no
        /// rule; the rules are built at the first compilation that has token code, and a project with appsettings*.json
        /// but no token library builds only the rules that read those files (issue 22).
        /// </summary>
        public TokenValidationAnalyzer()
        {
            _rules = new Lazy<TokenRule[]>(AllRules);
            _rulesWithoutLibrary = new Lazy<TokenRule[]>(RulesWithoutLibrary);
            SupportedDiagnostics = RuleDescriptors.All.AddRange(EngineDescriptors());
            CallbackProbe.Prepare();
        }

        /// <summary>A host of some rules only (the tests run each family on its own through the same path).</summary>
        internal TokenValidationAnalyzer(params TokenRule[] rules)
        {
            _rules = new Lazy<TokenRule[]>(() => rules);
            _rulesWithoutLibrary = new Lazy<TokenRule[]>(() => Array.FindAll(rules, rule => !rule.NeedsTokenLibrary));
            var supported = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
            foreach (var rule in rules)
            {
                AddNew(supported, rule.SupportedDiagnostics);
            }

            AddNew(supported, EngineDescriptors());
            SupportedDiagnostics = supported.ToImmutable();
        }

        /// <summary>The analyzer's own reports: TA0002, TA0004, TA0003.</summary>
        private static ImmutableArray<DiagnosticDescriptor> EngineDescriptors() =>
            ImmutableArray.Create(RuleFailures.CouldNotAnalyze, OptionValidation.InvalidOption, ConfigurationReadFailures.CouldNotReadConfiguration);

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

        /// <summary>
        /// The rules of <see cref="AllRules"/> that find something without a token library (<see
        /// cref="TokenRule.NeedsTokenLibrary"/> false; a test in ProjectsWithoutTokenCodeTests keeps the two in step).
        /// A web project with an appsettings.json and no token library builds these only.
        /// </summary>
        internal static TokenRule[] RulesWithoutLibrary() => new TokenRule[] { new ConfigurationFileRule() };

        /// <summary>Whether the rules were built for a compilation with a token library (a test reads it).</summary>
        internal bool BuiltAllRules => _rules.IsValueCreated;

        /// <summary>
        /// Which rules can find something in the project: all of them when it references a token library, those that
        /// read appsettings*.json when it has such a file among its additional files and no library, and none
        /// otherwise. Without a rule no <c>token_analyzers.*</c> option takes effect, so there is nothing for TA0004
        /// to validate either. One pass over the references' names, before any rule's code runs: a project without
        /// token code went from a median of 8 ms to 1.5 ms in the compiler's report, in a fresh compiler process
        /// (issue 22).
        /// </summary>
        public override void Initialize(AnalysisContext context)
        {
            // Generated code too: a security rule must not go blind on scaffolded code.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                CallbackProbe.Enter(CallbackProbe.CompilationStart);
                if (start.Compilation.UsesLibrary(KnownTypeNames.TokenLibraries))
                {
                    StartRules(start, _rules.Value, TokenSymbols.TryCreate(start.Compilation));
                }
                else if (AppSettingsFile.Any(start.Options.AdditionalFiles))
                {
                    StartRules(start, _rulesWithoutLibrary.Value, symbols: null);
                }

                CallbackProbe.Exit(CallbackProbe.CompilationStart);
            });
        }

        /// <summary>A compilation with token code: each rule registers what it reads, then the scanner that feeds them.</summary>
        private static void StartRules(CompilationStartAnalysisContext start, TokenRule[] rules, TokenSymbols? symbols)
        {
            var ruleStart = new RuleStart(start);
            ConfigurationReadFailures.Register(start);
            List<Func<SyntaxTree, Diagnostic>>? startFailures = null;
            foreach (var rule in rules)
            {
                if (RuleFailures.RunAtStart(rule, ruleStart, symbols, start.CancellationToken) is { } failure)
                {
                    (startFailures ??= new List<Func<SyntaxTree, Diagnostic>>()).Add(failure);
                }
            }

            var sourceFileOptionsRead = ruleStart.HasNodeActions;
            start.RegisterCompilationEndAction(end =>
            {
                CallbackProbe.Enter(CallbackProbe.OptionValidation);
                OptionValidation.Run(end, sourceFileOptionsRead);
                CallbackProbe.Exit(CallbackProbe.OptionValidation);
            });
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
        }
    }
}
