using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.EntraTestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA302's fix for a parameters (or options) object that no variable names: it is stored in a fresh local, the call
/// is made on the local, and the local is returned; an expression body becomes a block. Declined where that would
/// change the order of evaluation (arguments, conditionals), is not allowed (field initializers, expression trees) or
/// would split a <c>#if</c>. Evidence that the fixed code still accepts a legitimate token:
/// LibraryBehaviour/FixKeepsLegitimateTokensTests.
/// </summary>
[Trait("Rule", "TA302")]
public class SigningKeyIssuerNewObjectFixTests
{
    private const string Manager = """
        new ConfigurationManager<OpenIdConnectConfiguration>(
                    "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever())
        """;

    private static Task VerifyFixAsync(string markup, string fixedMarkup, string? fixedUsings = null) =>
        Verify.CodeFixAsync<SigningKeyIssuerRule, EnableSigningKeyIssuerValidationCodeFixProvider>(Usings + markup, (fixedUsings ?? FixedUsings) + fixedMarkup);

    [Fact]
    public Task Returned_object_is_stored_in_a_local_that_gets_the_call() => VerifyFixAsync($$"""
        class C
        {
            TokenValidationParameters Build()
            {
                // the parameters of the API
                return new TokenValidationParameters
                {
                    ValidAudience = "api://my-api",
                    {|TA302:ConfigurationManager = {{Manager}}|}, // Entra metadata
                }; // done
            }
        }
        """, $$"""
        class C
        {
            TokenValidationParameters Build()
            {
                // the parameters of the API
                var parameters = new TokenValidationParameters
                {
                    ValidAudience = "api://my-api",
                    ConfigurationManager = {{Manager}}, // Entra metadata
                };
                parameters.EnableAadSigningKeyIssuerValidation();
                return parameters; // done
            }
        }
        """);

    [Fact]
    public Task Expression_bodied_method_becomes_a_block_and_target_typed_new_gets_its_type() => VerifyFixAsync($$"""
        class C
        {
            static TokenValidationParameters Build() => new TokenValidationParameters
            {
                {|TA302:ConfigurationManager = {{Manager}}|},
            };

            static TokenValidationParameters Implicit() => new()
            {
                {|TA302:ConfigurationManager = {{Manager}}|},
            };
        }
        """, $$"""
        class C
        {
            static TokenValidationParameters Build()
            {
                var parameters = new TokenValidationParameters
                {
                    ConfigurationManager = {{Manager.Replace("\n", "\n    ")}},
                };
                parameters.EnableAadSigningKeyIssuerValidation();
                return parameters;
            }

            static TokenValidationParameters Implicit()
            {
                TokenValidationParameters parameters = new()
                {
                    ConfigurationManager = {{Manager.Replace("\n", "\n    ")}},
                };
                parameters.EnableAadSigningKeyIssuerValidation();
                return parameters;
            }
        }
        """);

    [Fact]
    public Task Options_object_lambdas_local_functions_and_names_that_are_taken() => VerifyFixAsync("""
        class C
        {
            JwtBearerOptions Options(string parameters)
            {
                var options = parameters;
                return new JwtBearerOptions { {|TA302:Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0"|}, Audience = options };
            }

            Func<JwtBearerOptions> Factory() => () => new JwtBearerOptions { {|TA302:Authority = "https://login.microsoftonline.com/common/v2.0"|} };

            JwtBearerOptions Local()
            {
                return Make();

                static JwtBearerOptions Make() => new JwtBearerOptions
                {
                    {|TA302:MetadataAddress = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"|},
                };
            }
        }
        """, """
        class C
        {
            JwtBearerOptions Options(string parameters)
            {
                var options = parameters;
                var options2 = new JwtBearerOptions { Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0", Audience = options };
                options2.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                return options2;
            }

            Func<JwtBearerOptions> Factory() => () =>
            {
                var options = new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" };
                options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                return options;
            };

            JwtBearerOptions Local()
            {
                return Make();

                static JwtBearerOptions Make()
                {
                    var options = new JwtBearerOptions
                    {
                        MetadataAddress = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
                    };
                    options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    return options;
                }
            }
        }
        """);

    [Fact]
    public Task Async_lambda_and_nested_parameters_of_a_returned_options_object() => VerifyFixAsync($$"""
        class C
        {
            Func<Task<TokenValidationParameters>> Async() => async () => new TokenValidationParameters
            {
                {|TA302:ConfigurationManager = {{Manager}}|},
            };

            Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions Nested()
            {
                return new Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions
                {
                    ClientId = "client",
                    TokenValidationParameters = new TokenValidationParameters { {|TA302:ConfigurationManager = {{Manager}}|} },
                };
            }
        }
        """, $$"""
        class C
        {
            Func<Task<TokenValidationParameters>> Async() => async () =>
            {
                var parameters = new TokenValidationParameters
                {
                    ConfigurationManager = {{Manager.Replace("\n", "\n    ")}},
                };
                parameters.EnableAadSigningKeyIssuerValidation();
                return parameters;
            };

            Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions Nested()
            {
                var options = new Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions
                {
                    ClientId = "client",
                    TokenValidationParameters = new TokenValidationParameters { ConfigurationManager = {{Manager}} },
                };
                options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                return options;
            }
        }
        """);

    [Fact]
    public Task Expression_bodied_property_and_getter_get_accessor_blocks() => VerifyFixAsync("""
        class C
        {
            public static JwtBearerOptions Options => new JwtBearerOptions { {|TA302:Authority = "https://login.microsoftonline.com/common/v2.0"|} }; // entra

            public JwtBearerOptions Getter
            {
                get => new JwtBearerOptions { {|TA302:Authority = "https://login.microsoftonline.com/common/v2.0"|} };
            }
        }
        """, """
        class C
        {
            public static JwtBearerOptions Options
            {
                get
                {
                    var options = new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" };
                    options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    return options;
                }
            } // entra

            public JwtBearerOptions Getter
            {
                get
                {
                    var options = new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" };
                    options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    return options;
                }
            }
        }
        """);

    /// <summary>Each shape here has the finding and no fix: the test framework fails if an action is offered.</summary>
    [Fact]
    public Task Declined_where_the_object_cannot_be_moved_into_a_local()
    {
        const string markup = $$"""
        using System.Linq.Expressions;

        class C
        {
            // A field initializer has no statement to put a local in.
            static readonly TokenValidationParameters Field = new TokenValidationParameters { {|TA302:ConfigurationManager = {{Manager}}|} };

            // An expression tree may not have a statement body.
            Expression<Func<TokenValidationParameters>> Tree() => () => new TokenValidationParameters { {|TA302:ConfigurationManager = {{Manager}}|} };

            // An argument or a conditional branch: hoisting would change when the object is made.
            void Argument(IServiceCollection services) => services.AddSingleton(new TokenValidationParameters { {|TA302:ConfigurationManager = {{Manager}}|} });

            TokenValidationParameters Conditional(bool flag) => flag ? new TokenValidationParameters { {|TA302:ConfigurationManager = {{Manager}}|} } : new TokenValidationParameters();

            // A directive between the return and the object.
            TokenValidationParameters Split()
            {
                return
        #if NEVER_DEFINED
                    null!;
        #else
                    new TokenValidationParameters { {|TA302:ConfigurationManager = {{Manager}}|} };
        #endif
            }

            // A top-level-like embedded statement.
            TokenValidationParameters? Embedded(bool flag)
            {
                if (flag) return new TokenValidationParameters { {|TA302:ConfigurationManager = {{Manager}}|} };
                return null;
            }
        }
        """;
        return VerifyFixAsync(markup, markup, Usings);
    }

    [Fact]
    public Task Fix_all_gives_each_object_its_own_local() => new AnalyzerTest(new SigningKeyIssuerRule())
    {
        CodeFix = new EnableSigningKeyIssuerValidationCodeFixProvider(),
        CodeActionEquivalenceKey = EnableSigningKeyIssuerValidationCodeFixProvider.EquivalenceKey,
        Sources =
        {
            Usings + """
            class A
            {
                TokenValidationParameters Pick(bool tenant)
                {
                    if (tenant)
                    {
                        return new TokenValidationParameters { {|TA302:ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>("https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever())|} };
                    }

                    return new TokenValidationParameters { {|TA302:ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever())|} };
                }
            }
            """,
            Usings + """
            class B
            {
                JwtBearerOptions Options() => new JwtBearerOptions { {|TA302:Authority = "https://login.microsoftonline.com/common/v2.0"|} };

                void M(JwtBearerOptions o) => {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
            }
            """,
        },
        FixedSources =
        {
            FixedUsings + """
            class A
            {
                TokenValidationParameters Pick(bool tenant)
                {
                    if (tenant)
                    {
                        var parameters = new TokenValidationParameters { ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>("https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever()) };
                        parameters.EnableAadSigningKeyIssuerValidation();
                        return parameters;
                    }

                    var parameters2 = new TokenValidationParameters { ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever()) };
                    parameters2.EnableAadSigningKeyIssuerValidation();
                    return parameters2;
                }
            }
            """,
            FixedUsings + """
            class B
            {
                JwtBearerOptions Options()
                {
                    var options = new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" };
                    options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    return options;
                }

                void M(JwtBearerOptions o)
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                }
            }
            """,
        },
    }.RunAsync();
}
