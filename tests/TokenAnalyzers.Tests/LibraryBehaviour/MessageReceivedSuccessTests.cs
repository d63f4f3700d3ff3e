using System;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA404's OnMessageReceived premise with the real JwtBearer 8.0.30 handler: <c>context.Success()</c> with a principal
/// in <c>OnMessageReceived</c> authenticates a request that carries no token at all, or a forged one, because the
/// handler returns the event's result before it reads a token. Setting <c>context.Token</c> instead leaves the
/// validation to the handler, which rejects the forged token.
/// </summary>
[Trait("Rule", "TA404")]
public class MessageReceivedSuccessTests
{
    private static async Task<AuthenticateResult> Authenticate(Func<MessageReceivedContext, Task> onMessageReceived, string? authorization)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication().AddJwtBearer(options =>
        {
            options.TokenValidationParameters = Secure();
            options.Events = new JwtBearerEvents { OnMessageReceived = onMessageReceived };
        });
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
    }

    [Fact]
    public async Task Success_in_OnMessageReceived_authenticates_a_request_without_a_token_or_with_a_forged_one()
    {
        Func<MessageReceivedContext, Task> acceptAll = context =>
        {
            context.Principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "admin")], "internal"));
            context.Success();
            return Task.CompletedTask;
        };

        var noToken = await Authenticate(acceptAll, null);
        Assert.True(noToken.Succeeded);
        Assert.Equal("admin", noToken.Principal!.FindFirst("sub")!.Value);

        var forged = await Authenticate(acceptAll, "Bearer " + Create(AttackerKey));
        Assert.True(forged.Succeeded);
    }

    /// <summary>
    /// Why TA404's fix is declined where a check of the handler decides: real code accepts a provider's own (opaque)
    /// token after the provider's API answered for it. Without the success, that token goes to the bearer
    /// validation, which can never accept it: every caller of that provider is turned away.
    /// </summary>
    [Fact]
    public async Task Removing_a_checked_success_turns_away_the_callers_the_check_accepted()
    {
        const string ProviderToken = "opaque-provider-token";
        Func<MessageReceivedContext, Task> Handler(bool succeed) => context =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (header == "provider " + ProviderToken) // stands for the provider's API answering 200 for this token
            {
                context.Token = ProviderToken;
                if (succeed)
                {
                    context.Principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "provider-user")], context.Scheme.Name));
                    context.Success();
                }
            }

            return Task.CompletedTask;
        };

        var before = await Authenticate(Handler(succeed: true), "provider " + ProviderToken);
        Assert.True(before.Succeeded);

        var after = await Authenticate(Handler(succeed: false), "provider " + ProviderToken);
        Assert.False(after.Succeeded);
    }

    [Fact]
    public async Task Setting_the_token_leaves_validation_to_the_handler()
    {
        var forged = Create(AttackerKey);
        var result = await Authenticate(context => { context.Token = forged; return Task.CompletedTask; }, null);
        Assert.False(result.Succeeded);

        var genuine = await Authenticate(context => { context.Token = Create(TrustedKey); return Task.CompletedTask; }, null);
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
    }
}
