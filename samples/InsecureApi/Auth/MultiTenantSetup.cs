using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;

namespace InsecureApi.Auth;

// TA3xx, the Storm-0558 class: a multi-tenant Entra ID API (any organisation's users may call it), written the way
// many hand-written AddJwtBearer setups still are. Entra ID publishes one signing key set for every tenant and for
// personal Microsoft accounts; in 2023 a consumer key signed tokens that enterprise APIs accepted.
public static class MultiTenantSetup
{
    public const string Scheme = "Entra";
    public const string AdminScheme = "EntraAdmin";

    private static readonly SecurityKey[] CachedKeys = [];

    public static AuthenticationBuilder AddMultiTenantEntra(this AuthenticationBuilder builder) =>
        builder
            .AddJwtBearer(Scheme, options =>
            {
                // TA302: the keys come from Entra's common endpoint, but EnableAadSigningKeyIssuerValidation() is never
                // called: a key published for consumer accounts validates a token that claims any enterprise tenant.
                options.Authority = "https://login.microsoftonline.com/common/v2.0";
                options.Audience = "api://orders";
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    // TA301: "every tenant has its own issuer, so we only check that it is Microsoft's": every tenant passes.
                    IssuerValidator = (issuer, token, parameters) =>
                        issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.OrdinalIgnoreCase)
                            ? issuer
                            : throw new SecurityTokenInvalidIssuerException("not an Entra ID issuer"),

                    // TA304: every cached key, whatever the token's kid or issuer.
                    IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => CachedKeys,

                    // TA306: "none" is the algorithm of unsigned tokens.
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.None],
                };
            })
            .AddJwtBearer(AdminScheme, options =>
            {
                options.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                options.Audience = "api://orders-admin";
                options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();

                // TA303: replacing the parameters afterwards silently drops the check installed above.
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuers = ["https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0"],
                };
            });

    // TA305: the key of the internal service tokens, in the source (and in every clone, build and decompiled binary).
    public static readonly SymmetricSecurityKey ServiceTokenKey =
        new(Encoding.UTF8.GetBytes("orders-service-signing-key-0123456789abcdef"));
}
