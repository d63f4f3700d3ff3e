using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>TA401-TA404 register nothing when the token libraries are absent, even for look-alike user types.</summary>
[Trait("Rule", "TA401")]
[Trait("Rule", "TA402")]
[Trait("Rule", "TA403")]
[Trait("Rule", "TA404")]
public class TokenTrustRulesWithoutLibraryTests
{
    private const string LookAlikes = """
        using System;
        using System.Threading.Tasks;

        class TokenValidationResult { public bool IsValid; public object ClaimsIdentity; }
        class JsonWebTokenHandler
        {
            public Task<TokenValidationResult> ValidateTokenAsync(string t, object p) => Task.FromResult(new TokenValidationResult());
            public object ValidateToken(string t, object p, out object o) { o = null; return null; }
            public JsonWebToken ReadJsonWebToken(string t) => new JsonWebToken(t);
        }
        class JsonWebToken { public JsonWebToken(string t) { } public object Claims => null; }
        class SecurityTokenException : Exception { }
        class AuthenticationFailedContext { public object Principal { get; set; } public void Success() { } }

        class C
        {
            async Task<object> M(string t, JsonWebTokenHandler h, AuthenticationFailedContext ctx)
            {
                var claims = h.ReadJsonWebToken(t).Claims;
                var r = await h.ValidateTokenAsync(t, null);
                try { h.ValidateToken(t, null, out _); } catch (SecurityTokenException) { }
                ctx.Principal = new object();
                ctx.Success();
                return r.ClaimsIdentity;
            }
        }
        """;

    public static TheoryData<string> Analyzers() => new() { "TA401", "TA402", "TA403", "TA404" };

    [Theory]
    [MemberData(nameof(Analyzers))]
    public Task Nothing_is_reported(string id)
    {
        TokenRule rule = id switch
        {
            "TA401" => new UnvalidatedClaimsRule(),
            "TA402" => new UncheckedValidationResultRule(),
            "TA403" => new IgnoredValidationFailureRule(),
            _ => new AuthenticationFailureSuccessRule(),
        };
        var test = new AnalyzerTest(new TokenValidationAnalyzer(rule)) { ReferenceTokenLibraries = false };
        test.Sources.Add(LookAlikes);
        return test.RunAsync();
    }
}
