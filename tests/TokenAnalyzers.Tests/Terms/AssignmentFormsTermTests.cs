using TokenAnalyzers.Rules;
using static TokenAnalyzers.Tests.Terms.TermTest;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// RULES.md, Terms, "Assignment forms": deconstruction, <c>??=</c> and compound assignments are assignments for every
/// property rule; a deconstruction is reported at the element it sets (one may set several properties).
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA106")]
[Trait("Rule", "TA107")]
[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
[Trait("Rule", "TA304")]
[Trait("Rule", "TA306")]
public class AssignmentFormsTermTests
{
    private static readonly Engine.TokenRule[] PropertyRules =
    {
        new DisabledValidationRule(), new ClockSkewRule(), new InsecureMetadataRule(), new AcceptAllValidatorRule(), new NoneAlgorithmRule(), new KeyResolverRule(),
    };

    [Fact]
    public Task Deconstruction_is_an_assignment_of_each_element() => VerifyAsync(PropertyRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, SecurityKey[] keys)
            {
                ({|TA101:p.ValidateIssuer|}, {|TA102:p.ValidateAudience|}) = (false, false);
                ({|TA103:p.ValidateLifetime|}, p.RequireSignedTokens) = (false, true);
                ({|TA106:p.ClockSkew|}, ({|TA105:p.RequireExpirationTime|}, {|TA107:o.RequireHttpsMetadata|})) = (TimeSpan.FromDays(1), (false, false));
                ({|TA107:o.Authority|}, o.Audience) = ("http://issuer.example.com", "api");
                ({|TA202:p.IssuerValidator|}, {|TA306:p.ValidAlgorithms|}) = ((issuer, token, parameters) => issuer, new[] { SecurityAlgorithms.None });
                ({|TA304:p.IssuerSigningKeyResolver|}, _) = ((token, securityToken, kid, parameters) => keys, 0);
            }
        }
        """);

    [Fact]
    public Task Deconstruction_of_values_that_cannot_be_seen_or_are_safe_is_not_reported() => VerifyAsync(PropertyRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, bool a, bool b)
            {
                (p.ValidateIssuer, p.ValidateAudience) = Flags();
                (p.ValidateIssuer, p.ValidateAudience) = (true, a);
                (p.ValidateLifetime, p.ClockSkew) = (b, TimeSpan.FromMinutes(1));
                (o.Authority, o.RequireHttpsMetadata) = ("https://issuer.example.com", true);
                var (x, y) = (false, false);
                (a, b) = (false, false);
            }

            static (bool, bool) Flags() => (false, false);
        }
        """);

    [Fact]
    public Task A_real_validator_set_in_a_deconstruction_exempts_the_flag() => VerifyAsync(PropertyRules, """
        class C
        {
            void M(TokenValidationParameters p)
            {
                (p.ValidateIssuer, p.IssuerValidator) = (false, (issuer, token, parameters) => issuer == "https://issuer.example.com" ? issuer : throw new SecurityTokenInvalidIssuerException());
            }
        }
        """);

    [Fact]
    public Task Coalescing_assignments_are_assignments() => VerifyAsync(PropertyRules, """
        class C
        {
            void M(JwtBearerOptions o, TokenValidationParameters? p)
            {
                o.TokenValidationParameters ??= new TokenValidationParameters { {|TA101:ValidateIssuer = false|} };
                {|TA202:o.TokenValidationParameters.IssuerValidator ??= (issuer, token, parameters) => issuer|};
                {|TA203:o.TokenValidationParameters.AudienceValidator ??= (audiences, token, parameters) => true|};
                {|TA306:o.TokenValidationParameters.ValidAlgorithms ??= new[] { "none" }|};
                {|TA107:o.Authority ??= "http://issuer.example.com"|};
                {|TA107:o.MetadataAddress ??= "http://issuer.example.com/.well-known/openid-configuration"|};
                {|TA102:(p ??= new()).ValidateAudience = false|};
                o.Authority ??= "https://issuer.example.com";
                o.TokenValidationParameters.ValidIssuer ??= "https://issuer.example.com";
            }
        }
        """);

    [Fact]
    public Task A_real_validator_set_with_a_coalescing_assignment_exempts_the_flag() => VerifyAsync(PropertyRules, """
        class C
        {
            void M(JwtBearerOptions o)
            {
                o.TokenValidationParameters.ValidateAudience = false;
                o.TokenValidationParameters.AudienceValidator ??= (audiences, token, parameters) => audiences.Contains("api") ? true : throw new SecurityTokenInvalidAudienceException();
            }
        }
        """);

    [Fact]
    public Task Compound_assignments_are_assignments() => VerifyAsync(PropertyRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, bool flag)
            {
                {|TA101:p.ValidateIssuer &= false|};
                {|TA102:p.ValidateAudience &= !true|};
                p.ValidateLifetime &= flag;
                p.RequireSignedTokens |= flag;
                o.TokenValidationParameters.ValidateIssuer |= false;
                p.ClockSkew += TimeSpan.FromSeconds(1);
            }
        }
        """);
}
