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

    /// <summary>
    /// Real code falls back to a literal address when the setting is missing (<c>?? "http://172.30.64.1:8080/..."</c>),
    /// as TA305 reports a literal key fallback: the fallback is the address whenever the setting is missing.
    /// </summary>
    [Fact]
    public Task A_plain_http_fallback_or_local_is_reported_an_https_or_loopback_fallback_is_not() => new AnalyzerTest(new InsecureMetadataRule())
    {
        Sources =
        {
            Usings + """
        using Microsoft.Extensions.Configuration;

        class C
        {
            void M(JwtBearerOptions o, IConfiguration configuration)
            {
                {|#0:o.Authority = configuration["Auth:Authority"] ?? "http://172.30.64.1:8080/realms/app"|};
                var authority = configuration.GetSection("IdentityServer")?["Authority"] ?? "http://172.30.64.1:6005/auth/realms/master";
                {|#1:o.Authority = authority|};
                var address = "http://sts.example.com/.well-known/openid-configuration";
                {|#2:o.MetadataAddress = address|};
                var reassigned = "http://sts.example.com/";
                reassigned = configuration["Auth:Authority"]!;
                o.Authority = reassigned;
                o.Authority = configuration["Auth:Authority"] ?? "https://login.example.com/tenant";
                o.Authority = configuration["Auth:Authority"] ?? "http://localhost:8080/realms/app";
                o.MetadataAddress = configuration["Auth:Metadata"] ?? configuration["Auth:Fallback"];
            }
        }
        """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA107").WithLocation(0).WithArguments("Authority falls back to an http:// address when its setting is missing (use an https:// address)"),
            ExpectedDiagnostic.Create("TA107").WithLocation(1).WithArguments("Authority falls back to an http:// address when its setting is missing (use an https:// address)"),
            ExpectedDiagnostic.Create("TA107").WithLocation(2).WithArguments("MetadataAddress uses http:// (use an https:// address)"),
        },
    }.RunAsync();

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

    // ---- HttpDocumentRetriever and hand-built ConfigurationManager (shapes taken from public code) ----

    private const string ProtocolUsings = """
        using System.Net.Http;
        using System.Threading;
        using Microsoft.IdentityModel.Protocols;
        using Microsoft.IdentityModel.Protocols.OpenIdConnect;

        """;

    [Fact]
    public Task RequireHttps_false_on_an_HttpDocumentRetriever_is_reported_in_every_form() => VerifyAsync(ProtocolUsings + """
        class C
        {
            private const bool Secure = false;
            private static readonly HttpDocumentRetriever Shared = new HttpDocumentRetriever { [|RequireHttps = false|] };

            void Inline(JwtBearerOptions o, string authority) =>
                o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    $"{authority}/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever(),
                    new HttpDocumentRetriever { [|RequireHttps = false|] });

            IConfigurationManager<OpenIdConnectConfiguration> Local(string address, HttpClient client)
            {
                var retriever = new Microsoft.IdentityModel.Protocols.HttpDocumentRetriever(client) { [|RequireHttps = Secure|] };
                var other = new HttpDocumentRetriever();
                [|other.RequireHttps = false|];
                [|other?.RequireHttps = !true|];
                [|other.RequireHttps &= false|];
                return new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), retriever);
            }
        }

        class DerivedRetriever : HttpDocumentRetriever
        {
            public DerivedRetriever() { [|RequireHttps = false|]; }
        }
        """);

    [Fact]
    public Task RequireHttps_that_is_true_or_computed_or_of_another_type_is_not_reported() => VerifyAsync(ProtocolUsings + """
        class C
        {
            void M(string issuer, JwtBearerOptions o, HttpClient client, bool requireHttps)
            {
                var a = new HttpDocumentRetriever { RequireHttps = true };
                var b = new HttpDocumentRetriever(client) { RequireHttps = o.RequireHttpsMetadata };
                var c = new HttpDocumentRetriever { RequireHttps = issuer.StartsWith("https://") };
                var d = new HttpDocumentRetriever { RequireHttps = requireHttps };
                var e = new NotARetriever { RequireHttps = false };
            }
        }

        class NotARetriever { public bool RequireHttps { get; set; } }
        """);

    [Fact]
    public Task RequireHttps_false_in_development_only_code_is_skipped() => VerifyAsync(ProtocolUsings + """
        class C
        {
            void M(IHostEnvironment env)
            {
                var retriever = new HttpDocumentRetriever();
                if (env.IsDevelopment())
                {
                    retriever.RequireHttps = false;
                }

                var dev = new HttpDocumentRetriever { RequireHttps = env.IsDevelopment() ? false : true };
            }
        }
        """);

    [Fact]
    public Task Hand_built_ConfigurationManager_or_GetDocumentAsync_over_http_is_reported_at_the_address() => VerifyAsync(ProtocolUsings + """
        class C
        {
            private const string Issuer = "http://identity.example.com/realms/orders";
            private static readonly IConfigurationManager<OpenIdConnectConfiguration> Field = new ConfigurationManager<OpenIdConnectConfiguration>(
                [|"http://identity.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever());

            async Task M(JwtBearerOptions o, string tenant, HttpDocumentRetriever retriever)
            {
                o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    [|Issuer + "/.well-known/openid-configuration"|],
                    new OpenIdConnectConfigurationRetriever(),
                    new HttpDocumentRetriever { [|RequireHttps = false|] });
                var named = new ConfigurationManager<OpenIdConnectConfiguration>(
                    configRetriever: new OpenIdConnectConfigurationRetriever(),
                    metadataAddress: [|$"http://login.example.com/{tenant}/.well-known/openid-configuration"|]);
                var concatenated = new ConfigurationManager<OpenIdConnectConfiguration>(
                    [|"http://login.example.com/" + tenant + "/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever());
                var json = await retriever.GetDocumentAsync([|"http://identity.example.com/keys"|], CancellationToken.None);
            }
        }
        """);

    /// <summary>
    /// Target-typed <c>new(...)</c> (round Z: the static field of Azure Functions and gRPC services that validate by
    /// hand; only the spelled-out type was reported): where the declaration spells the type, and where only binding
    /// can tell (a constructor's assignment, a return, a lambda's body). A target-typed https one is not reported.
    /// </summary>
    [Fact]
    public Task Target_typed_ConfigurationManager_over_http_is_reported_where_the_declaration_spells_the_type() => VerifyAsync(ProtocolUsings + """
        class C
        {
            private static readonly ConfigurationManager<OpenIdConnectConfiguration> Manager =
                new([|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever());

            private static readonly Microsoft.IdentityModel.Protocols.ConfigurationManager<OpenIdConnectConfiguration> Secure =
                new("https://idp.internal.example.com/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());

            ConfigurationManager<OpenIdConnectConfiguration> Property { get; } = new([|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever());

            // Round AO: the address held in a static readonly field first, as the Terms' values flow.
            private static readonly string MetadataUrl = "http://idp.internal.example.com/.well-known/openid-configuration";

            ConfigurationManager<OpenIdConnectConfiguration> FromField() => new([|MetadataUrl|], new OpenIdConnectConfigurationRetriever());

            ConfigurationManager<OpenIdConnectConfiguration> Local()
            {
                ConfigurationManager<OpenIdConnectConfiguration> cm = new(
                    [|"http://idp.internal.example.com/.well-known/openid-configuration"|],
                    new OpenIdConnectConfigurationRetriever());
                return cm;
            }

            private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
            private readonly Lazy<ConfigurationManager<OpenIdConnectConfiguration>> _lazy;

            C()
            {
                _manager = new([|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever());
                _lazy = new(() => new([|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever()));
            }

            ConfigurationManager<OpenIdConnectConfiguration> Returned()
            {
                return new([|"http://idp.internal.example.com/.well-known/openid-configuration"|], new OpenIdConnectConfigurationRetriever());
            }

            System.Collections.Generic.List<string> Unrelated() => new(new[] { "http://idp.internal.example.com/" });
        }
        """);

    [Fact]
    public Task ConfigurationManager_over_https_loopback_or_a_runtime_address_is_not_reported() => VerifyAsync(ProtocolUsings + """
        class C
        {
            async Task M(string authority, HttpDocumentRetriever retriever, IHostEnvironment env)
            {
                var a = new ConfigurationManager<OpenIdConnectConfiguration>("https://login.example.com/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
                var b = new ConfigurationManager<OpenIdConnectConfiguration>("http://localhost:8080/realms/dev/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
                var c = new ConfigurationManager<OpenIdConnectConfiguration>($"{authority}/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
                var d = new ConfigurationManager<OpenIdConnectConfiguration>("http://" + authority + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
                var e = await retriever.GetDocumentAsync("http://127.0.0.1/keys", CancellationToken.None);
                if (env.IsDevelopment())
                {
                    var f = new ConfigurationManager<OpenIdConnectConfiguration>("http://identity.dev.example.com/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
                }
            }
        }
        """);

    [Fact]
    public Task Fix_removes_RequireHttps_false_but_no_address() => Verify.CodeFixAsync<InsecureMetadataRule, RemoveAssignmentCodeFixProvider>(
        Usings + ProtocolUsings + """
        class C
        {
            IConfigurationManager<OpenIdConnectConfiguration> M() => new ConfigurationManager<OpenIdConnectConfiguration>(
                [|"http://identity.example.com/.well-known/openid-configuration"|],
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { [|RequireHttps = false|] });
        }
        """,
        Usings + ProtocolUsings + """
        class C
        {
            IConfigurationManager<OpenIdConnectConfiguration> M() => new ConfigurationManager<OpenIdConnectConfiguration>(
                [|"http://identity.example.com/.well-known/openid-configuration"|],
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { });
        }
        """);
}
