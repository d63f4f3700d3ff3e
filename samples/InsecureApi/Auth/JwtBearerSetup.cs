using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA1xx: built-in validation checks switched off.
public static class JwtBearerSetup
{
    public static IServiceCollection AddJwtBearerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = configuration["Auth:Authority"];
                options.Audience = configuration["Auth:Audience"];

                // TA107: the signing keys would be downloaded over plain HTTP, where anyone on the path can swap them.
                options.RequireHttpsMetadata = false;

                options.TokenValidationParameters = new TokenValidationParameters
                {
                    // TA101: tokens issued by any issuer, including another tenant or a test IdP, are accepted.
                    ValidateIssuer = false,

                    // TA102: tokens minted for any other API are accepted here too.
                    ValidateAudience = false,

                    // TA106: an expired (or stolen and revoked) token stays usable for an extra hour.
                    ClockSkew = TimeSpan.FromHours(1),

                    // TA104: a token with "alg": "none" and no signature passes validation.
                    RequireSignedTokens = false,

                    NameClaimType = "name",
                };

                // TA103: "temporary" fix for clock problems in staging: expired tokens are accepted forever.
                // (It also switches off RequireExpirationTime.)
                options.TokenValidationParameters.ValidateLifetime = false;

                // TA105: tokens without an "exp" claim never expire.
                options.TokenValidationParameters.RequireExpirationTime = false;
            });

        return services;
    }
}
