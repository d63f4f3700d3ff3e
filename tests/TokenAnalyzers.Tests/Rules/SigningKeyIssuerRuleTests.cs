using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.EntraTestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA302 (EnableAadSigningKeyIssuerValidation missing) and TA303 (undone). Evidence: LibraryBehaviour/EntraSigningKeyIssuerTests.
/// </summary>
[Trait("Rule", "TA302")]
[Trait("Rule", "TA303")]
public class SigningKeyIssuerRuleTests
{
    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<SigningKeyIssuerRule>(Usings + markup);

    private static Task VerifyFixAsync<TFix>(string markup, string fixedMarkup, string? fixedUsings = null)
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new() =>
        Verify.CodeFixAsync<SigningKeyIssuerRule, TFix>(Usings + markup, (fixedUsings ?? Usings) + fixedMarkup);

    // ---- TA302 ----

    [Fact]
    public Task Entra_authority_without_the_call_is_reported_at_the_authority() => VerifyAsync("""
        class C
        {
            void Multi(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    o.Audience = "api://my-api";
                });

            void Tenant(IServiceCollection services, string tenantId) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = $"https://login.microsoftonline.com/{tenantId}/v2.0"|};
                    o.MetadataAddress = $"https://login.microsoftonline.com/{tenantId}/v2.0/.well-known/openid-configuration";
                });

            void Metadata(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                    {|TA302:o.MetadataAddress = "https://sts.windows.net/common/.well-known/openid-configuration"|});

            // Round AO: the format starts with a hole that a constant instance fills.
            const string Instance = "https://login.microsoftonline.com/";

            void Formatted(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                    {|TA302:o.Authority = string.Format("{0}{1}/v2.0", Instance, "common")|});

            TokenValidationParameters Manager() => new TokenValidationParameters
            {
                {|TA302:ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever())|},
            };

            // Round AU: an Azure Function's static manager, created on first use.
            private static readonly Lazy<ConfigurationManager<OpenIdConnectConfiguration>> s_manager = new(() =>
                new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/7e2f0000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever()));

            TokenValidationParameters Deferred() => new TokenValidationParameters { {|TA302:ConfigurationManager = s_manager.Value|}, ValidAudience = "api://func" };
        }

        sealed class ConfigureEntra : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options)
            {
                {|TA302:options.Authority = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"|};
            }

            public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
        }
        """);

    [Fact]
    public Task The_call_on_the_same_parameters_object_silences_it() => VerifyAsync("""
        using Microsoft.IdentityModel.Validators;

        class C
        {
            void Direct(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });

            void Alias(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    var p = new TokenValidationParameters { ValidAudience = "api" };
                    p.EnableAadSigningKeyIssuerValidation();
                    o.TokenValidationParameters = p;
                });

            TokenValidationParameters Manager()
            {
                var p = new TokenValidationParameters
                {
                    ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                        new OpenIdConnectConfigurationRetriever()),
                };
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            }

            // Round AO: a helper of the same compilation builds the parameters and makes the call on what it returns.
            void Built(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters = BuildParameters();
                });

            void BuiltIntoALocal(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    var parameters = Parameters.Build("api");
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters = parameters;
                });

            static TokenValidationParameters BuildParameters()
            {
                var p = new TokenValidationParameters { ValidAudience = "api" };
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            }
        }

        static class Parameters
        {
            public static TokenValidationParameters Build(string audience)
            {
                var parameters = new TokenValidationParameters { ValidAudience = audience };
                parameters.EnableAadSigningKeyIssuerValidation();
                return parameters;
            }
        }
        """);

    /// <summary>Round AS: the helper as a top-level local function of a minimal API's Program.cs.</summary>
    [Fact]
    public Task The_call_in_a_top_level_local_function_silences_it() => new AnalyzerTest(new SigningKeyIssuerRule())
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        Sources =
        {
            Usings + """
            using Microsoft.IdentityModel.Validators;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                o.Authority = "https://login.microsoftonline.com/common/v2.0";
                o.TokenValidationParameters = BuildParameters();
            });
            builder.Build().Run();

            static TokenValidationParameters BuildParameters()
            {
                var p = new TokenValidationParameters { ValidAudience = "api" };
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            }
            """,
        },
    }.RunAsync();

    /// <summary>
    /// A helper that builds the parameters without the call leaves it reported; so does one that makes it only under a
    /// condition or on another object, and one whose object the options replace later (round AR).
    /// </summary>
    [Fact]
    public Task Parameters_from_a_helper_without_the_call_are_reported() => VerifyAsync("""
        using Microsoft.IdentityModel.Validators;

        class C
        {
            static readonly TokenValidationParameters Template = new();

            void Built(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    o.TokenValidationParameters = BuildParameters();
                });

            void Conditional(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    o.TokenValidationParameters = Build("api", bindKeys: false);
                });

            void OnAnotherObject(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    o.TokenValidationParameters = Fresh();
                });

            void Replaced(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    o.TokenValidationParameters = Enabled();
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" };
                });

            static TokenValidationParameters BuildParameters() => new TokenValidationParameters { ValidAudience = "api" };

            static TokenValidationParameters Build(string audience, bool bindKeys)
            {
                var p = new TokenValidationParameters { ValidAudience = audience };
                if (bindKeys) p.EnableAadSigningKeyIssuerValidation();
                return p;
            }

            static TokenValidationParameters Fresh()
            {
                var copy = Template.Clone();
                copy.EnableAadSigningKeyIssuerValidation();
                return new TokenValidationParameters { ValidAudience = "api" };
            }

            static TokenValidationParameters Enabled()
            {
                var p = new TokenValidationParameters { ValidAudience = "api" };
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            }
        }
        """);

    [Fact]
    public Task Self_issued_other_providers_and_downloaded_keys_are_not_TA302() => VerifyAsync("""
        class C
        {
            void SelfIssued(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.TokenValidationParameters.ValidIssuer = "https://api.example.com";
                    o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(Environment.GetEnvironmentVariable("KEY")!));
                });

            void Other(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => o.Authority = "https://accounts.google.com");

            void CallInAnotherConfiguration(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => o.Authority = "https://idp.example.com/common");
        }
        """);

    [Fact]
    public Task Microsoft_Identity_Web_configurations_are_not_reported() => VerifyAsync("""
        using Microsoft.Identity.Web;

        class Startup
        {
            void M(IServiceCollection services)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddMicrosoftIdentityWebApi(o =>
                    {
                        o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    }, identity => identity.TenantId = "common");
            }
        }

        namespace Microsoft.Identity.Web
        {
            using Microsoft.AspNetCore.Authentication;

            public sealed class MicrosoftIdentityOptions { public string? TenantId { get; set; } }

            // A source stand-in for the package (not on this mirror): matched by method name and namespace.
            public static class MicrosoftIdentityWebApiAuthenticationBuilderExtensions
            {
                public static AuthenticationBuilder AddMicrosoftIdentityWebApi(
                    this AuthenticationBuilder builder,
                    Action<JwtBearerOptions> configureJwtBearerOptions,
                    Action<MicrosoftIdentityOptions> configureMicrosoftIdentityOptions) => builder;
            }
        }
        """);

    [Fact]
    public Task Message_names_the_package_when_it_is_not_referenced() => new AnalyzerTest(new SigningKeyIssuerRule())
    {
        Sources = { Usings + """
            class C
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|#0:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    });
            }
            """ },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA302").WithLocation(0).WithArguments("https://login.microsoftonline.com/common/v2.0", "is never called on its TokenValidationParameters", ""),
        },
    }.RunAsync();

    [Fact]
    public Task Fix_inserts_the_call_after_the_last_parameters_statement_and_adds_the_using() => VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>("""
        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    {|TA302:options.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAudience = "api://my-api",
                    };
                    options.TokenValidationParameters.ValidIssuers = new[] { "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0" };
                    options.SaveToken = true;
                });

            TokenValidationParameters Manager()
            {
                var p = new TokenValidationParameters
                {
                    {|TA302:ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                        new OpenIdConnectConfigurationRetriever())|},
                };
                return p;
            }

            void Expression(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => {|TA302:o.Authority = "https://login.microsoftonline.com/organizations/v2.0"|});
        }
        """, """
        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.Authority = "https://login.microsoftonline.com/common/v2.0";
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAudience = "api://my-api",
                    };
                    options.TokenValidationParameters.ValidIssuers = new[] { "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0" };
                    options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    options.SaveToken = true;
                });

            TokenValidationParameters Manager()
            {
                var p = new TokenValidationParameters
                {
                    ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                        new OpenIdConnectConfigurationRetriever()),
                };
                p.EnableAadSigningKeyIssuerValidation();
                return p;
            }

            void Expression(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });
        }
        """, FixedUsings);

    /// <summary>
    /// A helper that callers give a shared options object on every request (real code re-applies the tenant from
    /// OnRedirectToIdentityProvider and OnMessageReceived), or an event handler that sets the scheme's own options through
    /// its context: each inserted call would wrap the validator already there, one wrapper per sign-in, until validation
    /// overflows the stack. The finding stays; the fix is declined. The same helper called from the configuration
    /// callback gets the fix.
    /// </summary>
    [Fact]
    public Task No_fix_in_a_helper_given_a_shared_options_object_per_request()
    {
        const string Code = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.AspNetCore.Http;
            using Microsoft.IdentityModel.Protocols;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            static class Auth
            {
                public static void Add(IServiceCollection services) =>
                    services.AddAuthentication().AddOpenIdConnect("Entra", options =>
                    {
                        options.Events = new OpenIdConnectEvents
                        {
                            OnRedirectToIdentityProvider = context => { Apply(context.Options, TenantOf(context.HttpContext)); return Task.CompletedTask; },
                        };
                    });

                public static void Apply(OpenIdConnectOptions options, string tenant)
                {
                    {|TA302:options.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0"|};
                    options.ClientId = "client-id";
                }

                public static void Refresh(IOptionsMonitor<JwtBearerOptions> monitor, string tenant) => Bearer(monitor.Get("Entra"), tenant);

                static void Bearer(JwtBearerOptions options, string tenant) =>
                    {|TA302:options.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0"|};

                static string TenantOf(HttpContext http) => http.Request.Headers["X-Tenant"].ToString();

                // Real code (round S, the Agents SDK's samples): the event handler itself picks the metadata per request.
                public static void AddAgents(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(options =>
                    {
                        options.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                {|TA302:context.Options.TokenValidationParameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                                    "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever())|};
                                return Task.CompletedTask;
                            },
                        };
                    });
            }
            """;
        return VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>(Code, Code);
    }

    /// <summary>
    /// Round AV: with JwtBearer before 8.0 the call Microsoft's samples show checks nothing on the options' own Authority
    /// (JwtBearerVersionKeyIssuerTests: the consumer-key forgery passes on 7.0.11), so it is no reason for silence; a
    /// ConfigurationManager of the parameters' own makes it work, and so does JwtBearer 8.0.
    /// </summary>
    [Theory]
    [InlineData("7.0.11", true)]
    [InlineData("8.0.30", false)]
    public Task With_JwtBearer_before_8_the_call_alone_is_reported(string version, bool reported)
    {
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new SigningKeyIssuerRule()))
        {
            Sources =
            {
                Usings + """
                using Microsoft.IdentityModel.Protocols;
                using Microsoft.IdentityModel.Protocols.OpenIdConnect;
                using Microsoft.IdentityModel.Validators;

                class C
                {
                    void CallOnly(IServiceCollection services) => services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|#0:o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"|};
                        o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    });

                    void WithItsOwnManager(IServiceCollection services) => services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
                        o.TokenValidationParameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration",
                            new OpenIdConnectConfigurationRetriever());
                        o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    });

                    // Round AW: Microsoft.Identity.Web's and the Agents SDK's workaround, in an event of the same configuration.
                    void InItsEvent(IServiceCollection services) => services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
                        o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                context.Options.TokenValidationParameters.ConfigurationManager ??= o.ConfigurationManager as BaseConfigurationManager;
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
                """,
            },
        };
        if (reported)
        {
            test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA302").WithLocation(0).WithMessage(
                "The keys come from Entra ID (https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0), but EnableAadSigningKeyIssuerValidation() on its TokenValidationParameters checks nothing with JwtBearer before 8.0, which gives them no ConfigurationManager: a key Entra ID publishes for one issuer, such as a consumer-account key, then validates tokens of any other tenant; set TokenValidationParameters.ConfigurationManager too, or update JwtBearer to 8.0 or later"));
        }
        else
        {
            test.Sources[0] = test.Sources[0].Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace("v2.0\"|};", "v2.0\";", StringComparison.Ordinal);
        }

        test.ReferenceOverrides.Add(TestReferences.JwtBearer(version));
        return test.RunAsync();
    }

    /// <summary>
    /// JwtBearer before 8.0 never gives the parameters a ConfigurationManager, so the call alone checks nothing on the
    /// options' own Authority (JwtBearerVersionKeyIssuerTests; round T, a .NET 6 application): no fix, and the message
    /// says what else it takes. A parameters object with its own ConfigurationManager keeps the fix.
    /// </summary>
    [Fact]
    public Task With_JwtBearer_before_8_the_fix_is_declined_on_the_options_authority()
    {
        const string Code = """
            class C
            {
                void Options(JwtBearerOptions o) => {|#0:o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"|};
            }
            """;
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new SigningKeyIssuerRule()))
        {
            Sources = { Usings + Code },
            FixedSources = { Usings + Code.Replace("{|#0:", "{|TA302:", StringComparison.Ordinal) },
            CodeFix = new EnableSigningKeyIssuerValidationCodeFixProvider(),
            ExpectedDiagnostics =
            {
                ExpectedDiagnostic.Create("TA302").WithLocation(0).WithMessage(
                    "The keys come from Entra ID (https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0), but EnableAadSigningKeyIssuerValidation() is never called on its TokenValidationParameters: a key Entra ID publishes for one issuer, such as a consumer-account key, then validates tokens of any other tenant (with JwtBearer before 8.0 the call alone does not check anything here: the handler gives the parameters no ConfigurationManager; set TokenValidationParameters.ConfigurationManager too, or update JwtBearer)"),
            },
        };
        test.ReferenceOverrides.Add(TestReferences.JwtBearer("7.0.11"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_Validators_package_without_the_method_is_named_in_the_message()
    {
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new SigningKeyIssuerRule()))
        {
            Sources = { Usings + """
                class C
                {
                    void Options(JwtBearerOptions o) => {|#0:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                }
                """ },
            ExpectedDiagnostics =
            {
                ExpectedDiagnostic.Create("TA302").WithLocation(0).WithMessage(
                    "The keys come from Entra ID (https://login.microsoftonline.com/common/v2.0), but EnableAadSigningKeyIssuerValidation() is never called on its TokenValidationParameters: a key Entra ID publishes for one issuer, such as a consumer-account key, then validates tokens of any other tenant (the referenced Microsoft.IdentityModel.Validators has no EnableAadSigningKeyIssuerValidation(): update the package)"),
            },
        };
        test.ReferenceOverrides.Add(TestReferences.Package("Microsoft.IdentityModel.Validators", "6.23.1"));
        return test.RunAsync();
    }

    /// <summary>
    /// Round AA: with both an old Validators package and JwtBearer before 8.0, following "update the package" alone
    /// leads to a call that checks nothing (the case above): the message names both.
    /// </summary>
    [Fact]
    public Task An_old_Validators_package_and_an_old_JwtBearer_are_both_named_in_the_message()
    {
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new SigningKeyIssuerRule()))
        {
            Sources = { Usings + """
                class C
                {
                    void Options(JwtBearerOptions o) => {|#0:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                }
                """ },
            ExpectedDiagnostics =
            {
                ExpectedDiagnostic.Create("TA302").WithLocation(0).WithMessage(
                    "The keys come from Entra ID (https://login.microsoftonline.com/common/v2.0), but EnableAadSigningKeyIssuerValidation() is never called on its TokenValidationParameters: a key Entra ID publishes for one issuer, such as a consumer-account key, then validates tokens of any other tenant (the referenced Microsoft.IdentityModel.Validators has no EnableAadSigningKeyIssuerValidation(): update the package) (with JwtBearer before 8.0 the call alone does not check anything here: the handler gives the parameters no ConfigurationManager; set TokenValidationParameters.ConfigurationManager too, or update JwtBearer)"),
            },
        };
        test.ReferenceOverrides.Add(TestReferences.Package("Microsoft.IdentityModel.Validators", "6.23.1"));
        test.ReferenceOverrides.Add(TestReferences.JwtBearer("7.0.11"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_in_a_helper_called_from_the_configuration_callback() => VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>("""
        static class Auth
        {
            public static void Add(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(options => Apply(options, "72f988bf-86f1-41af-91ab-2d7cd011db47"));

            public static void AddGroup(IServiceCollection services) => services.AddAuthentication().AddJwtBearer("Entra", Entra);

            static void Entra(JwtBearerOptions options) =>
                {|TA302:options.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"|};

            static void Apply(JwtBearerOptions options, string tenant)
            {
                {|TA302:options.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0"|};
            }
        }
        """, """
        static class Auth
        {
            public static void Add(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(options => Apply(options, "72f988bf-86f1-41af-91ab-2d7cd011db47"));

            public static void AddGroup(IServiceCollection services) => services.AddAuthentication().AddJwtBearer("Entra", Entra);

            static void Entra(JwtBearerOptions options)
            {
                options.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
                options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }

            static void Apply(JwtBearerOptions options, string tenant)
            {
                options.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0";
                options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }
        }
        """, Usings + "using Microsoft.IdentityModel.Validators;\n");

    /// <summary>The generated fix-shape sweep: comments around an expression body stay when it becomes a block.</summary>
    [Fact]
    public Task Fix_keeps_the_comments_of_an_expression_bodied_member() => VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>("""
        class C
        {
            void Options(JwtBearerOptions o) // before the body
                => /* leading */ {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|} // after the finding
                ;
        }
        """, """
        class C
        {
            void Options(JwtBearerOptions o)
            {
                // before the body
                /* leading */
                o.Authority = "https://login.microsoftonline.com/common/v2.0"; // after the finding
                o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }
        }
        """, Usings + "using Microsoft.IdentityModel.Validators;\n");

    [Fact]
    public Task Fix_keeps_the_comments_of_an_expression_bodied_lambda() => VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>("""
        class C
        {
            void Add(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => /* the tenant */ {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|} /* after */);
        }
        """, """
        class C
        {
            void Add(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    /* the tenant */
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                } /* after */);
        }
        """, Usings + "using Microsoft.IdentityModel.Validators;\n");

    [Fact]
    public Task Fix_in_expression_bodied_members_through_this_and_for_escaped_names() => VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>("""
        class C
        {
            private readonly JwtBearerOptions options = new JwtBearerOptions();

            void Configure(JwtBearerOptions o) => {|TA302:o.Authority = "https://login.microsoftonline.com/organizations/v2.0"|};

            void Shadowed(JwtBearerOptions options)
            {
                {|TA302:this.options.Authority = "https://login.microsoftonline.com/common/v2.0"|};
            }

            void Escaped()
            {
                var @event = new JwtBearerOptions();
                {|TA302:@event.Authority = "https://login.microsoftonline.com/common/v2.0"|};
            }
        }
        """, """
        class C
        {
            private readonly JwtBearerOptions options = new JwtBearerOptions();

            void Configure(JwtBearerOptions o)
            {
                o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }

            void Shadowed(JwtBearerOptions options)
            {
                this.options.Authority = "https://login.microsoftonline.com/common/v2.0";
                this.options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }

            void Escaped()
            {
                var @event = new JwtBearerOptions();
                @event.Authority = "https://login.microsoftonline.com/common/v2.0";
                @event.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }
        }
        """, FixedUsings);

    [Fact]
    public Task Fix_names_a_property_that_shares_its_type_s_name_as_the_compiler_binds_it() => VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>("""
        class C
        {
            JwtBearerOptions JwtBearerOptions { get; } = new JwtBearerOptions();

            void Configure()
            {
                {|TA302:JwtBearerOptions.Authority = "https://login.microsoftonline.com/common/v2.0"|};
            }
        }
        """, """
        class C
        {
            JwtBearerOptions JwtBearerOptions { get; } = new JwtBearerOptions();

            void Configure()
            {
                JwtBearerOptions.Authority = "https://login.microsoftonline.com/common/v2.0";
                JwtBearerOptions.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }
        }
        """, FixedUsings);

    [Fact]
    public Task No_using_that_makes_an_imported_name_ambiguous_and_no_block_where_the_value_is_used() => VerifyFixAsync<EnableSigningKeyIssuerValidationCodeFixProvider>("""
        namespace App
        {
            using Lib;

            class C
            {
                private readonly AadIssuerValidator user = new AadIssuerValidator();

                void M(JwtBearerOptions o)
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/organizations/v2.0"|};
                }

                Func<JwtBearerOptions, string> F() => o => {|TA302:o.Authority = "https://login.microsoftonline.com/organizations/v2.0"|};
            }
        }

        namespace Lib
        {
            public class AadIssuerValidator { }
        }
        """, """
        namespace App
        {
            using Lib;

            class C
            {
                private readonly AadIssuerValidator user = new AadIssuerValidator();

                void M(JwtBearerOptions o)
                {
                    o.Authority = "https://login.microsoftonline.com/organizations/v2.0";
                    Microsoft.IdentityModel.Validators.AadTokenValidationParametersExtension.EnableAadSigningKeyIssuerValidation(o.TokenValidationParameters);
                }

                Func<JwtBearerOptions, string> F() => o => {|TA302:o.Authority = "https://login.microsoftonline.com/organizations/v2.0"|};
            }
        }

        namespace Lib
        {
            public class AadIssuerValidator { }
        }
        """);

    /// <summary>
    /// The parameters replaced under <c>#if DEBUG ... #else ... #endif</c>: the last statement that sets them differs
    /// per configuration, and a call inserted in the active branch would leave the other build unprotected (and still
    /// reported there). No fix; the finding stays.
    /// </summary>
    [Fact]
    public Task No_insertion_fix_where_conditional_compilation_chooses_the_parameters()
    {
        const string Code = """
            class C
            {
                void M(IServiceCollection services) => services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
            #if DEBUG
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://dev" };
            #else
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://prod" };
            #endif
                });
            }
            """;
        return Verify.CodeFixAsync<SigningKeyIssuerRule, EnableSigningKeyIssuerValidationCodeFixProvider>(Usings + "using Microsoft.IdentityModel.Validators;\n" + Code, Usings + "using Microsoft.IdentityModel.Validators;\n" + Code);
    }

    [Fact]
    public Task Fix_all_inserts_in_every_document_and_top_level_statements() => new AnalyzerTest(new SigningKeyIssuerRule())
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        CodeFix = new EnableSigningKeyIssuerValidationCodeFixProvider(),
        CodeActionEquivalenceKey = EnableSigningKeyIssuerValidationCodeFixProvider.EquivalenceKey,
        Sources =
        {
            Usings + """
            var builder = WebApplication.CreateBuilder(args);
            var options = new JwtBearerOptions();
            {|TA302:options.Authority = "https://login.microsoftonline.com/common/v2.0"|};
            options.TokenValidationParameters.ValidAudience = "api";
            builder.Build().Run();
            """,
            Usings + """
            class B
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication()
                        .AddJwtBearer("a", o =>
                        {
                            {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                        })
                        .AddJwtBearer("b", o =>
                        {
                            {|TA302:o.MetadataAddress = "https://login.microsoftonline.us/organizations/v2.0/.well-known/openid-configuration"|};
                        });
            }
            """,
        },
        FixedSources =
        {
            FixedUsings + """
            var builder = WebApplication.CreateBuilder(args);
            var options = new JwtBearerOptions();
            options.Authority = "https://login.microsoftonline.com/common/v2.0";
            options.TokenValidationParameters.ValidAudience = "api";
            options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            builder.Build().Run();
            """,
            FixedUsings + """
            class B
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication()
                        .AddJwtBearer("a", o =>
                        {
                            o.Authority = "https://login.microsoftonline.com/common/v2.0";
                            o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                        })
                        .AddJwtBearer("b", o =>
                        {
                            o.MetadataAddress = "https://login.microsoftonline.us/organizations/v2.0/.well-known/openid-configuration";
                            o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                        });
            }
            """,
        },
    }.RunAsync();

    // ---- TA303 ----

    [Fact]
    public Task Each_undoing_assignment_after_the_call_is_reported() => VerifyAsync("""
        using Microsoft.IdentityModel.Validators;

        class C
        {
            void Replaced(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAudience = "api",
                        SignatureValidator = (token, parameters) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token),
                    }|};
                });

            void KeyValidator(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    var p = o.TokenValidationParameters;
                    p.EnableAadSigningKeyIssuerValidation();
                    {|TA303:o.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) =>
                        configuration.SigningKeys.Any(k => k.KeyId == key.KeyId)|};
                });

            void Signature(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    {|TA303:o.TokenValidationParameters.SignatureValidator = Verify|};
                    {|TA303:o.TokenValidationParameters.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => Verify(token, parameters)|};
                });

            private static SecurityToken Verify(string token, TokenValidationParameters parameters) =>
                throw new SecurityTokenInvalidSignatureException("not implemented");
        }
        """);

    [Fact]
    public Task The_call_after_the_assignments_is_not_reported() => VerifyAsync("""
        using Microsoft.IdentityModel.Validators;

        class C
        {
            void After(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" };
                    o.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => key is not null;
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });

            void CalledAgain(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" };
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });

            void SameObjectPutBack(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    var p = new TokenValidationParameters { ValidAudience = "api" };
                    p.EnableAadSigningKeyIssuerValidation();
                    o.TokenValidationParameters = p;
                });

            void OtherObject(IServiceCollection services) =>
                services.AddAuthentication()
                    .AddJwtBearer("a", o => o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation())
                    .AddJwtBearer("b", o => o.TokenValidationParameters = new TokenValidationParameters());

            void Restored(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    o.TokenValidationParameters.SignatureValidator = null;
                });
        }
        """);

    [Fact]
    public Task Fix_moves_the_call_after_the_last_undoing_statement() => VerifyFixAsync<MoveSigningKeyIssuerValidationCodeFixProvider>("""
        using Microsoft.IdentityModel.Validators;

        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" }|};
                    o.SaveToken = true;
                    {|TA303:o.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => key is not null|};
                    o.IncludeErrorDetails = false;
                });
        }
        """, """
        using Microsoft.IdentityModel.Validators;

        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" };
                    o.SaveToken = true;
                    o.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => key is not null;
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    o.IncludeErrorDetails = false;
                });
        }
        """);

    [Fact]
    public Task No_fix_for_a_SignatureValidator_whose_order_does_not_matter()
    {
        const string Code = """
            using Microsoft.IdentityModel.Validators;

            class C
            {
                // Moving the call after the validator would silence the finding and change nothing (real code).
                TokenValidationParameters P(SecurityKey key)
                {
                    var p = new TokenValidationParameters { IssuerSigningKey = key };
                    p.EnableAadSigningKeyIssuerValidation();
                    {|TA303:p.SignatureValidator = (token, parameters) => throw new SecurityTokenInvalidSignatureException()|};
                    return p;
                }

                // The same with the validator in the initializer of a replacement.
                void Replaced(JwtBearerOptions o)
                {
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters
                    {
                        SignatureValidator = (token, parameters) => throw new SecurityTokenInvalidSignatureException(),
                    }|};
                }
            }
            """;
        return Verify.CodeFixAsync<SigningKeyIssuerRule, MoveSigningKeyIssuerValidationCodeFixProvider>(Usings + Code, Usings + Code);
    }

    [Fact]
    public Task Fix_all_moves_every_call() => new AnalyzerTest(new SigningKeyIssuerRule())
    {
        CodeFix = new MoveSigningKeyIssuerValidationCodeFixProvider(),
        CodeActionEquivalenceKey = MoveSigningKeyIssuerValidationCodeFixProvider.EquivalenceKey,
        Sources =
        {
            Usings + """
            using Microsoft.IdentityModel.Validators;

            class A
            {
                TokenValidationParameters P()
                {
                    var p = new TokenValidationParameters();
                    p.EnableAadSigningKeyIssuerValidation();
                    {|TA303:p.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => true|};
                    return p;
                }
            }
            """,
            Usings + """
            using Microsoft.IdentityModel.Validators;

            class B
            {
                void M(JwtBearerOptions o)
                {
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters()|};
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            using Microsoft.IdentityModel.Validators;

            class A
            {
                TokenValidationParameters P()
                {
                    var p = new TokenValidationParameters();
                    p.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => true;
                    p.EnableAadSigningKeyIssuerValidation();
                    return p;
                }
            }
            """,
            Usings + """
            using Microsoft.IdentityModel.Validators;

            class B
            {
                void M(JwtBearerOptions o)
                {
                    o.TokenValidationParameters = new TokenValidationParameters();
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                }
            }
            """,
        },
    }.RunAsync();
}
