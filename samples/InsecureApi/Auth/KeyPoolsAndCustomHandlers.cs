using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA207, TA309, TA310: trust that does not come from the issuer's private key. Written for the "legacy" mobile
// clients, whose tokens an old identity provider signs with HS256.
public static class KeyPoolsAndCustomHandlers
{
    // TA310: the identity provider's certificate is public (it is served at its metadata endpoint), so anyone can
    // compute this HMAC key and sign "legacy" tokens with it.
    public static TokenValidationParameters LegacyMobileParameters(X509Certificate2 identityProviderCertificate) => new()
    {
        ValidIssuer = "https://legacy-idp.example.com/",
        ValidAudience = "api://orders",
        IssuerSigningKey = new SymmetricSecurityKey(identityProviderCertificate.GetPublicKey()),
    };
}
