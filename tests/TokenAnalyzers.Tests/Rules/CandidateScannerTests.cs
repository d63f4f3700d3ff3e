using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// The analyzer reads each file's text for the registered names before it looks at the tree
/// (Engine/CandidateScanner.cs). These are the spellings a text search could miss or mistake: each must be found
/// exactly as the tree-walking version found it.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA107")]
[Trait("Rule", "TA305")]
[Trait("Rule", "TA310")]
[Trait("Rule", "TA401")]
[Trait("Rule", "TA403")]
public class CandidateScannerTests
{
    private static Task Ta101Async(string markup) => Verify.AnalyzerAsync<DisabledValidationRule>(Usings + markup);

    [Fact]
    public Task Comments_line_breaks_escapes_and_verbatim_names_before_the_equals_sign_are_found() => Ta101Async("""
        class C
        {
            TokenValidationParameters M(TokenValidationParameters p)
            {
                {|TA101:p.ValidateIssuer /* off for now */ = false|};
                {|TA102:p.ValidateAudience // the gateway checks it
                    = false|};
                {|TA103:p.Validate\u004Cifetime = false|};
                {|TA104:p.@RequireSignedTokens = false|};
                return new TokenValidationParameters
                {
                    {|TA105:RequireExpirationTime
                        = false|},
                    {|TA101:ValidateIssuer/**/=false|},
                };
            }
        }
        """);

    [Fact]
    public Task Names_whose_last_characters_are_escaped_are_found() => Ta101Async("""
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|TA101:p.ValidateIssue\u0072 = false|};
                {|TA102:p.ValidateAudien\u0063e = false|};
                {|TA103:p.ValidateLifetim\U00000065 = false|};
                {|TA104:p.RequireSignedToke\U0000006Es = false|};
            }
        }
        """);

    [Fact]
    public Task Names_in_comments_strings_and_disabled_code_and_other_operators_are_not_findings() => Verify.NoDiagnosticsAsync<DisabledValidationRule>(Usings + """
        class C
        {
            // p.ValidateIssuer = false;
            const string Doc = "p.ValidateIssuer = false";
            string Interpolated(bool b) => $"ValidateAudience = {b}";

            bool M(TokenValidationParameters p, bool ValidateLifetime)
            {
        #if NEVER_DEFINED
                p.ValidateIssuer = false;
        #endif
                /* p.ValidateAudience = false; */
                var same = p.ValidateIssuer == false;
                ValidateLifetime = false; // a parameter, not the property
                return same != ValidateLifetime && p.ValidateAudience;
            }
        }
        """);

    [Fact]
    public Task Invocations_and_creations_are_found_across_comments_line_breaks_and_qualified_names() => Verify.AnalyzerAsync<UnvalidatedClaimsRule>(Usings + """
        class C
        {
            void M(string token, JwtSecurityTokenHandler handler)
            {
                var a = [|handler.ReadJwtToken /* decode only */ (token)|].Subject;
                var b = handler
                    ?[|.ReadJwtToken
                    (token)|]?.Claims;
                var c = [|new global::System.IdentityModel.Tokens.Jwt.JwtSecurityToken(token)|].Claims;
                var d = [|new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken (token)|].GetClaim("role");
                JwtSecurityToken e = [|new(token)|];
                var claims = e.Claims;
            }
        }
        """);

    [Fact]
    public Task Target_typed_keys_are_found_whether_the_declaration_or_only_the_binding_names_the_type() => Verify.AnalyzerAsync<HardCodedKeyRule>(Usings + """
        using System.Text;

        class C
        {
            static SymmetricSecurityKey Field = {|TA305:new(Encoding.UTF8.GetBytes("a-literal-signing-secret-0123456789abcdef"))|};

            SymmetricSecurityKey Property => {|TA305:new(Encoding.UTF8.GetBytes("a-literal-signing-secret-0123456789abcdef"))|};

            void M()
            {
                SymmetricSecurityKey local = {|TA305:new(Encoding.UTF8.GetBytes("a-literal-signing-secret-0123456789abcdef"))|};
                Use({|TA305:new(Encoding.UTF8.GetBytes("a-literal-signing-secret-0123456789abcdef"))|});
                Dictionary<string, int> unrelated = new(StringComparer.Ordinal);
                object gate = new();
            }

            static void Use(SymmetricSecurityKey key) { }
        }
        """);

    [Fact]
    public Task Target_typed_new_with_one_argument_is_found_past_every_comma_that_does_not_separate_arguments() => Verify.AnalyzerAsync<UnvalidatedClaimsRule>(Usings + """"
        class C
        {
            static string Pick<T1, T2>(string s) => s;

            void M(string token, string[] parts)
            {
                JwtSecurityToken a = [|new("a.b, still one \", argument.c")|];
                JwtSecurityToken b = [|new(@"a.b, ""one"", argument.c")|];
                JwtSecurityToken c = [|new($"{token}, one argument")|];
                JwtSecurityToken d = [|new("""a.b, "one", argument.c""")|];
                JwtSecurityToken e = [|new(/* , */ token)|];
                JwtSecurityToken f = [|new(',' + token)|];
                JwtSecurityToken g = [|new(Pick<int, string>(token))|];
                JwtSecurityToken h = [|new(string.Join(", ", parts))|];
                JwtSecurityToken i = [|new(parts.Aggregate((x, y) => x + y))|];
                JwtSecurityToken j = [|new(parts is [var first, ..] ? first : token)|];
                JsonWebToken k = [|new(
                    token)|];
                var claims = a.Claims.Concat(b.Claims).Concat(c.Claims).Concat(d.Claims).Concat(e.Claims).Concat(f.Claims)
                    .Concat(g.Claims).Concat(h.Claims).Concat(i.Claims).Concat(j.Claims).Concat(k.Claims);
            }
        }
        """");

    [Fact]
    public Task Target_typed_new_without_an_argument_or_with_two_is_not_a_candidate() => Verify.AnalyzerAsync<HardCodedKeyRule>(Usings + """
        using System.Text;

        class C
        {
            void M()
            {
                SymmetricSecurityKey key = {|TA305:new(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })|};
                Dictionary<string, string> none = new();
                KeyValuePair<string, string> two = new("a, b", "c\"");
                Dictionary<string, int> alsoTwo = new(4, StringComparer.Ordinal);
                ArraySegment<byte> three = new(new byte[] { 1, 2 }, 0, 1);
            }
        }
        """);

    [Fact]
    public Task String_values_are_dropped_from_the_text_only_when_their_literal_start_rules_the_rule_out() => Verify.AnalyzerAsync<InsecureMetadataRule>(Usings + """"
        class C
        {
            void M(JwtBearerOptions o, string host)
            {
                [|o.Authority = "\u0068ttp://login.example.com"|];
                [|o.Authority = @"HTTP://login.example.com"|];
                [|o.Authority = $@"http://login.example.com/{host}"|];
                [|o.Authority = $"http://login.example.com/{host}/{{v2}}"|];
                [|o.MetadataAddress = "https://login.example.com" == "" ? "" : "http://login.example.com/metadata"|];
                [|o.MetadataAddress = "h" + "ttp://login.example.com/metadata"|];
                [|o.Authority =
                    "http://login.example.com"|]
                    ;

                // A whole literal that starts otherwise: never reaches the tree.
                o.Authority = $"https://login.example.com/{host}/{{v2}}";
                o.MetadataAddress = @"https://login.example.com/""metadata""";
                o.Authority = "ftp://login.example.com";
            }
        }
        """");

    [Fact]
    public Task Each_try_statement_is_judged_once_from_the_ValidateToken_calls_its_catch_clauses_see() => Verify.AnalyzerAsync<IgnoredValidationFailureRule>(Usings + """
        class C
        {
            bool Twice(string token, JwtSecurityTokenHandler handler, TokenValidationParameters parameters)
            {
                try // two calls, one finding per catch
                {
                    handler.ValidateToken(token, parameters, out _);
                    handler.ValidateToken(token.Trim(), parameters, out _);
                }
                [|catch|] (SecurityTokenException)
                {
                }

                return true;
            }

            bool Nested(string token, JwtSecurityTokenHandler handler, TokenValidationParameters parameters)
            {
                try
                {
                    try
                    {
                        handler.ValidateToken(token, parameters, out _);
                    }
                    [|catch|] (SecurityTokenException)
                    {
                    }

                    try
                    {
                        handler.ValidateToken(token, parameters, out _);
                    }
                    finally
                    {
                        Console.WriteLine("validated");
                    }
                }
                [|catch|] (Exception)
                {
                }

                return true;
            }

            bool InTheCatch(string token, JwtSecurityTokenHandler handler, TokenValidationParameters parameters)
            {
                try
                {
                    return token.Length > 0;
                }
                catch (Exception)
                {
                    handler.ValidateToken(token, parameters, out _); // outside any try block: nothing to swallow
                }

                var retry = "try { ValidateToken(); } catch { }";
                return retry.Length > 0;
            }
        }
        """);

    /// <summary>
    /// A using alias names a registered type under another name (public Azure Functions that validate by hand write
    /// <c>using OpenIdConfigurationManager = Microsoft.IdentityModel.Protocols.ConfigurationManager&lt;...&gt;;</c>):
    /// creations and target-typed declarations spelled with the alias are found, at file and namespace level.
    /// </summary>
    [Fact]
    public Task Creations_spelled_with_a_using_alias_of_a_registered_type_are_found() => Verify.AnalyzerAsync<InsecureMetadataRule>(Usings + """
        using Microsoft.IdentityModel.Protocols.OpenIdConnect;
        using OpenIdConfigurationManager = Microsoft.IdentityModel.Protocols.ConfigurationManager<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration>;
        using   Retriever
            = Microsoft.IdentityModel.Protocols.HttpDocumentRetriever;

        class C
        {
            private readonly OpenIdConfigurationManager _manager = new OpenIdConfigurationManager(
                [|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever());

            private static readonly OpenIdConfigurationManager TargetTyped =
                new([|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever(), new Retriever { [|RequireHttps = false|] });

            private static readonly OpenIdConfigurationManager Secure =
                new OpenIdConfigurationManager("https://idp.internal.example.com/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
        }

        namespace Inner
        {
            using Manager = Microsoft.IdentityModel.Protocols.ConfigurationManager<OpenIdConnectConfiguration>;

            class D
            {
                Manager M() => new Manager([|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever());
            }
        }
        """);

    [Fact]
    public Task A_global_using_alias_in_the_same_file_and_aliases_of_other_registered_types_are_found() => Verify.AnalyzerAsync<UnvalidatedClaimsRule>("""
        global using Jwt = System.IdentityModel.Tokens.Jwt.JwtSecurityToken;

        """ + Usings + """
        using JsonToken = Microsoft.IdentityModel.JsonWebTokens.JsonWebToken;
        using Unrelated = System.Collections.Generic.List<string>;

        class C
        {
            object M(string token)
            {
                var a = [|new Jwt(token)|].Claims;
                JsonToken b = [|new(token)|];
                var c = new Unrelated(new[] { token });
                var claims = b.Claims;
                return (a, claims, c);
            }
        }
        """);
}
