using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA201-TA206: a validator delegate assigned to a parameters object that accepts every token (see
    /// <see cref="AcceptAllDelegates"/>). The delegate replaces the library's built-in check, so an accept-all
    /// delegate switches that check off whatever the Validate* flags say.
    /// </summary>
    internal sealed class AcceptAllValidatorRule : TokenRule
    {
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

            if (CombinedWithValidator(context, assignment, validator.Kind))
            {
                return; // a member of the multicast delegate may reject, and the library invokes every member
            }

            if (validator.Rule == IssuerValidatorAcceptsAll &&
                EntraConfiguration.IsEntraBacked(context.Scope, assignment.Target, context.Symbols, context.CancellationToken))
            {
                return; // TA301 reports this assignment: in an Entra-backed configuration any tenant's token passes
            }

            var properties = FixDecision(context, validator, out var missing);
            context.Report(validator.Rule, properties, assignment.Name, validator.Rule == SignatureValidationBypassed ? SignatureConsequence(context, missing) : missing);
        }

        /// <summary>
        /// What a parse-only signature validator does: every forged or unsigned token is accepted; but where the options'
        /// handler refuses the token type it returns (round AV), or beside a constant <c>ValidateIssuerSigningKey = true</c>
        /// where the parsed token has no signing key (round AU: TrekkingForCharity; IdentityModelFactsTests), the library
        /// rejects every token, the genuine ones too.
        /// </summary>
        private static string SignatureConsequence(AssignmentContext context, string missing)
        {
            if (RestoredCheck.HandlerRefusingParsedType(context.Scope, context.Assignment, context.Symbols, context.CancellationToken) is { } handler)
            {
                return ": no signature is verified, and since the referenced JwtBearer validates with " + handler + ", every token is rejected, the genuine ones too (IDX10506); remove the delegate";
            }

            return RestoredCheck.FailsTokensWithoutSigningKey(context.Scope, context.Assignment)
                ? ": no signature is verified, and since ValidateIssuerSigningKey is true and the parsed token has no signing key, every token is rejected, the genuine ones too (IDX10253); remove the delegate"
                : ", so every forged or unsigned token is accepted" + missing;
        }

        /// <summary>
        /// Round AM: the same property of the same object also gets, combined with this delegate by <c>+=</c>, one that
        /// may reject (<c>p.X = real; p.X += accept;</c> or <c>p.X = accept; p.X += real;</c>): IdentityModel invokes
        /// every member of the multicast delegate, and one that throws rejects the token.
        /// </summary>
        private static bool CombinedWithValidator(AssignmentContext context, PropertyAssignment assignment, ValidatorKind kind)
        {
            foreach (var other in context.Scope.AssignmentsTo(assignment.Target, assignment.Name))
            {
                if (other.Syntax == assignment.Syntax ||
                    (other.Kind != PropertyAssignmentKind.Compound && assignment.Kind != PropertyAssignmentKind.Compound) ||
                    other.Value.ConstantValue is { HasValue: true, Value: null })
                {
                    continue;
                }

                if (!AcceptAllDelegates.IsAcceptAll(other.Value, kind, context.Symbols, context.CancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// RULES.md "Code fixes must not lock users out": removing the delegate restores the built-in check, which
        /// must have something to check against wherever the delegate is set (keys for the signature, an issuer, an
        /// audience, as TA101/TA102 ask; the message then says what is missing), must not be the lifetime check in a
        /// refresh helper (as TA103), and must not be the certificate-lifetime check of signing keys the code switched
        /// on (TA205). The algorithm check has nothing to lock out: without <c>ValidAlgorithms</c> every algorithm passes.
        /// Nor may the removal take a validating branch of a conditional value with it.
        /// </summary>
        private static ImmutableDictionary<string, string?> FixDecision(AssignmentContext context, Validator validator, out string missing)
        {
            var assignment = context.Assignment;
            missing = string.Empty;
            var offered = validator.Rule.Id switch
            {
                RuleIds.SignatureValidationBypassed => RestoredCheck.ChecksSignature(context.Scope, assignment, context.Symbols, context.NodeContext.SemanticModel, context.CancellationToken, out missing),
                RuleIds.IssuerValidatorAcceptsAll => RestoredCheck.ChecksIssuer(context.Scope, assignment, context.Symbols, context.CancellationToken, out missing),
                RuleIds.AudienceValidatorAcceptsAll => RestoredCheck.ChecksAudience(context.Scope, assignment, context.Symbols, context.CancellationToken, out missing),
                RuleIds.LifetimeValidatorAcceptsAll => !RestoredCheck.LifetimeCheckOffOnPurpose(context.Scope, assignment, context.Symbols, context.CancellationToken),
                RuleIds.SigningKeyValidatorAcceptsAll => !RestoredCheck.ValidatesSigningKeys(context.Scope, assignment, context.Symbols),
                _ => true,
            };

            // A validating branch of a conditional would go with the assignment (round AM).
            offered &= !AcceptAllDelegates.HasValidatingBranch(assignment.Value, validator.Kind, context.Symbols, context.CancellationToken);
            return offered ? FixProperties.RemoveAssignmentOffered : ImmutableDictionary<string, string?>.Empty;
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
