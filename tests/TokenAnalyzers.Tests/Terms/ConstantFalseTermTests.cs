using TokenAnalyzers.Rules;
using static TokenAnalyzers.Tests.Terms.TermTest;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// RULES.md, Terms, "Constant false": folded operators the compiler does not fold (<c>x &amp;&amp; false</c>), and
/// conditionals on a development test: false in production is reported by every rule; false in development only is
/// reported by every rule but those that skip development-only code (TA107 here).
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA107")]
public class ConstantFalseTermTests
{
    private static readonly Engine.TokenRule[] FlagRules = { new DisabledValidationRule(), new InsecureMetadataRule() };

    [Fact]
    public Task Operators_with_an_absorbing_constant_are_constant() => VerifyAsync(FlagRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, bool strict, Func<bool> check)
            {
                {|TA101:p.ValidateIssuer = strict && false|};
                {|TA102:p.ValidateAudience = false & check()|};
                {|TA103:p.ValidateLifetime = !(strict || true)|};
                {|TA104:p.RequireSignedTokens = strict ? false : false|};
                {|TA107:o.RequireHttpsMetadata = !true && strict|};
            }
        }
        """);

    [Fact]
    public Task Operators_without_an_absorbing_constant_are_not_constant() => VerifyAsync(FlagRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, bool strict)
            {
                p.ValidateIssuer = strict || false;
                p.ValidateAudience = strict && true;
                p.ValidateLifetime = strict ? false : true;
                p.RequireSignedTokens = !strict;
                o.RequireHttpsMetadata = strict ? true : false;
            }
        }
        """);

    [Fact]
    public Task False_outside_development_is_reported_by_every_rule() => VerifyAsync(FlagRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, IHostEnvironment env, bool strict)
            {
                {|TA101:p.ValidateIssuer = !env.IsDevelopment() ? false : strict|};
                {|TA102:p.ValidateAudience = env.IsDevelopment() ? strict : false|};
                {|TA107:o.RequireHttpsMetadata = !env.IsDevelopment() ? false : true|};
                var isDev = env.IsDevelopment();
                {|TA103:p.ValidateLifetime = isDev ? true : false|};
            }
        }
        """);

    [Fact]
    public Task False_in_development_only_is_reported_except_by_the_rules_that_skip_development_only_code() => VerifyAsync(FlagRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, IHostEnvironment env)
            {
                {|TA101:p.ValidateIssuer = env.IsDevelopment() ? false : true|};
                {|TA102:p.ValidateAudience = !env.IsDevelopment() ? true : false|};
                o.RequireHttpsMetadata = env.IsDevelopment() ? false : true;
                o.RequireHttpsMetadata = env.IsEnvironment("Development") ? false : true;
                o.RequireHttpsMetadata = !env.IsDevelopment() ? true : false;
                var isDev = env.IsDevelopment();
                o.RequireHttpsMetadata = isDev ? false : true;
            }
        }
        """);

    [Fact]
    public Task False_in_development_only_is_reported_by_TA107_when_the_option_asks() => VerifyAsync(FlagRules, """
        class C
        {
            void M(JwtBearerOptions o, IHostEnvironment env) => {|TA107:o.RequireHttpsMetadata = env.IsDevelopment() ? false : true|};
        }
        """, ReportDevelopmentOnly);

    [Fact]
    public Task A_conditional_on_a_test_that_is_not_development_only_is_not_constant() => VerifyAsync(FlagRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, IHostEnvironment env, Microsoft.Extensions.Configuration.IConfiguration cfg)
            {
                p.ValidateIssuer = env.IsDevelopment() || env.IsStaging() ? false : true;
                p.ValidateAudience = env.IsEnvironment("Staging") ? false : true;
                p.ValidateLifetime = cfg["Relaxed"] == "yes" ? false : true;
                o.RequireHttpsMetadata = env.IsProduction() ? true : false;
                o.RequireHttpsMetadata = env.IsDevelopment();
            }
        }
        """);

    [Fact]
    public Task Compound_assignments_fold_with_the_property() => VerifyAsync(FlagRules, """
        class C
        {
            void M(TokenValidationParameters p, JwtBearerOptions o, bool strict)
            {
                {|TA104:p.RequireSignedTokens &= false|};
                {|TA107:o.RequireHttpsMetadata &= false|};
                p.ValidateIssuer &= strict;
                p.ValidateAudience |= false;
                p.ValidateLifetime |= true;
                p.RequireExpirationTime ^= false;
            }
        }
        """);
}
