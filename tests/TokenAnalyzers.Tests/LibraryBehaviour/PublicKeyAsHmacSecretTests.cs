using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA310 with the real handlers: an API that makes its HMAC key from a public key (or a certificate, or a hash of
/// either) accepts a token that someone who only ever saw the public key signed. The attacker below never touches the
/// identity provider's private key: they use only what the provider publishes.
/// </summary>
[Trait("Rule", "TA310")]
public class PublicKeyAsHmacSecretTests
{
    /// <summary>The identity provider's key pair; only the public half is ever given to the "attacker" code below.</summary>
    private static readonly RSA Provider = RSA.Create(2048);

    private static readonly X509Certificate2 PublishedCertificate = CreateCertificate();

    private static X509Certificate2 CreateCertificate()
    {
        var request = new CertificateRequest("CN=toy-idp-signing", Provider, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var withPrivateKey = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return X509CertificateLoader.LoadCertificate(withPrivateKey.Export(X509ContentType.Cert)); // public part only
    }

    /// <summary>What anyone can download: the PEM public key and the DER certificate.</summary>
    private static string PublishedPem() => Provider.ExportSubjectPublicKeyInfoPem();

    private static readonly Dictionary<string, object> Admin = new() { ["role"] = "admin" };

    public static TheoryData<Handler, string> Derivations()
    {
        var data = new TheoryData<Handler, string>();
        foreach (var handler in new[] { Handler.JsonWebToken, Handler.JwtSecurityToken })
        {
            foreach (var derivation in new[] { "GetPublicKey", "RawData", "PemText", "Sha256OfSpki", "Modulus" })
            {
                data.Add(handler, derivation);
            }
        }

        return data;
    }

    /// <summary>The bytes the API (from its own copy of the public key) and the attacker (from the published copy) compute alike.</summary>
    private static byte[] Secret(string derivation, X509Certificate2 certificate, string pem) => derivation switch
    {
        "GetPublicKey" => certificate.GetPublicKey(),
        "RawData" => certificate.RawData,
        "PemText" => Encoding.UTF8.GetBytes(pem),
        "Sha256OfSpki" => SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()),
        "Modulus" => certificate.GetRSAPublicKey()!.ExportParameters(false).Modulus!,
        _ => throw new ArgumentOutOfRangeException(nameof(derivation)),
    };

    [Theory]
    [MemberData(nameof(Derivations))]
    public async Task An_HMAC_key_made_from_public_key_material_accepts_a_token_signed_by_whoever_holds_only_the_public_key(Handler handler, string derivation)
    {
        // The API: HS256 with a key made from the provider's certificate.
        var api = Secure(new SymmetricSecurityKey(Secret(derivation, PublishedCertificate, PublishedPem())));

        // The attacker: downloads the certificate and the PEM (public), computes the same bytes, signs HS256.
        var downloaded = X509CertificateLoader.LoadCertificate(PublishedCertificate.RawData);
        Assert.False(downloaded.HasPrivateKey);
        var forgedKey = new SymmetricSecurityKey(Secret(derivation, downloaded, PublishedPem()));
        var forged = Create(forgedKey, claims: Admin);

        AssertAccepted(await Validate(handler, forged, api));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task The_same_public_key_used_as_an_asymmetric_key_rejects_the_HMAC_forgery(Handler handler)
    {
        // Control: verifying with the public key itself, as intended, rejects the HS256 token made from public bytes...
        var api = Secure(new X509SecurityKey(PublishedCertificate));
        var forged = Create(new SymmetricSecurityKey(PublishedCertificate.GetPublicKey()), claims: Admin);
        var result = await Validate(handler, forged, api);
        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>(result.Exception);

        // ...and accepts a token the provider signed with its private key.
        var genuine = Create(new RsaSecurityKey(Provider) { KeyId = api.IssuerSigningKey.KeyId });
        AssertAccepted(await Validate(handler, genuine, api));
    }
}
