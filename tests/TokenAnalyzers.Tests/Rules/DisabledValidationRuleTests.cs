using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
public class DisabledValidationRuleTests
{
    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<DisabledValidationRule>(Usings + markup);

    private static Task VerifyFixAsync(string markup, string fixedMarkup) =>
        Verify.CodeFixAsync<DisabledValidationRule, RemoveAssignmentCodeFixProvider>(Usings + markup, Usings + fixedMarkup);

    [Theory]
    [InlineData("ValidateIssuer", "TA101")]
    [InlineData("ValidateAudience", "TA102")]
    [InlineData("ValidateLifetime", "TA103")]
    [InlineData("RequireSignedTokens", "TA104")]
    [InlineData("RequireExpirationTime", "TA105")]
    public Task Each_flag_set_to_false_in_an_initializer_is_reported(string flag, string id) => VerifyAsync($$"""
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                {|{{id}}:{{flag}} = false|},
            };
        }
        """);

    [Theory]
    [InlineData("ValidateIssuer")]
    [InlineData("ValidateAudience")]
    [InlineData("ValidateLifetime")]
    [InlineData("RequireSignedTokens")]
    [InlineData("RequireExpirationTime")]
    public Task Each_flag_set_to_true_is_not_reported(string flag) => VerifyAsync($$"""
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters { {{flag}} = true };
        }
        """);

    [Fact]
    public Task Target_typed_new_and_simple_assignments_are_reported() => VerifyAsync("""
        class C
        {
            private readonly TokenValidationParameters _parameters = new();

            void M()
            {
                TokenValidationParameters p = new() { {|TA101:ValidateIssuer = false|} };
                {|TA102:p.ValidateAudience = false|};
                {|TA103:this._parameters.ValidateLifetime = false|};
                {|TA104:_parameters.RequireSignedTokens = false|};
            }
        }
        """);

    [Fact]
    public Task Nested_member_initializer_of_JwtBearerOptions_is_reported() => VerifyAsync("""
        class C
        {
            JwtBearerOptions Create() => new JwtBearerOptions
            {
                Authority = "https://login.example.com",
                TokenValidationParameters = { {|TA101:ValidateIssuer = false|}, ValidIssuer = "x" },
            };

            JwtBearerOptions CreateWithNew() => new JwtBearerOptions
            {
                TokenValidationParameters = new TokenValidationParameters { {|TA102:ValidateAudience = false|} },
            };
        }
        """);

    [Fact]
    public Task Options_lambdas_of_every_registration_style_are_reported() => VerifyAsync("""
        class Startup
        {
            void ConfigureServices(IServiceCollection services)
            {
                services.AddAuthentication().AddJwtBearer(o => {|TA101:o.TokenValidationParameters.ValidateIssuer = false|});
                services.AddAuthentication().AddJwtBearer("named", o =>
                {
                    o.TokenValidationParameters = new TokenValidationParameters { {|TA102:ValidateAudience = false|} };
                });
                services.Configure<JwtBearerOptions>(o => {|TA103:o.TokenValidationParameters.ValidateLifetime = false|});
                services.PostConfigure<JwtBearerOptions>("Bearer", o => {|TA104:o.TokenValidationParameters.RequireSignedTokens = false|});
                services.AddOptions<JwtBearerOptions>("Bearer").Configure(o => {|TA105:o.TokenValidationParameters.RequireExpirationTime = false|});
            }
        }
        """);

    [Fact]
    public Task Configure_options_classes_are_reported() => VerifyAsync("""
        class ConfigureJwt : IConfigureOptions<JwtBearerOptions>
        {
            public void Configure(JwtBearerOptions options) => {|TA101:options.TokenValidationParameters.ValidateIssuer = false|};
        }

        class ConfigureNamedJwt : IConfigureNamedOptions<JwtBearerOptions>
        {
            public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
            public void Configure(string? name, JwtBearerOptions options) => {|TA102:options.TokenValidationParameters.ValidateAudience = false|};
        }

        class PostConfigureJwt : IPostConfigureOptions<JwtBearerOptions>
        {
            public void PostConfigure(string? name, JwtBearerOptions options)
            {
                {|TA103:options.TokenValidationParameters.ValidateLifetime = false|};
            }
        }
        """);

    [Fact]
    public Task Clones_inline_arguments_and_derived_types_are_reported() => VerifyAsync("""
        class StrictParameters : TokenValidationParameters { }

        class C
        {
            void M(TokenValidationParameters shared, IServiceCollection services)
            {
                var copy = shared.Clone();
                {|TA101:copy.ValidateIssuer = false|};
                services.AddSingleton(new TokenValidationParameters { {|TA102:ValidateAudience = false|} });
                Use(new StrictParameters { {|TA103:ValidateLifetime = false|} });
                {|TA104:shared.Clone().RequireSignedTokens = false|};
            }

            void Use(TokenValidationParameters p) { }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_reported() => new AnalyzerTest(new DisabledValidationRule())
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        Sources =
        {
            Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    {|TA101:ValidateIssuer = false|},
                };
            });
            builder.Build().Run();
            """,
        },
    }.RunAsync();

    /// <summary>
    /// A top-level local read by another top-level statement stays used once the switch is gone: the fix is offered
    /// (the unused-local check took the switch's own statement as the local's scope, and declined).
    /// </summary>
    [Fact]
    public Task Fix_is_offered_where_a_top_level_local_is_read_by_another_statement() => new AnalyzerTest(new DisabledValidationRule())
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        Sources =
        {
            Usings + """
            var requireExpiration = false;
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                {|TA105:options.TokenValidationParameters.RequireExpirationTime = requireExpiration|};
            });
            System.Console.WriteLine(requireExpiration);
            builder.Build().Run();
            """,
        },
        FixedSources =
        {
            Usings + """
            var requireExpiration = false;
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
            });
            System.Console.WriteLine(requireExpiration);
            builder.Build().Run();
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Constant_false_in_every_compile_time_form_is_reported() => VerifyAsync("""
        class C
        {
            private const bool Off = false;

            void M(TokenValidationParameters p)
            {
                {|TA101:p.ValidateIssuer = !true|};
                {|TA102:p.ValidateAudience = 1 > 2|};
                {|TA103:p.ValidateLifetime = Off|};
                {|TA104:p.RequireSignedTokens = default|};
                {|TA105:p.RequireExpirationTime = (false)|};
            }
        }
        """);

    [Fact]
    public Task Locals_and_fields_only_ever_assigned_false_are_reported() => VerifyAsync("""
        class C
        {
            private static readonly bool StaticOff = false;
            private bool _off = false;
            private bool _neverAssigned;
            private static bool s_onlyFalse = false;

            C() { _off = false; }

            void M(TokenValidationParameters p)
            {
                var validate = false;
                {|TA101:p.ValidateIssuer = validate|};
                {|TA102:p.ValidateAudience = StaticOff|};
                {|TA103:p.ValidateLifetime = _off|};
                {|TA104:p.RequireSignedTokens = _neverAssigned|};
                {|TA105:p.RequireExpirationTime = s_onlyFalse|};
            }
        }
        """);

    /// <summary>
    /// Round AH: a directive inside what the fix would remove (a value split by <c>#if</c>/<c>#else</c>, an initializer
    /// member written with a leading comma inside <c>#if</c>) cannot keep its partner: the fix broke both builds
    /// (CS1027, CS1028, CS0201). No fix there; the finding stays.
    /// </summary>
    [Fact]
    public Task Fix_is_not_offered_where_a_directive_sits_inside_what_it_would_remove()
    {
        const string Code = """
            class C
            {
                void Split(TokenValidationParameters p)
                {
                    {|TA103:p.ValidateLifetime = false &&
            #if DEBUG
                        true;
            #else
                        false|};
            #endif
                }

                TokenValidationParameters LeadingComma(string issuer, string audience) => new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidateIssuer = true
            #if !RELEASE
                    , {|TA105:RequireExpirationTime = false|}
            #endif
                    , ValidAudience = audience
                };
            }
            """;
        return VerifyFixAsync(Code, Code);
    }

    /// <summary>
    /// Round AD: in a chained assignment both targets get false (RULES.md's assignment forms); the outer one was not
    /// reported. Removing only the outer switch would leave the inner one assigned as a value: no fix there.
    /// </summary>
    [Fact]
    public Task Both_targets_of_a_chained_assignment_are_reported() => VerifyFixAsync("""
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|TA101:p.ValidateIssuer = {|TA102:p.ValidateAudience = false|}|};
            }
        }
        """, """
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|TA101:p.ValidateIssuer = {|TA102:p.ValidateAudience = false|}|};
            }
        }
        """);

    /// <summary>
    /// Round AD: removing the only read of a private field or of a local set to a constant leaves it unused, a new
    /// compiler warning (CS0414, CS0219) that fails a build with warnings as errors: no fix there. A field or local
    /// read elsewhere keeps the fix.
    /// </summary>
    [Fact]
    public Task Fix_is_not_offered_where_removing_the_assignment_leaves_a_field_or_local_unused() => VerifyFixAsync("""
        class C
        {
            private static readonly bool RequireExpirationFlag = false;
            private static readonly bool SharedOff = false;
            private static readonly bool BothSwitches = false;

            void M(TokenValidationParameters p, TokenValidationParameters q)
            {
                var requireExpiration = false;
                {|TA105:p.RequireExpirationTime = requireExpiration|};
                {|TA105:q.RequireExpirationTime = RequireExpirationFlag|};
                {|TA105:p.RequireExpirationTime = SharedOff|};
                System.Console.WriteLine(SharedOff);
            }

            // Round AG: read by two switches only, which Fix All removes together.
            void Two(TokenValidationParameters p, TokenValidationParameters q)
            {
                {|TA105:p.RequireExpirationTime = BothSwitches|};
                {|TA105:q.RequireExpirationTime = BothSwitches|};
            }
        }
        """, """
        class C
        {
            private static readonly bool RequireExpirationFlag = false;
            private static readonly bool SharedOff = false;
            private static readonly bool BothSwitches = false;

            void M(TokenValidationParameters p, TokenValidationParameters q)
            {
                var requireExpiration = false;
                {|TA105:p.RequireExpirationTime = requireExpiration|};
                {|TA105:q.RequireExpirationTime = RequireExpirationFlag|};
                System.Console.WriteLine(SharedOff);
            }

            // Round AG: read by two switches only, which Fix All removes together.
            void Two(TokenValidationParameters p, TokenValidationParameters q)
            {
                {|TA105:p.RequireExpirationTime = BothSwitches|};
                {|TA105:q.RequireExpirationTime = BothSwitches|};
            }
        }
        """);

    [Fact]
    public Task Values_that_are_not_constant_false_are_not_reported() => VerifyAsync("""
        class C
        {
            public bool PublicFlag;
            private bool _changes = false;
            private readonly bool _fromConfig;

            C(bool fromConfig) { _fromConfig = fromConfig; }
            void Enable() { _changes = true; }

            void M(TokenValidationParameters p, bool parameter, IHostEnvironment env)
            {
                var reassigned = false;
                reassigned = parameter;
                var byRef = false;
                Flip(ref byRef);
                p.ValidateIssuer = parameter;
                p.ValidateAudience = PublicFlag;
                p.ValidateLifetime = _changes;
                p.RequireSignedTokens = _fromConfig;
                p.RequireExpirationTime = reassigned;
                p.ValidateIssuer = byRef;
                p.ValidateAudience = !env.IsDevelopment();
                p.ValidateLifetime = Environment.GetEnvironmentVariable("X") == "1";
            }

            static void Flip(ref bool value) => value = !value;
        }
        """);

    /// <summary>
    /// Real code (round S): the switch was the first statement of a group, after a blank line, sometimes under a comment
    /// that explains it. The blank line stays between the groups; before a closing brace or another blank line it goes.
    /// </summary>
    [Fact]
    public Task Removing_the_first_statement_of_a_group_keeps_the_blank_line_before_it() => VerifyFixAsync("""
        class C
        {
            void Group(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";

                {|TA101:p.ValidateIssuer = false|};
                p.ValidateLifetime = true;
            }

            void Commented(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";

                // The issuer is checked in an event instead.
                {|TA101:p.ValidateIssuer = false|};

                p.ValidateLifetime = true;
            }

            void Last(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";

                {|TA101:p.ValidateIssuer = false|};
            }
        }
        """, """
        class C
        {
            void Group(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";

                p.ValidateLifetime = true;
            }

            void Commented(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";

                // The issuer is checked in an event instead.

                p.ValidateLifetime = true;
            }

            void Last(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";
            }
        }
        """);

    /// <summary>
    /// A statement that shares its line with another (round Z: <c>var p2 = _p.Clone(); p2.ValidateLifetime = false;</c>
    /// joined the line with the next one; the statement after a removed first one lost its indentation). The other
    /// statement keeps its line and its indentation.
    /// </summary>
    [Fact]
    public Task Removing_a_statement_that_shares_its_line_keeps_the_other_statement_on_its_own_line() => VerifyFixAsync("""
        class C
        {
            void Second(TokenValidationParameters p)
            {
                var copy = p.Clone(); {|TA103:copy.ValidateLifetime = false|};
                p.ValidateAudience = true;
            }

            void First(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";
                {|TA103:p.ValidateLifetime = false|}; p.ValidAudience = "api";
                p.ValidateAudience = true;
            }
        }
        """, """
        class C
        {
            void Second(TokenValidationParameters p)
            {
                var copy = p.Clone();
                p.ValidateAudience = true;
            }

            void First(TokenValidationParameters p)
            {
                p.ValidIssuer = "https://issuer.example";
                p.ValidAudience = "api";
                p.ValidateAudience = true;
            }
        }
        """);

    /// <summary>
    /// Round AN (a tutorial's Startup): an indented <c>#region</c> around the removed statement keeps its indentation,
    /// as the comment beside it does.
    /// </summary>
    [Fact]
    public Task Removing_a_statement_keeps_an_indented_region_where_it_was() => new AnalyzerTest(new DisabledValidationRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                void M(JwtBearerOptions o)
                {
                    o.Audience = "api";
                    #region relaxed validation
                    {|TA102:o.TokenValidationParameters.ValidateAudience = false|}; // TODO: enable in production
                    #endregion
                    o.SaveToken = true;
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class C
            {
                void M(JwtBearerOptions o)
                {
                    o.Audience = "api";
                    #region relaxed validation
                    // TODO: enable in production
                    #endregion
                    o.SaveToken = true;
                }
            }
            """,
        },
        CodeFix = new RemoveAssignmentCodeFixProvider(),
    }.RunAsync();

    /// <summary>
    /// Real code (round W, a lambda with per-target blocks): the only statement between <c>#if</c> and <c>#endif</c> goes,
    /// the directives stay where they were, and no blank line appears above them.
    /// </summary>
    [Fact]
    public Task Removing_the_only_statement_of_an_if_directive_block_keeps_the_directives_in_place() => new AnalyzerTest(new DisabledValidationRule())
    {
        PreprocessorSymbols = { "NET10_0" },
        Sources =
        {
            Usings + """
            class C
            {
                void M(JwtBearerOptions options)
                {
                    options.TokenValidationParameters.ValidIssuer = "https://issuer.example";
                    options.TokenValidationParameters.ClockSkew = TimeSpan.Zero;
            #if NET10_0
                    {|TA103:options.TokenValidationParameters.ValidateLifetime = false|};
            #endif
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class C
            {
                void M(JwtBearerOptions options)
                {
                    options.TokenValidationParameters.ValidIssuer = "https://issuer.example";
                    options.TokenValidationParameters.ClockSkew = TimeSpan.Zero;
            #if NET10_0
            #endif
                }
            }
            """,
        },
        CodeFix = new RemoveAssignmentCodeFixProvider(),
    }.RunAsync();

    [Fact]
    public Task Development_only_code_is_still_reported() => new AnalyzerTest(new DisabledValidationRule())
    {
        PreprocessorSymbols = { "DEBUG" },
        Sources =
        {
            Usings + """
            class C
            {
                void M(TokenValidationParameters p, IHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        {|TA101:p.ValidateIssuer = false|};
                    }
            #if DEBUG
                    {|TA102:p.ValidateAudience = false|};
            #endif
                }
            }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task A_user_type_named_TokenValidationParameters_is_not_reported() => VerifyAsync("""
        namespace MyCompany.Security
        {
            public class TokenValidationParameters
            {
                public bool ValidateIssuer { get; set; }
                public bool ValidateAudience { get; set; }
            }

            class C
            {
                TokenValidationParameters Create() => new TokenValidationParameters { ValidateIssuer = false, ValidateAudience = false };
            }
        }
        """);

    [Fact]
    public Task Nothing_is_registered_without_the_token_library() => new AnalyzerTest(new DisabledValidationRule())
    {
        ReferenceTokenLibraries = false,
        Sources =
        {
            """
            public class TokenValidationParameters { public bool ValidateIssuer { get; set; } }
            class C { TokenValidationParameters P = new TokenValidationParameters { ValidateIssuer = false }; }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task A_real_validator_on_the_same_object_exempts_the_flag() => VerifyAsync("""
        class C
        {
            static readonly string[] Allowed = { "https://issuer.example.com" };

            TokenValidationParameters Initializer() => new TokenValidationParameters
            {
                ValidateIssuer = false,
                IssuerValidator = (issuer, token, parameters) => Allowed.Contains(issuer) ? issuer : throw new SecurityTokenInvalidIssuerException(issuer),
                ValidateAudience = false,
                AudienceValidator = (audiences, token, parameters) => audiences.Contains("api"),
                ValidateLifetime = false,
                LifetimeValidator = CheckLifetime,
            };

            void Statements(JwtBearerOptions o)
            {
                o.TokenValidationParameters.ValidateIssuer = false;
                var p = o.TokenValidationParameters;
                p.IssuerValidatorUsingConfiguration = (issuer, token, parameters, configuration) =>
                    issuer == configuration.Issuer ? issuer : throw new SecurityTokenInvalidIssuerException(issuer);
            }

            static bool CheckLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters p) =>
                expires > DateTime.UtcNow;

            // Real code (an Engine API whose tokens carry only iat): the delegate decides, and the flag is never read.
            TokenValidationParameters IssuedAtOnly() => new TokenValidationParameters
            {
                RequireExpirationTime = false,
                ValidateLifetime = true,
                LifetimeValidator = (notBefore, expires, token, parameters) => !expires.HasValue || DateTime.UtcNow < expires.Value,
            };
        }
        """);

    [Fact]
    public Task An_accept_all_validator_or_a_validator_on_another_object_does_not_exempt() => VerifyAsync("""
        class C
        {
            TokenValidationParameters AcceptAll() => new TokenValidationParameters
            {
                {|TA101:ValidateIssuer = false|},
                IssuerValidator = (issuer, token, parameters) => issuer,
                {|TA102:ValidateAudience = false|},
                AudienceValidator = (audiences, token, parameters) => true,
                {|TA103:ValidateLifetime = false|},
                LifetimeValidator = null,
            };

            TokenValidationParameters AcceptAllLifetime() => new TokenValidationParameters
            {
                {|TA105:RequireExpirationTime = false|},
                LifetimeValidator = (notBefore, expires, token, parameters) => true,
            };

            // Round AO: the accept-all validator held by a get-only property (the Term's readonly field in all but syntax).
            static IssuerValidator AnyIssuer => (issuer, token, parameters) => issuer;

            TokenValidationParameters AcceptAllProperty() => new TokenValidationParameters
            {
                {|TA101:ValidateIssuer = false|},
                IssuerValidator = AnyIssuer,
            };

            void OtherObject(TokenValidationParameters a, TokenValidationParameters b)
            {
                {|TA101:a.ValidateIssuer = false|};
                b.IssuerValidator = (issuer, token, parameters) => issuer == "x" ? issuer : throw new SecurityTokenInvalidIssuerException();
            }

            // Real code: the validator is set in one case of a switch, the check switched off in another.
            void OtherCase(JwtBearerOptions o, int mode)
            {
                o.Authority = "https://issuer.example.com";
                switch (mode)
                {
                    case 1:
                        o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                            issuer == "https://issuer.example.com" ? issuer : throw new SecurityTokenInvalidIssuerException();
                        break;
                    case 2:
                        {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
                        break;
                }
            }

            void OnlySometimes(TokenValidationParameters p, bool strict)
            {
                if (strict) p.IssuerValidator = (issuer, token, parameters) => issuer == "x" ? issuer : throw new SecurityTokenInvalidIssuerException();
                {|TA101:p.ValidateIssuer = false|};
            }
        }
        """);

    [Fact]
    public Task Generated_code_is_reported() => VerifyAsync("""
        // <auto-generated/>
        class Generated
        {
            TokenValidationParameters P = new TokenValidationParameters { {|TA101:ValidateIssuer = false|} };
        }
        """);

    [Fact]
    public Task Fix_removes_an_initializer_member() => VerifyFixAsync("""
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                {|TA101:ValidateIssuer = false|},
                ValidAudience = "api",
            };
        }
        """, """
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                ValidAudience = "api",
            };
        }
        """);

    [Fact]
    public Task Fix_removes_the_last_initializer_member_without_a_trailing_comma() => VerifyFixAsync("""
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                {|TA101:ValidateIssuer = false|}
            };
        }
        """, """
        class C
        {
            TokenValidationParameters Create() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com"
            };
        }
        """);

    [Fact]
    public Task Fix_removes_statements_embedded_statements_and_expression_lambdas() => new AnalyzerTest(new DisabledValidationRule())
    {
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        // Three rules, so three Fix All passes: Fix All fixes the rule it was invoked for.
        FixAllPassLimit = 3,
        Sources = { Usings + """
        class C
        {
            void M(TokenValidationParameters p, IServiceCollection services, bool relaxed)
            {
                p.ValidIssuer = "https://issuer.example.com";
                p.ValidAudience = "api";
                {|TA101:p.ValidateIssuer = false|};
                if (relaxed)
                    {|TA102:p.ValidateAudience = false|};
                services.AddAuthentication().AddJwtBearer(o => {|TA103:o.TokenValidationParameters.ValidateLifetime = false|});
            }
        }
        """ },
        FixedSources = { Usings + """
        class C
        {
            void M(TokenValidationParameters p, IServiceCollection services, bool relaxed)
            {
                p.ValidIssuer = "https://issuer.example.com";
                p.ValidAudience = "api";
                if (relaxed)
                {
                }
                services.AddAuthentication().AddJwtBearer(o => { });
            }
        }
        """ },
    }.RunAsync();

    [Fact]
    public Task Fix_all_for_one_rule_leaves_the_other_rules_findings_alone() => new AnalyzerTest(new DisabledValidationRule())
    {
        // Regression: Fix All received every id the provider fixes and removed them all, so "Fix all TA101"
        // silently removed TA102 assignments too (the reliability suite's second-Fix-All check found it).
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        CodeActionEquivalenceKey = RemoveAssignmentCodeFixProvider.EquivalenceKey("TA101"),
        Sources =
        {
            Usings + """
            class C
            {
                void M(TokenValidationParameters p, TokenValidationParameters q)
                {
                    p.ValidIssuer = q.ValidIssuer = "https://issuer.example.com";
                    p.ValidAudience = "api";
                    {|TA101:p.ValidateIssuer = false|};
                    {|TA102:p.ValidateAudience = false|};
                    {|TA101:q.ValidateIssuer = false|};
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class C
            {
                void M(TokenValidationParameters p, TokenValidationParameters q)
                {
                    p.ValidIssuer = q.ValidIssuer = "https://issuer.example.com";
                    p.ValidAudience = "api";
                    {|TA102:p.ValidateAudience = false|};
                }
            }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Fix_all_removes_every_finding_across_documents() => new AnalyzerTest(new DisabledValidationRule())
    {
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        CodeActionEquivalenceKey = RemoveAssignmentCodeFixProvider.EquivalenceKey("TA101"),
        Sources =
        {
            Usings + """
            class A
            {
                TokenValidationParameters P = new TokenValidationParameters
                {
                    {|TA101:ValidateIssuer = false|},
                    ValidIssuers = new[] { "https://issuer.example.com" },
                };
            }
            """,
            Usings + """
            class B
            {
                void M(TokenValidationParameters p, TokenValidationParameters q)
                {
                    p.ValidIssuer = "https://issuer.example.com";
                    q.ConfigurationManager = p.ConfigurationManager;
                    {|TA101:p.ValidateIssuer = false|};
                    {|TA101:q.ValidateIssuer = false|};
                }
            }
            """,
        },
        FixedSources =
        {
            Usings + """
            class A
            {
                TokenValidationParameters P = new TokenValidationParameters
                {
                    ValidIssuers = new[] { "https://issuer.example.com" },
                };
            }
            """,
            Usings + """
            class B
            {
                void M(TokenValidationParameters p, TokenValidationParameters q)
                {
                    p.ValidIssuer = "https://issuer.example.com";
                    q.ConfigurationManager = p.ConfigurationManager;
                }
            }
            """,
        },
        SecondProjectSources =
        {
            Usings + """
            class D
            {
                void M(JwtBearerOptions o) { o.Authority = "https://issuer.example.com"; {|TA101:o.TokenValidationParameters.ValidateIssuer = false|}; }
            }
            """,
        },
        SecondProjectFixedSources =
        {
            Usings + """
            class D
            {
                void M(JwtBearerOptions o) { o.Authority = "https://issuer.example.com"; }
            }
            """,
        },
    }.RunAsync();
}
