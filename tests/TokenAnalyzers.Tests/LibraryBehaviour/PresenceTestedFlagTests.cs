using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA109's premise, with the real JwtBearer pipeline (8.0.30, IdentityModel 8.16.0) and the real token handlers: the
/// application computes <c>ValidateIssuer = !string.IsNullOrEmpty(cfg["Jwt:Issuer"])</c> (and the same for the
/// audience), as public code does. In an environment whose configuration lacks the value the flag is false and a
/// token of a foreign issuer (or audience) is accepted; with the flag set to <c>true</c> (the fix) the same token is
/// rejected, and with the value configured the legitimate token still validates after the fix.
/// </summary>
[Trait("Rule", "TA109")]
public class PresenceTestedFlagTests
{
    private static readonly SymmetricSecurityKey Key = NewSymmetricKey("presence-key");

    /// <summary>The configuration of one environment: Jwt:Issuer and Jwt:Audience, each present or missing.</summary>
    private static IConfiguration Configuration(string? issuer, string? audience)
    {
        var values = new Dictionary<string, string?> { ["Jwt:Name"] = "toy" };
        if (issuer is not null)
        {
            values["Jwt:Issuer"] = issuer;
        }

        if (audience is not null)
        {
            values["Jwt:Audience"] = audience;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>The application's code as written (<paramref name="fixedFlags"/>: after TA109's fix).</summary>
    private static TokenValidationParameters ApplicationParameters(IConfiguration cfg, bool fixedFlags) => new()
    {
        ValidateIssuer = fixedFlags || !string.IsNullOrEmpty(cfg["Jwt:Issuer"]),
        ValidIssuer = cfg["Jwt:Issuer"],
        ValidateAudience = fixedFlags || !string.IsNullOrEmpty(cfg["Jwt:Audience"]),
        ValidAudience = cfg["Jwt:Audience"],
        IssuerSigningKey = Key,
    };

    private static async Task<AuthenticateResult> AuthenticateWithJwtBearer(TokenValidationParameters parameters, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Staging,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = parameters);
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme); // the real JwtBearerHandler
    }

    [Fact]
    public async Task A_section_without_the_issuer_turns_the_computed_flag_off_and_a_foreign_issuer_passes_JwtBearer()
    {
        var parameters = ApplicationParameters(Configuration(issuer: null, audience: Audience), fixedFlags: false);
        Assert.False(parameters.ValidateIssuer);

        var result = await AuthenticateWithJwtBearer(parameters, Create(Key, issuer: ForeignIssuer));
        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    [Fact]
    public async Task With_the_fix_the_same_section_rejects_the_foreign_issuer()
    {
        var parameters = ApplicationParameters(Configuration(issuer: null, audience: Audience), fixedFlags: true);
        var result = await AuthenticateWithJwtBearer(parameters, Create(Key, issuer: ForeignIssuer));
        Assert.False(result.Succeeded);
        Assert.IsAssignableFrom<SecurityTokenInvalidIssuerException>(result.Failure);
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task A_section_without_the_audience_lets_a_token_for_another_application_pass_and_the_fix_rejects_it(Handler handler)
    {
        var cfg = Configuration(issuer: Issuer, audience: null);
        var foreignAudience = Create(Key, audience: ForeignAudience);

        var computed = ApplicationParameters(cfg, fixedFlags: false);
        Assert.False(computed.ValidateAudience);
        var before = await Validate(handler, foreignAudience, computed);
        Assert.True(before.IsValid, before.Exception?.ToString());

        var after = await Validate(handler, foreignAudience, ApplicationParameters(cfg, fixedFlags: true));
        Assert.False(after.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidAudienceException>(after.Exception);
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task With_the_values_configured_the_fix_changes_nothing_for_legitimate_callers(Handler handler)
    {
        var cfg = Configuration(issuer: Issuer, audience: Audience);
        var computed = ApplicationParameters(cfg, fixedFlags: false);
        Assert.True(computed.ValidateIssuer);
        Assert.True(computed.ValidateAudience);

        var legitimate = await Validate(handler, Create(Key), ApplicationParameters(cfg, fixedFlags: true));
        Assert.True(legitimate.IsValid, legitimate.Exception?.ToString());
        var legitimateViaJwtBearer = await AuthenticateWithJwtBearer(ApplicationParameters(cfg, fixedFlags: true), Create(Key));
        Assert.True(legitimateViaJwtBearer.Succeeded, legitimateViaJwtBearer.Failure?.ToString());

        var foreign = await Validate(handler, Create(Key, issuer: ForeignIssuer), ApplicationParameters(cfg, fixedFlags: true));
        Assert.False(foreign.IsValid);
    }
}
