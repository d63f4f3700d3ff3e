using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using static Proofs.ProofToy;

namespace Proofs
{
    /// <summary>RULES.md's TA2xx: each validation delegate, made accept-all, replaces the built-in check.</summary>
    public static partial class Facts
    {
        /// <summary>A signing key whose self-signed certificate expired yesterday.</summary>
        private static X509SecurityKey ExpiredCertificateKey()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=toy-expired-signing-cert", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = DateTimeOffset.UtcNow;
            using var certificate = request.CreateSelfSigned(now.AddDays(-30), now.AddDays(-1));
            var loaded = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.EphemeralKeySet);
            return new X509SecurityKey(loaded, "expired-cert-key");
        }

        private static BaseConfigurationManager StaticMetadata()
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(TrustedKey);
            return new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        }

        // ---- TA201 ----
        public static async Task<string> ParseOnlySignatureValidator()
        {
            var forged = Create(AttackerKey);
            var unsigned = Unsigned();
            TokenValidationParameters Bypassed(bool json)
            {
                var p = Secure();
                p.RequireSignedTokens = true;
                p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                p.SignatureValidator = ParseOnly(json);
                return p;
            }

            return "forged default: " + await Both(forged, () => Secure()) + "; forged parse-only: " + await Both(forged, Bypassed) +
                   "; unsigned parse-only: " + await Both(unsigned, Bypassed);
        }

        /// <summary>
        /// The same validator beside <c>ValidateIssuerSigningKey = true</c> (TrekkingForCharity's shape): the parsed token
        /// carries no signing key, so the key check fails every token, genuine or forged, while RequireSignedTokens holds.
        /// </summary>
        public static async Task<string> ParseOnlySignatureValidatorWithIssuerSigningKeyCheck()
        {
            TokenValidationParameters Bypassed(bool json, bool requireSigned)
            {
                var p = Secure();
                p.ValidateIssuerSigningKey = true;
                p.RequireSignedTokens = requireSigned;
                p.SignatureValidator = ParseOnly(json);
                return p;
            }

            TokenValidationParameters UsingConfiguration(bool json)
            {
                var parse = ParseOnly(json);
                var p = Secure();
                p.ConfigurationManager = StaticMetadata();
                p.ValidateIssuerSigningKey = true;
                p.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => parse(token, parameters);
                return p;
            }

            return "genuine: " + await Both(Create(TrustedKey), json => Bypassed(json, true)) +
                   "; forged: " + await Both(Create(AttackerKey), json => Bypassed(json, true)) +
                   "; genuine, using configuration: " + await Both(Create(TrustedKey), UsingConfiguration) +
                   "; forged, RequireSignedTokens false: " + await Both(Create(AttackerKey), json => Bypassed(json, false));
        }

        public static async Task<string> ParseOnlySignatureValidatorUsingConfiguration()
        {
            var forged = Create(AttackerKey);
            TokenValidationParameters Bypassed(bool json)
            {
                var parse = ParseOnly(json);
                var p = Secure();
                p.ConfigurationManager = StaticMetadata();
                p.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => parse(token, parameters);
                return p;
            }

            return "forged parse-only: " + await Both(forged, Bypassed);
        }

        // ---- TA202 ----
        public static async Task<string> PassThroughIssuerValidator()
        {
            var token = Create(TrustedKey, issuer: ForeignIssuer);
            return "pass-through: " + await Both(token, () => { var p = Secure(); p.IssuerValidator = (issuer, securityToken, parameters) => issuer; return p; });
        }

        public static async Task<string> PassThroughIssuerValidatorUsingConfiguration()
        {
            var token = Create(TrustedKey, issuer: ForeignIssuer);
            return "pass-through: " + await Both(token, () =>
            {
                var p = Secure();
                p.ConfigurationManager = StaticMetadata();
                p.IssuerValidatorUsingConfiguration = (issuer, securityToken, parameters, configuration) => issuer;
                return p;
            });
        }

        // ---- TA203, TA204 ----
        public static async Task<string> AcceptAllAudienceValidator() =>
            "accept-all: " + await Both(Create(TrustedKey, audience: ForeignAudience), () => { var p = Secure(); p.AudienceValidator = (audiences, token, parameters) => true; return p; });

        public static async Task<string> AcceptAllLifetimeValidator() =>
            "accept-all: " + await Both(Create(TrustedKey, expiresIn: TimeSpan.FromDays(-30)), () => { var p = Secure(); p.LifetimeValidator = (notBefore, expires, token, parameters) => true; return p; });

        // ---- TA205 ----
        public static async Task<string> AcceptAllIssuerSigningKeyValidator()
        {
            var key = ExpiredCertificateKey();
            var token = Create(key);
            return "default (ValidateIssuerSigningKey=true): " + await Both(token, () => { var p = Secure(key); p.ValidateIssuerSigningKey = true; return p; }) +
                   "; accept-all: " + await Both(token, () => { var p = Secure(key); p.ValidateIssuerSigningKey = true; p.IssuerSigningKeyValidator = (k, t, parameters) => true; return p; }) +
                   "; accept-all using configuration: " + await Both(token, () =>
                   {
                       var p = Secure(key);
                       p.ValidateIssuerSigningKey = true;
                       p.IssuerSigningKeyValidatorUsingConfiguration = (k, t, parameters, configuration) => true;
                       return p;
                   });
        }

        // ---- TA206 ----
        public static async Task<string> AcceptAllAlgorithmValidator()
        {
            var token = Create(TrustedKey, algorithm: SecurityAlgorithms.RsaSha256);
            TokenValidationParameters Strict() { var p = Secure(); p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha512 }; return p; }
            return "outside ValidAlgorithms: " + await Both(token, Strict) +
                   "; accept-all: " + await Both(token, () => { var p = Strict(); p.AlgorithmValidator = (algorithm, key, securityToken, parameters) => true; return p; });
        }
    }
}
