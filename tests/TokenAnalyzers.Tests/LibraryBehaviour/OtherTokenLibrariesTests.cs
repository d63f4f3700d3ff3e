using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using JWT;
using JWT.Algorithms;
using JWT.Builder;
using JWT.Exceptions;
using JWT.Serializers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA601 and TA602: each reported form of JWT.NET (7.3.1, the package the tests reference, and 6.1.0, loaded on its
/// own) and jose-jwt (5.3.0) accepts a token signed with another secret, or an unsigned <c>alg: none</c> token;
/// each fixed form rejects it and still accepts the genuine token. Tokens are built by hand (HS256 over the
/// base64url header and payload), independently of the libraries under test.
/// </summary>
[Trait("Rule", "TA601")]
[Trait("Rule", "TA602")]
public class OtherTokenLibrariesTests
{
    internal const string Secret = "the-real-secret-the-server-signs-with-0123456789";
    internal const string AttackerSecret = "a-secret-the-attacker-chose-9876543210-abcdef";

    private const string Payload = """{"sub":"mallory","role":"admin"}""";

    internal static string Genuine() => Token("HS256", Payload, Secret);

    internal static string Forged() => Token("HS256", Payload, AttackerSecret);

    internal static string Unsigned() => Token("none", Payload, secret: null);

    /// <summary>A compact JWS: HS256 with <paramref name="secret"/>, or <c>alg: none</c> with an empty signature.</summary>
    internal static string Token(string alg, string payload, string? secret)
    {
        var signingInput = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}")) + "." + Base64Url(Encoding.UTF8.GetBytes(payload));
        var signature = secret is null ? "" : Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ---- JWT.NET 7.3.1 (the referenced package) ----

    [Fact]
    public void Jwt_7_is_the_referenced_version()
    {
        Assert.StartsWith("7.3.1", typeof(JwtBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
    }

    private static JwtBuilder KeyedBuilder() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(Secret);

    [Fact]
    public void Jwt_7_builder_without_MustVerifySignature_accepts_a_forged_and_an_unsigned_token()
    {
        Assert.Contains("mallory", KeyedBuilder().Decode(Forged()));
        Assert.Contains("mallory", KeyedBuilder().Decode(Unsigned()));
        Assert.Equal("mallory", KeyedBuilder().Decode<Dictionary<string, object>>(Forged())["sub"]);
    }

    [Fact]
    public void Jwt_7_builder_told_not_to_verify_accepts_a_forged_token()
    {
        Assert.Contains("mallory", KeyedBuilder().DoNotVerifySignature().Decode(Forged()));
        Assert.Contains("mallory", KeyedBuilder().WithVerifySignature(false).Decode(Forged()));
        Assert.Contains("mallory", new JwtBuilder().DoNotVerifySignature().Decode(Forged())); // no key at all
    }

    [Fact]
    public void Jwt_7_builder_fixed_forms_reject_the_forged_token_and_accept_the_genuine_one()
    {
        Assert.Throws<SignatureVerificationException>(() => KeyedBuilder().MustVerifySignature().Decode(Forged()));
        Assert.ThrowsAny<Exception>(() => KeyedBuilder().MustVerifySignature().Decode(Unsigned()));
        Assert.Throws<SignatureVerificationException>(() => KeyedBuilder().WithVerifySignature(true).Decode(Forged()));

        // Not locked out: the fixed builders still accept what the server signed.
        Assert.Contains("mallory", KeyedBuilder().MustVerifySignature().Decode(Genuine()));
        Assert.Contains("mallory", KeyedBuilder().WithVerifySignature(true).Decode(Genuine()));
    }

    [Fact]
    public void Jwt_7_builder_MustVerifySignature_without_an_algorithm_cannot_decode_at_all()
    {
        // Why the fix is offered only where the builder has an algorithm and a key: otherwise every token fails.
        Assert.Throws<InvalidOperationException>(() => new JwtBuilder().MustVerifySignature().Decode(Genuine()));
    }

    private static JwtDecoder Decoder()
    {
        var serializer = new JsonNetSerializer();
        return new JwtDecoder(serializer, new JwtValidator(serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm());
    }

    [Fact]
    public void Jwt_7_one_argument_decode_accepts_a_forged_and_an_unsigned_token()
    {
        IJwtDecoder decoder = Decoder();
        Assert.Contains("mallory", decoder.Decode(Forged()));
        Assert.Contains("mallory", decoder.Decode(Unsigned()));
        Assert.Equal("mallory", decoder.DecodeToObject(Forged())["sub"]);
        Assert.Equal("mallory", decoder.DecodeToObject<Dictionary<string, object>>(Forged())["sub"]);
    }

    [Fact]
    public void Jwt_7_decode_with_verify_false_accepts_a_forged_token_and_verify_true_rejects_it()
    {
        IJwtDecoder decoder = Decoder();
        Assert.Contains("mallory", decoder.Decode(Forged(), Secret, verify: false));
        Assert.Equal("mallory", decoder.DecodeToObject(Forged(), Secret, verify: false)["sub"]);

        Assert.Throws<SignatureVerificationException>(() => decoder.Decode(Forged(), Secret, verify: true));
        Assert.ThrowsAny<Exception>(() => decoder.Decode(Unsigned(), Secret, verify: true));
        Assert.Contains("mallory", decoder.Decode(Genuine(), Secret, verify: true));
    }

    [Fact]
    public void Jwt_7_decoder_without_a_validator_accepts_a_forged_token()
    {
        IJwtDecoder decoder = new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder());
        Assert.Contains("mallory", decoder.Decode(Forged()));
        Assert.Contains("mallory", decoder.Decode(Unsigned()));
    }

    [Fact]
    public void Jwt_7_decoder_without_a_validator_throws_at_verify_true_for_every_token()
    {
        // Why TA601 stays silent where every decode of such a decoder asks to verify: nothing gets through. (JWT 6.x has
        // no constructor without a validator.)
        IJwtDecoder decoder = new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder());
        Assert.Throws<InvalidOperationException>(() => decoder.Decode(Forged(), Secret, verify: true));
        Assert.Throws<InvalidOperationException>(() => decoder.DecodeToObject<Dictionary<string, object>>(Genuine(), Secret, verify: true));
    }

    [Fact]
    public void Jwt_7_DecodeHeader_reads_the_header_of_any_token()
    {
        // Header reads are exempt: they verify nothing, and nothing in them is a claim.
        Assert.Contains("HS256", KeyedBuilder().MustVerifySignature().DecodeHeader(Forged()));
    }

    // ---- JWT.NET 6.1.0 (downloaded beside 7.3.1, loaded in its own load context) ----

    [Fact]
    public void Jwt_6_builder_without_MustVerifySignature_and_the_one_argument_decode_accept_a_forged_token_and_the_fixed_forms_reject_it()
    {
        var results = Jwt6.Run("""
            using System;
            using System.Collections.Generic;
            using JWT;
            using JWT.Algorithms;
            using JWT.Builder;
            using JWT.Serializers;

            public static class Probe
            {
                public static Dictionary<string, string> Run(string secret, string forged, string genuine)
                {
                    var results = new Dictionary<string, string>();
                    string Try(Func<string> decode) { try { return decode(); } catch (Exception e) { return "threw " + e.GetType().Name; } }
                    JwtBuilder Keyed() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);
                    var serializer = new JsonNetSerializer();
                    var decoder = new JwtDecoder(serializer, new JwtValidator(serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm());

                    results["builder default"] = Try(() => Keyed().Decode(forged));
                    results["builder DoNotVerifySignature"] = Try(() => Keyed().DoNotVerifySignature().Decode(forged));
                    results["builder MustVerifySignature"] = Try(() => Keyed().MustVerifySignature().Decode(forged));
                    results["builder MustVerifySignature genuine"] = Try(() => Keyed().MustVerifySignature().Decode(genuine));
                    results["decoder one argument"] = Try(() => decoder.Decode(forged));
                    results["decoder verify false"] = Try(() => decoder.Decode(forged, secret, false));
                    results["decoder verify true"] = Try(() => decoder.Decode(forged, secret, true));
                    results["decoder verify true genuine"] = Try(() => decoder.Decode(genuine, secret, true));
                    results["version"] = typeof(JwtBuilder).Assembly.GetName().Version!.ToString();
                    return results;
                }
            }
            """, Secret, Forged(), Genuine());

        Assert.Equal("6.0.0.0", results["version"]);
        Assert.Contains("mallory", results["builder default"]);
        Assert.Contains("mallory", results["builder DoNotVerifySignature"]);
        Assert.Contains("mallory", results["decoder one argument"]);
        Assert.Contains("mallory", results["decoder verify false"]);
        Assert.Equal("threw SignatureVerificationException", results["builder MustVerifySignature"]);
        Assert.Equal("threw SignatureVerificationException", results["decoder verify true"]);
        Assert.Contains("mallory", results["builder MustVerifySignature genuine"]);
        Assert.Contains("mallory", results["decoder verify true genuine"]);
    }

    /// <summary>
    /// Why TA601's fix needs JWT 7.1.0 where the key is only in the algorithm (round AV; jwt-dotnet/jwt#277): on 6.1.0 a
    /// verifying builder without <c>WithSecret</c> throws for every token, the genuine one too; on 7.3.1 it verifies.
    /// </summary>
    [Fact]
    public void Jwt_6_cannot_verify_with_the_key_only_in_the_algorithm_and_7_can()
    {
        // Signed with 7.3.1 (6.1.0's builder cannot encode without exactly one secret, jwt-dotnet/jwt#256).
        using var key = RSA.Create(2048);
        var genuine = new JwtBuilder().WithAlgorithm(new RS256Algorithm(key, key)).AddClaim("sub", "alice").Encode();
        var results = Jwt6.Run("""
            using System;
            using System.Collections.Generic;
            using System.Security.Cryptography;
            using JWT.Algorithms;
            using JWT.Builder;

            public static class Probe
            {
                public static Dictionary<string, string> Run(RSA key, string genuine)
                {
                    var results = new Dictionary<string, string>();
                    string Try(Func<string> decode) { try { return decode(); } catch (Exception e) { return "threw " + e.GetType().Name; } }
                    results["keyed algorithm, verify, genuine"] = Try(() => new JwtBuilder().WithAlgorithm(new RS256Algorithm(key)).MustVerifySignature().Decode(genuine));
                    results["keyed algorithm, no verify, genuine"] = Try(() => new JwtBuilder().WithAlgorithm(new RS256Algorithm(key)).Decode(genuine));
                    return results;
                }
            }
            """, key, genuine);

        Assert.Equal("threw ArgumentNullException", results["keyed algorithm, verify, genuine"]);
        Assert.Contains("alice", results["keyed algorithm, no verify, genuine"]);
        Assert.Contains("alice", new JwtBuilder().WithAlgorithm(new RS256Algorithm(key)).MustVerifySignature().Decode(genuine));
    }

    // ---- jose-jwt 5.3.0 ----

    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(Secret);

    [Fact]
    public void Jose_Decode_without_a_key_accepts_an_unsigned_token()
    {
        Assert.Contains("mallory", Jose.JWT.Decode(Unsigned()));
        Assert.Contains("mallory", Jose.JWT.Decode(Unsigned(), null));
        Assert.Equal("mallory", Jose.JWT.Decode<Dictionary<string, object>>(Unsigned())["sub"]);
    }

    /// <summary>
    /// Expecting <c>JwsAlgorithm.none</c> is no protection: with no key it accepts the unsigned token (round Z: a
    /// gateway's service token decoded this way whenever its signing key setting was empty). Why TA602 reports it.
    /// </summary>
    [Fact]
    public void Jose_Decode_with_no_key_and_the_none_algorithm_expected_accepts_an_unsigned_token()
    {
        Assert.Contains("mallory", Jose.JWT.Decode(Unsigned(), null, Jose.JwsAlgorithm.none));
        Assert.Equal("mallory", Jose.JWT.Decode<Dictionary<string, object>>(Unsigned(), null, Jose.JwsAlgorithm.none)["sub"]);
    }

    [Fact]
    public void Jose_Payload_reads_the_claims_of_a_forged_token()
    {
        Assert.Contains("mallory", Jose.JWT.Payload(Forged()));
        Assert.Equal("mallory", Jose.JWT.Payload<Dictionary<string, object>>(Forged())["sub"]);
    }

    [Fact]
    public void Jose_Decode_with_the_key_and_algorithm_rejects_the_forged_and_the_unsigned_token_and_accepts_the_genuine_one()
    {
        Assert.ThrowsAny<Exception>(() => Jose.JWT.Decode(Forged(), SecretBytes, Jose.JwsAlgorithm.HS256));
        Assert.ThrowsAny<Exception>(() => Jose.JWT.Decode(Unsigned(), SecretBytes, Jose.JwsAlgorithm.HS256));
        Assert.Contains("mallory", Jose.JWT.Decode(Genuine(), SecretBytes, Jose.JwsAlgorithm.HS256));
    }

    [Fact]
    public void Jose_Decode_with_a_key_but_no_algorithm_rejects_the_forged_and_the_unsigned_token()
    {
        // Why a keyed Decode is not reported: the key is checked, and a key that does not fit the header's
        // algorithm (none, or an RSA key for HS256) is refused.
        Assert.ThrowsAny<Exception>(() => Jose.JWT.Decode(Forged(), SecretBytes));
        Assert.ThrowsAny<Exception>(() => Jose.JWT.Decode(Unsigned(), SecretBytes));
        using var rsa = RSA.Create(2048);
        Assert.ThrowsAny<Exception>(() => Jose.JWT.Decode(Forged(), rsa));
        Assert.Contains("mallory", Jose.JWT.Decode(Genuine(), SecretBytes));
    }

    /// <summary>JWT.NET 6.1.0 beside the referenced 7.3.1: a probe compiled against it runs in its own load context.</summary>
    internal static class Jwt6
    {
        public static string AssemblyPath => PackagePath("jwt", "6.1.0", "lib/netstandard2.0/JWT.dll");

        public static string PackagePath(string id, string version, string relative)
        {
            var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                       Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var path = Path.Combine(root, id, version, relative);
            Assert.True(File.Exists(path), path + " is missing: restore the test project (PackageDownload of JWT 6.1.0)");
            return path;
        }

        public static Dictionary<string, string> Run(string source, params object[] arguments)
        {
            var references = TestReferences.All.Where(reference => Path.GetFileName(((PortableExecutableReference)reference).FilePath) != "JWT.dll")
                .Append(MetadataReference.CreateFromFile(AssemblyPath));
            var compilation = CSharpCompilation.Create(
                "Jwt6Probe",
                [CSharpSyntaxTree.ParseText(source)],
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var image = new MemoryStream();
            var emitted = compilation.Emit(image);
            Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

            var context = new Jwt6LoadContext();
            try
            {
                image.Position = 0;
                var probe = context.LoadFromStream(image).GetType("Probe")!;
                return (Dictionary<string, string>)probe.GetMethod("Run")!.Invoke(null, arguments)!;
            }
            finally
            {
                context.Unload();
            }
        }

        private sealed class Jwt6LoadContext() : AssemblyLoadContext("JWT 6.1.0", isCollectible: true)
        {
            protected override Assembly? Load(AssemblyName name) =>
                name.Name == "JWT" ? LoadFromAssemblyPath(AssemblyPath) : null; // everything else from the default context
        }
    }
}
