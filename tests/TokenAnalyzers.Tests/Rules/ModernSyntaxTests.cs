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

    /// <summary>
    /// Two <c>?.</c> in a row: the object key of the access between them is the value the first one tested. The key
    /// of that access used to be looked up through the nearest <c>?.</c> around it, which is the second one, whose
    /// receiver is the access itself: the lookup recursed until the process's stack overflowed (found by a TA109
    /// change that asked for the key of <c>jwt?.Audiences</c>; a stack overflow ends the compiler, not only the rule).
    /// </summary>
    [Fact]
    public Task Two_null_conditional_accesses_in_a_row_are_analyzed() => Verify.AnalyzerAsync<DisabledValidationRule>(Usings + """
        class C
        {
            void M(JwtBearerOptions? o, Holder? h)
            {
                {|TA101:o?.TokenValidationParameters?.ValidateIssuer = false|};
                {|TA102:h?.Options?.TokenValidationParameters.ValidateAudience = false|};
            }
        }

        class Holder
        {
            public JwtBearerOptions? Options { get; set; }
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
