using Microsoft.CodeAnalysis;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA303 after Microsoft.Identity.Web where the application's callback is not a lambda: a method group given to
/// <c>Configure&lt;JwtBearerOptions&gt;</c>, and the options classes of real code (a class implementing
/// <c>IConfigureNamedOptions&lt;JwtBearerOptions&gt;</c> whose named Configure tests the scheme and passes its options to
/// <c>Configure(options)</c>, registered with <c>ConfigureOptions&lt;T&gt;()</c>; an <c>IPostConfigureOptions</c> class).
/// Evidence, with the real handler: IdentityWebSigningKeyIssuerTests (options classes registered after, before, for
/// another scheme, unnamed).
/// </summary>
[Trait("Rule", "TA303")]
public class CallbackClassesAfterIdentityWebTests
{
    private const string Usings = IdentityWebTestCode.Usings;

    private const string FixedUsings = Usings + "using Microsoft.IdentityModel.Validators;\n";

    private static AnalyzerTest Test(OutputKind kind, params string[] sources)
    {
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new SigningKeyIssuerRule())) { OutputKind = kind };
        foreach (var source in sources)
        {
            test.Sources.Add(Usings + source);
        }

        return test;
    }

    /// <summary>The fixed sources: the last one gets the fix (and its using), the others stay as they were.</summary>
    private static AnalyzerTest WithFix(AnalyzerTest test, params string[] fixedSources)
    {
        test.CodeFix = new EnableSigningKeyIssuerValidationCodeFixProvider();
        for (var i = 0; i < fixedSources.Length; i++)
        {
            test.FixedSources.Add((i == fixedSources.Length - 1 ? FixedUsings : Usings) + fixedSources[i]);
        }

        return test;
    }

    [Fact]
    public Task A_method_group_registered_after_Identity_Web_is_reported_and_fixed() => WithFix(Test(OutputKind.ConsoleApplication, """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ConfigureBearer);
        builder.Build().Run();

        static void ConfigureBearer(JwtBearerOptions options)
        {
            {|TA303:options.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://orders" }|};
            options.MapInboundClaims = false;
        }
        """), """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));
        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ConfigureBearer);
        builder.Build().Run();

        static void ConfigureBearer(JwtBearerOptions options)
        {
            options.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://orders" };
            options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            options.MapInboundClaims = false;
        }
        """).RunAsync();

    [Fact]
    public Task An_options_class_registered_after_Identity_Web_in_another_file_is_reported_and_fixed()
    {
        const string Program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"));
            builder.Services.ConfigureOptions<ConfigureJwtBearerOptions>();
            builder.Build().Run();
            """;
        return WithFix(Test(OutputKind.ConsoleApplication, Program, """
            public sealed class ConfigureJwtBearerOptions(IConfiguration configuration) : IConfigureNamedOptions<JwtBearerOptions>
            {
                public void Configure(string? name, JwtBearerOptions options)
                {
                    if (name != JwtBearerDefaults.AuthenticationScheme) return;
                    Configure(options);
                }

                public void Configure(JwtBearerOptions options)
                {
                    options.MapInboundClaims = false;
                    {|TA303:options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAudience = configuration["AzureAd:Audience"],
                    }|};
                }
            }
            """), Program, """
            public sealed class ConfigureJwtBearerOptions(IConfiguration configuration) : IConfigureNamedOptions<JwtBearerOptions>
            {
                public void Configure(string? name, JwtBearerOptions options)
                {
                    if (name != JwtBearerDefaults.AuthenticationScheme) return;
                    Configure(options);
                }

                public void Configure(JwtBearerOptions options)
                {
                    options.MapInboundClaims = false;
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAudience = configuration["AzureAd:Audience"],
                    };
                    options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                }
            }
            """).RunAsync();
    }

    [Fact]
    public Task Every_registration_of_a_class_that_runs_after_Identity_Web_is_reported() => Test(OutputKind.DynamicallyLinkedLibrary, """
        class Startup
        {
            public IConfiguration Configuration { get; } = null!;

            public void ConfigureServices(IServiceCollection services)
            {
                // A post-configure class runs after every Configure callback, wherever it is registered.
                services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, ReplacingPost>();
                services.AddAuthentication().AddMicrosoftIdentityWebApi(Configuration, "AzureAd", "Api");
                services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, ReplacingForApi>());
                services.AddTransient<IConfigureOptions<JwtBearerOptions>, ReplacingForEveryName>();
            }
        }

        class ReplacingPost : IPostConfigureOptions<JwtBearerOptions>
        {
            public void PostConfigure(string? name, JwtBearerOptions options) =>
                {|TA303:options.TokenValidationParameters = new TokenValidationParameters()|};
        }

        class ReplacingForApi : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options)
            {
                if (string.Equals(name, "Api", StringComparison.Ordinal))
                {
                    {|TA303:options.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" }|};
                }
            }

            public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
        }

        class ReplacingForEveryName : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options) => Configure(options);

            public void Configure(JwtBearerOptions options)
            {
                var parameters = new TokenValidationParameters { ValidAudience = "api" };
                {|TA303:options.TokenValidationParameters = parameters|};
            }
        }
        """.Replace("class Startup", "using Microsoft.Extensions.DependencyInjection.Extensions;\n\nclass Startup")).RunAsync();

    [Fact]
    public Task Callbacks_that_run_before_Identity_Web_for_another_scheme_or_never_are_not_reported() => Test(OutputKind.DynamicallyLinkedLibrary, """
        class Startup
        {
            public IConfiguration Configuration { get; } = null!;

            public void ConfigureServices(IServiceCollection services)
            {
                // Registered before Identity.Web: its own callback runs after them, on the new objects.
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ConfigureBefore);
                services.ConfigureOptions<RegisteredBefore>();

                services.AddAuthentication().AddMicrosoftIdentityWebApi(Configuration);

                // Another scheme; the default name only; a test of the name that says nothing about the scheme.
                services.ConfigureOptions<ForAnotherScheme>();
                services.ConfigureOptions<GuardedForAnotherScheme>();
                services.AddSingleton<IConfigureOptions<JwtBearerOptions>, DefaultNameOnly>();
                services.ConfigureOptions<UnknownTest>();

                // Registered as itself, which the options factory never asks for.
                services.AddSingleton<NotAnOptionsService>();
            }

            private static void ConfigureBefore(JwtBearerOptions o) => o.TokenValidationParameters = new TokenValidationParameters();
        }

        // Registered nowhere, or in a member without Identity.Web.
        class NeverRegistered : IPostConfigureOptions<JwtBearerOptions>
        {
            public void PostConfigure(string? name, JwtBearerOptions options) => options.TokenValidationParameters = new TokenValidationParameters();
        }

        class Elsewhere
        {
            public static void Register(IServiceCollection services) => services.ConfigureOptions<RegisteredElsewhere>();
        }

        class RegisteredElsewhere : IPostConfigureOptions<JwtBearerOptions>
        {
            public void PostConfigure(string? name, JwtBearerOptions options) => options.TokenValidationParameters = new TokenValidationParameters();
        }

        class RegisteredBefore : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options) => Configure(options);
            public void Configure(JwtBearerOptions options) => options.TokenValidationParameters = new TokenValidationParameters();
        }

        class ForAnotherScheme : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options)
            {
                if (name == "Other")
                {
                    options.TokenValidationParameters = new TokenValidationParameters();
                }
            }

            public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
        }

        class GuardedForAnotherScheme : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options)
            {
                if (name is not null && name != "Other")
                {
                    return;
                }

                Configure(options);
            }

            public void Configure(JwtBearerOptions options) => options.TokenValidationParameters = new TokenValidationParameters();
        }

        class DefaultNameOnly : IConfigureOptions<JwtBearerOptions>
        {
            public void Configure(JwtBearerOptions options) => options.TokenValidationParameters = new TokenValidationParameters();
        }

        class UnknownTest : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(string? name, JwtBearerOptions options)
            {
                if (name?.StartsWith("Partner", StringComparison.Ordinal) == true)
                {
                    options.TokenValidationParameters = new TokenValidationParameters();
                }
            }

            public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
        }

        class NotAnOptionsService : IPostConfigureOptions<JwtBearerOptions>
        {
            public void PostConfigure(string? name, JwtBearerOptions options) => options.TokenValidationParameters = new TokenValidationParameters();
        }
        """).RunAsync();
}
