using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA301: in an Entra-backed configuration, the issuer check accepts every tenant: ValidateIssuer constant false
    /// with no real issuer validator, an accept-all issuer validator, or one that only tests a prefix, suffix,
    /// substring or host. It replaces TA101 and TA202 at that assignment (<see cref="EntraConfiguration.IsEntraBacked"/>).
    /// </summary>
    internal sealed class EntraTenantRule : TokenRule
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(AnyEntraTenantAccepted);

        private static readonly ImmutableHashSet<string> PropertyNames =
            ImmutableHashSet.Create("ValidateIssuer", "IssuerValidator", "IssuerValidatorUsingConfiguration");

        private static readonly string[] IssuerValidators = { "IssuerValidator", "IssuerValidatorUsingConfiguration" };

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, PropertyNames, ValueFilter.Any, AnalyzeAssignment);

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsParametersType(assignment.ObjectType))
            {
                return;
            }

            string? finding;
            if (assignment.Name == "ValidateIssuer")
            {
                finding = context.IsConstantFalse(assignment.Value) && !AcceptAllDelegates.HasRealValidator(context.Scope, context.Assignment, IssuerValidators, ValidatorKind.Issuer, context.Symbols, context.CancellationToken)
                    ? "ValidateIssuer is set to false"
                    : null;
            }
            else
            {
                finding = AcceptAllDelegates.IsAcceptAll(assignment.Value, ValidatorKind.Issuer, context.Symbols, context.CancellationToken)
                    ? assignment.Name + " accepts any issuer"
                    : IssuerChecks.IsShapeOnly(assignment.Value, context.Symbols, context.CancellationToken)
                        ? assignment.Name + " only checks the shape of the issuer (prefix, suffix, substring or host)"
                        : null;
            }

            if (finding is null && assignment.Name != "ValidateIssuer")
            {
                ReportMultiTenantAadValidator(context);
                return;
            }

            if (finding is null ||
                EntraConfiguration.Find(context.Scope, assignment.Target, context.Symbols, context.CancellationToken) is not { } backing)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var fixNodes = System.Array.Empty<SyntaxNode>();
            if (backing.Authority.ConstantAuthority is { } authority && context.Symbols.AadIssuerValidator is not null)
            {
                // Two assignments of the same object both reported (ValidateIssuer = false and an accept-all
                // IssuerValidator): only one may become the AadIssuerValidator, the other is removed.
                var replace = assignment.Name != "ValidateIssuer" ||
                              !context.Scope.AssignmentsTo(assignment.Target, IssuerValidators).Any(v => v.Value.ConstantValue is not { HasValue: true, Value: null });
                properties = properties
                    .Add(FixProperties.Authority, authority)
                    .Add(FixProperties.IssuerFix, replace ? "Replace" : "Remove");
                if (backing.Site.Name == "Authority" && backing.Authority.Text == authority)
                {
                    switch (DelegateBody.Unwrap(backing.Site.Value))
                    {
                        case IFieldReferenceOperation { Field: { IsConst: true, ConstantValue: string value } field } when value == authority:
                            properties = properties.Add(FixProperties.AuthorityConstant, field.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + field.Name);
                            break;
                        case { } built and not ILiteralOperation:
                            // Built from constants ($"{Instance}{TenantId}/v2.0"): the fix writes the same expression
                            // where its names mean the same there, so the tenant stays written in one place.
                            fixNodes = new[] { built.Syntax };
                            break;
                    }
                }
            }

            // RULES.md TA301: no fix for a multi-tenant authority; the message says what to do instead.
            context.Report(AnyEntraTenantAccepted, fixNodes, properties, finding, backing.Authority.Text, backing.Authority.IsMultiTenant ? TidAllowListAdvice : string.Empty);
        }

        private const string TidAllowListAdvice = "; check the tid against an allow-list of tenants";

        /// <summary>
        /// RULES.md TA301: AadIssuerValidator.Validate (a method group, or a delegate that only forwards to it) on a
        /// multi-tenant authority accepts the issuer of every tenant. No fix: the message says to check the token's
        /// tenant against an allow-list.
        /// </summary>
        private static void ReportMultiTenantAadValidator(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (EntraConfiguration.Find(context.Scope, assignment.Target, context.Symbols, context.CancellationToken) is { } backing &&
                MultiTenantAadValidator.Is(assignment.Value, backing.Authority, context.Symbols, context.CancellationToken))
            {
                context.Report(
                    AnyEntraTenantAccepted,
                    ImmutableDictionary<string, string?>.Empty,
                    assignment.Name + " is AadIssuerValidator for a multi-tenant authority, which fills the issuer template from the token's own tid",
                    backing.Authority.Text,
                    TidAllowListAdvice);
            }
        }
    }
}
