using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Proofs.ProofToy;

namespace Proofs
{
    /// <summary>RULES.md's Terms and TA1xx: the defaults of TokenValidationParameters and what each flag switches off.</summary>
    public static partial class Facts
    {
        /// <summary>The assembly versions the proofs really run with (the harness must not fall back to the host's 8.x).</summary>
        public static string LoadedVersions() => string.Join(" ", new[]
        {
            typeof(TokenValidationParameters), typeof(JsonWebTokenHandler), typeof(System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler),
            typeof(Microsoft.IdentityModel.Validators.AadIssuerValidator), typeof(Microsoft.IdentityModel.Logging.LogHelper),
        }.Select(type => type.Assembly.GetName().Version!.ToString(3)).Distinct());

        public static string Defaults()
        {
            var p = new TokenValidationParameters();
            return $"ValidateIssuer={p.ValidateIssuer} ValidateAudience={p.ValidateAudience} ValidateLifetime={p.ValidateLifetime} " +
                   $"RequireSignedTokens={p.RequireSignedTokens} RequireExpirationTime={p.RequireExpirationTime} " +
                   $"ValidateIssuerSigningKey={p.ValidateIssuerSigningKey} RequireAudience={p.RequireAudience} ClockSkew={p.ClockSkew} " +
                   $"TryAllIssuerSigningKeys={p.TryAllIssuerSigningKeys}";
        }

        // ---- TA101 ----
        public static async Task<string> ValidateIssuerFalse()
        {
            var token = Create(TrustedKey, issuer: ForeignIssuer);
            return "default: " + await Both(token, () => Secure()) +
                   "; off: " + await Both(token, () => { var p = Secure(); p.ValidateIssuer = false; return p; });
        }

        public static async Task<string> IssuerValidatorRunsWhenValidateIssuerIsFalse()
        {
            var calls = 0;
            TokenValidationParameters Make()
            {
                var p = Secure();
                p.ValidateIssuer = false;
                p.IssuerValidator = (issuer, token, parameters) =>
                {
                    calls++;
                    return issuer == Issuer ? issuer : throw new SecurityTokenInvalidIssuerException("issuer " + issuer + " not allowed");
                };
                return p;
            }

            return "foreign: " + await Both(Create(TrustedKey, issuer: ForeignIssuer), Make) +
                   "; own: " + await Both(Create(TrustedKey), Make) + "; calls: " + calls;
        }

        // ---- TA102 ----
        public static async Task<string> ValidateAudienceFalse()
        {
            var token = Create(TrustedKey, audience: ForeignAudience);
            return "default: " + await Both(token, () => Secure()) +
                   "; off: " + await Both(token, () => { var p = Secure(); p.ValidateAudience = false; return p; });
        }

        public static async Task<string> AudienceValidatorRunsWhenValidateAudienceIsFalse()
        {
            var calls = 0;
            TokenValidationParameters Make()
            {
                var p = Secure();
                p.ValidateAudience = false;
                p.AudienceValidator = (audiences, token, parameters) =>
                {
                    calls++;
                    return audiences != null && audiences.Contains(Audience);
                };
                return p;
            }

            return "foreign: " + await Both(Create(TrustedKey, audience: ForeignAudience), Make) +
                   "; own: " + await Both(Create(TrustedKey), Make) + "; calls: " + calls;
        }

        // ---- TA103 ----
        public static async Task<string> ValidateLifetimeFalse()
        {
            var expired = Create(TrustedKey, expiresIn: TimeSpan.FromDays(-30));
            var noExpiry = Create(TrustedKey, withExpiry: false);
            TokenValidationParameters Off() { var p = Secure(); p.ValidateLifetime = false; return p; }
            return "expired default: " + await Both(expired, () => Secure()) + "; expired off: " + await Both(expired, Off) +
                   "; no exp default: " + await Both(noExpiry, () => Secure()) + "; no exp off (RequireExpirationTime=" + Off().RequireExpirationTime + "): " + await Both(noExpiry, Off);
        }

        public static async Task<string> LifetimeValidatorRunsWhenValidateLifetimeIsFalse()
        {
            var calls = 0;
            TokenValidationParameters Make()
            {
                var p = Secure();
                p.ValidateLifetime = false;
                p.LifetimeValidator = (notBefore, expires, token, parameters) =>
                {
                    calls++;
                    return expires != null && expires.Value > DateTime.UtcNow;
                };
                return p;
            }

            return "expired: " + await Both(Create(TrustedKey, expiresIn: TimeSpan.FromDays(-30)), Make) +
                   "; current: " + await Both(Create(TrustedKey), Make) + "; calls: " + calls;
        }

        // ---- TA104 ----
        public static async Task<string> RequireSignedTokensFalse()
        {
            var token = Unsigned();
            return "default: " + await Both(token, () => Secure()) +
                   "; off: " + await Both(token, () => { var p = Secure(); p.RequireSignedTokens = false; return p; });
        }

        // ---- TA105 ----
        public static async Task<string> RequireExpirationTimeFalse()
        {
            var token = Create(TrustedKey, withExpiry: false);
            return "default: " + await Both(token, () => Secure()) +
                   "; off: " + await Both(token, () => { var p = Secure(); p.RequireExpirationTime = false; return p; });
        }

        /// <summary>
        /// A LifetimeValidator replaces the library's lifetime check, the only reader of RequireExpirationTime: with one
        /// that checks exp only when present (real code: an Engine API whose tokens carry only iat), the flag changes
        /// nothing, and without the delegate it rejects the token again.
        /// </summary>
        public static async Task<string> LifetimeValidatorDecidesWhatRequireExpirationTimeWould()
        {
            var token = Create(TrustedKey, withExpiry: false);
            TokenValidationParameters Make(bool require, bool validator)
            {
                var p = Secure();
                p.RequireExpirationTime = require;
                if (validator)
                {
                    p.LifetimeValidator = (notBefore, expires, securityToken, parameters) => !expires.HasValue || expires.Value > DateTime.UtcNow;
                }

                return p;
            }

            return "validator, flag off: " + await Both(token, () => Make(false, true)) +
                   "; validator, flag on: " + await Both(token, () => Make(true, true)) +
                   "; no validator, flag on: " + await Both(token, () => Make(true, false));
        }

        // ---- TA106 ----
        public static async Task<string> LargeClockSkew()
        {
            var token = Create(TrustedKey, expiresIn: TimeSpan.FromMinutes(-30));
            return "default: " + await Both(token, () => Secure()) +
                   "; one hour: " + await Both(token, () => { var p = Secure(); p.ClockSkew = TimeSpan.FromHours(1); return p; });
        }

        // ---- Not reported: ValidateIssuerSigningKey = false, RequireAudience = false ----
        public static async Task<string> ValidateIssuerSigningKeyFalseKeepsSignatureValidation()
        {
            var forged = Create(AttackerKey);
            return "forged, off: " + await Both(forged, () => { var p = Secure(); p.ValidateIssuerSigningKey = false; return p; }) +
                   "; genuine, off: " + await Both(Create(TrustedKey), () => { var p = Secure(); p.ValidateIssuerSigningKey = false; return p; });
        }

        public static async Task<string> RequireAudienceFalse()
        {
            var withoutAudience = Create(TrustedKey, audience: null);
            var foreign = Create(TrustedKey, audience: ForeignAudience);
            TokenValidationParameters Off() { var p = Secure(); p.RequireAudience = false; return p; }
            return "no aud default: " + await Both(withoutAudience, () => Secure()) + "; no aud off: " + await Both(withoutAudience, Off) +
                   "; foreign off: " + await Both(foreign, Off);
        }
    }
}
