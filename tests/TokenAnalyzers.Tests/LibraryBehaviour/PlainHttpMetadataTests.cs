using System.Threading;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA107's premises for the metadata channel built by hand, with the real libraries (IdentityModel 8.16.0, JwtBearer
/// 8.0.30): a metadata endpoint served over plain HTTP by a local Kestrel listener on loopback, standing in for
/// whoever sits on the network path of an http:// address. <c>HttpDocumentRetriever.RequireHttps = false</c> makes the
/// real <c>ConfigurationManager</c> download the keys it serves, and a <c>ConfigurationManager</c> set on
/// <c>JwtBearerOptions</c> by hand is used as it is: <c>RequireHttpsMetadata</c> (true) does not stop it, so a token
/// signed with the served key is accepted. With the default retriever (<c>RequireHttps</c> true, what the fix leaves)
/// the download of an http:// address fails (IDX20108), so the key never arrives.
/// </summary>
[Trait("Rule", "TA107")]
public sealed class PlainHttpMetadataTests : IAsyncLifetime
{
    private const string ServedIssuer = "http://127.0.0.1/impostor";
    private static readonly RsaSecurityKey ServedKey = NewRsaKey("served-key");
    private LoopbackMetadataServer? _server;

    private string BaseAddress => _server!.BaseAddress;

    private string MetadataAddress => _server!.MetadataAddress;

    public async Task InitializeAsync()
    {
        _server = await LoopbackMetadataServer.StartAsync(ServedIssuer, ServedKey);
        Assert.StartsWith("http://127.0.0.1:", BaseAddress);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Manager(HttpDocumentRetriever retriever) =>
        new(MetadataAddress, new OpenIdConnectConfigurationRetriever(), retriever);

    [Fact]
    public async Task RequireHttps_false_downloads_the_keys_served_over_plain_http()
    {
        var configuration = await Manager(new HttpDocumentRetriever { RequireHttps = false }).GetConfigurationAsync(CancellationToken.None);
        Assert.Equal(ServedIssuer, configuration.Issuer);
        Assert.Equal(ServedKey.KeyId, Assert.Single(configuration.SigningKeys).KeyId);

        var document = await new HttpDocumentRetriever { RequireHttps = false }.GetDocumentAsync(BaseAddress + "/jwks", CancellationToken.None);
        Assert.Contains(ServedKey.KeyId, document);
    }

    [Fact]
    public async Task The_default_retriever_refuses_an_http_address()
    {
        Assert.True(new HttpDocumentRetriever().RequireHttps);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Manager(new HttpDocumentRetriever()).GetConfigurationAsync(CancellationToken.None));
        Assert.Contains("IDX20803", failure.Message); // Unable to obtain configuration from: ...
        Assert.Contains("IDX20108", failure.InnerException?.Message ?? ""); // The address specified is not valid as per HTTPS scheme

        var direct = await Assert.ThrowsAnyAsync<ArgumentException>(() => new HttpDocumentRetriever().GetDocumentAsync(MetadataAddress, CancellationToken.None));
        Assert.Contains("IDX20108", direct.Message);
    }

    private async Task<AuthenticateResult> AuthenticateWithJwtBearer(HttpDocumentRetriever retriever, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication().AddJwtBearer(options =>
        {
            // RequireHttpsMetadata stays true: it only governs the ConfigurationManager JwtBearer builds itself.
            Assert.True(options.RequireHttpsMetadata);
            options.Audience = Audience;
            options.ConfigurationManager = Manager(retriever);
        });
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
    }

    [Fact]
    public async Task A_hand_built_ConfigurationManager_bypasses_RequireHttpsMetadata_and_the_fix_closes_it()
    {
        var forged = Create(ServedKey, issuer: ServedIssuer);

        var accepted = await AuthenticateWithJwtBearer(new HttpDocumentRetriever { RequireHttps = false }, forged);
        Assert.True(accepted.Succeeded, accepted.Failure?.ToString());

        // The fix removes `RequireHttps = false`: the default retriever refuses the http:// address, no key arrives.
        var afterFix = await AuthenticateWithJwtBearer(new HttpDocumentRetriever(), forged);
        Assert.False(afterFix.Succeeded);
    }
}
