using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>TA310 (HardCodedKeyRule): a SymmetricSecurityKey made from public key material, and its precedence over TA305.</summary>
[Trait("Rule", "TA305")]
[Trait("Rule", "TA310")]
public class PublicKeyAsHmacSecretRuleTests
{
    private const string CryptoUsings = Usings + """
        using System.Security.Cryptography;
        using System.Security.Cryptography.X509Certificates;
        using System.Text;

        """;

    [Fact]
    public Task Keys_made_from_exported_public_keys_and_certificates_are_reported() => Verify.AnalyzerAsync<HardCodedKeyRule>(CryptoUsings + """
        class C
        {
            void M(RSA rsa, ECDsa ecdsa, X509Certificate2 cert, X509Certificate legacy, string certificateText)
            {
                var a = {|TA310:new SymmetricSecurityKey(rsa.ExportSubjectPublicKeyInfo())|};
                var b = {|TA310:new SymmetricSecurityKey(rsa.ExportRSAPublicKey())|};
                var c = {|TA310:new SymmetricSecurityKey(ecdsa.ExportSubjectPublicKeyInfo())|};
                var d = {|TA310:new SymmetricSecurityKey(cert.GetPublicKey())|};
                var e = {|TA310:new SymmetricSecurityKey(cert.RawData)|};
                var f = {|TA310:new SymmetricSecurityKey(cert.GetRawCertData())|};
                var g = {|TA310:new SymmetricSecurityKey(cert.Export(X509ContentType.Cert))|};
                var h = {|TA310:new SymmetricSecurityKey(cert.PublicKey.EncodedKeyValue.RawData)|};
                var i = {|TA310:new SymmetricSecurityKey(rsa.ExportParameters(false).Modulus!)|};
                var j = {|TA310:new SymmetricSecurityKey(rsa.ExportParameters(false).Exponent!)|};
                var k = {|TA310:new SymmetricSecurityKey(legacy.GetPublicKey())|};
                var l = {|TA310:new SymmetricSecurityKey(cert.PublicKey.ExportSubjectPublicKeyInfo())|};

                // The widely copied shape: a certificate parsed from configuration, its public key used as the HMAC secret.
                X509Certificate parsed = new X509Certificate2(Encoding.UTF8.GetBytes(certificateText));
                var m = new TokenValidationParameters { IssuerSigningKey = {|TA310:new SymmetricSecurityKey(parsed.GetPublicKey())|} };
            }
        }
        """);

    [Fact]
    public Task Keys_derived_from_public_material_by_encoding_or_hashing_are_reported() => Verify.AnalyzerAsync<HardCodedKeyRule>(CryptoUsings + """
        class C
        {
            private const string PublicPem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----";
            private static readonly string RsaPem = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----";

            void M(RSA rsa, X509Certificate2 cert, string pemFromConfiguration)
            {
                var a = {|TA310:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(PublicPem))|};
                var b = {|TA310:new SymmetricSecurityKey(Encoding.ASCII.GetBytes(RsaPem))|};
                var c = {|TA310:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----"))|};
                var d = {|TA310:new SymmetricSecurityKey(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))|};
                using var sha = SHA256.Create();
                var e = {|TA310:new SymmetricSecurityKey(sha.ComputeHash(cert.GetPublicKey()))|};
                var spki = rsa.ExportSubjectPublicKeyInfo();
                var encoded = Convert.ToBase64String(spki);
                var f = {|TA310:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(encoded))|};
                var g = {|TA310:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()))|};
                var body = pemFromConfiguration.Replace("-----BEGIN PUBLIC KEY-----", "").Replace("-----END PUBLIC KEY-----", "");
                var h = {|TA310:new SymmetricSecurityKey(Convert.FromBase64String(body))|};
                SymmetricSecurityKey i = {|TA310:new(Encoding.UTF8.GetBytes(cert.GetPublicKeyString()))|};
                var j = {|TA310:new SymmetricSecurityKey(cert.GetCertHash())|}; // the thumbprint: a hash of the certificate
                var k = {|TA310:new SymmetricSecurityKey(Convert.FromHexString(cert.Thumbprint))|};
            }
        }
        """);

    [Fact]
    public Task Public_key_material_gets_TA310_only_and_other_constants_keep_TA305() => Verify.AnalyzerAsync<HardCodedKeyRule>(CryptoUsings + """
        class C
        {
            void M()
            {
                // A PEM literal is a constant too: the more specific rule alone reports it.
                var pem = {|TA310:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("-----BEGIN PUBLIC KEY-----MIIBIjAN-----END PUBLIC KEY-----"))|};
                var secret = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("not-a-public-key-but-still-hard-coded-0123"))|};
                var privatePem = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("-----BEGIN PRIVATE KEY-----MIIEvQ-----END PRIVATE KEY-----"))|};
            }
        }
        """);

    [Fact]
    public Task Values_merely_named_public_and_asymmetric_keys_are_not_reported() => Verify.NoDiagnosticsAsync<HardCodedKeyRule>(CryptoUsings + """
        using Microsoft.Extensions.Configuration;

        class C
        {
            private readonly byte[] _publicKey;

            C(byte[] publicKey) => _publicKey = publicKey;

            void M(IConfiguration configuration, RSA rsa, X509Certificate2 cert, byte[] publicKeyBytes)
            {
                var publicKey = configuration["Jwt:PublicKey"]!;
                var a = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(publicKey));
                var b = new SymmetricSecurityKey(publicKeyBytes);
                var c = new SymmetricSecurityKey(_publicKey);
                var d = new SymmetricSecurityKey(SHA256.HashData(Encoding.UTF8.GetBytes(configuration["Jwt:Secret"]!)));

                // Asymmetric keys verify with the public key: that is the right use.
                var e = new RsaSecurityKey(rsa.ExportParameters(false));
                var f = new X509SecurityKey(cert);
                var g = new ECDsaSecurityKey(ECDsa.Create());
                var h = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
            }
        }
        """);
}
