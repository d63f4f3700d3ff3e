using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA502: what the real JwtBearer pipeline makes of an <c>Authentication:Schemes:Bearer</c> configuration section.
/// The test project runs on the .NET 10 shared framework; JwtBearer is not part of it, so the 8.0.30 package assembly
/// is the one loaded (asserted below).
/// Finding (differs from RULES.md TA502): JwtBearer 8.0.30's JwtBearerConfigureOptions, when the section has any
/// child, replaces TokenValidationParameters with ValidateIssuer = true and ValidateAudience = true whatever the
/// section holds (ValidIssuers/ValidAudiences become empty lists when absent). A missing list does not switch the
/// check off: every token then fails that check (fails closed), unless Authority metadata / Audience fill it in.
/// </summary>
[Trait("Rule", "TA501")]
[Trait("Rule", "TA502")]
public class JwtBearerConfigurationBindingTests
{
    private const string Scheme = JwtBearerDefaults.AuthenticationScheme; // "Bearer"
    private static readonly SymmetricSecurityKey Key = NewSymmetricKey("config-key");
    private readonly ITestOutputHelper _output;

    public JwtBearerConfigurationBindingTests(ITestOutputHelper output) => _output = output;

    private static WebApplicationBuilder Builder(Dictionary<string, string?>? bearerSection)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (bearerSection is not null)
        {
            builder.Configuration.AddInMemoryCollection(
                bearerSection.ToDictionary(kv => $"Authentication:Schemes:{Scheme}:{kv.Key}", kv => kv.Value));
        }

        builder.Services.AddAuthentication().AddJwtBearer();

        // Supplies the toy signing key only; no Validate* flag is touched.
        builder.Services.PostConfigure<JwtBearerOptions>(Scheme, o => o.TokenValidationParameters.IssuerSigningKey = Key);
        return builder;
    }

    private static async Task<(TokenValidationParameters Parameters, AuthenticateResult Result)> Authenticate(
        Dictionary<string, string?>? bearerSection, string token)
    {
        await using var app = Builder(bearerSection).Build();
        var parameters = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(Scheme).TokenValidationParameters;

        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        var result = await context.AuthenticateAsync(Scheme); // runs the real JwtBearerHandler
        return (parameters, result);
    }

    private static string ForeignToken() => Create(Key, issuer: ForeignIssuer, audience: ForeignAudience);

    private static readonly Dictionary<string, string?> NoIssuerNoAudience = new() { ["SaveToken"] = "true" };

    private static readonly Dictionary<string, string?> BothLists = new()
    {
        ["ValidIssuer"] = Issuer,
        ["ValidAudiences:0"] = Audience,
    };

    [Fact]
    public void Loaded_assemblies_are_JwtBearer_8_0_30_and_IdentityModel_8_16_0()
    {
        var jwtBearer = typeof(JwtBearerOptions).Assembly;
        var identityModel = typeof(TokenValidationParameters).Assembly;
        var authentication = typeof(AuthenticationSchemeOptions).Assembly;
        foreach (var assembly in new[] { jwtBearer, identityModel, authentication })
        {
            _output.WriteLine($"{assembly.GetName().Name} {assembly.GetName().Version} " +
                $"({assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}) at {assembly.Location}");
        }

        Assert.Equal(new Version(8, 0, 30, 0), jwtBearer.GetName().Version);
        Assert.StartsWith("8.0.30", jwtBearer.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
        Assert.StartsWith(AppContext.BaseDirectory, jwtBearer.Location); // the NuGet copy, not the shared framework
        Assert.StartsWith("8.16.0", identityModel.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
        Assert.Equal(Environment.Version.Major, authentication.GetName().Version!.Major); // shared framework (10)
    }

    [Fact]
    public void AddJwtBearer_registers_JwtBearerConfigureOptions_from_the_JwtBearer_assembly()
    {
        var builder = Builder(null);
        var configurers = builder.Services
            .Where(d => d.ServiceType == typeof(IConfigureOptions<JwtBearerOptions>))
            .Select(d => d.ImplementationType)
            .ToList();
        var configureOptions = Assert.Single(configurers, t => t?.Name == "JwtBearerConfigureOptions");
        Assert.Equal("Microsoft.AspNetCore.Authentication.JwtBearerConfigureOptions", configureOptions!.FullName);
        Assert.Same(typeof(JwtBearerOptions).Assembly, configureOptions.Assembly);
    }

    [Fact]
    public async Task Section_without_issuers_or_audiences_keeps_ValidateIssuer_and_ValidateAudience_on_and_rejects_a_foreign_token()
    {
        var (parameters, result) = await Authenticate(NoIssuerNoAudience, ForeignToken());

        // JwtBearerConfigureOptions ran (it replaces the parameters: empty lists, ValidateIssuerSigningKey = true)...
        Assert.True(parameters.ValidateIssuerSigningKey);
        Assert.Empty(parameters.ValidIssuers!);
        Assert.Empty(parameters.ValidAudiences!);

        // ...and left both checks on.
        Assert.True(parameters.ValidateIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.False(result.Succeeded);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Failure); // audience is checked before issuer
    }

    [Fact]
    public async Task Section_without_issuers_or_audiences_rejects_even_a_token_for_the_intended_issuer_and_audience()
    {
        // Fails closed: with no lists and no Authority there is nothing to match, so no token gets in.
        var (_, result) = await Authenticate(NoIssuerNoAudience, Create(Key));
        Assert.False(result.Succeeded);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Failure);
    }

    [Fact]
    public async Task Section_with_issuer_only_keeps_ValidateAudience_on_and_rejects_a_foreign_audience()
    {
        var section = new Dictionary<string, string?> { ["ValidIssuer"] = Issuer };
        var (parameters, result) = await Authenticate(section, Create(Key, audience: ForeignAudience));

        Assert.True(parameters.ValidateIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.Equal(new[] { Issuer }, parameters.ValidIssuers);
        Assert.Empty(parameters.ValidAudiences!);
        Assert.False(result.Succeeded);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Failure);
    }

    [Fact]
    public async Task Section_with_audience_only_keeps_ValidateIssuer_on_and_rejects_a_foreign_issuer()
    {
        var section = new Dictionary<string, string?> { ["ValidAudience"] = Audience };
        var (parameters, result) = await Authenticate(section, Create(Key, issuer: ForeignIssuer));

        Assert.True(parameters.ValidateIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.Empty(parameters.ValidIssuers!);
        Assert.Equal(new[] { Audience }, parameters.ValidAudiences);
        Assert.False(result.Succeeded);
        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Failure);
    }

    [Fact]
    public async Task Section_with_both_lists_validates_issuer_and_audience()
    {
        var (parameters, foreign) = await Authenticate(BothLists, ForeignToken());
        Assert.True(parameters.ValidateIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.Equal(new[] { Issuer }, parameters.ValidIssuers);
        Assert.Equal(new[] { Audience }, parameters.ValidAudiences);
        Assert.False(foreign.Succeeded);
        Assert.IsType<SecurityTokenInvalidAudienceException>(foreign.Failure);

        var (_, foreignIssuer) = await Authenticate(BothLists, Create(Key, issuer: ForeignIssuer));
        Assert.IsType<SecurityTokenInvalidIssuerException>(foreignIssuer.Failure);

        // Control: the intended token is accepted by the same pipeline.
        var (_, genuine) = await Authenticate(BothLists, Create(Key));
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
    }

    [Fact]
    public async Task Without_a_section_the_defaults_stay_on_and_a_foreign_token_is_rejected()
    {
        var (parameters, result) = await Authenticate(null, ForeignToken());
        Assert.True(parameters.ValidateIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.Null(parameters.ValidIssuers); // JwtBearerConfigureOptions returned early
        Assert.False(parameters.ValidateIssuerSigningKey);
        Assert.False(result.Succeeded);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Failure);
    }

    [Fact]
    public async Task Over_real_Kestrel_a_section_without_issuers_or_audiences_rejects_a_foreign_token()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        async Task<HttpStatusCode> Call(Dictionary<string, string?> section, string token)
        {
            var builder = Builder(section);

            builder.Logging.ClearProviders();
            await using var app = builder.Build();
            app.Urls.Add("http://127.0.0.1:0");
            app.UseAuthentication();
            app.MapGet("/whoami", (HttpContext c) =>
                c.User.Identity?.IsAuthenticated == true ? Results.Ok(c.User.FindFirst("iss")?.Value) : Results.Unauthorized());
            await app.StartAsync(timeout.Token);
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(20) };
                using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(request, timeout.Token);
                return response.StatusCode;
            }
            finally
            {
                await app.StopAsync(timeout.Token);
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Call(NoIssuerNoAudience, ForeignToken()));
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(BothLists, ForeignToken()));
        Assert.Equal(HttpStatusCode.OK, await Call(BothLists, Create(Key)));
    }
}
