using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA403's catch shapes of contract version 2 (RULES.md): a catch that returns a success value (an
/// <c>AuthenticateResult.Success</c>, a principal or identity made in the block) is reported; a try that holds every
/// use of the validated result (middleware that sets <c>context.User</c> inside it, as public code does) is not.
/// </summary>
[Trait("Rule", "TA403")]
public class IgnoredValidationFailureShapesTests
{
    private const string Header = Usings + """
        using System.Security.Claims;
        using System.Security.Principal;
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        """;

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<IgnoredValidationFailureRule>(Header + markup);

    [Fact]
    public Task Catch_returning_a_success_result_or_a_made_up_principal_is_reported() => VerifyAsync("""
        class TokenAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            public TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
                : base(options, logger, encoder) { }

            protected override Task<AuthenticateResult> HandleAuthenticateAsync()
            {
                var token = Request.Headers.Authorization.ToString();
                try
                {
                    var principal = _handler.ValidateToken(token, _parameters, out _);
                    return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
                }
                [|catch|] (SecurityTokenExpiredException)
                {
                    var guest = new ClaimsPrincipal(new ClaimsIdentity("expired"));
                    return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(guest, Scheme.Name)));
                }
                catch (SecurityTokenException ex)
                {
                    return Task.FromResult(AuthenticateResult.Fail(ex));
                }
            }
        }

        class C
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            ClaimsPrincipal MadeInTheBlock(string token)
            {
                try { return _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (SecurityTokenException) { return new ClaimsPrincipal(new ClaimsIdentity("anonymous")); }
            }

            IPrincipal LocalOfTheBlock(string token)
            {
                try { return _handler.ValidateToken(token, _parameters, out _); }
                [|catch|] (Exception)
                {
                    var identity = new GenericIdentity("fallback");
                    return new GenericPrincipal(identity, null);
                }
            }

            ClaimsIdentity IdentityLocal(string token)
            {
                try { return (ClaimsIdentity)_handler.ValidateToken(token, _parameters, out _).Identity!; }
                [|catch|]
                {
                    var identity = new ClaimsIdentity("fallback");
                    return identity;
                }
            }

            AuthenticateResult Assigned(string token, string scheme)
            {
                AuthenticateResult result;
                try { result = AuthenticateResult.Success(new AuthenticationTicket(_handler.ValidateToken(token, _parameters, out _), scheme)); }
                [|catch|] (SecurityTokenException) { result = AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(), scheme)); }
                return result;
            }
        }
        """);

    [Fact]
    public Task A_try_that_holds_every_use_of_the_result_or_a_failure_result_is_not_reported() => VerifyAsync("""
        class JwtMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<JwtMiddleware> _logger;
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            public JwtMiddleware(RequestDelegate next, ILogger<JwtMiddleware> logger) { _next = next; _logger = logger; }

            public async Task Invoke(HttpContext context)
            {
                var token = context.Request.Headers.Authorization.ToString();
                try
                {
                    var principal = _handler.ValidateToken(token, _parameters, out _);
                    context.User = principal;
                }
                catch (SecurityTokenException ex)
                {
                    _logger.LogWarning(ex, "Invalid token");
                }

                await _next(context);
            }

            public void OutToken(HttpContext context, string token)
            {
                try
                {
                    _handler.ValidateToken(token, _parameters, out var validated);
                    context.Items["token"] = validated;
                }
                catch (Exception ex)
                {
                    var message = ex.Message;
                }
            }
        }

        class C
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            AuthenticateResult Fails(string token, string scheme)
            {
                try { return AuthenticateResult.Success(new AuthenticationTicket(_handler.ValidateToken(token, _parameters, out _), scheme)); }
                catch (SecurityTokenExpiredException) { return AuthenticateResult.NoResult(); }
                catch (SecurityTokenException ex) { return AuthenticateResult.Fail(ex); }
            }

            ClaimsPrincipal? NullBeforeTheTry(string token)
            {
                ClaimsPrincipal? principal = null;
                try { principal = _handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { }
                return principal;
            }

            ClaimsPrincipal? PrincipalFromOutside(string token, ClaimsPrincipal existing)
            {
                try { return _handler.ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { return existing; }
            }
        }
        """);

    /// <summary>
    /// A catch whose end is the end of a loop's body goes on with the next iteration, as a <c>continue</c> would, and
    /// then with what follows the loop. Real shape: a function that retries once after refreshing its keys and returns
    /// the principal, null when both tries failed.
    /// </summary>
    [Fact]
    public Task A_catch_that_ends_a_loop_body_is_judged_by_what_follows_the_loop() => VerifyAsync("""
        static class KeyRefreshRetry
        {
            public static ClaimsPrincipal While(string token, TokenValidationParameters p, Action refreshKeys)
            {
                ClaimsPrincipal result = null;
                var tries = 0;
                while (result == null && tries <= 1)
                {
                    try
                    {
                        result = new JwtSecurityTokenHandler().ValidateToken(token, p, out _);
                    }
                    catch (SecurityTokenSignatureKeyNotFoundException)
                    {
                        refreshKeys();
                        tries++;
                    }
                    catch (SecurityTokenException)
                    {
                        return null;
                    }
                }

                return result;
            }

            public static ClaimsPrincipal For(string token, TokenValidationParameters p, Action refreshKeys)
            {
                ClaimsPrincipal result = null;
                for (var i = 0; i < 2 && result == null; i++)
                {
                    try
                    {
                        result = new JwtSecurityTokenHandler().ValidateToken(token, p, out _);
                    }
                    catch (SecurityTokenSignatureKeyNotFoundException)
                    {
                        refreshKeys();
                    }
                }

                if (result is null)
                {
                    throw new UnauthorizedAccessException();
                }

                return result;
            }

            // The loop only gates: once it ends, the token counts as valid whatever each try gave.
            public static bool Gate(string token, IEnumerable<TokenValidationParameters> candidates)
            {
                foreach (var p in candidates)
                {
                    try
                    {
                        new JwtSecurityTokenHandler().ValidateToken(token, p, out _);
                    }
                    [|catch|] (SecurityTokenException)
                    {
                    }
                }

                return true;
            }
        }
        """);

    /// <summary>
    /// Filling an object the catch block makes (a request for a token refresh) is neither a made-up success nor a
    /// recorded failure. Real shape: a cookie OnValidatePrincipal handler that uses the principal only inside the try.
    /// </summary>
    [Fact]
    public Task Filling_an_object_the_catch_makes_is_not_a_success_value() => Verify.AnalyzerAsync<IgnoredValidationFailureRule>(Header + """
        using Microsoft.AspNetCore.Authentication.Cookies;

        public class RefreshRequest { public Guid RefreshId { get; set; } public bool UseCookie { get; set; } }

        static class CookieJwtEvents
        {
            public static void Initializer(CookieAuthenticationOptions options, TokenValidationParameters parameters, Func<RefreshRequest, Task> refresh) =>
                options.Events.OnValidatePrincipal = async context =>
                {
                    try
                    {
                        context.Principal = new JwtSecurityTokenHandler().ValidateToken(context.Request.Cookies["at"], parameters, out _);
                    }
                    catch (SecurityTokenExpiredException)
                    {
                        var request = new RefreshRequest { RefreshId = Guid.NewGuid(), UseCookie = true };
                        await refresh(request);
                    }
                };

            public static void Member(CookieAuthenticationOptions options, TokenValidationParameters parameters, Func<RefreshRequest, Task> refresh) =>
                options.Events.OnValidatePrincipal = async context =>
                {
                    try
                    {
                        context.Principal = new JwtSecurityTokenHandler().ValidateToken(context.Request.Cookies["at"], parameters, out _);
                    }
                    catch (SecurityTokenExpiredException)
                    {
                        var request = new RefreshRequest();
                        request.UseCookie = true;
                        await refresh(request);
                    }
                };

            // A success flag outside the block is still a made-up success.
            public static bool Flag(string token, TokenValidationParameters parameters, RefreshRequest request)
            {
                var valid = false;
                try
                {
                    new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
                    valid = true;
                }
                [|catch|] (SecurityTokenException)
                {
                    request.UseCookie = true;
                    valid = true;
                }

                return valid;
            }
        }
        """);
}
