using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
/// TA108's premise with the real libraries (IdentityModel 8.16.0, JwtBearer 8.0.30): an identity provider's metadata
/// endpoint served over TLS by a local Kestrel listener on loopback whose certificate is self-signed (made here with
/// <see cref="CertificateRequest"/>), as an on-path attacker's would be. The metadata fetch of the real
/// <c>ConfigurationManager&lt;OpenIdConnectConfiguration&gt;</c>/<c>HttpDocumentRetriever</c> fails with the default
/// handler and succeeds with an accept-all certificate callback; through JwtBearer's <c>BackchannelHttpHandler</c> the
/// keys it serves then verify a token the "attacker" signed. After the fix (callback removed) the fetch fails again.
/// </summary>
[Trait("Rule", "TA108")]
public sealed class MetadataChannelTlsTests : IAsyncLifetime
{
    private const string AttackerIssuer = "https://127.0.0.1/attacker";
    private static readonly RsaSecurityKey ServedKey = NewRsaKey("served-key");
    private LoopbackMetadataServer? _server;

    private string BaseAddress => _server!.BaseAddress;

    private string MetadataAddress => _server!.MetadataAddress;

    public async Task InitializeAsync()
    {
        _server = await LoopbackMetadataServer.StartAsync(AttackerIssuer, ServedKey, SelfSignedLoopbackCertificate());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.EphemeralKeySet);
    }

    private static HttpClientHandler AcceptAllHandler() => new()
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    };

    private Task<OpenIdConnectConfiguration> FetchThroughConfigurationManager(HttpMessageHandler handler)
    {
        var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            MetadataAddress,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(new HttpClient(handler)) { RequireHttps = true });
        return manager.GetConfigurationAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_default_handler_refuses_the_untrusted_certificate()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => FetchThroughConfigurationManager(new HttpClientHandler()));
        Assert.Contains("IDX20803", failure.Message); // Unable to obtain configuration from: ...
    }

    [Fact]
    public async Task An_accept_all_callback_fetches_the_keys_the_impostor_serves()
    {
        var configuration = await FetchThroughConfigurationManager(AcceptAllHandler());
        Assert.Equal(AttackerIssuer, configuration.Issuer);
        Assert.Equal(ServedKey.KeyId, Assert.Single(configuration.SigningKeys).KeyId);
    }

    [Fact]
    public async Task A_SocketsHttpHandler_with_an_accept_all_RemoteCertificateValidationCallback_does_the_same()
    {
        var sockets = new SocketsHttpHandler();
        sockets.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true;
        var configuration = await FetchThroughConfigurationManager(sockets);
        Assert.Equal(ServedKey.KeyId, Assert.Single(configuration.SigningKeys).KeyId);

        await Assert.ThrowsAnyAsync<Exception>(() => FetchThroughConfigurationManager(new SocketsHttpHandler()));
    }

    private async Task<AuthenticateResult> AuthenticateWithJwtBearer(HttpMessageHandler backchannelHandler, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication().AddJwtBearer(options =>
        {
            options.MetadataAddress = MetadataAddress; // https://: RequireHttpsMetadata stays true, nothing looks wrong
            options.Audience = Audience;
            options.BackchannelHttpHandler = backchannelHandler;
        });
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
    }

    [Fact]
    public async Task Through_the_backchannel_handler_a_token_signed_with_the_served_key_is_accepted_and_the_fix_rejects_it()
    {
        var forged = Create(ServedKey, issuer: AttackerIssuer);

        var accepted = await AuthenticateWithJwtBearer(AcceptAllHandler(), forged);
        Assert.True(accepted.Succeeded, accepted.Failure?.ToString());

        // The fix removes the callback: the same handler without it refuses the certificate, so no key arrives.
        var afterFix = await AuthenticateWithJwtBearer(new HttpClientHandler(), forged);
        Assert.False(afterFix.Succeeded);
    }
}
