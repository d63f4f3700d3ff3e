using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// The analyzer reads each file's text for the registered names before it looks at the tree
/// (Internal/CandidateScanner.cs). These are the spellings a text search could miss or mistake: each must be found
/// exactly as the tree-walking version found it.
/// </summary>
public class CandidateScannerTests
{
    private static Task Ta101Async(string markup) => Verify.AnalyzerAsync<DisabledValidationAnalyzer>(Usings + markup);

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
    public Task Names_in_comments_strings_and_disabled_code_and_other_operators_are_not_findings() => Verify.NoDiagnosticsAsync<DisabledValidationAnalyzer>(Usings + """
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
    public Task Invocations_and_creations_are_found_across_comments_line_breaks_and_qualified_names() => Verify.AnalyzerAsync<UnvalidatedClaimsAnalyzer>(Usings + """
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
    public Task Target_typed_keys_are_found_whether_the_declaration_or_only_the_binding_names_the_type() => Verify.AnalyzerAsync<HardCodedKeyAnalyzer>(Usings + """
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
    public Task A_try_statement_is_found_with_a_comment_after_the_keyword() => Verify.AnalyzerAsync<IgnoredValidationFailureAnalyzer>(Usings + """
        class C
        {
            bool IsValid(string token, JwtSecurityTokenHandler handler, TokenValidationParameters parameters)
            {
                try // validate
                {
                    handler.ValidateToken(token, parameters, out _);
                }
                [|catch|] (SecurityTokenException)
                {
                }

                var retry = "try { } catch { }";
                return retry.Length > 0;
            }
        }
        """);
}
