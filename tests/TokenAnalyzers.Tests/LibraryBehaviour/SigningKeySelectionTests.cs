using System.Text;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA304 and TA305 with the real handlers: a resolver that hands back a pool of keys lets a key trusted for one
/// issuer validate another issuer's tokens, and a key written in the source lets anyone who reads it sign tokens.
/// </summary>
[Trait("Rule", "TA304")]
[Trait("Rule", "TA308")]
public class SigningKeySelectionTests
{
    private const string PartnerIssuer = "https://partner.toy.example/";

    /// <summary>Two issuers the API trusts, each with its own key.</summary>
    private static readonly RsaSecurityKey OurKey = NewRsaKey("our-key");
    private static readonly RsaSecurityKey PartnerKey = NewRsaKey("partner-key");

    private static readonly Dictionary<string, SecurityKey[]> KeysByIssuer = new()
    {
        [Issuer] = [OurKey],
        [PartnerIssuer] = [PartnerKey],
    };

    private static TokenValidationParameters BothIssuers(IssuerSigningKeyResolver resolver) => new()
    {
        ValidIssuers = [Issuer, PartnerIssuer],
        ValidAudience = Audience,
        IssuerSigningKeyResolver = resolver,
    };

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task A_resolver_returning_every_key_lets_the_partner_key_sign_our_issuers_tokens(Handler handler)
    {
        // The partner (or whoever holds its key) writes a token that claims to come from our issuer.
        var forged = Create(PartnerKey, issuer: Issuer);

        var pool = BothIssuers((token, securityToken, kid, parameters) => KeysByIssuer.Values.SelectMany(k => k));
        AssertAccepted(await Validate(handler, forged, pool));

        // Control: the resolver that looks the keys up by the token's issuer rejects it.
        var byIssuer = BothIssuers((token, securityToken, kid, parameters) => KeysByIssuer[securityToken.Issuer]);
        AssertRejected<SecurityTokenSignatureKeyNotFoundException>(await Validate(handler, forged, byIssuer));

        // ...and still accepts each issuer's genuine tokens.
        AssertAccepted(await Validate(handler, Create(OurKey, issuer: Issuer), byIssuer));
        AssertAccepted(await Validate(handler, Create(PartnerKey, issuer: PartnerIssuer), byIssuer));
    }

    /// <summary>
    /// TA304 reports a resolver that returns no key (a placeholder, real code) like any other that ignores kid and
    /// issuer: JsonWebTokenHandler, the one JwtBearer 8 and later use, then falls back to every key of the parameters
    /// (TryAllIssuerSigningKeys), a pool; JwtSecurityTokenHandler tries none. A resolver returning null falls back with
    /// both handlers.
    /// </summary>
    [Theory]
    [InlineData(Handler.JsonWebToken, true)]
    [InlineData(Handler.JwtSecurityToken, false)]
    public async Task A_resolver_returning_no_key_falls_back_to_the_pool_with_JsonWebTokenHandler(Handler handler, bool fallsBack)
    {
        var forged = Create(PartnerKey, issuer: Issuer);
        TokenValidationParameters Pooled(IssuerSigningKeyResolver resolver)
        {
            var parameters = BothIssuers(resolver);
            parameters.IssuerSigningKeys = [OurKey, PartnerKey];
            return parameters;
        }

        foreach (var empty in new IssuerSigningKeyResolver[] { (token, securityToken, kid, parameters) => [], (token, securityToken, kid, parameters) => Array.Empty<SecurityKey>() })
        {
            var result = await Validate(handler, forged, Pooled(empty));
            if (fallsBack)
            {
                AssertAccepted(result);
            }
            else
            {
                AssertRejected<SecurityTokenSignatureKeyNotFoundException>(result);
            }
        }

        AssertAccepted(await Validate(handler, forged, Pooled((token, securityToken, kid, parameters) => null!)));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task A_hard_coded_symmetric_key_lets_anyone_who_reads_the_source_sign_a_token(Handler handler)
    {
        const string SecretInTheRepository = "this-is-my-very-long-signing-secret-0123456789";
        var api = Secure(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SecretInTheRepository)));

        // The attacker copies the literal from the repository or the decompiled binary.
        var copied = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SecretInTheRepository));
        AssertAccepted(await Validate(handler, Create(copied, claims: new Dictionary<string, object> { ["role"] = "admin" }), api));
    }
}
