using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// RULES.md "Code fixes must not lock users out": TA101/TA102 remove their assignment only where the restored check
/// has an issuer/audience to compare with in the same lambda or method, TA103 not in refresh helpers, TA107 only for
/// RequireHttpsMetadata, nothing inside a deconstruction. Where no fix is offered, <c>fixed</c> equals the input
/// (the harness then also proves that Fix All at document, project and solution scope changes nothing).
/// LibraryBehaviour/FixKeepsLegitimateTokensTests runs the fixed code against the real handlers.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA107")]
[Trait("Rule", "TA201")]
public class LockoutSafeFixTests
{
    private const string OidcUsing = "using Microsoft.AspNetCore.Authentication.OpenIdConnect;\nusing Microsoft.IdentityModel.Protocols;\nusing Microsoft.IdentityModel.Protocols.OpenIdConnect;\n";

    private static Task FixAsync(string markup, string fixedMarkup) =>
        Verify.CodeFixAsync<DisabledValidationRule, RemoveAssignmentCodeFixProvider>(Usings + OidcUsing + markup, Usings + OidcUsing + fixedMarkup);

    private static Task NoFixAsync(string markup) => FixAsync(markup, markup);

    // ---- TA101: offered where an issuer is set in the same scope ----

    [Theory]
    [InlineData("ValidIssuer = \"https://issuer.example\"")]
    [InlineData("ValidIssuers = new[] { \"https://issuer.example\" }")]
    [InlineData("ValidIssuers = [\"https://issuer.example\"]")]
    [InlineData("ConfigurationManager = manager")]
    public Task TA101_fix_is_offered_when_the_parameters_object_has_an_issuer_source(string issuer) => FixAsync($$"""
        class C
        {
            TokenValidationParameters Create(BaseConfigurationManager manager) => new TokenValidationParameters
            {
                {{issuer}},
                {|TA101:ValidateIssuer = false|},
            };
        }
        """, $$"""
        class C
        {
            TokenValidationParameters Create(BaseConfigurationManager manager) => new TokenValidationParameters
            {
                {{issuer}},
            };
        }
        """);

    [Theory]
    [InlineData("JwtBearerOptions", "Authority = \"https://issuer.example\"")]
    [InlineData("JwtBearerOptions", "MetadataAddress = \"https://issuer.example/.well-known/openid-configuration\"")]
    [InlineData("JwtBearerOptions", "ConfigurationManager = manager")]
    [InlineData("OpenIdConnectOptions", "Authority = \"https://issuer.example\"")]
    [InlineData("OpenIdConnectOptions", "MetadataAddress = \"https://issuer.example/.well-known/openid-configuration\"")]
    [InlineData("OpenIdConnectOptions", "ConfigurationManager = manager")]
    public Task TA101_fix_is_offered_when_the_options_object_has_metadata(string optionsType, string metadata) => FixAsync($$"""
        class C
        {
            void Configure({{optionsType}} o, IConfigurationManager<OpenIdConnectConfiguration> manager)
            {
                o.{{metadata}};
                {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
            }
        }
        """, $$"""
        class C
        {
            void Configure({{optionsType}} o, IConfigurationManager<OpenIdConnectConfiguration> manager)
            {
                o.{{metadata}};
            }
        }
        """);

    [Fact]
    public Task TA101_fix_follows_the_parameters_object_to_its_options_object_in_every_form() => FixAsync("""
        class C
        {
            void M(IServiceCollection services)
            {
                services.AddAuthentication()
                    .AddJwtBearer("nested", o =>
                    {
                        o.Authority = "https://issuer.example";
                        o.TokenValidationParameters = new TokenValidationParameters { {|TA101:ValidateIssuer = false|} };
                    })
                    .AddJwtBearer("alias", o =>
                    {
                        var p = o.TokenValidationParameters;
                        {|TA101:p.ValidateIssuer = false|};
                        o.MetadataAddress = "https://issuer.example/.well-known/openid-configuration";
                    })
                    .AddOpenIdConnect("later", o =>
                    {
                        var p = new TokenValidationParameters();
                        {|TA101:p.ValidateIssuer = false|};
                        o.TokenValidationParameters = p;
                        o.Authority = "https://issuer.example";
                    });
            }

            JwtBearerOptions Initializer() => new JwtBearerOptions
            {
                Authority = "https://issuer.example",
                TokenValidationParameters = { {|TA101:ValidateIssuer = false|} },
            };
        }
        """, """
        class C
        {
            void M(IServiceCollection services)
            {
                services.AddAuthentication()
                    .AddJwtBearer("nested", o =>
                    {
                        o.Authority = "https://issuer.example";
                        o.TokenValidationParameters = new TokenValidationParameters { };
                    })
                    .AddJwtBearer("alias", o =>
                    {
                        var p = o.TokenValidationParameters;
                        o.MetadataAddress = "https://issuer.example/.well-known/openid-configuration";
                    })
                    .AddOpenIdConnect("later", o =>
                    {
                        var p = new TokenValidationParameters();
                        o.TokenValidationParameters = p;
                        o.Authority = "https://issuer.example";
                    });
            }

            JwtBearerOptions Initializer() => new JwtBearerOptions
            {
                Authority = "https://issuer.example",
                TokenValidationParameters = { },
            };
        }
        """);

    // ---- TA101: not offered, and the message says what is missing ----

    [Theory]
    [InlineData("ValidAudience = \"api\"")]
    [InlineData("ValidIssuer = null")]
    [InlineData("ValidIssuer = \"\"")]
    [InlineData("ValidIssuers = new string[0]")]
    // Round AD, each a 401 for every token after the fix on the real JwtBearer 10.0.15 handler: empty is empty.
    [InlineData("ValidIssuers = []")]
    [InlineData("ValidIssuers = new List<string>()")]
    [InlineData("ValidIssuers = Array.Empty<string>()")]
    [InlineData("ValidIssuers = Enumerable.Empty<string>()")]
    [InlineData("ValidIssuer = string.Empty")]
    public Task TA101_fix_is_not_offered_without_an_issuer(string other) => NoFixAsync($$"""
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                {{other}},
                {|TA101:ValidateIssuer = false|},
            };
        }
        """);

    [Theory]
    [InlineData("JwtBearerOptions")]
    [InlineData("OpenIdConnectOptions")]
    public Task TA101_fix_is_not_offered_when_the_issuer_is_set_elsewhere(string optionsType) => NoFixAsync($$"""
        class C
        {
            private readonly TokenValidationParameters _other = new TokenValidationParameters();

            void Authority({{optionsType}} o) => o.Authority = "https://issuer.example";

            void Configure({{optionsType}} o, {{optionsType}} other)
            {
                other.Authority = "https://issuer.example";
                _other.ValidIssuer = "https://issuer.example";
                {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
            }

            void Lambdas(IServiceCollection services) => services.AddAuthentication()
                .AddJwtBearer("a", o => o.Authority = "https://issuer.example")
                .AddJwtBearer("b", o => {|TA101:o.TokenValidationParameters.ValidateIssuer = false|});
        }
        """);

    /// <summary>
    /// Real code (an Aspire ServiceDefaults development bypass) sets the Authority, then clears it where it switches
    /// the checks off: no metadata, so no issuer to compare with.
    /// </summary>
    /// <summary>
    /// No one source runs on every path, but each branch of an if/else sets one (real code: a gateway that takes a
    /// ConfigurationManager for a custom JWKS address and the Authority otherwise): the restored check always has an
    /// issuer. One branch alone, or an early return before the source, does not do.
    /// </summary>
    [Fact]
    public Task TA101_fix_is_offered_when_every_branch_sets_an_issuer_source()
    {
        const string Code = """
        class C
        {
            void Both(IServiceCollection s, string authority, string jwksUri) => s.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new() { {|TA101:ValidateIssuer = false|} };
                if (jwksUri is not null)
                {
                    options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        authority + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
                }
                else if (authority.StartsWith("https://", StringComparison.Ordinal))
                {
                    options.Authority = authority;
                }
                else
                {
                    options.TokenValidationParameters.ValidIssuer = authority;
                }
            });
        }
        """;
        return FixAsync(Code, Code.Replace("{|TA101:ValidateIssuer = false|} ", string.Empty));
    }

    [Fact]
    public Task TA101_fix_is_not_offered_when_a_branch_may_set_no_issuer_source() => NoFixAsync("""
        class C
        {
            void OneBranch(IServiceCollection s, string authority, bool custom) => s.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new() { {|TA101:ValidateIssuer = false|} };
                if (!custom)
                {
                    options.Authority = authority;
                }
            });

            void EarlyReturn(IServiceCollection s, string authority, string jwksUri) => s.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new() { {|TA101:ValidateIssuer = false|} };
                if (jwksUri is not null)
                {
                    if (jwksUri.Length == 0) return;
                    options.MetadataAddress = jwksUri;
                }
                else
                {
                    options.Authority = authority;
                }
            });
        }
        """);

    [Fact]
    public Task TA101_fix_is_not_offered_where_the_Authority_is_cleared_where_the_switch_may_run() => NoFixAsync("""
        class C
        {
            void Bypass(JwtBearerOptions options, bool disableAuth)
            {
                options.Authority = "https://issuer.example";
                if (disableAuth)
                {
                    options.Authority = null;
                    {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
                }
            }

            void Flat(JwtBearerOptions options)
            {
                options.Authority = "https://issuer.example";
                options.Authority = "";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }
        }
        """);

    /// <summary>
    /// A multi-tenant Entra ID authority's metadata publishes the issuer template ".../{tenantid}/v2.0", which no token
    /// matches (FixKeepsLegitimateTokensTests shows it): real multi-tenant APIs switch the check off for that. Where the
    /// Authority may be one (read from an AzureAd section, an Entra host with its tenant not written out, a compound
    /// assignment whose value was set elsewhere), it supplies no issuer; another authority from configuration does.
    /// </summary>
    [Fact]
    public Task TA101_fix_is_not_offered_where_the_Authority_may_be_a_multi_tenant_Entra_authority() => NoFixAsync("""
        using Microsoft.Extensions.Configuration;

        class C
        {
            void FromAzureAdSection(JwtBearerOptions options, IConfiguration configuration)
            {
                options.Authority = configuration["AzureAd:Authority"];
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void AppendedToTheBoundAuthority(JwtBearerOptions options)
            {
                options.Authority += "/v2.0";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            // The same, written out (real multi-tenant web apps).
            void ConcatenatedWithItself(OpenIdConnectOptions options)
            {
                options.Authority = options.Authority + "/v2.0/";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void InterpolatedWithItself(OpenIdConnectOptions o)
            {
                o.Authority = $"{o.Authority}/v2.0/";
                {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
            }

            // A host from configuration and a multi-tenant segment written out (round Z: the Commercial Marketplace SaaS
            // Accelerator's customer site; the fix turned its home tenant's 200 into 401).
            void CommonAfterAConfiguredHost(OpenIdConnectOptions options, SaasSettings config)
            {
                options.Authority = $"{config.AdAuthenticationEndPoint}/common/v2.0";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void OrganizationsAfterAParameter(JwtBearerOptions options, string instance)
            {
                options.Authority = instance + "organizations/v2.0";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void ConsumersAtTheEnd(JwtBearerOptions options, string instance)
            {
                options.Authority = string.Concat(instance, "/consumers");
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            // The tenant as a piece of its own, and through a field (round Z: the Azure-Samples v2 web apps' format
            // line, the Office365Group sample's static readonly authority).
            void FormatArgument(OpenIdConnectOptions options, string aadInstance)
            {
                options.Authority = string.Format(System.Globalization.CultureInfo.InvariantCulture, aadInstance, "common", "/v2.0");
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void JoinArgument(JwtBearerOptions options, string instance)
            {
                options.Authority = string.Join("/", instance, "common", "v2.0");
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void ConstantHole(JwtBearerOptions options, string instance)
            {
                options.Authority = $"{instance}{Organizations}/v2.0";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void ThroughAField(OpenIdConnectOptions options)
            {
                options.Authority = Authority;
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            // A constant authority on an Entra alias host the Term does not list (round AC: with the check restored,
            // every sign-in failed with IDX10205 on the real OpenIdConnectHandler).
            void ConstantCommonOnAnotherHost(OpenIdConnectOptions options)
            {
                options.Authority = "https://login.microsoft.com/common/v2.0";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void ConstantOrganizationsMetadata(JwtBearerOptions options)
            {
                options.MetadataAddress = UsGovernment + "organizations/v2.0/.well-known/openid-configuration";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            const string UsGovernment = "https://login-us.microsoftonline.com/";
            const string Organizations = "organizations";
            static readonly string AadInstance = System.Environment.GetEnvironmentVariable("AAD_INSTANCE") ?? "";
            static readonly string Authority = AadInstance + "common/v2.0";
        }

        class SaasSettings
        {
            public string AdAuthenticationEndPoint { get; set; } = "";
        }
        """);

    [Fact]
    public Task TA101_fix_is_offered_with_another_authority_from_configuration() => FixAsync("""
        using Microsoft.Extensions.Configuration;

        class C
        {
            void FromKeycloak(JwtBearerOptions options, IConfiguration configuration)
            {
                options.Authority = configuration["Keycloak:Authority"];
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            // A realm or path segment that only contains a multi-tenant word is not one, nor a realm named so.
            void CommonInAName(JwtBearerOptions options, string host)
            {
                options.Authority = $"{host}/realms/commonplace";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void RealmNamedCommon(JwtBearerOptions options, string keycloak)
            {
                options.Authority = $"{keycloak}/realms/common";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }

            void ConstantRealmNamedCommon(JwtBearerOptions options)
            {
                options.Authority = "https://keycloak.example.com/realms/common";
                {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
            }
        }
        """, """
        using Microsoft.Extensions.Configuration;

        class C
        {
            void FromKeycloak(JwtBearerOptions options, IConfiguration configuration)
            {
                options.Authority = configuration["Keycloak:Authority"];
            }

            // A realm or path segment that only contains a multi-tenant word is not one, nor a realm named so.
            void CommonInAName(JwtBearerOptions options, string host)
            {
                options.Authority = $"{host}/realms/commonplace";
            }

            void RealmNamedCommon(JwtBearerOptions options, string keycloak)
            {
                options.Authority = $"{keycloak}/realms/common";
            }

            void ConstantRealmNamedCommon(JwtBearerOptions options)
            {
                options.Authority = "https://keycloak.example.com/realms/common";
            }
        }
        """);

    /// <summary>A clearing only in the other branch of an <c>if</c> leaves the switch's branch its Authority.</summary>
    [Fact]
    public Task TA101_fix_is_offered_where_the_Authority_is_cleared_only_in_the_other_branch() => FixAsync("""
        class C
        {
            void OtherBranch(JwtBearerOptions options, bool disableAuth)
            {
                options.Authority = "https://issuer.example";
                if (disableAuth)
                {
                    options.Authority = null;
                }
                else
                {
                    {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
                }
            }
        }
        """, """
        class C
        {
            void OtherBranch(JwtBearerOptions options, bool disableAuth)
            {
                options.Authority = "https://issuer.example";
                if (disableAuth)
                {
                    options.Authority = null;
                }
                else
                {
                }
            }
        }
        """);

    // ---- a static key beside the metadata may sign tokens of an issuer the metadata does not name ----
    // Real code (a Supabase module): MetadataAddress, and a legacy HS256 key that "also validates the platform-issued
    // B2C customer tokens", whose issuer the metadata does not name. Restoring the check would reject those tokens
    // (FixKeepsLegitimateTokensTests); an issuer written out still counts.

    [Theory]
    [InlineData("o.MetadataAddress = $\"{issuer}/.well-known/openid-configuration\";", "IssuerSigningKey = new SymmetricSecurityKey(secret), {|TA101:ValidateIssuer = false|},")]
    [InlineData("o.Authority = issuer;", "IssuerSigningKeys = new[] { new SymmetricSecurityKey(secret) }, {|TA101:ValidateIssuer = false|},")]
    public Task TA101_fix_is_not_offered_beside_a_static_key_with_only_the_metadata_s_issuer(string metadata, string parameters) => NoFixAsync($$"""
        class C
        {
            void Configure(JwtBearerOptions o, string issuer, byte[] secret)
            {
                {{metadata}}
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    {{parameters}}
                };
            }
        }
        """);

    [Fact]
    public Task TA101_fix_is_offered_beside_a_static_key_when_the_issuers_are_written_out() => FixAsync("""
        class C
        {
            void Configure(JwtBearerOptions o, string issuer, byte[] secret)
            {
                o.Authority = issuer;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuers = new[] { issuer, "platform.b2c" },
                    IssuerSigningKey = new SymmetricSecurityKey(secret),
                    {|TA101:ValidateIssuer = false|},
                };
            }
        }
        """, """
        class C
        {
            void Configure(JwtBearerOptions o, string issuer, byte[] secret)
            {
                o.Authority = issuer;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuers = new[] { issuer, "platform.b2c" },
                    IssuerSigningKey = new SymmetricSecurityKey(secret),
                };
            }
        }
        """);

    // ---- the tokens the project creates itself carry the claim the restored check compares ----
    // Real code (Kavita): ValidIssuer = "Kavita" beside ValidateIssuer = false, while its own SecurityTokenDescriptor
    // sets no Issuer; restoring the check rejects every token it creates (FixKeepsLegitimateTokensTests).

    [Fact]
    public Task TA101_and_TA102_fixes_are_not_offered_where_a_token_the_project_creates_lacks_the_claim() => new AnalyzerTest(new TokenValidationAnalyzer(new DisabledValidationRule()))
    {
        Sources =
        {
            Usings + """
            class Validation
            {
                TokenValidationParameters Parameters(SecurityKey key) => new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    {|#0:ValidateIssuer = false|},
                    {|#1:ValidateAudience = false|},
                    ValidIssuer = "Kavita",
                    ValidAudience = "kavita-users",
                };
            }
            """,
            Usings + """
            class TokenService
            {
                public string CreateToken(SigningCredentials credentials, System.Security.Claims.ClaimsIdentity subject)
                {
                    var tokenDescriptor = new SecurityTokenDescriptor
                    {
                        Subject = subject,
                        Expires = DateTime.UtcNow.AddDays(10),
                        SigningCredentials = credentials,
                    };
                    var tokenHandler = new JwtSecurityTokenHandler();
                    return tokenHandler.WriteToken(tokenHandler.CreateToken(tokenDescriptor));
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA101").WithLocation(0).WithMessage("ValidateIssuer is set to false, so tokens from any issuer are accepted, and a token this project creates has no issuer"),
            ExpectedDiagnostic.Create("TA102").WithLocation(1).WithMessage("ValidateAudience is set to false, so tokens issued for any other application are accepted, and a token this project creates has no audience"),
        },
    }.RunAsync();

    [Theory]
    [InlineData("new SecurityTokenDescriptor { Issuer = \"Kavita\", Audience = \"kavita-users\", SigningCredentials = credentials }")]
    [InlineData("new SecurityTokenDescriptor { Claims = new Dictionary<string, object> { [\"iss\"] = \"Kavita\", [Microsoft.IdentityModel.JsonWebTokens.JwtRegisteredClaimNames.Aud] = \"kavita-users\" } }")]
    [InlineData("new JwtSecurityToken(\"Kavita\", \"kavita-users\", null, null, DateTime.UtcNow.AddDays(1), credentials)")]
    [InlineData("new JwtSecurityToken(issuer: \"Kavita\", audience: \"kavita-users\", signingCredentials: credentials)")]
    [InlineData("new JwtSecurityTokenHandler().CreateJwtSecurityToken(issuer: \"Kavita\", audience: \"kavita-users\", signingCredentials: credentials)")]
    [InlineData("new JwtSecurityToken(\"header.payload.signature\")")]
    public Task TA101_fix_is_offered_where_the_tokens_the_project_creates_carry_issuer_and_audience(string creation) => FixAsync($$"""
        class C
        {
            object Create(SigningCredentials credentials)
            {
                var descriptor = new SecurityTokenDescriptor { SigningCredentials = credentials };
                descriptor.Issuer = "Kavita";
                descriptor.Audience = "kavita-users";
                return {{creation}};
            }

            void Configure(TokenValidationParameters p)
            {
                p.ValidIssuer = "Kavita";
                {|TA101:p.ValidateIssuer = false|};
            }
        }
        """, $$"""
        class C
        {
            object Create(SigningCredentials credentials)
            {
                var descriptor = new SecurityTokenDescriptor { SigningCredentials = credentials };
                descriptor.Issuer = "Kavita";
                descriptor.Audience = "kavita-users";
                return {{creation}};
            }

            void Configure(TokenValidationParameters p)
            {
                p.ValidIssuer = "Kavita";
            }
        }
        """);

    [Fact]
    public Task TA101_message_ends_with_what_is_missing() => new AnalyzerTest(new TokenValidationAnalyzer(new DisabledValidationRule()))
    {
        Sources =
        {
            Usings + """
            class C
            {
                TokenValidationParameters Without() => new TokenValidationParameters { {|#0:ValidateIssuer = false|}, {|#1:ValidateAudience = false|} };
                TokenValidationParameters With() => new TokenValidationParameters { ValidIssuer = "i", ValidAudience = "a", {|#2:ValidateIssuer = false|}, {|#3:ValidateAudience = false|} };
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA101").WithLocation(0).WithMessage("ValidateIssuer is set to false, so tokens from any issuer are accepted, and no ValidIssuer is set"),
            ExpectedDiagnostic.Create("TA102").WithLocation(1).WithMessage("ValidateAudience is set to false, so tokens issued for any other application are accepted, and no ValidAudience is set"),
            ExpectedDiagnostic.Create("TA101").WithLocation(2).WithMessage("ValidateIssuer is set to false, so tokens from any issuer are accepted"),
            ExpectedDiagnostic.Create("TA102").WithLocation(3).WithMessage("ValidateAudience is set to false, so tokens issued for any other application are accepted"),
        },
    }.RunAsync();

    // ---- TA102 ----

    [Theory]
    [InlineData("TokenValidationParameters", "p", "ValidAudience = \"api\"")]
    [InlineData("TokenValidationParameters", "p", "ValidAudiences = new[] { \"api\" }")]
    [InlineData("JwtBearerOptions", "o", "Audience = \"api\"")]
    [InlineData("OpenIdConnectOptions", "o", "ClientId = \"client\"")]
    public Task TA102_fix_is_offered_when_an_audience_is_set(string type, string name, string audience)
    {
        var target = type == "TokenValidationParameters" ? name : name + ".TokenValidationParameters";
        return FixAsync($$"""
            class C
            {
                void Configure({{type}} {{name}})
                {
                    {{name}}.{{audience}};
                    {|TA102:{{target}}.ValidateAudience = false|};
                }
            }
            """, $$"""
            class C
            {
                void Configure({{type}} {{name}})
                {
                    {{name}}.{{audience}};
                }
            }
            """);
    }

    [Theory]
    [InlineData("JwtBearerOptions", "Authority = \"https://issuer.example\"")]
    [InlineData("OpenIdConnectOptions", "Authority = \"https://issuer.example\"")]
    [InlineData("JwtBearerOptions", "TokenValidationParameters.ValidIssuer = \"https://issuer.example\"")]
    [InlineData("OpenIdConnectOptions", "ClientSecret = \"not-an-audience\"")]
    [InlineData("JwtBearerOptions", "Audience = string.Empty")]
    [InlineData("JwtBearerOptions", "TokenValidationParameters.ValidAudiences = Array.Empty<string>()")]
    [InlineData("JwtBearerOptions", "TokenValidationParameters.ValidAudiences = []")]
    public Task TA102_fix_is_not_offered_without_an_audience(string optionsType, string other) => NoFixAsync($$"""
        class C
        {
            void Configure({{optionsType}} o)
            {
                o.{{other}};
                {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
            }
        }
        """);

    /// <summary>
    /// Round AD: the issuer and audience set on the parameters object that the next statement replaces are not the
    /// replacement's (the real handler: 200 before the fix, 401 after).
    /// </summary>
    [Fact]
    public Task TA101_and_TA102_fixes_are_not_offered_where_the_values_went_to_the_object_that_is_replaced() => NoFixAsync("""
        class C
        {
            void Configure(JwtBearerOptions o, SecurityKey key)
            {
                o.TokenValidationParameters.ValidIssuer = "https://internal.example.com";
                o.TokenValidationParameters.ValidAudience = "api";
                o.TokenValidationParameters = new TokenValidationParameters { {|TA101:ValidateIssuer = false|}, {|TA102:ValidateAudience = false|}, IssuerSigningKey = key };
            }

            // Round AG: the values in the initializer of the object replaced, and on a local replaced.
            void Initializer(JwtBearerOptions o, SecurityKey key)
            {
                o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = "https://internal.example.com", ValidAudience = "api" };
                o.TokenValidationParameters = new TokenValidationParameters { {|TA101:ValidateIssuer = false|}, {|TA102:ValidateAudience = false|}, IssuerSigningKey = key };
            }

            void Local(JwtBearerOptions o, SecurityKey key)
            {
                var p = new TokenValidationParameters { ValidIssuer = "https://internal.example.com" };
                p.ValidAudience = "api";
                p = new TokenValidationParameters { IssuerSigningKey = key };
                {|TA101:p.ValidateIssuer = false|};
                {|TA102:p.ValidateAudience = false|};
                o.TokenValidationParameters = p;
            }
        }
        """);

    // ---- the issuer or audience counts only where it is set whenever the switch is ----
    // Real code (an API that switches between two identity providers) sets the audience in one branch of an if and
    // switches the check off in the other: removing the switch would leave that branch with nothing to compare with.

    [Theory]
    [InlineData("if (oidc) { o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = \"api\" }; } else { o.Authority = \"https://issuer.example\"; {|TA102:o.TokenValidationParameters.ValidateAudience = false|}; }")]
    [InlineData("if (oidc) { o.TokenValidationParameters = new TokenValidationParameters { {|TA102:ValidateAudience = false|} }; } else { o.Audience = \"api\"; }")]
    [InlineData("if (oidc) o.Audience = \"api\"; {|TA102:o.TokenValidationParameters.ValidateAudience = false|};")]
    [InlineData("o.TokenValidationParameters = oidc ? new TokenValidationParameters { ValidAudience = \"api\" } : new TokenValidationParameters { {|TA102:ValidateAudience = false|} };")]
    [InlineData("switch (mode) { case 1: o.Audience = \"api\"; break; default: {|TA102:o.TokenValidationParameters.ValidateAudience = false|}; break; }")]
    [InlineData("foreach (var a in audiences) o.Audience = a; {|TA102:o.TokenValidationParameters.ValidateAudience = false|};")]
    [InlineData("try { {|TA102:o.TokenValidationParameters.ValidateAudience = false|}; } catch (Exception) { o.Audience = \"api\"; }")]
    [InlineData("{|TA102:o.TokenValidationParameters.ValidateAudience = false|}; if (audiences.Length == 0) return; o.Audience = audiences[0];")]
    [InlineData("{|TA102:o.TokenValidationParameters.ValidateAudience = false|}; o.Events = new JwtBearerEvents { OnMessageReceived = c => { o.Audience = \"api\"; return Task.CompletedTask; } };")]
    public Task TA102_fix_is_not_offered_where_the_audience_is_not_set_wherever_the_switch_is(string body) => NoFixAsync($$"""
        class C
        {
            void Configure(JwtBearerOptions o, bool oidc, int mode, string[] audiences)
            {
                {{body}}
            }
        }
        """);

    [Fact]
    public Task TA101_message_says_no_ValidIssuer_is_set_where_the_issuer_is_set_in_another_branch() => new AnalyzerTest(new TokenValidationAnalyzer(new DisabledValidationRule()))
    {
        Sources =
        {
            Usings + """
            class C
            {
                void Configure(JwtBearerOptions o, bool external)
                {
                    if (external)
                    {
                        {|#0:o.TokenValidationParameters.ValidateIssuer = false|};
                    }
                    else
                    {
                        o.Authority = "https://issuer.example";
                    }
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA101").WithLocation(0).WithMessage("ValidateIssuer is set to false, so tokens from any issuer are accepted, and no ValidIssuer is set"),
        },
    }.RunAsync();

    [Theory]
    [InlineData("""
        if (oidc)
        {
            o.Audience = "api";
            {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
        }
        """, """
        if (oidc)
        {
            o.Audience = "api";
        }
        """)]
    [InlineData("""
        o.Authority = "https://issuer.example";
        if (oidc)
        {
            {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
        }
        """, """
        o.Authority = "https://issuer.example";
        if (oidc)
        {
        }
        """)]
    [InlineData("""
        {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
        if (audiences is null) throw new ArgumentNullException(nameof(audiences));
        o.Audience = audiences[0];
        """, """
        if (audiences is null) throw new ArgumentNullException(nameof(audiences));
        o.Audience = audiences[0];
        """)]
    [InlineData("""
        {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
        foreach (var a in audiences) { if (a.Length == 0) break; }
        o.Audience = "api";
        """, """
        foreach (var a in audiences) { if (a.Length == 0) break; }
        o.Audience = "api";
        """)]
    [InlineData("""
        o.TokenValidationParameters = oidc
            ? new TokenValidationParameters()
            : new TokenValidationParameters { ValidIssuer = "https://issuer.example", {|TA101:ValidateIssuer = false|} };
        """, """
        o.TokenValidationParameters = oidc
            ? new TokenValidationParameters()
            : new TokenValidationParameters { ValidIssuer = "https://issuer.example" };
        """)]
    public Task TA101_and_TA102_fixes_are_offered_where_the_source_is_set_wherever_the_switch_is(string body, string fixedBody)
    {
        return FixAsync(Configure(body), Configure(fixedBody));

        static string Configure(string body) => $$"""
            class C
            {
                void Configure(JwtBearerOptions o, bool oidc, string[] audiences)
                {
            {{body}}
                }
            }
            """;
    }

    // ---- TA104: the restored signature requirement needs keys to verify with ----
    // Real code (a "bypass" scheme for a local playground): no signing key at all, so the only tokens that pass are
    // unsigned ones; with the switch gone every one of them fails, as for TA201's parse-only validator
    // (FixKeepsLegitimateTokensTests.Control_removing_a_parse_only_SignatureValidator_without_keys_rejects_the_legitimate_token).

    [Fact]
    public Task TA104_fix_is_offered_where_a_signing_key_is_set() => FixAsync("""
        class C
        {
            void Configure(JwtBearerOptions o, SecurityKey key)
            {
                o.TokenValidationParameters.IssuerSigningKey = key;
                {|TA104:o.TokenValidationParameters.RequireSignedTokens = false|};
            }
        }
        """, """
        class C
        {
            void Configure(JwtBearerOptions o, SecurityKey key)
            {
                o.TokenValidationParameters.IssuerSigningKey = key;
            }
        }
        """);

    [Fact]
    public Task TA104_fix_is_not_offered_without_a_signing_key() => new AnalyzerTest(new TokenValidationAnalyzer(new DisabledValidationRule()))
    {
        Sources =
        {
            Usings + """
            class C
            {
                void AddBypass(JwtBearerOptions jwtOptions) => jwtOptions.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuerSigningKey = false,
                    {|#0:RequireSignedTokens = false|},
                };
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA104").WithLocation(0).WithMessage("RequireSignedTokens is set to false, so an unsigned token ('alg: none') passes validation, and no signing key is set"),
        },
    }.RunAsync();

    // ---- TA104: tokens the application decrypts may be encrypted instead of signed ----

    [Theory]
    [InlineData("p.TokenDecryptionKey = key;")]
    [InlineData("p.TokenDecryptionKeys = new[] { key };")]
    public Task TA104_fix_is_not_offered_where_tokens_are_decrypted(string decryption) => NoFixAsync($$"""
        class C
        {
            TokenValidationParameters Create(SecurityKey key)
            {
                var p = new TokenValidationParameters { IssuerSigningKey = key };
                {{decryption}}
                {|TA104:p.RequireSignedTokens = false|}; // false because we handle encryption ourselves
                return p;
            }
        }
        """);

    // ---- TA103 ----

    [Theory]
    [InlineData("GetPrincipalFromExpiredToken")]
    [InlineData("RefreshTokenAsync")]
    [InlineData("ValidateForRefresh")]
    public Task TA103_fix_is_not_offered_in_refresh_helpers(string method) => NoFixAsync($$"""
        class C
        {
            TokenValidationParameters {{method}}() => new TokenValidationParameters
            {
                ValidIssuer = "i",
                {|TA103:ValidateLifetime = false|},
            };
        }
        """);

    /// <summary>
    /// Round AU: the endpoint says refresh only in its attributes (an MVC route; an Azure Function's
    /// <c>[Function("RefreshToken")] Run</c> with <c>Route = "auth/refresh"</c> is the same shape); with the line removed the
    /// real handler returned 401 for every access token that had expired. The helper it calls declines too, one call deep.
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_for_an_endpoint_whose_attributes_name_the_refresh() => NoFixAsync("""
        using System.Security.Claims;
        using Microsoft.AspNetCore.Mvc;

        record TokenPair(string AccessToken, string Token);

        [Route("api/token")]
        class TokenController : ControllerBase
        {
            private readonly SecurityKey _key = new SymmetricSecurityKey(new byte[32]);

            [HttpPost("refresh")]
            public IActionResult Post(TokenPair pair) => GetPrincipal(pair.AccessToken) is null ? Unauthorized() : Ok();

            private ClaimsPrincipal GetPrincipal(string accessToken)
            {
                var p = new TokenValidationParameters
                {
                    ValidIssuer = "https://api.example",
                    ValidAudience = "https://api.example",
                    IssuerSigningKey = _key,
                    {|TA103:ValidateLifetime = false|},
                };
                return new JwtSecurityTokenHandler().ValidateToken(accessToken, p, out _);
            }
        }

        [Route("auth/token-expired")]
        class RenewController : ControllerBase
        {
            [HttpPost]
            public IActionResult Renew(string accessToken) => Ok(new TokenValidationParameters { {|TA103:ValidateLifetime = false|} });
        }
        """);

    /// <summary>
    /// Round AW: an OAuth token endpoint serves the refresh grant by its grant type, not by its name; the helper it calls
    /// for the expired access token reads it on purpose.
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_for_a_helper_of_a_token_endpoint_that_serves_the_refresh_grant() => NoFixAsync("""
        using System.Security.Claims;
        using Microsoft.AspNetCore.Mvc;

        public class TokenRequest { public string grant_type { get; set; } = ""; public string access_token { get; set; } = ""; }

        [Route("connect")]
        class TokenController : ControllerBase
        {
            private readonly SecurityKey _key = new SymmetricSecurityKey(new byte[32]);

            private ClaimsPrincipal GetPrincipal(string token) => new JwtSecurityTokenHandler().ValidateToken(token, new TokenValidationParameters
            {
                ValidIssuer = "https://api.example",
                ValidAudience = "https://api.example",
                IssuerSigningKey = _key,
                {|TA103:ValidateLifetime = false|},
            }, out _);

            [HttpPost("token")]
            public IActionResult Token([FromForm] TokenRequest request)
            {
                if (request.grant_type == "refresh_token")
                {
                    return Ok(GetPrincipal(request.access_token).FindFirst("sub")?.Value);
                }

                return BadRequest();
            }
        }
        """);

    /// <summary>
    /// Round AW: only a route or function name that speaks of a token refresh counts; a description, a message or another
    /// refresh (<c>refresh-cache</c>) does not, and the fix stays where it is right.
    /// </summary>
    [Fact]
    public Task TA103_fix_is_still_offered_beside_attributes_that_name_no_token_refresh() => FixAsync("""
        using Microsoft.AspNetCore.Mvc;

        [Route("api/orders")]
        class OrdersController : ControllerBase
        {
            [HttpGet("{id}")]
            public IActionResult Get(string id) => Ok(new TokenValidationParameters
            {
                ValidIssuer = "https://api.example",
                {|TA103:ValidateLifetime = false|},
            });

            [HttpPost("refresh-cache")]
            public IActionResult Clear() => Ok(new TokenValidationParameters
            {
                ValidIssuer = "https://api.example",
                {|TA103:ValidateLifetime = false|},
            });

            [Obsolete("clients must refresh their tokens")]
            [HttpPost("validate")]
            public IActionResult Validate([FromQuery(Name = "includeExpired")] bool includeExpired) => Ok(new TokenValidationParameters
            {
                ValidIssuer = "https://api.example",
                {|TA103:ValidateLifetime = false|},
            });
        }
        """, """
        using Microsoft.AspNetCore.Mvc;

        [Route("api/orders")]
        class OrdersController : ControllerBase
        {
            [HttpGet("{id}")]
            public IActionResult Get(string id) => Ok(new TokenValidationParameters
            {
                ValidIssuer = "https://api.example",
            });

            [HttpPost("refresh-cache")]
            public IActionResult Clear() => Ok(new TokenValidationParameters
            {
                ValidIssuer = "https://api.example",
            });

            [Obsolete("clients must refresh their tokens")]
            [HttpPost("validate")]
            public IActionResult Validate([FromQuery(Name = "includeExpired")] bool includeExpired) => Ok(new TokenValidationParameters
            {
                ValidIssuer = "https://api.example",
            });
        }
        """);

    /// <summary>
    /// Round AA: a MediatR-style <c>RefreshTokenCommandHandler</c> reads the expired access token in <c>Handle</c>;
    /// with the line removed the real handler throws SecurityTokenExpiredException for every refresh. The type's name
    /// says what its methods are for, as a method's does.
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_in_a_refresh_handler_type() => NoFixAsync("""
        using System.Security.Claims;
        using System.Threading;

        record RefreshTokenCommand(string AccessToken);

        class RefreshTokenCommandHandler
        {
            private readonly SecurityKey _key;

            RefreshTokenCommandHandler(SecurityKey key) => _key = key;

            public Task<ClaimsPrincipal> Handle(RefreshTokenCommand command, CancellationToken cancellationToken)
            {
                var parameters = new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.example",
                    ValidAudience = "api",
                    IssuerSigningKey = _key,
                    {|TA103:ValidateLifetime = false|},
                };
                return Task.FromResult(new JwtSecurityTokenHandler().ValidateToken(command.AccessToken, parameters, out _));
            }
        }
        """);

    /// <summary>
    /// Round AO: the parameters for the expired access token are built where they are stored, in a constructor or an
    /// initializer, and only a refresh method reads them: the name they are stored under says what they are for, as a
    /// method's does (with the line removed, the real handler rejected every refresh with SecurityTokenExpiredException).
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_on_parameters_stored_under_a_refresh_name() => NoFixAsync("""
        using System.Security.Claims;

        class TokenService
        {
            private readonly TokenValidationParameters _expiredAccessTokenParameters;
            private readonly TokenValidationParameters _refreshParameters = new() { IssuerSigningKey = null, {|TA103:ValidateLifetime = false|} };

            public TokenValidationParameters ExpiredTokenParameters { get; } = new TokenValidationParameters { {|TA103:ValidateLifetime = false|} };

            public TokenService(SecurityKey key)
            {
                _expiredAccessTokenParameters = new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.example",
                    ValidAudience = "api",
                    IssuerSigningKey = key,
                    {|TA103:ValidateLifetime = false|},
                };
                {|TA103:_refreshParameters.ValidateLifetime = false|};
                var expiredParameters = new TokenValidationParameters { IssuerSigningKey = key };
                {|TA103:expiredParameters.ValidateLifetime = false|};
            }

            public ClaimsPrincipal RefreshAsync(string accessToken) =>
                new JwtSecurityTokenHandler().ValidateToken(accessToken, _expiredAccessTokenParameters, out _);
        }
        """);

    /// <summary>
    /// Round AP (a real JwtTokenService): the parameters are built in the constructor into a field with a generic name,
    /// and only <c>GetPrincipalFromExpiredToken</c> reads it; with the line removed every refresh failed with
    /// SecurityTokenExpiredException. A field a refresh method reads is theirs (round AR: also where an ordinary
    /// validation shares it; the finding stays for that one, whose parameters want splitting, the developer's call). So
    /// is a switch whose comment on the line says it is validated by hand: "this" is the lifetime the line switches off.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("public ClaimsPrincipal Validate(string token) => new JwtSecurityTokenHandler().ValidateToken(token, _tokenValidationParameters, out _);")]
    public Task TA103_fix_is_not_offered_on_parameters_a_refresh_method_reads_or_validated_by_hand_on_the_line(string otherReader) => NoFixAsync($$"""
        using System.Security.Claims;

        class JwtTokenService
        {
            private readonly TokenValidationParameters _tokenValidationParameters;

            public JwtTokenService(SecurityKey key)
            {
                _tokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    {|TA103:ValidateLifetime = false|},
                };
            }

            public ClaimsPrincipal GetPrincipalFromExpiredToken(string token) =>
                new JwtSecurityTokenHandler().ValidateToken(token, _tokenValidationParameters, out _);

            {{otherReader}}
        }

        class ManualService
        {
            public ClaimsPrincipal Validate(string token, SecurityKey key) => new JwtSecurityTokenHandler().ValidateToken(token, new TokenValidationParameters
            {
                IssuerSigningKey = key,
                {|TA103:ValidateLifetime = false|} // We'll validate this manually
            }, out _);
        }
        """);

    /// <summary>
    /// The code's own comment says its tokens carry no expiration (real code verifying Apple's App Store notifications):
    /// with the switch gone, RequireExpirationTime rejects every one of them
    /// (BuiltInChecksSwitchedOffTests.ValidateLifetime_false_accepts_a_token_without_exp_even_though_RequireExpirationTime_is_true).
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_where_the_code_says_its_tokens_do_not_expire() => NoFixAsync("""
        class C
        {
            TokenValidationParameters Notifications(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                //Notifications don't have an expiration date
                {|TA103:ValidateLifetime = false|},
            };

            void Webhooks(TokenValidationParameters p)
            {
                {|TA103:p.ValidateLifetime = false|}; // webhook tokens have no exp claim
            }

            TokenValidationParameters Service() => new TokenValidationParameters
            {
                {|TA103:ValidateLifetime = false|}, // service tokens never expire
            };
        }
        """);

    /// <summary>
    /// Round AJ: the parameters of a DPoP proof (RFC 9449: typ dpop+jwt, iat and no exp), named by their
    /// <c>ValidTypes</c> or by a comparison of the token's typ in the member (Duende's <c>ProofTokenValidationParameters</c>,
    /// a hand-written proof validator): the restored check rejects every proof
    /// (FixKeepsLegitimateTokensTests.Control_a_DPoP_proof_has_no_expiry_and_fails_once_the_switched_off_check_is_back).
    /// The finding stays.
    /// </summary>
    [Fact]
    public Task TA103_and_TA105_fixes_are_not_offered_on_the_parameters_of_a_DPoP_proof() => NoFixAsync("""
        public static class JwtTypes { public const string DPoPProofToken = "dpop+jwt"; }

        class DPoPOptions
        {
            public TokenValidationParameters ProofTokenValidationParameters = new()
            {
                ValidTypes = [JwtTypes.DPoPProofToken],
                {|TA103:ValidateLifetime = false|}, // We validate lifetime manually, using either iat, server issued nonce, or both
            };
        }

        class DPoPProofValidator
        {
            TokenValidationParameters Proof(SecurityKey jwk) => new TokenValidationParameters
            {
                {|TA105:RequireExpirationTime = false|},
                ValidTypes = new[] { "dpop+jwt" },
                IssuerSigningKey = jwk,
            };

            TokenValidationParameters ByHand(string typ, SecurityKey jwk)
            {
                if (typ != "DPoP+jwt") throw new SecurityTokenException("not a proof");
                var p = new TokenValidationParameters { IssuerSigningKey = jwk };
                {|TA105:p.RequireExpirationTime = false|};
                return p;
            }
        }

        // Round AI, Duende's DPoPProofValidator: the typ is compared in another method (ValidateHeader); the type is
        // named for the proofs it validates.
        class DefaultDPoPProofValidator
        {
            async System.Threading.Tasks.Task<bool> ValidateSignatureAsync(string proofToken, string jwk)
            {
                var tvp = new TokenValidationParameters
                {
                    {|TA102:ValidateAudience = false|},
                    {|TA101:ValidateIssuer = false|},
                    {|TA103:ValidateLifetime = false|},
                    IssuerSigningKey = new JsonWebKey(jwk),
                };
                return (await new JsonWebTokenHandler().ValidateTokenAsync(proofToken, tvp)).IsValid;
            }
        }
        """);

    /// <summary>The same switches beside another token type keep their fixes: only a DPoP proof lacks <c>exp</c> by design.</summary>
    [Fact]
    public Task TA105_fix_is_offered_beside_another_token_type() => FixAsync("""
        class C
        {
            TokenValidationParameters Access(SecurityKey key) => new TokenValidationParameters
            {
                ValidTypes = new[] { "at+jwt" },
                {|TA105:RequireExpirationTime = false|},
                IssuerSigningKey = key,
            };
        }
        """, """
        class C
        {
            TokenValidationParameters Access(SecurityKey key) => new TokenValidationParameters
            {
                ValidTypes = new[] { "at+jwt" },
                IssuerSigningKey = key,
            };
        }
        """);

    /// <summary>
    /// TA105 heeds the comment TA103 heeds: tokens that carry no expiration (Apple's App Store notifications, real
    /// code) are rejected once <c>RequireExpirationTime</c> is back (BuiltInChecksSwitchedOffTests.RequireExpirationTime_false_accepts_a_token_without_exp).
    /// </summary>
    [Fact]
    public Task TA105_fix_is_not_offered_where_the_code_says_its_tokens_do_not_expire() => NoFixAsync("""
        class C
        {
            TokenValidationParameters Notifications(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                //Notifications don't have an expiration date
                {|TA105:RequireExpirationTime = false|},
            };
        }
        """);

    /// <summary>
    /// A helper for refresh named neither Expired nor Refresh, and called only from another project through an
    /// interface (round V: a real API starter's <c>JwtTokenValidator.GetPrincipalFromToken</c>, used by its
    /// ExchangeRefreshToken use case; its own integration test refreshes with an expired access token): the comment
    /// says expired tokens are read here on purpose, and removing the line breaks refresh.
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_where_the_code_says_it_reads_expired_tokens() => NoFixAsync("""
        using System.Security.Claims;
        using System.Text;

        class JwtTokenValidator
        {
            public ClaimsPrincipal GetPrincipalFromToken(string token, string signingKey)
            {
                return new JwtSecurityTokenHandler().ValidateToken(token, new TokenValidationParameters
                {
                    {|TA102:ValidateAudience = false|},
                    {|TA101:ValidateIssuer = false|},
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
                    {|TA103:ValidateLifetime = false|} // we check expired tokens here
                }, out _);
            }

            TokenValidationParameters Exchange(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                {|TA103:ValidateLifetime = false|}, // Allow expired token validation for refresh flow
            };

            TokenValidationParameters Read(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // Accept an expired token: the session is renewed from it
                {|TA103:ValidateLifetime = false|},
            };

            // Round X, a real service's Program.cs: its tokens carry no standard exp (IDX10225 once the check is back).
            TokenValidationParameters Transfer(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // Validate life time disabled as the JWT token generated from the auth service wrongly names the claim for expiration
                {|TA103:ValidateLifetime = false|},
            };
        }
        """);

    /// <summary>
    /// Rounds AI and AJ: the comment says the lifetime is validated by hand elsewhere (OpenIddict's validation
    /// options, a comment heading the group of switches; Duende's proof options, on the line): such code accepts
    /// tokens the built-in check rejects (OpenIddict issues tokens without a lifetime when configured so; a proof has
    /// no exp), and removing the line overrides that design. The finding stays.
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_where_the_comment_says_the_lifetime_is_validated_by_hand() => NoFixAsync("""
        class OpenIddictValidationOptions
        {
            public TokenValidationParameters TokenValidationParameters { get; } = new()
            {
                ClockSkew = TimeSpan.Zero,
                // Note: audience and lifetime are manually validated by OpenIddict itself.
                {|TA102:ValidateAudience = false|},
                {|TA103:ValidateLifetime = false|}
            };
        }

        class ProofOptions
        {
            public TokenValidationParameters Parameters = new()
            {
                {|TA103:ValidateLifetime = false|}, // We validate lifetime manually, using either iat, server issued nonce, or both
            };

            // Round AP: a "not" in the clause before the semicolon does not deny the by-hand check after it.
            public TokenValidationParameters Handled = new()
            {
                // Lifetime is not checked by the handler; we validate it manually in OnTokenValidated.
                {|TA103:ValidateLifetime = false|},
            };
        }
        """);

    /// <summary>
    /// A comment that denies the check is done by hand ("nobody validates the lifetime manually", "we don't check
    /// the expiry by hand") says the opposite of the one above: the fix stays (round AM).
    /// </summary>
    [Fact]
    public Task TA103_fix_is_offered_where_the_comment_denies_a_check_by_hand() => FixAsync("""
        class C
        {
            TokenValidationParameters P(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // FIXME: nobody validates the lifetime manually
                {|TA103:ValidateLifetime = false|},
            };

            TokenValidationParameters Q(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                {|TA103:ValidateLifetime = false|}, // we don't check the expiry by hand either
            };
        }
        """, """
        class C
        {
            TokenValidationParameters P(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // FIXME: nobody validates the lifetime manually
            };

            TokenValidationParameters Q(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // we don't check the expiry by hand either
            };
        }
        """);

    [Fact]
    public Task TA103_fix_is_offered_where_a_comment_only_plans_a_lifetime_check() => FixAsync("""
        class C
        {
            TokenValidationParameters P(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // TODO: validate the lifetime
                {|TA103:ValidateLifetime = false|},
            };
        }
        """, """
        class C
        {
            TokenValidationParameters P(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // TODO: validate the lifetime
            };
        }
        """);

    [Fact]
    public Task TA103_fix_is_offered_where_a_comment_only_says_the_check_is_skipped() => FixAsync("""
        class C
        {
            TokenValidationParameters P(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // do not check expiry here
                {|TA103:ValidateLifetime = false|},
            };
        }
        """, """
        class C
        {
            TokenValidationParameters P(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                // do not check expiry here
            };
        }
        """);

    [Fact]
    public Task TA103_fix_is_not_offered_in_a_local_refresh_function() => NoFixAsync("""
        class C
        {
            void M()
            {
                TokenValidationParameters Refresh() => new TokenValidationParameters { {|TA103:ValidateLifetime = false|} };
            }
        }
        """);

    /// <summary>
    /// A widely copied tutorial: GetPrincipalFromToken switches the lifetime check off, and its caller RefreshTokenAsync
    /// reads the principal of the expired access token. Removing the line breaks every refresh, whatever the helper's
    /// name. (A helper only other methods call keeps its fix: the next test.)
    /// </summary>
    [Fact]
    public Task TA103_fix_is_not_offered_in_a_helper_a_refresh_method_calls() => NoFixAsync("""
        class TokenService
        {
            private readonly TokenValidationParameters _parameters = new TokenValidationParameters { ValidIssuer = "i" };

            public System.Security.Claims.ClaimsPrincipal GetPrincipalFromToken(string token)
            {
                var parameters = _parameters.Clone();
                {|TA103:parameters.ValidateLifetime = false|};
                return new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
            }

            public string RefreshTokenAsync(string accessToken) => GetPrincipalFromToken(accessToken).Identity!.Name!;
        }
        """);

    [Fact]
    public Task TA103_fix_is_offered_in_other_methods() => FixAsync("""
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters { ValidIssuer = "i", {|TA103:ValidateLifetime = false|} };

            TokenValidationParameters ForLogin() => Create();
        }
        """, """
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters { ValidIssuer = "i" };

            TokenValidationParameters ForLogin() => Create();
        }
        """);

    // ---- TA107 ----

    /// <summary>
    /// An http:// address gets no fix (removing it breaks the application, rewriting it may point at nothing), and
    /// neither does RequireHttpsMetadata = false beside one, loopback included: JwtBearer and OpenIdConnect refuse an
    /// http:// address unless the switch is off, so every request would fail (FixKeepsLegitimateTokensTests shows it).
    /// An address held in a readonly field is as known as a literal (round AO: a static readonly Keycloak authority);
    /// one whose value the code does not show (a parameter, a settings object's property) may be http:// too, so the
    /// switch stays (round AO: a settings class bound to an http:// Keycloak address failed every request once the fix
    /// ran). Beside an https:// address, or in the other branch of an if, the switch is removed.
    /// </summary>
    [Theory]
    [InlineData("JwtBearerOptions")]
    [InlineData("OpenIdConnectOptions")]
    public Task TA107_fix_removes_RequireHttpsMetadata_false_only_where_no_http_address_needs_it(string optionsType) =>
        new AnalyzerTest(new TokenValidationAnalyzer(new InsecureMetadataRule()))
        {
            CodeFix = new RemoveAssignmentCodeFixProvider(),
            Sources =
            {
                Usings + OidcUsing + $$"""
                class C
                {
                    void Http({{optionsType}} o)
                    {
                        {|#0:o.Authority = "http://issuer.example"|};
                        {|#1:o.MetadataAddress = "http://issuer.example/.well-known/openid-configuration"|};
                        {|#2:o.RequireHttpsMetadata = false|};
                    }

                    void Loopback({{optionsType}} o)
                    {
                        o.Authority = "http://localhost:8080/realms/app";
                        {|#3:o.RequireHttpsMetadata = false|};
                    }

                    void Https({{optionsType}} o, string configured)
                    {
                        o.Authority = "https://issuer.example";
                        {|#4:o.RequireHttpsMetadata = false|};
                    }

                    void Configured({{optionsType}} o, string configured)
                    {
                        o.Authority = configured;
                        {|#5:o.RequireHttpsMetadata = false|};
                    }

                    void OtherBranch({{optionsType}} o, bool local)
                    {
                        if (local) o.Authority = "http://localhost:8080/realms/app";
                        else {|#6:o.RequireHttpsMetadata = false|};
                    }

                    static readonly string KeycloakAuthority = "http://keycloak:8080/realms/main";

                    void Field({{optionsType}} o)
                    {
                        {|#7:o.Authority = KeycloakAuthority|};
                        {|#8:o.RequireHttpsMetadata = false|};
                    }

                    sealed class AuthSettings { public string Issuer { get; set; } = ""; }

                    void Settings({{optionsType}} o, AuthSettings settings)
                    {
                        o.MetadataAddress = settings.Issuer + "/.well-known/openid-configuration";
                        {|#9:o.RequireHttpsMetadata = false|};
                    }

                    void SettingsProperty({{optionsType}} o, AuthSettings settings)
                    {
                        o.Authority = settings.Issuer;
                        {|#10:o.RequireHttpsMetadata = false|};
                    }

                    void FieldInInterpolation({{optionsType}} o)
                    {
                        {|#11:o.MetadataAddress = $"{KeycloakAuthority}/.well-known/openid-configuration"|};
                        {|#12:o.RequireHttpsMetadata = false|};
                    }
                }
                """,
            },
            ExpectedDiagnostics =
            {
                ExpectedDiagnostic.Create("TA107").WithLocation(0).WithArguments("Authority uses http:// (use an https:// address)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(1).WithArguments("MetadataAddress uses http:// (use an https:// address)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(2).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address (make it https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(3).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address (make it https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(4).WithArguments("RequireHttpsMetadata is set to false"),
                ExpectedDiagnostic.Create("TA107").WithLocation(5).WithArguments("RequireHttpsMetadata is set to false while Authority is set from a value this code does not show (make sure it is https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(6).WithArguments("RequireHttpsMetadata is set to false"),
                ExpectedDiagnostic.Create("TA107").WithLocation(7).WithArguments("Authority uses http:// (use an https:// address)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(8).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address (make it https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(9).WithArguments("RequireHttpsMetadata is set to false while MetadataAddress is set from a value this code does not show (make sure it is https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(10).WithArguments("RequireHttpsMetadata is set to false while Authority is set from a value this code does not show (make sure it is https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(11).WithArguments("MetadataAddress uses http:// (use an https:// address)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(12).WithArguments("RequireHttpsMetadata is set to false while MetadataAddress is an http:// address (make it https:// first)"),
            },
            FixedSources =
            {
                Usings + OidcUsing + $$"""
                class C
                {
                    void Http({{optionsType}} o)
                    {
                        {|TA107:o.Authority = "http://issuer.example"|};
                        {|TA107:o.MetadataAddress = "http://issuer.example/.well-known/openid-configuration"|};
                        {|TA107:o.RequireHttpsMetadata = false|};
                    }

                    void Loopback({{optionsType}} o)
                    {
                        o.Authority = "http://localhost:8080/realms/app";
                        {|TA107:o.RequireHttpsMetadata = false|};
                    }

                    void Https({{optionsType}} o, string configured)
                    {
                        o.Authority = "https://issuer.example";
                    }

                    void Configured({{optionsType}} o, string configured)
                    {
                        o.Authority = configured;
                        {|TA107:o.RequireHttpsMetadata = false|};
                    }

                    void OtherBranch({{optionsType}} o, bool local)
                    {
                        if (local) o.Authority = "http://localhost:8080/realms/app";
                        else
                        {
                        }
                    }

                    static readonly string KeycloakAuthority = "http://keycloak:8080/realms/main";

                    void Field({{optionsType}} o)
                    {
                        {|TA107:o.Authority = KeycloakAuthority|};
                        {|TA107:o.RequireHttpsMetadata = false|};
                    }

                    sealed class AuthSettings { public string Issuer { get; set; } = ""; }

                    void Settings({{optionsType}} o, AuthSettings settings)
                    {
                        o.MetadataAddress = settings.Issuer + "/.well-known/openid-configuration";
                        {|TA107:o.RequireHttpsMetadata = false|};
                    }

                    void SettingsProperty({{optionsType}} o, AuthSettings settings)
                    {
                        o.Authority = settings.Issuer;
                        {|TA107:o.RequireHttpsMetadata = false|};
                    }

                    void FieldInInterpolation({{optionsType}} o)
                    {
                        {|TA107:o.MetadataAddress = $"{KeycloakAuthority}/.well-known/openid-configuration"|};
                        {|TA107:o.RequireHttpsMetadata = false|};
                    }
                }
                """,
            },
        }.RunAsync();

    /// <summary>
    /// The address comes from configuration, and a project's appsettings file (the Development one included) gives it
    /// an http:// value (real code: "Authority": "http://localhost:5001"), or it is a Uri local that falls back to one and
    /// is written out with ToString(): JwtBearer then throws on every request there once the switch is gone. Another
    /// configured value, https:// in every file, keeps the fix.
    /// </summary>
    [Fact]
    public Task TA107_fix_is_not_offered_beside_an_address_that_configuration_or_a_fallback_makes_http()
    {
        const string Code = """
            using Microsoft.Extensions.Configuration;

            class C
            {
                void FromAppSettings(JwtBearerOptions o, IConfiguration configuration)
                {
                    o.Authority = configuration["IdentityServer:Authority"];
                    {|#0:o.RequireHttpsMetadata = false|};
                }

                void UriFallback(OpenIdConnectOptions o, IConfiguration configuration)
                {
                    var identityUrl = new Uri(configuration["IdentityUrl"] ?? "http://localhost:5105");
                    o.Authority = identityUrl.ToString();
                    {|#1:o.RequireHttpsMetadata = false|};
                }

                void StringFallback(JwtBearerOptions o, IConfiguration configuration)
                {
                    var identityUrl = configuration.GetValue<string>("IdentityUrl") ?? "http://localhost:5002";
                    o.Authority = identityUrl.ToString();
                    {|#3:o.RequireHttpsMetadata = false|};
                }

                void HttpsEverywhere(JwtBearerOptions o, IConfiguration configuration)
                {
                    o.Authority = configuration["Keycloak:Authority"];
                    {|#2:o.RequireHttpsMetadata = false|};
                }

                // Round AP (eShopOnContainers): a setting no appsettings file gives; Docker Compose or the environment
                // may give it an http:// value.
                void NotInTheFiles(JwtBearerOptions o, IConfiguration configuration)
                {
                    o.Authority = configuration.GetValue<string>("IdentityUrl:External");
                    {|#4:o.RequireHttpsMetadata = false|};
                }

                // Round AR: an empty value in the file is a placeholder for the one the environment gives, no https:// one.
                void EmptyInTheFiles(JwtBearerOptions o, IConfiguration configuration)
                {
                    o.Authority = configuration["Oidc:Authority"];
                    {|#5:o.RequireHttpsMetadata = false|};
                }
            }
            """;
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new InsecureMetadataRule()))
        {
            CodeFix = new RemoveAssignmentCodeFixProvider(),
            Sources = { Usings + OidcUsing + Code },
            FixedSources =
            {
                Usings + OidcUsing + Code.Replace("{|#0:", "{|TA107:").Replace("{|#1:", "{|TA107:").Replace("{|#3:", "{|TA107:").Replace("{|#4:", "{|TA107:").Replace("{|#5:", "{|TA107:").Replace("        {|#2:o.RequireHttpsMetadata = false|};\n", string.Empty),
            },
            ExpectedDiagnostics =
            {
                ExpectedDiagnostic.Create("TA107").WithLocation(0).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address in appsettings.Development.json (make it https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(1).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address (make it https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(2).WithArguments("RequireHttpsMetadata is set to false"),
                ExpectedDiagnostic.Create("TA107").WithLocation(3).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address (make it https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(4).WithArguments("RequireHttpsMetadata is set to false while Authority is set from a value this code does not show (make sure it is https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(5).WithArguments("RequireHttpsMetadata is set to false while Authority is set from a value this code does not show (make sure it is https:// first)"),
            },
        };
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "IdentityServer": { "Authority": "https://identity.example.com" }, "Keycloak": { "Authority": "https://keycloak.example.com/realms/app" }, "Oidc": { "Authority": "" } }"""));
        test.AdditionalFiles.Add(("/0/appsettings.Development.json", """{ "IdentityServer": { "Authority": "http://localhost:5001" } }"""));
        return test.RunAsync();
    }

    /// <summary>
    /// Rounds AN and AO: the options are bound from a configuration section whose Authority is http:// (Keycloak in a
    /// container), or the address is set in another callback for the scheme: no assignment of it is in sight, and the
    /// real JwtBearer handler failed every request once the switch was removed. An http:// Authority or
    /// MetadataAddress anywhere in the project's appsettings files keeps the switch.
    /// </summary>
    [Fact]
    public Task TA107_fix_is_not_offered_where_appsettings_hold_an_http_authority()
    {
        const string Code = """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            class C
            {
                void Bound(IServiceCollection services, IConfiguration configuration) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        configuration.GetSection("Keycloak").Bind(o);
                        {|#0:o.RequireHttpsMetadata = false|};
                    });

                void ElsewhereForTheScheme(IServiceCollection services) =>
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => {|#1:o.RequireHttpsMetadata = false|});
            }
            """;
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new InsecureMetadataRule()))
        {
            CodeFix = new RemoveAssignmentCodeFixProvider(),
            Sources = { Usings + Code },
            FixedSources = { Usings + Code.Replace("{|#0:", "{|TA107:").Replace("{|#1:", "{|TA107:") },
            ExpectedDiagnostics =
            {
                ExpectedDiagnostic.Create("TA107").WithLocation(0).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address in appsettings.json (make it https:// first)"),
                ExpectedDiagnostic.Create("TA107").WithLocation(1).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address in appsettings.json (make it https:// first)"),
            },
        };
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Keycloak": { "Authority": "http://keycloak:8080/realms/main", "Audience": "api" } }"""));
        return test.RunAsync();
    }

    /// <summary>
    /// Round AP: the switch in one callback for the scheme, an http:// Authority literal in another: no address is in
    /// sight of the switch, and removing it failed every request. An http:// Authority or MetadataAddress literal
    /// anywhere in the project's code keeps the switch.
    /// </summary>
    [Fact]
    public Task TA107_fix_is_not_offered_where_another_callback_sets_an_http_authority() => new AnalyzerTest(new TokenValidationAnalyzer(new InsecureMetadataRule()))
    {
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        Sources =
        {
            Usings + """
            class C
            {
                void Register(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o => {|#0:o.Authority = "http://keycloak:8080/realms/main"|});

                void Relax(IServiceCollection services) =>
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => {|#1:o.RequireHttpsMetadata = false|});
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA107").WithLocation(0).WithArguments("Authority uses http:// (use an https:// address)"),
            ExpectedDiagnostic.Create("TA107").WithLocation(1).WithArguments("RequireHttpsMetadata is set to false while Authority is an http:// address in Test0.cs (make it https:// first)"),
        },
        FixedSources =
        {
            Usings + """
            class C
            {
                void Register(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o => {|TA107:o.Authority = "http://keycloak:8080/realms/main"|});

                void Relax(IServiceCollection services) =>
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => {|TA107:o.RequireHttpsMetadata = false|});
            }
            """,
        },
    }.RunAsync();

    /// <summary>
    /// Round AR (NetDevPack's SetJwksOptions, copied into a course's many services): the project's own retriever
    /// follows the switch for a JWKS address of its own, http:// in a container; with the switch gone every load
    /// failed with IDX20108. A read of the switch in the project's code keeps it where no address is in sight.
    /// </summary>
    [Fact]
    public Task TA107_fix_is_not_offered_where_the_project_reads_the_switch_for_its_own_retriever() => new AnalyzerTest(new TokenValidationAnalyzer(new InsecureMetadataRule()))
    {
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        Sources =
        {
            Usings + OidcUsing + """
            static class JwtConfig
            {
                public static void Add(IServiceCollection services, string jwksUrl) =>
                    services.AddAuthentication().AddJwtBearer(x =>
                    {
                        {|#0:x.RequireHttpsMetadata = false|}; // leave false where there is no HTTPS
                        x.SetJwks(jwksUrl);
                    });

                public static void SetJwks(this JwtBearerOptions options, string url) =>
                    options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        url, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = options.RequireHttpsMetadata });
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA107").WithLocation(0).WithArguments("RequireHttpsMetadata is set to false while Test0.cs reads RequireHttpsMetadata for an address of its own (make that address https:// first)"),
        },
        FixedSources =
        {
            Usings + OidcUsing + """
            static class JwtConfig
            {
                public static void Add(IServiceCollection services, string jwksUrl) =>
                    services.AddAuthentication().AddJwtBearer(x =>
                    {
                        {|TA107:x.RequireHttpsMetadata = false|}; // leave false where there is no HTTPS
                        x.SetJwks(jwksUrl);
                    });

                public static void SetJwks(this JwtBearerOptions options, string url) =>
                    options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        url, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = options.RequireHttpsMetadata });
            }
            """,
        },
    }.RunAsync();

    /// <summary>Round AS: a settings class's property of the same name is no read of the switch; the fix stays.</summary>
    [Fact]
    public Task TA107_fix_is_offered_beside_a_settings_property_of_the_same_name() => Verify.CodeFixAsync<InsecureMetadataRule, RemoveAssignmentCodeFixProvider>(Usings + """
        class Settings { public bool RequireHttpsMetadata { get; set; } }

        static class JwtConfig
        {
            public static void Add(IServiceCollection services, Settings settings, SecurityKey key)
            {
                services.AddAuthentication().AddJwtBearer("settings", o => o.RequireHttpsMetadata = settings.RequireHttpsMetadata);
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA107:o.RequireHttpsMetadata = false|};
                    o.TokenValidationParameters.IssuerSigningKey = key;
                });
            }
        }
        """, Usings + """
        class Settings { public bool RequireHttpsMetadata { get; set; } }

        static class JwtConfig
        {
            public static void Add(IServiceCollection services, Settings settings, SecurityKey key)
            {
                services.AddAuthentication().AddJwtBearer("settings", o => o.RequireHttpsMetadata = settings.RequireHttpsMetadata);
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.TokenValidationParameters.IssuerSigningKey = key;
                });
            }
        }
        """);

    // ---- Fix All keeps the conditions at every scope ----

    [Fact]
    public Task Fix_all_in_documents_projects_and_the_solution_fixes_only_where_offered() => new AnalyzerTest(new TokenValidationAnalyzer(new DisabledValidationRule()))
    {
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        CodeActionEquivalenceKey = RemoveAssignmentCodeFixProvider.EquivalenceKey("TA101"),
        Sources =
        {
            Usings + """
            class A
            {
                TokenValidationParameters Safe() => new TokenValidationParameters { ValidIssuer = "i", {|TA101:ValidateIssuer = false|} };
                TokenValidationParameters Unsafe() => new TokenValidationParameters { {|TA101:ValidateIssuer = false|} };
            }
            """,
            Usings + """
            class B
            {
                void M(JwtBearerOptions o, JwtBearerOptions other)
                {
                    o.Authority = "https://issuer.example";
                    {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
                    {|TA101:other.TokenValidationParameters.ValidateIssuer = false|};
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class A
            {
                TokenValidationParameters Safe() => new TokenValidationParameters { ValidIssuer = "i" };
                TokenValidationParameters Unsafe() => new TokenValidationParameters { {|TA101:ValidateIssuer = false|} };
            }
            """,
            Usings + """
            class B
            {
                void M(JwtBearerOptions o, JwtBearerOptions other)
                {
                    o.Authority = "https://issuer.example";
                    {|TA101:other.TokenValidationParameters.ValidateIssuer = false|};
                }
            }
            """,
        },
        SecondProjectSources =
        {
            Usings + """
            class D
            {
                TokenValidationParameters Safe() => new TokenValidationParameters { ValidIssuers = new[] { "i" }, {|TA101:ValidateIssuer = false|} };
                TokenValidationParameters Unsafe() => new TokenValidationParameters { ValidAudience = "a", {|TA101:ValidateIssuer = false|} };
            }
            """,
        },
        SecondProjectFixedSources =
        {
            Usings + """
            class D
            {
                TokenValidationParameters Safe() => new TokenValidationParameters { ValidIssuers = new[] { "i" } };
                TokenValidationParameters Unsafe() => new TokenValidationParameters { ValidAudience = "a", {|TA101:ValidateIssuer = false|} };
            }
            """,
        },
    }.RunAsync();

    // ---- Deconstruction: the fixer declines whatever the diagnostic says ----

    [Theory]
    [InlineData("TA101", true)]
    [InlineData("TA104", false)]
    [InlineData("TA201", false)]
    public async Task No_fix_is_offered_for_an_assignment_inside_a_deconstruction(string id, bool withProperty)
    {
        const string code = """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p)
                {
                    (p.ValidateIssuer, p.RequireSignedTokens) = (false, false);
                }
            }
            """;
        var properties = withProperty
            ? ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveAssignment, FixProperties.Offered)
            : ImmutableDictionary<string, string?>.Empty;
        Assert.Empty(await ActionsFor(code, id, root => root.DescendantNodes().OfType<AssignmentExpressionSyntax>().Single(), properties));
        Assert.Empty(await ActionsFor(code, id, root => root.DescendantNodes().OfType<AssignmentExpressionSyntax>().Single().Left.DescendantNodes().OfType<MemberAccessExpressionSyntax>().First(), properties));
    }

    [Theory]
    [InlineData("new Microsoft.IdentityModel.Protocols.HttpDocumentRetriever().RequireHttps = false")]
    [InlineData("o.RequireHttpsMetadata = false")]
    [InlineData("o.Authority = \"http://issuer.example\"")]
    public async Task TA107_fix_is_not_offered_without_the_analyzers_decision(string statement)
    {
        // Even an https switch may stand beside an http:// address, where removing it fails every request.
        var code = "using Microsoft.AspNetCore.Authentication.JwtBearer; class C { void M(JwtBearerOptions o) { " + statement + "; } }";
        Assert.Empty(await ActionsFor(code, "TA107", root => root.DescendantNodes().OfType<AssignmentExpressionSyntax>().Single()));
    }

    [Fact]
    public async Task TA101_fix_is_not_offered_without_the_analyzers_decision()
    {
        // A TA101 from a report path that did not decide (no property) gets no fix: the safe default.
        const string code = "using Microsoft.IdentityModel.Tokens; class C { TokenValidationParameters P => new() { ValidIssuer = \"i\", ValidateIssuer = false }; }";
        Assert.Empty(await ActionsFor(code, "TA101", root => root.DescendantNodes().OfType<AssignmentExpressionSyntax>().Last()));
    }

    /// <summary>
    /// The actions the fixer offers for a diagnostic <paramref name="id"/> made by hand at the node
    /// <paramref name="target"/> picks, with <paramref name="properties"/> (none: a report path that did not decide).
    /// </summary>
    private static async Task<List<CodeAction>> ActionsFor(string code, string id, Func<SyntaxNode, SyntaxNode> target, ImmutableDictionary<string, string?>? properties = null)
    {
        using var workspace = new AdhocWorkspace();
        var document = workspace.CurrentSolution
            .AddProject("P", "P", LanguageNames.CSharp)
            .AddMetadataReferences(TestReferences.All)
            .AddDocument("C.cs", SourceText.From(code));
        var root = await document.GetSyntaxRootAsync();
        var descriptor = new DiagnosticDescriptor(id, "t", "m", "Security", DiagnosticSeverity.Warning, true);
        var diagnostic = Diagnostic.Create(descriptor, target(root!).GetLocation(), properties);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new RemoveAssignmentCodeFixProvider().RegisterCodeFixesAsync(context);
        return actions;
    }
}
