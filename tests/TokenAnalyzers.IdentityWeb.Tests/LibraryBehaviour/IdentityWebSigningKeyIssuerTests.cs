using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA303's Identity.Web shape, with the real Microsoft.Identity.Web 4.18.0 web API pipeline and the real JwtBearer 10
/// handler against Entra ID in process (<see cref="InProcessEntra"/>). The key set is Entra's shared one: a key that
/// Entra publishes for the consumer tenant sits beside the key of the enterprise tenants. A token for the application's
/// own tenant signed with the consumer key is the Storm-0558 forgery. AddMicrosoftIdentityWebApi calls
/// EnableAadSigningKeyIssuerValidation() in its own Configure callback for the scheme, so the forgery is rejected; an
/// application callback for the same scheme that runs after it and replaces TokenValidationParameters (a Configure
/// registered later, or a PostConfigure registered anywhere) drops that check, and the forgery is accepted.
/// </summary>
[Trait("Rule", "TA303")]
public class IdentityWebSigningKeyIssuerTests
{
    private const string HomeTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ConsumerTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";
    private static readonly RsaSecurityKey TenantKey = new(RSA.Create(2048)) { KeyId = "tenant-key" };
    private static readonly RsaSecurityKey ConsumerKey = new(RSA.Create(2048)) { KeyId = "consumer-key" };
    private readonly ITestOutputHelper _output;

    public IdentityWebSigningKeyIssuerTests(ITestOutputHelper output) => _output = output;

    private static readonly string Forgery = InProcessEntra.TokenFrom(HomeTenant, ConsumerKey);
    private static readonly string Legitimate = InProcessEntra.TokenFrom(HomeTenant, TenantKey);

    /// <summary>The application's own parameters, as the real code that TA303 reports writes them.</summary>
    private static void ReplaceParameters(JwtBearerOptions options) =>
        options.TokenValidationParameters = new TokenValidationParameters { ValidAudience = InProcessEntra.ClientId };

    /// <summary>The same, with the fix TA303 offers for this shape: the call inserted after the replacement.</summary>
    private static void ReplaceParametersFixed(JwtBearerOptions options)
    {
        options.TokenValidationParameters = new TokenValidationParameters { ValidAudience = InProcessEntra.ClientId };
        options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
    }

    [Fact]
    public async Task Identity_Web_alone_rejects_a_token_signed_with_the_consumer_key()
    {
        var forged = await Authenticate(after: null);
        Assert.False(forged.Succeeded);
        _output.WriteLine(forged.Failure?.Message);
        Assert.Contains("IDX40005", forged.Failure!.Message, StringComparison.Ordinal); // the token issuer does not match the signing key issuer

        Assert.True((await Authenticate(after: null, Legitimate)).Succeeded);
    }

    [Fact]
    public async Task A_Configure_registered_after_Identity_Web_that_replaces_the_parameters_accepts_the_forgery()
    {
        var forged = await Authenticate(after: s => s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ReplaceParameters));
        Assert.True(forged.Succeeded, forged.Failure?.ToString());
    }

    [Fact]
    public async Task A_PostConfigure_replaces_the_parameters_after_Identity_Web_wherever_it_is_registered()
    {
        var forged = await Authenticate(after: null, before: s => s.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ReplaceParameters));
        Assert.True(forged.Succeeded, forged.Failure?.ToString());
    }

    [Fact]
    public async Task ConfigureAll_registered_after_Identity_Web_reaches_its_scheme_too()
    {
        var forged = await Authenticate(after: s => s.ConfigureAll<JwtBearerOptions>(ReplaceParameters));
        Assert.True(forged.Succeeded, forged.Failure?.ToString());
    }

    [Fact]
    public async Task A_Configure_registered_before_Identity_Web_keeps_the_check()
    {
        var forged = await Authenticate(after: null, before: s => s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ReplaceParameters));
        Assert.False(forged.Succeeded);
    }

    [Fact]
    public async Task A_replacement_in_the_callback_given_to_AddMicrosoftIdentityWebApi_keeps_the_check()
    {
        // Identity.Web registers that callback (AddJwtBearer) before its own Configure callback.
        var forged = await Authenticate(after: null, jwtBearerOptions: ReplaceParameters);
        Assert.False(forged.Succeeded);
        Assert.Contains("IDX40005", forged.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unnamed_Configure_does_not_reach_the_Bearer_scheme()
    {
        var forged = await Authenticate(after: s => s.Configure<JwtBearerOptions>(ReplaceParameters));
        Assert.False(forged.Succeeded);
    }

    [Fact]
    public async Task The_fix_rejects_the_forgery_and_keeps_the_legitimate_token()
    {
        static void Fixed(IServiceCollection s) => s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ReplaceParametersFixed);

        Assert.False((await Authenticate(Fixed)).Succeeded);
        var legitimate = await Authenticate(Fixed, Legitimate);
        Assert.True(legitimate.Succeeded, legitimate.Failure?.ToString());
    }

    /// <summary>The options classes of real code: a named Configure that passes its options on, guarded by the scheme.</summary>
    private sealed class ReplacingConfigureOptions : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != JwtBearerDefaults.AuthenticationScheme) return;
            Configure(options);
        }

        public void Configure(JwtBearerOptions options) => ReplaceParameters(options);
    }

    private sealed class ReplacingPostConfigureOptions : IPostConfigureOptions<JwtBearerOptions>
    {
        public void PostConfigure(string? name, JwtBearerOptions options) => ReplaceParameters(options);
    }

    private sealed class OtherSchemeConfigureOptions : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name == "Other")
            {
                ReplaceParameters(options);
            }
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }

    private sealed class UnnamedConfigureOptions : IConfigureOptions<JwtBearerOptions>
    {
        public void Configure(JwtBearerOptions options) => ReplaceParameters(options);
    }

    [Fact]
    public async Task An_options_class_registered_after_Identity_Web_accepts_the_forgery()
    {
        Assert.True((await Authenticate(after: s => s.ConfigureOptions<ReplacingConfigureOptions>())).Succeeded);
        Assert.True((await Authenticate(after: s => s.AddSingleton<IConfigureOptions<JwtBearerOptions>, ReplacingConfigureOptions>())).Succeeded);
    }

    [Fact]
    public async Task A_post_configure_class_accepts_the_forgery_wherever_it_is_registered()
    {
        var forged = await Authenticate(after: null, before: s => s.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, ReplacingPostConfigureOptions>());
        Assert.True(forged.Succeeded, forged.Failure?.ToString());
    }

    [Fact]
    public async Task Options_classes_before_Identity_Web_for_another_scheme_or_unnamed_keep_the_check()
    {
        Assert.False((await Authenticate(after: null, before: s => s.ConfigureOptions<ReplacingConfigureOptions>())).Succeeded);
        Assert.False((await Authenticate(after: s => s.ConfigureOptions<OtherSchemeConfigureOptions>())).Succeeded);
        Assert.False((await Authenticate(after: s => s.ConfigureOptions<UnnamedConfigureOptions>())).Succeeded);

        var legitimate = await Authenticate(after: s => s.ConfigureOptions<OtherSchemeConfigureOptions>(), Legitimate);
        Assert.True(legitimate.Succeeded, legitimate.Failure?.ToString());
    }

    /// <summary>
    /// TA201's fix after Identity.Web: with the accept-all SignatureValidator among the parameters the application's
    /// callback puts in place (the real shape; on Identity.Web's own parameters the validator would meet its
    /// EnableAadSigningKeyIssuerValidation() and every token would fail, as EntraSigningKeyIssuerTests shows), a token
    /// signed with a key nobody published passes; without it (the fix), the keys of the Authority Identity.Web set
    /// verify the signature: that token fails and the legitimate one passes.
    /// </summary>
    [Fact]
    [Trait("Rule", "TA201")]
    public async Task Removing_an_accept_all_SignatureValidator_after_Identity_Web_verifies_with_its_keys()
    {
        var unknownKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "unknown-key" };
        var forged = InProcessEntra.TokenFrom(HomeTenant, unknownKey);
        static void AcceptAll(IServiceCollection s) => s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = InProcessEntra.ClientId,
                SignatureValidator = (token, parameters) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token),
            });
        static void Fixed(IServiceCollection s) => s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = InProcessEntra.ClientId,
            });

        Assert.True((await Authenticate(AcceptAll, forged)).Succeeded);
        var rejected = await Authenticate(Fixed, forged);
        Assert.False(rejected.Succeeded);
        Assert.IsAssignableFrom<SecurityTokenSignatureKeyNotFoundException>(rejected.Failure);
        var legitimate = await Authenticate(Fixed, Legitimate);
        Assert.True(legitimate.Succeeded, legitimate.Failure?.ToString());
    }

    /// <summary>TA302 beside Identity.Web: its callback protects the scheme it registers, not another AddJwtBearer scheme.</summary>
    [Fact]
    [Trait("Rule", "TA302")]
    public void Identity_Web_protects_only_the_scheme_it_registers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAdB2C:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAdB2C:ClientId"] = InProcessEntra.ClientId,
            ["AzureAdB2C:TenantId"] = HomeTenant,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddAuthentication()
            .AddJwtBearer("AzureAd", o => o.Authority = InProcessEntra.IssuerOf(HomeTenant))
            .AddMicrosoftIdentityWebApi(configuration.GetSection("AzureAdB2C"), "AzureAdB2C");
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>();

        Assert.NotNull(monitor.Get("AzureAdB2C").TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration);
        Assert.Null(monitor.Get("AzureAd").TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration);
    }

    [Fact]
    public void AddMicrosoftIdentityWebApp_does_not_install_the_check_on_its_OpenIdConnect_parameters()
    {
        // RULES.md's TA302 exempts configurations through AddMicrosoftIdentityWebApi/...WebApp, "which calls it". The web
        // API registration does (above); the web app registration of 4.18.0 does not, as its source shows too (the only
        // calls are in the web API extensions and their AOT post-configurator). Recorded here so that the contract can be
        // revisited, and so that a library change shows up.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:ClientId"] = InProcessEntra.ClientId,
            ["AzureAd:TenantId"] = HomeTenant,
        }).Build();

        var webApp = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        webApp.AddAuthentication().AddMicrosoftIdentityWebApp(configuration);
        using (var provider = webApp.BuildServiceProvider())
        {
            var oidc = provider.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
            Assert.Null(oidc.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration);
        }

        var webApi = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        webApi.AddAuthentication().AddMicrosoftIdentityWebApi(configuration);
        using (var provider = webApi.BuildServiceProvider())
        {
            var bearer = provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
            Assert.NotNull(bearer.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration);
        }
    }

    private static Task<AuthenticateResult> Authenticate(Action<IServiceCollection>? after, string? token = null, Action<IServiceCollection>? before = null, Action<JwtBearerOptions>? jwtBearerOptions = null) =>
        InProcessEntra.AuthenticateAsync(
            HomeTenant,
            token ?? Forgery,
            [(TenantKey, InProcessEntra.IssuerTemplate), (ConsumerKey, InProcessEntra.IssuerOf(ConsumerTenant))],
            new List<string>(),
            after,
            postConfigure: null,
            before,
            jwtBearerOptions);
}
