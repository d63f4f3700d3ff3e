using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.EntraTestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA301 of contract version 2: <c>AadIssuerValidator...Validate</c> on a multi-tenant authority accepts the issuer of
/// every tenant (the <c>{tenantid}</c> template is filled from the token's own <c>tid</c>; proven in
/// LibraryBehaviour/EntraSigningKeyIssuerTests, <c>AadIssuerValidator_alone_accepts_a_consumer_key_signed_enterprise_token</c>).
/// </summary>
[Trait("Rule", "TA301")]
public class EntraTenantAadValidatorTests
{
    private const string Validators = "using Microsoft.IdentityModel.Validators;\n";

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<EntraTenantRule>(Usings + Validators + markup);

    [Fact]
    public Task AadIssuerValidator_on_a_multi_tenant_authority_is_reported_in_every_form() => VerifyAsync("""
        class C
        {
            private const string Common = "https://login.microsoftonline.com/common/v2.0";
            private static readonly AadIssuerValidator Organizations = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/organizations/v2.0");

            void Group(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = Common;
                    {|TA301:o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(o.Authority).Validate|};
                });

            void Forwarding(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = Common;
                    var validator = AadIssuerValidator.GetAadIssuerValidator(Common);
                    {|TA301:o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => validator.Validate(issuer, token, parameters)|};
                });

            void Field(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.MetadataAddress = "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration";
                    {|TA301:o.TokenValidationParameters.IssuerValidator = Organizations.Validate|};
                });

            JwtBearerOptions Initializer() => new JwtBearerOptions
            {
                Authority = "https://login.microsoftonline.com/consumers/v2.0",
                TokenValidationParameters = new TokenValidationParameters
                {
                    {|TA301:IssuerValidator = (issuer, token, parameters) =>
                    {
                        return AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/consumers/v2.0").Validate(issuer, token, parameters);
                    }|},
                },
            };
        }
        """);

    [Fact]
    public Task AadIssuerValidator_on_a_tenant_specific_authority_or_with_more_checks_is_not_reported() => VerifyAsync("""
        class C
        {
            private const string Tenant = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
            private static readonly string[] Tenants = { "0c0ffee0-1234-4abc-8def-0123456789ab" };

            void Specific(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = Tenant;
                    o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(o.Authority).Validate;
                });

            void SpecificArgument(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(Tenant).Validate;
                });

            void TenantCheckedToo(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.microsoftonline.com/common/v2.0";
                    var validator = AadIssuerValidator.GetAadIssuerValidator(o.Authority);
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) =>
                    {
                        var validated = validator.Validate(issuer, token, parameters);
                        return Tenants.Any(t => validated.Contains(t)) ? validated : throw new SecurityTokenInvalidIssuerException("untrusted tenant");
                    };
                });

            void NotEntra(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://sts.example.com";
                    o.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/common/v2.0").Validate;
                });
        }
        """);
}
