using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
public class AcceptAllValidatorRuleTests
{
    private static Task VerifyAsync(params string[] sources)
    {
        var test = new AnalyzerTest(new AcceptAllValidatorRule());
        foreach (var source in sources)
        {
            test.Sources.Add(Usings + source);
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Bool_validators_returning_true_are_reported_for_each_property() => VerifyAsync("""
        class C
        {
            TokenValidationParameters P = new TokenValidationParameters
            {
                {|TA203:AudienceValidator = (audiences, token, parameters) => true|},
                {|TA204:LifetimeValidator = (notBefore, expires, token, parameters) => true|},
                {|TA205:IssuerSigningKeyValidator = (key, token, parameters) => true|},
                {|TA205:IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => true|},
                {|TA206:AlgorithmValidator = (algorithm, key, token, parameters) => true|},
            };
        }
        """);

    [Fact]
    public Task Issuer_validators_returning_their_argument_or_a_constant_are_reported() => VerifyAsync("""
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => issuer|};
                {|TA202:p.IssuerValidatorUsingConfiguration = (issuer, token, parameters, configuration) => issuer|};
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => "https://issuer.example.com"|};
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => token.Issuer|};
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => ((JsonWebToken)token).Issuer|};
            }
        }
        """);

    [Theory]
    [InlineData("(token, parameters) => new JsonWebToken(token)")]
    [InlineData("(token, parameters) => new JwtSecurityToken(token)")]
    [InlineData("(token, parameters) => new JwtSecurityTokenHandler().ReadJwtToken(token)")]
    [InlineData("(token, parameters) => new JwtSecurityTokenHandler().ReadToken(token)")]
    [InlineData("(token, parameters) => new JsonWebTokenHandler().ReadJsonWebToken(token)")]
    [InlineData("(token, parameters) => new JsonWebTokenHandler().ReadToken(token)")]
    [InlineData("(token, parameters) => { var jwt = new JwtSecurityToken(token); return jwt; }")]
    [InlineData("(token, parameters) => { var handler = new JsonWebTokenHandler(); var parsed = handler.ReadJsonWebToken(token); return parsed; }")]
    [InlineData("delegate (string token, TokenValidationParameters parameters) { return new JsonWebToken(token); }")]
    public Task Parse_only_signature_validators_are_reported(string validator) => VerifyAsync($$"""
        class C
        {
            TokenValidationParameters P = new TokenValidationParameters { {|TA201:SignatureValidator = {{validator}}|} };
        }
        """);

    [Fact]
    public Task Signature_validator_using_configuration_is_reported() => VerifyAsync("""
        class C
        {
            void M(JwtBearerOptions o) =>
                {|TA201:o.TokenValidationParameters.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => new JsonWebToken(token)|};
        }
        """);

    [Fact]
    public Task Block_bodies_anonymous_methods_and_logging_are_accept_all() => VerifyAsync("""
        using Microsoft.Extensions.Logging;

        class C
        {
            private readonly ILogger _logger = null!;

            void M(TokenValidationParameters p)
            {
                {|TA203:p.AudienceValidator = (audiences, token, parameters) =>
                {
                    _logger.LogInformation("Audiences: {Audiences}", string.Join(",", audiences));
                    Console.WriteLine($"token {token}");
                    var seen = audiences.Count();
                    return true;
                }|};
                {|TA204:p.LifetimeValidator = delegate { return true; }|};
                {|TA202:p.IssuerValidator = (issuer, token, parameters) =>
                {
                    if (!issuer.StartsWith("https://"))
                    {
                        _logger.LogWarning("Unexpected issuer {Issuer}", issuer);
                    }

                    return issuer;
                }|};
            }
        }
        """);

    /// <summary>
    /// Round AK: RULES.md's Terms list compound assignments among the forms every rule sees. <c>+=</c> on a validator
    /// property adds the delegate last, and the library takes the last delegate's result (on the default null it is
    /// plain assignment; IdentityModel 8.23.0 then accepts <c>iss=https://evil</c>, shown by the round's proof).
    /// Adding a delegate that validates is not reported.
    /// </summary>
    [Fact]
    public Task A_validator_added_with_a_compound_assignment_is_reported() => VerifyAsync("""
        class C
        {
            void M(TokenValidationParameters p, TokenValidationParameters q)
            {
                {|TA206:p.AlgorithmValidator += (algorithm, key, token, parameters) => true|};
                {|TA202:p.IssuerValidatorUsingConfiguration += (issuer, token, parameters, configuration) => issuer|};
                q.AudienceValidator += (audiences, token, parameters) => audiences.Contains("api://orders");
            }

            // Round AM: a multicast delegate with a member that throws rejects, whichever was added last (8.23.0
            // invokes every member): the accept-all one is not all there is.
            void Combined(TokenValidationParameters p, TokenValidationParameters q, IssuerValidator real)
            {
                p.IssuerValidator = real;
                p.IssuerValidator += (issuer, token, parameters) => issuer;
                q.IssuerValidator = (issuer, token, parameters) => issuer;
                q.IssuerValidator += real;
            }
        }
        """);

    /// <summary>
    /// Round AK: the configuration-aware issuer validator returning the token's own issuer, or the configuration's
    /// issuer whatever the token says (both accept <c>iss=https://evil</c> with IdentityModel 8.23.0: the returned
    /// issuer is not compared again), with the parameters' names the round's code used.
    /// </summary>
    [Fact]
    public Task Issuer_validators_using_configuration_that_return_the_tokens_or_the_configurations_issuer_are_reported() => VerifyAsync("""
        class C
        {
            void M(TokenValidationParameters p, TokenValidationParameters q, TokenValidationParameters r)
            {
                {|TA202:p.IssuerValidatorUsingConfiguration = (i, t, vp, c) => t.Issuer|};
                {|TA202:q.IssuerValidatorUsingConfiguration = (i, t, vp, c) => c.Issuer|};
                r.IssuerValidatorUsingConfiguration = (i, t, vp, c) => i == c.Issuer ? i : throw new SecurityTokenInvalidIssuerException("issuer");
            }
        }
        """);

    /// <summary>
    /// Round AK: a conditional that sets an accept-all delegate in one branch (<c>env.IsDevelopment() ? accept : null</c>)
    /// is the <c>if (env.IsDevelopment()) p.X = accept;</c> that is reported (RULES.md: an environment name is runtime
    /// input; only TA107/TA108/TA501 skip development-only code). Branches that both validate are not reported.
    /// </summary>
    [Fact]
    public Task A_conditional_with_an_accept_all_branch_is_reported() => VerifyAsync("""
        class C
        {
            void M(TokenValidationParameters p, TokenValidationParameters q, IHostEnvironment env, bool strict)
            {
                {|TA201:p.SignatureValidatorUsingConfiguration = env.IsDevelopment() ? (token, parameters, configuration) => new JsonWebToken(token) : null|};
                {|TA203:p.AudienceValidator = strict ? (audiences, token, parameters) => audiences.Contains("api") : (audiences, token, parameters) => true|};
                q.AudienceValidator = strict ? (audiences, token, parameters) => audiences.Contains("api") : null;
            }
        }
        """);

    /// <summary>
    /// Round AM: removing <c>p.IssuerValidator = strict ? partnerValidator : accept</c> dropped the real validator that
    /// production runs, and the partner's legitimate tokens failed. The fix is declined where a branch validates; a
    /// branch that is null or accepts all is what removing the assignment restores anyway.
    /// </summary>
    [Fact]
    public Task Fix_is_not_offered_where_a_branch_of_the_conditional_validates() => FixAsync("""
                o.TokenValidationParameters.ValidIssuer = "https://a.example.com";
                {|TA202:o.TokenValidationParameters.IssuerValidator = audience == "strict" ? (issuer, token, parameters) => issuer == "https://b.example.com" ? issuer : throw new SecurityTokenInvalidIssuerException("issuer") : (issuer, token, parameters) => issuer|};
                var other = new TokenValidationParameters { ValidIssuer = "https://a.example.com", {|TA202:IssuerValidator = audience == "dev" ? (issuer, token, parameters) => issuer : null|} };
        """, """
                o.TokenValidationParameters.ValidIssuer = "https://a.example.com";
                {|TA202:o.TokenValidationParameters.IssuerValidator = audience == "strict" ? (issuer, token, parameters) => issuer == "https://b.example.com" ? issuer : throw new SecurityTokenInvalidIssuerException("issuer") : (issuer, token, parameters) => issuer|};
                var other = new TokenValidationParameters { ValidIssuer = "https://a.example.com" };
        """);

    [Fact]
    public Task Local_functions_method_groups_and_delegate_creation_are_resolved() => VerifyAsync("""
        class C
        {
            void M(TokenValidationParameters p)
            {
                bool AcceptAudience(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => true;

                {|TA203:p.AudienceValidator = AcceptAudience|};
                {|TA204:p.LifetimeValidator = AcceptLifetime|};
                {|TA202:p.IssuerValidator = new IssuerValidator(PassThrough)|};
                {|TA201:p.SignatureValidator = new SignatureValidator(Parse)|};
                {|TA206:p.AlgorithmValidator = Validators.AnyAlgorithm|};
            }

            static bool AcceptLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
            {
                return true;
            }

            static string PassThrough(string issuer, SecurityToken token, TokenValidationParameters parameters) => issuer;

            static SecurityToken Parse(string token, TokenValidationParameters parameters) => new JsonWebToken(token);
        }
        """, """
        static class Validators
        {
            public static bool AnyAlgorithm(string algorithm, SecurityKey key, SecurityToken token, TokenValidationParameters parameters) => true;
        }
        """);

    [Fact]
    public Task Delegates_stored_in_a_local_or_field_first_are_resolved() => VerifyAsync("""
        class C
        {
            private static readonly IssuerValidator AnyIssuer = (issuer, token, parameters) => issuer;

            void M(TokenValidationParameters p)
            {
                SignatureValidator parseOnly = (token, parameters) => new JwtSecurityToken(token);
                AudienceValidator anyAudience = (audiences, token, parameters) => true;
                {|TA201:p.SignatureValidator = parseOnly|};
                {|TA203:p.AudienceValidator = anyAudience|};
                {|TA202:p.IssuerValidator = AnyIssuer|};
            }
        }
        """);

    /// <summary>
    /// Round AO: a get-only property whose getter only returns a delegate holds it as a readonly field does (the Term's
    /// "a local or readonly field holding one"), in each of its spellings. A property with a setter (it may be set
    /// anywhere), a virtual property and a delegate a method returns are not followed.
    /// </summary>
    [Fact]
    public Task Delegates_held_by_a_get_only_property_are_resolved() => VerifyAsync("""
        class C
        {
            private static IssuerValidator AnyIssuer => (issuer, token, parameters) => issuer;
            private AudienceValidator AnyAudience { get => (audiences, token, parameters) => true; }
            private static LifetimeValidator AnyLifetime { get { return (notBefore, expires, token, parameters) => true; } }

            private static AudienceValidator Settable { get; set; } = (audiences, token, parameters) => true;
            protected virtual IssuerValidator Overridable => (issuer, token, parameters) => issuer;
            private static IssuerValidator Factory() => (issuer, token, parameters) => issuer;

            void M(TokenValidationParameters p)
            {
                {|TA202:p.IssuerValidator = AnyIssuer|};
                {|TA203:p.AudienceValidator = AnyAudience|};
                {|TA204:p.LifetimeValidator = AnyLifetime|};

                p.AudienceValidator = Settable;
                p.IssuerValidator = Overridable;
                p.IssuerValidator = Factory();
            }
        }
        """);

    /// <summary>
    /// Terms: "branches that all return true". A switch expression is branches too: every arm accepting is accept-all,
    /// as `?:` with two accepting branches already was. One arm that checks, or a switch that throws for values no arm
    /// matches (not exhaustive), is not.
    /// </summary>
    [Fact]
    public Task Switch_expressions_whose_arms_all_accept_are_accept_all() => VerifyAsync("""
        enum Mode { Strict, Lenient }

        class C
        {
            void M(TokenValidationParameters p, Mode mode)
            {
                {|TA204:p.LifetimeValidator = (notBefore, expires, token, parameters) => mode switch { Mode.Strict => true, _ => true }|};
                {|TA203:p.AudienceValidator = (audiences, token, parameters) => { return mode switch { Mode.Strict => true, Mode.Lenient => true, _ => true }; }|};
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => mode switch { Mode.Strict => issuer, _ => "https://issuer.example.com" }|};
                // Real code returns String.Empty: a constant all the same (the handler accepts any issuer with it).
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => String.Empty|};
                p.LifetimeValidator = (notBefore, expires, token, parameters) => mode switch { Mode.Strict => expires > DateTime.UtcNow, _ => true };
                p.AudienceValidator = (audiences, token, parameters) => mode switch { Mode.Strict => true, Mode.Lenient => true };
            }
        }
        """);

    [Fact]
    public Task Real_validators_are_not_reported() => VerifyAsync("""
        class C
        {
            private static readonly HashSet<string> AllowedIssuers = new() { "https://issuer.example.com" };

            void M(TokenValidationParameters p, SecurityKey key, bool strict)
            {
                p.IssuerValidator = (issuer, token, parameters) =>
                    AllowedIssuers.Contains(issuer) ? issuer : throw new SecurityTokenInvalidIssuerException("Unknown issuer");
                p.IssuerValidatorUsingConfiguration = (issuer, token, parameters, configuration) =>
                {
                    if (issuer != configuration.Issuer)
                    {
                        throw new SecurityTokenInvalidIssuerException(issuer);
                    }

                    return issuer;
                };
                p.AudienceValidator = (audiences, token, parameters) => audiences.Contains("api://orders");
                p.LifetimeValidator = (notBefore, expires, token, parameters) => expires > DateTime.UtcNow;
                p.IssuerSigningKeyValidator = (signingKey, token, parameters) =>
                {
                    if (signingKey.KeyId == "retired") return false;
                    return true;
                };
                p.AlgorithmValidator = (algorithm, signingKey, token, parameters) => algorithm == SecurityAlgorithms.RsaSha256;
                p.SignatureValidator = (token, parameters) =>
                {
                    var jwt = new JsonWebToken(token);
                    if (jwt.Alg != SecurityAlgorithms.RsaSha256) throw new SecurityTokenInvalidSignatureException("alg");
                    return jwt;
                };
                p.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => null!;
                p.LifetimeValidator = (notBefore, expires, token, parameters) => strict ? expires > DateTime.UtcNow : true;
                p.IssuerValidator = (issuer, token, parameters) => Check(issuer);
                p.AudienceValidator = CheckAudience;
            }

            static string Check(string issuer) => AllowedIssuers.Contains(issuer) ? issuer : throw new SecurityTokenInvalidIssuerException();

            static bool CheckAudience(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters)
            {
                Audit(token);
                return true;
            }

            static void Audit(SecurityToken token)
            {
                if (token.ValidTo < DateTime.UtcNow) throw new SecurityTokenExpiredException();
            }
        }
        """);

    [Fact]
    public Task A_validating_call_before_the_accepting_return_is_real_validation() => VerifyAsync("""
        class C
        {
            void M(TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                p.SignatureValidator = (token, parameters) =>
                {
                    ExternalSignatureCheck(token);
                    return new JsonWebToken(token);
                };
            }

            static void ExternalSignatureCheck(string token) { }
        }
        """);

    [Fact]
    public Task Delegates_whose_bodies_cannot_be_seen_or_that_refer_to_each_other_are_not_reported() => VerifyAsync("""
        class C
        {
            private static readonly AudienceValidator First = Second!;
            private static readonly AudienceValidator Second = First;

            void M(TokenValidationParameters p, AudienceValidator fromOutside, Func<IEnumerable<string>, SecurityToken, TokenValidationParameters, bool> func)
            {
                p.AudienceValidator = fromOutside;
                p.AudienceValidator = First;
                p.AudienceValidator = new AudienceValidator(func);
                p.AudienceValidator = func.Invoke;
                p.IssuerValidator = null;
            }
        }
        """);

    [Fact]
    public Task Validators_of_a_user_type_named_like_the_library_are_not_reported() => VerifyAsync("""
        namespace Lookalike
        {
            public class TokenValidationParameters
            {
                public Func<string, bool>? AudienceValidator { get; set; }
            }

            class C
            {
                TokenValidationParameters P = new TokenValidationParameters { AudienceValidator = a => true };
            }
        }
        """);

    [Fact]
    public Task Fix_all_removes_every_accept_all_delegate() => new AnalyzerTest(new AcceptAllValidatorRule())
    {
        CodeFix = new RemoveAssignmentCodeFixProvider(),
        CodeActionEquivalenceKey = RemoveAssignmentCodeFixProvider.EquivalenceKey("TA201"),
        Sources =
        {
            Usings + """
            class A
            {
                TokenValidationParameters P = new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.example.com",
                    IssuerSigningKeys = Keys.Published,
                    {|TA201:SignatureValidator = (token, parameters) => new JsonWebToken(token)|},
                };
            }
            """,
            Usings + """
            class B
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|TA201:o.TokenValidationParameters.SignatureValidator = delegate (string token, TokenValidationParameters parameters)
                        {
                            return new JwtSecurityToken(token);
                        }|};
                        o.Authority = "https://issuer.example.com";
                        o.Audience = "api";
                    });
            }

            static class Keys { public static SecurityKey[] Published = []; }
            """,
        },
        FixedSources =
        {
            Usings + """
            class A
            {
                TokenValidationParameters P = new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.example.com",
                    IssuerSigningKeys = Keys.Published,
                };
            }
            """,
            Usings + """
            class B
            {
                void M(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://issuer.example.com";
                        o.Audience = "api";
                    });
            }

            static class Keys { public static SecurityKey[] Published = []; }
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Fix_removes_a_pass_through_issuer_validator() => Verify.CodeFixAsync<AcceptAllValidatorRule, RemoveAssignmentCodeFixProvider>(
        Usings + """
        class C
        {
            TokenValidationParameters P = new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                {|TA202:IssuerValidator = (issuer, token, parameters) => issuer|},
            };
        }
        """,
        Usings + """
        class C
        {
            TokenValidationParameters P = new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
            };
        }
        """);

    // ---- RULES.md "Code fixes must not lock users out": the restored check needs something to check against ----

    private static Task FixAsync(string body, string fixedBody) => Verify.CodeFixAsync<AcceptAllValidatorRule, RemoveAssignmentCodeFixProvider>(
        Usings + Configure(body), Usings + Configure(fixedBody));

    private static string Configure(string body) => $$"""
        class C
        {
            void Configure(JwtBearerOptions o, SecurityKey key, string audience)
            {
        {{body}}
            }
        }
        """;

    /// <summary>
    /// Round AK: removing the only use of a local function (<c>AudienceValidator = accept</c>) leaves it unused, a new
    /// compiler warning (CS8321) that fails a build with warnings as errors: no fix there, as for a field or local
    /// (DisabledValidationRuleTests). A local function used elsewhere keeps the fix.
    /// </summary>
    [Fact]
    public Task Fix_is_not_offered_where_removing_the_assignment_leaves_a_local_function_unused() => FixAsync("""
                bool accept(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => true;
                bool shared(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => true;
                o.Audience = audience;
                {|TA203:o.TokenValidationParameters.AudienceValidator = accept|};
                var other = new TokenValidationParameters { ValidAudience = audience, {|TA203:AudienceValidator = shared|} };
                System.Console.WriteLine(shared(new[] { audience }, null!, other));
        """, """
                bool accept(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => true;
                bool shared(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => true;
                o.Audience = audience;
                {|TA203:o.TokenValidationParameters.AudienceValidator = accept|};
                var other = new TokenValidationParameters { ValidAudience = audience };
                System.Console.WriteLine(shared(new[] { audience }, null!, other));
        """);

    [Fact]
    public Task TA202_and_TA203_fixes_are_not_offered_where_a_token_the_project_creates_lacks_the_claim()
    {
        // The project's own token has neither issuer nor audience (LockoutSafeFixTests, TA101/TA102).
        const string Body = """
                    o.TokenValidationParameters.ValidIssuer = "Kavita";
                    o.Audience = audience;
                    {|TA202:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer|};
                    {|TA203:o.TokenValidationParameters.AudienceValidator = (audiences, token, parameters) => true|};
                }

                string Create(SigningCredentials credentials)
                {
                    return new JwtSecurityTokenHandler().CreateEncodedJwt(new SecurityTokenDescriptor { SigningCredentials = credentials });
            """;
        return FixAsync(Body, Body);
    }

    [Fact]
    public Task TA202_fix_is_not_offered_beside_a_static_key_with_only_the_metadata_s_issuer()
    {
        // The static key may sign tokens of an issuer the metadata does not name (LockoutSafeFixTests, TA101).
        const string Body = """
                    o.Authority = "https://issuer.example.com";
                    o.TokenValidationParameters.IssuerSigningKey = key;
                    {|TA202:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer|};
            """;
        return FixAsync(Body, Body);
    }

    [Theory]
    [InlineData("o.TokenValidationParameters.IssuerSigningKey = key;", "{|TA201:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};")]
    [InlineData("o.Authority = \"https://issuer.example.com\";", "{|TA201:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};")]
    [InlineData("o.TokenValidationParameters.ValidIssuer = \"https://issuer.example.com\";", "{|TA202:o.TokenValidationParameters.IssuerValidator = (i, t, p) => i|};")]
    [InlineData("o.Audience = audience;", "{|TA203:o.TokenValidationParameters.AudienceValidator = (a, t, p) => true|};")]
    [InlineData("o.TokenValidationParameters.ValidateIssuerSigningKey = false;", "{|TA205:o.TokenValidationParameters.IssuerSigningKeyValidator = (k, t, p) => true|};")]
    public Task Fix_is_offered_where_the_restored_check_has_what_it_needs(string source, string validator) =>
        FixAsync(source + "\n" + validator, source);

    [Theory]
    [InlineData("o.TokenValidationParameters.ValidIssuer = \"https://issuer.example.com\";", "{|TA201:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};")]
    [InlineData("if (key is null) o.TokenValidationParameters.IssuerSigningKey = key;", "{|TA201:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};")]
    [InlineData("o.Audience = audience;", "{|TA202:o.TokenValidationParameters.IssuerValidator = (i, t, p) => i|};")]
    [InlineData("o.Authority = \"https://issuer.example.com\";", "{|TA203:o.TokenValidationParameters.AudienceValidator = (a, t, p) => true|};")]
    [InlineData("o.TokenValidationParameters.ValidateIssuerSigningKey = true;", "{|TA205:o.TokenValidationParameters.IssuerSigningKeyValidator = (k, t, p) => true|};")]
    // Real code (a development bypass): the Authority is set, then cleared before the validator; no metadata keys remain.
    [InlineData("o.Authority = \"https://issuer.example.com\"; if (audience is null) { o.Authority = null; }", "{|TA201:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};")]
    [InlineData("o.Authority = \"https://issuer.example.com\"; o.Authority = null;", "{|TA201:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};")]
    // A Configuration on the options may carry no key (a test server's offline configuration).
    [InlineData("o.Configuration = new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration { Issuer = \"https://issuer.example.com\" };", "{|TA201:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};")]
    public Task Fix_is_not_offered_where_the_restored_check_would_reject_every_token(string source, string validator) =>
        FixAsync(source + "\n" + validator, source + "\n" + validator);

    [Fact]
    public Task Messages_end_with_what_is_missing_where_the_fix_is_declined() => new AnalyzerTest(new AcceptAllValidatorRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                TokenValidationParameters Without() => new TokenValidationParameters
                {
                    {|#0:SignatureValidator = (t, p) => new JsonWebToken(t)|},
                    {|#1:IssuerValidator = (i, t, p) => i|},
                    {|#2:AudienceValidator = (a, t, p) => true|},
                };

                TokenValidationParameters With(SecurityKey key) => new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    ValidIssuer = "https://issuer.example.com",
                    ValidAudience = "api://orders",
                    {|#3:SignatureValidator = (t, p) => new JsonWebToken(t)|},
                };

                // Round AK: JwtBearer turns a Configuration on the options into its configuration manager, whose keys
                // the analyzer cannot see here (the fix is declined: it may have none), so the message claims nothing.
                void Static(JwtBearerOptions o, SecurityKey key)
                {
                    o.Configuration = new Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration { Issuer = "https://issuer.example.com" };
                    o.Configuration.SigningKeys.Add(key);
                    {|#4:o.TokenValidationParameters.SignatureValidator = (t, p) => new JsonWebToken(t)|};
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA201").WithLocation(0).WithMessage("SignatureValidator returns a token that was only parsed, so every forged or unsigned token is accepted, and no signing key is set"),
            ExpectedDiagnostic.Create("TA202").WithLocation(1).WithMessage("IssuerValidator returns its issuer argument (or a constant) without checking it, so tokens from any issuer are accepted, and no ValidIssuer is set"),
            ExpectedDiagnostic.Create("TA203").WithLocation(2).WithMessage("AudienceValidator returns true without checking the audience, so tokens issued for any other application are accepted, and no ValidAudience is set"),
            ExpectedDiagnostic.Create("TA201").WithLocation(3).WithMessage("SignatureValidator returns a token that was only parsed, so every forged or unsigned token is accepted"),
            ExpectedDiagnostic.Create("TA201").WithLocation(4).WithMessage("SignatureValidator returns a token that was only parsed, so every forged or unsigned token is accepted"),
        },
    }.RunAsync();

    /// <summary>
    /// Round AU (TrekkingForCharity's shape): beside a constant <c>ValidateIssuerSigningKey = true</c> the parsed token has
    /// no signing key and the library rejects every token (IdentityModelFactsTests), so the message says that, not that
    /// forged tokens are accepted; with RequireSignedTokens off, or a key validator of its own, they are accepted again.
    /// </summary>
    [Fact]
    public Task TA201_says_every_token_is_rejected_beside_ValidateIssuerSigningKey_true() => new AnalyzerTest(new AcceptAllValidatorRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                TokenValidationParameters Checked(SecurityKey cert) => new TokenValidationParameters
                {
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = cert,
                    ValidIssuer = "https://issuer.example.com",
                    ValidAudience = "api://orders",
                    {|#0:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                };

                TokenValidationParameters UnsignedAllowed(SecurityKey cert) => new TokenValidationParameters
                {
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = false,
                    IssuerSigningKey = cert,
                    {|#1:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                };

                void OwnKeyValidator(JwtBearerOptions o, SecurityKey cert)
                {
                    o.TokenValidationParameters.ValidateIssuerSigningKey = true;
                    o.TokenValidationParameters.IssuerSigningKey = cert;
                    o.TokenValidationParameters.IssuerSigningKeyValidator = (key, token, parameters) => key is not null;
                    {|#2:o.TokenValidationParameters.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => new JsonWebToken(token)|};
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA201").WithLocation(0).WithMessage("SignatureValidator returns a token that was only parsed: no signature is verified, and since ValidateIssuerSigningKey is true and the parsed token has no signing key, every token is rejected, the genuine ones too (IDX10253); remove the delegate"),
            ExpectedDiagnostic.Create("TA201").WithLocation(1).WithMessage("SignatureValidator returns a token that was only parsed, so every forged or unsigned token is accepted"),
            ExpectedDiagnostic.Create("TA201").WithLocation(2).WithMessage("SignatureValidatorUsingConfiguration returns a token that was only parsed, so every forged or unsigned token is accepted"),
        },
    }.RunAsync();

    /// <summary>
    /// Round AV: the pre-8.0 snippet <c>new JwtSecurityToken(token)</c> on JwtBearer 8 or later (JsonWebTokenHandler) fails every
    /// token (TokenHandlerAcceptsAllTests), as <c>new JsonWebToken(token)</c> does on JwtBearer 7 or with
    /// UseSecurityTokenValidators; the message says so. Standalone parameters, whose handler is not known, keep the message.
    /// </summary>
    [Theory]
    [InlineData("10.0.15", "new JwtSecurityToken(token)", false, "JsonWebTokenHandler, which takes only a JsonWebToken from it")]
    [InlineData("10.0.15", "new JsonWebToken(token)", false, null)]
    [InlineData("10.0.15", "new JsonWebToken(token)", true, "JwtSecurityTokenHandler, which takes only a JwtSecurityToken from it")]
    [InlineData("10.0.15", "new JwtSecurityToken(token)", true, null)]
    [InlineData("7.0.11", "new JsonWebToken(token)", false, "JwtSecurityTokenHandler, which takes only a JwtSecurityToken from it")]
    [InlineData("7.0.11", "new JwtSecurityToken(token)", false, null)]
    [InlineData("10.0.15", "new JwtSecurityTokenHandler().ReadToken(token)", false, null)]
    public Task TA201_says_every_token_is_rejected_where_the_handler_refuses_the_parsed_type(string jwtBearer, string parsed, bool legacy, string? handler)
    {
        var test = new AnalyzerTest(new AcceptAllValidatorRule())
        {
            Sources =
            {
                Usings + $$"""
                class C
                {
                    void Options(JwtBearerOptions o, SecurityKey key)
                    {
                        o.TokenValidationParameters.IssuerSigningKey = key;
                        {{(legacy && jwtBearer != "7.0.11" ? "#pragma warning disable CS0618\n        o.UseSecurityTokenValidators = true;\n#pragma warning restore CS0618" : string.Empty)}}
                        {|#0:o.TokenValidationParameters.SignatureValidator = (token, parameters) => {{parsed}}|};
                    }

                    TokenValidationParameters Standalone(SecurityKey key) => new TokenValidationParameters
                    {
                        IssuerSigningKey = key,
                        {|#1:SignatureValidator = (token, parameters) => {{parsed}}|},
                    };
                }
                """,
            },
        };
        var accepted = "SignatureValidator returns a token that was only parsed, so every forged or unsigned token is accepted";
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA201").WithLocation(0).WithMessage(handler is null
            ? accepted
            : "SignatureValidator returns a token that was only parsed: no signature is verified, and since the referenced JwtBearer validates with " + handler + ", every token is rejected, the genuine ones too (IDX10506); remove the delegate"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA201").WithLocation(1).WithMessage(accepted));
        if (jwtBearer != "10.0.15")
        {
            test.ReferenceOverrides.Add(TestReferences.JwtBearer(jwtBearer));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task TA203_fix_removes_the_validator_where_an_audience_is_set() => Verify.CodeFixAsync<AcceptAllValidatorRule, RemoveAssignmentCodeFixProvider>(
        Usings + """
        class C
        {
            TokenValidationParameters P = new TokenValidationParameters
            {
                ValidAudience = "api://orders",
                {|TA203:AudienceValidator = (audiences, token, parameters) => true|},
            };
        }
        """,
        Usings + """
        class C
        {
            TokenValidationParameters P = new TokenValidationParameters
            {
                ValidAudience = "api://orders",
            };
        }
        """);

    [Fact]
    public Task TA204_fix_is_not_offered_in_a_refresh_helper() => Verify.CodeFixAsync<AcceptAllValidatorRule, RemoveAssignmentCodeFixProvider>(
        Usings + """
        class C
        {
            TokenValidationParameters ForRefreshToken() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                {|TA204:LifetimeValidator = (notBefore, expires, token, parameters) => true|},
            };
        }
        """,
        Usings + """
        class C
        {
            TokenValidationParameters ForRefreshToken() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                {|TA204:LifetimeValidator = (notBefore, expires, token, parameters) => true|},
            };
        }
        """);

    [Fact]
    public Task TA204_fix_is_not_offered_where_the_code_says_its_tokens_do_not_expire()
    {
        const string Code = """
            class C
            {
                TokenValidationParameters Notifications(SecurityKey key) => new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    // App Store notifications don't have an expiration date
                    {|TA204:LifetimeValidator = (notBefore, expires, token, parameters) => true|},
                };
            }
            """;
        return Verify.CodeFixAsync<AcceptAllValidatorRule, RemoveAssignmentCodeFixProvider>(Usings + Code, Usings + Code);
    }

    [Fact]
    public Task TA204_fix_is_not_offered_where_the_code_says_it_reads_expired_tokens()
    {
        const string Code = """
            class C
            {
                TokenValidationParameters Principal(SecurityKey key) => new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    {|TA204:LifetimeValidator = (notBefore, expires, token, parameters) => true|}, // here we are reading expired tokens
                };
            }
            """;
        return Verify.CodeFixAsync<AcceptAllValidatorRule, RemoveAssignmentCodeFixProvider>(Usings + Code, Usings + Code);
    }
}
