using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// An identity provider's metadata endpoint on a real Kestrel listener on loopback: an OpenID configuration naming
/// <c>issuer</c> and a JWKS with one RSA key. Over plain HTTP, or over TLS with the given (self-signed) certificate:
/// whoever sits on the network path of a metadata address serves exactly this.
/// </summary>
internal sealed class LoopbackMetadataServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackMetadataServer(WebApplication app, string baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:port</c> or <c>https://127.0.0.1:port</c>.</summary>
    public string BaseAddress { get; }

    public string MetadataAddress => BaseAddress + "/.well-known/openid-configuration";

    public static async Task<LoopbackMetadataServer> StartAsync(string issuer, RsaSecurityKey key, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var baseAddress = string.Empty;
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(
            $$"""{"issuer":"{{issuer}}","jwks_uri":"{{baseAddress}}/jwks","id_token_signing_alg_values_supported":["RS256"]}""",
            "application/json"));
        app.MapGet("/jwks", () =>
        {
            var parameters = key.Rsa.ExportParameters(false);
            return Results.Text(
                $$"""{"keys":[{"kty":"RSA","use":"sig","kid":"{{key.KeyId}}","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""",
                "application/json");
        });
        await app.StartAsync();
        baseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1");
        return new LoopbackMetadataServer(app, baseAddress);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
