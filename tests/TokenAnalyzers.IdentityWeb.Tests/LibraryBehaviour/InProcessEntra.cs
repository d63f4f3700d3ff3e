using System.Net;
using System.Net.Http;
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
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// The real Microsoft.Identity.Web web API pipeline (AddMicrosoftIdentityWebApi, its issuer validator, its events, the
/// real JwtBearer handler) against Entra ID in process: an <see cref="HttpMessageHandler"/> given to every HTTP client
/// of the application serves Entra's real document shapes for login.microsoftonline.com (the issuer template
/// <c>https://login.microsoftonline.com/{tenantid}/v2.0</c> on the multi-tenant segments) and a key set whose keys
/// carry the issuer each test gives them. Tokens are built and signed in the test; nothing leaves the process.
/// </summary>
internal static class InProcessEntra
{
    public const string ClientId = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
    public const string IssuerTemplate = "https://login.microsoftonline.com/{tenantid}/v2.0";

    /// <summary>The handler the process-wide cached issuer validators download from (they outlive one test).</summary>
    private static readonly EntraMetadataHandler SharedEntra = new(new List<string>(), []);

    public static string IssuerOf(string tenant) => $"https://login.microsoftonline.com/{tenant}/v2.0";

    /// <summary>A v2.0 access token for this application, as Entra issues it for <paramref name="tenant"/>, signed with <paramref name="key"/>.</summary>
    public static string TokenFrom(string tenant, SecurityKey key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = IssuerOf(tenant),
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
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    /// <summary>
    /// Authenticates <paramref name="token"/> with an application configured by
    /// <c>AddAuthentication("Bearer").AddMicrosoftIdentityWebApi(configuration)</c> for <paramref name="tenantId"/>.
    /// <paramref name="before"/> and <paramref name="after"/> register the application's own options callbacks before
    /// and after that call; <paramref name="postConfigure"/> runs last, after the in-process Entra is wired in. With
    /// <paramref name="jwtBearerOptions"/>, the call is the overload that takes the application's JwtBearerOptions callback.
    /// </summary>
    public static async Task<AuthenticateResult> AuthenticateAsync(
        string tenantId,
        string token,
        IReadOnlyList<(RsaSecurityKey Key, string Issuer)> keys,
        List<string> served,
        Action<IServiceCollection>? after,
        Action<JwtBearerOptions>? postConfigure,
        Action<IServiceCollection>? before = null,
        Action<JwtBearerOptions>? jwtBearerOptions = null)
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
        before?.Invoke(builder.Services);
        var authentication = builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        if (jwtBearerOptions is null)
        {
            authentication.AddMicrosoftIdentityWebApi(builder.Configuration);
        }
        else
        {
            var section = builder.Configuration.GetSection("AzureAd");
            authentication.AddMicrosoftIdentityWebApi(o => { section.Bind(o); jwtBearerOptions(o); }, o => section.Bind(o));
        }

        after?.Invoke(builder.Services);

        // Every HTTP client of the application (JwtBearer's backchannel, Identity.Web's issuer validator) talks to this
        // handler. AadIssuerValidator keeps one validator per authority for the whole process (GetAadIssuerValidator
        // caches it), made with the HttpClient of the first caller: this is that first caller, so Identity.Web's
        // validator for the authority below downloads from the in-process Entra.
        var entra = new EntraMetadataHandler(served, keys);
        Microsoft.IdentityModel.Validators.AadIssuerValidator.GetAadIssuerValidator(IssuerOf(tenantId), new HttpClient(SharedEntra));
        builder.Services.AddSingleton<IHttpClientFactory>(new EntraClientFactory(entra));
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.Backchannel = new HttpClient(entra);
            o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                o.MetadataAddress ?? o.Authority!.TrimEnd('/') + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(o.Backchannel) { RequireHttps = true });
            postConfigure?.Invoke(o);
        });

        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
    }

    private sealed class EntraClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    /// <summary>Entra ID's v2.0 metadata for any tenant segment, and the key set, as login.microsoftonline.com serves them.</summary>
    private sealed class EntraMetadataHandler(List<string> served, IReadOnlyList<(RsaSecurityKey Key, string Issuer)> keys) : HttpMessageHandler
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
                      "issuer": "{{(version == "v2.0" ? IssuerOf(issuerTenant) : $"https://sts.windows.net/{issuerTenant}/")}}",
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
                var entries = new List<string>();
                foreach (var (key, issuer) in keys)
                {
                    var parameters = key.Rsa.ExportParameters(false);
                    entries.Add($$"""
                        {
                          "kty": "RSA", "use": "sig", "kid": "{{key.KeyId}}",
                          "n": "{{Base64UrlEncoder.Encode(parameters.Modulus)}}",
                          "e": "{{Base64UrlEncoder.Encode(parameters.Exponent)}}",
                          "issuer": "{{issuer}}"
                        }
                        """);
                }

                json = $$"""{ "keys": [ {{string.Join(",", entries)}} ] }""";
            }
            else
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
