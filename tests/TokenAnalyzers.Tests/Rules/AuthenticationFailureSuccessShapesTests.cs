using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA404's shapes of contract version 2: <c>??=</c> on the principal, helpers the handler forwards to whose parameter
/// has a base type, and <c>OnMessageReceived</c> handlers that authenticate without validating a token.
/// </summary>
[Trait("Rule", "TA404")]
public class AuthenticationFailureSuccessShapesTests
{
    private const string Header = Usings + "using System.Security.Claims;\nusing Microsoft.AspNetCore.Authentication;\n";

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<AuthenticationFailureSuccessRule>(Header + markup);

    [Fact]
    public Task Coalescing_assignment_of_the_principal_is_reported() => VerifyAsync("""
        class Startup
        {
            void M(JwtBearerOptions o) => o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    [|context.Principal ??= new ClaimsPrincipal(new ClaimsIdentity("fallback"))|];
                    return Task.CompletedTask;
                },
            };
        }
        """);

    [Fact]
    public Task Forwarding_helpers_with_a_base_typed_parameter_are_reported() => VerifyAsync("""
        static class Accept
        {
            public static Task Everyone(ResultContext<JwtBearerOptions> context)
            {
                [|context.Success()|];
                return Task.CompletedTask;
            }

            public static Task AsGuest(ResultContext<JwtBearerOptions> context)
            {
                [|context.Principal = new ClaimsPrincipal(new ClaimsIdentity("guest"))|];
                return Task.CompletedTask;
            }
        }

        class Startup
        {
            void M(JwtBearerOptions o) => o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context => Accept.Everyone(context),
                OnChallenge = context => Task.CompletedTask,
            };

            void Group(JwtBearerOptions o) => o.Events.OnAuthenticationFailed = Accept.AsGuest;
        }
        """);

    [Fact]
    public Task Base_typed_helpers_used_by_other_events_only_are_not_reported() => Verify.NoDiagnosticsAsync<AuthenticationFailureSuccessRule>(Header + """
        static class Accept
        {
            public static Task Validated(ResultContext<JwtBearerOptions> context)
            {
                context.Success();
                return Task.CompletedTask;
            }

            public static void Unused(ResultContext<JwtBearerOptions> context) => context.Success();
        }

        class Startup
        {
            void M(JwtBearerOptions o) => o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context => Accept.Validated(context),
            };
        }
        """);

    [Fact]
    public Task OnMessageReceived_that_authenticates_without_validating_is_reported() => VerifyAsync("""
        class Startup
        {
            void M(JwtBearerOptions o, IServiceProvider services) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.Request.Headers.ContainsKey("X-Internal"))
                    {
                        [|context.Principal = new ClaimsPrincipal(new ClaimsIdentity("internal"))|];
                        [|context.Success()|];
                    }

                    return Task.CompletedTask;
                },
            };
        }

        class Events : JwtBearerEvents
        {
            public override Task MessageReceived(MessageReceivedContext context)
            {
                [|context.Principal ??= new ClaimsPrincipal(new ClaimsIdentity("anonymous"))|];
                return base.MessageReceived(context);
            }
        }

        // A check named Validate that is given no token (the request's headers) validates no token.
        class HeaderCheck : JwtBearerEvents
        {
            public override Task MessageReceived(MessageReceivedContext context)
            {
                if (ValidateOrigin(context.Request.Headers, context.HttpContext.RequestAborted))
                {
                    [|context.Success()|];
                }

                return Task.CompletedTask;
            }

            private static bool ValidateOrigin(Microsoft.AspNetCore.Http.IHeaderDictionary headers, System.Threading.CancellationToken cancellationToken) => headers.ContainsKey("X-Internal");
        }

        // A guard clause named Verify checks that a token is there, not that it is genuine.
        class GuardOnly : JwtBearerEvents
        {
            public override Task MessageReceived(MessageReceivedContext context)
            {
                var token = context.Request.Query["access_token"].ToString();
                VerifyNotEmpty(token);
                [|context.Success()|];
                return Task.CompletedTask;
            }

            private static void VerifyNotEmpty(string value) { if (value.Length == 0) throw new ArgumentException("empty"); }
        }
        """);

    [Fact]
    public Task OnMessageReceived_that_validates_the_token_itself_or_sets_the_token_is_not_reported() => Verify.NoDiagnosticsAsync<AuthenticationFailureSuccessRule>(Header + """
        class Startup
        {
            void M(JwtBearerOptions o, TokenValidationParameters parameters) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = async context =>
                {
                    var token = context.Request.Query["access_token"].ToString();
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
                    if (result.IsValid)
                    {
                        context.Principal = new ClaimsPrincipal(result.ClaimsIdentity);
                        context.Success();
                    }
                    else
                    {
                        context.Fail(result.Exception);
                    }
                },
            };

            void SignalR(JwtBearerOptions o) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    context.Token = context.Request.Query["access_token"];
                    context.Principal = null;
                    return Task.CompletedTask;
                },
            };

            // Real code: a provider's access token checked by the provider's API (TA401 counts such a check too).
            void Remote(JwtBearerOptions o, IGitHubClient github) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = async context =>
                {
                    var header = context.Request.Headers.Authorization.ToString();
                    var user = await github.VerifyAccessTokenAsync(header.Substring("Bearer ".Length));
                    if (user is not null)
                    {
                        context.Principal = user;
                        context.Success();
                    }
                },
            };
        }

        interface IGitHubClient { Task<ClaimsPrincipal?> VerifyAccessTokenAsync(string accessToken); }
        """);

    /// <summary>
    /// Round AU: a SignalR handler hands the query-string token to the application's own service, whose method (named
    /// for what it returns, not for the check) calls ValidateToken: followed one call deep, also through the service's
    /// interface (every implementation in the compilation must validate). A helper that validates nothing stays reported.
    /// </summary>
    [Fact]
    public Task OnMessageReceived_that_validates_through_a_helper_of_the_compilation_is_not_reported() => VerifyAsync("""
        interface ITokenService { ClaimsPrincipal? GetPrincipal(string token); }

        class TokenService : ITokenService
        {
            private readonly TokenValidationParameters _parameters = new();

            public ClaimsPrincipal? GetPrincipal(string token)
            {
                try { return new JwtSecurityTokenHandler().ValidateToken(token, _parameters, out _); }
                catch (SecurityTokenException) { return null; }
            }

            public ClaimsPrincipal Decode(string token) => new ClaimsPrincipal(new ClaimsIdentity(new JwtSecurityTokenHandler().ReadJwtToken(token).Claims, "jwt"));

            // Round AW: a shape check whose name starts like the handler's validates nothing.
            public ClaimsPrincipal? Checked(string token) => ValidateTokenFormat(token) ? new ClaimsPrincipal(new ClaimsIdentity("ticket")) : null;

            private static bool ValidateTokenFormat(string token) => token.Split('.').Length == 3;
        }

        class Startup
        {
            void Hub(JwtBearerOptions o, ITokenService tokens, TokenService concrete) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var principal = tokens.GetPrincipal(context.Request.Query["access_token"].ToString());
                    if (principal is not null)
                    {
                        context.Principal = principal;
                        context.Success();
                    }

                    return Task.CompletedTask;
                },
            };

            void Concrete(JwtBearerOptions o, TokenService concrete) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var principal = concrete.GetPrincipal(context.Request.Query["access_token"].ToString());
                    if (principal is null) { context.Fail("bad token"); return Task.CompletedTask; }
                    context.Principal = principal;
                    context.Success();
                    return Task.CompletedTask;
                },
            };

            void ParsesOnly(JwtBearerOptions o, TokenService concrete) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    [|context.Principal = concrete.Decode(context.Request.Query["access_token"].ToString())|];
                    return Task.CompletedTask;
                },
            };

            void ShapeOnly(JwtBearerOptions o, TokenService concrete) => o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    [|context.Principal = concrete.Checked(context.Request.Query["access_token"].ToString())|];
                    return Task.CompletedTask;
                },
            };
        }
        """);

    [Fact]
    public Task Fix_removes_the_coalescing_assignment() => Verify.CodeFixAsync<AuthenticationFailureSuccessRule, RemoveSuccessCodeFixProvider>(Header + """
        class Startup
        {
            void M(JwtBearerOptions o) => o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    [|context.Principal ??= new ClaimsPrincipal(new ClaimsIdentity("fallback"))|];
                    return Task.CompletedTask;
                },
            };
        }
        """, Header + """
        class Startup
        {
            void M(JwtBearerOptions o) => o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    return Task.CompletedTask;
                },
            };
        }
        """);
}
