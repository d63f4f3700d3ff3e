using TokenAnalyzers.Rules;
using static TokenAnalyzers.Tests.Terms.TermTest;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// RULES.md, Terms, "Accept-all delegate": through locals and readonly fields with a single assignment, with
/// <c>x || true</c>, branches that all return true, and logging wrapped in a <c>try</c> whose block cannot reject
/// (whatever its catch does). Every rule that judges a delegate uses the Term: the TA2xx rules, and the TA101-TA103
/// exemption (an accept-all validator does not exempt the flag).
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
public class AcceptAllDelegateTermTests
{
    private static readonly Engine.TokenRule[] Rules = { new AcceptAllValidatorRule(), new DisabledValidationRule() };

    [Fact]
    public Task Or_true_and_branches_that_all_return_true_accept_all() => VerifyAsync(Rules, """
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|TA203:p.AudienceValidator = (audiences, token, parameters) => audiences.Any() || true|};
                {|TA204:p.LifetimeValidator = (notBefore, expires, token, parameters) =>
                {
                    if (expires is null)
                    {
                        return true;
                    }

                    return expires > DateTime.UtcNow || true;
                }|};
                {|TA206:p.AlgorithmValidator = (algorithm, key, token, parameters) => algorithm == "RS256" ? true : true|};
                {|TA101:p.ValidateIssuer = false|};
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => issuer.Length > 0 ? issuer : "https://issuer.example.com"|};
            }
        }
        """);

    [Fact]
    public Task A_branch_that_rejects_is_validation() => VerifyAsync(Rules, """
        class C
        {
            void M(TokenValidationParameters p)
            {
                p.AudienceValidator = (audiences, token, parameters) => audiences.Contains("api") || false;
                p.LifetimeValidator = (notBefore, expires, token, parameters) =>
                {
                    if (expires is null)
                    {
                        return false;
                    }

                    return true;
                };
                p.AlgorithmValidator = (algorithm, key, token, parameters) => algorithm == "RS256" && true;
            }
        }
        """);

    [Fact]
    public Task Delegates_held_in_locals_and_readonly_fields_with_one_assignment_are_followed() => VerifyAsync(Rules, """
        public class Setup
        {
            public readonly AudienceValidator AnyAudience = (audiences, token, parameters) => true;
            protected readonly LifetimeValidator AnyLifetime;
            internal readonly IssuerValidator Checked;

            public Setup()
            {
                AnyLifetime = (notBefore, expires, token, parameters) => true;
                Checked = (issuer, token, parameters) => issuer == "https://issuer.example.com" ? issuer : throw new SecurityTokenInvalidIssuerException();
            }

            void M(TokenValidationParameters p)
            {
                IssuerSigningKeyValidator anyKey = (key, token, parameters) => true;
                {|TA203:p.AudienceValidator = AnyAudience|};
                {|TA204:p.LifetimeValidator = this.AnyLifetime|};
                {|TA205:p.IssuerSigningKeyValidator = anyKey|};
                p.IssuerValidator = Checked;
                p.ValidateIssuer = false;
            }
        }
        """);

    [Fact]
    public Task Fields_with_more_than_one_assignment_are_not_followed() => VerifyAsync(Rules, """
        public class Setup
        {
            public AudienceValidator Mutable = (audiences, token, parameters) => true;
            private readonly LifetimeValidator _twice = (notBefore, expires, token, parameters) => true;

            public Setup(bool strict)
            {
                if (strict)
                {
                    _twice = (notBefore, expires, token, parameters) => expires > DateTime.UtcNow;
                }
            }

            void M(TokenValidationParameters p)
            {
                p.AudienceValidator = Mutable;
                p.LifetimeValidator = _twice;
            }
        }
        """);

    [Fact]
    public Task Logging_wrapped_in_try_does_not_make_a_delegate_validate() => VerifyAsync(Rules, """
        class C
        {
            private readonly Microsoft.Extensions.Logging.ILogger _logger = null!;

            void M(TokenValidationParameters p)
            {
                {|TA203:p.AudienceValidator = (audiences, token, parameters) =>
                {
                    try
                    {
                        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(_logger, "Audiences {A}", string.Join(",", audiences));
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex);
                        throw;
                    }

                    return true;
                }|};
                {|TA204:p.LifetimeValidator = (notBefore, expires, token, parameters) =>
                {
                    try
                    {
                        System.Diagnostics.Trace.WriteLine($"expires {expires}");
                        return true;
                    }
                    catch
                    {
                        return false;
                    }
                }|};
                {|TA205:p.IssuerSigningKeyValidator = (key, token, parameters) =>
                {
                    try
                    {
                        System.Diagnostics.Debug.WriteLine(key.KeyId);
                    }
                    finally
                    {
                        Console.WriteLine("done");
                    }

                    return true;
                }|};
            }
        }
        """);

    [Fact]
    public Task A_try_whose_block_may_reject_is_validation() => VerifyAsync(Rules, """
        class C
        {
            void M(TokenValidationParameters p)
            {
                p.AudienceValidator = (audiences, token, parameters) =>
                {
                    try
                    {
                        Check(audiences);
                    }
                    catch (Exception)
                    {
                        return false;
                    }

                    return true;
                };
                p.LifetimeValidator = (notBefore, expires, token, parameters) =>
                {
                    try
                    {
                        if (expires < DateTime.UtcNow)
                        {
                            throw new SecurityTokenExpiredException();
                        }
                    }
                    catch (SecurityTokenExpiredException)
                    {
                        Console.WriteLine("expired");
                    }

                    return true;
                };
                p.IssuerSigningKeyValidator = (key, token, parameters) =>
                {
                    try
                    {
                        Console.WriteLine(key.KeyId);
                    }
                    finally
                    {
                        Check(new[] { key.KeyId });
                    }

                    return true;
                };
            }

            static void Check(IEnumerable<string> audiences) { }
        }
        """);
}
