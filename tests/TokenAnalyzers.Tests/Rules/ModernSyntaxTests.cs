using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>Assignment forms that newer C# versions add, seen by the TA1xx/TA2xx rules like any other.</summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
public class ModernSyntaxTests
{
    [Fact]
    public Task Null_conditional_assignment_is_reported() => Verify.AnalyzerAsync<DisabledValidationRule>(Usings + """
        class C
        {
            void M(JwtBearerOptions? o, TokenValidationParameters? p)
            {
                {|TA101:o?.TokenValidationParameters.ValidateIssuer = false|};
                {|TA102:p?.ValidateAudience = false|};
            }
        }
        """);

    [Fact]
    public Task Fix_removes_a_null_conditional_assignment() => Verify.CodeFixAsync<DisabledValidationRule, TokenAnalyzers.CodeFixes.RemoveAssignmentCodeFixProvider>(Usings + """
        class C
        {
            void M(JwtBearerOptions? o)
            {
                {|TA101:o?.TokenValidationParameters.ValidateIssuer = false|};
                o?.TokenValidationParameters.ValidIssuer = "https://issuer.example.com";
            }
        }
        """, Usings + """
        class C
        {
            void M(JwtBearerOptions? o)
            {
                o?.TokenValidationParameters.ValidIssuer = "https://issuer.example.com";
            }
        }
        """);

    [Fact]
    public Task Primary_constructors_records_and_file_scoped_types_are_reported() => Verify.AnalyzerAsync<AcceptAllValidatorRule>(Usings + """
        file sealed class JwtSetup(IServiceCollection services)
        {
            public void Apply() => services.AddAuthentication().AddJwtBearer(o =>
                {|TA203:o.TokenValidationParameters.AudienceValidator = static (_, _, _) => true|});
        }

        record Settings(string Issuer)
        {
            public TokenValidationParameters Parameters { get; } = new()
            {
                {|TA202:IssuerValidator = (issuer, _, _) => issuer|},
            };
        }
        """);
}
