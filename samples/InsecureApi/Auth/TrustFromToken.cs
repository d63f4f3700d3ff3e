using System.IdentityModel.Tokens.Jwt;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA307, TA308: validation configured from the very token it validates. Written to "support any tenant" and
// "support partners that rotate keys": the token then vouches for itself.
public sealed class TrustFromToken
{
    private static readonly List<string> KnownIssuers = ["https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"];

    private static readonly TokenValidationParameters Shared = new()
    {
        ValidIssuers = KnownIssuers,
        ValidAudience = "api://insecure-api",
    };

    private readonly JsonWebTokenHandler _handler = new();

    // TA307: the token's own tenant goes into the shared issuer list: every tenant's users get in, and the list keeps
    // every tenant an attacker ever sent for all later requests.
    public async Task<bool> IsValidForAnyTenantAsync(string token)
    {
        var tenant = _handler.ReadJsonWebToken(token).GetClaim("tid").Value;
        KnownIssuers.Add($"https://login.microsoftonline.com/{tenant}/v2.0");
        var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever());
        Shared.IssuerSigningKeys = (await manager.GetConfigurationAsync()).SigningKeys;
        return (await _handler.ValidateTokenAsync(token, Shared)).IsValid;
    }

    // TA308: the partner's key is taken from the token's own jwk header: anyone signs with their own key and passes.
    public async Task<bool> IsValidPartnerTokenAsync(string token)
    {
        var jwt = _handler.ReadJsonWebToken(token);
        jwt.TryGetHeaderValue("jwk", out JsonElement jwk);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "https://partner.example/",
            ValidAudience = "api://insecure-api",
            IssuerSigningKey = new JsonWebKey(jwk.GetRawText()),
        };

        return (await _handler.ValidateTokenAsync(token, parameters)).IsValid;
    }

    // TA308: issuer discovery: the keys come from whatever server the token names as its issuer.
    public static void DiscoverKeysFromIssuer(TokenValidationParameters parameters) =>
        parameters.IssuerSigningKeyResolver = (token, securityToken, kid, p) =>
        {
            var issuer = new JwtSecurityTokenHandler().ReadJwtToken(token).Issuer;
            var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
                issuer + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever());
            return manager.GetConfigurationAsync().GetAwaiter().GetResult().SigningKeys;
        };
}
