using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA4xx: tokens trusted without successful validation. Helpers written when "validation kept getting in the way":
// each one ends up trusting a token nobody checked.
public sealed class TokenTrust(TokenValidationParameters parameters, ILogger<TokenTrust> logger)
{
    private readonly JwtSecurityTokenHandler _legacyHandler = new();
    private readonly JsonWebTokenHandler _handler = new();

    // TA401: the tenant is taken from a token that was only decoded: anyone can claim any tenant.
    public string TenantOf(HttpRequest request)
    {
        var raw = request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        var jwt = _legacyHandler.ReadJwtToken(raw);
        return jwt.Claims.First(c => c.Type == "tid").Value;
    }

    // Not reported: a client checking its own access token's expiry before calling a downstream API.
    public bool NeedsRefresh(string ownAccessToken) =>
        _legacyHandler.ReadJwtToken(ownAccessToken).ValidTo < DateTime.UtcNow.AddMinutes(1);

    // TA402: ValidateTokenAsync does not throw for a forged token; IsValid is never read.
    public async Task<ClaimsPrincipal> PrincipalFromAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, parameters);
        return new ClaimsPrincipal(result.ClaimsIdentity);
    }

    // TA403: expired (and, through the base class, every other invalid) token is waved through.
    public bool IsAuthorized(string token)
    {
        try
        {
            _legacyHandler.ValidateToken(token, parameters, out _);
        }
        catch (SecurityTokenException ex)
        {
            logger.LogWarning(ex, "Token rejected, letting it through for now");
        }

        return true;
    }

    // TA404: a forged or expired bearer token still authenticates the request (as a "guest" with a made-up role).
    public static void KeepCallersSignedIn(JwtBearerOptions options) =>
        options.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context =>
            {
                context.Principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("role", "guest")], "fallback"));
                context.Success();
                return Task.CompletedTask;
            },
        };
}
