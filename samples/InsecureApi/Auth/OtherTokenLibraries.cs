using System.Security.Claims;
using JWT;
using JWT.Algorithms;
using JWT.Builder;
using JWT.Serializers;

namespace InsecureApi.Auth;

// TA601/TA602: a partner integration that reads webhook tokens with JWT.NET and the mobile app's tokens with
// jose-jwt. Both libraries decode a token without checking its signature unless told otherwise.
public sealed class OtherTokenLibraries(IConfiguration configuration)
{
    private readonly string _webhookSecret = configuration["Webhooks:Secret"] ?? throw new InvalidOperationException("Webhooks:Secret");

    // TA601: the builder has the secret, but JWT 7.x decodes without verifying unless MustVerifySignature() is
    // called (the fix inserts it). A webhook signed with any other secret is accepted.
    public IDictionary<string, object> WebhookPayload(string token) =>
        new JwtBuilder()
            .WithAlgorithm(new HMACSHA256Algorithm())
            .WithSecret(_webhookSecret)
            .Decode<IDictionary<string, object>>(token);

    // TA601: verify: false (the fix sets it to true: the secret is there).
    public string WebhookJson(string token)
    {
        var serializer = new JsonNetSerializer();
        IJwtDecoder decoder = new JwtDecoder(serializer, new JwtValidator(serializer, new UtcDateTimeProvider()), new JwtBase64UrlEncoder(), new HMACSHA256Algorithm());
        return decoder.Decode(token, _webhookSecret, verify: false);
    }

    // TA602: JWT.Payload only base64-decodes: the app user's claims are whatever the caller wrote.
    public ClaimsPrincipal AppUser(string token)
    {
        var claims = Jose.JWT.Payload<Dictionary<string, object>>(token)
            .Select(pair => new Claim(pair.Key, pair.Value?.ToString() ?? string.Empty));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "app"));
    }

    // Not reported: reading one's own token's expiry (TA401's exemption, shared by TA601 and TA602).
    public bool IsExpired(string ownToken) =>
        Convert.ToInt64(new JwtBuilder().DoNotVerifySignature().Decode<Dictionary<string, object>>(ownToken)["exp"]) <
        DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
