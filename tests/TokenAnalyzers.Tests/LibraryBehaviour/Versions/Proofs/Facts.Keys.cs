using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;
using static Proofs.ProofToy;

namespace Proofs
{
    /// <summary>RULES.md's TA3xx and TA4xx: Entra's key set, key selection, key material and validation results.</summary>
    public static partial class Facts
    {
        private const string IssuerTemplate = "https://login.microsoftonline.com/{tenantid}/v2.0";
        private const string ConsumerTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";
        private const string EnterpriseTenant = "0c0ffee0-1234-4abc-8def-0123456789ab";
        private const string EntraAudience = "api://toy-entra-api";

        private static readonly RsaSecurityKey OrganisationalKey = NewRsaKey("org-key-1");
        private static readonly RsaSecurityKey ConsumerKey = NewRsaKey("msa-key-1");

        /// <summary>Entra's multi-tenant metadata, read from JSON as OpenIdConnectConfigurationRetriever reads it.</summary>
        private static OpenIdConnectConfiguration EntraConfiguration()
        {
            var discovery = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = IssuerTemplate,
                ["jwks_uri"] = "https://login.microsoftonline.com/common/discovery/v2.0/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
            var jwks = "{\"keys\":[" + Jwk(OrganisationalKey, IssuerTemplate) + "," + Jwk(ConsumerKey, "https://login.microsoftonline.com/" + ConsumerTenant + "/v2.0") + "]}";
            var configuration = new OpenIdConnectConfiguration(discovery) { JsonWebKeySet = new JsonWebKeySet(jwks) };
            foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }

        private static string EntraToken(RsaSecurityKey key, string tenant) => Create(
            key,
            issuer: "https://login.microsoftonline.com/" + tenant + "/v2.0",
            audience: EntraAudience,
            claims: new Dictionary<string, object> { ["tid"] = tenant, ["ver"] = "2.0" });

        private static TokenValidationParameters EntraParameters() => new TokenValidationParameters
        {
            ValidAudience = EntraAudience,
            ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(EntraConfiguration()),
        };

        // ---- TA301, TA302 ----
        public static async Task<string> ConsumerKeySignsEnterpriseTokens()
        {
            var forged = EntraToken(ConsumerKey, EnterpriseTenant);
            return "ValidateIssuer=false: " + await Both(forged, () => { var p = EntraParameters(); p.ValidateIssuer = false; return p; }) +
                   "; AadIssuerValidator (common): " + await Both(forged, () =>
                   {
                       var p = EntraParameters();
                       p.ValidIssuer = IssuerTemplate;
                       p.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/common/v2.0").Validate;
                       return p;
                   }) +
                   "; EnableAadSigningKeyIssuerValidation: " + await Both(forged, () => { var p = EntraParameters(); p.ValidateIssuer = false; p.EnableAadSigningKeyIssuerValidation(); return p; });
        }

        public static async Task<string> EnableAadSigningKeyIssuerValidationKeepsGenuineTokens()
        {
            var genuine = EntraToken(OrganisationalKey, EnterpriseTenant);
            return "genuine: " + await Both(genuine, () =>
            {
                var p = EntraParameters();
                p.ValidIssuer = "https://login.microsoftonline.com/" + EnterpriseTenant + "/v2.0";
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            });
        }

        // ---- TA303 ----
        public static async Task<string> IssuerSigningKeyValidatorUsingConfigurationUndoesTheBinding()
        {
            var forged = EntraToken(ConsumerKey, EnterpriseTenant);
            return "assigned after: " + await Both(forged, () =>
            {
                var p = EntraParameters();
                p.ValidateIssuer = false;
                p.EnableAadSigningKeyIssuerValidation();
                p.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => true;
                return p;
            }) + "; assigned before: " + await Both(forged, () =>
            {
                var p = EntraParameters();
                p.ValidateIssuer = false;
                p.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => true;
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            });
        }

        // ---- TA304, TA309: key selection ----
        public static async Task<string> ResolverReturningEveryKey()
        {
            const string partnerIssuer = "https://partner.toy.example/";
            var ourKey = NewRsaKey("our-key");
            var partnerKey = NewRsaKey("partner-key");
            var forged = Create(partnerKey, issuer: Issuer);
            TokenValidationParameters Pool() => new TokenValidationParameters
            {
                ValidIssuers = new[] { Issuer, partnerIssuer },
                ValidAudience = Audience,
                IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => new SecurityKey[] { ourKey, partnerKey },
            };
            TokenValidationParameters ByIssuer() => new TokenValidationParameters
            {
                ValidIssuers = new[] { Issuer, partnerIssuer },
                ValidAudience = Audience,
                IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                    securityToken.Issuer == Issuer ? new SecurityKey[] { ourKey } : new SecurityKey[] { partnerKey },
            };
            return "every key: " + await Both(forged, Pool) + "; by issuer: " + await Both(forged, ByIssuer) +
                   "; genuine by issuer: " + await Both(Create(ourKey), ByIssuer);
        }

        public static async Task<string> TryAllIssuerSigningKeys()
        {
            // The token names a kid no configured key has; the right key is among IssuerSigningKeys.
            var key = NewRsaKey("configured-kid");
            var signing = new RsaSecurityKey(key.Rsa) { KeyId = "unknown-kid" };
            var token = Create(signing);
            TokenValidationParameters Make(bool tryAll)
            {
                var p = Secure();
                p.IssuerSigningKey = null;
                p.IssuerSigningKeys = new[] { NewRsaKey("other"), key };
                p.TryAllIssuerSigningKeys = tryAll;
                return p;
            }

            return "kid mismatch, default: " + await Both(token, () => Make(new TokenValidationParameters().TryAllIssuerSigningKeys)) +
                   "; TryAllIssuerSigningKeys=false: " + await Both(token, () => Make(false)) +
                   "; attacker key, default: " + await Both(Create(new RsaSecurityKey(AttackerKey.Rsa) { KeyId = "unknown-kid" }), () => Make(true));
        }

        // ---- TA305, TA310: key material ----
        public static string EmptySymmetricKey()
        {
            try
            {
                _ = new SymmetricSecurityKey(Array.Empty<byte>());
                return "accepted";
            }
            catch (Exception exception)
            {
                return "throws " + exception.GetType().Name + (exception.Message.Contains("IDX10703") ? " (IDX10703)" : "");
            }
        }

        public static async Task<string> PublicKeyAsHmacSecret()
        {
            var publicKey = TrustedKey.Rsa.ExportSubjectPublicKeyInfo();
            var api = Secure(new SymmetricSecurityKey(publicKey));
            // Whoever holds only the public key signs with it as an HMAC secret.
            var forged = Create(new SymmetricSecurityKey(publicKey), claims: new Dictionary<string, object> { ["role"] = "admin" });
            return "HMAC forgery: " + await Both(forged, () => api) + "; asymmetric use of the same key: " + await Both(forged, () => Secure());
        }

        // ---- TA401, TA402: validation results and read APIs ----
        public static async Task<string> ValidationResultsDoNotThrow()
        {
            var forged = Create(AttackerKey);
            var json = await new JsonWebTokenHandler().ValidateTokenAsync(forged, Secure());
            var jwt = await new JwtSecurityTokenHandler().ValidateTokenAsync(forged, Secure());
            string legacy;
            try
            {
                new JwtSecurityTokenHandler().ValidateToken(forged, Secure(), out _);
                legacy = "returned";
            }
            catch (SecurityTokenException exception)
            {
                legacy = "throws " + (exception is SecurityTokenInvalidSignatureException ? "a SecurityTokenInvalidSignatureException" : "a SecurityTokenException");
            }

            return $"ValidateTokenAsync IsValid: {json.IsValid}/{jwt.IsValid}; JwtSecurityTokenHandler.ValidateToken: {legacy}";
        }

        public static string ReadApisExposeForgedClaims()
        {
            var forged = Create(AttackerKey, issuer: ForeignIssuer, claims: new Dictionary<string, object> { ["role"] = "admin" });
            var read = new JsonWebTokenHandler().ReadJsonWebToken(forged).GetClaim("role").Value;
            var legacy = new JwtSecurityTokenHandler().ReadJwtToken(forged).Claims.First(c => c.Type == "role").Value;
            var constructed = new JsonWebToken(forged).Issuer;
            return $"ReadJsonWebToken: {read}; ReadJwtToken: {legacy}; new JsonWebToken: {constructed}";
        }
    }
}
