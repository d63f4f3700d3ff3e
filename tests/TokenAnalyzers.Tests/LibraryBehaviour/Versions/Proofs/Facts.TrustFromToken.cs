using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Proofs.ProofToy;

namespace Proofs
{
    /// <summary>RULES.md's TA307 and TA308: validation that trusts what the token it validates says.</summary>
    public static partial class Facts
    {
        /// <summary>The attacker's token, signed with the attacker's key, carrying that key's public JWK in its header.</summary>
        private static string TokenWithOwnJwk()
        {
            var rsa = AttackerKey.Rsa.ExportParameters(false);
            var jwk = new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["kid"] = "attacker-key",
                ["n"] = Base64UrlEncoder.Encode(rsa.Modulus),
                ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
            };
            var now = DateTimeOffset.UtcNow;
            var payload = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["sub"] = "admin",
                ["iss"] = Issuer,
                ["aud"] = Audience,
                ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
                ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            });
            var signing = new RsaSecurityKey(AttackerKey.Rsa) { KeyId = "attacker-key" };
            return new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(signing, SecurityAlgorithms.RsaSha256), new Dictionary<string, object> { ["jwk"] = jwk });
        }

        /// <summary>The <c>jwk</c> header member, read from the raw header (the same text in every version).</summary>
        private static SecurityKey HeaderJwk(string token)
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[0]));
            return new JsonWebKey(header.RootElement.GetProperty("jwk").GetRawText());
        }

        // ---- TA308 ----
        public static async Task<string> KeyFromTheTokensOwnJwkHeader()
        {
            var token = TokenWithOwnJwk();
            return "trusted key: " + await Both(token, () => Secure()) +
                   "; resolver returning the header jwk: " + await Both(token, () =>
                   {
                       var p = Secure();
                       p.IssuerSigningKey = null;
                       p.IssuerSigningKeyResolver = (t, securityToken, kid, parameters) => new[] { HeaderJwk(t) };
                       return p;
                   });
        }

        // ---- TA307 ----
        public static async Task<string> ValidIssuersWidenedFromTheToken()
        {
            var token = Create(TrustedKey, issuer: ForeignIssuer);
            return "configured issuers: " + await Both(token, () => Secure()) +
                   "; token's own issuer added: " + await Both(token, () =>
                   {
                       var p = Secure();
                       p.ValidIssuers = new[] { Issuer, new JsonWebToken(token).Issuer };
                       return p;
                   });
        }
    }
}
