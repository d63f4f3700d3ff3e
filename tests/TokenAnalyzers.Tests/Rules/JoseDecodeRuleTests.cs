using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA602 on jose-jwt 5.3.0. Inputs compile without JWT.NET (whose root namespace <c>JWT</c> would hide
/// <c>Jose.JWT</c> behind <c>using Jose;</c>), as a project uses one of the two. Shapes follow public code: an
/// authentication state provider turning <c>JWT.Payload&lt;T&gt;</c> into claims, a registry client reading its
/// token's expiry, a decrypt-then-read helper.
/// </summary>
[Trait("Rule", "TA601")]
[Trait("Rule", "TA602")]
public class JoseDecodeRuleTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Security.Claims;
        using System.Text;
        using System.Text.Json;
        using Jose;

        """;

    private static Task VerifyAsync(string markup, bool withJwtNet = false)
    {
        var test = new AnalyzerTest(new JoseDecodeRule()) { References = withJwtNet ? JwtNetVersions.Jwt7 : JwtNetVersions.WithoutJwt() };
        test.Sources.Add((withJwtNet ? Usings.Replace("using Jose;\n", "") : Usings) + markup);
        return test.RunAsync();
    }

    [Fact]
    public Task Decode_without_a_key_is_reported_in_every_form() => VerifyAsync("""
        class C
        {
            string A(string token) => [|JWT.Decode(token)|];
            string B(string token) => [|JWT.Decode(token, null)|];
            IDictionary<string, object> D(string token) => [|JWT.Decode<IDictionary<string, object>>(token)|];
            byte[] E(string token) => [|JWT.DecodeBytes(token)|];
            string F(string token) => [|Jose.JWT.Decode(token, key: null)|];

            // Round AB: the null key through a local that only ever holds it, as the Terms read values.
            string G(string token)
            {
                byte[]? key = null;
                return [|JWT.Decode(token, key)|];
            }
        }
        """);

    /// <summary>
    /// <c>JwsAlgorithm.none</c> expected with no key accepts the unsigned token it names (round Z: kampilan/fabrica-thin
    /// decodes its gateway token so when no signing key is configured, and with the key in the other branch). An
    /// explicit <c>none</c> is never a peek before verification, so a keyed decode of the same token in the member does
    /// not excuse it; another expected algorithm with no key is refused by the library.
    /// </summary>
    [Fact]
    public Task Decode_with_no_key_and_the_none_algorithm_is_reported_even_beside_a_keyed_decode() => VerifyAsync("""
        class GatewayTokenEncoder
        {
            private byte[]? SigningKey { get; set; }

            IDictionary<string, object> Decode(string token)
            {
                var claims = SigningKey == null
                    ? [|JWT.Decode<IDictionary<string, object>>(token, null, JwsAlgorithm.none)|]
                    : JWT.Decode<IDictionary<string, object>>(token, SigningKey, JwsAlgorithm.HS256);
                return claims;
            }

            string Plain(string token) => [|JWT.Decode(token, null, JwsAlgorithm.none)|];

            string Named(string token) => [|JWT.Decode(token, alg: JwsAlgorithm.none, key: null)|];

            string OtherAlgorithm(string token) => JWT.Decode(token, null, JwsAlgorithm.HS256);

            // Through a constant, a readonly field and a local (round Z), as the Terms' values flow.
            const JwsAlgorithm Unsigned = JwsAlgorithm.none;
            static readonly JwsAlgorithm Configured = JwsAlgorithm.none;
            static readonly JwsAlgorithm Signed = JwsAlgorithm.HS256;

            string Constant(string token) => [|JWT.Decode(token, null, Unsigned)|];

            string Field(string token) => [|JWT.Decode(token, null, Configured)|];

            string Local(string token)
            {
                var alg = JwsAlgorithm.none;
                return [|JWT.Decode(token, null, alg)|];
            }

            string SignedField(string token) => JWT.Decode(token, null, Signed);
        }
        """);

    [Fact]
    public Task Payload_used_as_identity_is_reported() => VerifyAsync("""
        class AuthStateProvider
        {
            private IEnumerable<Claim> ParseTokenClaims(string accessToken)
            {
                return [|JWT.Payload<Dictionary<string, object>>(accessToken)|]
                    .Select(pair => new Claim(pair.Key, pair.Value.ToString() ?? string.Empty))
                    .ToArray();
            }

            string UserId(string token)
            {
                var payload = [|JWT.Payload(token)|];
                return JsonDocument.Parse(payload).RootElement.GetProperty("sub").GetString();
            }
        }
        """);

    [Fact]
    public Task Decode_with_a_key_or_an_expected_algorithm_is_not_reported() => VerifyAsync("""
        class C
        {
            private static readonly byte[] Secret = Encoding.UTF8.GetBytes("secret");

            string A(string token) => JWT.Decode(token, Secret);
            string B(string token) => JWT.Decode(token, Secret, JwsAlgorithm.HS256);
            IDictionary<string, object> D(string token) => JWT.Decode<IDictionary<string, object>>(token, Secret, JwsAlgorithm.HS256);
            string E(string token, object key) => JWT.Decode(token, key);
            string F(string token) => JWT.Verify(token, Secret);
        }
        """);

    [Fact]
    public Task Headers_and_expiry_reads_are_not_reported() => VerifyAsync("""
        class RegistryClient
        {
            string Kid(string token) => (string)JWT.Headers(token)["kid"];

            bool IsExpired(string token)
            {
                var payload = JWT.Payload(token);
                var exp = JsonDocument.Parse(payload).RootElement.GetProperty("exp").GetInt64();
                return exp < DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            }

            bool Expired(string token) => Convert.ToInt64(JWT.Payload<Dictionary<string, object>>(token)["exp"]) < 0;

            long Expiry(string token) => JsonSerializer.Deserialize<Expiring>(JWT.Payload(token)).Exp;
        }

        class Expiring { public long Exp { get; set; } }
        """);

    [Fact]
    public Task A_member_that_decodes_the_same_token_with_a_key_is_not_reported() => VerifyAsync("""
        class C
        {
            private readonly Dictionary<string, byte[]> _keys = new();

            IDictionary<string, object> M(string token)
            {
                var tenant = (string)JWT.Payload<Dictionary<string, object>>(token)["tid"];
                return JWT.Decode<IDictionary<string, object>>(token, _keys[tenant], JwsAlgorithm.HS256);
            }

            string Other(string token, string other, byte[] key)
            {
                JWT.Decode(other, key);
                return [|JWT.Payload(token)|];
            }
        }
        """);

    [Fact]
    public Task Look_alikes_are_not_reported() => VerifyAsync("""
        namespace Mine
        {
            static class JWT
            {
                public static string Decode(string token) => token;
                public static string Payload(string token) => token;
            }

            class C
            {
                string A(string token) => JWT.Decode(token) + JWT.Payload(token);
                string B(string token) => JWT.Decode(token);
            }
        }
        """);

    [Fact]
    public Task With_both_libraries_referenced_the_qualified_name_is_followed() => VerifyAsync("""
        class C
        {
            string A(string token) => [|Jose.JWT.Decode(token)|];
            string B(string token) => new JWT.Builder.JwtBuilder().MustVerifySignature().Decode(token); // JWT.NET: TA601's business
        }
        """, withJwtNet: true);
}
