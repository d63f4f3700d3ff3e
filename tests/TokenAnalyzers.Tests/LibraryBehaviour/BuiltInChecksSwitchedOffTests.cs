using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA1xx: what each built-in flag really does in Microsoft.IdentityModel 8.16.0 / JwtBearer 8.0.30.
/// Every test pairs the insecure setting (token accepted) with its control (same token rejected by default).
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA106")]
[Trait("Rule", "TA107")]
public class BuiltInChecksSwitchedOffTests
{
    // ---- TA101 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateIssuer_false_accepts_a_foreign_issuer(Handler handler)
    {
        var token = Create(TrustedKey, issuer: ForeignIssuer);

        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, token, Secure()));

        var p = Secure();
        p.ValidateIssuer = false;
        AssertAccepted(await Validate(handler, token, p));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task IssuerValidator_still_runs_and_decides_when_ValidateIssuer_is_false(Handler handler)
    {
        var calls = 0;
        TokenValidationParameters Params()
        {
            var p = Secure();
            p.ValidateIssuer = false;
            p.IssuerValidator = (issuer, token, parameters) =>
            {
                calls++;
                return issuer == Issuer ? issuer : throw new SecurityTokenInvalidIssuerException($"issuer {issuer} not allowed");
            };
            return p;
        }

        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, Create(TrustedKey, issuer: ForeignIssuer), Params()));
        Assert.Equal(1, calls);

        AssertAccepted(await Validate(handler, Create(TrustedKey), Params()));
        Assert.Equal(2, calls);
    }

    // ---- TA102 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateAudience_false_accepts_a_foreign_audience(Handler handler)
    {
        var token = Create(TrustedKey, audience: ForeignAudience);

        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, token, Secure()));

        var p = Secure();
        p.ValidateAudience = false;
        AssertAccepted(await Validate(handler, token, p));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task AudienceValidator_still_runs_and_decides_when_ValidateAudience_is_false(Handler handler)
    {
        var calls = 0;
        TokenValidationParameters Params()
        {
            var p = Secure();
            p.ValidateAudience = false;
            p.AudienceValidator = (audiences, token, parameters) =>
            {
                calls++;
                return audiences is not null && System.Linq.Enumerable.Contains(audiences, Audience);
            };
            return p;
        }

        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, Create(TrustedKey, audience: ForeignAudience), Params()));
        Assert.Equal(1, calls);

        AssertAccepted(await Validate(handler, Create(TrustedKey), Params()));
        Assert.Equal(2, calls);
    }

    // ---- TA103 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateLifetime_false_accepts_an_expired_token(Handler handler)
    {
        var token = Create(TrustedKey, expiresIn: TimeSpan.FromDays(-30));

        AssertRejected<SecurityTokenExpiredException>(await Validate(handler, token, Secure()));

        var p = Secure();
        p.ValidateLifetime = false;
        AssertAccepted(await Validate(handler, token, p));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateLifetime_false_accepts_a_token_without_exp_even_though_RequireExpirationTime_is_true(Handler handler)
    {
        var token = Create(TrustedKey, withExpiry: false);

        AssertRejected<SecurityTokenNoExpirationException>(await Validate(handler, token, Secure()));

        var p = Secure();
        p.ValidateLifetime = false;
        Assert.True(p.RequireExpirationTime);
        AssertAccepted(await Validate(handler, token, p));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task LifetimeValidator_still_runs_and_decides_when_ValidateLifetime_is_false(Handler handler)
    {
        var calls = 0;
        TokenValidationParameters Params()
        {
            var p = Secure();
            p.ValidateLifetime = false;
            p.LifetimeValidator = (notBefore, expires, token, parameters) =>
            {
                calls++;
                return expires > DateTime.UtcNow;
            };
            return p;
        }

        AssertRejected<SecurityTokenInvalidLifetimeException>(await Validate(handler, Create(TrustedKey, expiresIn: TimeSpan.FromDays(-30)), Params()));
        Assert.Equal(1, calls);

        AssertAccepted(await Validate(handler, Create(TrustedKey), Params()));
        Assert.Equal(2, calls);
    }

    // ---- TA104 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task RequireSignedTokens_false_accepts_an_unsigned_alg_none_token(Handler handler)
    {
        var token = Create(signingKey: null);
        Assert.EndsWith(".", token); // header.payload. : no signature
        Assert.Equal(SecurityAlgorithms.None, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Alg);

        var secure = Secure();
        Assert.True(secure.RequireSignedTokens);
        AssertRejected<SecurityTokenInvalidSignatureException>(await Validate(handler, token, secure));

        var p = Secure();
        p.RequireSignedTokens = false;
        AssertAccepted(await Validate(handler, token, p));
    }

    // ---- TA105 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task RequireExpirationTime_false_accepts_a_token_without_exp(Handler handler)
    {
        var token = Create(TrustedKey, withExpiry: false);

        AssertRejected<SecurityTokenNoExpirationException>(await Validate(handler, token, Secure()));

        var p = Secure();
        p.RequireExpirationTime = false;
        Assert.True(p.ValidateLifetime);
        AssertAccepted(await Validate(handler, token, p));
    }

    // ---- TA106 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Large_ClockSkew_accepts_a_token_expired_longer_than_the_default_five_minutes(Handler handler)
    {
        var token = Create(TrustedKey, expiresIn: TimeSpan.FromMinutes(-10));

        var secure = Secure();
        Assert.Equal(TimeSpan.FromMinutes(5), secure.ClockSkew);
        Assert.Equal(TimeSpan.FromMinutes(5), TokenValidationParameters.DefaultClockSkew);
        AssertRejected<SecurityTokenExpiredException>(await Validate(handler, token, secure));

        var p = Secure();
        p.ClockSkew = TimeSpan.FromMinutes(15);
        AssertAccepted(await Validate(handler, token, p));
    }

    // ---- Not reported: ValidateIssuerSigningKey = false ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateIssuerSigningKey_false_does_not_disable_signature_validation(Handler handler)
    {
        var p = Secure();
        Assert.False(p.ValidateIssuerSigningKey); // the library default
        p.ValidateIssuerSigningKey = false;

        var forged = Create(AttackerKey);
        var result = await Validate(handler, forged, p);
        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);

        // Control: the same parameters accept a token really signed with the trusted key.
        var q = Secure();
        q.ValidateIssuerSigningKey = false;
        AssertAccepted(await Validate(handler, Create(TrustedKey), q));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateIssuerSigningKey_only_adds_a_certificate_date_check(Handler handler)
    {
        var expiredCertKey = NewExpiredCertificateKey();
        var token = Create(expiredCertKey);

        var strict = Secure(expiredCertKey);
        strict.ValidateIssuerSigningKey = true;
        AssertRejected<SecurityTokenInvalidSigningKeyException>(await Validate(handler, token, strict));

        // Default (false): the signature is still verified, only the certificate's dates are not looked at.
        AssertAccepted(await Validate(handler, token, Secure(expiredCertKey)));
    }

    // ---- RequireAudience: RULES.md says the JWT handlers ignore it. Observed in 8.16.0: they do NOT. ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task RequireAudience_false_accepts_a_token_without_aud_even_with_ValidateAudience_true(Handler handler)
    {
        var token = Create(TrustedKey, audience: null);

        // Control: with the default (RequireAudience = true) a token without aud is rejected by the audience check.
        var withDefault = Secure();
        Assert.True(withDefault.RequireAudience);
        Assert.True(withDefault.ValidateAudience);
        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, token, withDefault));

        // Finding: RequireAudience = false is honoured by both JWT handlers: the aud-less token passes although
        // ValidateAudience is true and ValidAudience is set.
        var p = Secure();
        p.RequireAudience = false;
        Assert.True(p.ValidateAudience);
        AssertAccepted(await Validate(handler, token, p));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task RequireAudience_false_still_rejects_a_foreign_audience(Handler handler)
    {
        var p = Secure();
        p.RequireAudience = false;
        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, Create(TrustedKey, audience: ForeignAudience), p));

        // Control: the same parameters accept the right audience.
        var q = Secure();
        q.RequireAudience = false;
        AssertAccepted(await Validate(handler, Create(TrustedKey), q));
    }

    // ---- TA107 ----

    [Fact]
    public void JwtBearer_RequireHttpsMetadata_defaults_to_true()
    {
        Assert.True(new JwtBearerOptions().RequireHttpsMetadata);
    }

    [Fact]
    public void JwtBearer_refuses_an_http_Authority_when_RequireHttpsMetadata_is_true()
    {
        var options = new JwtBearerOptions { Authority = "http://idp.toy.example/tenant" };

        var ex = Assert.Throws<InvalidOperationException>(() => new JwtBearerPostConfigureOptions().PostConfigure("Bearer", options));
        Assert.Contains("HTTPS", ex.Message);
        Assert.Null(options.ConfigurationManager);

        // Control: RequireHttpsMetadata = false lets the http:// metadata address through (keys then come over plain HTTP).
        var insecure = new JwtBearerOptions { Authority = "http://idp.toy.example/tenant", RequireHttpsMetadata = false };
        new JwtBearerPostConfigureOptions().PostConfigure("Bearer", insecure);
        Assert.Equal("http://idp.toy.example/tenant/.well-known/openid-configuration", insecure.MetadataAddress);
        Assert.NotNull(insecure.ConfigurationManager);
    }

    [Fact]
    public void JwtBearer_refuses_an_http_MetadataAddress_when_RequireHttpsMetadata_is_true()
    {
        var options = new JwtBearerOptions { MetadataAddress = "http://idp.toy.example/.well-known/openid-configuration" };

        var ex = Assert.Throws<InvalidOperationException>(() => new JwtBearerPostConfigureOptions().PostConfigure("Bearer", options));
        Assert.Contains("HTTPS", ex.Message);

        // Control: an https:// address passes.
        var secure = new JwtBearerOptions { Authority = "https://idp.toy.example/tenant" };
        new JwtBearerPostConfigureOptions().PostConfigure("Bearer", secure);
        Assert.NotNull(secure.ConfigurationManager);
    }
}
