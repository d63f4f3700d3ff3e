using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA101-TA105: a built-in check of TokenValidationParameters set to constant false. TA101-TA103 and TA105 stay
    /// silent when the same parameters object gets a validator delegate that really validates, because the library runs
    /// the delegate even when the flag is false (and, for TA105, instead of the only check that reads the flag).
    /// </summary>
    internal sealed class DisabledValidationRule : TokenRule
    {
        /// <summary>Each flag, its rule, and the validator delegates that replace its check.</summary>
        private static readonly Dictionary<string, Flag> Flags = new Dictionary<string, Flag>
        {
            ["ValidateIssuer"] = new Flag(IssuerValidationDisabled, new[] { "IssuerValidator", "IssuerValidatorUsingConfiguration" }, ValidatorKind.Issuer),
            ["ValidateAudience"] = new Flag(AudienceValidationDisabled, new[] { "AudienceValidator" }, ValidatorKind.Boolean),
            ["ValidateLifetime"] = new Flag(LifetimeValidationDisabled, new[] { "LifetimeValidator" }, ValidatorKind.Boolean),
            ["RequireSignedTokens"] = new Flag(UnsignedTokensAccepted, new string[0], ValidatorKind.Boolean),
            // The LifetimeValidator replaces the lifetime check, the only reader of RequireExpirationTime (IdentityModelFactsTests).
            ["RequireExpirationTime"] = new Flag(TokensWithoutExpiryAccepted, new[] { "LifetimeValidator" }, ValidatorKind.Boolean),
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(IssuerValidationDisabled, AudienceValidationDisabled, LifetimeValidationDisabled, UnsignedTokensAccepted, TokensWithoutExpiryAccepted);

        private static readonly ImmutableHashSet<string> PropertyNames = Flags.Keys.ToImmutableHashSet();

        /// <summary>Only constant false is reported: `ValidateIssuer = true` or `= settings.ValidateIssuer()` is never bound.</summary>
        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, PropertyNames, ValueFilter.MayBeConstantFalse, AnalyzeAssignment);

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsParametersType(assignment.ObjectType) ||
                !Flags.TryGetValue(assignment.Name, out var flag) ||
                !context.IsConstantFalse(assignment.Value) ||
                flag.Validators.Length > 0 && AcceptAllDelegates.HasRealValidator(context.Scope, assignment, flag.Validators, flag.Kind, context.Symbols, context.CancellationToken))
            {
                return;
            }

            if (assignment.Name == "ValidateIssuer" &&
                EntraConfiguration.IsEntraBacked(context.Scope, assignment.Target, context.Symbols, context.CancellationToken))
            {
                return; // TA301 reports this assignment: in an Entra-backed configuration any tenant's token passes
            }

            context.Report(flag.Rule, FixDecision(context, out var missing), missing);
        }

        /// <summary>
        /// RULES.md "Code fixes must not lock users out": removing ValidateIssuer/ValidateAudience = false is offered
        /// only where the restored check has an issuer/audience to compare with in the same scope (otherwise the
        /// fixed application rejects every token, and <paramref name="missing"/> says what is missing); removing
        /// ValidateLifetime = false not where the check is off on purpose (refresh helpers, a comment that says so, a
        /// DPoP proof's parameters), RequireExpirationTime = false not where the tokens have no expiry on purpose;
        /// RequireSignedTokens = false not where tokens are decrypted (they may be encrypted instead of signed); nothing
        /// inside a deconstruction.
        /// </summary>
        private static ImmutableDictionary<string, string?> FixDecision(AssignmentContext context, out string missing)
        {
            var assignment = context.Assignment;
            missing = string.Empty;
            var offered = assignment.Name switch
            {
                "ValidateIssuer" => RestoredCheck.ChecksIssuer(context.Scope, assignment, context.Symbols, context.CancellationToken, out missing),
                "ValidateAudience" => RestoredCheck.ChecksAudience(context.Scope, assignment, context.Symbols, context.CancellationToken, out missing),
                "ValidateLifetime" => !RestoredCheck.LifetimeCheckOffOnPurpose(context.Scope, assignment, context.Symbols, context.CancellationToken),
                "RequireExpirationTime" => !RestoredCheck.ExpiryAbsentOnPurpose(context.Scope, assignment, context.Symbols, context.CancellationToken),
                "RequireSignedTokens" => !RestoredCheck.MayAcceptEncryptedTokens(context.Scope, assignment, context.Symbols) &&
                                         RestoredCheck.ChecksSignature(context.Scope, assignment, context.Symbols, context.NodeContext.SemanticModel, context.CancellationToken, out missing),
                _ => true,
            };

            return offered && !RestoredCheck.IsInDeconstruction(assignment.Extent) ? FixProperties.RemoveAssignmentOffered : ImmutableDictionary<string, string?>.Empty;
        }

        /// <summary>
        /// A flag's entry: a class, not a tuple, so the table shares the dictionary code every reference type uses
        /// instead of making the JIT compile a dictionary of its own on first use (issue 22).
        /// </summary>
        private sealed class Flag
        {
            public Flag(DiagnosticDescriptor rule, string[] validators, ValidatorKind kind)
            {
                Rule = rule;
                Validators = validators;
                Kind = kind;
            }

            public DiagnosticDescriptor Rule { get; }

            public string[] Validators { get; }

            public ValidatorKind Kind { get; }
        }
    }
}
