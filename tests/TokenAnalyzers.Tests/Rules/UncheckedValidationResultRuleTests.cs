using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA402")]
public class UncheckedValidationResultRuleTests
{
    private const string Header = Usings + "using System.Security.Claims;\n#pragma warning disable CS0618\n";

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<UncheckedValidationResultRule>(Header + markup);

    private static Task VerifyFixAsync(string markup, string fixedMarkup) =>
        Verify.CodeFixAsync<UncheckedValidationResultRule, CheckValidationResultCodeFixProvider>(Header + markup, Header + fixedMarkup);

    [Fact]
    public Task Discarded_results_are_reported() => VerifyAsync("""
        class C
        {
            async Task M(string token, TokenValidationParameters p, JsonWebTokenHandler json, JwtSecurityTokenHandler jwt, TokenHandler any)
            {
                await [|json.ValidateTokenAsync(token, p)|];
                await [|jwt.ValidateTokenAsync(token, p)|].ConfigureAwait(false);
                _ = await [|any.ValidateTokenAsync(token, p)|];
                [|json.ValidateToken(token, p)|];
                _ = [|json.ValidateTokenAsync(token, p)|].Result;
                [|json.ValidateTokenAsync(token, p)|].GetAwaiter().GetResult();
                var unused = await [|json.ValidateTokenAsync(token, p)|];
            }
        }
        """);

    [Fact]
    public Task Identity_claims_or_token_used_without_IsValid_are_reported() => VerifyAsync("""
        class C
        {
            async Task<ClaimsPrincipal> Principal(string token, TokenValidationParameters p)
            {
                var handler = new JsonWebTokenHandler();
                var result = await [|handler.ValidateTokenAsync(token, p)|];
                return new ClaimsPrincipal(result.ClaimsIdentity);
            }

            async Task<object> Claims(string token, TokenValidationParameters p, JwtSecurityTokenHandler handler)
            {
                TokenValidationResult result = await [|handler.ValidateTokenAsync(token, p)|].ConfigureAwait(false);
                return result.Claims["sub"];
            }

            object Sync(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = [|handler.ValidateToken(token, p)|];
                return result.SecurityToken;
            }

            object Blocking(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = [|handler.ValidateTokenAsync(token, p)|].Result;
                var copy = result;
                return copy.ClaimsIdentity.Name;
            }

            object GetResult(string token, TokenValidationParameters p, JsonWebTokenHandler handler) =>
                [|handler.ValidateTokenAsync(token, p)|].GetAwaiter().GetResult().ClaimsIdentity;

            async Task<object> Conditional(bool legacy, string token, TokenValidationParameters p, JsonWebTokenHandler json, JwtSecurityTokenHandler jwt)
            {
                var result = legacy ? await [|jwt.ValidateTokenAsync(token, p)|] : await [|json.ValidateTokenAsync(token, p)|];
                return result?.ClaimsIdentity;
            }

            async Task<object> ThroughATask(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var task = [|handler.ValidateTokenAsync(token, p)|];
                var result = await task;
                return result.TokenType;
            }
        }
        """);

    [Fact]
    public Task Any_read_of_IsValid_on_the_result_is_not_reported() => VerifyAsync("""
        class C
        {
            async Task<ClaimsPrincipal> Checked(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                if (!result.IsValid) return null;
                return new ClaimsPrincipal(result.ClaimsIdentity);
            }

            async Task<object> Ternary(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p).ConfigureAwait(false);
                return result.IsValid ? result.ClaimsIdentity : null;
            }

            async Task<object> Pattern(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                if (await handler.ValidateTokenAsync(token, p) is { IsValid: true } result)
                    return result.ClaimsIdentity;
                return null;
            }

            async Task<bool> Direct(string token, TokenValidationParameters p, JsonWebTokenHandler handler) =>
                (await handler.ValidateTokenAsync(token, p)).IsValid;

            async Task<object> Alias(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                var r = result;
                if (r?.IsValid != true) throw result.Exception;
                return result.Claims;
            }

            Task<TokenValidationResult> PassedOn(string token, TokenValidationParameters p, JsonWebTokenHandler handler) =>
                handler.ValidateTokenAsync(token, p);

            async Task<object> Helper(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                EnsureValid(result);
                return result.ClaimsIdentity;
            }

            static void EnsureValid(TokenValidationResult result) { if (!result.IsValid) throw result.Exception; }

            async Task<Exception> FailureOnly(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                return result.Exception;
            }

            ClaimsPrincipal Throwing(string token, TokenValidationParameters p, JwtSecurityTokenHandler handler) =>
                handler.ValidateToken(token, p, out _);
        }
        """);

    [Fact]
    public Task The_fix_inserts_the_check_after_the_declaration() => VerifyFixAsync("""
        class C
        {
            async Task<ClaimsPrincipal> M(string token, TokenValidationParameters p)
            {
                var handler = new JsonWebTokenHandler();
                var validation = await [|handler.ValidateTokenAsync(token, p)|];
                return new ClaimsPrincipal(validation.ClaimsIdentity);
            }

            async Task<object> Conditional(bool legacy, string token, TokenValidationParameters p, JsonWebTokenHandler json, JwtSecurityTokenHandler jwt)
            {
                TokenValidationResult result;
                result = legacy ? await [|jwt.ValidateTokenAsync(token, p)|] : await [|json.ValidateTokenAsync(token, p)|];
                return result.ClaimsIdentity;
            }

            async Task Unread(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await [|handler.ValidateTokenAsync(token, p)|];
            }
        }
        """, """
        class C
        {
            async Task<ClaimsPrincipal> M(string token, TokenValidationParameters p)
            {
                var handler = new JsonWebTokenHandler();
                var validation = await handler.ValidateTokenAsync(token, p);
                if (!validation.IsValid) throw validation.Exception;
                return new ClaimsPrincipal(validation.ClaimsIdentity);
            }

            async Task<object> Conditional(bool legacy, string token, TokenValidationParameters p, JsonWebTokenHandler json, JwtSecurityTokenHandler jwt)
            {
                TokenValidationResult result;
                result = legacy ? await jwt.ValidateTokenAsync(token, p) : await json.ValidateTokenAsync(token, p);
                if (!result.IsValid) throw result.Exception;
                return result.ClaimsIdentity;
            }

            async Task Unread(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                if (!result.IsValid) throw result.Exception;
            }
        }
        """);

    [Fact]
    public Task The_fix_follows_a_task_stored_first_and_comparisons_with_false_count_as_checks() => VerifyFixAsync("""
        class C
        {
            async Task<object> ThroughATask(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var pending = [|handler.ValidateTokenAsync(token, p)|];
                Console.WriteLine("validating");
                var outcome = await pending;
                return outcome.SecurityToken;
            }

            async Task<object> Compared(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                if (result.IsValid == false) return null;
                return result.SecurityToken;
            }
        }
        """, """
        class C
        {
            async Task<object> ThroughATask(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var pending = handler.ValidateTokenAsync(token, p);
                Console.WriteLine("validating");
                var outcome = await pending;
                if (!outcome.IsValid) throw outcome.Exception;
                return outcome.SecurityToken;
            }

            async Task<object> Compared(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                if (result.IsValid == false) return null;
                return result.SecurityToken;
            }
        }
        """);

    [Fact]
    public Task Fix_All_fixes_every_document()
    {
        const string Unsafe = """
            class C{0}
            {{
                async Task<object> M(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
                {{
                    var result = await [|handler.ValidateTokenAsync(token, p)|];
                    return result.ClaimsIdentity;
                }}
            }}
            """;
        const string Safe = """
            class C{0}
            {{
                async Task<object> M(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
                {{
                    var result = await handler.ValidateTokenAsync(token, p);
                    if (!result.IsValid) throw result.Exception;
                    return result.ClaimsIdentity;
                }}
            }}
            """;
        var test = new AnalyzerTest(new UncheckedValidationResultRule()) { CodeFix = new CheckValidationResultCodeFixProvider() };
        for (var i = 0; i < 3; i++)
        {
            test.Sources.Add(Header + string.Format(Unsafe, i));
            test.FixedSources.Add(Header + string.Format(Safe, i));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Discarded_result_is_stored_and_checked() => VerifyFixAsync("""
        class C
        {
            async Task Body(string token, TokenValidationParameters p, JsonWebTokenHandler handler) => await [|handler.ValidateTokenAsync(token, p)|];

            async Task Statement(string token, TokenValidationParameters p, JsonWebTokenHandler handler, string result)
            {
                await [|handler.ValidateTokenAsync(token, p)|].ConfigureAwait(false);
                _ = await [|handler.ValidateTokenAsync(token, p)|];
            }

            void Sync(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                [|handler.ValidateToken(token, p)|];
            }
        }
        """, """
        class C
        {
            async Task Body(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                if (!result.IsValid) throw result.Exception;
            }

            async Task Statement(string token, TokenValidationParameters p, JsonWebTokenHandler handler, string result)
            {
                var result2 = await handler.ValidateTokenAsync(token, p).ConfigureAwait(false);
                if (!result2.IsValid) throw result2.Exception;
                var result3 = await handler.ValidateTokenAsync(token, p);
                if (!result3.IsValid) throw result3.Exception;
            }

            void Sync(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = handler.ValidateToken(token, p);
                if (!result.IsValid) throw result.Exception;
            }
        }
        """);

    [Fact]
    public Task A_discarded_task_or_a_used_value_gets_no_fix() => VerifyFixAsync("""
        class C
        {
            void Task(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                _ = [|handler.ValidateTokenAsync(token, p)|];
            }

            Task<TokenValidationResult> Returned(string token, TokenValidationParameters p, JsonWebTokenHandler handler) => handler.ValidateTokenAsync(token, p);
        }
        """, """
        class C
        {
            void Task(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                _ = [|handler.ValidateTokenAsync(token, p)|];
            }

            Task<TokenValidationResult> Returned(string token, TokenValidationParameters p, JsonWebTokenHandler handler) => handler.ValidateTokenAsync(token, p);
        }
        """);

    /// <summary>
    /// Code that reads the result's <c>Exception</c> or validates again into the same local handles the failure itself
    /// (round Z: Azure-Samples' manual JWT validation refreshes the keys and retries on
    /// SecurityTokenSignatureKeyNotFoundException). A check inserted after the first call would throw before the retry:
    /// every legitimate token signed with a rotated key would get 401. The finding stays, without a fix.
    /// </summary>
    [Fact]
    public Task A_result_whose_failure_the_code_handles_itself_gets_no_fix()
    {
        const string Code = """
            class C
            {
                ClaimsPrincipal KeyRollover(string jwtToken, TokenValidationParameters validationParameters, JsonWebTokenHandler tokenHandler, Microsoft.IdentityModel.Protocols.IConfigurationManager<Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration> configManager)
                {
                    TokenValidationResult result = [|tokenHandler.ValidateToken(jwtToken, validationParameters)|];
                    if (result.Exception != null && result.Exception is SecurityTokenSignatureKeyNotFoundException)
                    {
                        configManager.RequestRefresh();
                        result = [|tokenHandler.ValidateToken(jwtToken, validationParameters)|];
                    }

                    return new ClaimsPrincipal(result.ClaimsIdentity);
                }

                async Task<string?> RetriedOnce(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
                {
                    var outcome = await [|handler.ValidateTokenAsync(token, p)|];
                    if (outcome.ClaimsIdentity is null)
                    {
                        outcome = await [|handler.ValidateTokenAsync(token, p)|];
                    }

                    return outcome.ClaimsIdentity?.Name;
                }
            }
            """;
        return VerifyFixAsync(Code, Code);
    }

    /// <summary>The result's Exception only handed to a logger: nothing branches on it, so the check is inserted (round Z).</summary>
    [Fact]
    public Task A_result_whose_exception_is_only_logged_is_fixed() => VerifyFixAsync("""
        class C
        {
            async Task<string?> Logged(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await [|handler.ValidateTokenAsync(token, p)|];
                Console.WriteLine(result.Exception?.Message);
                return result.ClaimsIdentity.Name;
            }
        }
        """, """
        class C
        {
            async Task<string?> Logged(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var result = await handler.ValidateTokenAsync(token, p);
                if (!result.IsValid) throw result.Exception;
                Console.WriteLine(result.Exception?.Message);
                return result.ClaimsIdentity.Name;
            }
        }
        """);

    [Fact]
    public Task An_escaped_local_stays_escaped() => VerifyFixAsync("""
        class C
        {
            async Task<string?> M(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var @event = await [|handler.ValidateTokenAsync(token, p)|];
                return @event.ClaimsIdentity.Name;
            }

            // Round AU: escaped without need, still as written.
            async Task<string?> Needless(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var @result = await [|handler.ValidateTokenAsync(@token, p)|];
                return @result.ClaimsIdentity.Name;
            }
        }
        """, """
        class C
        {
            async Task<string?> M(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var @event = await handler.ValidateTokenAsync(token, p);
                if (!@event.IsValid) throw @event.Exception;
                return @event.ClaimsIdentity.Name;
            }

            // Round AU: escaped without need, still as written.
            async Task<string?> Needless(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var @result = await handler.ValidateTokenAsync(@token, p);
                if (!@result.IsValid) throw @result.Exception;
                return @result.ClaimsIdentity.Name;
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_fixed()
    {
        var test = new AnalyzerTest(new UncheckedValidationResultRule())
        {
            CodeFix = new CheckValidationResultCodeFixProvider(),
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        };
        test.Sources.Add(Header + """
            var handler = new JsonWebTokenHandler();
            var result = await [|handler.ValidateTokenAsync(args[0], new TokenValidationParameters())|];
            Console.WriteLine(result.ClaimsIdentity.Name);
            """);
        test.FixedSources.Add(Header + """
            var handler = new JsonWebTokenHandler();
            var result = await handler.ValidateTokenAsync(args[0], new TokenValidationParameters());
            if (!result.IsValid) throw result.Exception;
            Console.WriteLine(result.ClaimsIdentity.Name);
            """);
        return test.RunAsync();
    }
}
