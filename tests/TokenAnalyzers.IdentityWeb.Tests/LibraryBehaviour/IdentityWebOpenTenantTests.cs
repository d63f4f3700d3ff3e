using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA504's premise, with the real Microsoft.Identity.Web 4.18.0 web API pipeline (AddMicrosoftIdentityWebApi, its
/// issuer validator, its events, the real JwtBearer 10 handler): configured with TenantId "common", it authenticates
/// a token issued by a tenant the application has never heard of; once a tenant check of the kind that makes TA504
/// silent is added, the same token is rejected and a token of the served tenant still passes. Entra ID is replaced by
/// an in-process metadata endpoint (an <see cref="HttpMessageHandler"/> given to every HTTP client of the
/// application) that serves Entra's real document shapes for login.microsoftonline.com: the issuer template
/// <c>https://login.microsoftonline.com/{tenantid}/v2.0</c> and a key set whose keys carry that issuer. The tokens
/// are built and signed here with a key of that set; nothing leaves the process.
/// </summary>
[Trait("Rule", "TA504")]
public class IdentityWebOpenTenantTests
{
    private const string ClientId = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
    private const string HomeTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ForeignTenant = "0badc0de-0000-4000-8000-00000000a77a"; // an attacker's own tenant
    private const string IssuerTemplate = "https://login.microsoftonline.com/{tenantid}/v2.0";
    private static readonly RsaSecurityKey EntraKey = new(RSA.Create(2048)) { KeyId = "entra-key-1" };
    private readonly ITestOutputHelper _output;

    public IdentityWebOpenTenantTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Loaded_assemblies_are_Identity_Web_4_18_0_and_JwtBearer_10()
    {
        var identityWeb = typeof(MicrosoftIdentityOptions).Assembly;
        var jwtBearer = typeof(JwtBearerOptions).Assembly;
        foreach (var assembly in new[] { identityWeb, jwtBearer, typeof(TokenValidationParameters).Assembly })
        {
            _output.WriteLine($"{assembly.GetName().Name} {assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
        }

        Assert.StartsWith("4.18.0", identityWeb.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
        Assert.Equal(10, jwtBearer.GetName().Version!.Major);
    }

    [Theory]
    [InlineData("common")]
    [InlineData("organizations")]
    public async Task Multi_tenant_configuration_authenticates_a_token_from_a_foreign_tenant(string tenantId)
    {
        var served = new List<string>();
        var result = await Authenticate(tenantId, TokenFrom(ForeignTenant), tenantCheck: null, served);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(ForeignTenant, result.Principal!.FindFirst("tid")?.Value ?? result.Principal.FindFirst(TenantRestrictionClaim)?.Value);
        Assert.Contains(served, url => url.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal)); // JwtBearer asked the in-process Entra
    }

    [Fact]
    public async Task A_tid_allow_list_in_OnTokenValidated_rejects_the_foreign_tenant_and_keeps_the_served_one()
    {
        var foreign = await Authenticate("common", TokenFrom(ForeignTenant), AllowListInOnTokenValidated, new List<string>());
        Assert.False(foreign.Succeeded);
        Assert.Contains("tenant", foreign.Failure!.Message, StringComparison.OrdinalIgnoreCase);

        var home = await Authenticate("common", TokenFrom(HomeTenant), AllowListInOnTokenValidated, new List<string>());
        Assert.True(home.Succeeded, home.Failure?.ToString());
    }

    [Fact]
    public async Task A_concrete_tenant_instead_of_common_rejects_the_foreign_tenant()
    {
        var foreign = await Authenticate(HomeTenant, TokenFrom(ForeignTenant), tenantCheck: null, new List<string>());
        Assert.False(foreign.Succeeded);

        var home = await Authenticate(HomeTenant, TokenFrom(HomeTenant), tenantCheck: null, new List<string>());
        Assert.True(home.Succeeded, home.Failure?.ToString());
    }

    [Fact]
    public async Task A_custom_issuer_validator_with_an_allow_list_rejects_the_foreign_tenant()
    {
        static void IssuerAllowList(JwtBearerOptions o) => o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
            issuer == $"https://login.microsoftonline.com/{HomeTenant}/v2.0" ? issuer : throw new SecurityTokenInvalidIssuerException("issuer of an unknown tenant");

        var foreign = await Authenticate("common", TokenFrom(ForeignTenant), IssuerAllowList, new List<string>());
        Assert.False(foreign.Succeeded);
        Assert.IsType<SecurityTokenInvalidIssuerException>(foreign.Failure);

        var home = await Authenticate("common", TokenFrom(HomeTenant), IssuerAllowList, new List<string>());
        Assert.True(home.Succeeded, home.Failure?.ToString());
    }

    [Fact]
    public async Task ValidIssuers_of_the_served_tenant_do_not_restrict_the_tenant_under_Identity_Web()
    {
        // RULES.md counts "ValidIssuers of concrete tenants" as a tenant restriction (TA504 stays silent). With
        // Identity.Web 4.18.0 they are not one: its AadIssuerValidator accepts an issuer that matches ValidIssuers, and
        // otherwise the metadata's {tenantid} template filled from the token's own tid. Recorded here so that the
        // contract can be revisited (and so that a library change shows up).
        static void ValidIssuers(JwtBearerOptions o) => o.TokenValidationParameters.ValidIssuers = [$"https://login.microsoftonline.com/{HomeTenant}/v2.0"];

        var foreign = await Authenticate("common", TokenFrom(ForeignTenant), ValidIssuers, new List<string>());
        _output.WriteLine($"foreign tenant with ValidIssuers of the home tenant: succeeded={foreign.Succeeded} {foreign.Failure?.GetType().Name}");
        var home = await Authenticate("common", TokenFrom(HomeTenant), ValidIssuers, new List<string>());
        Assert.True(home.Succeeded, home.Failure?.ToString());
        Assert.True(foreign.Succeeded, "Identity.Web's AadIssuerValidator falls back to the metadata issuer template after ValidIssuers: they do not restrict the tenant");
    }

    private const string TenantRestrictionClaim = "http://schemas.microsoft.com/identity/claims/tenantid";

    private static void AllowListInOnTokenValidated(JwtBearerOptions o)
    {
        var identityWebHandler = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await identityWebHandler(context);
            var tid = context.Principal?.FindFirst("tid")?.Value ?? context.Principal?.FindFirst(TenantRestrictionClaim)?.Value;
            if (tid != HomeTenant)
            {
                context.Fail("the token's tenant is not one this application serves");
            }
        };
    }

    private static string TokenFrom(string tenant) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = $"https://login.microsoftonline.com/{tenant}/v2.0",
        Audience = ClientId,
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = new Dictionary<string, object>
        {
            ["tid"] = tenant,
            ["ver"] = "2.0",
            ["oid"] = Guid.NewGuid().ToString(),
            ["sub"] = "attacker-or-user",
            ["scp"] = "access_as_user",
            ["azp"] = Guid.NewGuid().ToString(),
        },
        SigningCredentials = new SigningCredentials(EntraKey, SecurityAlgorithms.RsaSha256),
    });

    private static async Task<AuthenticateResult> Authenticate(string tenantId, string token, Action<JwtBearerOptions>? tenantCheck, List<string> served)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:ClientId"] = ClientId,
            ["AzureAd:TenantId"] = tenantId,
        });
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApi(builder.Configuration);

        // Entra ID, in process: every HTTP client of the application (JwtBearer's backchannel, Identity.Web's
        // issuer validator) talks to this handler. AadIssuerValidator keeps one validator per authority for the
        // whole process (GetAadIssuerValidator caches it), made with the HttpClient of the first caller: this test
        // is that first caller, so Identity.Web's validator for the authority below downloads from the handler.
        var entra = new EntraMetadataHandler(served);
        Microsoft.IdentityModel.Validators.AadIssuerValidator.GetAadIssuerValidator(
            $"https://login.microsoftonline.com/{tenantId}/v2.0", new HttpClient(SharedEntra));
        builder.Services.AddSingleton<IHttpClientFactory>(new EntraClientFactory(entra));
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.Backchannel = new HttpClient(entra);
            o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                o.MetadataAddress ?? o.Authority!.TrimEnd('/') + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(o.Backchannel) { RequireHttps = true });
            tenantCheck?.Invoke(o);
        });

        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
    }

    /// <summary>The handler the process-wide cached issuer validators download from (they outlive one test).</summary>
    private static readonly EntraMetadataHandler SharedEntra = new(new List<string>());

    private sealed class EntraClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    /// <summary>Entra ID's v2.0 metadata and key set for any tenant segment, as login.microsoftonline.com serves them.</summary>
    private sealed class EntraMetadataHandler(List<string> served) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.ToString();
            lock (served)
            {
                served.Add(url);
            }

            if (request.RequestUri.Host != "login.microsoftonline.com")
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            string json;
            if (url.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
            {
                var version = url.Contains("/v2.0/", StringComparison.Ordinal) ? "v2.0" : "v1.0";

                // Entra's multi-tenant documents carry the template; a tenant's own document names the tenant.
                var tenant = request.RequestUri.Segments[1].TrimEnd('/');
                var issuerTenant = tenant is "common" or "organizations" or "consumers" ? "{tenantid}" : tenant;
                json = $$"""
                    {
                      "issuer": "{{(version == "v2.0" ? $"https://login.microsoftonline.com/{issuerTenant}/v2.0" : $"https://sts.windows.net/{issuerTenant}/")}}",
                      "jwks_uri": "https://login.microsoftonline.com/common/discovery/{{(version == "v2.0" ? "v2.0/" : "")}}keys",
                      "authorization_endpoint": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                      "token_endpoint": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                      "id_token_signing_alg_values_supported": [ "RS256" ],
                      "tenant_region_scope": null
                    }
                    """;
            }
            else if (url.Contains("/discovery/", StringComparison.Ordinal) && url.EndsWith("/keys", StringComparison.Ordinal))
            {
                var parameters = EntraKey.Rsa.ExportParameters(false);
                json = $$"""
                    {
                      "keys": [
                        {
                          "kty": "RSA", "use": "sig", "kid": "{{EntraKey.KeyId}}",
                          "n": "{{Base64UrlEncoder.Encode(parameters.Modulus)}}",
                          "e": "{{Base64UrlEncoder.Encode(parameters.Exponent)}}",
                          "issuer": "{{IssuerTemplate}}"
                        }
                      ]
                    }
                    """;
            }
            else
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
