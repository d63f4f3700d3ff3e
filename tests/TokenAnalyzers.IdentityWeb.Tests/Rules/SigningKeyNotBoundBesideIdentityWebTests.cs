using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA302 beside Microsoft.Identity.Web: Identity.Web calls EnableAadSigningKeyIssuerValidation() for the scheme it
/// registers only (IdentityWebSigningKeyIssuerTests), so an AddJwtBearer scheme of another name with an Entra authority
/// in the same method is unprotected. Real shape: an Entra AddJwtBearer("AzureAd", ...) beside
/// AddMicrosoftIdentityWebApi(..., "AzureAdB2C").
/// </summary>
[Trait("Rule", "TA302")]
public class SigningKeyNotBoundBesideIdentityWebTests
{
    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<SigningKeyIssuerRule>(IdentityWebTestCode.Usings + markup);

    [Fact]
    public Task An_Entra_scheme_beside_Identity_Web_for_another_scheme_is_reported() => VerifyAsync("""
        class Startup
        {
            public void Chained(IServiceCollection s, IConfiguration c) =>
                s.AddAuthentication().AddJwtBearer("AzureAd", o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"|};
                }).AddMicrosoftIdentityWebApi(c.GetSection("AzureAdB2C"), "AzureAdB2C");

            public void Before(IServiceCollection s, IConfiguration c)
            {
                s.AddAuthentication().AddMicrosoftIdentityWebApi(c.GetSection("AzureAdB2C"), "AzureAdB2C");
                s.AddAuthentication().AddJwtBearer(o =>
                {
                    var tenantId = c["AzureAd:TenantId"];
                    {|TA302:o.Authority = $"https://login.microsoftonline.com/{tenantId}/v2.0"|};
                });
            }
        }
        """);

    [Fact]
    public Task The_scheme_Identity_Web_registers_or_its_own_callback_is_not_reported() => VerifyAsync("""
        class Startup
        {
            public void SameScheme(IServiceCollection s, IConfiguration c)
            {
                s.AddAuthentication().AddMicrosoftIdentityWebApi(c.GetSection("AzureAd"));
                s.AddAuthentication().AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
            }

            public void OwnCallback(IServiceCollection s, IConfiguration c) =>
                s.AddAuthentication().AddMicrosoftIdentityWebApi(
                    o => o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
                    o => c.Bind("AzureAd", o),
                    "Api");

            public void SchemeNotConstant(IServiceCollection s, IConfiguration c, string scheme)
            {
                s.AddAuthentication().AddMicrosoftIdentityWebApi(c.GetSection("AzureAd"), scheme);
                s.AddAuthentication().AddJwtBearer("AzureAd", o =>
                    o.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
            }
        }
        """);
}
