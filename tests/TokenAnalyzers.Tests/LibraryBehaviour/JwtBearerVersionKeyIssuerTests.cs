using System.Linq.Expressions;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA302's fix on JwtBearerOptions, with the real pipeline of each JwtBearer version (its package assembly in a load
/// context of its own, as in <see cref="JwtBearerVersionBindingTests"/>) and Entra-shaped metadata served in process
/// (the tenant's key and a key Entra publishes for the consumer tenant). The callback sets the Authority and calls
/// <c>options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation()</c>, as the fix writes it. From 8.0 on,
/// JwtBearer hands its configuration manager to the parameters and the check rejects the Storm-0558 token (IDX40005);
/// before 8.0 it never does, the check receives no configuration, and the forged token passes (round T, real code of a
/// .NET 6 application). Giving the parameters a ConfigurationManager restores the check there.
/// </summary>
[Trait("Rule", "TA302")]
public class JwtBearerVersionKeyIssuerTests
{
    private const string Scheme = "Bearer";
    private const string Tenant = EntraSigningKeyIssuerTests.EnterpriseTenant;
    private const string Authority = "https://login.microsoftonline.com/" + Tenant + "/v2.0";
    private readonly ITestOutputHelper _output;

    public JwtBearerVersionKeyIssuerTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("7.0.11", false, true)]
    [InlineData("7.0.11", true, false)]
    [InlineData("8.0.30", false, false)]
    public async Task EnableAadSigningKeyIssuerValidation_on_the_options_protects_from_JwtBearer_8_or_with_a_configuration_manager(string version, bool parametersGetTheManager, bool forgeryAccepted)
    {
        var forged = await Authenticate(version, parametersGetTheManager, EntraSigningKeyIssuerTests.ForgedEnterpriseToken());
        _output.WriteLine(forged.Failure?.Message ?? "succeeded");
        Assert.Equal(forgeryAccepted, forged.Succeeded);
        if (!forgeryAccepted)
        {
            Assert.Contains("IDX40005", forged.Failure!.Message, StringComparison.Ordinal);
        }

        var genuine = await Authenticate(version, parametersGetTheManager, EntraSigningKeyIssuerTests.EntraToken(EntraSigningKeyIssuerTests.OrganisationalKey, Tenant));
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
    }

    /// <summary>The application's callback, for any version's JwtBearerOptions (the parameters type is shared).</summary>
    private static void Configure(object options, bool parametersGetTheManager)
    {
        var type = options.GetType();
        type.GetProperty("Authority")!.SetValue(options, Authority);
        type.GetProperty("Audience")!.SetValue(options, EntraSigningKeyIssuerTests.ApiAudience);
        type.GetProperty("BackchannelHttpHandler")!.SetValue(options, new EntraMetadata());
        var parameters = (TokenValidationParameters)type.GetProperty("TokenValidationParameters")!.GetValue(options)!;
        parameters.ValidIssuer = Authority;
        if (parametersGetTheManager)
        {
            var manager = new Microsoft.IdentityModel.Protocols.ConfigurationManager<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration>(
                Authority + "/.well-known/openid-configuration",
                new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfigurationRetriever(),
                new HttpClient(new EntraMetadata()));
            type.GetProperty("ConfigurationManager")!.SetValue(options, manager);
            parameters.ConfigurationManager = manager;
        }

        parameters.EnableAadSigningKeyIssuerValidation();
    }

    private async Task<AuthenticateResult> Authenticate(string version, bool parametersGetTheManager, string token)
    {
        var jwtBearer = JwtBearerVersions.Load(version, _output);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        var optionsType = jwtBearer.GetType("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions", throwOnError: true)!;
        var actionType = typeof(Action<>).MakeGenericType(optionsType);
        var options = Expression.Parameter(optionsType, "options");
        var configure = Expression.Lambda(
            actionType,
            Expression.Call(typeof(JwtBearerVersionKeyIssuerTests).GetMethod(nameof(Configure), BindingFlags.NonPublic | BindingFlags.Static)!, options, Expression.Constant(parametersGetTheManager)),
            options).Compile();

        // services.AddAuthentication().AddJwtBearer(Scheme, Configure) of this version.
        var extensions = jwtBearer.GetType("Microsoft.Extensions.DependencyInjection.JwtBearerExtensions", throwOnError: true)!;
        var addJwtBearer = extensions.GetMethod("AddJwtBearer", [typeof(AuthenticationBuilder), typeof(string), actionType])!;
        addJwtBearer.Invoke(null, [builder.Services.AddAuthentication(), Scheme, configure]);

        await using var app = builder.Build();
        return await JwtBearerVersions.AuthenticateAsync(app.Services, Scheme, token);
    }

    /// <summary>Entra-shaped metadata: the issuer template, and a key set with the tenant's key and the consumer tenant's.</summary>
    private sealed class EntraMetadata : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var configuration = EntraSigningKeyIssuerTests.EntraConfiguration;
            var body = request.RequestUri!.AbsoluteUri.EndsWith("openid-configuration", StringComparison.Ordinal)
                ? JsonSerializer.Serialize(new Dictionary<string, object> { ["issuer"] = configuration.Issuer, ["jwks_uri"] = configuration.JwksUri })
                : EntraSigningKeyIssuerTests.EntraJwks();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }
}
