using TokenAnalyzers.Rules;
using static TokenAnalyzers.Tests.Terms.TermTest;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// RULES.md, Terms, "Values and reads": a property pattern (and the patterns combined with it, in <c>is</c>,
/// <c>switch</c> expressions and <c>case</c> labels) reads what it names. TA401 (claims of an unvalidated token) and
/// TA402 (identity of an unchecked result) use it.
/// </summary>
[Trait("Rule", "TA401")]
[Trait("Rule", "TA402")]
public class ValuesAndReadsTermTests
{
    private const string Header = "using System.Security.Claims;\n#pragma warning disable CS0618\n";

    private static readonly Engine.TokenRule[] TokenRules = { new UnvalidatedClaimsRule(), new UncheckedValidationResultRule() };

    [Fact]
    public Task Property_patterns_read_the_claims_of_an_unvalidated_token() => VerifyAsync(TokenRules, Header + """
        class C
        {
            string? Subject(string token) =>
                {|TA401:new JwtSecurityTokenHandler().ReadJwtToken(token)|} is { Subject: var subject } ? subject : null;

            IEnumerable<Claim> Claims(string token)
            {
                var jwt = {|TA401:new JsonWebToken(token)|};
                return jwt is { Claims: var claims } ? claims : Array.Empty<Claim>();
            }

            string Tenant(string token) => {|TA401:new JwtSecurityToken(token)|} switch
            {
                { Payload.Sub: "admin" } => "admin",
                { Issuer: var issuer } => issuer,
            };

            string Role(string token)
            {
                switch ({|TA401:new JwtSecurityTokenHandler().ReadJwtToken(token)|})
                {
                    case { Actor: not null }:
                        return "delegated";
                    default:
                        return "user";
                }
            }

            bool Nested(string token) => {|TA401:new JsonWebTokenHandler().ReadJsonWebToken(token)|} is JsonWebToken { } parsed && parsed.Subject == "x";
        }
        """);

    [Fact]
    public Task Patterns_on_header_and_metadata_members_are_not_claims_reads() => VerifyAsync(TokenRules, Header + """
        class C
        {
            bool Expired(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token) is { ValidTo: var expires } && expires < DateTime.UtcNow;

            string? KeyId(string token) => new JsonWebToken(token) switch
            {
                { Kid: var kid, Alg: "RS256" } => kid,
                _ => null,
            };

            bool Issuer(string token) => new JwtSecurityToken(token) is { Issuer: "https://issuer.example.com" } or { Audiences: null };
        }
        """);

    [Fact]
    public Task Property_patterns_that_use_the_result_without_IsValid_are_reported() => VerifyAsync(TokenRules, Header + """
        class C
        {
            async Task<ClaimsIdentity?> Identity(string token, TokenValidationParameters p)
            {
                var result = await {|TA402:new JsonWebTokenHandler().ValidateTokenAsync(token, p)|};
                return result is { ClaimsIdentity: var identity } ? identity : null;
            }

            async Task<object?> Claims(string token, TokenValidationParameters p) =>
                await {|TA402:new JsonWebTokenHandler().ValidateTokenAsync(token, p)|} switch
                {
                    { Claims: var claims } => claims,
                };
        }
        """);

    [Fact]
    public Task Property_patterns_that_read_IsValid_are_a_check() => VerifyAsync(TokenRules, Header + """
        class C
        {
            async Task<ClaimsIdentity?> Identity(string token, TokenValidationParameters p)
            {
                var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                return result is { IsValid: true, ClaimsIdentity: var identity } ? identity : null;
            }

            async Task<ClaimsIdentity?> Switch(string token, TokenValidationParameters p)
            {
                switch (await new JsonWebTokenHandler().ValidateTokenAsync(token, p))
                {
                    case { IsValid: false }:
                        return null;
                    case var valid:
                        return valid.ClaimsIdentity;
                }
            }

            async Task<bool> Valid(string token, TokenValidationParameters p) =>
                await new JsonWebTokenHandler().ValidateTokenAsync(token, p) is not { IsValid: false };
        }
        """);
}
