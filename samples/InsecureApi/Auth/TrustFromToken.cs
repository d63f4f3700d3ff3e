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
    private static readonly List<string> KnownAudiences = ["api://insecure-api"];

    private static readonly TokenValidationParameters Shared = new()
    {
        ValidAudiences = KnownAudiences,
    };

    private readonly JsonWebTokenHandler _handler = new();

    // TA307: the token's own audience goes into the shared audience list: a token issued for any other API gets in,
    // and the list keeps every audience an attacker ever sent for all later requests.
    public async Task<bool> IsValidForAnyTenantAsync(string token)
    {
        var audience = _handler.ReadJsonWebToken(token).Audiences.First();
        KnownAudiences.Add(audience);
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
