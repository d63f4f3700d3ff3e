using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// Whole configurations as users write them, analysed by every rule at once: which rule wins at a location
/// (TA301 over TA101/TA202), which rules share one (TA303 with TA205), and what stays silent.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA301")]
[Trait("Rule", "TA302")]
[Trait("Rule", "TA303")]
[Trait("Rule", "TA401")]
[Trait("Rule", "TA402")]
[Trait("Rule", "TA403")]
[Trait("Rule", "TA404")]
public class CrossRuleScenarioTests
{
    private static Task VerifyAsync(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new AnalyzerTest(AllAnalyzers()) { OutputKind = outputKind };
        test.Sources.Add(EntraTestCode.Usings + "using Microsoft.IdentityModel.Validators;\nusing System.Security.Claims;\n" + source);
        return test.RunAsync();
    }

    private static DiagnosticAnalyzer[] AllAnalyzers() => new DiagnosticAnalyzer[] { new TokenValidationAnalyzer() };

    [Fact]
    public Task Multi_tenant_Entra_with_issuer_validation_off_is_TA301_not_TA101() => VerifyAsync("""
        class Startup
        {
            void ConfigureServices(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        {|TA301:ValidateIssuer = false|},
                        ValidAudience = "api://orders",
                    };
                });
        }
        """);

    [Fact]
    public Task Entra_with_an_allow_list_and_the_mitigation_is_silent() => VerifyAsync("""
        class Startup
        {
            static readonly HashSet<string> Tenants = new() { "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0" };

            void ConfigureServices(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                    o.Audience = "api://orders";
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                        Tenants.Contains(issuer) ? issuer : throw new SecurityTokenInvalidIssuerException(issuer);
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });
        }
        """);

    [Fact]
    public Task Accept_all_and_prefix_issuer_validators_in_Entra_configurations_are_TA301_not_TA202() => VerifyAsync("""
        class Startup
        {
            void ConfigureServices(IServiceCollection services, string tenantId)
            {
                services.AddAuthentication().AddJwtBearer("a", o =>
                {
                    o.Authority = $"https://login.microsoftonline.com/{tenantId}/v2.0";
                    {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer|};
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });
                services.AddAuthentication().AddJwtBearer("b", o =>
                {
                    o.MetadataAddress = "https://login.windows.net/common/.well-known/openid-configuration";
                    {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                        issuer.StartsWith("https://sts.windows.net/") ? issuer : throw new SecurityTokenInvalidIssuerException(issuer)|};
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });
            }
        }
        """);

    [Fact]
    public Task A_self_issued_api_gets_the_plain_rules() => VerifyAsync("""
        class Startup
        {
            void ConfigureServices(IServiceCollection services, string signingKey) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        {|TA101:ValidateIssuer = false|},
                        {|TA202:IssuerValidator = (issuer, token, parameters) => issuer|},
                        IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(signingKey)),
                        ValidAudience = "api",
                    };
                });
        }
        """);

    [Fact]
    public Task Undoing_the_mitigation_is_TA303_and_an_accept_all_key_validator_is_also_TA205() => VerifyAsync("""
        class Startup
        {
            void ConfigureServices(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    {|TA303:{|TA205:o.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => true|}|};
                });
        }
        """);

    [Fact]
    public Task The_hand_validated_common_keys_snippet_is_TA301() => VerifyAsync("""
        class TokenChecker
        {
            async Task<ClaimsPrincipal> ValidateAsync(string token)
            {
                var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever());
                var configuration = await manager.GetConfigurationAsync(default);
                var parameters = new TokenValidationParameters
                {
                    {|TA301:ValidateIssuer = false|},
                    ValidAudience = "api://orders",
                    IssuerSigningKeys = configuration.SigningKeys,
                };
                return new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
            }
        }
        """);

    [Fact]
    public Task Tokens_trusted_without_validation_are_reported_and_look_alikes_are_not() => VerifyAsync("""
        class Tokens
        {
            readonly JwtSecurityTokenHandler _handler = new();
            readonly JsonWebTokenHandler _json = new();

            string Subject(string token)
            {
                var jwt = {|TA401:_handler.ReadJwtToken(token)|};
                return jwt.Claims.First(c => c.Type == "sub").Value;
            }

            bool IsExpired(string accessToken) => _handler.ReadJwtToken(accessToken).ValidTo < DateTime.UtcNow;

            string KeyId(string token) => new JsonWebToken(token).Kid;

            async Task<ClaimsIdentity> Unchecked(string token, TokenValidationParameters parameters)
            {
                var result = await {|TA402:_json.ValidateTokenAsync(token, parameters)|};
                return result.ClaimsIdentity;
            }

            async Task<ClaimsIdentity?> Checked(string token, TokenValidationParameters parameters)
            {
                var result = await _json.ValidateTokenAsync(token, parameters);
                return result.IsValid ? result.ClaimsIdentity : null;
            }

            bool Swallowed(string token, TokenValidationParameters parameters)
            {
                try
                {
                    _handler.ValidateToken(token, parameters, out _);
                }
                {|TA403:catch|} (SecurityTokenException)
                {
                }

                return true;
            }

            bool Honest(string token, TokenValidationParameters parameters)
            {
                try
                {
                    _handler.ValidateToken(token, parameters, out _);
                    return true;
                }
                catch (SecurityTokenException)
                {
                    return false;
                }
            }

            void Events(JwtBearerOptions o) => o.Events = new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    {|TA404:context.Success()|};
                    return Task.CompletedTask;
                },
            };
        }
        """);
}
