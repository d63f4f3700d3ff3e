using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA502's version gate, proven with the real pipeline of each JwtBearer version: the package assembly of 7.0.11,
/// 8.0.30 and 10.0.15 (PackageDownload in the test project) is loaded into an assembly load context of its own, beside
/// the ASP.NET Core 10 shared framework and the IdentityModel of the test project, and AddJwtBearer, its configuration
/// binding and its handler run unchanged (through reflection, since each version has its own JwtBearerOptions type).
/// An Authentication:Schemes:Bearer section without ValidIssuer(s)/ValidAudience(s) fails open with 7.0.11 (a token
/// of any issuer for any audience is accepted) and fails closed with 8.0.30 and 10.0.15.
/// </summary>
[Trait("Rule", "TA502")]
public class JwtBearerVersionBindingTests
{
    private const string Scheme = "Bearer";
    private static readonly SymmetricSecurityKey Key = NewSymmetricKey("version-key");
    private readonly ITestOutputHelper _output;

    public JwtBearerVersionBindingTests(ITestOutputHelper output) => _output = output;

    private async Task<(TokenValidationParameters Parameters, AuthenticateResult Result)> Authenticate(string version, Dictionary<string, string?> section, string token)
    {
        var jwtBearer = JwtBearerVersions.Load(version, _output);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(section.ToDictionary(kv => $"Authentication:Schemes:{Scheme}:{kv.Key}", kv => kv.Value));

        // services.AddAuthentication().AddJwtBearer() of this version.
        var extensions = jwtBearer.GetType("Microsoft.Extensions.DependencyInjection.JwtBearerExtensions", throwOnError: true)!;
        var addJwtBearer = extensions.GetMethod("AddJwtBearer", [typeof(AuthenticationBuilder)])!;
        addJwtBearer.Invoke(null, [builder.Services.AddAuthentication()]);

        // PostConfigure<JwtBearerOptions>("Bearer", o => o.TokenValidationParameters.IssuerSigningKey = Key), for this
        // version's JwtBearerOptions type: only the toy key, no Validate* flag.
        var optionsType = jwtBearer.GetType("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions", throwOnError: true)!;
        var options = Expression.Parameter(optionsType, "o");
        var setKey = Expression.Lambda(
            typeof(Action<>).MakeGenericType(optionsType),
            Expression.Assign(
                Expression.Property(Expression.Property(options, "TokenValidationParameters"), nameof(TokenValidationParameters.IssuerSigningKey)),
                Expression.Constant(Key, typeof(SecurityKey))),
            options).Compile();
        builder.Services.AddSingleton(
            typeof(IPostConfigureOptions<>).MakeGenericType(optionsType),
            Activator.CreateInstance(typeof(PostConfigureOptions<>).MakeGenericType(optionsType), Scheme, setKey)!);

        await using var app = builder.Build();
        var monitor = app.Services.GetRequiredService(typeof(IOptionsMonitor<>).MakeGenericType(optionsType));
        var configured = monitor.GetType().GetMethod("Get", [typeof(string)])!.Invoke(monitor, [Scheme])!;
        var parameters = (TokenValidationParameters)optionsType.GetProperty("TokenValidationParameters")!.GetValue(configured)!;

        var result = await JwtBearerVersions.AuthenticateAsync(app.Services, Scheme, token); // this version's JwtBearerHandler
        return (parameters, result);
    }

    private static readonly Dictionary<string, string?> WithoutLists = new() { ["SaveToken"] = "true" };

    private static string ForeignToken() => Create(Key, issuer: ForeignIssuer, audience: ForeignAudience);

    [Fact]
    public async Task JwtBearer_7_0_11_section_without_the_lists_switches_both_checks_off_and_accepts_a_foreign_token()
    {
        var (parameters, result) = await Authenticate("7.0.11", WithoutLists, ForeignToken());
        Assert.False(parameters.ValidateIssuer);   // issuers.Count > 0
        Assert.False(parameters.ValidateAudience); // audiences.Count > 0
        Assert.True(result.Succeeded, result.Failure?.ToString()); // fails open: any issuer, any audience
    }

    [Fact]
    public async Task JwtBearer_7_0_11_section_with_both_lists_validates_issuer_and_audience()
    {
        var section = new Dictionary<string, string?> { ["ValidIssuer"] = Issuer, ["ValidAudiences:0"] = Audience };
        var (parameters, foreign) = await Authenticate("7.0.11", section, ForeignToken());
        Assert.True(parameters.ValidateIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.False(foreign.Succeeded);

        var (_, genuine) = await Authenticate("7.0.11", section, Create(Key));
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
    }

    /// <summary>
    /// Round AE: a list whose element is <c>null</c> or a number counts as one for 7.0.11 (it counts the section's
    /// children, whatever their values), so the check stays on and no issuer matches: it fails closed, and TA502 has
    /// nothing to report. The section is read by the real JSON configuration provider.
    /// </summary>
    [Theory]
    [InlineData("[ null ]")]
    [InlineData("[ 1 ]")]
    public async Task JwtBearer_7_0_11_counts_a_null_or_number_element_of_ValidIssuers_and_keeps_the_check_on(string list)
    {
        var json = "{ \"ValidIssuers\": " + list + ", \"ValidAudience\": \"" + Audience + "\" }";
        var configuration = new ConfigurationBuilder().AddJsonStream(new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        var section = configuration.AsEnumerable().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Contains("ValidIssuers:0", section.Keys);

        var (parameters, foreign) = await Authenticate("7.0.11", section, ForeignToken());
        Assert.True(parameters.ValidateIssuer);
        Assert.False(foreign.Succeeded);
        var (_, genuine) = await Authenticate("7.0.11", section, Create(Key));
        Assert.False(genuine.Succeeded); // no issuer matches: closed, not open
    }

    [Theory]
    [InlineData("8.0.30")]
    [InlineData("10.0.15")]
    public async Task From_8_0_7_a_section_without_the_lists_keeps_both_checks_on_and_rejects_a_foreign_token(string version)
    {
        var (parameters, result) = await Authenticate(version, WithoutLists, ForeignToken());
        Assert.True(parameters.ValidateIssuer);
        Assert.True(parameters.ValidateAudience);
        Assert.False(result.Succeeded); // fails closed
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Failure);

        var (_, genuine) = await Authenticate(version, WithoutLists, Create(Key));
        Assert.False(genuine.Succeeded); // even the intended token: nothing to compare with
    }
}
