using Microsoft.CodeAnalysis;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA303 where Microsoft.Identity.Web made the call: an application callback for JwtBearerOptions that runs after
/// Identity.Web's own one for the same scheme replaces or bypasses the parameters it protected. Evidence, with the real
/// handler: LibraryBehaviour/IdentityWebSigningKeyIssuerTests. The inputs compile against the real Microsoft.Identity.Web
/// 4.18.0; their shapes are those of real programs (a Configure after AddMicrosoftIdentityWebApi that sets its own
/// audiences, one that adds a SignatureValidator, and the look-alike that calls the method again after its replacement).
/// </summary>
[Trait("Rule", "TA303")]
public class SigningKeyIssuerAfterIdentityWebTests
{
    private const string IdentityWebUsings = IdentityWebTestCode.Usings;

    private const string FixedUsings = IdentityWebUsings + "using Microsoft.IdentityModel.Validators;\n";

    private static AnalyzerTest Program(string statements, string? fixedStatements = null)
    {
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new SigningKeyIssuerRule())) { OutputKind = OutputKind.ConsoleApplication };
        test.Sources.Add(IdentityWebUsings + statements);
        if (fixedStatements is not null)
        {
            test.CodeFix = new EnableSigningKeyIssuerValidationCodeFixProvider();
            test.FixedSources.Add(FixedUsings + fixedStatements);
        }

        return test;
    }

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<SigningKeyIssuerRule>(IdentityWebUsings + markup);

    [Fact]
    public Task A_Configure_after_AddMicrosoftIdentityWebApi_that_replaces_the_parameters_is_reported_and_fixed() => Program("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));

        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var audiences = builder.Configuration.GetSection("JwtSettings:ValidAudiences").Get<string[]>();
            // The audiences of this API
            {|TA303:options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudiences = audiences,
            }|};
            options.TokenValidationParameters.NameClaimType = "name";

            options.Events = new JwtBearerEvents();
        });

        builder.Build().Run();
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));

        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var audiences = builder.Configuration.GetSection("JwtSettings:ValidAudiences").Get<string[]>();
            // The audiences of this API
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudiences = audiences,
            };
            options.TokenValidationParameters.NameClaimType = "name";
            options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();

            options.Events = new JwtBearerEvents();
        });

        builder.Build().Run();
        """).RunAsync();

    [Fact]
    public Task Message_names_the_registration_and_the_scheme()
    {
        var test = Program("""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMicrosoftIdentityWebApiAuthentication(builder.Configuration);
            builder.Services.Configure<JwtBearerOptions>("Bearer", o => {|#0:o.TokenValidationParameters = new()|});
            """);
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA303").WithLocation(0).WithMessage(
            "Replacing TokenValidationParameters in a callback that runs after Microsoft.Identity.Web's AddMicrosoftIdentityWebApiAuthentication() configured scheme 'Bearer' silently removes the check that a signing key belongs to the token's issuer, which it enabled (EnableAadSigningKeyIssuerValidation()); call it after this assignment"));
        return test.RunAsync();
    }

    [Fact]
    public Task An_expression_bodied_callback_gets_a_block_with_the_call() => Program("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration);
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://my-api" }|});
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration);
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://my-api" };
                o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            });
        """).RunAsync();

    [Fact]
    public Task A_one_line_block_keeps_its_line() => Program("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration);
        builder.Services.Configure<JwtBearerOptions>("Bearer", o => { {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "a" }|}; });
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration);
        builder.Services.Configure<JwtBearerOptions>("Bearer", o => { o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "a" }; o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation(); });
        """).RunAsync();

    [Fact]
    public Task Every_callback_that_runs_after_Identity_Web_is_reported() => VerifyAsync("""
        class Startup
        {
            public IConfiguration Configuration { get; } = null!;

            public void ConfigureServices(IServiceCollection services)
            {
                // Registered before Identity.Web, but every PostConfigure runs after every Configure.
                services.PostConfigure<JwtBearerOptions>("Api", o =>
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" }|});

                services.AddAuthentication().AddMicrosoftIdentityWebApi(Configuration, "AzureAd", "Api");

                services.ConfigureAll<JwtBearerOptions>(o => {|TA303:o.TokenValidationParameters = new TokenValidationParameters()|});
                services.PostConfigureAll<JwtBearerOptions>(o =>
                {
                    var parameters = new TokenValidationParameters { ValidAudience = "api" };
                    {|TA303:o.TokenValidationParameters = parameters|};
                });
                services.AddOptions<JwtBearerOptions>("Api").Configure<IConfiguration>((o, configuration) =>
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = configuration["Audience"] }|});
                services.AddOptions<JwtBearerOptions>("Api").Configure(o =>
                {
                    {|TA303:o.TokenValidationParameters.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => key is not null|};
                    {|TA303:o.TokenValidationParameters.SignatureValidator = (token, parameters) => new JsonWebToken(token)|};
                });
            }
        }
        """);

    [Fact]
    public Task A_replacement_whose_initializer_sets_a_SignatureValidator_is_reported_once() => Program("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMicrosoftIdentityWebApiAuthentication(builder.Configuration)
            .EnableTokenAcquisitionToCallDownstreamApi()
            .AddInMemoryTokenCaches();
        string[] validTokenIssuers = ["https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0"];

        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            {|TA303:options.TokenValidationParameters = new Microsoft.IdentityModel.Tokens.TokenValidationParameters
            {
                ValidIssuers = validTokenIssuers,
                ValidAudience = builder.Configuration["AzureAd:ClientId"],
                SignatureValidator = (token, parameters) => new JsonWebToken(token),
            }|};
        });
        """).RunAsync();

    [Fact]
    public Task A_SignatureValidator_gets_no_fix()
    {
        // With a SignatureValidator the check's outcome does not depend on where the call is (EntraSigningKeyIssuerTests).
        const string Source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration);
            builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                {|TA303:o.TokenValidationParameters.SignatureValidator = (token, parameters) => new JsonWebToken(token)|};
            });
            """;
        var test = Program(Source);
        test.CodeFix = new EnableSigningKeyIssuerValidationCodeFixProvider();
        test.FixedSources.Add(IdentityWebUsings + Source);
        return test.RunAsync();
    }

    [Fact]
    public Task Callbacks_that_run_before_Identity_Web_or_elsewhere_are_not_reported() => VerifyAsync("""
        class Startup
        {
            public IConfiguration Configuration { get; } = null!;

            public void ConfigureServices(IServiceCollection services)
            {
                // Registered before: Identity.Web's own callback runs after it, on the new object.
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" });

                // Identity.Web registers this callback before its own one.
                services.AddAuthentication().AddMicrosoftIdentityWebApi(
                    o =>
                    {
                        Configuration.Bind("AzureAd", o);
                        o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" };
                    },
                    o => Configuration.Bind("AzureAd", o));

                // The default name, which no scheme uses; another scheme.
                services.Configure<JwtBearerOptions>(o => o.TokenValidationParameters = new TokenValidationParameters());
                services.Configure<JwtBearerOptions>("Other", o => o.TokenValidationParameters = new TokenValidationParameters());
                services.AddOptions<JwtBearerOptions>().Configure(o => o.TokenValidationParameters = new TokenValidationParameters());

                // Changed, not replaced; a copy that keeps the check; a replacement followed by the call.
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.TokenValidationParameters.ValidAudience = "api");
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.TokenValidationParameters = o.TokenValidationParameters.Clone());
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, async o =>
                {
                    var keys = await Task.FromResult(new List<SecurityKey>());
                    o.TokenValidationParameters = new TokenValidationParameters { IssuerSigningKeys = keys };
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                });
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                {
                    var parameters = new TokenValidationParameters();
                    parameters.EnableAadSigningKeyIssuerValidation();
                    o.TokenValidationParameters = parameters;
                });
            }

            // Another member: the order of the two registrations is not known here.
            public void More(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.TokenValidationParameters = new TokenValidationParameters());
        }
        """.Replace("class Startup", "using Microsoft.IdentityModel.Validators;\n\nclass Startup"));

    /// <summary>
    /// Real applications keep their registrations in extension methods (<c>services.AddApiJwtOptions()</c>): the order is
    /// that of the helper's calls, followed one call deep.
    /// </summary>
    [Fact]
    public Task A_registration_in_a_helper_called_after_Identity_Web_is_reported() => VerifyAsync("""
        static class JwtSetup
        {
            public static IServiceCollection AddApiJwtOptions(this IServiceCollection services)
            {
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" }|});
                return services;
            }

            // Called only before Identity.Web, or never: nothing runs after its callback.
            public static IServiceCollection AddEarlyJwtOptions(this IServiceCollection services)
            {
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" });
                return services;
            }

            public static IServiceCollection AddUnusedJwtOptions(this IServiceCollection services)
            {
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" });
                return services;
            }
        }

        class Startup
        {
            public IConfiguration Configuration { get; } = null!;

            public void ConfigureServices(IServiceCollection services)
            {
                services.AddEarlyJwtOptions();
                services.AddAuthentication().AddMicrosoftIdentityWebApi(Configuration);
                services.AddApiJwtOptions();
            }
        }
        """);

    [Fact]
    public Task Without_Identity_Web_a_replacing_Configure_is_not_this_shape() => VerifyAsync("""
        class Startup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer();
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" });
            }
        }
        """);

    [Fact]
    public Task The_Aot_registration_checks_in_PostConfigure_so_only_a_later_PostConfigure_undoes_it() => VerifyAsync("""
        class Startup
        {
            public void ConfigureServices(IServiceCollection services)
            {
                services.AddAuthentication().AddMicrosoftIdentityWebApiAot(o => o.ClientId = "api", JwtBearerDefaults.AuthenticationScheme, null);
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" });
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" }|});
            }
        }
        """);

    /// <summary>
    /// A development or second-provider scheme beside the Entra one: branches that exclude each other (if/else, switch
    /// sections, an early return) never run both registrations, so nothing is undone. After both branches it is.
    /// </summary>
    [Fact]
    public Task Registrations_in_branches_that_exclude_each_other_are_not_reported() => VerifyAsync("""
        class Startup
        {
            public void IfElse(IServiceCollection s, IConfiguration c, bool useEntra)
            {
                if (useEntra)
                {
                    s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApi(c.GetSection("AzureAd"));
                }
                else
                {
                    s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
                    s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                        o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = c["Jwt:Issuer"] });
                    s.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                        o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = c["Jwt:Issuer"] });
                }
            }

            public void EarlyReturn(IServiceCollection s, IConfiguration c, bool useEntra)
            {
                if (useEntra)
                {
                    s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApi(c.GetSection("AzureAd"));
                    return;
                }

                s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
                s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = c["Jwt:Issuer"] });
            }

            public void Switch(IServiceCollection s, IConfiguration c, string provider)
            {
                switch (provider)
                {
                    case "EntraID":
                        s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApi(c, "EntraID");
                        break;
                    case "Keycloak":
                        s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
                        s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => { o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "a" }; });
                        break;
                }
            }

            public void AfterBoth(IServiceCollection s, IConfiguration c, bool useEntra)
            {
                if (useEntra)
                    s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApi(c.GetSection("AzureAd"));
                else
                    s.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
                s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => { {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "a" }|}; });
            }
        }
        """);

    /// <summary>
    /// The inserted call goes before a SignatureValidator the callback sets, whose own finding stays (after it the call
    /// would hide that finding and protect nothing); a replacement whose initializer sets one gets no fix.
    /// </summary>
    [Fact]
    public Task The_fix_leaves_a_SignatureValidator_reported() => Program("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));
        builder.Services.Configure<JwtBearerOptions>("Bearer", o =>
        {
            {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://orders" }|};
            {|TA303:o.TokenValidationParameters.SignatureValidator = (t, p) => Check(t)|};
        });
        builder.Services.Configure<JwtBearerOptions>("Bearer", o =>
        {
            {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://orders", SignatureValidator = (t, p) => Check(t) }|};
        });

        static SecurityToken Check(string token) => throw new SecurityTokenInvalidSignatureException("checked elsewhere");
        """, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));
        builder.Services.Configure<JwtBearerOptions>("Bearer", o =>
        {
            o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://orders" };
            o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            {|TA303:o.TokenValidationParameters.SignatureValidator = (t, p) => Check(t)|};
        });
        builder.Services.Configure<JwtBearerOptions>("Bearer", o =>
        {
            {|TA303:o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://orders", SignatureValidator = (t, p) => Check(t) }|};
        });

        static SecurityToken Check(string token) => throw new SecurityTokenInvalidSignatureException("checked elsewhere");
        """).RunAsync();
}
