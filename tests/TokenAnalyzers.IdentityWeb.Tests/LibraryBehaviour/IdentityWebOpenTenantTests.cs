using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA504's premise, with the real Microsoft.Identity.Web 4.18.0 web API pipeline and the real JwtBearer 10 handler
/// against Entra ID in process (<see cref="InProcessEntra"/>): configured with TenantId "common", it authenticates a
/// token issued by a tenant the application has never heard of; once a tenant check of the kind that makes TA504
/// silent is added, the same token is rejected and a token of the served tenant still passes. The key set's key
/// carries the issuer template, as Entra's multi-tenant keys do.
/// </summary>
[Trait("Rule", "TA504")]
public class IdentityWebOpenTenantTests
{
    private const string ClientId = InProcessEntra.ClientId;
    private const string HomeTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ForeignTenant = "0badc0de-0000-4000-8000-00000000a77a"; // an attacker's own tenant
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

    private static string TokenFrom(string tenant) => InProcessEntra.TokenFrom(tenant, EntraKey);

    private static Task<AuthenticateResult> Authenticate(string tenantId, string token, Action<JwtBearerOptions>? tenantCheck, List<string> served) =>
        InProcessEntra.AuthenticateAsync(tenantId, token, [(EntraKey, InProcessEntra.IssuerTemplate)], served, after: null, tenantCheck);
}
