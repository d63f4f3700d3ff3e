using System;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>TA2xx: an accept-all validation delegate replaces the built-in check, whatever the flags say.</summary>
[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
public class AcceptAllDelegateTests
{
    // ---- TA201 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Parse_only_SignatureValidator_accepts_a_forged_token_despite_RequireSignedTokens_and_ValidAlgorithms(Handler handler)
    {
        var forged = Create(AttackerKey, claims: new System.Collections.Generic.Dictionary<string, object> { ["role"] = "admin" });

        TokenValidationParameters Params()
        {
            var p = Secure();
            p.RequireSignedTokens = true;
            p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
            return p;
        }

        var control = await Validate(handler, forged, Params());
        Assert.False(control.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(control.Exception);

        var bypassed = Params();
        bypassed.SignatureValidator = ParseOnly(handler);
        var result = await Validate(handler, forged, bypassed);
        AssertAccepted(result);
        // The forger's claims reach the identity (JwtSecurityTokenHandler maps "role" to ClaimTypes.Role, hence by value).
        Assert.Contains(result.ClaimsIdentity.Claims, c => c.Value == "admin");
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Parse_only_SignatureValidator_accepts_an_unsigned_token_despite_RequireSignedTokens_and_ValidAlgorithms(Handler handler)
    {
        var unsigned = Create(signingKey: null);

        TokenValidationParameters Params()
        {
            var p = Secure();
            p.RequireSignedTokens = true;
            p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
            return p;
        }

        AssertRejected<SecurityTokenInvalidSignatureException>(await Validate(handler, unsigned, Params()));

        var bypassed = Params();
        bypassed.SignatureValidator = ParseOnly(handler);
        AssertAccepted(await Validate(handler, unsigned, bypassed));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Parse_only_SignatureValidatorUsingConfiguration_accepts_a_forged_token(Handler handler)
    {
        var forged = Create(AttackerKey);
        var parse = ParseOnly(handler);

        var p = Secure();
        p.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => parse(token, parameters);
        AssertAccepted(await Validate(handler, forged, p));

        var control = await Validate(handler, forged, Secure());
        Assert.False(control.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(control.Exception);
    }

    // ---- TA202 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Pass_through_IssuerValidator_accepts_a_foreign_issuer_while_ValidIssuer_is_set(Handler handler)
    {
        var token = Create(TrustedKey, issuer: ForeignIssuer);

        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, token, Secure()));

        var p = Secure();
        Assert.Equal(Issuer, p.ValidIssuer);
        Assert.True(p.ValidateIssuer);
        p.IssuerValidator = (issuer, securityToken, parameters) => issuer;
        AssertAccepted(await Validate(handler, token, p));

        // A constant, String.Empty included (real code), accepts the foreign issuer just the same.
        p.IssuerValidator = (issuer, securityToken, parameters) => string.Empty;
        AssertAccepted(await Validate(handler, token, p));
    }

    // ---- TA203 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task AudienceValidator_runs_even_when_ValidateAudience_is_false(Handler handler)
    {
        var calls = 0;
        var p = Secure();
        p.ValidateAudience = false;
        p.AudienceValidator = (audiences, token, parameters) =>
        {
            calls++;
            return false;
        };

        // The right audience is rejected: the delegate, not the flag, decided.
        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, Create(TrustedKey), p));
        Assert.Equal(1, calls);

        // Control: without the delegate, ValidateAudience = false accepts.
        var q = Secure();
        q.ValidateAudience = false;
        AssertAccepted(await Validate(handler, Create(TrustedKey), q));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Accept_all_AudienceValidator_accepts_a_foreign_audience(Handler handler)
    {
        var token = Create(TrustedKey, audience: ForeignAudience);

        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, token, Secure()));

        var p = Secure();
        p.AudienceValidator = (audiences, securityToken, parameters) => true;
        AssertAccepted(await Validate(handler, token, p));
    }

    // ---- TA204 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Accept_all_LifetimeValidator_accepts_an_expired_token(Handler handler)
    {
        var token = Create(TrustedKey, expiresIn: TimeSpan.FromDays(-365));

        AssertRejected<SecurityTokenExpiredException>(await Validate(handler, token, Secure()));

        var p = Secure();
        p.LifetimeValidator = (notBefore, expires, securityToken, parameters) => true;
        AssertAccepted(await Validate(handler, token, p));
    }

    // ---- TA205 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Accept_all_IssuerSigningKeyValidator_replaces_the_built_in_key_check(Handler handler)
    {
        var expiredCertKey = NewExpiredCertificateKey();
        var token = Create(expiredCertKey);

        var strict = Secure(expiredCertKey);
        strict.ValidateIssuerSigningKey = true;
        AssertRejected<SecurityTokenInvalidSigningKeyException>(await Validate(handler, token, strict));

        var p = Secure(expiredCertKey);
        p.ValidateIssuerSigningKey = true;
        p.IssuerSigningKeyValidator = (key, securityToken, parameters) => true;
        AssertAccepted(await Validate(handler, token, p));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Accept_all_IssuerSigningKeyValidatorUsingConfiguration_replaces_the_built_in_key_check(Handler handler)
    {
        var expiredCertKey = NewExpiredCertificateKey();
        var token = Create(expiredCertKey);

        var p = Secure(expiredCertKey);
        p.ValidateIssuerSigningKey = true;
        p.IssuerSigningKeyValidatorUsingConfiguration = (key, securityToken, parameters, configuration) => true;
        AssertAccepted(await Validate(handler, token, p));
    }

    // ---- TA206 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Accept_all_AlgorithmValidator_accepts_an_algorithm_outside_ValidAlgorithms(Handler handler)
    {
        var token = Create(TrustedKey, algorithm: SecurityAlgorithms.RsaSha256);

        var strict = Secure();
        strict.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha512 };
        var control = await Validate(handler, token, strict);
        Assert.False(control.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(control.Exception);

        var p = Secure();
        p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha512 };
        p.AlgorithmValidator = (algorithm, key, securityToken, parameters) => true;
        AssertAccepted(await Validate(handler, token, p));
    }
}
