using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA501 and the JSON reader of TA5xx: what ASP.NET Core's JSON configuration provider accepts, and that a false
/// switch in an appsettings file really switches JwtBearer's check off (JwtBearer 8.0.30 reads ValidateIssuer and
/// ValidateAudience from the scheme section with bool.Parse, defaulting to the options' value).
/// </summary>
[Trait("Rule", "TA501")]
public class ConfigurationFileBehaviourTests
{
    private const string Scheme = JwtBearerDefaults.AuthenticationScheme;
    private static readonly SymmetricSecurityKey Key = NewSymmetricKey("config-file-key");

    private static async Task<(TokenValidationParameters Parameters, AuthenticateResult Result)> Authenticate(string appsettingsJson, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appsettingsJson)));
        builder.Services.AddAuthentication().AddJwtBearer();
        builder.Services.PostConfigure<JwtBearerOptions>(Scheme, o => o.TokenValidationParameters.IssuerSigningKey = Key);

        await using var app = builder.Build();
        var parameters = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(Scheme).TokenValidationParameters;
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return (parameters, await context.AuthenticateAsync(Scheme));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("\"false\"")]
    [InlineData("\"FALSE\"")]
    [InlineData("\" False \"")]
    public async Task ValidateIssuer_false_in_appsettings_with_comments_and_trailing_commas_lets_a_foreign_issuer_in(string value)
    {
        var json = $$"""
            // comments and trailing commas: the provider skips and allows them
            {
              "Authentication": {
                "Schemes": {
                  "Bearer": {
                    /* the audience is pinned, the issuer is not */
                    "ValidAudiences": [ "{{Audience}}", ],
                    "validateissuer": {{value}},
                  },
                },
              },
            }
            """;
        var (parameters, result) = await Authenticate(json, Create(Key, issuer: ForeignIssuer));

        Assert.False(parameters.ValidateIssuer);
        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    [Fact]
    public async Task ValidateAudience_false_in_appsettings_lets_a_token_for_another_api_in()
    {
        var json = $$"""{ "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "{{Issuer}}", "ValidateAudience": false } } } }""";
        var (parameters, result) = await Authenticate(json, Create(Key, audience: ForeignAudience));

        Assert.False(parameters.ValidateAudience);
        Assert.True(result.Succeeded, result.Failure?.ToString());
    }

    [Fact]
    public async Task The_same_section_without_the_switch_rejects_the_foreign_issuer()
    {
        var json = $$"""{ "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "{{Issuer}}", "ValidAudience": "{{Audience}}" } } } }""";
        var (parameters, result) = await Authenticate(json, Create(Key, issuer: ForeignIssuer));

        Assert.True(parameters.ValidateIssuer);
        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Failure);
    }

    [Fact]
    public void Options_bound_from_configuration_take_false_from_a_string_or_a_boolean_in_any_key_case()
    {
        var configuration = Json("""{ "Jwt": { "validatelifetime": "false", "REQUIRESIGNEDTOKENS": false, "RequireExpirationTime": "False" } }""");
        var parameters = new TokenValidationParameters();
        configuration.GetSection("Jwt").Bind(parameters);

        Assert.False(parameters.ValidateLifetime);
        Assert.False(parameters.RequireSignedTokens);
        Assert.False(parameters.RequireExpirationTime);
    }

    [Fact]
    public void The_provider_flattens_arrays_to_index_keys_and_splits_keys_at_colons()
    {
        var configuration = Json("""{ "Authentication:Schemes": { "Bearer": { "ValidIssuers": [ "a", "b" ] } }, "X": { "Empty": [ ] } }""");

        Assert.Equal(new[] { "a", "b" }, configuration.GetSection("authentication:schemes:bearer:validissuers").GetChildren().Select(c => c.Value));
        Assert.Empty(configuration.GetSection("X:Empty").GetChildren());
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void The_provider_accepts_64_nested_containers_and_rejects_65(int containers, bool accepted)
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", containers - 1)) + "{\"b\":1}" + new string('}', containers - 1);
        if (accepted)
        {
            Assert.Equal("1", Json(json)[string.Join(":", Enumerable.Repeat("a", containers - 1)) + ":b"]);
        }
        else
        {
            Assert.ThrowsAny<Exception>(() => Json(json));
        }
    }

    [Theory]
    [InlineData("[ { \"ValidateIssuer\": false } ]")] // the top level must be an object
    [InlineData("{ 'ValidateIssuer': false }")]
    [InlineData("{ \"ValidateIssuer\": False }")]
    [InlineData("{ \"A\": [1,,2] }")]
    [InlineData("{ \"A\": 1 } /* unterminated")]
    [InlineData("{ , }")]
    public void The_provider_rejects_what_the_reader_skips(string json) => Assert.ThrowsAny<Exception>(() => Json(json));

    private static IConfigurationRoot Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
}
