using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA108: an accept-all certificate callback on a handler that reaches the metadata channel. Inputs are modelled on
/// public code (`options.BackchannelHttpHandler = new HttpClientHandler { ServerCertificateCustomValidationCallback =
/// HttpClientHandler.DangerousAcceptAnyServerCertificateValidator }`, `delegate { return true; }`, ...).
/// </summary>
[Trait("Rule", "TA108")]
public class MetadataCertificateValidationRuleTests
{
    private const string NetUsings = """
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;
        using System.Threading;
        using Microsoft.AspNetCore.Authentication.OpenIdConnect;
        using Microsoft.Extensions.Logging;
        using Microsoft.IdentityModel.Protocols;
        using Microsoft.IdentityModel.Protocols.OpenIdConnect;

        """;

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<MetadataCertificateValidationRule>(Usings + NetUsings + markup);

    [Fact]
    public Task Accept_all_callbacks_on_the_options_backchannel_handler_are_reported_for_both_options_types() => VerifyAsync("""
        class C
        {
            void M(IServiceCollection services, ILogger logger)
            {
                services.AddAuthentication()
                    .AddJwtBearer(options =>
                    {
                        options.Authority = "https://identity.example.com";
                        options.BackchannelHttpHandler = new HttpClientHandler
                        {
                            [|ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|]
                        };
                    })
                    .AddJwtBearer("lambda", options =>
                    {
                        options.BackchannelHttpHandler = new HttpClientHandler()
                        {
                            [|ServerCertificateCustomValidationCallback = (sender, certificate, chain, sslPolicyErrors) => true|]
                        };
                    })
                    .AddJwtBearer("anonymous", options =>
                    {
                        options.BackchannelHttpHandler = new HttpClientHandler { [|ServerCertificateCustomValidationCallback = delegate { return true; }|] };
                    })
                    .AddOpenIdConnect(options =>
                    {
                        options.Authority = "https://identity.example.com";
                        options.BackchannelHttpHandler = new HttpClientHandler
                        {
                            [|ServerCertificateCustomValidationCallback = (_, _, _, _) =>
                            {
                                logger.LogWarning("Accepting the identity provider's certificate");
                                return true;
                            }|]
                        };
                    })
                    .AddOpenIdConnect("group", options => options.BackchannelHttpHandler = new HttpClientHandler { [|ServerCertificateCustomValidationCallback = Callbacks.AcceptAny|] });
            }
        }

        static class Callbacks
        {
            public static bool AcceptAny(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
        }
        """);

    [Fact]
    public Task The_handler_is_followed_through_locals_fields_clients_and_retrievers() => VerifyAsync("""
        class C
        {
            private static readonly HttpClientHandler SharedHandler = new HttpClientHandler
            {
                [|ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|],
            };

            private HttpClient? _metadataClient;

            void Locals(JwtBearerOptions options)
            {
                var handler = new HttpClientHandler();
                [|handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true|];
                options.BackchannelHttpHandler = handler;
            }

            void Field(JwtBearerOptions options) => options.BackchannelHttpHandler = SharedHandler;

            void Backchannel(OpenIdConnectOptions options)
            {
                options.Backchannel = new HttpClient(new HttpClientHandler { [|ServerCertificateCustomValidationCallback = (m, c, ch, e) => true|] });
            }

            void ClientInAField()
            {
                var handler = new HttpClientHandler();
                [|handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|];
                _metadataClient = new HttpClient(handler);
            }

            void UsesTheField(JwtBearerOptions options) => options.Backchannel = _metadataClient!;

            ConfigurationManager<OpenIdConnectConfiguration> Manager(string metadataAddress)
            {
                var handler = new HttpClientHandler { [|ServerCertificateCustomValidationCallback = delegate { return true; }|] };
                var client = new HttpClient(handler);
                return new ConfigurationManager<OpenIdConnectConfiguration>(
                    metadataAddress,
                    new OpenIdConnectConfigurationRetriever(),
                    new HttpDocumentRetriever(client) { RequireHttps = true });
            }

            ConfigurationManager<OpenIdConnectConfiguration> ManagerWithClient(string metadataAddress) =>
                new ConfigurationManager<OpenIdConnectConfiguration>(
                    metadataAddress,
                    new OpenIdConnectConfigurationRetriever(),
                    new HttpClient(new HttpClientHandler { [|ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|] }));

            Task<OpenIdConnectConfiguration> Download(string metadataAddress, CancellationToken cancel)
            {
                var handler = new HttpClientHandler();
                [|handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true|];
                using var http = new HttpClient(handler);
                return OpenIdConnectConfigurationRetriever.GetAsync(metadataAddress, http, cancel);
            }
        }
        """);

    [Fact]
    public Task Helper_methods_that_return_the_handler_and_SocketsHttpHandler_are_followed() => VerifyAsync("""
        class Startup
        {
            void Configure(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.BackchannelHttpHandler = HttpHandlers.CreateInsecure();
                    options.Backchannel = new HttpClient(CreateLocal());
                });

                services.AddAuthentication().AddJwtBearer("sockets", options =>
                {
                    options.BackchannelHttpHandler = new SocketsHttpHandler
                    {
                        SslOptions = { [|RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true|] },
                    };
                });

                services.AddAuthentication().AddJwtBearer("sockets-options", options =>
                {
                    var sockets = new SocketsHttpHandler();
                    [|sockets.SslOptions.RemoteCertificateValidationCallback = delegate { return true; }|];
                    options.BackchannelHttpHandler = sockets;
                });

                HttpMessageHandler CreateLocal()
                {
                    return new SocketsHttpHandler
                    {
                        SslOptions = new SslClientAuthenticationOptions { [|RemoteCertificateValidationCallback = (s, c, ch, e) => true|] },
                    };
                }
            }
        }

        static class HttpHandlers
        {
            public static HttpMessageHandler CreateInsecure()
            {
                var handler = new HttpClientHandler();
                [|handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|];
                return new LoggingHandler(handler);
            }
        }

        sealed class LoggingHandler : DelegatingHandler
        {
            public LoggingHandler(HttpMessageHandler inner) : base(inner) { }
        }
        """);

    /// <summary>
    /// eShop's shape: an extension on the base type RemoteAuthenticationOptions sets the backchannel handler, and
    /// AddOpenIdConnect hands it the OpenIdConnectOptions whose backchannel fetches the signing keys. The same helper
    /// given only other remote options (an OAuth scheme, which fetches no signing keys) is not reported.
    /// </summary>
    [Fact]
    public Task A_helper_on_the_remote_options_base_type_given_an_options_object_is_reported() => VerifyAsync("""
        using Microsoft.AspNetCore.Authentication;

        static class AuthenticationOptionsExtensions
        {
            public static void SetBackChannelCertificateValidation(this RemoteAuthenticationOptions options, bool validateCertificates)
            {
                if (!validateCertificates)
                {
                    options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        [|ServerCertificateCustomValidationCallback = (sender, certificate, chain, errors) => true|],
                    };
                }
            }

            public static void TrustAny(RemoteAuthenticationOptions options) =>
                options.BackchannelHttpHandler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        }

        class Startup
        {
            void Configure(IServiceCollection services, bool validate) => services.AddAuthentication().AddOpenIdConnect(options =>
            {
                options.Authority = "https://idp.example.com";
                options.SetBackChannelCertificateValidation(validate);
            });

            void Other(Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions oauth) => AuthenticationOptionsExtensions.TrustAny(oauth);
        }
        """);

    [Fact]
    public Task Real_certificate_checks_and_handlers_that_never_reach_the_metadata_channel_are_not_reported() => VerifyAsync("""
        class C
        {
            const string PinnedThumbprint = "A1B2C3";

            void RealChecks(IServiceCollection services)
            {
                services.AddAuthentication()
                    .AddJwtBearer(options => options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => errors == SslPolicyErrors.None,
                    })
                    .AddJwtBearer("pinned", options => options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
                            errors == SslPolicyErrors.None || cert?.Thumbprint == PinnedThumbprint,
                    })
                    .AddJwtBearer("chain", options => options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
                        {
                            using var custom = new X509Chain();
                            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                            return cert is not null && custom.Build(cert);
                        },
                    })
                    .AddJwtBearer("default", options => options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = null,
                    });
            }

            // A general TLS problem, not the metadata channel's: the client calls an ordinary API.
            async Task<string> CallPartnerApi()
            {
                var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
                using var client = new HttpClient(handler);
                return await client.GetStringAsync("https://partner.example.com/orders");
            }

            void NamedClient(IServiceCollection services) =>
                services.AddHttpClient("partner").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (m, c, ch, e) => true,
                });
        }
        """);

    [Fact]
    public Task Development_only_code_is_skipped() => new AnalyzerTest(new MetadataCertificateValidationRule())
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        PreprocessorSymbols = { "DEBUG" },
        Sources =
        {
            Usings + NetUsings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.Authority = builder.Configuration["Auth:Authority"];
                if (builder.Environment.IsDevelopment())
                {
                    options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator
                    };
                }

            #if DEBUG
                options.BackchannelHttpHandler = new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator
                };
            #endif

                options.BackchannelHttpHandler = builder.Environment.IsDevelopment()
                    ? new HttpClientHandler { ServerCertificateCustomValidationCallback = (m, c, ch, e) => true }
                    : new HttpClientHandler();

                // The callback is set outside the branch, but the handler reaches the channel only in development.
                var devHandler = new HttpClientHandler();
                devHandler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => true;
                if (builder.Environment.IsDevelopment())
                {
                    options.BackchannelHttpHandler = devHandler;
                }

                if (builder.Environment.IsProduction())
                {
                    options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        [|ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|]
                    };
                }
            });
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Development_only_code_is_reported_when_the_option_asks_and_gets_no_fix() => new AnalyzerTest(new MetadataCertificateValidationRule())
    {
        EditorConfig = "root = true\n\n[*.cs]\ntoken_analyzers.report_development_only = true\n",
        CodeFix = new RemoveCertificateCallbackCodeFixProvider(),
        Sources =
        {
            Usings + NetUsings + """
            class C
            {
                void M(JwtBearerOptions options, IHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        options.BackchannelHttpHandler = new HttpClientHandler { [|ServerCertificateCustomValidationCallback = delegate { return true; }|] };
                    }

                    options.BackchannelHttpHandler = new HttpClientHandler { [|ServerCertificateCustomValidationCallback = delegate { return true; }|] };
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + NetUsings + """
            class C
            {
                void M(JwtBearerOptions options, IHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        options.BackchannelHttpHandler = new HttpClientHandler { [|ServerCertificateCustomValidationCallback = delegate { return true; }|] };
                    }

                    options.BackchannelHttpHandler = new HttpClientHandler { };
                }
            }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Message_names_the_callback_and_what_an_attacker_gains()
    {
        var test = new AnalyzerTest(new MetadataCertificateValidationRule())
        {
            Sources =
            {
                Usings + NetUsings + """
                class C
                {
                    void M(JwtBearerOptions o) => o.BackchannelHttpHandler = new HttpClientHandler { {|#0:ServerCertificateCustomValidationCallback = (m, c, ch, e) => true|} };
                }
                """,
            },
        };
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA108").WithLocation(0).WithMessage(
            "ServerCertificateCustomValidationCallback accepts every TLS certificate on the channel that fetches the signing keys: anyone on the network path can serve their own keys and forge any token; remove the callback"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_removes_the_callback_assignment_with_Fix_All() => Verify.CodeFixAsync<MetadataCertificateValidationRule, RemoveCertificateCallbackCodeFixProvider>(
        Usings + NetUsings + """
        class C
        {
            void M(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        UseProxy = false,
                        // the identity provider uses an internal certificate
                        [|ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|],
                    };
                });
            }

            void Locals(JwtBearerOptions options)
            {
                var handler = new HttpClientHandler();
                [|handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true|]; // TODO
                options.BackchannelHttpHandler = handler;
            }

            void Sockets(OpenIdConnectOptions options)
            {
                options.BackchannelHttpHandler = new SocketsHttpHandler { SslOptions = { [|RemoteCertificateValidationCallback = delegate { return true; }|] } };
            }
        }
        """,
        Usings + NetUsings + """
        class C
        {
            void M(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer(options =>
                {
                    options.BackchannelHttpHandler = new HttpClientHandler
                    {
                        UseProxy = false,
                        // the identity provider uses an internal certificate
                    };
                });
            }

            void Locals(JwtBearerOptions options)
            {
                var handler = new HttpClientHandler();
                // TODO
                options.BackchannelHttpHandler = handler;
            }

            void Sockets(OpenIdConnectOptions options)
            {
                options.BackchannelHttpHandler = new SocketsHttpHandler { SslOptions = { } };
            }
        }
        """);
}
