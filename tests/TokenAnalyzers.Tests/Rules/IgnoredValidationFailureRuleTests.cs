using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA403")]
public class IgnoredValidationFailureRuleTests
{
    private const string Header = Usings + "using System.Security.Claims;\nusing Microsoft.AspNetCore.Mvc;\n";

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<IgnoredValidationFailureRule>(Header + markup);

    [Fact]
    public Task Empty_catch_falling_through_to_a_success_return_is_reported() => VerifyAsync("""
        class C
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            bool IsValid(string token)
            {
                try
                {
                    _handler.ValidateToken(token, _parameters, out _);
                }
                [|catch|] (SecurityTokenException)
                {
                }

                return true;
            }

            void Process(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (Exception) { }
                Console.WriteLine("processing the request as authenticated");
            }

            void Bare(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] { }
            }
        }
        """);

    [Fact]
    public Task Catch_returning_true_or_logging_and_continuing_is_reported() => VerifyAsync("""
        class C
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            bool ReturnsTrue(string token)
            {
                try
                {
                    _handler.ValidateToken(token, _parameters, out _);
                    return true;
                }
                [|catch|] (SecurityTokenExpiredException)
                {
                    return true;
                }
                catch (SecurityTokenException)
                {
                    return false;
                }
            }

            Task<bool> ReturnsTaskTrue(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (SecurityTokenInvalidSignatureException ex) { Console.WriteLine(ex.Message); return Task.FromResult(true); }
                return Task.FromResult(true);
            }

            IActionResult Logs(string token)
            {
                try
                {
                    _handler.ValidateToken(token, _parameters, out var validated);
                }
                [|catch|] (SecurityTokenValidationException ex) when (ex is SecurityTokenExpiredException)
                {
                    Console.WriteLine(ex);
                }

                return new OkObjectResult("secret data");
            }

            ClaimsPrincipal Fallback(string token)
            {
                ClaimsPrincipal principal;
                try { principal = _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (SecurityTokenException) { principal = new ClaimsPrincipal(new ClaimsIdentity("guest")); }
                return principal;
            }

            bool FlagSetToTrue(string token)
            {
                var valid = false;
                try { _handler.ValidateToken(token, _parameters, out _); valid = true; }
                [|catch|] (SecurityTokenExpiredException) { valid = true; }
                catch (SecurityTokenException) { }
                return valid;
            }

            void Loop(string[] tokens, ISecurityTokenValidator validator)
            {
                foreach (var token in tokens)
                {
                    try { validator.ValidateToken(token, _parameters, out _); }
                    [|catch|] (Exception e) { Console.WriteLine(e); }
                    Console.WriteLine("accepted " + token);
                }
            }
        }
        """);

    /// <summary>
    /// A result filled before the try from the token it validates is no failure value (round Z: middleware that
    /// "prepares" the user from the parsed token, then validates; JwtSecurityTokenHandler rejects a token signed with
    /// the wrong key, the catch logs, and the attacker's claims are returned, with no TA401 either since the member
    /// validates). A result left null, or empty, before the try still is one.
    /// </summary>
    [Fact]
    public Task A_result_filled_from_the_parsed_token_before_the_try_is_no_failure_value() => VerifyAsync("""
        class C
        {
            private readonly TokenValidationParameters _parameters = new();

            ClaimsPrincipal Prepared(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                ClaimsPrincipal principal = new ClaimsPrincipal(new ClaimsIdentity(handler.ReadJwtToken(token).Claims));
                try { principal = handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (SecurityTokenException ex) { Console.WriteLine(ex.Message); }
                return principal;
            }

            string OutToken(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                SecurityToken validated = handler.ReadJwtToken(token);
                try { handler.ValidateToken(token, _parameters, out validated); }
                [|catch|] (Exception) { }
                return ((JwtSecurityToken)validated).Subject;
            }

            ClaimsPrincipal LeftNull(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                ClaimsPrincipal principal = null;
                try { principal = handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException ex) { Console.WriteLine(ex.Message); }
                return principal;
            }

            ClaimsPrincipal LeftAnonymous(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                var principal = new ClaimsPrincipal(new ClaimsIdentity());
                try { principal = handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException ex) { Console.WriteLine(ex.Message); }
                return principal;
            }

            // Through a local holding the parsed token (round Z).
            ClaimsPrincipal ThroughALocal(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                var jwt = handler.ReadJwtToken(token);
                var principal = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "Bearer"));
                try { principal = handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (SecurityTokenException) { }
                return principal;
            }

            // Round Z's look-alikes: the failure is decided on after all.
            int CheckedAfter(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                ClaimsPrincipal principal = new(new ClaimsIdentity(handler.ReadJwtToken(token).Claims));
                try { principal = handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { }
                if (principal.Identity?.IsAuthenticated != true) { return 401; }
                return principal.Claims.Count();
            }

            object ResetBeforeTheTry(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                SecurityToken validated = handler.ReadJwtToken(token);
                Console.WriteLine(((JwtSecurityToken)validated).Header.Kid);
                validated = null;
                try { handler.ValidateToken(token, _parameters, out validated); }
                catch (SecurityTokenException) { }
                return validated;
            }

            ClaimsPrincipal ResetInTheTry(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                ClaimsPrincipal principal = new(new ClaimsIdentity(handler.ReadJwtToken(token).Claims, "jwt"));
                try { principal = null; principal = handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { }
                return principal;
            }

            ClaimsPrincipal ValidatedAgain(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                ClaimsPrincipal principal = new(new ClaimsIdentity(handler.ReadJwtToken(token).Claims));
                try { principal = handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenExpiredException) { }
                var lenient = _parameters.Clone();
                lenient.ValidateLifetime = false;
                principal = handler.ValidateToken(token, lenient, out _);
                return principal;
            }
        }
        """);

    [Fact]
    public Task Catch_that_rethrows_throws_or_returns_a_failure_is_not_reported() => VerifyAsync("""
        class C
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            bool Rethrow(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); return true; }
                catch (SecurityTokenException ex) { Console.WriteLine(ex); throw; }
            }

            bool Wrap(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); return true; }
                catch (SecurityTokenException ex) { throw new UnauthorizedAccessException("invalid", ex); }
            }

            bool ReturnsFalse(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); return true; }
                catch (SecurityTokenException) { return false; }
            }

            ClaimsPrincipal ReturnsNull(string token)
            {
                try { return _handler.ValidateToken(token, _parameters, out _); }
                catch (Exception) { return null; }
            }

            IActionResult ReturnsUnauthorized(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { return new UnauthorizedResult(); }
                return new OkResult();
            }

            bool LogsThenFailureAfterTry(string token)
            {
                try
                {
                    _handler.ValidateToken(token, _parameters, out _);
                    return true;
                }
                catch (SecurityTokenException ex)
                {
                    Console.WriteLine(ex);
                }

                return false;
            }

            IActionResult PrincipalCheckedAfter(string token)
            {
                ClaimsPrincipal principal = null;
                try { principal = _handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException ex) { Console.WriteLine(ex); }
                if (principal is null) return new UnauthorizedResult();
                return new OkResult();
            }

            bool RecordsFailure(string token)
            {
                var valid = true;
                try { _handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { valid = false; }
                return valid;
            }

            bool Filtered(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); return true; }
                catch (Exception ex) when (ex is not SecurityTokenException) { return true; }
                catch (Exception ex) when (LogAndFalse(ex)) { return true; }
            }

            static bool LogAndFalse(Exception ex) { Console.WriteLine(ex); return false; }

            void OtherExceptions(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                catch (ArgumentException) { }
                catch (SecurityTokenException) { throw; }
            }

            void Skipped(string[] tokens)
            {
                foreach (var token in tokens)
                {
                    try { _handler.ValidateToken(token, _parameters, out _); }
                    catch (SecurityTokenException) { continue; }
                    Console.WriteLine("accepted " + token);
                }
            }

            async Task<bool> NotAValidateTokenCall(string token, JsonWebTokenHandler handler)
            {
                try { await handler.ValidateTokenAsync(token, _parameters); }
                catch (Exception) { }
                return true;
            }

            bool Deferred(string token)
            {
                try { Func<ClaimsPrincipal> later = () => _handler.ValidateToken(token, _parameters, out _); }
                catch (Exception) { }
                return true;
            }
        }
        """);

    [Fact]
    public Task Whether_the_catch_block_falls_through_is_decided_by_its_last_statement_or_by_flow_analysis() => VerifyAsync("""
        class C
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            bool BreaksOut(string[] tokens)
            {
                foreach (var token in tokens)
                {
                    try { _handler.ValidateToken(token, _parameters, out _); }
                    catch (SecurityTokenException) { Console.WriteLine("rejected"); break; }
                }

                return false;
            }

            bool JumpsAway(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { goto rejected; }
                return true;
            rejected:
                return false;
            }

            bool ReturnsOnEveryBranch(string token, bool log)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { if (log) { return false; } else { return false; } }
                return true;
            }

            bool FallsThroughPastALabel(string token)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (SecurityTokenException) { goto done; done: Console.WriteLine("logged"); }
                return true;
            }

            bool FallsThroughAnIf(string token, bool log)
            {
                try { _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (SecurityTokenException) { if (log) { return false; } }
                return true;
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_analyzed()
    {
        var test = new AnalyzerTest(new IgnoredValidationFailureRule()) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication };
        test.Sources.Add(Header + """
            try { new JwtSecurityTokenHandler().ValidateToken(args[0], new TokenValidationParameters(), out _); }
            [|catch|] (SecurityTokenException) { }
            Console.WriteLine("welcome, admin");
            """);
        return test.RunAsync();
    }
}
