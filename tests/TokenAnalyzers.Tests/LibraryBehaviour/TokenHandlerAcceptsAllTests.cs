using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA207 with the real JwtBearer (8.0.30) pipeline: a handler subclass whose ValidateTokenAsync returns
/// <c>IsValid = true</c> (or an ISecurityTokenValidator that returns a principal) authenticates a forged token that is
/// signed by an attacker's key, names a foreign issuer and audience, and expired an hour ago, although the scheme's
/// TokenValidationParameters are the secure ones.
/// </summary>
[Trait("Rule", "TA207")]
public class TokenHandlerAcceptsAllTests
{
    private const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The shape TA207 reports: success for any token, the claims read from the token without validation.</summary>
    private sealed class AcceptAllHandler : JsonWebTokenHandler
    {
        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            var jwt = ReadJsonWebToken(token);
            return Task.FromResult(new TokenValidationResult { IsValid = true, SecurityToken = jwt, ClaimsIdentity = new ClaimsIdentity(jwt.Claims, "Bearer") });
        }
    }

    /// <summary>The legacy interface JwtBearer 7 and older called (still honoured with UseSecurityTokenValidators).</summary>
    private sealed class AcceptAllValidator : ISecurityTokenValidator
    {
        public bool CanValidateToken => true;

        public int MaximumTokenSizeInBytes { get; set; } = TokenValidationParameters.DefaultMaximumTokenSizeInBytes;

        public bool CanReadToken(string securityToken) => true;

        public ClaimsPrincipal ValidateToken(string securityToken, TokenValidationParameters validationParameters, out SecurityToken validatedToken)
        {
            var jwt = new JwtSecurityToken(securityToken);
            validatedToken = jwt;
            return new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "Bearer"));
        }
    }

    /// <summary>A subclass that keeps the base validation and adds a check after it (the compliant shape).</summary>
    private sealed class CheckingHandler : JsonWebTokenHandler
    {
        public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            var result = await base.ValidateTokenAsync(token, validationParameters);
            return result.IsValid && result.ClaimsIdentity.HasClaim(c => c.Type == "sub") ? result : new TokenValidationResult { IsValid = false, Exception = result.Exception };
        }
    }

    private static string ForgedToken() => Create(
        AttackerKey,
        issuer: ForeignIssuer,
        audience: ForeignAudience,
        expiresIn: TimeSpan.FromHours(-1),
        claims: new Dictionary<string, object> { ["role"] = "admin" });

    private static async Task<AuthenticateResult> Authenticate(Action<JwtBearerOptions> configureHandlers, string token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddAuthentication().AddJwtBearer(Scheme, o =>
        {
            o.TokenValidationParameters = Secure(); // issuer, audience, trusted key, every check on
            configureHandlers(o);
        });
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return await context.AuthenticateAsync(Scheme);
    }

    [Fact]
    public async Task A_handler_subclass_returning_IsValid_true_makes_JwtBearer_accept_a_forged_expired_foreign_token()
    {
        var result = await Authenticate(o => { o.TokenHandlers.Clear(); o.TokenHandlers.Add(new AcceptAllHandler()); }, ForgedToken());

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("admin", result.Principal!.FindFirst("role")?.Value);
    }

    [Fact]
    public async Task A_security_token_validator_returning_a_principal_makes_JwtBearer_accept_a_forged_token()
    {
#pragma warning disable CS0618 // SecurityTokenValidators and UseSecurityTokenValidators are obsolete, and still honoured
        var result = await Authenticate(
            o =>
            {
                o.UseSecurityTokenValidators = true;
                o.SecurityTokenValidators.Clear();
                o.SecurityTokenValidators.Add(new AcceptAllValidator());
            },
            ForgedToken());
#pragma warning restore CS0618

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("admin", result.Principal!.FindFirst("role")?.Value);
    }

    /// <summary>
    /// TA201's message (round AV): JwtBearer 8 and later validate with JsonWebTokenHandler, which takes only a
    /// <c>JsonWebToken</c> from a SignatureValidator; the pre-8.0 snippet returning <c>new JwtSecurityToken(token)</c> then
    /// fails every token, the genuine ones too (IDX10506), until UseSecurityTokenValidators brings back
    /// JwtSecurityTokenHandler, which takes only a <c>JwtSecurityToken</c> (as JwtBearer 7 always did).
    /// </summary>
    [Theory]
    [Trait("Rule", "TA201")]
    [InlineData(false, false, true)]
    [InlineData(false, true, false)]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    public async Task A_parse_only_SignatureValidator_bypasses_only_with_the_token_type_the_handler_takes(bool useSecurityTokenValidators, bool returnsJwtSecurityToken, bool bypassed)
    {
        void Configure(JwtBearerOptions o)
        {
#pragma warning disable CS0618 // UseSecurityTokenValidators is obsolete, and still honoured
            o.UseSecurityTokenValidators = useSecurityTokenValidators;
#pragma warning restore CS0618
            o.TokenValidationParameters.SignatureValidator = returnsJwtSecurityToken
                ? (token, _) => new JwtSecurityToken(token)
                : (token, _) => new JsonWebToken(token);
        }

        var forged = await Authenticate(Configure, Create(AttackerKey));
        var genuine = await Authenticate(Configure, Create(TrustedKey));

        Assert.Equal(bypassed, forged.Succeeded);
        Assert.Equal(bypassed, genuine.Succeeded);
        if (!bypassed)
        {
            Assert.Contains("IDX10506", genuine.Failure!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_default_handler_and_a_checking_subclass_reject_the_forged_token_and_accept_a_genuine_one()
    {
        var byDefault = await Authenticate(_ => { }, ForgedToken());
        Assert.False(byDefault.Succeeded);

        var checking = await Authenticate(o => { o.TokenHandlers.Clear(); o.TokenHandlers.Add(new CheckingHandler()); }, ForgedToken());
        Assert.False(checking.Succeeded);

        var genuine = await Authenticate(o => { o.TokenHandlers.Clear(); o.TokenHandlers.Add(new CheckingHandler()); }, Create(TrustedKey));
        Assert.True(genuine.Succeeded, genuine.Failure?.ToString());
    }
}
