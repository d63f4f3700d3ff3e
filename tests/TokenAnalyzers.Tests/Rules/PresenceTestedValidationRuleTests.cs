using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA109: ValidateIssuer/ValidateAudience/ValidateLifetime/RequireSignedTokens set to a presence test of the value
/// the same parameters object (or its options object) gets. Inputs are modelled on public code
/// (`ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer), ValidIssuer = jwt.Issuer`).
/// </summary>
[Trait("Rule", "TA109")]
public class PresenceTestedValidationRuleTests
{
    private const string OidcUsings = """
        using Microsoft.AspNetCore.Authentication.OpenIdConnect;
        using Microsoft.Extensions.Configuration;

        """;

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<PresenceTestedValidationRule>(Usings + OidcUsings + markup);

    private static Task VerifyFixAsync(string markup, string fixedMarkup) =>
        Verify.CodeFixAsync<PresenceTestedValidationRule, ReplaceWithTrueCodeFixProvider>(Usings + OidcUsings + markup, Usings + OidcUsings + fixedMarkup);

    [Fact]
    public Task Every_presence_test_of_the_configured_value_is_reported() => VerifyAsync("""
        class JwtSettings
        {
            public string? Issuer { get; set; }
            public string? Audience { get; set; }
            public string[]? Issuers { get; set; }
            public List<string>? Audiences { get; set; }
            public TimeSpan? Lifetime { get; set; }
        }

        class C
        {
            TokenValidationParameters A(JwtSettings jwt) => new TokenValidationParameters
            {
                [|ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer)|],
                [|ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience)|],
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
            };

            TokenValidationParameters B(JwtSettings jwt) => new()
            {
                [|ValidateIssuer = jwt.Issuer != null|],
                [|ValidateAudience = jwt.Audience is not null|],
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
            };

            TokenValidationParameters D(JwtSettings jwt) => new()
            {
                [|ValidateIssuer = jwt.Issuers.Any()|],
                [|ValidateAudience = jwt.Audiences.Count > 0|],
                ValidIssuers = jwt.Issuers,
                ValidAudiences = jwt.Audiences,
            };

            TokenValidationParameters E(JwtSettings jwt) => new()
            {
                [|ValidateIssuer = jwt.Issuers.Length > 0|],
                [|ValidateAudience = jwt.Audiences.Count() > 0|],
                ValidIssuers = jwt.Issuers,
                ValidAudiences = jwt.Audiences,
            };

            TokenValidationParameters F(JwtSettings jwt) => new()
            {
                [|ValidateIssuer = 0 < jwt.Issuers!.Length|],
                [|ValidateAudience = jwt.Audiences?.Any() == true|],
                ValidIssuers = jwt.Issuers,
                ValidAudiences = jwt.Audiences,
            };

            TokenValidationParameters G(string? issuer, TimeSpan? lifetime) => new()
            {
                [|ValidateIssuer = null != issuer|],
                ValidIssuers = new[] { issuer! },
            };
        }
        """);

    /// <summary>
    /// Null-coalesced tests (round W: a real authentication library's JwtBearerService,
    /// <c>ValidateIssuer = jwtBearerSettings.Issuers?.Any() ?? false</c>, where its other file writes <c>?.Length &gt; 0</c>).
    /// </summary>
    [Fact]
    public Task Null_coalesced_presence_tests_are_reported() => VerifyAsync("""
        class JwtBearerSettings
        {
            public string[]? Issuers { get; set; }
            public List<string>? Audiences { get; set; }
        }

        class JwtBearerService(JwtBearerSettings jwtBearerSettings)
        {
            TokenValidationParameters WithAny() => new TokenValidationParameters
            {
                [|ValidateIssuer = jwtBearerSettings.Issuers?.Any() ?? false|],
                ValidIssuers = jwtBearerSettings.Issuers,
                [|ValidateAudience = (jwtBearerSettings.Audiences?.Count ?? 0) > 0|],
                ValidAudiences = jwtBearerSettings.Audiences,
            };

            TokenValidationParameters FailingClosed() => new TokenValidationParameters
            {
                ValidateIssuer = jwtBearerSettings.Issuers?.Any() ?? true,
                ValidIssuers = jwtBearerSettings.Issuers,
            };
        }
        """);

    /// <summary>
    /// Round AD: settings that are themselves nullable (<c>Get&lt;JwtSettings&gt;()</c> returns <c>T?</c>) are read
    /// through two <c>?.</c>, and nullable-enabled code writes property patterns; the value assigned
    /// (<c>jwt?.Audiences</c>, <c>jwt!.Audiences</c>) is the one tested. A public API writes
    /// <c>ValidateAudience = audiences?.Length &gt; 0</c> beside <c>ValidAudiences = audiences</c>.
    /// </summary>
    [Fact]
    public Task Presence_tests_through_nested_null_conditional_reads_and_patterns_are_reported() => VerifyAsync("""
        record JwtSettings(string? Issuer, string[]? Audiences);

        class C
        {
            TokenValidationParameters Nested(JwtSettings? jwt) => new()
            {
                [|ValidateAudience = jwt?.Audiences?.Length > 0|],
                ValidAudiences = jwt?.Audiences,
            };

            TokenValidationParameters NestedAny(JwtSettings? jwt) => new()
            {
                [|ValidateAudience = jwt?.Audiences?.Any() == true|],
                ValidAudiences = jwt?.Audiences,
            };

            TokenValidationParameters NestedCoalesced(JwtSettings? jwt) => new()
            {
                [|ValidateAudience = jwt?.Audiences?.Any() ?? false|],
                ValidAudiences = jwt!.Audiences,
            };

            TokenValidationParameters Pattern(JwtSettings jwt) => new()
            {
                [|ValidateAudience = jwt.Audiences is { Length: > 0 }|],
                ValidAudiences = jwt.Audiences,
                [|ValidateIssuer = jwt.Issuer is { }|],
                ValidIssuer = jwt.Issuer,
            };

            TokenValidationParameters Plain(string[]? audiences) => new()
            {
                [|ValidateAudience = audiences?.Length > 0|],
                ValidAudiences = audiences,
            };

            // Another value tested, or a pattern that tests something else: not reported.
            TokenValidationParameters Other(JwtSettings jwt, string[] other) => new()
            {
                ValidateAudience = other is { Length: > 0 },
                ValidAudiences = jwt.Audiences,
                ValidateIssuer = jwt.Issuer is { Length: > 100 },
                ValidIssuer = jwt.Issuer,
            };
        }
        """);

    /// <summary>
    /// A disjunction of presence tests (round Y: a real bot framework's AddRestFramework, <c>ValidateIssuer =
    /// !string.IsNullOrWhiteSpace(jwt.Issuer) || !string.IsNullOrWhiteSpace(jwt.Authority)</c>): off where neither is
    /// configured. One operand that is no presence test makes it something else.
    /// </summary>
    [Fact]
    public Task A_disjunction_of_presence_tests_is_reported() => VerifyFixAsync("""
        class JwtOptions { public string? Authority { get; set; } public string? Audience { get; set; } public string? Issuer { get; set; } public bool Strict { get; set; } }

        static class RestFramework
        {
            public static void Add(IServiceCollection services, JwtOptions jwt) =>
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
                {
                    options.Authority = jwt.Authority;
                    options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
                    {|TA109:options.TokenValidationParameters.ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer)
                        || !string.IsNullOrWhiteSpace(jwt.Authority)|};
                    options.TokenValidationParameters.ValidAudience = jwt.Audience;
                    options.TokenValidationParameters.ValidateAudience = jwt.Strict || jwt.Audience is not null;
                });
        }
        """, """
        class JwtOptions { public string? Authority { get; set; } public string? Audience { get; set; } public string? Issuer { get; set; } public bool Strict { get; set; } }

        static class RestFramework
        {
            public static void Add(IServiceCollection services, JwtOptions jwt) =>
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
                {
                    options.Authority = jwt.Authority;
                    options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
                    options.TokenValidationParameters.ValidateIssuer = true;
                    options.TokenValidationParameters.ValidAudience = jwt.Audience;
                    options.TokenValidationParameters.ValidateAudience = jwt.Strict || jwt.Audience is not null;
                });
        }
        """);

    /// <summary>
    /// The flag set from the parameters object's own value (round W: a real endpoint framework's AddAuthenticationJwtBearer,
    /// "correct any user mistake" after the user's callback: <c>ValidateIssuer = o.TokenValidationParameters.ValidIssuer
    /// is not null</c>). The only other write of the value in the scope is <c>ValidIssuer = null</c>, which is nothing to
    /// check against, so no fix: <c>true</c> would reject every token of an application that never sets an issuer.
    /// </summary>
    [Fact]
    public Task The_value_read_back_from_the_same_object_is_a_presence_test_of_it() => VerifyFixAsync("""
        static class AuthExtensions
        {
            public static IServiceCollection AddAuthenticationJwtBearer(this IServiceCollection services, Action<JwtBearerOptions>? bearerOptions = null)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                        .AddJwtBearer(
                            o =>
                            {
                                o.TokenValidationParameters.ValidAudience = null;
                                o.TokenValidationParameters.ValidIssuer = null;

                                bearerOptions?.Invoke(o);

                                //correct any user mistake
                                {|TA109:o.TokenValidationParameters.ValidateAudience = o.TokenValidationParameters.ValidAudience is not null|};
                                {|TA109:o.TokenValidationParameters.ValidateIssuer = o.TokenValidationParameters.ValidIssuer is not null|};
                            });

                return services;
            }

            public static void Authority(JwtBearerOptions o, TokenValidationParameters other)
            {
                o.Audience = "api://app";
                {|TA109:o.TokenValidationParameters.ValidateAudience = o.Audience != null|};
                other.ValidateIssuer = o.TokenValidationParameters.ValidIssuer is not null;
            }
        }
        """, """
        static class AuthExtensions
        {
            public static IServiceCollection AddAuthenticationJwtBearer(this IServiceCollection services, Action<JwtBearerOptions>? bearerOptions = null)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                        .AddJwtBearer(
                            o =>
                            {
                                o.TokenValidationParameters.ValidAudience = null;
                                o.TokenValidationParameters.ValidIssuer = null;

                                bearerOptions?.Invoke(o);

                                //correct any user mistake
                                {|TA109:o.TokenValidationParameters.ValidateAudience = o.TokenValidationParameters.ValidAudience is not null|};
                                {|TA109:o.TokenValidationParameters.ValidateIssuer = o.TokenValidationParameters.ValidIssuer is not null|};
                            });

                return services;
            }

            public static void Authority(JwtBearerOptions o, TokenValidationParameters other)
            {
                o.Audience = "api://app";
                o.TokenValidationParameters.ValidateAudience = true;
                other.ValidateIssuer = o.TokenValidationParameters.ValidIssuer is not null;
            }
        }
        """);

    [Fact]
    public Task Configuration_reads_single_assignment_locals_and_fields_are_followed() => VerifyAsync("""
        class C
        {
            private readonly TokenValidationParameters _tokenValidation = new();

            void FromConfiguration(IConfiguration configuration, JwtBearerOptions options)
            {
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    [|ValidateIssuer = !string.IsNullOrEmpty(configuration["Jwt:Issuer"])|],
                    ValidIssuer = configuration["Jwt:Issuer"],
                };
            }

            void ThroughLocals(IConfiguration configuration, JwtBearerOptions options)
            {
                var audience = configuration["Jwt:Audience"];
                var validateAudience = !string.IsNullOrEmpty(audience);
                options.TokenValidationParameters.ValidAudiences = audience!.Split(',');
                [|options.TokenValidationParameters.ValidateAudience = validateAudience|];
            }

            void OnIssuerChange(string issuer)
            {
                [|_tokenValidation.ValidateIssuer = !string.IsNullOrEmpty(issuer)|];
                _tokenValidation.ValidIssuer = issuer;
            }

            void Keys(IConfiguration configuration, TokenValidationParameters p)
            {
                var secret = configuration["Jwt:Key"];
                var key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret!));
                p.IssuerSigningKey = key;
                [|p.RequireSignedTokens = !string.IsNullOrEmpty(secret)|];
            }
        }
        """);

    [Fact]
    public Task The_options_object_s_Audience_or_Authority_counts_for_both_options_types() => VerifyAsync("""
        class AuthSettings
        {
            public string? Authority { get; set; }
            public string? Audience { get; set; }
            public string? ClientId { get; set; }
        }

        class C
        {
            void M(IServiceCollection services, AuthSettings opt)
            {
                services.AddAuthentication()
                    .AddJwtBearer("Bearer", options =>
                    {
                        options.Authority = opt.Authority;
                        if (!string.IsNullOrEmpty(opt.Audience))
                        {
                            options.Audience = opt.Audience;
                        }

                        options.TokenValidationParameters = new TokenValidationParameters
                        {
                            [|ValidateAudience = !string.IsNullOrEmpty(opt.Audience)|],
                        };
                    })
                    .AddOpenIdConnect(options =>
                    {
                        options.Authority = opt.Authority;
                        options.ClientId = opt.ClientId;
                        [|options.TokenValidationParameters.ValidateIssuer = opt.Authority != null|];
                    });

                var direct = new OpenIdConnectOptions
                {
                    Authority = opt.Authority,
                    TokenValidationParameters = { [|ValidateIssuer = !string.IsNullOrWhiteSpace(opt.Authority)|] },
                };
            }
        }
        """);

    /// <summary>
    /// Round AO: an options setup keeps the value and its presence test in readonly fields set by its constructor (the
    /// Terms' values flow through readonly fields with a single assignment). The fix sets the flag to true and leaves the
    /// field, which is then written and never read; the compiler warns of that for a constant only (no CS0414 here).
    /// </summary>
    [Fact]
    public Task Fix_sets_true_where_the_presence_test_is_held_in_a_readonly_field() => VerifyFixAsync("""
        sealed class JwtBearerOptionsSetup
        {
            private readonly string? _issuer;
            private readonly bool _hasIssuer;

            public JwtBearerOptionsSetup(IConfiguration configuration)
            {
                _issuer = configuration["Jwt:Issuer"];
                _hasIssuer = !string.IsNullOrEmpty(_issuer);
            }

            public TokenValidationParameters Parameters() => new()
            {
                ValidIssuer = _issuer,
                [|ValidateIssuer = _hasIssuer|],
            };
        }
        """, """
        sealed class JwtBearerOptionsSetup
        {
            private readonly string? _issuer;
            private readonly bool _hasIssuer;

            public JwtBearerOptionsSetup(IConfiguration configuration)
            {
                _issuer = configuration["Jwt:Issuer"];
                _hasIssuer = !string.IsNullOrEmpty(_issuer);
            }

            public TokenValidationParameters Parameters() => new()
            {
                ValidIssuer = _issuer,
                ValidateIssuer = true,
            };
        }
        """);

    [Fact]
    public Task Other_values_flags_from_configuration_and_constants_are_not_reported() => VerifyAsync("""
        class Settings
        {
            public string? Issuer { get; set; }
            public string? Audience { get; set; }
            public bool ValidateIssuer { get; set; }
            public string? SigningKey { get; set; }
        }

        class C
        {
            TokenValidationParameters A(Settings s, IConfiguration configuration, IHostEnvironment env) => new()
            {
                // the flag itself comes from configuration: a deliberate switch, not a presence test
                ValidateIssuer = configuration.GetValue<bool>("Jwt:ValidateIssuer"),
                ValidateAudience = s.ValidateIssuer,
                ValidateLifetime = !env.IsDevelopment(),
                RequireSignedTokens = true,
                ValidIssuer = s.Issuer,
                ValidAudience = s.Audience,
            };

            // a test of a different value: the check does not depend on whether its own value is configured
            TokenValidationParameters B(Settings s, string? featureFlag) => new()
            {
                ValidateIssuer = !string.IsNullOrEmpty(featureFlag),
                ValidateAudience = s != null,
                ValidIssuer = s.Issuer,
                ValidAudience = s.Audience,
            };

            // the tested value goes nowhere on this parameters object
            TokenValidationParameters D(Settings s) => new()
            {
                ValidateIssuer = !string.IsNullOrEmpty(s.Issuer),
                IssuerValidator = (issuer, token, parameters) => issuer == s.Issuer ? issuer : throw new SecurityTokenInvalidIssuerException(),
            };

            // another parameters object gets the value
            void E(Settings s, TokenValidationParameters first, TokenValidationParameters second)
            {
                first.ValidateIssuer = !string.IsNullOrEmpty(s.Issuer);
                second.ValidIssuer = s.Issuer;
            }

            // a local written twice is not a single-assignment local
            void F(Settings s, TokenValidationParameters p, bool strict)
            {
                var validate = !string.IsNullOrEmpty(s.Issuer);
                if (strict) validate = true;
                p.ValidateIssuer = validate;
                p.ValidIssuer = s.Issuer;
            }

            // ValidateIssuerSigningKey and other properties are not named by the rule
            TokenValidationParameters G(Settings s) => new()
            {
                ValidateIssuerSigningKey = !string.IsNullOrEmpty(s.SigningKey),
                IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(s.SigningKey!)),
            };
        }

        // a user type that is merely called like the library's
        class TokenValidationParametersLike { public bool ValidateIssuer { get; set; } public string? ValidIssuer { get; set; } }

        class D
        {
            TokenValidationParametersLike M(string? issuer) => new() { ValidateIssuer = issuer != null, ValidIssuer = issuer };
        }
        """);

    /// <summary>Round AG: a value read through two <c>?.</c> is named whole, not as <c>'.Audiences'</c>.</summary>
    [Fact]
    public Task Message_names_a_value_read_through_two_null_conditional_accesses_whole()
    {
        var test = new AnalyzerTest(new PresenceTestedValidationRule())
        {
            Sources =
            {
                Usings + """
                record JwtSettings(string? Issuer, string[]? Audiences);

                class C
                {
                    TokenValidationParameters M(JwtSettings? jwt) => new()
                    {
                        {|#0:ValidateAudience = jwt?.Audiences?.Length > 0|},
                        ValidAudiences = jwt?.Audiences,
                    };
                }
                """,
            },
        };
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA109").WithLocation(0).WithMessage(
            "ValidateAudience is true only when 'jwt?.Audiences' is configured: where the setting is missing, tokens issued for any other application are accepted; set it to true so that a missing setting rejects tokens instead"));
        return test.RunAsync();
    }

    [Fact]
    public Task Message_names_the_flag_the_value_and_what_is_missing_when_no_fix_is_offered()
    {
        var test = new AnalyzerTest(new PresenceTestedValidationRule())
        {
            CodeFix = new ReplaceWithTrueCodeFixProvider(),
            Sources =
            {
                Usings + """
                class C
                {
                    TokenValidationParameters M(string? audience) => new()
                    {
                        {|#0:ValidateIssuer = !string.IsNullOrEmpty(audience)|},
                        {|#1:ValidateAudience = !string.IsNullOrEmpty(audience)|},
                        ValidAudience = audience,
                    };
                }
                """,
            },
            FixedSources =
            {
                Usings + """
                class C
                {
                    TokenValidationParameters M(string? audience) => new()
                    {
                        {|TA109:ValidateIssuer = !string.IsNullOrEmpty(audience)|},
                        ValidateAudience = true,
                        ValidAudience = audience,
                    };
                }
                """,
            },
        };
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA109").WithLocation(0).WithMessage(
            "ValidateIssuer is true only when 'audience' is configured: where the setting is missing, tokens from any issuer are accepted; set it to true so that a missing setting rejects tokens instead, and no ValidIssuer is set"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA109").WithLocation(1).WithMessage(
            "ValidateAudience is true only when 'audience' is configured: where the setting is missing, tokens issued for any other application are accepted; set it to true so that a missing setting rejects tokens instead"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_replaces_the_presence_test_with_true_in_every_form_and_with_Fix_All() => VerifyFixAsync("""
        class JwtSettings { public string? Issuer { get; set; } public string? Audience { get; set; } public string? Key { get; set; } }

        class C
        {
            private readonly TokenValidationParameters _p = new();

            TokenValidationParameters A(JwtSettings jwt) => new TokenValidationParameters
            {
                [|ValidateIssuer = !string.IsNullOrEmpty(jwt.Issuer)|], // issuer from configuration
                [|ValidateAudience = !string.IsNullOrEmpty(jwt.Audience)|],
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(jwt.Key!)),
                [|RequireSignedTokens = jwt.Key != null|]
            };

            void B(JwtSettings jwt)
            {
                [|_p.ValidateIssuer = /* set below */ jwt.Issuer is not null|];
                _p.ValidIssuer = jwt.Issuer;
            }

            void D(IServiceCollection services, JwtSettings jwt) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = jwt.Issuer;
                    [|o.TokenValidationParameters.ValidateIssuer = jwt.Issuer != null|];
                });
        }
        """, """
        class JwtSettings { public string? Issuer { get; set; } public string? Audience { get; set; } public string? Key { get; set; } }

        class C
        {
            private readonly TokenValidationParameters _p = new();

            TokenValidationParameters A(JwtSettings jwt) => new TokenValidationParameters
            {
                ValidateIssuer = true, // issuer from configuration
                ValidateAudience = true,
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(jwt.Key!)),
                RequireSignedTokens = true
            };

            void B(JwtSettings jwt)
            {
                _p.ValidateIssuer = /* set below */ true;
                _p.ValidIssuer = jwt.Issuer;
            }

            void D(IServiceCollection services, JwtSettings jwt) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = jwt.Issuer;
                    o.TokenValidationParameters.ValidateIssuer = true;
                });
        }
        """);
}
