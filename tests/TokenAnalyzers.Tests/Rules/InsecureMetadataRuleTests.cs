using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA107")]
public class InsecureMetadataRuleTests
{
    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<InsecureMetadataRule>(Usings + markup);

    [Fact]
    public Task RequireHttpsMetadata_false_is_reported_in_every_form() => VerifyAsync("""
        class C
        {
            JwtBearerOptions O = new JwtBearerOptions { [|RequireHttpsMetadata = false|] };

            void M(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer(o => [|o.RequireHttpsMetadata = false|]);
                services.Configure<JwtBearerOptions>("Bearer", o => { [|o.RequireHttpsMetadata = false|]; });
            }
        }

        class ConfigureJwt : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(JwtBearerOptions options) { }
            public void Configure(string? name, JwtBearerOptions options) => [|options.RequireHttpsMetadata = false|];
        }
        """);

    [Fact]
    public Task Plain_http_authority_or_metadata_address_is_reported() => VerifyAsync("""
        class C
        {
            const string Host = "http://sts.example.com";

            void M(JwtBearerOptions o, string tenant)
            {
                [|o.Authority = "http://login.example.com/tenant"|];
                [|o.MetadataAddress = Host + "/.well-known/openid-configuration"|];
                [|o.Authority = $"http://login.example.com/{tenant}/v2.0"|];
            }
        }
        """);

    [Fact]
    public Task Https_loopback_and_runtime_values_are_not_reported() => VerifyAsync("""
        class C
        {
            void M(JwtBearerOptions o, string authority, IHostEnvironment env)
            {
                o.Authority = "https://login.example.com/tenant";
                o.Authority = "http://localhost:5001";
                o.Authority = "http://127.0.0.1:8080/realms/dev";
                o.MetadataAddress = "http://[::1]/.well-known/openid-configuration";
                o.Authority = authority;
                o.Authority = $"http://{authority}/v2.0";
                o.RequireHttpsMetadata = true;
                o.RequireHttpsMetadata = !env.IsDevelopment();
            }
        }
        """);

    [Fact]
    public Task Development_only_code_is_skipped() => new AnalyzerTest(new InsecureMetadataRule())
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        PreprocessorSymbols = { "DEBUG" },
        Sources =
        {
            Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                if (builder.Environment.IsDevelopment())
                {
                    o.RequireHttpsMetadata = false;
                    o.Authority = "http://identity.dev.example.com";
                }

                if (!builder.Environment.IsDevelopment())
                {
                    o.Authority = "https://identity.example.com";
                }
                else
                {
                    o.RequireHttpsMetadata = false;
                }

            #if DEBUG
                o.RequireHttpsMetadata = false;
            #endif

                if (builder.Environment.IsProduction())
                {
                    [|o.RequireHttpsMetadata = false|];
                }
            });
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Development_only_code_is_reported_when_the_option_asks() => new AnalyzerTest(new InsecureMetadataRule())
    {
        EditorConfig = "root = true\n\n[*.cs]\ntoken_analyzers.report_development_only = true\n",
        Sources =
        {
            Usings + """
            class C
            {
                void M(JwtBearerOptions o, IWebHostEnvironmentLike env, IHostEnvironment host)
                {
                    if (host.IsDevelopment())
                    {
                        [|o.RequireHttpsMetadata = false|];
                    }
                }
            }

            interface IWebHostEnvironmentLike { }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Parameters_objects_are_not_options_objects() => VerifyAsync("""
        class C
        {
            void M(TokenValidationParameters p) { p.ValidIssuer = "http://issuer.example.com"; }
        }
        """);

    [Fact]
    public Task Fix_removes_the_assignment() => Verify.CodeFixAsync<InsecureMetadataRule, RemoveAssignmentCodeFixProvider>(
        Usings + """
        class C
        {
            JwtBearerOptions O = new JwtBearerOptions
            {
                Authority = "https://login.example.com",
                [|RequireHttpsMetadata = false|],
            };
        }
        """,
        Usings + """
        class C
        {
            JwtBearerOptions O = new JwtBearerOptions
            {
                Authority = "https://login.example.com",
            };
        }
        """);
}
