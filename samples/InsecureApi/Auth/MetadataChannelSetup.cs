using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Auth;

// TA108/TA109: the channel that delivers the signing keys, and flags that fail open. An "inventory" bearer scheme
// whose settings come from configuration, written so that it "works in every environment".
public static class MetadataChannelSetup
{
    public const string Scheme = "Inventory";

    public static AuthenticationBuilder AddInventoryJwtBearer(this AuthenticationBuilder builder, IConfiguration configuration) =>
        builder.AddJwtBearer(Scheme, options =>
        {
            var issuer = configuration["Inventory:Issuer"];
            var audience = configuration["Inventory:Audience"];
            options.Authority = issuer;

            // TA108: the identity provider's certificate "did not validate on the build server", so the backchannel that
            // downloads the signing keys now trusts any certificate: whoever sits on the network path serves the keys.
            options.BackchannelHttpHandler = MetadataHandler();
            options.TokenValidationParameters = new TokenValidationParameters
            {
                // TA109: true only where Inventory:Issuer is set; in an environment without it, any issuer passes.
                ValidateIssuer = !string.IsNullOrEmpty(issuer),
                ValidIssuer = issuer,

                // TA109: the same for the audience: a token for any other application passes where it is missing.
                ValidateAudience = audience is not null,
                ValidAudience = audience,
            };
        });

    private static HttpMessageHandler MetadataHandler()
    {
        var handler = new HttpClientHandler();
        handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;
        return handler;
    }
}
