using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA401")]
public class UnvalidatedClaimsRuleTests
{
    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<UnvalidatedClaimsRule>(Usings + "using System.Security.Claims;\n" + markup);

    [Fact]
    public Task ReadJwtToken_then_claims_through_a_local_is_reported() => VerifyAsync("""
        class C
        {
            string UserId(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                var jwt = [|handler.ReadJwtToken(token)|];
                var claims = jwt.Claims;
                return claims.First(c => c.Type == "sub").Value;
            }
        }
        """);

    [Fact]
    public Task Every_read_api_and_claim_accessor_is_reported() => VerifyAsync("""
        class C
        {
            void M(string token, JwtSecurityTokenHandler jwtHandler, JsonWebTokenHandler jsonHandler)
            {
                var a = [|jwtHandler.ReadJwtToken(token)|].Subject;
                var b = ((JwtSecurityToken)[|jwtHandler.ReadToken(token)|]).Payload;
                var c = [|jsonHandler.ReadJsonWebToken(token)|].GetClaim("role");
                var d = [|new JsonWebToken(token)|];
                d.TryGetPayloadValue("role", out string role);
                var e = [|new JwtSecurityToken(token)|].Actor;
                var f = [|jsonHandler.ReadToken(token)|] as JsonWebToken;
                var g = f.TryGetClaim("x", out var x);
                var h = [|jsonHandler.ReadJsonWebToken(token)|].GetPayloadValue<string>("role");
                foreach (var claim in [|new JwtSecurityToken(token)|].Claims) { }
            }
        }
        """);

    [Fact]
    public Task Token_followed_through_locals_casts_and_patterns_is_reported() => VerifyAsync("""
        class C
        {
            ClaimsPrincipal M(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                var parsed = [|handler.ReadToken(token)|];
                if (parsed is JwtSecurityToken jwt)
                {
                    return new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"));
                }

                SecurityToken other;
                other = [|handler.ReadToken(token)|];
                var copy = (JwtSecurityToken)other;
                var sub = copy?.Subject;
                JsonWebToken target = [|new(token)|];
                var role = target.GetClaim("role");
                return null;
            }
        }
        """);

    [Fact]
    public Task Header_and_metadata_reads_are_not_reported() => VerifyAsync("""
        class C
        {
            bool IsExpired(string accessToken) => new JwtSecurityTokenHandler().ReadJwtToken(accessToken).ValidTo < DateTime.UtcNow;

            string KeyId(string token)
            {
                var jwt = new JsonWebTokenHandler().ReadJsonWebToken(token);
                var alg = jwt.Alg;
                var typ = jwt.Typ;
                var iat = jwt.IssuedAt;
                var from = jwt.ValidFrom;
                var iss = jwt.Issuer;
                var aud = jwt.Audiences;
                return jwt.Kid;
            }

            object Header(string token)
            {
                var jwt = new JwtSecurityToken(token);
                return jwt.Header.Kid + jwt.Header.Alg + jwt.Issuer + string.Join(",", jwt.Audiences);
            }
        }
        """);

    /// <summary>
    /// The same metadata read under its JWT claim name (round Z: the Microsoft 365 Agents SDK sample's older form picks
    /// the metadata by <c>Claims.FirstOrDefault(claim => claim.Type == "iss")</c> in OnMessageReceived, about ten copies
    /// in public code), as TA602 exempts <c>payload["iss"]</c>. A claim of the identity read the same way is still one.
    /// </summary>
    [Fact]
    public Task Metadata_read_by_its_claim_name_is_not_reported_and_identity_claims_still_are() => VerifyAsync("""
        class C
        {
            const string IssuerClaim = "iss";

            bool ByType(string raw) => new JwtSecurityToken(raw).Claims.FirstOrDefault(c => c.Type == "iss")?.Value == "https://api.botframework.com";

            bool ByConstant(string raw) => new JwtSecurityToken(raw).Claims.First(claim => IssuerClaim == claim.Type).Value == "x";

            bool Registered(string raw) => new JwtSecurityToken(raw).Claims.Any(c => c.Type == System.IdentityModel.Tokens.Jwt.JwtRegisteredClaimNames.Exp);

            bool PayloadIss(string raw) => new JwtSecurityToken(raw).Payload.Iss == "https://api.botframework.com";

            bool PayloadExpiry(string raw) => new JwtSecurityToken(raw).Payload.Expiration > 0;

            bool GetClaimIss(string raw) => new JsonWebToken(raw).GetClaim("iss").Value == "x";

            bool TryGetExp(string raw) => new JsonWebToken(raw).TryGetPayloadValue<long>("exp", out var exp) && exp > 0;

            // The same tests written other ways (round Z; the last from playtron-os/steam-bus).
            bool EqualsOrdinal(string raw) => new JwtSecurityToken(raw).Claims.Any(c => c.Type.Equals("exp", StringComparison.Ordinal));

            bool StaticEquals(string raw) => new JwtSecurityToken(raw).Claims.Any(c => string.Equals(c.Type, "exp"));

            bool Pattern(string raw) => new JwtSecurityToken(raw).Claims.Any(c => c.Type is "iat");

            int Either(string raw) => new JwtSecurityToken(raw).Claims.Count(c => c.Type == "exp" || c.Type == "iat");

            string Folded(string raw) => new JwtSecurityToken(raw).Claims.First(c => c.Type.ToLower() == "exp").Value;

            string Subject(string raw) => [|new JwtSecurityToken(raw)|].Claims.FirstOrDefault(c => c.Type == "sub")?.Value;

            string FilteredByOtherCode(string raw, string type) => [|new JwtSecurityToken(raw)|].Claims.First(c => c.Type == type).Value;

            string PayloadSubject(string raw) => [|new JwtSecurityToken(raw)|].Payload.Sub;

            string Role(string raw) => [|new JsonWebToken(raw)|].GetClaim("role").Value;

            // A metadata predicate that passes the other claims on, or tests another claim than the element (round Z).
            Dictionary<string, string> AllButIssuer(string raw) => [|new JwtSecurityToken(raw)|].Claims.SkipWhile(c => c.Type == "iss").ToDictionary(c => c.Type, c => c.Value);

            string OtherClaim(string raw, Claim other) => [|new JwtSecurityToken(raw)|].Claims.FirstOrDefault(c => other.Type == "iss")?.Value;

            string IssuerOrSubject(string raw) => [|new JwtSecurityToken(raw)|].Claims.First(c => c.Type == "iss" || c.Type == "sub").Value;
        }
        """);

    [Fact]
    public Task Methods_that_validate_the_same_token_string_are_not_reported() => VerifyAsync("""
        class C
        {
            private readonly TokenValidationParameters _parameters = new();
            private string _token = "";

            async Task<string> ValidateFirst(string token)
            {
                var handler = new JsonWebTokenHandler();
                var result = await handler.ValidateTokenAsync(token, _parameters);
                if (!result.IsValid) return null;
                return handler.ReadJsonWebToken(token).GetClaim("sub").Value;
            }

            string ValidateAfter(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                var jwt = handler.ReadJwtToken(token);
                var kid = jwt.Header.Kid;
                handler.ValidateToken(token, _parameters, out _);
                return jwt.Subject;
            }

            string Field()
            {
                var handler = new JwtSecurityTokenHandler();
                handler.ValidateToken(_token, _parameters, out _);
                return handler.ReadJwtToken(_token).Subject;
            }

            async Task<object> ValidatesTheParsedToken(string token)
            {
                var handler = new JsonWebTokenHandler();
                var jwt = handler.ReadJsonWebToken(token);
                var result = await handler.ValidateTokenAsync(jwt, _parameters);
                return result.IsValid ? jwt.Claims : null;
            }

            async Task<object> CannotTell(Microsoft.AspNetCore.Http.HttpRequest request)
            {
                var handler = new JsonWebTokenHandler();
                var result = await handler.ValidateTokenAsync(request.Headers.Authorization.ToString().Substring(7), _parameters);
                if (!result.IsValid) return null;
                return handler.ReadJsonWebToken(request.Headers.Authorization.ToString().Substring(7)).Claims;
            }

            // RULES.md: any method whose name contains Validate or Verify that is given the same token string.
            string OwnCheck(string token, ITokenService service)
            {
                if (!service.VerifyToken(token)) return null;
                return new JwtSecurityTokenHandler().ReadJwtToken(token).Subject;
            }

            string OwnMethod(string token)
            {
                if (!IsValidatedRemotely(token)) return null;
                return new JwtSecurityTokenHandler().ReadJwtToken(token).Subject;
            }

            bool IsValidatedRemotely(string token) => token.Length > 0;
        }

        interface ITokenService { bool VerifyToken(string token); }
        """);

    /// <summary>A check named for presence or shape (a guard clause) validates no token: a forged one passes it.</summary>
    [Fact]
    public Task Presence_and_shape_checks_named_Validate_or_Verify_do_not_silence_the_rule() => VerifyAsync("""
        class C
        {
            string Guarded(string token)
            {
                Guard.VerifyNotEmpty(token);
                Guard.ValidateArgumentNotNull(token, nameof(token));
                TokenFormat.ValidateFormat(token);
                return {|TA401:new JwtSecurityTokenHandler().ReadJwtToken(token)|}.Subject;
            }
        }

        static class Guard
        {
            public static void VerifyNotEmpty(string value) { if (value.Length == 0) throw new ArgumentException("empty"); }
            public static void ValidateArgumentNotNull(object value, string name) => ArgumentNullException.ThrowIfNull(value, name);
        }

        static class TokenFormat
        {
            public static void ValidateFormat(string token) { if (token.Split('.').Length != 3) throw new FormatException(); }
        }
        """);

    [Fact]
    public Task Validating_a_different_token_string_does_not_silence_the_rule() => VerifyAsync("""
        class C
        {
            async Task<object> M(string idToken, string accessToken, TokenValidationParameters parameters)
            {
                var handler = new JsonWebTokenHandler();
                var result = await handler.ValidateTokenAsync(accessToken, parameters);
                if (!result.IsValid) return null;
                return [|handler.ReadJsonWebToken(idToken)|].Claims;
            }

            string VerifiesAnother(string idToken, string accessToken, ITokenService service)
            {
                if (!service.VerifyToken(accessToken)) return null;
                return [|new JwtSecurityTokenHandler().ReadJwtToken(idToken)|].Subject;
            }

            // Only the handler's own ValidateToken* counts where the token's origin cannot be told apart.
            string CannotTell(Microsoft.AspNetCore.Http.HttpRequest request, ITokenService service)
            {
                if (!service.VerifyToken(request.Headers.Authorization.ToString())) return null;
                return [|new JwtSecurityTokenHandler().ReadJwtToken(request.Headers.Authorization.ToString())|].Subject;
            }
        }

        interface ITokenService { bool VerifyToken(string token); }
        """);

    /// <summary>
    /// A member of another object (<c>refreshed.AccessToken</c>) is not the string the method validated when that
    /// validation was given other named strings only. Real shape: a Blazor state provider validates the stored token,
    /// then builds its identity from the token a refresh call returned.
    /// </summary>
    [Fact]
    public Task A_member_of_another_object_is_not_the_validated_string() => VerifyAsync("""
        record Tokens(string AccessToken, string RefreshToken);

        class Provider
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            async Task<ClaimsIdentity> Refreshed(string accessToken, Func<Task<Tokens>> refresh)
            {
                var result = await _handler.ValidateTokenAsync(accessToken, _parameters);
                if (!result.IsValid)
                {
                    var refreshed = await refresh();
                    var newToken = [|_handler.ReadJwtToken(refreshed.AccessToken)|];
                    return new ClaimsIdentity(newToken.Claims, "jwt");
                }

                return new ClaimsIdentity(_handler.ReadJwtToken(accessToken).Claims, "jwt");
            }

            ClaimsIdentity FromParameter(Tokens stored, string other)
            {
                _handler.ValidateToken(other, _parameters, out _);
                return new ClaimsIdentity([|_handler.ReadJwtToken(stored.AccessToken)|].Claims, "jwt");
            }
        }
        """);

    [Fact]
    public Task A_member_validated_directly_or_through_a_local_is_the_validated_string() => VerifyAsync("""
        record Tokens(string AccessToken, string RefreshToken);

        class Provider
        {
            private readonly JwtSecurityTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            ClaimsIdentity Direct(Tokens stored)
            {
                _handler.ValidateToken(stored.AccessToken, _parameters, out _);
                return new ClaimsIdentity(_handler.ReadJwtToken(stored.AccessToken).Claims, "jwt");
            }

            async Task<ClaimsIdentity> ThroughALocal(Tokens stored)
            {
                var token = stored.AccessToken.Trim();
                var result = await _handler.ValidateTokenAsync(token, _parameters);
                return result.IsValid ? new ClaimsIdentity(_handler.ReadJwtToken(stored.AccessToken).Claims, "jwt") : null;
            }

            ClaimsIdentity ThroughAnOutArgument(Tokens stored)
            {
                TryGet(stored, out var token);
                _handler.ValidateToken(token, _parameters, out _);
                return new ClaimsIdentity(_handler.ReadJwtToken(stored.AccessToken).Claims, "jwt");
            }

            ClaimsIdentity TheObjectItself(Tokens stored, Func<Tokens, string> pick)
            {
                _handler.ValidateToken(pick(stored), _parameters, out _);
                return new ClaimsIdentity(_handler.ReadJwtToken(stored.AccessToken).Claims, "jwt");
            }

            static bool TryGet(Tokens stored, out string token) { token = stored.AccessToken; return true; }
        }
        """);

    [Fact]
    public Task Lambdas_and_top_level_code_are_analyzed() => VerifyAsync("""
        class C
        {
            Func<string, string> Subject = token => [|new JwtSecurityTokenHandler().ReadJwtToken(token)|].Subject;

            void Configure(JwtBearerOptions options)
            {
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        var raw = context.Request.Query["access_token"].ToString();
                        var jwt = [|new JsonWebToken(raw)|];
                        context.HttpContext.Items["tenant"] = jwt.GetClaim("tid").Value;
                        return Task.CompletedTask;
                    },
                };
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_analyzed()
    {
        var test = new AnalyzerTest(new UnvalidatedClaimsRule()) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication };
        test.Sources.Add(Usings + """
            var jwt = [|new JwtSecurityTokenHandler().ReadJwtToken(args[0])|];
            Console.WriteLine(jwt.Subject);
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task A_parsed_token_passed_on_or_returned_is_not_reported() => VerifyAsync("""
        class C
        {
            JwtSecurityToken Parse(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token);

            void Log(string token) => Console.WriteLine(new JsonWebToken(token));

            bool CanRead(string token) => new JwtSecurityTokenHandler().CanReadToken(token);
        }
        """);

    /// <summary>
    /// The most common real shape (Jaina's <c>JwtHelper.ReadToken</c>, <c>DecodeToken</c>/<c>DecodeJwtToken</c> helpers in
    /// services and middlewares): a helper class parses, a caller in another file reads the claims. RULES.md's Where is
    /// the read call, so the finding is there, and its message names the caller.
    /// </summary>
    [Fact]
    public Task A_token_a_helper_returns_is_reported_at_the_read_when_a_caller_reads_its_claims() => new AnalyzerTest(new UnvalidatedClaimsRule())
    {
        Sources =
        {
            Usings + """
            public static class JwtHelper
            {
                public static JwtSecurityToken ReadToken(string token)
                {
                    var handler = new JwtSecurityTokenHandler();
                    return {|#0:handler.ReadJwtToken(token)|};
                }
            }
            """,
            Usings + """
            public class AccountController
            {
                public string Me(string bearer)
                {
                    var jwt = JwtHelper.ReadToken(bearer);
                    return jwt.Claims.First(c => c.Type == "sub").Value;
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA401").WithLocation(0).WithArguments("ReadJwtToken", " in 'AccountController.Me', which gets it from this method"),
        },
    }.RunAsync();

    [Fact]
    public Task Helpers_in_the_shapes_real_code_writes_are_followed_one_call_deep() => VerifyAsync("""
        class TokenService
        {
            // try/catch returning null, and a caller reading the payload behind a null test.
            private JwtSecurityToken? GetJwt(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                try
                {
                    return [|handler.ReadJwtToken(token)|];
                }
                catch (ArgumentException)
                {
                    return null;
                }
            }

            public JwtPayload? GetPayload(string token)
            {
                var jwt = GetJwt(token);
                return jwt != null ? jwt.Payload : null;
            }

            // A CanReadToken guard, ReadToken with a cast, a string the helper trims.
            public static JwtSecurityToken? Decode(string header)
            {
                var handler = new JwtSecurityTokenHandler();
                if (!handler.CanReadToken(header)) return null;
                return [|handler.ReadToken(header.Replace("Bearer ", ""))|] as JwtSecurityToken;
            }

            public string? Role(string header) => Decode(header)?.Claims.FirstOrDefault(c => c.Type == "role")?.Value;

            // Async, awaited by the caller.
            public async Task<JsonWebToken> CurrentAsync(Func<Task<string>> read)
            {
                var raw = await read();
                return [|new JsonWebTokenHandler().ReadJsonWebToken(raw)|];
            }

            public async Task<string> TenantAsync(Func<Task<string>> read) => (await CurrentAsync(read)).GetClaim("tid").Value;

            // Expression-bodied, target-typed, and a caller matching a property pattern.
            static JsonWebToken Parse(string raw) => [|new(raw)|];

            bool IsAdmin(string raw) => Parse(raw) is { Subject: "admin" };

            // A local function.
            string Subject(string raw)
            {
                return Read(raw).Subject;

                JwtSecurityToken Read(string value) => [|new JwtSecurityToken(value)|];
            }
        }
        """);

    [Fact]
    public Task An_extension_helper_is_followed_called_on_its_receiver_or_as_a_static_method() => VerifyAsync("""
        static class TokenExtensions
        {
            public static JwtSecurityToken Decode(this string token) => [|new JwtSecurityTokenHandler().ReadJwtToken(token)|];

            public static JsonWebToken DecodeJson(this string token) => [|new JsonWebToken(token)|];
        }

        class Controller
        {
            string Receiver(string bearer) => bearer.Decode().Subject;

            string Static(string bearer) => TokenExtensions.DecodeJson(bearer).GetClaim("sub").Value;
        }
        """);

    /// <summary>A helper whose name says it validates, but whose body only parses, validates nothing at its call sites.</summary>
    [Fact]
    public Task A_helper_named_Validate_that_only_parses_does_not_validate_its_callers() => VerifyAsync("""
        class Auth
        {
            public JwtSecurityToken ValidateToken(string token) => [|new JwtSecurityTokenHandler().ReadJwtToken(token)|];

            public string User(string token)
            {
                var jwt = ValidateToken(token);
                return jwt.Claims.First(c => c.Type == "name").Value;
            }
        }
        """);

    [Fact]
    public Task A_returned_token_whose_callers_read_only_metadata_validate_first_or_pass_it_on_is_not_reported() => VerifyAsync("""
        class Client
        {
            private readonly JsonWebTokenHandler _handler = new();
            private readonly TokenValidationParameters _parameters = new();

            static JwtSecurityToken Decode(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token);

            // A client deciding whether to refresh its own token, or choosing a key by kid.
            bool NeedsRefresh(string accessToken) => Decode(accessToken).ValidTo < DateTime.UtcNow.AddMinutes(1);

            string KeyId(string token)
            {
                var jwt = Decode(token);
                return jwt.Header.Kid + jwt.Issuer;
            }

            // The caller validates the same string first, with the handler or its own Verify method.
            async Task<string?> Validated(string token)
            {
                var result = await _handler.ValidateTokenAsync(token, _parameters);
                if (!result.IsValid) return null;
                return Decode(token).Subject;
            }

            string? Verified(string token, ITokenVerifier verifier) => verifier.VerifyToken(token) ? Decode(token).Subject : null;

            // Handed on: judged where it is read (not followed further).
            void Store(string token, List<JwtSecurityToken> tokens) => tokens.Add(Decode(token));

            // A helper that validates the string itself.
            JsonWebToken Checked(string token)
            {
                if (!_handler.ValidateTokenAsync(token, _parameters).Result.IsValid) throw new SecurityTokenException("invalid");
                return _handler.ReadJsonWebToken(token);
            }

            string CheckedSubject(string token) => Checked(token).Subject;

            // A lambda's return is not a helper's: nothing calls it by name.
            Func<string, JwtSecurityToken> Parse = t => new JwtSecurityTokenHandler().ReadJwtToken(t);

            // A public helper nobody in the compilation calls.
            public static JsonWebToken Read(string token) => new JsonWebToken(token);
        }

        interface ITokenVerifier { bool VerifyToken(string token); }
        """);

    [Fact]
    public Task One_unsafe_caller_among_safe_ones_is_enough_and_validating_another_string_is_not_validation() => VerifyAsync("""
        class Session
        {
            private readonly TokenValidationParameters _parameters = new();

            static JwtSecurityToken Decode(string token) => [|new JwtSecurityTokenHandler().ReadJwtToken(token)|];

            bool Expired(string token) => Decode(token).ValidTo < DateTime.UtcNow;

            string IdTokenUser(string accessToken, string idToken)
            {
                new JwtSecurityTokenHandler().ValidateToken(accessToken, _parameters, out _);
                return Decode(idToken).Subject;
            }
        }
        """);

    /// <summary>
    /// Round AT: a helper that parses a local written from its parameter (SmartQuizApi's <c>token.Replace("Bearer ", "")</c>)
    /// is judged by what its callers do with that parameter's argument, one that parses a field by what they do with the
    /// field; a helper whose string the analyzer cannot tie to one parameter is judged by every argument its caller gave.
    /// </summary>
    [Fact]
    public Task The_string_a_helper_parses_is_traced_to_its_parameter_through_a_local() => VerifyAsync("""
        interface ITokenChecker { bool VerifyToken(string token); }

        class AuthService
        {
            private readonly ITokenChecker _checker;
            private readonly TokenValidationParameters _parameters = new();

            AuthService(ITokenChecker checker) => _checker = checker;

            JwtSecurityToken StripAndDecode(string token)
            {
                var parsedToken = token.Replace("Bearer ", string.Empty);
                var handler = new JwtSecurityTokenHandler();
                return [|handler.ReadJwtToken(parsedToken)|];
            }

            string? Verified(string authorization) =>
                _checker.VerifyToken(authorization) ? StripAndDecode(authorization).Claims.First(c => c.Type == "sub").Value : null;

            string OtherStringValidated(string accessToken, string idToken)
            {
                new JwtSecurityTokenHandler().ValidateToken(accessToken, _parameters, out _);
                return StripAndDecode(idToken).Subject;
            }

            JwtSecurityToken Pick(string first, string second) => new JwtSecurityTokenHandler().ReadJwtToken(first.Length > 0 ? first : second);

            string? EitherVerified(string a, string b) => _checker.VerifyToken(b) ? Pick(a, b).Subject : null;

            private string _token = "";

            JwtSecurityToken Stored() => new JwtSecurityTokenHandler().ReadJwtToken(_token);

            string? StoredVerified() => _checker.VerifyToken(_token) ? Stored().Subject : null;

            JwtSecurityToken Kept() => [|new JwtSecurityTokenHandler().ReadJwtToken(_token)|];

            string KeptUnverified(string other) => _checker.VerifyToken(other) ? Kept().Subject : "";
        }
        """);

    /// <summary>Round AT: the dependency-injection shape, <c>_jwtService.DecodeToken(token)</c> on the service's interface.</summary>
    [Fact]
    public Task A_helper_called_through_the_interface_it_implements_is_followed() => new AnalyzerTest(new UnvalidatedClaimsRule())
    {
        Sources =
        {
            Usings + """
            public interface IJwtService { JwtSecurityToken DecodeToken(string token); }

            public class JwtService : IJwtService
            {
                public JwtSecurityToken DecodeToken(string token) => {|#0:new JwtSecurityTokenHandler().ReadJwtToken(token)|};
            }
            """,
            Usings + """
            public class ProfileController
            {
                private readonly IJwtService _jwtService;

                public ProfileController(IJwtService jwtService)
                {
                    _jwtService = jwtService;
                    var startup = int.Parse("1") + int.Parse("2");
                }

                public string UserId(string token) => _jwtService.DecodeToken(token).Claims.First(c => c.Type == "nameid").Value;
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA401").WithLocation(0).WithArguments("ReadJwtToken", " in 'ProfileController.UserId', which gets it from this method"),
        },
    }.RunAsync();

    [Fact]
    public Task A_token_chosen_by_a_switch_expression_is_followed_and_a_constructor_caller_is_named_as_such() => new AnalyzerTest(new UnvalidatedClaimsRule())
    {
        Sources =
        {
            Usings + """
            public class Session
            {
                public Session(string raw) => User = Parse("jwt", raw).Subject;

                public string User { get; }

                static JsonWebToken Parse(string kind, string raw) => kind switch
                {
                    "jwt" => {|#0:new JsonWebTokenHandler().ReadJsonWebToken(raw)|},
                    _ => throw new NotSupportedException(kind),
                };

                static string Inline(string raw, bool old) => (old switch
                {
                    true => {|#1:new JwtSecurityTokenHandler().ReadJwtToken(raw)|},
                    false => new JwtSecurityToken(),
                }).Subject;
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA401").WithLocation(0).WithArguments("ReadJsonWebToken", " in the constructor of 'Session', which gets it from this method"),
            ExpectedDiagnostic.Create("TA401").WithLocation(1).WithArguments("ReadJwtToken", ""),
        },
    }.RunAsync();

    [Fact]
    public Task A_caller_in_top_level_statements_is_named_as_such()
    {
        var test = new AnalyzerTest(new UnvalidatedClaimsRule()) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication };
        test.Sources.Add(Usings + """
            var jwt = Tokens.Decode(args[0]);
            Console.WriteLine(jwt.Subject);

            static class Tokens
            {
                public static JwtSecurityToken Decode(string token) => {|#0:new JwtSecurityTokenHandler().ReadJwtToken(token)|};
            }
            """);
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA401").WithLocation(0).WithArguments("ReadJwtToken", " in the top-level statements, which get it from this method"));
        return test.RunAsync();
    }

    [Fact]
    public Task Nothing_is_reported_without_the_token_libraries()
    {
        var test = new AnalyzerTest(new UnvalidatedClaimsRule()) { ReferenceTokenLibraries = false };
        test.Sources.Add("""
            class JwtSecurityTokenHandler { public JwtSecurityToken ReadJwtToken(string s) => new JwtSecurityToken(); }
            class JwtSecurityToken { public string[] Claims = new string[0]; }
            class C { object M(string t) => new JwtSecurityTokenHandler().ReadJwtToken(t).Claims; }
            """);
        return test.RunAsync();
    }
}
