using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA207, TA309, TA310: trust that does not come from the issuer's private key. Written for the "legacy" mobile
// clients, whose tokens an old identity provider signs with HS256.
public static class KeyPoolsAndCustomHandlers
{
    // TA309: the developer key "only" signs local test tokens, but JwtBearer merges it with the keys of the Authority's
    // metadata: whoever holds it signs tokens that claim the real identity provider's issuer.
    public static void AddDeveloperTokens(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions options, IConfiguration configuration)
    {
        options.Authority = configuration["Auth:Authority"];
        options.TokenValidationParameters.ValidIssuers = ["https://dev.orders.local/"];
        options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(configuration["Auth:DeveloperKey"]!));
    }

    // TA310: the identity provider's certificate is public (it is served at its metadata endpoint), so anyone can
    // compute this HMAC key and sign "legacy" tokens with it.
    public static TokenValidationParameters LegacyMobileParameters(X509Certificate2 identityProviderCertificate) => new()
    {
        ValidIssuer = "https://legacy-idp.example.com/",
        ValidAudience = "api://orders",
        IssuerSigningKey = new SymmetricSecurityKey(identityProviderCertificate.GetPublicKey()),
    };
}

// TA207: added to JwtBearerOptions.TokenHandlers "until the legacy IdP's tokens validate": JwtBearer trusts what it
// returns, so any token anyone writes is accepted, whatever the scheme's TokenValidationParameters say.
public sealed class LegacyMobileTokenHandler : JsonWebTokenHandler
{
    public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var jwt = ReadJsonWebToken(token);
        return Task.FromResult(new TokenValidationResult
        {
            IsValid = true,
            SecurityToken = jwt,
            ClaimsIdentity = new ClaimsIdentity(jwt.Claims, "LegacyMobile"),
        });
    }
}
