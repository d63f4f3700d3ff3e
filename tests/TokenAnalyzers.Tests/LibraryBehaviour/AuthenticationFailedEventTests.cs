using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA404: what the real JwtBearerHandler (8.0.30) does when OnAuthenticationFailed calls <c>context.Success()</c>.
/// The handler is run through the authentication service of a minimal service provider, as a request would run it.
/// </summary>
[Trait("Rule", "TA404")]
public class AuthenticationFailedEventTests
{
    private static readonly Dictionary<string, object> AdminClaims = new() { ["sub"] = "mallory", ["role"] = "admin" };

    private static async Task<AuthenticateResult> Authenticate(string token, Func<AuthenticationFailedContext, Task>? onFailed)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddJwtBearer(o =>
        {
            o.TokenValidationParameters = Secure();
            if (onFailed is not null)
            {
                o.Events = new JwtBearerEvents { OnAuthenticationFailed = onFailed };
            }
        });

        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
    }

    [Fact]
    public async Task A_forged_token_fails_and_the_failed_event_runs()
    {
        var ran = false;
        var result = await Authenticate(Create(AttackerKey, claims: AdminClaims), ctx =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
        Assert.False(result.Succeeded);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Failure);

        // Control: a genuine token succeeds without the event.
        var genuine = await Authenticate(Create(TrustedKey), null);
        Assert.True(genuine.Succeeded);
    }

    [Fact]
    public async Task Success_in_OnAuthenticationFailed_authenticates_the_request_with_a_forged_token()
    {
        var result = await Authenticate(Create(AttackerKey, claims: AdminClaims), ctx =>
        {
            // The shape found in the wild: keep the caller "signed in" when validation fails.
            ctx.Principal = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim("role", "admin") }, "fallback"));
            ctx.Success();
            return Task.CompletedTask;
        });

        Assert.True(result.Succeeded);
        Assert.Null(result.Failure);
        Assert.True(result.Principal!.IsInRole("admin") || result.Principal.HasClaim("role", "admin"));
    }

    [Fact]
    public async Task Fail_and_NoResult_in_OnAuthenticationFailed_keep_the_request_unauthenticated()
    {
        var failed = await Authenticate(Create(AttackerKey), ctx =>
        {
            ctx.Fail("rejected");
            return Task.CompletedTask;
        });
        Assert.False(failed.Succeeded);

        var none = await Authenticate(Create(AttackerKey), ctx =>
        {
            ctx.NoResult();
            return Task.CompletedTask;
        });
        Assert.False(none.Succeeded);
        Assert.True(none.None);
    }
}
