using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>An AppContext switch is process-wide: the tests that set one run alone.</summary>
[CollectionDefinition(nameof(ProcessWideSwitches), DisableParallelization = true)]
public sealed class ProcessWideSwitches;

/// <summary>
/// TA303's switch with the real libraries (IdentityModel 8.16.0): after
/// <c>EnableAadSigningKeyIssuerValidation()</c>, a token without <c>tid</c> signed with Entra's consumer key and
/// claiming an enterprise issuer is rejected; with
/// <c>AppContext.SetSwitch("Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning", true)</c>
/// the same token is accepted. The library caches the switch on first read, so the test resets that cache
/// (the internal <c>AppContextSwitches</c>' nullable fields) after each change and restores the default at the end.
/// </summary>
[Trait("Rule", "TA303")]
[Collection(nameof(ProcessWideSwitches))]
public sealed class MissingTidSwitchTests
{
    private const string Switch = "Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning";
    private const string IssuerTemplate = "https://login.microsoftonline.com/{tenantid}/v2.0";
    private const string ConsumerKeyIssuer = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
    private const string EnterpriseIssuer = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";

    private static readonly RsaSecurityKey OrganisationalKey = NewRsaKey("org-key-1");
    private static readonly RsaSecurityKey ConsumerKey = NewRsaKey("msa-key-1");

    /// <summary>Entra's multi-tenant metadata in miniature: one key per issuer, each key naming its issuer.</summary>
    private static TokenValidationParameters Parameters()
    {
        var discovery = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = IssuerTemplate,
            ["jwks_uri"] = "https://login.microsoftonline.com/common/discovery/v2.0/keys",
        });
        var configuration = new OpenIdConnectConfiguration(discovery)
        {
            JsonWebKeySet = new JsonWebKeySet("{\"keys\":[" + Jwk(OrganisationalKey, IssuerTemplate) + "," + Jwk(ConsumerKey, ConsumerKeyIssuer) + "]}"),
        };
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }

        var parameters = new TokenValidationParameters
        {
            ValidAudience = Audience,
            ValidateIssuer = false, // isolates the key-to-issuer binding from the issuer check
            ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration),
        };
        parameters.EnableAadSigningKeyIssuerValidation();
        return parameters;
    }

    private static void SetSwitch(bool enabled)
    {
        AppContext.SetSwitch(Switch, enabled);
        // Forget every cached switch value (nullable bool fields), so the next read sees the switch as set now.
        var switches = typeof(TokenValidationParameters).Assembly.GetType("Microsoft.IdentityModel.Tokens.AppContextSwitches", throwOnError: true)!;
        var cached = 0;
        foreach (var field in switches.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
        {
            if (field.FieldType == typeof(bool?) && !field.IsLiteral && !field.IsInitOnly)
            {
                field.SetValue(null, null);
                cached++;
            }
        }

        Assert.True(cached > 0, "AppContextSwitches caches no switch: the library changed");
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task The_switch_lets_a_token_without_tid_skip_the_key_to_issuer_check(Handler handler)
    {
        // Signed with the consumer key, claiming an enterprise tenant, and without the tid claim.
        var forged = Create(ConsumerKey, issuer: EnterpriseIssuer);
        try
        {
            SetSwitch(false);
            AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, forged, Parameters()));

            SetSwitch(true);
            AssertAccepted(await Validate(handler, forged, Parameters()));
        }
        finally
        {
            SetSwitch(false);
        }

        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, forged, Parameters()));
    }
}
