using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Code that restricts which Entra ID tenants an application accepts (TA504's "tenant restriction"): any read of
    /// the <c>tid</c> claim (<c>"tid"</c>, <c>http://schemas.microsoft.com/identity/claims/tenantid</c>,
    /// <c>ClaimConstants.Tid</c>/<c>TenantId</c>, <c>GetTenantId()</c>, <c>GetHomeTenantId()</c>), an assignment of
    /// <c>ValidIssuers</c>/<c>ValidIssuer</c> that names a concrete tenant. A claim read counts in an event handler,
    /// authorization handler, policy or middleware (<see cref="IsInRequestCheck"/>); the assignments count anywhere.
    /// Judged on syntax, per file, across the project. A custom <c>IssuerValidator</c> counts too unless it accepts
    /// all (RULES.md's accept-all Term, which needs binding: TA504 judges it on the assignment).
    /// </summary>
    internal static class TenantRestriction
    {
        public const string TenantIdClaimType = "http://schemas.microsoft.com/identity/claims/tenantid";

        /// <summary>
        /// Does <paramref name="root"/> hold a tenant check? <paramref name="text"/> is its text (the cheap pre-filter).
        /// A claim read outside a request check adds the name of the method or property that holds it to
        /// <paramref name="helpers"/>, for <see cref="CallsHelperInCheck"/>.
        /// </summary>
        public static bool IsIn(SyntaxNode root, string text, Dictionary<string, List<SyntaxNode>> helpers)
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
                        if (IsTenantClaim(token.ValueText) && token.Parent is { } literal && !IsInOtherScheme(literal))
                        {
                            if (IsInRequestCheck(literal))
                            {
                                return true;
                            }

                            AddHelper(literal, helpers);
                        }

                        break;
                    case SyntaxKind.IdentifierToken when token.Parent is SimpleNameSyntax name:
                        if (IsTenantCheck(name) && !IsInOtherScheme(name))
                        {
                            return true;
                        }

                        if (IsClaimRead(name) && !IsInOtherScheme(name))
                        {
                            AddHelper(name, helpers); // a read outside a request check
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>
        /// Does <paramref name="root"/> call, in a request check, a helper of the project that reads the claim (round AQ:
        /// <c>GetTenant(this ClaimsPrincipal p) =&gt; p.FindFirst("tid")?.Value</c> used by an authorization handler), as
        /// Identity.Web's own <c>GetTenantId()</c> counts? One call deep, bound to the helper itself (round AR: a
        /// middleware's <c>store.GetTenant(host)</c> of another type is no such call).
        /// </summary>
        public static bool CallsHelperInCheck(SyntaxNode root, string text, Dictionary<string, List<SyntaxNode>> helpers, Compilation compilation)
        {
            SemanticModel? model = null;
            foreach (var helper in helpers)
            {
                if (text.IndexOf(helper.Key, StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                foreach (var token in root.DescendantTokens())
                {
                    if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != helper.Key || token.Parent is not SimpleNameSyntax name ||
                        !IsInRequestCheck(name) || IsInOtherScheme(name))
                    {
                        continue;
                    }

#pragma warning disable RS1030 // Asked at compilation end, only for a name of a helper inside a request check.
                    model ??= compilation.GetSemanticModel(root.SyntaxTree);
#pragma warning restore RS1030
                    var symbol = model.GetSymbolInfo(name).Symbol;
                    symbol = (symbol as IMethodSymbol)?.ReducedFrom ?? symbol;
                    foreach (var declaration in helper.Value)
                    {
                        if (symbol is not null && IsOrImplements(DeclaredSymbol(declaration, compilation), symbol))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

#pragma warning disable RS1030 // Asked at compilation end, only for a helper's declaration whose name a request check calls.
        private static ISymbol? DeclaredSymbol(SyntaxNode declaration, Compilation compilation) =>
            compilation.GetSemanticModel(declaration.SyntaxTree).GetDeclaredSymbol(declaration);
#pragma warning restore RS1030

        /// <summary>
        /// The helper is the member called, or implements or overrides it (round AS: a tenant accessor called through
        /// its interface, <c>ITenantProvider.GetTenant()</c>, whose implementation reads the claim).
        /// </summary>
        private static bool IsOrImplements(ISymbol? helper, ISymbol called)
        {
            for (var current = helper; current is not null; current = current switch
                 {
                     IMethodSymbol method => method.OverriddenMethod,
                     IPropertySymbol property => property.OverriddenProperty,
                     _ => null,
                 })
            {
                if (SymbolEqualityComparer.Default.Equals(current, called))
                {
                    return true;
                }
            }

            return helper?.ContainingType is { } type && called.ContainingType is { TypeKind: TypeKind.Interface } &&
                   SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(called), helper);
        }

        /// <summary>The method, local function or property around a claim read that is not itself a request check.</summary>
        private static void AddHelper(SyntaxNode read, Dictionary<string, List<SyntaxNode>> helpers)
        {
            foreach (var ancestor in read.Ancestors())
            {
                var name = ancestor switch
                {
                    MethodDeclarationSyntax method => method.Identifier.ValueText,
                    LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                    PropertyDeclarationSyntax property => property.Identifier.ValueText,
                    _ => null,
                };

                if (name is not null)
                {
                    if (!helpers.TryGetValue(name, out var declarations))
                    {
                        helpers[name] = declarations = new List<SyntaxNode>();
                    }

                    declarations.Add(ancestor);
                    return;
                }

                if (ancestor is TypeDeclarationSyntax)
                {
                    return;
                }
            }
        }

        private static bool IsTenantClaim(string value) =>
            string.Equals(value, "tid", StringComparison.Ordinal) ||
            string.Equals(value, TenantIdClaimType, StringComparison.OrdinalIgnoreCase);

        /// <summary>Identity.Web's helpers and claim names: <c>GetTenantId()</c>, <c>GetHomeTenantId()</c>, <c>ClaimConstants.Tid</c>/<c>TenantId</c>.</summary>
        private static bool IsClaimRead(SimpleNameSyntax name) => name.Identifier.ValueText switch
        {
            "GetTenantId" or "GetHomeTenantId" => true,
            "Tid" or "TenantId" => name.Parent is MemberAccessExpressionSyntax access && access.Name == name &&
                                   access.Expression is IdentifierNameSyntax { Identifier.ValueText: "ClaimConstants" } or
                                       MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ClaimConstants" },
            _ => false,
        };

        private static bool IsTenantCheck(SimpleNameSyntax name)
        {
            switch (name.Identifier.ValueText)
            {
                case "GetTenantId":
                case "GetHomeTenantId":
                case "Tid":
                case "TenantId":
                    return IsClaimRead(name) && IsInRequestCheck(name);
                case "ValidIssuers":
                case "ValidIssuer":
                    return AssignedValue(name) is { } value && NamesConcreteTenant(value);
                default:
                    return false;
            }
        }

        /// <summary>Type names whose subclasses or implementations decide on a request: event handlers, authorization, middleware.</summary>
        private static readonly string[] CheckingTypes =
        {
            "JwtBearerEvents", "OpenIdConnectEvents", "AuthorizationHandler", "IAuthorizationHandler", "IAuthorizationRequirement",
            "IAuthorizationFilter", "IAsyncAuthorizationFilter", "IMiddleware", "IAuthorizationPolicyProvider",
        };

        /// <summary>Calls whose delegate arguments are policies or middleware.</summary>
        private static readonly string[] CheckingCalls =
        {
            "AddPolicy", "RequireAssertion", "AddAuthorization", "AddAuthorizationBuilder", "Use", "UseWhen", "MapWhen",
        };

        /// <summary>Parameter types of methods that handle an authentication event or an authorization decision.</summary>
        private static readonly string[] CheckingContexts =
        {
            "TokenValidatedContext", "AuthorizationHandlerContext", "AuthorizationFilterContext", "MessageReceivedContext",
        };

        /// <summary>
        /// Is <paramref name="node"/> in code that decides on a request: an event handler (a lambda assigned to an
        /// <c>On...</c> event, a <c>JwtBearerEvents</c>/<c>OpenIdConnectEvents</c> subclass or initializer, a method
        /// taking a <c>TokenValidatedContext</c>), an authorization handler, requirement or filter, a policy
        /// (<c>AddPolicy</c>, <c>RequireAssertion</c>), or a middleware (<c>Use</c>, <c>IMiddleware</c>, a class
        /// with <c>Invoke</c>/<c>InvokeAsync</c>)? A helper that merely reads the claim (to pick a database, to log)
        /// restricts nothing.
        /// </summary>
        private static bool IsInRequestCheck(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax function:
                        if (function.Parent is AssignmentExpressionSyntax assignment && SyntaxNames.AssignedName(assignment) is { } assigned &&
                            assigned.StartsWith("On", StringComparison.Ordinal))
                        {
                            return true;
                        }

                        if (function.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call } &&
                            Array.IndexOf(CheckingCalls, SyntaxNames.InvokedName(call)) >= 0)
                        {
                            return true;
                        }

                        break;
                    case ObjectCreationExpressionSyntax creation when Array.IndexOf(CheckingTypes, SyntaxNames.TypeName(creation.Type)) >= 0:
                        return true;
                    case BaseMethodDeclarationSyntax method:
                        if (method is MethodDeclarationSyntax { Identifier.ValueText: "Invoke" or "InvokeAsync" })
                        {
                            return true;
                        }

                        foreach (var parameter in method.ParameterList.Parameters)
                        {
                            if (parameter.Type is { } type && Array.IndexOf(CheckingContexts, SyntaxNames.TypeName(type)) >= 0)
                            {
                                return true;
                            }
                        }

                        break;
                    case LocalFunctionStatementSyntax localFunction:
                        foreach (var parameter in localFunction.ParameterList.Parameters)
                        {
                            if (parameter.Type is { } type && Array.IndexOf(CheckingContexts, SyntaxNames.TypeName(type)) >= 0)
                            {
                                return true;
                            }
                        }

                        break;
                    case TypeDeclarationSyntax type when type.BaseList is { } bases:
                        foreach (var baseType in bases.Types)
                        {
                            if (Array.IndexOf(CheckingTypes, SyntaxNames.TypeName(baseType.Type)) >= 0)
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>
        /// Inside the options delegate of a scheme registered by hand (<c>AddJwtBearer(...)</c>, <c>AddOpenIdConnect(...)</c>):
        /// that scheme's checks. Identity.Web registers its own scheme through its own methods, so they restrict
        /// nothing there (its options are configured in its delegates or with <c>Configure&lt;JwtBearerOptions&gt;</c>).
        /// </summary>
        /// <summary>Inside the options lambda of a hand-registered <c>AddJwtBearer</c>/<c>AddOpenIdConnect</c> scheme.</summary>
        public static bool IsInOtherScheme(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call } } &&
                    SyntaxNames.InvokedName(call) is "AddJwtBearer" or "AddOpenIdConnect")
                {
                    return true;
                }
            }

            return false;
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
                // Only an Entra issuer of one tenant restricts the tenant: a partner's or a local issuer
                // ("https://legacy-idp.example.com/") says nothing about which Entra tenants sign in.
                if (EntraAuthority.FromText(token.ValueText, isConstant: true) is { IsMultiTenant: false } &&
                    token.ValueText.IndexOf("{tenantid}", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    return true;
                }
            }

            return literals == 0; // values from configuration or code: assumed to name the tenants served
        }
    }
}
