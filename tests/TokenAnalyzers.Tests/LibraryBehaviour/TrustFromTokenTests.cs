using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA307 and TA308 with the real handlers: validation parameters filled from the token being validated let that
/// token vouch for itself. A key built from the attacker's own <c>jwk</c> header verifies the attacker's token; the
/// token's own issuer appended to <c>ValidIssuers</c> makes a foreign issuer's token pass, and a shared list keeps
/// accepting it on later requests.
/// </summary>
[Trait("Rule", "TA307")]
[Trait("Rule", "TA308")]
public class TrustFromTokenTests
{
    /// <summary>A token signed with the attacker's key that carries the attacker's public key in its <c>jwk</c> header.</summary>
    private static string AttackerTokenWithOwnJwk()
    {
        var rsa = AttackerKey.Rsa.ExportParameters(includePrivateParameters: false);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "mallory", ["role"] = "admin" },
            SigningCredentials = new SigningCredentials(AttackerKey, SecurityAlgorithms.RsaSha256),
            AdditionalHeaderClaims = new Dictionary<string, object>
            {
                ["jwk"] = new Dictionary<string, object>
                {
                    ["kty"] = "RSA",
                    ["kid"] = AttackerKey.KeyId!,
                    ["n"] = Base64UrlEncoder.Encode(rsa.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
                },
            },
        };

        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The <c>jwk</c> header of an encoded token, as JSON: read by hand, as the resolvers found in the wild do.</summary>
    private static string JwkHeaderOf(string token)
    {
        var header = Base64UrlEncoder.Decode(token.Split('.')[0]);
        using var document = JsonDocument.Parse(header);
        return document.RootElement.GetProperty("jwk").GetRawText();
    }

    [Fact]
    public async Task A_key_built_from_the_tokens_jwk_header_verifies_the_attackers_token()
    {
        var forged = AttackerTokenWithOwnJwk();
        var handler = new JsonWebTokenHandler();

        // The application's trusted configuration rejects it: the attacker does not hold the trusted key.
        Assert.False((await handler.ValidateTokenAsync(forged, Secure())).IsValid);

        // TA308's shape: the key is read from the unvalidated token's own header.
        var jwt = handler.ReadJsonWebToken(forged);
        Assert.True(jwt.TryGetHeaderValue("jwk", out JsonElement jwk));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = new JsonWebKey(jwk.GetRawText()),
        };

        var result = await handler.ValidateTokenAsync(forged, parameters);
        AssertAccepted(result);
        Assert.Equal("admin", result.Claims["role"]);
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task A_resolver_returning_the_tokens_own_jwk_verifies_the_attackers_token(Handler handler)
    {
        var forged = AttackerTokenWithOwnJwk();
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKeyResolver = (token, securityToken, kid, p) => new[] { new JsonWebKey(JwkHeaderOf(token)) },
        };

        AssertAccepted(await Validate(handler, forged, parameters));

        // Control: the same resolver shape over the trusted key rejects the token.
        var trusted = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKeyResolver = (token, securityToken, kid, p) => new[] { TrustedKey },
        };
        Assert.False((await Validate(handler, forged, trusted)).IsValid);
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task The_tokens_own_issuer_appended_to_ValidIssuers_makes_a_foreign_token_pass(Handler handler)
    {
        // One identity provider signs for every tenant with one key set (as Entra ID does): the foreign tenant's token
        // is genuinely signed; only the issuer check keeps it out.
        var foreign = Create(TrustedKey, issuer: ForeignIssuer);
        var sharedIssuers = new List<string> { Issuer };
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = sharedIssuers,
            ValidAudience = Audience,
            IssuerSigningKey = TrustedKey,
        };

        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, foreign, parameters));

        // TA307's shape: the unvalidated token's issuer goes into the list it is then checked against.
        sharedIssuers.Add(new JsonWebToken(foreign).Issuer);
        AssertAccepted(await Validate(handler, foreign, parameters));

        // The list is shared: every later request accepts that issuer, with no append at all.
        var later = Create(TrustedKey, issuer: ForeignIssuer, claims: new Dictionary<string, object> { ["sub"] = "mallory" });
        AssertAccepted(await Validate(handler, later, parameters));

        // The exemption: the value used only as a lookup key into a fixed allow-list keeps the foreign token out.
        var allowList = new Dictionary<string, string[]> { [Issuer] = [Issuer] };
        var chosen = new TokenValidationParameters
        {
            ValidIssuers = allowList.GetValueOrDefault(new JsonWebToken(foreign).Issuer) ?? Array.Empty<string>(),
            ValidAudience = Audience,
            IssuerSigningKey = TrustedKey,
        };
        Assert.False((await Validate(handler, foreign, chosen)).IsValid);
        AssertAccepted(await Validate(handler, Create(TrustedKey), new TokenValidationParameters
        {
            ValidIssuers = allowList.GetValueOrDefault(new JsonWebToken(Create(TrustedKey)).Issuer) ?? Array.Empty<string>(),
            ValidAudience = Audience,
            IssuerSigningKey = TrustedKey,
        }));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task The_tokens_own_audience_as_ValidAudience_makes_a_token_for_another_api_pass(Handler handler)
    {
        var forAnotherApi = Create(TrustedKey, audience: ForeignAudience);
        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, forAnotherApi, Secure()));

        var parameters = Secure();
        parameters.ValidAudiences = new JsonWebToken(forAnotherApi).Audiences;
        AssertAccepted(await Validate(handler, forAnotherApi, parameters));
    }
}
