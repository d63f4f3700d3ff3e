using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA503 and TA504: each half is fine on its own; together with appsettings.json they are not. The findings are
// reported in appsettings.json, at the value (TA503) and at the key (TA504).
public static class ConfigurationSecretsAndTenants
{
    public const string InternalScheme = "Internal";
    public const string EntraScheme = "EntraApi";

    // TA503: the back-office services sign their calls with an HMAC key read from "InternalTokens:SigningKey", the
    // shape every JWT tutorial uses. appsettings.json commits that key: every clone of the repository can mint tokens.
    public static AuthenticationBuilder AddInternalServiceTokens(this AuthenticationBuilder builder, IConfiguration configuration) =>
        builder.AddJwtBearer(InternalScheme, options => options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = configuration["InternalTokens:Issuer"],
            ValidAudience = "api://orders",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["InternalTokens:SigningKey"]!)),
        });

    // TA504: customers of any organisation sign in with Entra ID, so the "AzureAd" section says TenantId "common". Nothing
    // checks the token's tenant (tid) against the customers the API serves: anyone's own tenant gets in.
    public static AuthenticationBuilder AddCustomerSignIn(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        builder.AddMicrosoftIdentityWebApi(configuration, "AzureAd", EntraScheme);
        return builder;
    }
}
