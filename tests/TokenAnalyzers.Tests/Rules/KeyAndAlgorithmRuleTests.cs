using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.EntraTestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>TA304 (KeyResolverRule), TA305 (HardCodedKeyRule), TA306 (NoneAlgorithmRule).</summary>
[Trait("Rule", "TA304")]
[Trait("Rule", "TA305")]
[Trait("Rule", "TA306")]
[Trait("Rule", "TA310")]
public class KeyAndAlgorithmRuleTests
{
    // ---- TA304 ----

    [Fact]
    public Task Resolvers_that_hand_back_a_pool_are_reported() => Verify.AnalyzerAsync<KeyResolverRule>(Usings + """
        class C
        {
            private static readonly List<SecurityKey> Keys = new();

            TokenValidationParameters Lambda() => new TokenValidationParameters
            {
                {|TA304:IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => Keys|},
            };

            void Configuration(TokenValidationParameters p) =>
                {|TA304:p.IssuerSigningKeyResolverUsingConfiguration = (token, securityToken, kid, parameters, configuration) =>
                {
                    Console.WriteLine("resolving");
                    return configuration.SigningKeys;
                }|};

            void MethodGroup(TokenValidationParameters p) => {|TA304:p.IssuerSigningKeyResolver = AllKeys|};

            private static IEnumerable<SecurityKey> AllKeys(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters) =>
                parameters.IssuerSigningKeys;

            // A placeholder that returns no key: JsonWebTokenHandler then tries every key of the parameters
            // (SigningKeySelectionTests.A_resolver_returning_no_key_falls_back_to_the_pool_with_JsonWebTokenHandler).
            TokenValidationParameters Placeholder() => new TokenValidationParameters
            {
                {|TA304:IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => []|},
            };
        }
        """);

    [Fact]
    public Task Resolvers_that_look_keys_up_by_kid_or_issuer_are_not_reported() => Verify.NoDiagnosticsAsync<KeyResolverRule>(Usings + """
        class C
        {
            private static readonly Dictionary<string, SecurityKey> ByKid = new();
            private static readonly Dictionary<string, List<SecurityKey>> ByIssuer = new();

            void M(TokenValidationParameters p)
            {
                p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => new[] { ByKid[kid] };
                p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => ByIssuer[securityToken.Issuer];
                p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                    ByIssuer[((JsonWebToken)securityToken).GetClaim("tid").Value];
                p.IssuerSigningKeyResolverUsingConfiguration = (token, securityToken, kid, parameters, configuration) =>
                    configuration.SigningKeys.Where(k => k.KeyId == kid);
                p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => Lookup(securityToken);
                p.IssuerSigningKeyResolver = null;
            }

            private static IEnumerable<SecurityKey> Lookup(SecurityToken token) => ByIssuer[token.Issuer];
        }
        """);

    // ---- TA305 ----

    [Fact]
    public Task Keys_from_constants_are_reported() => Verify.AnalyzerAsync<HardCodedKeyRule>(Usings + """
        using System.Text;

        class C
        {
            private const string Secret = "this-is-my-very-long-signing-secret-0123456789";
            private static readonly string ReadOnlySecret = "another-very-long-signing-secret-0123456789";
            public readonly string PublicReadOnly = "a-public-readonly-signing-secret-0123456789";
            private static readonly byte[] KeyBytes = Encoding.UTF8.GetBytes("yet-another-very-long-signing-secret-01234");

            void M()
            {
                var a = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-literal-signing-secret-0123456789abcdef"))|};
                var b = {|TA305:new SymmetricSecurityKey(Encoding.ASCII.GetBytes(Secret))|};
                var c = {|TA305:new SymmetricSecurityKey(Convert.FromBase64String("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA=="))|};
                var d = {|TA305:new SymmetricSecurityKey(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })|};
                var e = {|TA305:new SymmetricSecurityKey(KeyBytes)|};
                var bytes = Encoding.UTF8.GetBytes(ReadOnlySecret);
                SymmetricSecurityKey f = {|TA305:new(bytes)|};
                var g = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(PublicReadOnly))|};
                var h = {|TA305:new SymmetricSecurityKey("a-utf8-literal-signing-secret-0123456789abc"u8.ToArray())|};
                var i = {|TA305:new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"))|};

                // Round AO: the short array form of a declaration, in a field and in a local.
                var j = {|TA305:new SymmetricSecurityKey(ShortForm)|};
                byte[] local = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
                var k = {|TA305:new SymmetricSecurityKey(local)|};
            }

            private static readonly byte[] ShortForm = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

            // Round AQ: a settings class's literal default is the key whenever binding leaves it (a missing section), as a
            // `?? "secret"` fallback is; a property without one, or with an empty one, is not.
            void FromSettings(JwtSettings settings, EnvSettings env)
            {
                var l = {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.Key))|};
                var m = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.Bound));
                var n = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.Empty));
                var o = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(env.Key)); // round AS: every construction sets it
            }

            static EnvSettings Load() => new EnvSettings { Key = Environment.GetEnvironmentVariable("JWT_KEY") ?? throw new InvalidOperationException() };
        }

        class JwtSettings
        {
            public string Key { get; set; } = "a-default-signing-secret-0123456789abcdef";
            public string Bound { get; set; } = null!;
            public string Empty { get; set; } = "";
        }

        class EnvSettings
        {
            public string Key { get; set; } = "a-placeholder-signing-secret-0123456789abc";
        }
        """);

    [Fact]
    public Task Keys_from_configuration_environment_and_parameters_are_not_reported() => Verify.NoDiagnosticsAsync<HardCodedKeyRule>(Usings + """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Configuration;

        class C
        {
            private string _secret = "initial";

            void Set(string value) => _secret = value;

            void M(IConfiguration configuration, byte[] parameter)
            {
                var a = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!));
                var b = new SymmetricSecurityKey(Convert.FromBase64String(Environment.GetEnvironmentVariable("JWT_KEY")!));
                var c = new SymmetricSecurityKey(parameter);
                var d = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
                var random = new byte[32];
                RandomNumberGenerator.Fill(random);
                var e = new SymmetricSecurityKey(random);
                var f = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_secret));
            }
        }
        """);

    // ---- TA306 ----

    [Fact]
    public Task None_among_the_allowed_algorithms_is_reported() => Verify.AnalyzerAsync<NoneAlgorithmRule>(Usings + """
        class C
        {
            private const string Unsigned = "none";

            void M(JwtBearerOptions o, TokenValidationParameters p)
            {
                {|TA306:o.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256, SecurityAlgorithms.None }|};
                {|TA306:p.ValidAlgorithms = new List<string> { "none" }|};
                {|TA306:p.ValidAlgorithms = [Unsigned, SecurityAlgorithms.EcdsaSha256]|};
                var q = new TokenValidationParameters { {|TA306:ValidAlgorithms = new string[] { "none", "RS256" }|} };
                {|TA306:p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 }.Append("none")|};
                {|TA306:p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 }.Concat(new[] { SecurityAlgorithms.None })|};

                // Round AO: the short array form of a declaration, in a field and in a local.
                {|TA306:p.ValidAlgorithms = NoneAlgorithms|};
                string[] local = { "none" };
                {|TA306:p.ValidAlgorithms = local|};
            }

            private static readonly string[] NoneAlgorithms = { SecurityAlgorithms.None };
        }
        """);

    [Fact]
    public Task Lists_without_none_are_not_reported() => Verify.NoDiagnosticsAsync<NoneAlgorithmRule>(Usings + """
        class C
        {
            void M(TokenValidationParameters p, string[] fromConfiguration)
            {
                p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                p.ValidAlgorithms = fromConfiguration;
                p.ValidAlgorithms = new[] { "None-of-these", "RS256" };
                p.ValidTypes = new[] { "none" };
                p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 }.Append("RS512");
                p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 }.Where(a => a != "none");
            }
        }
        """);

    [Fact]
    public Task Fix_removes_none_and_the_whole_assignment_when_none_is_all_it_lists() => new AnalyzerTest(new NoneAlgorithmRule())
    {
        CodeFix = new RemoveNoneAlgorithmCodeFixProvider(),
        CodeActionEquivalenceKey = RemoveNoneAlgorithmCodeFixProvider.EquivalenceKey,
        Sources =
        {
            Usings + """
            class A
            {
                void M(TokenValidationParameters p)
                {
                    {|TA306:p.ValidAlgorithms = new[] { SecurityAlgorithms.None, SecurityAlgorithms.RsaSha256 }|};
                    {|TA306:p.ValidAlgorithms = ["RS256", "none"]|};
                    {|TA306:p.ValidAlgorithms = new[] { "RS256", "none" }|};
                    {|TA306:p.ValidAlgorithms = new[] { "none", "RS256", "ES256" }|};
                }
            }
            """,
            Usings + """
            class B
            {
                TokenValidationParameters P() => new TokenValidationParameters
                {
                    ValidAudience = "api",
                    {|TA306:ValidAlgorithms = new List<string> { "none" }|},
                };
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class A
            {
                void M(TokenValidationParameters p)
                {
                    p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                    p.ValidAlgorithms = ["RS256"];
                    p.ValidAlgorithms = new[] { "RS256" };
                    p.ValidAlgorithms = new[] { "RS256", "ES256" };
                }
            }
            """,
            Usings + """
            class B
            {
                TokenValidationParameters P() => new TokenValidationParameters
                {
                    ValidAudience = "api",
                };
            }
            """,
        },
    }.RunAsync();

    /// <summary>
    /// "none" added by a call (`.Append("none")`, `.Concat(new[] { "none" })`) is reported without a fix: removing the
    /// inner list's only element would have removed the whole assignment, and with it the RS256 restriction.
    /// </summary>
    [Fact]
    public Task None_added_by_a_call_is_reported_without_a_fix()
    {
        const string Code = """
            using System.Linq;

            class C
            {
                void M(TokenValidationParameters p)
                {
                    {|TA306:p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 }.Append("none")|};
                    {|TA306:p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 }.Concat(new[] { SecurityAlgorithms.None })|};
                }
            }
            """;
        return Verify.CodeFixAsync<NoneAlgorithmRule, RemoveNoneAlgorithmCodeFixProvider>(Usings + Code, Usings + Code);
    }
}
