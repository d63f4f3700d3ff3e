using System.IO;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA309 with the real libraries (JwtBearer 8.0.30, IdentityModel 8.16.0): one pool of signing keys that serves several
/// issuers lets whoever holds any key of the pool sign tokens for every issuer it serves.
/// (a) JwtBearer with an Authority (here a fixed metadata document, no network) plus a static key: the static key
/// signs tokens that claim the identity provider's issuer.
/// (b) IssuerSigningKeys combined from two configurations, with both issuers valid: issuer B's key signs issuer A's tokens.
/// (c) Authentication:Schemes:Bearer:SigningKeys for two issuers, through the real JwtBearer configuration binding.
/// The exemptions (a key-to-issuer binding, several keys of one issuer) reject the cross-issuer token.
/// </summary>
[Trait("Rule", "TA309")]
public class SigningKeyPoolTests
{
    private const string Scheme = JwtBearerDefaults.AuthenticationScheme;
    private const string IdentityProvider = "https://idp.toy.example/";
    private const string PartnerIssuer = "https://partner.toy.example/";
    private const string DeveloperIssuer = "https://developer.toy.example/";

    /// <summary>The identity provider's key, published in its metadata.</summary>
    private static readonly RsaSecurityKey IdentityProviderKey = NewRsaKey("idp-key");

    /// <summary>A developer's HMAC key that "only" signs local test tokens (it sits in appsettings or user secrets).</summary>
    private static readonly SymmetricSecurityKey DeveloperKey = NewSymmetricKey("dev-key");

    private static readonly RsaSecurityKey PartnerKey = NewRsaKey("partner-key");

    private static readonly Dictionary<string, object> Admin = new() { ["role"] = "admin" };

    private static OpenIdConnectConfiguration Metadata(string issuer, SecurityKey key)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = issuer };
        configuration.SigningKeys.Add(key);
        return configuration;
    }

    private static async Task<AuthenticateResult> AuthenticateAsync(Action<WebApplicationBuilder> configure, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        configure(builder);
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(Scheme);
    }

    /// <summary>Form (a): Authority (its metadata fixed, as JwtBearer would download it) plus a static developer key.</summary>
    private static Action<WebApplicationBuilder> AuthorityPlusStaticKey(Action<TokenValidationParameters>? bind = null) => builder =>
        builder.Services.AddAuthentication().AddJwtBearer(Scheme, o =>
        {
            o.Authority = IdentityProvider;
            o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(Metadata(IdentityProvider, IdentityProviderKey));
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = Audience,
                ValidIssuer = DeveloperIssuer,
                IssuerSigningKey = DeveloperKey,
            };
            bind?.Invoke(o.TokenValidationParameters);
        });

    [Fact]
    public async Task Form_a_the_static_key_beside_Authority_signs_tokens_for_the_identity_providers_issuer()
    {
        // Whoever holds the developer key writes a token that claims to come from the real identity provider.
        var forged = Create(DeveloperKey, issuer: IdentityProvider, claims: Admin);
        var result = await AuthenticateAsync(AuthorityPlusStaticKey(), forged);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(IdentityProvider, result.Principal!.FindFirst("iss")?.Value);
        Assert.True(result.Principal.HasClaim(c => c.Value == "admin")); // "role" is mapped to ClaimTypes.Role by JwtBearer

        // Both genuine populations are accepted too: that is why the pool looks harmless.
        Assert.True((await AuthenticateAsync(AuthorityPlusStaticKey(), Create(IdentityProviderKey, issuer: IdentityProvider))).Succeeded);
        Assert.True((await AuthenticateAsync(AuthorityPlusStaticKey(), Create(DeveloperKey, issuer: DeveloperIssuer))).Succeeded);
    }

    [Fact]
    public async Task Form_a_a_signing_key_validator_that_binds_keys_to_the_tokens_issuer_rejects_the_cross_issuer_token()
    {
        var forged = Create(DeveloperKey, issuer: IdentityProvider, claims: Admin);
        var bound = AuthorityPlusStaticKey(p =>
        {
            p.ValidateIssuerSigningKey = true;
            p.IssuerSigningKeyValidator = (key, token, parameters) =>
                token.Issuer == DeveloperIssuer ? key == DeveloperKey : key is not SymmetricSecurityKey;
        });

        Assert.False((await AuthenticateAsync(bound, forged)).Succeeded);
        Assert.True((await AuthenticateAsync(bound, Create(IdentityProviderKey, issuer: IdentityProvider))).Succeeded);
        Assert.True((await AuthenticateAsync(bound, Create(DeveloperKey, issuer: DeveloperIssuer))).Succeeded);
    }

    private static readonly OpenIdConnectConfiguration IdentityProviderMetadata = Metadata(IdentityProvider, IdentityProviderKey);
    private static readonly OpenIdConnectConfiguration PartnerMetadata = Metadata(PartnerIssuer, PartnerKey);

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Form_b_keys_of_two_configurations_combined_let_the_partner_key_sign_for_the_identity_provider(Handler handler)
    {
        var pooled = new TokenValidationParameters
        {
            ValidIssuers = [IdentityProviderMetadata.Issuer, PartnerMetadata.Issuer],
            ValidAudience = Audience,
            IssuerSigningKeys = IdentityProviderMetadata.SigningKeys.Concat(PartnerMetadata.SigningKeys),
        };

        var forged = Create(PartnerKey, issuer: IdentityProvider, claims: Admin);
        AssertAccepted(await Validate(handler, forged, pooled));

        // Metadata keys plus a static key: the static key signs for the metadata issuer.
        var withStatic = new TokenValidationParameters
        {
            ValidIssuers = [IdentityProviderMetadata.Issuer, DeveloperIssuer],
            ValidAudience = Audience,
            IssuerSigningKeys = [.. IdentityProviderMetadata.SigningKeys, DeveloperKey],
        };
        AssertAccepted(await Validate(handler, Create(DeveloperKey, issuer: IdentityProvider), withStatic));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Form_b_a_resolver_keyed_by_issuer_rejects_the_cross_issuer_token(Handler handler)
    {
        var byIssuer = new Dictionary<string, OpenIdConnectConfiguration>
        {
            [IdentityProviderMetadata.Issuer] = IdentityProviderMetadata,
            [PartnerMetadata.Issuer] = PartnerMetadata,
        };
        var resolved = new TokenValidationParameters
        {
            ValidIssuers = [IdentityProviderMetadata.Issuer, PartnerMetadata.Issuer],
            ValidAudience = Audience,
            IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => byIssuer[securityToken.Issuer].SigningKeys,
        };

        AssertRejected<SecurityTokenSignatureKeyNotFoundException>(await Validate(handler, Create(PartnerKey, issuer: IdentityProvider), resolved));
        AssertAccepted(await Validate(handler, Create(PartnerKey, issuer: PartnerIssuer), resolved));
        AssertAccepted(await Validate(handler, Create(IdentityProviderKey, issuer: IdentityProvider), resolved));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Several_keys_of_one_issuer_are_a_rotation_not_a_pool(Handler handler)
    {
        // Current and next key of the same issuer, only that issuer valid: a key still signs only for its own issuer.
        var next = NewRsaKey("idp-key-next");
        var rotation = new TokenValidationParameters
        {
            ValidIssuer = IdentityProvider,
            ValidAudience = Audience,
            IssuerSigningKeys = IdentityProviderMetadata.SigningKeys.Concat([next]),
        };

        AssertAccepted(await Validate(handler, Create(next, issuer: IdentityProvider), rotation));
        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, Create(next, issuer: PartnerIssuer), rotation));
    }

    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    /// <summary>Form (c): the section as appsettings.json would give it, bound by JwtBearer's own configuration binding.</summary>
    private static Action<WebApplicationBuilder> ConfiguredScheme(bool secondIssuerKey) => builder =>
    {
        var section = new Dictionary<string, string?>
        {
            [$"Authentication:Schemes:{Scheme}:ValidIssuers:0"] = IdentityProvider,
            [$"Authentication:Schemes:{Scheme}:ValidIssuers:1"] = PartnerIssuer,
            [$"Authentication:Schemes:{Scheme}:ValidAudiences:0"] = Audience,
            [$"Authentication:Schemes:{Scheme}:SigningKeys:0:Issuer"] = IdentityProvider,
            [$"Authentication:Schemes:{Scheme}:SigningKeys:0:Value"] = Convert.ToBase64String(KeyA),
        };
        if (secondIssuerKey)
        {
            section[$"Authentication:Schemes:{Scheme}:SigningKeys:1:Issuer"] = PartnerIssuer;
            section[$"Authentication:Schemes:{Scheme}:SigningKeys:1:Value"] = Convert.ToBase64String(KeyB);
        }

        builder.Configuration.AddInMemoryCollection(section);
        builder.Services.AddAuthentication().AddJwtBearer();
    };

    [Fact]
    public async Task Form_c_signing_keys_of_two_issuers_in_configuration_become_one_pool()
    {
        // The partner signs with its own configured key, claiming the identity provider's issuer.
        var forged = Create(new SymmetricSecurityKey(KeyB), issuer: IdentityProvider, claims: Admin);
        var result = await AuthenticateAsync(ConfiguredScheme(secondIssuerKey: true), forged);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(IdentityProvider, result.Principal!.FindFirst("iss")?.Value);

        // Control: with only the identity provider's key configured, the partner key signs nothing.
        var single = await AuthenticateAsync(ConfiguredScheme(secondIssuerKey: false), forged);
        Assert.False(single.Succeeded);
        Assert.True((await AuthenticateAsync(ConfiguredScheme(secondIssuerKey: false), Create(new SymmetricSecurityKey(KeyA), issuer: IdentityProvider))).Succeeded);
    }

    /// <summary>
    /// Form (c) on the configuration one environment sees: appsettings.json and appsettings.Production.json, read by
    /// the real JSON provider. The production file's second SigningKeys entry joins the base file's first (lists merge
    /// by index), so the merged view, not either file alone, holds the pool (what TA309 (c) judges, with TA502 and TA503).
    /// </summary>
    [Fact]
    public async Task Form_c_the_entries_of_appsettings_json_and_an_environment_file_merge_into_one_pool()
    {
        var folder = Directory.CreateTempSubdirectory("ta309-c-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "appsettings.json"), $$"""
                { "Authentication": { "Schemes": { "{{Scheme}}": {
                  "ValidIssuers": [ "{{IdentityProvider}}", "{{PartnerIssuer}}" ], "ValidAudiences": [ "{{Audience}}" ],
                  "SigningKeys": [ { "Issuer": "{{IdentityProvider}}", "Value": "{{Convert.ToBase64String(KeyA)}}" } ] } } } }
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "appsettings.Production.json"), $$"""
                { "Authentication": { "Schemes": { "{{Scheme}}": {
                  "SigningKeys": [ {}, { "Issuer": "{{PartnerIssuer}}", "Value": "{{Convert.ToBase64String(KeyB)}}" } ] } } } }
                """);

            Action<WebApplicationBuilder> configure = builder =>
            {
                builder.Configuration.AddJsonFile(Path.Combine(folder.FullName, "appsettings.json"));
                builder.Configuration.AddJsonFile(Path.Combine(folder.FullName, "appsettings.Production.json"));
                builder.Services.AddAuthentication().AddJwtBearer();
            };

            var forged = Create(new SymmetricSecurityKey(KeyB), issuer: IdentityProvider, claims: Admin);
            var result = await AuthenticateAsync(configure, forged);
            Assert.True(result.Succeeded, result.Failure?.ToString());

            // Control: the base file alone (the environments without a file of their own) has one issuer's key only.
            Action<WebApplicationBuilder> baseOnly = builder =>
            {
                builder.Configuration.AddJsonFile(Path.Combine(folder.FullName, "appsettings.json"));
                builder.Services.AddAuthentication().AddJwtBearer();
            };
            Assert.False((await AuthenticateAsync(baseOnly, forged)).Succeeded);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
