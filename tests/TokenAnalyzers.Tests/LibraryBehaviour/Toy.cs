using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>Which of the two JWT handlers of Microsoft.IdentityModel a test drives.</summary>
public enum Handler
{
    /// <summary><see cref="JsonWebTokenHandler"/> (Microsoft.IdentityModel.JsonWebTokens), the default of JwtBearer 8+.</summary>
    JsonWebToken,

    /// <summary><see cref="JwtSecurityTokenHandler"/> (System.IdentityModel.Tokens.Jwt), the legacy handler.</summary>
    JwtSecurityToken,
}

/// <summary>
/// Toy keys and tokens for the library-behaviour tests. Everything is made in-process: RSA keys are generated,
/// symmetric keys are random bytes, certificates are self-signed. Nothing touches the network.
/// </summary>
internal static class Toy
{
    public const string Issuer = "https://issuer.toy.example/";
    public const string Audience = "api://toy-api";
    public const string ForeignIssuer = "https://attacker.toy.example/";
    public const string ForeignAudience = "api://someone-elses-api";

    /// <summary>The key the relying party trusts.</summary>
    public static readonly RsaSecurityKey TrustedKey = NewRsaKey("trusted-key");

    /// <summary>An attacker's key. It claims the trusted key's kid, as a forger would.</summary>
    public static readonly RsaSecurityKey AttackerKey = NewRsaKey("trusted-key");

    public static RsaSecurityKey NewRsaKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    /// <summary>The public JWK of <paramref name="key"/>, with Entra's <c>issuer</c> member (the key's own issuer).</summary>
    public static string Jwk(RsaSecurityKey key, string issuer)
    {
        var rsa = key.Rsa.ExportParameters(false);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId!,
            ["n"] = Base64UrlEncoder.Encode(rsa.Modulus),
            ["e"] = Base64UrlEncoder.Encode(rsa.Exponent),
            ["issuer"] = issuer,
        });
    }

    public static SymmetricSecurityKey NewSymmetricKey(string kid) => new(RandomNumberGenerator.GetBytes(32)) { KeyId = kid };

    /// <summary>A signing key whose self-signed certificate expired yesterday.</summary>
    public static X509SecurityKey NewExpiredCertificateKey()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=toy-expired-signing-cert", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using X509Certificate2 cert = request.CreateSelfSigned(now.AddDays(-30), now.AddDays(-1));
        // Re-import so the private key stays usable after `rsa` is disposed.
        var pfx = cert.Export(X509ContentType.Pfx);
        var loaded = X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.EphemeralKeySet);
        return new X509SecurityKey(loaded, "expired-cert-key");
    }

    /// <summary>
    /// Creates a compact JWS (or, with no key, an unsigned <c>alg: none</c> JWT) with <c>sub</c>, the given issuer,
    /// audience (null: no <c>aud</c>) and lifetime.
    /// </summary>
    /// <param name="expiresIn">Offset of <c>exp</c> from now; negative for an expired token. Default one hour.</param>
    /// <param name="withExpiry">False: the token has no <c>exp</c> claim at all.</param>
    public static string Create(
        SecurityKey? signingKey,
        string? issuer = Issuer,
        string? audience = Audience,
        TimeSpan? expiresIn = null,
        bool withExpiry = true,
        IDictionary<string, object>? claims = null,
        string? algorithm = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        var issuedAt = (expires < now ? expires : now) - TimeSpan.FromHours(1);
        var allClaims = new Dictionary<string, object> { ["sub"] = "alice" };
        if (claims is not null)
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
            Expires = withExpiry ? expires : null,
            Claims = allClaims,
            SigningCredentials = signingKey is null
                ? null
                : new SigningCredentials(
                    signingKey,
                    algorithm ?? (signingKey is SymmetricSecurityKey ? SecurityAlgorithms.HmacSha256 : SecurityAlgorithms.RsaSha256)),
        };

        // Without this the handler adds a default exp (now + 60 min) to a descriptor that has none.
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry };
        return handler.CreateToken(descriptor);
    }

    /// <summary>Parameters a careful application would use: issuer, audience and the trusted key; every flag at its default.</summary>
    public static TokenValidationParameters Secure(SecurityKey? key = null) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key ?? TrustedKey,
    };

    public static Task<TokenValidationResult> Validate(Handler handler, string token, TokenValidationParameters parameters) =>
        handler == Handler.JsonWebToken
            ? new JsonWebTokenHandler().ValidateTokenAsync(token, parameters)
            : new JwtSecurityTokenHandler().ValidateTokenAsync(token, parameters);

    /// <summary>The parse-only "signature validator" found in the wild, in the token type each handler requires.</summary>
    public static SignatureValidator ParseOnly(Handler handler) =>
        handler == Handler.JsonWebToken
            ? (token, parameters) => new JsonWebToken(token)
            : (token, parameters) => new JwtSecurityToken(token);

    public static void AssertAccepted(TokenValidationResult result)
    {
        Assert.True(result.IsValid, $"expected the token to be accepted, but: {result.Exception}");
        Assert.Null(result.Exception);
    }

    /// <summary>Asserts the token was rejected with exactly <typeparamref name="T"/> and returns the exception.</summary>
    public static T AssertRejected<T>(TokenValidationResult result)
        where T : Exception
    {
        Assert.False(result.IsValid, "expected the token to be rejected, but it was accepted");
        return Assert.IsType<T>(result.Exception);
    }
}
