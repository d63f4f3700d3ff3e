using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA201-TA206: a validator delegate assigned to a parameters object that accepts every token (see
    /// <see cref="AcceptAllDelegates"/>). The delegate replaces the library's built-in check, so an accept-all
    /// delegate switches that check off whatever the Validate* flags say.
    /// </summary>
    internal sealed class AcceptAllValidatorRule : TokenRule
    {
        internal static readonly DiagnosticDescriptor SignatureValidationBypassed = Descriptors.Create(
            RuleIds.SignatureValidationBypassed,
            "Signature validation is bypassed",
            "{0} returns a token that was only parsed, so every forged or unsigned token is accepted",
            "A signature validator that only parses the token replaces signature validation entirely: RequireSignedTokens, the signing keys and ValidAlgorithms are all ignored, and anyone can write a token that passes. It is often added to silence 401 errors after an upgrade whose real cause is mismatched Microsoft.IdentityModel package versions. Remove the delegate and align the package versions.");

        internal static readonly DiagnosticDescriptor IssuerValidatorAcceptsAll = Descriptors.Create(
            RuleIds.IssuerValidatorAcceptsAll,
            "Issuer validator accepts any issuer",
            "{0} returns its issuer argument (or a constant) without checking it, so tokens from any issuer are accepted",
            "An issuer validator that hands back its input accepts tokens from every issuer, including another tenant's or an attacker's identity provider; ValidIssuer(s) are ignored because the delegate replaces the built-in check. Remove the delegate or compare the issuer with an allow-list.");

        internal static readonly DiagnosticDescriptor AudienceValidatorAcceptsAll = Descriptors.Create(
            RuleIds.AudienceValidatorAcceptsAll,
            "Audience validator accepts any audience",
            "{0} returns true without checking the audience, so tokens issued for any other application are accepted",
            "An audience validator that always returns true accepts a token issued for any application of the same issuer. Remove the delegate and set ValidAudience(s).");

        internal static readonly DiagnosticDescriptor LifetimeValidatorAcceptsAll = Descriptors.Create(
            RuleIds.LifetimeValidatorAcceptsAll,
            "Lifetime validator accepts any lifetime",
            "{0} returns true without checking the lifetime, so expired tokens are accepted forever",
            "A lifetime validator that always returns true keeps every token valid forever, including stolen and expired ones. Remove the delegate.");

        internal static readonly DiagnosticDescriptor SigningKeyValidatorAcceptsAll = Descriptors.Create(
            RuleIds.SigningKeyValidatorAcceptsAll,
            "Signing-key validator accepts any key",
            "{0} returns true without checking the signing key",
            "A signing-key validator that always returns true accepts any key the token names among the trusted keys, whatever its issuer or validity; the UsingConfiguration variant also removes the check added by EnableAadSigningKeyIssuerValidation(). Remove the delegate.");

        internal static readonly DiagnosticDescriptor AlgorithmValidatorAcceptsAll = Descriptors.Create(
            RuleIds.AlgorithmValidatorAcceptsAll,
            "Algorithm validator accepts any algorithm",
            "{0} returns true without checking the algorithm, so ValidAlgorithms is ignored",
            "An algorithm validator that always returns true accepts every algorithm, ValidAlgorithms included or not, which opens the door to algorithm-confusion attacks. Remove the delegate and use ValidAlgorithms.");

        private static readonly Dictionary<string, Validator> Validators = new Dictionary<string, Validator>
        {
            ["SignatureValidator"] = new Validator(SignatureValidationBypassed, ValidatorKind.Signature),
            ["SignatureValidatorUsingConfiguration"] = new Validator(SignatureValidationBypassed, ValidatorKind.Signature),
            ["IssuerValidator"] = new Validator(IssuerValidatorAcceptsAll, ValidatorKind.Issuer),
            ["IssuerValidatorUsingConfiguration"] = new Validator(IssuerValidatorAcceptsAll, ValidatorKind.Issuer),
            ["AudienceValidator"] = new Validator(AudienceValidatorAcceptsAll, ValidatorKind.Boolean),
            ["LifetimeValidator"] = new Validator(LifetimeValidatorAcceptsAll, ValidatorKind.Boolean),
            ["IssuerSigningKeyValidator"] = new Validator(SigningKeyValidatorAcceptsAll, ValidatorKind.Boolean),
            ["IssuerSigningKeyValidatorUsingConfiguration"] = new Validator(SigningKeyValidatorAcceptsAll, ValidatorKind.Boolean),
            ["AlgorithmValidator"] = new Validator(AlgorithmValidatorAcceptsAll, ValidatorKind.Boolean),
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            SignatureValidationBypassed,
            IssuerValidatorAcceptsAll,
            AudienceValidatorAcceptsAll,
            LifetimeValidatorAcceptsAll,
            SigningKeyValidatorAcceptsAll,
            AlgorithmValidatorAcceptsAll);

        private static readonly ImmutableHashSet<string> PropertyNames = Validators.Keys.ToImmutableHashSet();

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, PropertyNames, ValueFilter.Any, AnalyzeAssignment);

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsParametersType(assignment.ObjectType) ||
                !Validators.TryGetValue(assignment.Name, out var validator) ||
                !AcceptAllDelegates.IsAcceptAll(assignment.Value, validator.Kind, context.Symbols, context.CancellationToken))
            {
                return;
            }

            if (validator.Rule == IssuerValidatorAcceptsAll &&
                EntraConfiguration.IsEntraBacked(context.Scope, assignment.Target, context.Symbols, context.CancellationToken))
            {
                return; // TA301 reports this assignment: in an Entra-backed configuration any tenant's token passes
            }

            context.Report(validator.Rule, assignment.Name);
        }

        /// <summary>
        /// A validator property's entry: a class, not a tuple, so the table shares the dictionary code every reference
        /// type uses instead of making the JIT compile a dictionary of its own on first use (issue 22).
        /// </summary>
        private sealed class Validator
        {
            public Validator(DiagnosticDescriptor rule, ValidatorKind kind)
            {
                Rule = rule;
                Kind = kind;
            }

            public DiagnosticDescriptor Rule { get; }

            public ValidatorKind Kind { get; }
        }
    }
}
