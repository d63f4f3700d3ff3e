using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>TA207 (TokenHandlerAcceptsAllRule): handler overrides that return success without validating.</summary>
[Trait("Rule", "TA207")]
public class TokenHandlerAcceptsAllRuleTests
{
    private const string HandlerUsings = Usings + """
        using System.Security.Claims;
        using Microsoft.Extensions.Logging;

        """;

    [Fact]
    public Task JsonWebTokenHandler_overrides_returning_IsValid_true_are_reported() => Verify.AnalyzerAsync<TokenHandlerAcceptsAllRule>(HandlerUsings + """
        class ExpressionBodied : JsonWebTokenHandler
        {
            public override Task<TokenValidationResult> {|TA207:ValidateTokenAsync|}(string token, TokenValidationParameters validationParameters) =>
                Task.FromResult(new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = new ClaimsIdentity(ReadJsonWebToken(token).Claims, "Bearer"),
                });
        }

        class AsyncWithLogging : JsonWebTokenHandler
        {
            private readonly ILogger _logger;

            public AsyncWithLogging(ILogger logger) => _logger = logger;

            public override async Task<TokenValidationResult> {|TA207:ValidateTokenAsync|}(string token, TokenValidationParameters validationParameters)
            {
                var jwt = ReadJsonWebToken(token);
                _logger.LogInformation("Accepting token for {Subject}", jwt.Subject);
                await Task.Yield();
                return new TokenValidationResult { IsValid = true, SecurityToken = jwt, ClaimsIdentity = new ClaimsIdentity(jwt.Claims, "Bearer") };
            }
        }

        class TokenOverload : JsonWebTokenHandler
        {
            public override Task<TokenValidationResult> {|TA207:ValidateTokenAsync|}(SecurityToken token, TokenValidationParameters validationParameters)
            {
                var result = new TokenValidationResult { SecurityToken = token };
                result.IsValid = true;
                return Task.FromResult(result);
            }
        }

        class FromTokenHandler : TokenHandler
        {
            public override Task<TokenValidationResult> {|TA207:ValidateTokenAsync|}(string token, TokenValidationParameters validationParameters)
            {
                var identity = new ClaimsIdentity("Bearer");
                identity.AddClaim(new Claim(ClaimTypes.Name, "service"));
                return Task.FromResult(new TokenValidationResult { ClaimsIdentity = identity, IsValid = true });
            }
        }
        """);

    [Fact]
    public Task Principal_returning_ValidateToken_overrides_and_validators_are_reported() => Verify.AnalyzerAsync<TokenHandlerAcceptsAllRule>(HandlerUsings + """
        class LegacyHandler : JwtSecurityTokenHandler
        {
            public override ClaimsPrincipal {|TA207:ValidateToken|}(string token, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                var jwt = ReadJwtToken(token);
                validatedToken = jwt;
                return new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "Bearer"));
            }
        }

        // The "test" validator found in public code: the token is only parsed.
        class NoSignatureTokenValidator : ISecurityTokenValidator
        {
            private readonly JwtSecurityTokenHandler _inner = new JwtSecurityTokenHandler();

            public bool CanValidateToken => true;
            public int MaximumTokenSizeInBytes { get; set; } = TokenValidationParameters.DefaultMaximumTokenSizeInBytes;
            public bool CanReadToken(string securityToken) => _inner.CanReadToken(securityToken);

            public ClaimsPrincipal {|TA207:ValidateToken|}(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = new JwtSecurityToken(securityToken);
                var identity = new ClaimsIdentity(((JwtSecurityToken)validatedToken).Claims, "TestAuth");
                return new ClaimsPrincipal(identity);
            }
        }

        // Real code: the comparison only decides whether an admin claim is added; every token gets an authenticated
        // principal either way.
        class ComparisonOnlyAddsAClaim : ISecurityTokenValidator
        {
            public bool CanValidateToken => true;
            public int MaximumTokenSizeInBytes { get; set; }
            public bool CanReadToken(string securityToken) => true;

            public ClaimsPrincipal {|TA207:ValidateToken|}(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = null!;
                var identity = new ClaimsIdentity("Bearer");
                if (securityToken == "abcdefg" && !string.IsNullOrEmpty(securityToken))
                {
                    identity.AddClaim(new Claim("name", "admin"));
                }

                return new ClaimsPrincipal(identity);
            }
        }

        class ExplicitValidator : ISecurityTokenValidator
        {
            bool ISecurityTokenValidator.CanValidateToken => true;
            int ISecurityTokenValidator.MaximumTokenSizeInBytes { get; set; }
            bool ISecurityTokenValidator.CanReadToken(string securityToken) => true;

            ClaimsPrincipal ISecurityTokenValidator.{|TA207:ValidateToken|}(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = new JwtSecurityTokenHandler().ReadToken(securityToken);
                var claims = new List<Claim> { new Claim(ClaimTypes.Name, "ApiTestUser") };
                return new(new ClaimsIdentity(claims, "ApiTestAuth"));
            }
        }
        """);

    [Fact]
    public Task Handlers_that_validate_or_reject_are_not_reported() => Verify.NoDiagnosticsAsync<TokenHandlerAcceptsAllRule>(HandlerUsings + """
        class AddsChecksAfterTheBase : JsonWebTokenHandler
        {
            public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
            {
                var result = await base.ValidateTokenAsync(token, validationParameters);
                if (!result.IsValid)
                {
                    return result;
                }

                return new TokenValidationResult { IsValid = true, ClaimsIdentity = result.ClaimsIdentity };
            }
        }

        class DelegatesToAnotherHandler : ISecurityTokenValidator
        {
            private readonly JwtSecurityTokenHandler _inner = new JwtSecurityTokenHandler();

            public bool CanValidateToken => true;
            public int MaximumTokenSizeInBytes { get; set; }
            public bool CanReadToken(string securityToken) => true;

            public ClaimsPrincipal ValidateToken(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                var principal = _inner.ValidateToken(securityToken, validationParameters, out validatedToken);
                return new ClaimsPrincipal(principal.Identities);
            }
        }

        class RejectsSometimes : JsonWebTokenHandler
        {
            public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
            {
                var jwt = ReadJsonWebToken(token);
                if (jwt.Issuer != "https://issuer.example.com/")
                {
                    return Task.FromResult(new TokenValidationResult { IsValid = false });
                }

                return Task.FromResult(new TokenValidationResult { IsValid = true, SecurityToken = jwt });
            }
        }

        class Throws : JwtSecurityTokenHandler
        {
            public override ClaimsPrincipal ValidateToken(string token, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = ReadJwtToken(token);
                if (validatedToken.ValidTo < DateTime.UtcNow)
                {
                    throw new SecurityTokenExpiredException("expired");
                }

                return new ClaimsPrincipal(new ClaimsIdentity(((JwtSecurityToken)validatedToken).Claims, "Bearer"));
            }
        }

        // A fixed token compared with the input that decides the result: real (if weak) validation, as for
        // accept-all delegates. Every other token gets no principal, or one without an identity.
        class ComparesTheToken : ISecurityTokenValidator
        {
            public bool CanValidateToken => true;
            public int MaximumTokenSizeInBytes { get; set; }
            public bool CanReadToken(string securityToken) => true;

            public ClaimsPrincipal ValidateToken(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = null!;
                if (securityToken != "abcdefg")
                {
                    return null!;
                }

                return new ClaimsPrincipal(new ClaimsIdentity("Bearer"));
            }
        }

        class ComparisonChoosesTheIdentity : ISecurityTokenValidator
        {
            public bool CanValidateToken => true;
            public int MaximumTokenSizeInBytes { get; set; }
            public bool CanReadToken(string securityToken) => true;

            public ClaimsPrincipal ValidateToken(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = null!;
                var principal = new ClaimsPrincipal();
                if (securityToken == "abcdefg")
                {
                    principal = new ClaimsPrincipal(new ClaimsIdentity("Bearer"));
                }

                return principal;
            }
        }

        class ComparisonGuardsAReturn : ISecurityTokenValidator
        {
            public bool CanValidateToken => true;
            public int MaximumTokenSizeInBytes { get; set; }
            public bool CanReadToken(string securityToken) => true;

            public ClaimsPrincipal ValidateToken(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = null!;
                if (securityToken == "abcdefg")
                {
                    return new ClaimsPrincipal(new ClaimsIdentity("Bearer"));
                }

                return new ClaimsPrincipal();
            }
        }

        class ReturnsNull : ISecurityTokenValidator
        {
            public bool CanValidateToken => true;
            public int MaximumTokenSizeInBytes { get; set; }
            public bool CanReadToken(string securityToken) => true;

            public ClaimsPrincipal ValidateToken(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
            {
                validatedToken = null!;
                return null!;
            }
        }

        // Hiding (new) is not an override: JwtBearer never calls it.
        class Hides : JsonWebTokenHandler
        {
            public new Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters) =>
                Task.FromResult(new TokenValidationResult { IsValid = true });
        }

        // Not a handler: a class of its own that merely has the method name.
        class NotAHandler
        {
            public Task<TokenValidationResult> ValidateTokenAsync(string token) =>
                Task.FromResult(new TokenValidationResult { IsValid = true });

            public ClaimsPrincipal ValidateToken(string token) => new ClaimsPrincipal(new ClaimsIdentity("Bearer"));
        }

        // A success value inside a lambda is not what the method returns.
        class LambdaInside : JsonWebTokenHandler
        {
            public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
            {
                Func<TokenValidationResult> fallback = () => new TokenValidationResult { IsValid = true };
                return base.ValidateTokenAsync(token, validationParameters);
            }
        }
        """);
}
