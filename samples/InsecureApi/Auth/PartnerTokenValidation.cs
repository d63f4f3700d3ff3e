using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA2xx: validation delegates that accept every token. A second bearer scheme for partner systems, "fixed" one
// 401 at a time until every check was replaced by a delegate that cannot fail.
public static class PartnerTokenValidation
{
    public const string Scheme = "Partner";

    public static AuthenticationBuilder AddPartnerJwtBearer(this AuthenticationBuilder builder) =>
        builder.AddJwtBearer(Scheme, options =>
        {
            options.Authority = "https://partners.example.com/";
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudience = "api://orders",

                // TA201: the token is only parsed, never verified: anyone can write a partner token.
                SignatureValidator = (token, parameters) => new JsonWebToken(token),

                // TA202: hands back whatever issuer the token claims.
                IssuerValidator = (issuer, token, parameters) => issuer,

                // TA203: tokens for any other application are accepted.
                AudienceValidator = (audiences, token, parameters) => true,

                // TA205: any signing key is fine.
                IssuerSigningKeyValidator = (key, token, parameters) => true,

                // TA206: ValidAlgorithms no longer matters.
                AlgorithmValidator = (algorithm, key, token, parameters) => true,
            };

            // TA204: logging does not make this a check; expired partner tokens work forever.
            options.TokenValidationParameters.LifetimeValidator = LogAndAcceptLifetime;
        });

    private static bool LogAndAcceptLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        Console.WriteLine($"Partner token valid until {expires:O}");
        return true;
    }
}
