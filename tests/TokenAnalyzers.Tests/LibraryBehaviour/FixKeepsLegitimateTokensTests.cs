using System.IO;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// RULES.md "Code fixes must not lock users out", proven per condition: the code fix is applied (with the verifier,
/// one by one and with Fix All), the fixed code is compiled and run, and a legitimate token still validates with the
/// real handler: <see cref="JsonWebTokenHandler.ValidateTokenAsync(string, TokenValidationParameters)"/> for a
/// parameters object; the real JwtBearer pipeline (AddJwtBearer, its post-configuration and handler, metadata served
/// by an in-process backchannel) for JwtBearerOptions; OpenIdConnect's own post-configuration and the parameters as
/// its handler uses them for OpenIdConnectOptions. The controls show why no fix is offered elsewhere: the same
/// removal without an issuer or audience rejects the legitimate token.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA107")]
[Trait("Rule", "TA201")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA302")]
public class FixKeepsLegitimateTokensTests
{
    private const string Usings = """
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Authentication.OpenIdConnect;
        using Microsoft.IdentityModel.Tokens;

        """;

    /// <summary>
    /// Applies the rule's fix to <paramref name="markup"/>, checks that it removes the marked assignment and nothing
    /// else (the expected code is the input without the marked line), and compiles the result to run it.
    /// </summary>
    private static async Task<Assembly> FixAndCompile<TRule>(string markup)
        where TRule : new()
    {
        var fixedCode = string.Join("\n", markup.Split('\n').Where(line => !line.Contains("{|TA", StringComparison.Ordinal)));
        await Verify.CodeFixAsync<TRule, RemoveAssignmentCodeFixProvider>(Usings + markup, Usings + fixedCode);
        return Compile(Usings + fixedCode);
    }

    private static Assembly Compile(string code)
    {
        var compilation = CSharpCompilation.Create(
            "Fixed" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(code)],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }

    private static T Call<T>(Assembly assembly, string method, params object[] arguments) =>
        (T)assembly.GetType("Config")!.GetMethod(method)!.Invoke(null, arguments)!;

    private static Action<TOptions> Configure<TOptions>(Assembly assembly) =>
        assembly.GetType("Config")!.GetMethod("Configure")!.CreateDelegate<Action<TOptions>>();

    private static string LegitimateToken() => Create(TrustedKey);

    // ---- parameters objects: JsonWebTokenHandler ----

    [Fact]
    public async Task TA101_fix_with_ValidIssuer_keeps_a_legitimate_token_valid()
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    ValidIssuer = "{{Issuer}}",
                    ValidAudience = "{{Audience}}",
                    {|TA101:ValidateIssuer = false|},
                };
            }
            """);
        var parameters = Call<TokenValidationParameters>(fixedCode, "Create", TrustedKey);
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(LegitimateToken(), parameters));
        AssertRejected<SecurityTokenInvalidIssuerException>(await new JsonWebTokenHandler().ValidateTokenAsync(Create(TrustedKey, issuer: ForeignIssuer), parameters));
    }

    [Fact]
    public async Task TA101_fix_with_a_ConfigurationManager_keeps_a_legitimate_token_valid()
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static TokenValidationParameters Create(BaseConfigurationManager manager) => new TokenValidationParameters
                {
                    ConfigurationManager = manager,
                    ValidAudience = "{{Audience}}",
                    {|TA101:ValidateIssuer = false|},
                };
            }
            """);
        var parameters = Call<TokenValidationParameters>(fixedCode, "Create", new StaticConfigurationManager<OpenIdConnectConfiguration>(Metadata.Configuration()));
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(LegitimateToken(), parameters));
        AssertRejected<SecurityTokenInvalidIssuerException>(await new JsonWebTokenHandler().ValidateTokenAsync(Create(TrustedKey, issuer: ForeignIssuer), parameters));
    }

    [Fact]
    public async Task Control_removing_ValidateIssuer_false_without_an_issuer_rejects_the_legitimate_token()
    {
        // Why TA101 offers no fix here: the restored check has nothing to compare with.
        await Verify.CodeFixAsync<DisabledValidationRule, RemoveAssignmentCodeFixProvider>(
            Usings + "class C { TokenValidationParameters P => new() { ValidAudience = \"a\", {|TA101:ValidateIssuer = false|} }; }",
            Usings + "class C { TokenValidationParameters P => new() { ValidAudience = \"a\", {|TA101:ValidateIssuer = false|} }; }");
        var removedAnyway = new TokenValidationParameters { IssuerSigningKey = TrustedKey, ValidAudience = Audience };
        AssertRejected<SecurityTokenInvalidIssuerException>(await new JsonWebTokenHandler().ValidateTokenAsync(LegitimateToken(), removedAnyway));
    }

    [Fact]
    public async Task TA102_fix_with_ValidAudiences_keeps_a_legitimate_token_valid()
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static TokenValidationParameters Create(SecurityKey key)
                {
                    var p = new TokenValidationParameters { IssuerSigningKey = key, ValidIssuer = "{{Issuer}}" };
                    p.ValidAudiences = new[] { "{{Audience}}" };
                    {|TA102:p.ValidateAudience = false|};
                    return p;
                }
            }
            """);
        var parameters = Call<TokenValidationParameters>(fixedCode, "Create", TrustedKey);
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(LegitimateToken(), parameters));
        AssertRejected<SecurityTokenInvalidAudienceException>(await new JsonWebTokenHandler().ValidateTokenAsync(Create(TrustedKey, audience: ForeignAudience), parameters));
    }

    [Fact]
    public async Task Control_removing_ValidateAudience_false_without_an_audience_rejects_the_legitimate_token()
    {
        var removedAnyway = new TokenValidationParameters { IssuerSigningKey = TrustedKey, ValidIssuer = Issuer };
        AssertRejected<SecurityTokenInvalidAudienceException>(await new JsonWebTokenHandler().ValidateTokenAsync(LegitimateToken(), removedAnyway));
    }

    [Fact]
    public async Task TA103_fix_outside_refresh_helpers_keeps_a_legitimate_token_valid()
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
                {
                    IssuerSigningKey = key, ValidIssuer = "{{Issuer}}", ValidAudience = "{{Audience}}",
                    {|TA103:ValidateLifetime = false|},
                };
            }
            """);
        var parameters = Call<TokenValidationParameters>(fixedCode, "Create", TrustedKey);
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(LegitimateToken(), parameters));
        AssertRejected<SecurityTokenExpiredException>(await new JsonWebTokenHandler().ValidateTokenAsync(Create(TrustedKey, expiresIn: TimeSpan.FromHours(-1)), parameters));
    }

    [Fact]
    public async Task Control_refresh_helpers_need_the_expired_token_that_removing_ValidateLifetime_false_rejects()
    {
        // Why TA103 offers no fix in a method named ...Expired.../...Refresh..., or a helper one calls: it reads an expired token on purpose.
        var expired = Create(TrustedKey, expiresIn: TimeSpan.FromMinutes(-10));
        var asWritten = new TokenValidationParameters { IssuerSigningKey = TrustedKey, ValidIssuer = Issuer, ValidAudience = Audience, ValidateLifetime = false };
        var removed = new TokenValidationParameters { IssuerSigningKey = TrustedKey, ValidIssuer = Issuer, ValidAudience = Audience };
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(expired, asWritten));
        AssertRejected<SecurityTokenExpiredException>(await new JsonWebTokenHandler().ValidateTokenAsync(expired, removed));

        // The safe form the TA103 page shows: accept an expired token only within the refresh window.
        var window = new TokenValidationParameters
        {
            IssuerSigningKey = TrustedKey, ValidIssuer = Issuer, ValidAudience = Audience,
            LifetimeValidator = (notBefore, expires, token, p) => expires is { } e && e > DateTime.UtcNow - TimeSpan.FromDays(7),
        };
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(expired, window));
        AssertRejected<SecurityTokenInvalidLifetimeException>(await new JsonWebTokenHandler().ValidateTokenAsync(Create(TrustedKey, expiresIn: TimeSpan.FromDays(-30)), window));
    }

    /// <summary>
    /// Why TA103's and TA105's fixes are not offered on the parameters of a DPoP proof (round AJ, Duende's
    /// <c>ProofTokenValidationParameters</c> and a hand-written proof validator): a proof (RFC 9449, typ dpop+jwt,
    /// signed with the key in its own jwk header) carries <c>iat</c> and no <c>exp</c>, so the restored check rejects
    /// every legitimate proof.
    /// </summary>
    [Theory]
    [InlineData(nameof(TokenValidationParameters.RequireExpirationTime))]
    [InlineData(nameof(TokenValidationParameters.ValidateLifetime))]
    public async Task Control_a_DPoP_proof_has_no_expiry_and_fails_once_the_switched_off_check_is_back(string flag)
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var privateKey = new ECDsaSecurityKey(ecdsa);
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(ecdsa.ExportParameters(false))));
        var proof = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "dpop+jwt",
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jwk"] = new Dictionary<string, object> { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = publicJwk.X, ["y"] = publicJwk.Y } },
            Claims = new Dictionary<string, object>
            {
                ["htm"] = "POST", ["htu"] = "https://server.example.com/token", ["jti"] = Guid.NewGuid().ToString("N"),
                ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            },
            SigningCredentials = new SigningCredentials(privateKey, SecurityAlgorithms.EcdsaSha256),
        });

        TokenValidationParameters Parameters(bool switchedOff)
        {
            var parameters = new TokenValidationParameters
            {
                ValidateIssuer = false, ValidateAudience = false, ValidTypes = ["dpop+jwt"],
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256], IssuerSigningKey = publicJwk,
            };
            if (switchedOff && flag == nameof(TokenValidationParameters.RequireExpirationTime))
            {
                parameters.RequireExpirationTime = false;
            }
            else if (switchedOff)
            {
                parameters.ValidateLifetime = false;
            }

            return parameters;
        }

        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(proof, Parameters(switchedOff: true)));
        AssertRejected<SecurityTokenNoExpirationException>(await new JsonWebTokenHandler().ValidateTokenAsync(proof, Parameters(switchedOff: false)));
    }

    // ---- JwtBearerOptions: the real JwtBearer pipeline ----

    private static async Task<AuthenticateResult> AuthenticateWithJwtBearer(Action<JwtBearerOptions> configure, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddAuthentication().AddJwtBearer(configure);
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = new Metadata());
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
    }

    [Theory]
    [InlineData("o.Authority = \"" + Issuer + "\";")]
    [InlineData("o.MetadataAddress = \"" + Issuer + ".well-known/openid-configuration\";")]
    public async Task TA101_fix_on_JwtBearerOptions_with_metadata_keeps_a_legitimate_token_valid(string metadata)
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static void Configure(JwtBearerOptions o)
                {
                    {{metadata}}
                    o.Audience = "{{Audience}}";
                    {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
                }
            }
            """);
        var genuine = await AuthenticateWithJwtBearer(Configure<JwtBearerOptions>(fixedCode), LegitimateToken());
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
        var foreign = await AuthenticateWithJwtBearer(Configure<JwtBearerOptions>(fixedCode), Create(TrustedKey, issuer: ForeignIssuer));
        Assert.IsType<SecurityTokenInvalidIssuerException>(foreign.Failure);
    }

    [Fact]
    public async Task TA102_fix_on_JwtBearerOptions_with_Audience_keeps_a_legitimate_token_valid()
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static void Configure(JwtBearerOptions o)
                {
                    o.Authority = "{{Issuer}}";
                    o.Audience = "{{Audience}}";
                    {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
                }
            }
            """);
        var genuine = await AuthenticateWithJwtBearer(Configure<JwtBearerOptions>(fixedCode), LegitimateToken());
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
        var foreign = await AuthenticateWithJwtBearer(Configure<JwtBearerOptions>(fixedCode), Create(TrustedKey, audience: ForeignAudience));
        Assert.IsType<SecurityTokenInvalidAudienceException>(foreign.Failure);
    }

    [Fact]
    public async Task Control_JwtBearer_with_Authority_but_no_Audience_rejects_the_legitimate_token_once_ValidateAudience_is_on()
    {
        // Why Authority alone does not make TA102's fix safe: the metadata names an issuer, never an audience.
        var genuine = await AuthenticateWithJwtBearer(o => o.Authority = Issuer, LegitimateToken());
        Assert.IsType<SecurityTokenInvalidAudienceException>(genuine.Failure);
    }

    [Fact]
    public async Task Control_an_Audience_set_in_the_other_branch_leaves_the_switchs_branch_rejecting_the_legitimate_token()
    {
        // Real code switches between two identity providers: the audience is set in one branch, the check switched
        // off in the other. TA102 offers no fix there; removing the switch anyway locks out that branch's callers.
        const string Markup = $$"""
            public static class Config
            {
                public static bool External;

                public static void Configure(JwtBearerOptions o)
                {
                    o.Authority = "{{Issuer}}";
                    if (External)
                    {
                        o.TokenValidationParameters = new TokenValidationParameters { {|TA102:ValidateAudience = false|} };
                    }
                    else
                    {
                        o.Audience = "{{Audience}}";
                    }
                }
            }
            """;
        await Verify.CodeFixAsync<DisabledValidationRule, RemoveAssignmentCodeFixProvider>(Usings + Markup, Usings + Markup);

        var removedAnyway = Compile(Usings + Markup.Replace("{|TA102:ValidateAudience = false|}", string.Empty, StringComparison.Ordinal));
        removedAnyway.GetType("Config")!.GetField("External")!.SetValue(null, false);
        var withAudience = await AuthenticateWithJwtBearer(Configure<JwtBearerOptions>(removedAnyway), LegitimateToken());
        Assert.True(withAudience.Succeeded, withAudience.Failure?.ToString());
        removedAnyway.GetType("Config")!.GetField("External")!.SetValue(null, true);
        var external = await AuthenticateWithJwtBearer(Configure<JwtBearerOptions>(removedAnyway), LegitimateToken());
        Assert.IsType<SecurityTokenInvalidAudienceException>(external.Failure);
    }

    // ---- TA104, TA201, TA205: where removing the switch or the delegate would reject the application's own tokens ----

    [Fact]
    public async Task Control_a_token_encrypted_but_not_signed_passes_only_while_RequireSignedTokens_is_false()
    {
        // Why TA104 offers no fix where the parameters decrypt tokens: applications that encrypt their own tokens
        // may not sign them, and restoring RequireSignedTokens rejects every one.
        var encryptionKey = NewSymmetricKey("encryption-key");
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "alice" },
            EncryptingCredentials = new EncryptingCredentials(encryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes128CbcHmacSha256),
        });

        var asWritten = new TokenValidationParameters { ValidIssuer = Issuer, ValidAudience = Audience, TokenDecryptionKey = encryptionKey, RequireSignedTokens = false };
        AssertAccepted(await handler.ValidateTokenAsync(token, asWritten));
        var removedAnyway = new TokenValidationParameters { ValidIssuer = Issuer, ValidAudience = Audience, TokenDecryptionKey = encryptionKey };
        AssertRejected<SecurityTokenInvalidSignatureException>(await handler.ValidateTokenAsync(token, removedAnyway));
    }

    [Fact]
    public async Task Control_removing_a_parse_only_SignatureValidator_without_keys_rejects_the_legitimate_token()
    {
        // Why TA201 offers its fix only where keys, a key resolver, a configuration manager or metadata are set.
        var removedAnyway = new TokenValidationParameters { ValidIssuer = Issuer, ValidAudience = Audience };
        AssertRejected<SecurityTokenSignatureKeyNotFoundException>(await new JsonWebTokenHandler().ValidateTokenAsync(LegitimateToken(), removedAnyway));
    }

    [Fact]
    public async Task TA205_fix_where_signing_keys_are_not_validated_keeps_a_token_signed_with_an_expired_certificate_valid()
    {
        // TA205's fix is offered only where ValidateIssuerSigningKey is not switched on: there removing the
        // accept-all delegate changes nothing (AcceptAllDelegateTests shows the rejection when it is on).
        var fixedCode = await FixAndCompile<AcceptAllValidatorRule>("""
            public static class Config
            {
                public static TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.toy.example/",
                    ValidAudience = "api://toy-api",
                    IssuerSigningKey = key,
                    {|TA205:IssuerSigningKeyValidator = (k, t, p) => true|},
                };
            }
            """);
        var expiredCertificateKey = NewExpiredCertificateKey();
        var parameters = Call<TokenValidationParameters>(fixedCode, "Create", expiredCertificateKey);
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(Create(expiredCertificateKey), parameters));
    }

    [Fact]
    public async Task TA107_fix_removing_RequireHttpsMetadata_false_keeps_a_legitimate_token_valid()
    {
        var fixedCode = await FixAndCompile<InsecureMetadataRule>($$"""
            public static class Config
            {
                public static void Configure(JwtBearerOptions o)
                {
                    o.Authority = "{{Issuer}}";
                    o.Audience = "{{Audience}}";
                    {|TA107:o.RequireHttpsMetadata = false|};
                }
            }
            """);
        var genuine = await AuthenticateWithJwtBearer(Configure<JwtBearerOptions>(fixedCode), LegitimateToken());
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
    }

    [Fact]
    public async Task Control_a_multi_tenant_Entra_issuer_template_rejects_every_tenant_once_ValidateIssuer_is_back()
    {
        // Why TA101 and TA202 count no Authority that may be a multi-tenant Entra ID authority: its metadata's issuer is
        // a template, and JwtBearer (8.0+) hands the metadata to the parameters as their configuration manager.
        var configuration = new OpenIdConnectConfiguration { Issuer = "https://login.microsoftonline.com/{tenantid}/v2.0" };
        configuration.SigningKeys.Add(TrustedKey);
        var token = Create(TrustedKey, issuer: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
        TokenValidationParameters Parameters() => new()
        {
            ValidAudience = Audience,
            ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration),
        };

        var asWritten = Parameters();
        asWritten.ValidateIssuer = false;
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(token, asWritten));
        AssertRejected<SecurityTokenInvalidIssuerException>(await new JsonWebTokenHandler().ValidateTokenAsync(token, Parameters()));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Control_without_a_signing_key_only_unsigned_tokens_pass_and_requiring_a_signature_rejects_them(Handler handler)
    {
        // Why TA104 offers no fix without a signing key (real code: a bypass scheme for a local playground): no signed
        // token can be verified there, so the callers the code serves send unsigned ones, and the restored check rejects them.
        TokenValidationParameters Parameters(bool requireSigned) => new()
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            RequireSignedTokens = requireSigned,
        };

        AssertAccepted(await Validate(handler, Create(signingKey: null), Parameters(requireSigned: false)));
        Assert.False((await Validate(handler, LegitimateToken(), Parameters(requireSigned: false))).IsValid);
        AssertRejected<SecurityTokenInvalidSignatureException>(await Validate(handler, Create(signingKey: null), Parameters(requireSigned: true)));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task Control_tokens_the_application_creates_without_issuer_or_audience_fail_once_the_check_is_back(Handler handler)
    {
        // Why TA101/TA102 (and TA202/TA203) offer no fix where a token the project creates has no issuer or audience:
        // real code sets ValidIssuer = "Kavita" beside ValidateIssuer = false while its SecurityTokenDescriptor sets no
        // Issuer. The ValidIssuer is then never compared with anything, and restoring the check rejects every token.
        var token = Create(TrustedKey, issuer: null, audience: null);
        var asWritten = Secure();
        asWritten.ValidateIssuer = false;
        asWritten.ValidateAudience = false;
        AssertAccepted(await Validate(handler, token, asWritten));

        var issuerRestored = Secure();
        issuerRestored.ValidateAudience = false;
        AssertRejected<SecurityTokenInvalidIssuerException>(await Validate(handler, token, issuerRestored));

        var audienceRestored = Secure();
        audienceRestored.ValidateIssuer = false;
        AssertRejected<SecurityTokenInvalidAudienceException>(await Validate(handler, token, audienceRestored));
    }

    [Fact]
    public async Task Control_a_static_key_beside_the_metadata_signs_tokens_of_an_issuer_the_restored_check_rejects()
    {
        // Why TA101 and TA202 count no Authority or MetadataAddress beside a static IssuerSigningKey (TA309 (a)): real
        // code keeps a legacy key that "also validates the platform-issued customer tokens", whose issuer the metadata
        // does not name. JwtBearer accepts them while ValidateIssuer is false, and rejects them once it is back.
        var customerKey = NewSymmetricKey("customer-key");
        var customerToken = Create(customerKey, issuer: "platform.b2c");
        void Configure(JwtBearerOptions o, bool validateIssuer)
        {
            o.Authority = Issuer;
            o.Audience = Audience;
            o.TokenValidationParameters.IssuerSigningKey = customerKey;
            o.TokenValidationParameters.ValidateIssuer = validateIssuer;
        }

        var asWritten = await AuthenticateWithJwtBearer(o => Configure(o, validateIssuer: false), customerToken);
        Assert.True(asWritten.Succeeded, asWritten.Failure?.ToString());
        Assert.True((await AuthenticateWithJwtBearer(o => Configure(o, validateIssuer: false), LegitimateToken())).Succeeded);

        var restored = await AuthenticateWithJwtBearer(o => Configure(o, validateIssuer: true), customerToken);
        Assert.IsType<SecurityTokenInvalidIssuerException>(restored.Failure);
    }

    [Fact]
    public async Task Control_removing_RequireHttpsMetadata_false_beside_an_http_Authority_fails_every_request()
    {
        // Why TA107 offers no fix beside an http:// Authority or MetadataAddress, loopback included (real code: a local
        // Keycloak at http://localhost:8080): JwtBearer refuses the address once the switch is gone.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AuthenticateWithJwtBearer(
            o =>
            {
                o.Authority = "http://localhost:8080/realms/app";
                o.Audience = Audience;
            },
            LegitimateToken()));
        Assert.Contains("must use HTTPS", failure.Message, StringComparison.Ordinal);
    }

    // ---- OpenIdConnectOptions: OpenIdConnect's post-configuration, then the parameters as its handler uses them ----

    private static async Task<TokenValidationResult> ValidateAsOpenIdConnect(Action<OpenIdConnectOptions> configure, string token)
    {
        var options = new OpenIdConnectOptions();
        configure(options);
        options.BackchannelHttpHandler = new Metadata();
        new OpenIdConnectPostConfigureOptions(new EphemeralDataProtectionProvider()).PostConfigure(OpenIdConnectDefaults.AuthenticationScheme, options);

        // OpenIdConnectHandler (8.0+) validates the id_token with a clone of the parameters and, when the
        // configuration manager is a BaseConfigurationManager, hands it over so the metadata issuer and keys apply.
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is BaseConfigurationManager manager)
        {
            parameters.ConfigurationManager = manager;
        }

        return await options.TokenHandler.ValidateTokenAsync(token, parameters);
    }

    [Theory]
    [InlineData("o.Authority = \"" + Issuer + "\";")]
    [InlineData("o.MetadataAddress = \"" + Issuer + ".well-known/openid-configuration\";")]
    public async Task TA101_fix_on_OpenIdConnectOptions_with_metadata_keeps_a_legitimate_token_valid(string metadata)
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static void Configure(OpenIdConnectOptions o)
                {
                    {{metadata}}
                    o.ClientId = "{{Audience}}";
                    {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
                }
            }
            """);
        AssertAccepted(await ValidateAsOpenIdConnect(Configure<OpenIdConnectOptions>(fixedCode), LegitimateToken()));
        AssertRejected<SecurityTokenInvalidIssuerException>(await ValidateAsOpenIdConnect(Configure<OpenIdConnectOptions>(fixedCode), Create(TrustedKey, issuer: ForeignIssuer)));
    }

    [Fact]
    public async Task TA102_fix_on_OpenIdConnectOptions_with_ClientId_keeps_a_legitimate_token_valid()
    {
        var fixedCode = await FixAndCompile<DisabledValidationRule>($$"""
            public static class Config
            {
                public static void Configure(OpenIdConnectOptions o)
                {
                    o.Authority = "{{Issuer}}";
                    o.ClientId = "{{Audience}}";
                    {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
                }
            }
            """);
        AssertAccepted(await ValidateAsOpenIdConnect(Configure<OpenIdConnectOptions>(fixedCode), LegitimateToken()));
        AssertRejected<SecurityTokenInvalidAudienceException>(await ValidateAsOpenIdConnect(Configure<OpenIdConnectOptions>(fixedCode), Create(TrustedKey, audience: ForeignAudience)));
    }

    // ---- TA302: the call added on a fresh local keeps Entra's own tokens valid ----

    [Fact]
    public async Task TA302_fix_for_a_returned_parameters_object_keeps_a_legitimate_Entra_token_valid()
    {
        const string manager = "new ConfigurationManager<OpenIdConnectConfiguration>(\"https://login.microsoftonline.com/" + EntraSigningKeyIssuerTests.EnterpriseTenant +
            "/v2.0/.well-known/openid-configuration\", new OpenIdConnectConfigurationRetriever())";
        const string usings = Usings + "using Microsoft.IdentityModel.Protocols;\nusing Microsoft.IdentityModel.Protocols.OpenIdConnect;\n";
        const string fixedCode = $$"""
            public static class Config
            {
                public static TokenValidationParameters Create()
                {
                    var parameters = new TokenValidationParameters
                    {
                        ValidIssuer = "{{EntraSigningKeyIssuerTests.EnterpriseIssuer}}",
                        ValidAudience = "{{EntraSigningKeyIssuerTests.ApiAudience}}",
                        ConfigurationManager = {{manager}},
                    };
                    parameters.EnableAadSigningKeyIssuerValidation();
                    return parameters;
                }
            }
            """;
        await Verify.CodeFixAsync<SigningKeyIssuerRule, EnableSigningKeyIssuerValidationCodeFixProvider>(usings + $$"""
            public static class Config
            {
                public static TokenValidationParameters Create() => new TokenValidationParameters
                {
                    ValidIssuer = "{{EntraSigningKeyIssuerTests.EnterpriseIssuer}}",
                    ValidAudience = "{{EntraSigningKeyIssuerTests.ApiAudience}}",
                    {|TA302:ConfigurationManager = {{manager}}|},
                };
            }
            """, usings + "using Microsoft.IdentityModel.Validators;\n" + fixedCode);
        var parameters = Call<TokenValidationParameters>(Compile(usings + "using Microsoft.IdentityModel.Validators;\n" + fixedCode), "Create");

        // Offline: the same (toy) Entra metadata in place of the download; the check the fix installed stays.
        parameters.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(EntraSigningKeyIssuerTests.EntraConfiguration);
        var legitimate = EntraSigningKeyIssuerTests.EntraToken(EntraSigningKeyIssuerTests.OrganisationalKey, EntraSigningKeyIssuerTests.EnterpriseTenant);
        AssertAccepted(await new JsonWebTokenHandler().ValidateTokenAsync(legitimate, parameters));
        AssertRejected<SecurityTokenInvalidIssuerException>(await new JsonWebTokenHandler().ValidateTokenAsync(EntraSigningKeyIssuerTests.ForgedEnterpriseToken(), parameters));
    }

    /// <summary>The toy issuer's discovery document and key set, served in-process to the metadata backchannel.</summary>
    private sealed class Metadata : HttpMessageHandler
    {
        private const string KeysUri = Issuer + "keys";

        public static OpenIdConnectConfiguration Configuration()
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer, JwksUri = KeysUri };
            configuration.SigningKeys.Add(PublicKey());
            return configuration;
        }

        private static RsaSecurityKey PublicKey() => new(TrustedKey.Rsa.ExportParameters(false)) { KeyId = TrustedKey.KeyId };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.AbsoluteUri;
            string body;
            if (uri == Issuer + ".well-known/openid-configuration")
            {
                body = $$"""{ "issuer": "{{Issuer}}", "jwks_uri": "{{KeysUri}}" }""";
            }
            else if (uri == KeysUri)
            {
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(PublicKey());
                body = $$"""{ "keys": [ { "kty": "RSA", "use": "sig", "kid": "{{jwk.Kid}}", "n": "{{jwk.N}}", "e": "{{jwk.E}}" } ] }""";
            }
            else
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
