using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.IdentityModel.Validators;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA3xx, the Storm-0558 class, offline with toy keys. Entra ID's multi-tenant metadata publishes one key set for all
/// tenants and for consumer (MSA) accounts; each key carries an "issuer" member. A consumer key signing a token that
/// claims an enterprise tenant is accepted unless the key is bound to its issuer with
/// <c>EnableAadSigningKeyIssuerValidation()</c>.
/// </summary>
[Trait("Rule", "TA301")]
[Trait("Rule", "TA302")]
[Trait("Rule", "TA303")]
[Trait("Rule", "TA306")]
public class EntraSigningKeyIssuerTests
{
    private const string IssuerTemplate = "https://login.microsoftonline.com/{tenantid}/v2.0";
    private const string ConsumerTenant = "9188040d-6c67-4c5b-b112-36a304b66dad"; // the MSA consumer tenant
    private const string ConsumerKeyIssuer = "https://login.microsoftonline.com/" + ConsumerTenant + "/v2.0";
    internal const string EnterpriseTenant = "0c0ffee0-1234-4abc-8def-0123456789ab"; // toy enterprise tenant
    internal const string EnterpriseIssuer = "https://login.microsoftonline.com/" + EnterpriseTenant + "/v2.0";
    private const string CommonAuthority = "https://login.microsoftonline.com/common/v2.0";
    internal const string ApiAudience = "api://toy-entra-api";

    internal static readonly RsaSecurityKey OrganisationalKey = NewRsaKey("org-key-1");
    private static readonly RsaSecurityKey ConsumerKey = NewRsaKey("msa-key-1");
    private static readonly RsaSecurityKey AttackerKey = NewRsaKey("org-key-1");

    /// <summary>The configuration, read from JSON the way OpenIdConnectConfigurationRetriever reads Entra's.</summary>
    internal static readonly OpenIdConnectConfiguration EntraConfiguration = BuildEntraConfiguration();

    private static OpenIdConnectConfiguration BuildEntraConfiguration()
    {
        var discovery = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = IssuerTemplate,
            ["jwks_uri"] = "https://login.microsoftonline.com/common/discovery/v2.0/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        });
        var jwks = EntraJwks();

        // What OpenIdConnectConfigurationRetriever does after downloading both documents.
        var configuration = new OpenIdConnectConfiguration(discovery) { JsonWebKeySet = new JsonWebKeySet(jwks) };
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }

    /// <summary>Entra's key set as JSON: an enterprise key with the issuer template, and a key of the consumer tenant.</summary>
    internal static string EntraJwks() => "{\"keys\":[" + Jwk(OrganisationalKey, IssuerTemplate) + "," + Jwk(ConsumerKey, ConsumerKeyIssuer) + "]}";

    internal static string EntraToken(RsaSecurityKey key, string tenant) => Create(
        key,
        issuer: $"https://login.microsoftonline.com/{tenant}/v2.0",
        audience: ApiAudience,
        claims: new Dictionary<string, object> { ["tid"] = tenant, ["ver"] = "2.0" });

    /// <summary>The Storm-0558 token: signed with the consumer key, claiming the enterprise tenant.</summary>
    internal static string ForgedEnterpriseToken() => EntraToken(ConsumerKey, EnterpriseTenant);

    /// <summary>Parameters as JwtBearer builds them for an Entra authority: keys and issuer come from the metadata.</summary>
    private static TokenValidationParameters EntraParameters() => new()
    {
        ValidAudience = ApiAudience,
        ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(EntraConfiguration),
    };

    /// <summary>
    /// AadIssuerValidator for the common endpoint. ValidIssuer is the template the /common/v2.0 metadata publishes,
    /// which lets the validator decide offline (without it, it would download that metadata to learn the template).
    /// </summary>
    private static void UseAadIssuerValidator(TokenValidationParameters p)
    {
        p.ValidIssuer = IssuerTemplate;
        p.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(CommonAuthority).Validate;
    }

    private static TokenValidationParameters ProtectedParameters()
    {
        var p = EntraParameters();
        UseAadIssuerValidator(p);
        p.EnableAadSigningKeyIssuerValidation();
        return p;
    }

    /// <summary>A real (non accept-all) signature validator: verifies RS256 against the metadata keys by kid.</summary>
    private static SignatureValidator VerifyingSignatureValidator(Handler handler) => (token, parameters) =>
    {
        var jwt = new JsonWebToken(token);
        var key = EntraConfiguration.SigningKeys.Single(k => k.KeyId == jwt.Kid);
        var parts = token.Split('.');
        var provider = CryptoProviderFactory.Default.CreateForVerifying(key, jwt.Alg);
        if (!provider.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlEncoder.DecodeBytes(parts[2])))
        {
            throw new SecurityTokenInvalidSignatureException("signature does not verify");
        }

        return handler == Handler.JsonWebToken ? jwt : new JwtSecurityToken(token);
    };

    /// <summary>
    /// TA302's fix is declined in a helper that callers give a shared options object on every request:
    /// EnableAadSigningKeyIssuerValidation() is not idempotent. Each call wraps the validator already set, so calls pile
    /// up one wrapper each (real code re-applied its Entra settings on every sign-in).
    /// </summary>
    [Fact]
    public void EnableAadSigningKeyIssuerValidation_wraps_the_validator_already_set_on_every_call()
    {
        var parameters = new TokenValidationParameters();
        parameters.EnableAadSigningKeyIssuerValidation();
        var first = parameters.IssuerSigningKeyValidatorUsingConfiguration;
        parameters.EnableAadSigningKeyIssuerValidation();
        var second = parameters.IssuerSigningKeyValidatorUsingConfiguration;

        Assert.NotNull(first);
        Assert.NotSame(first, second);
        Assert.Contains(second!.Target!.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic),
            field => ReferenceEquals(field.GetValue(second.Target), first)); // the second wraps the first
    }

    [Fact]
    public void The_toy_configuration_is_shaped_like_Entra_multi_tenant_metadata()
    {
        Assert.Equal(IssuerTemplate, EntraConfiguration.Issuer);
        Assert.Equal(2, EntraConfiguration.SigningKeys.Count);
        var keys = EntraConfiguration.JsonWebKeySet.Keys.ToDictionary(k => k.Kid);
        Assert.Equal(IssuerTemplate, keys["org-key-1"].AdditionalData["issuer"]);
        Assert.Equal(ConsumerKeyIssuer, keys["msa-key-1"].AdditionalData["issuer"]);
    }

    // ---- TA301 / TA302: without the key-issuer binding the consumer key signs enterprise tokens ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateIssuer_false_accepts_a_consumer_key_signed_enterprise_token(Handler handler)
    {
        var p = EntraParameters();
        p.ValidateIssuer = false;
        AssertAccepted(await Validate(handler, ForgedEnterpriseToken(), p));

        // Control: the key binding rejects it even with ValidateIssuer = false.
        var q = EntraParameters();
        q.ValidateIssuer = false;
        q.EnableAadSigningKeyIssuerValidation();
        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, ForgedEnterpriseToken(), q));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task AadIssuerValidator_alone_accepts_a_consumer_key_signed_enterprise_token(Handler handler)
    {
        var p = EntraParameters();
        UseAadIssuerValidator(p);
        AssertAccepted(await Validate(handler, ForgedEnterpriseToken(), p));

        // Control: the issuer validator does reject a non-Entra issuer, so it is doing its (issuer-only) job.
        var q = EntraParameters();
        UseAadIssuerValidator(q);
        var foreign = Create(ConsumerKey, issuer: "https://evil.toy.example/" + EnterpriseTenant + "/v2.0", audience: ApiAudience,
            claims: new Dictionary<string, object> { ["tid"] = EnterpriseTenant });
        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, foreign, q));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Prefix_IssuerValidator_accepts_a_consumer_key_signed_enterprise_token(Handler handler)
    {
        var p = EntraParameters();
        p.IssuerValidator = (issuer, token, parameters) =>
            issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.Ordinal)
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("not an Entra issuer");
        AssertAccepted(await Validate(handler, ForgedEnterpriseToken(), p));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task EnableAadSigningKeyIssuerValidation_rejects_a_consumer_key_signed_enterprise_token(Handler handler)
    {
        var ex = AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, ForgedEnterpriseToken(), ProtectedParameters()));
        Assert.Contains("IDX40005", ex.Message);
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Protected_setup_accepts_genuine_tokens(Handler handler)
    {
        // The organisational key signs enterprise tenants' tokens...
        AssertAccepted(await Validate(handler, EntraToken(OrganisationalKey, EnterpriseTenant), ProtectedParameters()));

        // ...and the consumer key signs consumer tokens.
        AssertAccepted(await Validate(handler, EntraToken(ConsumerKey, ConsumerTenant), ProtectedParameters()));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Protected_setup_still_rejects_a_token_signed_with_an_unknown_key(Handler handler)
    {
        var result = await Validate(handler, EntraToken(AttackerKey, EnterpriseTenant), ProtectedParameters());
        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    // ---- TA303: each trap silently removes the binding ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Replacing_TokenValidationParameters_after_EnableAadSigningKeyIssuerValidation_removes_the_protection(Handler handler)
    {
        var options = new JwtBearerOptions();
        options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
        options.TokenValidationParameters = EntraParameters();
        UseAadIssuerValidator(options.TokenValidationParameters);
        AssertAccepted(await Validate(handler, ForgedEnterpriseToken(), options.TokenValidationParameters));

        // Control: the call after the replacement protects.
        var fixedOptions = new JwtBearerOptions { TokenValidationParameters = EntraParameters() };
        UseAadIssuerValidator(fixedOptions.TokenValidationParameters);
        fixedOptions.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, ForgedEnterpriseToken(), fixedOptions.TokenValidationParameters));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Assigning_IssuerSigningKeyValidatorUsingConfiguration_after_EnableAadSigningKeyIssuerValidation_removes_the_protection(Handler handler)
    {
        // A real-looking key check: only keys published in the configuration.
        IssuerSigningKeyValidatorUsingConfiguration keyIsPublished = (key, token, parameters, configuration) =>
            configuration.SigningKeys.Any(k => k.KeyId == key.KeyId);

        var undone = EntraParameters();
        UseAadIssuerValidator(undone);
        undone.EnableAadSigningKeyIssuerValidation();
        undone.IssuerSigningKeyValidatorUsingConfiguration = keyIsPublished;
        AssertAccepted(await Validate(handler, ForgedEnterpriseToken(), undone));

        // Control: calling it after the assignment keeps the protection (it wraps the user's delegate)...
        var kept = EntraParameters();
        UseAadIssuerValidator(kept);
        kept.IssuerSigningKeyValidatorUsingConfiguration = keyIsPublished;
        kept.EnableAadSigningKeyIssuerValidation();
        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, ForgedEnterpriseToken(), kept));

        // ...and still runs the user's check, which accepts a genuine token.
        var kept2 = EntraParameters();
        UseAadIssuerValidator(kept2);
        kept2.IssuerSigningKeyValidatorUsingConfiguration = keyIsPublished;
        kept2.EnableAadSigningKeyIssuerValidation();
        AssertAccepted(await Validate(handler, EntraToken(OrganisationalKey, EnterpriseTenant), kept2));
    }

    // Finding (differs from RULES.md TA303): a SignatureValidator does not silently undo the binding in 8.16.0.
    // The wrapper installed by EnableAadSigningKeyIssuerValidation() still runs; it gets the returned token's
    // SigningKey, which a custom validator normally leaves null, and with RequireSignedTokens = true a null key makes
    // it throw ArgumentNullException IDX40007: every token, genuine or forged, is rejected (fails closed). The order of
    // the two statements does not matter. The binding is lost only when RequireSignedTokens is also false.

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task SignatureValidator_with_EnableAadSigningKeyIssuerValidation_rejects_every_token_in_either_order(Handler handler)
    {
        foreach (var enableFirst in new[] { true, false })
        {
            TokenValidationParameters Params()
            {
                var p = EntraParameters();
                UseAadIssuerValidator(p);
                if (enableFirst)
                {
                    p.EnableAadSigningKeyIssuerValidation();
                }

                p.SignatureValidator = VerifyingSignatureValidator(handler);
                if (!enableFirst)
                {
                    p.EnableAadSigningKeyIssuerValidation();
                }

                return p;
            }

            var forged = AssertRejected<ArgumentNullException>(await Validate(handler, ForgedEnterpriseToken(), Params()));
            Assert.Contains("IDX40007", forged.Message);
            var genuine = AssertRejected<ArgumentNullException>(await Validate(handler, EntraToken(OrganisationalKey, EnterpriseTenant), Params()));
            Assert.Contains("IDX40007", genuine.Message);
        }

        // Control: the same SignatureValidator without the binding accepts the genuine token (and the forged one).
        var plain = EntraParameters();
        UseAadIssuerValidator(plain);
        plain.SignatureValidator = VerifyingSignatureValidator(handler);
        AssertAccepted(await Validate(handler, EntraToken(OrganisationalKey, EnterpriseTenant), plain));
        var plain2 = EntraParameters();
        UseAadIssuerValidator(plain2);
        plain2.SignatureValidator = VerifyingSignatureValidator(handler);
        AssertAccepted(await Validate(handler, ForgedEnterpriseToken(), plain2));

        // The custom validator is real: it rejects a token signed with an unknown key.
        var real = EntraParameters();
        UseAadIssuerValidator(real);
        real.SignatureValidator = VerifyingSignatureValidator(handler);
        Assert.False((await Validate(handler, EntraToken(AttackerKey, EnterpriseTenant), real)).IsValid);
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task SignatureValidator_after_EnableAadSigningKeyIssuerValidation_removes_the_protection_when_RequireSignedTokens_is_false(Handler handler)
    {
        var p = EntraParameters();
        UseAadIssuerValidator(p);
        p.EnableAadSigningKeyIssuerValidation();
        p.SignatureValidator = VerifyingSignatureValidator(handler);
        p.RequireSignedTokens = false;
        AssertAccepted(await Validate(handler, ForgedEnterpriseToken(), p));
    }

    // ---- TA306: "none" in ValidAlgorithms ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidAlgorithms_with_none_and_RequireSignedTokens_false_accepts_an_alg_none_token(Handler handler)
    {
        Assert.Equal("none", SecurityAlgorithms.None);
        var unsigned = Create(signingKey: null);

        var p = Secure();
        p.ValidAlgorithms = new[] { SecurityAlgorithms.None, SecurityAlgorithms.RsaSha256 };
        p.RequireSignedTokens = false;
        AssertAccepted(await Validate(handler, unsigned, p));

        // Control: with RequireSignedTokens = true, "none" in ValidAlgorithms does not let it in.
        var q = Secure();
        q.ValidAlgorithms = new[] { SecurityAlgorithms.None, SecurityAlgorithms.RsaSha256 };
        AssertRejected<SecurityTokenInvalidSignatureException>(await Validate(handler, unsigned, q));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidAlgorithms_is_not_consulted_for_an_unsigned_token(Handler handler)
    {
        // Finding: the alg-none token passes with RequireSignedTokens = false even when ValidAlgorithms lacks "none":
        // RequireSignedTokens alone decides; "none" in ValidAlgorithms adds nothing.
        var p = Secure();
        p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
        p.RequireSignedTokens = false;
        AssertAccepted(await Validate(handler, Create(signingKey: null), p));
    }
}
