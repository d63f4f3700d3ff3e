using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.EntraTestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>TA301: any Entra ID tenant accepted. Evidence: LibraryBehaviour/EntraSigningKeyIssuerTests.</summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
[Trait("Rule", "TA301")]
public class EntraTenantRuleTests
{
    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<EntraTenantRule>(Usings + markup);

    private static Task VerifyFixAsync(string markup, string fixedMarkup) =>
        Verify.CodeFixAsync<EntraTenantRule, AadIssuerValidatorCodeFixProvider>(Usings + markup, FixedUsings + fixedMarkup);

    /// <summary>
    /// RULES.md TA301: for a multi-tenant authority no fix, and the message says to check the token's tenant against an
    /// allow-list (round Z: only the AadIssuerValidator form said so); a tenant-specific authority gets the fix instead.
    /// </summary>
    [Fact]
    public Task The_message_for_a_multi_tenant_authority_says_to_check_the_tid_against_an_allow_list() => new AnalyzerTest(new EntraTenantRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                void Common(JwtBearerOptions o)
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    {|#0:o.TokenValidationParameters.ValidateIssuer = false|};
                }

                void Tenant(JwtBearerOptions o)
                {
                    o.Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
                    {|#1:o.TokenValidationParameters.ValidateIssuer = false|};
                }

                // Round AO: a format that starts with a hole, every hole filled by a constant (an instance and a tenant).
                const string Instance = "https://login.microsoftonline.com/";

                void Formatted(JwtBearerOptions o)
                {
                    o.Authority = string.Format("{0}{1}/v2.0", Instance, "common");
                    {|#2:o.TokenValidationParameters.ValidateIssuer = false|};
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA301").WithLocation(2).WithArguments("ValidateIssuer is set to false", "https://login.microsoftonline.com/common/v2.0", "; check the tid against an allow-list of tenants"),
            ExpectedDiagnostic.Create("TA301").WithLocation(0).WithArguments("ValidateIssuer is set to false", "https://login.microsoftonline.com/common/v2.0", "; check the tid against an allow-list of tenants"),
            ExpectedDiagnostic.Create("TA301").WithLocation(1).WithArguments("ValidateIssuer is set to false", "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0", ""),
        },
    }.RunAsync();

    [Theory]
    [InlineData("https://login.microsoftonline.com/common/v2.0")]
    [InlineData("https://login.microsoftonline.com/organizations/v2.0")]
    [InlineData("https://login.microsoftonline.com/consumers")]
    [InlineData("https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0")]
    [InlineData("https://login.windows.net/common")]
    [InlineData("https://sts.windows.net/contoso.onmicrosoft.com/")]
    [InlineData("https://login.microsoftonline.us/common/v2.0")]
    [InlineData("https://login.chinacloudapi.cn/common/v2.0")]
    [InlineData("https://login.partner.microsoftonline.cn/common/v2.0")]
    [InlineData("HTTPS://LOGIN.MICROSOFTONLINE.COM/common")]
    public Task ValidateIssuer_false_with_every_Entra_host_and_tenant_is_reported(string authority) => VerifyAsync($$"""
        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "{{authority}}";
                    o.Audience = "api://my-api";
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });
        }
        """);

    [Fact]
    public Task Metadata_address_interpolated_and_concatenated_authorities_are_recognised() => VerifyAsync("""
        class C
        {
            private const string Instance = "https://login.microsoftonline.com/";
            private readonly string _tenant = Environment.GetEnvironmentVariable("TENANT")!;

            void Interpolated(IServiceCollection services, string tenantId) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = $"https://login.microsoftonline.com/{tenantId}/v2.0";
                    o.TokenValidationParameters = new TokenValidationParameters { {|TA301:ValidateIssuer = false|} };
                });

            void ConstantHole(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = $"{Instance}{_tenant}/v2.0";
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });

            void Concatenated(IServiceCollection services, string tenantId)
            {
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    var authority = Instance + tenantId;
                    o.Authority = authority;
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });
            }

            void Metadata(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.MetadataAddress = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });

            void Format(IServiceCollection services, string tenantId) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = string.Format("https://login.microsoftonline.com/{0}/v2.0", tenantId);
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });

            // Real code (round U): a format provider first; an authority local as the interpolation's first hole.
            void FormatWithProvider(IServiceCollection services, string tenantId) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = string.Format(System.Globalization.CultureInfo.InvariantCulture, "https://sts.windows.net/{0}/", tenantId);
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });

            void AuthorityLocalInInterpolation(IServiceCollection services, string tenantId) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    string authority = $"https://login.microsoftonline.com/{tenantId}";
                    o.MetadataAddress = $"{authority}/v2.0/.well-known/openid-configuration";
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });
        }
        """);

    [Fact]
    public Task Accept_all_and_shape_only_issuer_validators_are_reported() => VerifyAsync("""
        class C
        {
            void AcceptAll(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer|};
                });

            void Prefix(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        {|TA301:IssuerValidator = (issuer, token, parameters) =>
                            issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.Ordinal)
                                ? issuer
                                : throw new SecurityTokenInvalidIssuerException("not Entra")|},
                    };
                });

            void Suffix(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    {|TA301:o.TokenValidationParameters.IssuerValidator = CheckSuffix|};
                });

            // Real code builds the rejection's message with FormattableString.Invariant: formatting rejects nothing.
            void PrefixWithAFormattedMessage(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                    {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                    {
                        if (issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.InvariantCultureIgnoreCase))
                        {
                            return issuer;
                        }

                        string errorMessage = FormattableString.Invariant($"IDX10205: Issuer validation failed. Issuer: '{issuer}'");
                        throw new SecurityTokenInvalidIssuerException(errorMessage) { InvalidIssuer = issuer };
                    }|};
                });

            void Host(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    {|TA301:o.TokenValidationParameters.IssuerValidatorUsingConfiguration = (issuer, token, parameters, configuration) =>
                    {
                        if (new Uri(issuer).Host != "login.microsoftonline.com")
                        {
                            throw new SecurityTokenInvalidIssuerException("wrong host");
                        }

                        return issuer;
                    }|};
                });

            void Substring(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                        issuer.Contains("microsoftonline") || issuer.IndexOf("sts.windows.net", StringComparison.Ordinal) >= 0 ? issuer : null|};
                });

            private static string CheckSuffix(string issuer, SecurityToken token, TokenValidationParameters parameters)
            {
                if (!issuer.EndsWith("/v2.0", StringComparison.Ordinal))
                {
                    throw new SecurityTokenInvalidIssuerException("v1 token");
                }

                return issuer;
            }
        }
        """);

    [Fact]
    public Task A_tenant_allow_list_set_in_another_branch_does_not_exempt_ValidateIssuer_false() => VerifyAsync("""
        class C
        {
            private static readonly string[] Tenants = { "0c0ffee0-1234-4abc-8def-0123456789ab" };

            void Set(IServiceCollection services, bool restricted) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                    if (restricted)
                    {
                        o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                            Tenants.Any(t => issuer == $"https://login.microsoftonline.com/{t}/v2.0") ? issuer : throw new SecurityTokenInvalidIssuerException("untrusted");
                    }
                    else
                    {
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                    }
                });
        }
        """);

    [Fact]
    public Task Allow_lists_and_AadIssuerValidator_are_not_reported() => VerifyAsync("""
        using Microsoft.IdentityModel.Validators;

        class C
        {
            private static readonly HashSet<string> Trusted = new() { "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0" };
            private static readonly string[] Tenants = { "0c0ffee0-1234-4abc-8def-0123456789ab" };

            void Set(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                        Trusted.Contains(issuer) ? issuer : throw new SecurityTokenInvalidIssuerException("untrusted tenant");
                });

            void Equality(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                        issuer.StartsWith("https://login.microsoftonline.com/") && issuer == parameters.ValidIssuer ? issuer : null;
                });

            void TenantList(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                    o.TokenValidationParameters.ValidateIssuer = false; // the validator below still runs
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                        Tenants.Any(t => issuer == $"https://login.microsoftonline.com/{t}/v2.0") ? issuer : throw new SecurityTokenInvalidIssuerException("untrusted");
                });

            // Contract v2: on a multi-tenant authority AadIssuerValidator is reported (EntraTenantAadValidatorTests).
            void Aad(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
                    o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(o.Authority).Validate;
                });

            void On(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.ValidateIssuer = true;
                    o.TokenValidationParameters.ValidIssuers = new[] { "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0" };
                });
        }
        """);

    [Fact]
    public Task Self_issued_and_other_identity_providers_are_not_reported() => VerifyAsync("""
        class C
        {
            void SelfIssued(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidateIssuer = false,
                        IssuerValidator = (issuer, token, parameters) => issuer,
                        IssuerSigningKey = new SymmetricSecurityKey(new byte[32]),
                    };
                });

            void OtherProvider(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://accounts.google.com";
                    o.TokenValidationParameters.ValidateIssuer = false;
                });

            void LookAlike(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com.evil.example/common";
                    o.TokenValidationParameters.ValidateIssuer = false;
                });

            void UnknownPrefix(IServiceCollection services, string instance) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = $"{instance}/common/v2.0";
                    o.TokenValidationParameters.ValidateIssuer = false;
                });

            void OtherOptionsObject(IServiceCollection services) =>
                services.AddAuthentication()
                    .AddJwtBearer("entra", o => o.Authority = "https://login.microsoftonline.com/common/v2.0")
                    .AddJwtBearer("local", o => o.TokenValidationParameters.ValidateIssuer = false);
        }
        """);

    [Fact]
    public Task Kinds_two_and_three_of_Entra_backed_parameters_are_reported() => VerifyAsync("""
        class C
        {
            TokenValidationParameters ManagerOnParameters() => new TokenValidationParameters
            {
                ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever()),
                {|TA301:ValidateIssuer = false|},
            };

            async Task<TokenValidationParameters> DownloadedKeys()
            {
                var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever());
                var configuration = await manager.GetConfigurationAsync(default);
                var p = new TokenValidationParameters
                {
                    IssuerSigningKeys = configuration.SigningKeys,
                    ValidAudience = "api://my-api",
                };
                {|TA301:p.ValidateIssuer = false|};
                return p;
            }

            // Real code creates the manager on first use: a field written with ??= holds it just the same.
            private ConfigurationManager<OpenIdConnectConfiguration>? _manager;

            async Task<TokenValidationParameters> ManagerCreatedOnFirstUse(string tenant)
            {
                _manager ??= new ConfigurationManager<OpenIdConnectConfiguration>(
                    $"https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever());
                var configuration = await _manager.GetConfigurationAsync(default);
                return new TokenValidationParameters
                {
                    IssuerSigningKeys = configuration.SigningKeys,
                    {|TA301:IssuerValidator = (issuer, token, parameters) =>
                        issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.Ordinal) ? issuer : throw new SecurityTokenInvalidIssuerException("issuer")|},
                };
            }
        }
        """);

    [Fact]
    public Task Aliases_options_initializers_and_configure_options_classes_are_one_configuration() => VerifyAsync("""
        class C
        {
            void Alias(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                {
                    options.Authority = "https://login.microsoftonline.com/common/v2.0";
                    var p = options.TokenValidationParameters;
                    {|TA301:p.ValidateIssuer = false|};
                });

            JwtBearerOptions Initializer() => new JwtBearerOptions
            {
                Authority = "https://login.microsoftonline.com/common/v2.0",
                TokenValidationParameters = { {|TA301:ValidateIssuer = false|} },
            };
        }

        sealed class ConfigureEntra : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options)
            {
                options.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                options.TokenValidationParameters = new TokenValidationParameters { {|TA301:ValidateIssuer = false|} };
            }

            public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
        }
        """);

    [Fact]
    public Task TA301_replaces_TA101_and_TA202_at_the_same_assignment() => new AnalyzerTest(new EntraTenantRule(), new DisabledValidationRule(), new AcceptAllValidatorRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                void Entra(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.microsoftonline.com/common/v2.0";
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                        {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer|};
                    });

                void SelfIssued(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
                        {|TA202:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer|};
                    });
            }
            """,
        },
    }.RunAsync();

    /// <summary>
    /// The fix names the constant the Authority is set from (round Z: the literal written twice would leave the
    /// validator on the old tenant when the constant changes); a constant of another class keeps its qualifier.
    /// </summary>
    [Fact]
    public Task Fix_names_the_constant_the_Authority_comes_from() => VerifyFixAsync("""
        static class AzureAdSettings
        {
            public const string Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
        }

        class C
        {
            void M(JwtBearerOptions o)
            {
                o.Authority = AzureAdSettings.Authority;
                {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
            }
        }
        """, """
        static class AzureAdSettings
        {
            public const string Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
        }

        class C
        {
            void M(JwtBearerOptions o)
            {
                o.Authority = AzureAdSettings.Authority;
                o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(AzureAdSettings.Authority).Validate;
            }
        }
        """);

    [Fact]
    public Task Fix_writes_the_AadIssuerValidator_for_the_constant_authority() => VerifyFixAsync("""
        class C
        {
            private const string Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";

            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = Authority;
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });

            JwtBearerOptions Initializer() => new JwtBearerOptions
            {
                MetadataAddress = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
                TokenValidationParameters = new TokenValidationParameters
                {
                    {|TA301:IssuerValidator = (issuer, token, parameters) => issuer.StartsWith("https://login.microsoftonline.com/") ? issuer : null|},
                },
            };
        }
        """, """
        class C
        {
            private const string Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";

            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = Authority;
                    o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(Authority).Validate;
                });

            JwtBearerOptions Initializer() => new JwtBearerOptions
            {
                MetadataAddress = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
                TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0").Validate,
                },
            };
        }
        """);

    /// <summary>
    /// An Authority built from constants (the tenant a <c>const</c> of its own, interpolated or concatenated; a
    /// <c>static readonly</c> instance; a <c>const</c> local) is written again as it stands, so the tenant stays in one
    /// place. A name that could not be read at the fix (a local declared after it) gets the value as a literal instead.
    /// </summary>
    [Fact]
    public Task Fix_writes_the_expression_an_authority_is_built_from_where_its_names_mean_the_same() => VerifyFixAsync("""
        static class AzureAd
        {
            public const string Instance = "https://login.microsoftonline.com/";
            public const string TenantId = "0c0ffee0-1234-4abc-8def-0123456789ab";
        }

        class C
        {
            private const string TenantId = "0c0ffee0-1234-4abc-8def-0123456789ab";
            private static readonly string Instance = "https://login.microsoftonline.com/";

            void Interpolated(JwtBearerOptions o)
            {
                o.Authority = $"https://login.microsoftonline.com/{TenantId}/v2.0";
                {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
            }

            void Concatenated(JwtBearerOptions o)
            {
                o.Authority = AzureAd.Instance + AzureAd.TenantId + "/v2.0";
                {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
            }

            void ReadOnlyInstance(Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions o)
            {
                const string tenant = "contoso.onmicrosoft.com";
                o.Authority = $"{Instance}{tenant}/v2.0";
                {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer|};
            }

            void DeclaredAfter(JwtBearerOptions o)
            {
                {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                const string tenant = "contoso.onmicrosoft.com";
                o.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0";
            }
        }
        """, """
        static class AzureAd
        {
            public const string Instance = "https://login.microsoftonline.com/";
            public const string TenantId = "0c0ffee0-1234-4abc-8def-0123456789ab";
        }

        class C
        {
            private const string TenantId = "0c0ffee0-1234-4abc-8def-0123456789ab";
            private static readonly string Instance = "https://login.microsoftonline.com/";

            void Interpolated(JwtBearerOptions o)
            {
                o.Authority = $"https://login.microsoftonline.com/{TenantId}/v2.0";
                o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator($"https://login.microsoftonline.com/{TenantId}/v2.0").Validate;
            }

            void Concatenated(JwtBearerOptions o)
            {
                o.Authority = AzureAd.Instance + AzureAd.TenantId + "/v2.0";
                o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(AzureAd.Instance + AzureAd.TenantId + "/v2.0").Validate;
            }

            void ReadOnlyInstance(Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions o)
            {
                const string tenant = "contoso.onmicrosoft.com";
                o.Authority = $"{Instance}{tenant}/v2.0";
                o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator($"{Instance}{tenant}/v2.0").Validate;
            }

            void DeclaredAfter(JwtBearerOptions o)
            {
                o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0").Validate;
                const string tenant = "contoso.onmicrosoft.com";
                o.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0";
            }
        }
        """);

    [Fact]
    public Task Fix_replaces_the_validator_and_removes_ValidateIssuer_false_when_both_are_reported() => VerifyFixAsync("""
        class C
        {
            TokenValidationParameters P() => new TokenValidationParameters
            {
                ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever()),
                {|TA301:ValidateIssuer = false|},
                {|TA301:IssuerValidatorUsingConfiguration = (issuer, token, parameters, configuration) => issuer|},
            };
        }
        """, """
        class C
        {
            TokenValidationParameters P() => new TokenValidationParameters
            {
                ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever()),
                IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0").Validate,
            };
        }
        """);

    /// <summary>
    /// Round AO: an authority formatted from constants only (<c>string.Format("{0}{1}/v2.0", Instance, Tenant)</c>, a
    /// provider first, an escaped brace left alone) is a constant tenant-specific authority: the fix names its text.
    /// </summary>
    [Fact]
    public Task Fix_is_offered_for_an_authority_formatted_from_constants() => VerifyFixAsync("""
        class C
        {
            const string Instance = "https://login.microsoftonline.com/";
            static readonly string Tenant = "contoso.onmicrosoft.com";

            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}{1}/v2.0", Instance, Tenant);
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });
        }
        """, """
        class C
        {
            const string Instance = "https://login.microsoftonline.com/";
            static readonly string Tenant = "contoso.onmicrosoft.com";

            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}{1}/v2.0", Instance, Tenant);
                    o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0").Validate;
                });
        }
        """);

    /// <summary>A hole the format's arguments fill from a parameter, or one with a format spec, ends the known text: no fix.</summary>
    [Fact]
    public Task No_fix_for_an_authority_formatted_from_a_parameter()
    {
        const string Code = """
            class C
            {
                const string Instance = "https://login.microsoftonline.com/";

                void M(IServiceCollection services, string tenant) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = string.Format("{0}{1}/v2.0", Instance, tenant);
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                    });

                void Aligned(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = string.Format("{0}{1,5}/v2.0", Instance, "contoso.onmicrosoft.com");
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                    });
            }
            """;
        return Verify.CodeFixAsync<EntraTenantRule, AadIssuerValidatorCodeFixProvider>(Usings + Code, Usings + Code);
    }

    [Fact]
    public Task No_fix_for_an_interpolated_authority() => new AnalyzerTest(new EntraTenantRule())
    {
        CodeFix = new AadIssuerValidatorCodeFixProvider(),
        Sources =
        {
            Usings + """
            class C
            {
                void M(IServiceCollection services, string tenant) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0";
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                    });
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class C
            {
                void M(IServiceCollection services, string tenant) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0";
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                    });
            }
            """,
        },
    }.RunAsync();

    [Theory]
    [InlineData("https://login.microsoftonline.com/common/v2.0")]
    [InlineData("https://login.microsoftonline.com/organizations/v2.0")]
    [InlineData("https://login.windows.net/consumers")]
    public Task No_fix_for_a_multi_tenant_authority(string authority) => Verify.CodeFixAsync<EntraTenantRule, AadIssuerValidatorCodeFixProvider>(Usings + $$"""
        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "{{authority}}";
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });
        }
        """, Usings + $$"""
        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "{{authority}}";
                    {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                });
        }
        """);

    [Fact]
    public Task Fix_all_fixes_every_document() => new AnalyzerTest(new EntraTenantRule())
    {
        CodeFix = new AadIssuerValidatorCodeFixProvider(),
        CodeActionEquivalenceKey = AadIssuerValidatorCodeFixProvider.EquivalenceKey,
        Sources =
        {
            Usings + """
            class A
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                    });
            }
            """,
            Usings + """
            class B
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.windows.net/contoso.onmicrosoft.com";
                        {|TA301:o.TokenValidationParameters.IssuerValidator = (i, t, p) => i|};
                    });

                void N(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://sts.windows.net/0c0ffee0-1234-4abc-8def-0123456789ab/";
                        {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
                    });
            }
            """,
        },
        FixedSources =
        {
            FixedUsings + """
            class A
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
                        o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0").Validate;
                    });
            }
            """,
            FixedUsings + """
            class B
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.windows.net/contoso.onmicrosoft.com";
                        o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.windows.net/contoso.onmicrosoft.com").Validate;
                    });

                void N(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://sts.windows.net/0c0ffee0-1234-4abc-8def-0123456789ab/";
                        o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://sts.windows.net/0c0ffee0-1234-4abc-8def-0123456789ab/").Validate;
                    });
            }
            """,
        },
    }.RunAsync();
}
