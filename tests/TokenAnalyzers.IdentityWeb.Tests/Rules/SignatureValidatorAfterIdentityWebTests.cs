using Microsoft.CodeAnalysis;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA201's fix in a callback that runs after Microsoft.Identity.Web's own one: the signature check that removing the
/// accept-all SignatureValidator restores has the keys of the Authority Identity.Web set (evidence with the real
/// handler: IdentityWebSigningKeyIssuerTests.Removing_an_accept_all_SignatureValidator_after_Identity_Web_verifies_with_its_keys).
/// The input is the shape of a real program (a bot API that replaces the parameters after AddMicrosoftIdentityWebApiAuthentication).
/// </summary>
[Trait("Rule", "TA201")]
public class SignatureValidatorAfterIdentityWebTests
{
    private const string Before = """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMicrosoftIdentityWebApiAuthentication(builder.Configuration);

        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.TokenValidationParameters.ValidAudience = builder.Configuration["AzureAd:ClientId"];
            {|#0:options.TokenValidationParameters.SignatureValidator = (token, parameters) => new JsonWebToken(token)|};
        });
        """;

    private static AnalyzerTest Test(string source) => new(new TokenValidationAnalyzer(new AcceptAllValidatorRule()))
    {
        OutputKind = OutputKind.ConsoleApplication,
        Sources = { IdentityWebTestCode.Usings + source },
    };

    [Fact]
    public Task The_fix_is_offered_with_the_keys_of_Identity_Web_s_authority()
    {
        var test = Test(Before);
        test.CodeFix = new RemoveAssignmentCodeFixProvider();
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA201").WithLocation(0).WithMessage(
            "SignatureValidator returns a token that was only parsed, so every forged or unsigned token is accepted"));
        test.FixedSources.Add(IdentityWebTestCode.Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMicrosoftIdentityWebApiAuthentication(builder.Configuration);

            builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                options.TokenValidationParameters.ValidAudience = builder.Configuration["AzureAd:ClientId"];
            });
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Registered_before_Identity_Web_or_clearing_the_authority_the_keys_are_not_known_and_the_fix_is_declined()
    {
        var source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                {|#0:options.TokenValidationParameters.SignatureValidator = (token, parameters) => new JsonWebToken(token)|};
            });
            builder.Services.AddMicrosoftIdentityWebApiAuthentication(builder.Configuration);
            builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                options.Authority = null;
                {|#1:options.TokenValidationParameters.SignatureValidator = (token, parameters) => new JsonWebToken(token)|};
            });
            """;
        var test = Test(source);
        const string Message = "SignatureValidator returns a token that was only parsed, so every forged or unsigned token is accepted, and no signing key is set";
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA201").WithLocation(0).WithMessage(Message));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA201").WithLocation(1).WithMessage(Message));
        return test.RunAsync();
    }
}
