// Compiled at test time against each Microsoft.IdentityModel version (IdentityModelVersions), never into the test
// assembly: the source must compile against 6.33.0, 7.7.3 and 8.23.0 alike, and results cross the load-context
// boundary only as strings.
using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Proofs
{
    /// <summary>Toy keys and tokens, made in-process (the same shapes as the test project's Toy).</summary>
    public static class ProofToy
    {
        public const string Issuer = "https://issuer.toy.example/";
        public const string Audience = "api://toy-api";
        public const string ForeignIssuer = "https://attacker.toy.example/";
        public const string ForeignAudience = "api://someone-elses-api";

        public static readonly RsaSecurityKey TrustedKey = NewRsaKey("trusted-key");

        /// <summary>An attacker's key claiming the trusted key's kid.</summary>
        public static readonly RsaSecurityKey AttackerKey = NewRsaKey("trusted-key");

        public static RsaSecurityKey NewRsaKey(string kid) => new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };

        /// <summary>The public JWK of <paramref name="key"/>, with Entra's <c>issuer</c> member.</summary>
        public static string Jwk(RsaSecurityKey key, string issuer)
        {
            var rsa = key.Rsa.ExportParameters(false);
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(rsa.Modulus),
                ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
                ["issuer"] = issuer,
            });
        }

        public static string Create(
            SecurityKey signingKey,
            string issuer = Issuer,
            string audience = Audience,
            TimeSpan? expiresIn = null,
            bool withExpiry = true,
            IDictionary<string, object> claims = null,
            string algorithm = null)
        {
            var now = DateTime.UtcNow;
            var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
            var issuedAt = (expires < now ? expires : now) - TimeSpan.FromHours(1);
            var allClaims = new Dictionary<string, object> { ["sub"] = "alice" };
            if (claims != null)
            {
                foreach (var claim in claims)
                {
                    allClaims[claim.Key] = claim.Value;
                }
            }

            var descriptor = new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                IssuedAt = issuedAt,
                NotBefore = issuedAt,
                Expires = withExpiry ? expires : (DateTime?)null,
                Claims = allClaims,
                SigningCredentials = signingKey == null
                    ? null
                    : new SigningCredentials(signingKey, algorithm ?? (signingKey is SymmetricSecurityKey ? SecurityAlgorithms.HmacSha256 : SecurityAlgorithms.RsaSha256)),
            };

            return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(descriptor);
        }

        /// <summary>An unsigned token: header <c>{"alg":"none"}</c>, the claims, an empty signature.</summary>
        public static string Unsigned(string issuer = Issuer, string audience = Audience)
        {
            var now = DateTimeOffset.UtcNow;
            var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["sub"] = "alice",
                ["iss"] = issuer,
                ["aud"] = audience,
                ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
                ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            }));
            return header + "." + payload + ".";
        }

        public static TokenValidationParameters Secure(SecurityKey key = null) => new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = key ?? TrustedKey,
        };

        /// <summary>"accepted" or "rejected: ExceptionType" for one handler.</summary>
        public static async Task<string> Outcome(bool json, string token, TokenValidationParameters parameters)
        {
            var result = json
                ? await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters)
                : await new JwtSecurityTokenHandler().ValidateTokenAsync(token, parameters);
            return result.IsValid ? "accepted" : "rejected: " + (result.Exception?.GetType().Name ?? "no exception");
        }

        /// <summary>
        /// The outcome with both handlers (each gets its own parameters object from <paramref name="parameters"/>):
        /// one outcome when they agree, both otherwise.
        /// </summary>
        public static async Task<string> Both(string token, Func<bool, TokenValidationParameters> parameters)
        {
            var json = await Outcome(true, token, parameters(true));
            var jwt = await Outcome(false, token, parameters(false));
            return json == jwt ? json : "JsonWebTokenHandler " + json + "; JwtSecurityTokenHandler " + jwt;
        }

        public static Task<string> Both(string token, Func<TokenValidationParameters> parameters) => Both(token, _ => parameters());

        /// <summary>The parse-only "signature validator", in the token type each handler requires.</summary>
        public static SignatureValidator ParseOnly(bool json) =>
            json ? (SignatureValidator)((token, parameters) => new JsonWebToken(token)) : (token, parameters) => new JwtSecurityToken(token);
    }
}
