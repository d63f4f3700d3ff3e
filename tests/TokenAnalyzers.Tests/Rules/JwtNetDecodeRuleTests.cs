using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA601 on JWT.NET 7.3.1 (the referenced package), 6.1.0 (the real package, swapped in) and, for the sides no served
/// version reaches, the minimal reference assemblies of <see cref="JwtNetVersions"/> (9.0.0: the builder verifies by
/// default; 10.0.0: the one-argument decode verifies too). Shapes follow public code: <c>new JwtBuilder()</c> chains,
/// builders in locals and static readonly fields, decoders from the four-part constructor, header and expiry reads.
/// </summary>
[Trait("Rule", "TA601")]
public class JwtNetDecodeRuleTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using JWT;
        using JWT.Algorithms;
        using JWT.Builder;
        using JWT.Serializers;

        """;

    private static Task VerifyAsync(string markup, ImmutableArray<MetadataReference>? references = null, params ExpectedDiagnostic[] expected)
    {
        var test = new AnalyzerTest(new JwtNetDecodeRule()) { References = references ?? JwtNetVersions.Jwt7 };
        test.Sources.Add(Usings + markup);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static Task VerifyFixAsync(string markup, string fixedMarkup, ImmutableArray<MetadataReference>? references = null)
    {
        var test = new AnalyzerTest(new JwtNetDecodeRule()) { References = references ?? JwtNetVersions.Jwt7, CodeFix = new VerifySignatureCodeFixProvider() };
        test.Sources.Add(Usings + markup);
        test.FixedSources.Add(Usings + fixedMarkup);
        return test.RunAsync();
    }

    // ---- explicit switches, every version ----

    [Fact]
    public Task DoNotVerifySignature_whose_claims_are_read_is_reported() => VerifyAsync("""
        class Client
        {
            Guid PlayerId(string token)
            {
                var claims = new JwtBuilder().[|DoNotVerifySignature()|].Decode<Dictionary<string, object>>(token);
                return Guid.Parse((string)claims["sub"]);
            }
        }
        """);

    [Fact]
    public Task WithVerifySignature_false_and_a_constant_false_are_reported() => VerifyAsync("""
        class C
        {
            private const bool Verify = false;

            string A(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|WithVerifySignature(false)|].Decode(token);
            string B(string token) => new JwtBuilder().[|WithVerifySignature(Verify)|].Decode(token);
            string C1(string token, bool verify) => new JwtBuilder().WithVerifySignature(verify).Decode(token); // runtime input
        }
        """);

    [Fact]
    public Task The_last_switch_of_a_chain_wins() => VerifyAsync("""
        class C
        {
            string Off(string token) => new JwtBuilder().WithSecret("s").MustVerifySignature().[|DoNotVerifySignature()|].Decode(token);
            string On(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").DoNotVerifySignature().MustVerifySignature().Decode(token);
            string OnAgain(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").WithVerifySignature(false).WithVerifySignature(true).Decode(token);
        }
        """);

    [Fact]
    public Task A_builder_in_a_static_readonly_field_is_reported_at_its_switch_once() => VerifyAsync("""
        class RenewalInfoConverter
        {
            static readonly JwtBuilder JwtReader = new JwtBuilder().[|DoNotVerifySignature()|];

            public string Read(string rawJws) => JwtReader.Decode(rawJws);
            public T Read<T>(string rawJws) => JwtReader.Decode<T>(rawJws);
        }
        """);

    [Fact]
    public Task A_builder_stored_in_a_local_and_decoded_later_is_reported_at_its_switch() => VerifyAsync("""
        class C
        {
            object M(string token)
            {
                var builder = new JwtBuilder().WithSecret("s").[|DoNotVerifySignature()|];
                var payload = builder.Decode<Dictionary<string, object>>(token);
                return payload["role"];
            }
        }
        """);

    /// <summary>
    /// Round AB, the real <c>JwtManager.GetJwtBuilder(bool mustVerifySignature)</c>: the switch assigned back to a
    /// reassigned local, or made on a builder from a parameter or a call, was not reported, because what the builder
    /// held before could not be told. The switch turns verification off whatever came before it; the message names no
    /// missing key there (the builder's key may be set where it came from), and no fix is offered without one in sight.
    /// </summary>
    [Fact]
    public Task A_switch_on_a_builder_of_unknown_origin_is_reported() => VerifyAsync("""
        static class JwtManager
        {
            public static JwtBuilder GetJwtBuilder(string secret, bool mustVerifySignature)
            {
                var builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);
                if (mustVerifySignature)
                    builder = builder.MustVerifySignature();
                else
                    builder = builder.{|#0:DoNotVerifySignature()|};
                return builder;
            }

            public static JwtBuilder Reassigned(string secret)
            {
                var builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);
                builder = builder.[|WithVerifySignature(false)|];
                return builder;
            }

            public static JwtBuilder Verified(string secret)
            {
                var builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);
                builder = builder.MustVerifySignature();
                return builder;
            }

            public static string FromParameter(JwtBuilder builder, string token) => builder.[|DoNotVerifySignature()|].Decode(token);
            public static string FromCall(string token, string secret) => GetJwtBuilder(secret, true).[|DoNotVerifySignature()|].Decode(token);
            public static string VerifiedFromCall(string token, string secret) => GetJwtBuilder(secret, false).MustVerifySignature().Decode(token);
        }
        """,
        null,
        ExpectedDiagnostic.Create("TA601").WithLocation(0).WithArguments("'DoNotVerifySignature()' switches signature verification off", ""));

    [Fact]
    public Task A_decoded_payload_that_is_deserialized_and_returned_is_reported() => VerifyAsync("""
        class CardInfo { public string Number { get; set; } }

        class Api
        {
            CardInfo Read(string responseBody)
            {
                var json = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).[|DoNotVerifySignature()|].Decode(responseBody);
                return JsonSerializer.Deserialize<CardInfo>(json);
            }
        }
        """);

    [Fact]
    public Task Decoder_calls_with_verify_false_are_reported() => VerifyAsync("""
        class C
        {
            private static readonly bool NoVerify = false;

            void M(IJwtDecoder decoder, JwtDecoder concrete, string token, string secret, byte[] key)
            {
                var a = decoder.[|Decode(token, secret, false)|];
                var b = decoder.[|Decode(token, secret, verify: false)|];
                var c = decoder?.[|Decode(token, secret, false)|];
                var d = decoder.[|DecodeToObject(token, secret, NoVerify)|];
                var e = decoder.[|DecodeToObject<Dictionary<string, object>>(token, key, false)|];
                var f = concrete.[|Decode(token, verify: false, key: secret)|];
            }

            void Verified(IJwtDecoder decoder, string token, string secret)
            {
                var g = decoder.Decode(token, secret, true);
                var h = decoder.Decode(token, secret, verify: true);
            }
        }
        """);

    [Fact]
    public Task A_decoder_without_a_validator_is_reported_at_its_creation_only() => VerifyAsync("""
        class C
        {
            string M(string token)
            {
                var serializer = new JsonNetSerializer();
                IJwtDecoder decoder = [|new JwtDecoder(serializer, new JwtBase64UrlEncoder())|];
                return decoder.Decode(token);
            }

            JwtBuilder Builder() => new JwtBuilder().WithDecoder([|new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder())|]);
        }
        """);

    /// <summary>
    /// Round AB: a decoder without a validator kept in a field and used only to read headers (the key id, before the
    /// verified decode) was reported, where the same decoder in a local was not. A field's uses in its type count as a
    /// local's uses in its member; a field used for a full decode is still reported.
    /// </summary>
    [Fact]
    public Task A_decoder_without_a_validator_in_a_field_is_judged_by_the_field_s_uses() => VerifyAsync("""
        class HeaderReader
        {
            private static readonly IJwtDecoder Decoder = new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder());
            private readonly JwtDecoder _decoder;

            public HeaderReader() => _decoder = new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder());

            public string? KeyId(string token) => Decoder.DecodeHeader<JwtHeader>(token).KeyId;

            public string? Algorithm(string token) => _decoder.DecodeHeader<JwtHeader>(token).Algorithm;
        }

        class PayloadReader
        {
            private static readonly IJwtDecoder Decoder = [|new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder())|];

            public string? KeyId(string token) => Decoder.DecodeHeader<JwtHeader>(token).KeyId;

            public string Payload(string token) => Decoder.Decode(token);
        }

        // Another type may decode with a field it can see: judged alone.
        class SharedReader
        {
            public static readonly IJwtDecoder Decoder = [|new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder())|];

            public string? KeyId(string token) => Decoder.DecodeHeader<JwtHeader>(token).KeyId;
        }
        """);

    [Fact]
    public Task A_decoder_without_a_validator_is_not_reported_where_every_decode_asks_to_verify() => VerifyAsync("""
        class C
        {
            // Real code: the decoder cannot verify, and JWT.NET throws at every verify: true, so nothing gets through.
            IDictionary<string, object> Verified(string token, string key)
            {
                IJwtDecoder decoder = new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder());
                return decoder.DecodeToObject<IDictionary<string, object>>(token, key, true);
            }

            string Named(string token, string key)
            {
                var decoder = new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder());
                return decoder.Decode(token, verify: true, key: key);
            }

            string OneOfTwoDoesNot(string token, string other, string key)
            {
                var decoder = [|new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder())|];
                return decoder.Decode(token, key, true) + decoder.Decode(other);
            }

            string NotConstant(string token, string key, bool verify)
            {
                var decoder = [|new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder())|];
                return decoder.Decode(token, key, verify);
            }
        }
        """);

    // ---- defaults: JWT 7.3.1 (builder before 9.0, one-argument decode before 10.0) ----

    [Fact]
    public Task Builder_decode_without_MustVerifySignature_is_reported_before_9() => VerifyAsync("""
        class C
        {
            private readonly JwtBuilder _builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret");

            string A(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret").[|Decode(token)|];
            IDictionary<string, object> B(string token) => _builder.[|Decode<IDictionary<string, object>>(token)|];

            string Local(string token)
            {
                var builder = new JwtBuilder().WithSecret("secret");
                return builder.[|Decode(token)|];
            }

            string Verified(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret").MustVerifySignature().Decode(token);

            string VerifiedLater(string token)
            {
                var builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret");
                builder.MustVerifySignature();
                return builder.Decode(token);
            }

            string VerifiedCopy(string token)
            {
                var builder1 = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret");
                var builder2 = builder1.MustVerifySignature();
                return builder2.Decode(token);
            }

            string FromElsewhere(JwtBuilder builder, string token) => builder.Decode(token); // configured where we cannot see
        }
        """);

    /// <summary>
    /// Round AQ (a real JwtBuilderFactory): the builder comes from a factory method of the compilation that only returns
    /// its chain; on JWT 7.3.1 its decode accepted a forged token. The fix inserts the call where the decode is. A
    /// factory that verifies, and one whose body does more than return the chain, are not reported.
    /// </summary>
    [Fact]
    public Task Builder_from_a_factory_method_is_followed() => VerifyFixAsync("""
        static class JwtBuilderFactory
        {
            public static JwtBuilder CreateBuilder(string secret) =>
                new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);

            public static JwtBuilder CreateVerifyingBuilder(string secret)
            {
                return new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret).MustVerifySignature();
            }

            public static JwtBuilder CreateReader() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).[|DoNotVerifySignature()|];
        }

        class C
        {
            IDictionary<string, object> A(string token, string secret) => JwtBuilderFactory.CreateBuilder(secret).[|Decode<IDictionary<string, object>>(token)|];
            IDictionary<string, object> B(string token, string secret) => JwtBuilderFactory.CreateVerifyingBuilder(secret).Decode<IDictionary<string, object>>(token);
            string D(string token) => JwtBuilderFactory.CreateReader().Decode(token); // reported once, at the switch
        }
        """, """
        static class JwtBuilderFactory
        {
            public static JwtBuilder CreateBuilder(string secret) =>
                new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);

            public static JwtBuilder CreateVerifyingBuilder(string secret)
            {
                return new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret).MustVerifySignature();
            }

            public static JwtBuilder CreateReader() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).[|DoNotVerifySignature()|];
        }

        class C
        {
            IDictionary<string, object> A(string token, string secret) => JwtBuilderFactory.CreateBuilder(secret).MustVerifySignature().Decode<IDictionary<string, object>>(token);
            IDictionary<string, object> B(string token, string secret) => JwtBuilderFactory.CreateVerifyingBuilder(secret).Decode<IDictionary<string, object>>(token);
            string D(string token) => JwtBuilderFactory.CreateReader().Decode(token); // reported once, at the switch
        }
        """);

    /// <summary>
    /// Round AB: the builder an injected service keeps in a readonly field set by its constructor (on JWT 7.3.1 the
    /// same configuration accepts a forged token); the field initializer form was already reported.
    /// </summary>
    [Fact]
    public Task Builder_decode_on_a_readonly_field_set_in_the_constructor_is_reported_before_9() => VerifyAsync("""
        class TokenReader
        {
            private readonly JwtBuilder _builder;

            public TokenReader(string secret)
            {
                _builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);
            }

            public IDictionary<string, object> Read(string token) => _builder.[|Decode<IDictionary<string, object>>(token)|];
        }
        """);

    [Fact]
    public Task One_argument_decoder_decode_is_reported_before_10() => VerifyAsync("""
        class C
        {
            private readonly IJwtDecoder _decoder;

            C()
            {
                var serializer = new JsonNetSerializer();
                _decoder = new JwtDecoder(serializer, new JwtValidator(serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm());
            }

            object M(string token)
            {
                var json = _decoder.[|Decode(token)|];
                var map = _decoder.[|DecodeToObject(token)|];
                var typed = _decoder.[|DecodeToObject<Dictionary<string, object>>(token)|];
                return json + map["sub"] + typed["role"];
            }
        }
        """);

    [Fact]
    public Task JWT_6_builder_and_one_argument_decode_are_reported() => VerifyAsync("""
        class C
        {
            string Builder(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret").[|Decode(token)|];
            string Decoder(JwtDecoder decoder, string token) => decoder.[|Decode(token)|];
            string Explicit(JwtDecoder decoder, string token) => decoder.[|Decode(token, "secret", false)|];
            string Verified(JwtDecoder decoder, string token) => decoder.Decode(token, "secret", true);
        }
        """, JwtNetVersions.Jwt6);

    // ---- the exemptions: header or expiry only, or the same token verified in the member ----

    [Fact]
    public Task Reading_only_the_expiry_or_header_is_not_reported() => VerifyAsync("""
        class TokenCache
        {
            bool IsExpired(string token)
            {
                var payload = new JwtBuilder().DoNotVerifySignature().Decode<Dictionary<string, object>>(token);
                return Convert.ToInt64(payload["exp"]) < DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            }

            long Expiry(string token)
            {
                var json = new JwtBuilder().DoNotVerifySignature().Decode(token);
                return JsonDocument.Parse(json).RootElement.GetProperty("exp").GetInt64();
            }

            bool HasExpiry(IJwtDecoder decoder, string token) => decoder.DecodeToObject(token, "s", false).ContainsKey("exp");

            string Header(string token) => new JwtBuilder().DoNotVerifySignature().DecodeHeader(token);
        }
        """);

    [Fact]
    public Task A_token_read_to_choose_the_secret_and_then_verified_is_not_reported() => VerifyAsync("""
        class MultiTenant
        {
            private readonly Dictionary<string, string> _secrets = new();

            IDictionary<string, object> M(string token)
            {
                var unverified = new JwtBuilder().DoNotVerifySignature().Decode<Dictionary<string, object>>(token);
                var tenant = (string)unverified["tid"];
                return new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(_secrets[tenant]).MustVerifySignature()
                    .Decode<IDictionary<string, object>>(token);
            }

            object Other(IJwtDecoder decoder, string token, string other)
            {
                var unverified = decoder.[|DecodeToObject(token, "s", false)|]; // verifies a different token
                decoder.Decode(other, "s", true);
                return unverified["sub"];
            }
        }
        """);

    [Fact]
    public Task Look_alikes_are_not_reported() => VerifyAsync("""
        namespace Mine
        {
            class JwtBuilder
            {
                public JwtBuilder DoNotVerifySignature() => this;
                public string Decode(string token) => token;
            }

            interface IJwtDecoder { string Decode(string token, string key, bool verify); }

            class C
            {
                string A(string token) => new JwtBuilder().DoNotVerifySignature().Decode(token);
                string B(IJwtDecoder decoder, string token) => decoder.Decode(token, "k", false);
                string Encode() => new JWT.Builder.JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").AddClaim("sub", "me").Encode();
            }
        }
        """);

    // ---- JWT 9 and 10 (minimal reference assemblies: version gate and API shape) ----

    [Fact]
    public Task From_9_the_builder_verifies_by_default_and_the_one_argument_decode_does_not() => VerifyAsync("""
        class C
        {
            string Builder(string token) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").Decode(token);
            string Off(string token) => JwtBuilder.Create().[|DoNotVerifySignature()|].Decode(token);
            string Decoder(IJwtDecoder decoder, string token) => decoder.[|Decode(token)|];
        }
        """, JwtNetVersions.Jwt9ReferenceAssembly);

    [Fact]
    public Task From_10_the_one_argument_decode_verifies_and_verify_false_is_still_reported() => VerifyAsync("""
        class C
        {
            string Builder(string token) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").Decode(token);
            string Decoder(IJwtDecoder decoder, string token) => decoder.Decode(token);
            IDictionary<string, object> Map(IJwtDecoder decoder, string token) => decoder.DecodeToObject(token);
            string Off(IJwtDecoder decoder, string token) => decoder.[|Decode(token, verify: false)|];
        }
        """, JwtNetVersions.Jwt10ReferenceAssembly);

    [Fact]
    public Task ValidationParameters_that_switch_signature_validation_off_are_reported() => VerifyAsync("""
        class C
        {
            string None(string token) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|WithValidationParameters(ValidationParameters.None)|].Decode(token);
            string Initializer(string token) => JwtBuilder.Create().WithValidationParameters(new ValidationParameters { [|ValidateSignature = false|] }).Decode(token);
            string Lambda(string token) => JwtBuilder.Create().WithValidationParameters(p => [|p.ValidateSignature = false|]).Decode(token);
            string Default(string token) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").WithValidationParameters(ValidationParameters.Default).Decode(token);
            string Expiry(string token) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").WithValidationParameters(p => p.ValidateExpirationTime = false).Decode(token);
        }
        """, JwtNetVersions.Jwt10ReferenceAssembly);

    [Fact]
    public Task NoneAlgorithm_given_to_the_builder_a_factory_or_a_decoder_is_reported() => VerifyAsync("""
        class NoneFactory : IAlgorithmFactory
        {
            public IJwtAlgorithm Create(JwtDecoderContext context) => [|new NoneAlgorithm()|];
        }

        class C
        {
            string Builder(string token) => JwtBuilder.Create().[|WithAlgorithm(new NoneAlgorithm())|].Decode(token);

            string Local(string token)
            {
                IJwtAlgorithm algorithm = new NoneAlgorithm();
                return JwtBuilder.Create().[|WithAlgorithm(algorithm)|].Decode(token);
            }

            string Factory(string token) => JwtBuilder.Create().WithAlgorithmFactory(new DelegateAlgorithmFactory([|new NoneAlgorithm()|])).Decode(token);
            string Lambda(string token) => JwtBuilder.Create().WithAlgorithmFactory(new DelegateAlgorithmFactory(() => [|new NoneAlgorithm()|])).Decode(token);

            IJwtDecoder Decoder(IJsonSerializer serializer, IJwtValidator validator) =>
                new JwtDecoder(serializer, validator, new JwtBase64UrlEncoder(), [|new NoneAlgorithm()|]);

            string Hmac(string token) => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").Decode(token);
        }
        """, JwtNetVersions.Jwt10ReferenceAssembly);

    // ---- messages ----

    [Fact]
    public Task The_message_says_when_no_key_is_set() => VerifyAsync("""
        class C
        {
            string NoKey(string token) => new JwtBuilder().{|#0:DoNotVerifySignature()|}.Decode(token);
        }
        """,
        null,
        ExpectedDiagnostic.Create("TA601").WithLocation(0).WithArguments(
            "'DoNotVerifySignature()' switches signature verification off",
            "; no key or secret is set on it: configure the key the tokens are signed with and verify"));

    /// <summary>
    /// Real code sets the secret and no algorithm (<c>new JwtBuilder().WithSecret(secret).Decode(token)</c>): the message
    /// names the algorithm as what verifying still needs, not a key (JWT 7.3.1 throws for MustVerifySignature() there).
    /// </summary>
    [Fact]
    public Task The_message_says_when_a_secret_but_no_algorithm_is_set() => VerifyAsync("""
        class C
        {
            string SecretOnly(string token, string secret) => new JwtBuilder().WithSecret(secret).{|#0:DoNotVerifySignature()|}.Decode(token);
        }
        """,
        null,
        ExpectedDiagnostic.Create("TA601").WithLocation(0).WithArguments(
            "'DoNotVerifySignature()' switches signature verification off",
            "; no algorithm is set on it: name the algorithm the tokens are signed with (WithAlgorithm) and verify"));

    /// <summary>
    /// Round AB: a decoder built without a validator was told "no key or secret is set on it" where its decode passes
    /// the key; what it lacks is the validator and the algorithm, which no key at the decode makes up for.
    /// </summary>
    [Fact]
    public Task The_message_names_the_validator_a_decoder_lacks() => VerifyAsync("""
        class C
        {
            string M(string token, string key)
            {
                var decoder = {|#0:new JwtDecoder(new JsonNetSerializer(), new JwtBase64UrlEncoder())|};
                return decoder.Decode(token, key, verify: false);
            }
        }
        """,
        null,
        ExpectedDiagnostic.Create("TA601").WithLocation(0).WithArguments(
            "This JwtDecoder has no validator",
            "; build it with a validator and the algorithm the tokens are signed with (new JwtDecoder(serializer, validator, urlEncoder, algorithm)) and verify"));

    /// <summary>
    /// A <c>NoneAlgorithm</c> (JWT 10's reference assembly; 7.3.1 has none) checks no signature whatever key is set:
    /// the message names the algorithm, not a key.
    /// </summary>
    [Fact]
    public Task The_message_names_the_algorithm_where_NoneAlgorithm_is_handed_to_a_decoder() => VerifyAsync("""
        class C
        {
            IJwtDecoder M(IJsonSerializer serializer, IJwtValidator validator) =>
                new JwtDecoder(serializer, validator, new JwtBase64UrlEncoder(), {|#0:new NoneAlgorithm()|});
        }
        """,
        JwtNetVersions.Jwt10ReferenceAssembly,
        ExpectedDiagnostic.Create("TA601").WithLocation(0).WithArguments(
            "NoneAlgorithm is handed to the decoder",
            "; use the algorithm the tokens are signed with, with its key, and verify"));

    // ---- code fixes ----

    [Fact]
    public Task Fix_turns_DoNotVerifySignature_into_MustVerifySignature_where_a_secret_is_set() => VerifyFixAsync("""
        class C
        {
            string A(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret")
                .[|DoNotVerifySignature()|] // keep this comment
                .Decode(token);

            string NoKey(string token) => new JwtBuilder().[|DoNotVerifySignature()|].Decode(token);

            // Round AB: configured by statements on a local; the message said "no key" and no fix was offered.
            string Statements(string token, string secret)
            {
                var b = new JwtBuilder();
                b.WithAlgorithm(new HMACSHA256Algorithm());
                b.WithSecret(secret);
                b.[|DoNotVerifySignature()|];
                return b.Decode(token);
            }
        }
        """, """
        class C
        {
            string A(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret")
                .MustVerifySignature() // keep this comment
                .Decode(token);

            string NoKey(string token) => new JwtBuilder().[|DoNotVerifySignature()|].Decode(token);

            // Round AB: configured by statements on a local; the message said "no key" and no fix was offered.
            string Statements(string token, string secret)
            {
                var b = new JwtBuilder();
                b.WithAlgorithm(new HMACSHA256Algorithm());
                b.WithSecret(secret);
                b.MustVerifySignature();
                return b.Decode(token);
            }
        }
        """);

    [Fact]
    public Task A_builder_that_only_encodes_is_not_reported() => VerifyAsync("""
        using System.Security.Cryptography;

        class C
        {
            // Real code: the switch is set on a builder that writes a token and reads none.
            string Encode(RSA publicKey, RSA privateKey) => new JwtBuilder()
                .WithAlgorithm(new RS256Algorithm(publicKey, privateKey))
                .WithVerifySignature(false)
                .AddClaim("email", "someone@example.com")
                .Encode();

            string Decode(RSA publicKey, string token) => new JwtBuilder()
                .WithAlgorithm(new RS256Algorithm(publicKey))
                .[|WithVerifySignature(false)|]
                .Decode(token);
        }
        """);

    [Fact]
    public Task Fix_is_offered_where_the_algorithm_carries_its_key_through_a_local() => VerifyFixAsync("""
        using System.Security.Cryptography;

        class C
        {
            // Real code: the RSA algorithm, built with its keys, is held in a local first.
            string Local(RSA publicKey, RSA privateKey, string token)
            {
                var rsa = new RS256Algorithm(publicKey, privateKey);
                return new JwtBuilder().WithAlgorithm(rsa).[|WithVerifySignature(false)|].Decode(token);
            }

            string Inline(RSA publicKey, string token) =>
                new JwtBuilder().WithAlgorithm(new RS256Algorithm(publicKey)).[|WithVerifySignature(false)|].Decode(token);
        }
        """, """
        using System.Security.Cryptography;

        class C
        {
            // Real code: the RSA algorithm, built with its keys, is held in a local first.
            string Local(RSA publicKey, RSA privateKey, string token)
            {
                var rsa = new RS256Algorithm(publicKey, privateKey);
                return new JwtBuilder().WithAlgorithm(rsa).WithVerifySignature(true).Decode(token);
            }

            string Inline(RSA publicKey, string token) =>
                new JwtBuilder().WithAlgorithm(new RS256Algorithm(publicKey)).WithVerifySignature(true).Decode(token);
        }
        """);

    /// <summary>
    /// Round AV: on JWT 6.1.0 a verifying builder whose key is only in the algorithm throws for every token, the genuine
    /// ones too (OtherTokenLibrariesTests): no fix there, and the message says what verifying needs.
    /// </summary>
    [Fact]
    public Task No_fix_on_JWT_6_where_the_key_is_only_in_the_algorithm() => VerifyFixAsync("""
        using System.Security.Cryptography;

        class C
        {
            string Default(RSA publicKey, string token) => new JwtBuilder().WithAlgorithm(new RS256Algorithm(publicKey)).[|Decode(token)|];

            string Switched(RSA publicKey, string token) => new JwtBuilder().WithAlgorithm(new RS256Algorithm(publicKey)).[|WithVerifySignature(false)|].Decode(token);
        }
        """, """
        using System.Security.Cryptography;

        class C
        {
            string Default(RSA publicKey, string token) => new JwtBuilder().WithAlgorithm(new RS256Algorithm(publicKey)).[|Decode(token)|];

            string Switched(RSA publicKey, string token) => new JwtBuilder().WithAlgorithm(new RS256Algorithm(publicKey)).[|WithVerifySignature(false)|].Decode(token);
        }
        """, JwtNetVersions.Jwt6);

    [Fact]
    public Task The_message_on_JWT_6_says_a_keyed_algorithm_needs_a_newer_JWT_to_verify() => VerifyAsync("""
        using System.Security.Cryptography;

        class C
        {
            string Default(RSA publicKey, string token) => new JwtBuilder().WithAlgorithm(new RS256Algorithm(publicKey)).{|#0:Decode(token)|};
        }
        """, JwtNetVersions.Jwt6, ExpectedDiagnostic.Create("TA601").WithLocation(0).WithMessage(
        "JwtBuilder.Decode without MustVerifySignature() (JWT 6.1.0 does not verify by default): the token's signature is not verified, so anyone can forge a token with any claims and it is accepted; " +
        "JWT 6.1.0 cannot verify it without WithSecret(...), although its algorithm holds the key (every token, genuine or forged, then fails): update JWT to 7.1.0 or later and verify"));

    [Fact]
    public Task Fix_sets_verify_to_true_where_a_key_is_given() => VerifyFixAsync("""
        class C
        {
            private static readonly IJsonSerializer Serializer = new JsonNetSerializer();
            private static readonly IJwtDecoder Decoder = new JwtDecoder(Serializer, new JwtValidator(Serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm());

            string A(string token, string secret) => Decoder.[|Decode(token, secret, false)|];
            string B(string token, string secret) => new JwtDecoder(Serializer, new JwtValidator(Serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm()).[|Decode(token, verify: /* off */ false, key: secret)|];
            string C1(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|WithVerifySignature(false)|].Decode(token);
            string D(string token) => Decoder.[|Decode(token, (string)null, false)|];
        }
        """, """
        class C
        {
            private static readonly IJsonSerializer Serializer = new JsonNetSerializer();
            private static readonly IJwtDecoder Decoder = new JwtDecoder(Serializer, new JwtValidator(Serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm());

            string A(string token, string secret) => Decoder.Decode(token, secret, true);
            string B(string token, string secret) => new JwtDecoder(Serializer, new JwtValidator(Serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm()).Decode(token, verify: /* off */ true, key: secret);
            string C1(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").WithVerifySignature(true).Decode(token);
            string D(string token) => Decoder.[|Decode(token, (string)null, false)|];
        }
        """);

    /// <summary>
    /// Round AB, each proven with JWT 7.3.1: a decoder handed in from elsewhere may have no validator (the README's
    /// <c>new JwtDecoder(serializer, urlEncoder)</c>), and <c>verify: true</c> then throws for every token; JWT.NET
    /// checks <c>exp</c> whenever it verifies, so verifying in a refresh helper rejects the expired token it exists to
    /// read (the shared refresh-method predicate of TA103); and <c>true</c> written over a local or field that is
    /// always false leaves it unused (CS0219/CS0414, a broken build with warnings as errors). The findings stay.
    /// </summary>
    [Fact]
    public Task Fix_is_not_offered_where_verifying_would_reject_legitimate_tokens_or_warn() => VerifyFixAsync("""
        class C
        {
            private readonly IJwtDecoder _decoder;
            private readonly bool _verify = false;

            C(IJwtDecoder decoder) => _decoder = decoder;

            string Injected(string token, string secret) => _decoder.[|Decode(token, secret, verify: false)|];

            IDictionary<string, object> GetClaimsFromExpiredToken(string token, string secret) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret(secret)
                .[|DoNotVerifySignature()|]
                .Decode<IDictionary<string, object>>(token);

            string RefreshAccessToken(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|Decode(token)|];

            string Local(string token)
            {
                var verify = false;
                return new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|WithVerifySignature(verify)|].Decode(token);
            }

            string Field(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|WithVerifySignature(_verify)|].Decode(token);
        }
        """, """
        class C
        {
            private readonly IJwtDecoder _decoder;
            private readonly bool _verify = false;

            C(IJwtDecoder decoder) => _decoder = decoder;

            string Injected(string token, string secret) => _decoder.[|Decode(token, secret, verify: false)|];

            IDictionary<string, object> GetClaimsFromExpiredToken(string token, string secret) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret(secret)
                .[|DoNotVerifySignature()|]
                .Decode<IDictionary<string, object>>(token);

            string RefreshAccessToken(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|Decode(token)|];

            string Local(string token)
            {
                var verify = false;
                return new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|WithVerifySignature(verify)|].Decode(token);
            }

            string Field(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").[|WithVerifySignature(_verify)|].Decode(token);
        }
        """);

    [Fact]
    public Task Fix_inserts_MustVerifySignature_before_decode_on_old_versions() => VerifyFixAsync("""
        class C
        {
            private static readonly JwtBuilder Builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret");

            string A(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret").[|Decode(token)|];

            IDictionary<string, object> B(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret")
                .[|Decode<IDictionary<string, object>>(token)|];

            string C1(string token) => Builder.[|Decode(token)|];

            string NoAlgorithm(string token) => new JwtBuilder().WithSecret("secret").[|Decode(token)|];
        }
        """, """
        class C
        {
            private static readonly JwtBuilder Builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret");

            string A(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret").MustVerifySignature().Decode(token);

            IDictionary<string, object> B(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret")
                .MustVerifySignature()
                .Decode<IDictionary<string, object>>(token);

            string C1(string token) => Builder.MustVerifySignature().Decode(token);

            string NoAlgorithm(string token) => new JwtBuilder().WithSecret("secret").[|Decode(token)|];
        }
        """);

    /// <summary>
    /// Round AB: the inserted call took the comments and directives in front of <c>.Decode</c> with it, so an
    /// <c>#if DEBUG</c> appeared twice (CS1027) and comments were doubled. Round AG: put before them, it landed inside
    /// an <c>#if DEBUG</c> block that ends right before <c>.Decode</c>, so a Release build still decoded unverified.
    /// The call goes right before <c>.Decode</c>, after its comments and directives: compiled exactly where
    /// <c>.Decode</c> is.
    /// </summary>
    [Fact]
    public Task Fix_inserts_MustVerifySignature_without_copying_the_comments_and_directives_before_decode() => VerifyFixAsync("""
        class C
        {
            string A(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret") // the shared secret
                // decode below
                .[|Decode(token)|];

            string B(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret")
        #if DEBUG
                .Decode(token);
        #else
                .[|Decode(token.Trim())|];
        #endif

            string Traced(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
        #if TRACE_TOKENS
                .WithUrlEncoder(new JwtBase64UrlEncoder())
        #endif
                .WithSecret("secret")
        #if !TRACE_TOKENS
                .WithSerializer(new JsonNetSerializer())
        #endif
                .[|Decode(token)|];
        }
        """, """
        class C
        {
            string A(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret") // the shared secret
                // decode below
                .MustVerifySignature()
                .Decode(token);

            string B(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
                .WithSecret("secret")
        #if DEBUG
                .Decode(token);
        #else
                .MustVerifySignature()
                .Decode(token.Trim());
        #endif

            string Traced(string token) => new JwtBuilder()
                .WithAlgorithm(new HMACSHA256Algorithm())
        #if TRACE_TOKENS
                .WithUrlEncoder(new JwtBase64UrlEncoder())
        #endif
                .WithSecret("secret")
        #if !TRACE_TOKENS
                .WithSerializer(new JsonNetSerializer())
        #endif
                .MustVerifySignature()
                .Decode(token);
        }
        """);
}
