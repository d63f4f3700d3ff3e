using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Code that restricts which Entra ID tenants an application accepts (TA504's "tenant restriction"): any read of
    /// the <c>tid</c> claim (<c>"tid"</c>, <c>http://schemas.microsoft.com/identity/claims/tenantid</c>,
    /// <c>ClaimConstants.Tid</c>/<c>TenantId</c>, <c>GetTenantId()</c>, <c>GetHomeTenantId()</c>), an assignment of
    /// <c>ValidIssuers</c>/<c>ValidIssuer</c> that names a concrete tenant, or a custom <c>IssuerValidator</c>.
    /// Judged on syntax, per file, anywhere in the project: an event handler, an authorization handler or policy, and a
    /// middleware all read the claim the same way, and a check we cannot place is given the benefit of the doubt.
    /// </summary>
    internal static class TenantRestriction
    {
        public const string TenantIdClaimType = "http://schemas.microsoft.com/identity/claims/tenantid";

        /// <summary>Does <paramref name="root"/> hold a tenant check? <paramref name="text"/> is its text (the cheap pre-filter).</summary>
        public static bool IsIn(SyntaxNode root, string text)
        {
            if (text.IndexOf("tid", StringComparison.OrdinalIgnoreCase) < 0 && text.IndexOf("Issuer", StringComparison.Ordinal) < 0)
            {
                return false;
            }

            foreach (var token in root.DescendantTokens())
            {
                switch (token.Kind())
                {
                    case SyntaxKind.StringLiteralToken:
                        if (IsTenantClaim(token.ValueText))
                        {
                            return true;
                        }

                        break;
                    case SyntaxKind.IdentifierToken when token.Parent is SimpleNameSyntax name:
                        if (IsTenantCheck(name))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsTenantClaim(string value) =>
            string.Equals(value, "tid", StringComparison.Ordinal) ||
            string.Equals(value, TenantIdClaimType, StringComparison.OrdinalIgnoreCase);

        private static bool IsTenantCheck(SimpleNameSyntax name)
        {
            switch (name.Identifier.ValueText)
            {
                case "GetTenantId":
                case "GetHomeTenantId":
                    return true;
                case "Tid":
                case "TenantId":
                    // ClaimConstants.Tid / ClaimConstants.TenantId (Microsoft.Identity.Web's claim names).
                    return name.Parent is MemberAccessExpressionSyntax access && access.Name == name &&
                           access.Expression is IdentifierNameSyntax { Identifier.ValueText: "ClaimConstants" } or
                               MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ClaimConstants" };
                case "IssuerValidator":
                case "IssuerValidatorUsingConfiguration":
                    return AssignedValue(name) is not null;
                case "ValidIssuers":
                case "ValidIssuer":
                    return AssignedValue(name) is { } value && NamesConcreteTenant(value);
                default:
                    return false;
            }
        }

        /// <summary>The value assigned to the property <paramref name="name"/> names (<c>x.P = v</c>, <c>P = v</c> in an initializer).</summary>
        private static ExpressionSyntax? AssignedValue(SimpleNameSyntax name)
        {
            SyntaxNode target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            return target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target ? assignment.Right : null;
        }

        /// <summary>
        /// An issuer list that is not only the multi-tenant templates (<c>{tenantid}</c>, <c>common</c>,
        /// <c>organizations</c>, <c>consumers</c>): any string that is not such a template, or any non-literal value.
        /// </summary>
        private static bool NamesConcreteTenant(ExpressionSyntax value)
        {
            var literals = 0;
            foreach (var token in value.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken))
                {
                    continue;
                }

                literals++;
                var text = token.ValueText;
                var template = text.IndexOf("{tenantid}", StringComparison.OrdinalIgnoreCase) >= 0 ||
                               EntraAuthority.FromText(text, isConstant: true) is { IsMultiTenant: true };
                if (!template)
                {
                    return true;
                }
            }

            return literals == 0; // values from configuration or code: assumed to name the tenants served
        }
    }
}
