using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA106")]
public class ClockSkewRuleTests
{
    [Theory]
    [InlineData("TimeSpan.FromMinutes(10)")]
    [InlineData("TimeSpan.FromMinutes(5.5)")]
    [InlineData("TimeSpan.FromHours(1)")]
    [InlineData("TimeSpan.FromDays(1)")]
    [InlineData("TimeSpan.FromSeconds(301)")]
    [InlineData("TimeSpan.FromMilliseconds(300_001)")]
    [InlineData("TimeSpan.FromTicks(TimeSpan.TicksPerHour)")]
    [InlineData("TimeSpan.FromMinutes(4, 61)")]
    [InlineData("new TimeSpan(0, 10, 0)")]
    [InlineData("new TimeSpan(1, 0, 0, 0)")]
    [InlineData("new TimeSpan(36_000_000_000)")]
    [InlineData("TimeSpan.MaxValue")]
    public Task A_constant_skew_above_the_default_limit_is_reported(string value) =>
        Verify.AnalyzerAsync<ClockSkewRule>(Usings + $$"""
            class C
            {
                TokenValidationParameters P = new TokenValidationParameters { [|ClockSkew = {{value}}|] };
            }
            """);

    [Theory]
    [InlineData("TimeSpan.FromMinutes(5)")]
    [InlineData("TimeSpan.FromSeconds(30)")]
    [InlineData("TimeSpan.Zero")]
    [InlineData("new TimeSpan(0, 5, 0)")]
    [InlineData("TimeSpan.FromMinutes(minutes)")]
    [InlineData("configured")]
    [InlineData("TimeSpan.Parse(\"01:00:00\")")]
    public Task A_skew_at_or_below_the_limit_or_not_constant_is_not_reported(string value) =>
        Verify.AnalyzerAsync<ClockSkewRule>(Usings + $$"""
            class C
            {
                void M(TokenValidationParameters p, double minutes, TimeSpan configured) { p.ClockSkew = {{value}}; }
            }
            """);

    /// <summary>
    /// Terms, "Values and reads": a value flows through a single-assignment local, readonly field or static readonly
    /// field (real code: <c>ClockSkew = Jwt.TokenLifetime</c>, a static readonly one day). A field written twice, or a
    /// settable one, is not followed.
    /// </summary>
    [Fact]
    public Task A_constant_skew_through_a_local_or_readonly_field_is_reported() => Verify.AnalyzerAsync<ClockSkewRule>(Usings + """
        static class Jwt
        {
            public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(1);
        }

        class C
        {
            private static readonly TimeSpan Skew = TimeSpan.FromHours(2);
            private readonly TimeSpan _skew = TimeSpan.FromMinutes(30);
            private readonly TimeSpan _reassigned = TimeSpan.FromHours(1);
            private TimeSpan _settable = TimeSpan.FromHours(1);

            C(bool strict) { if (strict) _reassigned = TimeSpan.Zero; }

            void M(TokenValidationParameters p)
            {
                [|p.ClockSkew = Skew|];
                [|p.ClockSkew = Jwt.TokenLifetime|];
                [|p.ClockSkew = _skew|];
                var local = TimeSpan.FromHours(3);
                [|p.ClockSkew = local|];
                p.ClockSkew = _reassigned;
                p.ClockSkew = _settable;
                var small = TimeSpan.FromMinutes(1);
                p.ClockSkew = small;
            }
        }
        """);

    [Fact]
    public Task The_limit_comes_from_editorconfig() => new AnalyzerTest(new ClockSkewRule())
    {
        EditorConfig = "root = true\n\n[*.cs]\ntoken_analyzers.max_clock_skew = 00:15:00\n",
        Sources =
        {
            Usings + """
            class C
            {
                void M(TokenValidationParameters p)
                {
                    p.ClockSkew = TimeSpan.FromMinutes(10);
                    {|#0:p.ClockSkew = TimeSpan.FromMinutes(20)|};
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA106").WithLocation(0).WithArguments("00:20:00", "00:15:00"),
        },
    }.RunAsync();

    [Fact]
    public Task The_message_names_the_value_and_the_default_limit() => new AnalyzerTest(new ClockSkewRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                JwtBearerOptions O = new JwtBearerOptions { TokenValidationParameters = { {|#0:ClockSkew = TimeSpan.FromHours(1)|} } };
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA106").WithLocation(0).WithArguments("01:00:00", "00:05:00"),
        },
    }.RunAsync();

    [Fact]
    public Task Fix_removes_the_skew() => Verify.CodeFixAsync<ClockSkewRule, RemoveAssignmentCodeFixProvider>(
        Usings + """
        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    [|o.TokenValidationParameters.ClockSkew = TimeSpan.FromHours(2)|];
                    o.Audience = "api";
                });
        }
        """,
        Usings + """
        class C
        {
            void M(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Audience = "api";
                });
        }
        """);
}
