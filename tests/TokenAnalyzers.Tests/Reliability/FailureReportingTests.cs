using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// TA0002: an exception inside a rule is reported at the node it was analyzing, in every build configuration, and
/// costs nothing else: the other rules' findings at the same node and the same rule's findings at later nodes stay.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
public class FailureReportingTests
{
    [Fact]
    public Task A_throwing_rule_is_reported_at_its_node_and_every_other_finding_survives() => new AnalyzerTest(
        new ThrowingRule("ValidateIssuer"), new DisabledValidationRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                TokenValidationParameters P() => new TokenValidationParameters
                {
                    {|#0:ValidateIssuer = false|},
                    {|#1:ValidateAudience = false|},
                };

                void M(TokenValidationParameters p) => {|#2:p.ValidateLifetime = false|};
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA0002").WithLocation(0)
                .WithMessageContaining("TEST0002 (ThrowingRule) failed with System.InvalidOperationException: thrown on purpose by the test (at TokenAnalyzers.Tests.Reliability.FailureReportingTests.ThrowingRule"),
            ExpectedDiagnostic.Create("TA101").WithLocation(0),
            ExpectedDiagnostic.Create("TA102").WithLocation(1),
            ExpectedDiagnostic.Create("TA103").WithLocation(2),
        },
    }.RunAsync();

    [Fact]
    public Task A_rule_that_throws_on_every_node_loses_no_other_rule_s_finding_in_the_file() => new AnalyzerTest(
        new ThrowingRule("ValidateIssuer", "ValidateAudience"), new DisabledValidationRule())
    {
        Sources =
        {
            Usings + """
            class C
            {
                void M(TokenValidationParameters p)
                {
                    {|#0:p.ValidateIssuer = false|};
                    {|#1:p.ValidateAudience = false|};
                    {|#2:p.RequireSignedTokens = false|};
                }
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA0002").WithLocation(0),
            ExpectedDiagnostic.Create("TA101").WithLocation(0),
            ExpectedDiagnostic.Create("TA0002").WithLocation(1),
            ExpectedDiagnostic.Create("TA102").WithLocation(1),
            ExpectedDiagnostic.Create("TA104").WithLocation(2),
        },
    }.RunAsync();

    [Fact]
    public Task A_rule_that_cannot_start_is_reported_once_and_the_other_rules_still_run() => new AnalyzerTest(
        new ThrowingRule(throwAtStart: true), new DisabledValidationRule())
    {
        Sources =
        {
            "{|#0:|}" + Usings + "class C { void M(TokenValidationParameters p) => {|#1:p.ValidateIssuer = false|}; }",
            Usings + "class D { void M(TokenValidationParameters p) => {|#2:p.ValidateAudience = false|}; }",
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA0002").WithLocation(0).WithMessageContaining("TEST0002 (ThrowingRule) failed with System.InvalidOperationException: thrown on purpose by the test"),
            ExpectedDiagnostic.Create("TA101").WithLocation(1),
            ExpectedDiagnostic.Create("TA102").WithLocation(2),
        },
    }.RunAsync();

    [Fact]
    public async Task The_verifier_fails_a_test_whose_rule_reports_an_internal_failure_it_did_not_expect()
    {
        var test = new AnalyzerTest(new ThrowingRule("ValidateIssuer"), new DisabledValidationRule())
        {
            Sources = { Usings + "class C { void M(TokenValidationParameters p) => {|TA101:p.ValidateIssuer = false|}; }" },
        };

        var failure = await Assert.ThrowsAsync<VerificationException>(() => test.RunAsync());
        Assert.Contains("TA0002", failure.Message);
    }

    [Fact]
    public void The_failure_report_is_info_enabled_by_default_and_supported_by_the_shipped_analyzer()
    {
        var analyzer = new TokenValidationAnalyzer();
        var descriptor = Assert.Single(analyzer.SupportedDiagnostics, d => d.Id == RuleIds.CouldNotAnalyze);
        Assert.Equal(DiagnosticSeverity.Info, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
    }

    /// <summary>A rule that throws for assignments to the given names: the bug every guard must survive.</summary>
    private sealed class ThrowingRule : TokenRule
    {
        private static readonly DiagnosticDescriptor Never = Descriptors.Create(
            "TEST0002", "Never reported", "Never reported", "A test rule that only throws.");

        private readonly string[] _names;
        private readonly bool _throwAtStart;

        public ThrowingRule(params string[] names) => _names = names;

        public ThrowingRule(bool throwAtStart)
        {
            _names = [];
            _throwAtStart = throwAtStart;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            if (_throwAtStart)
            {
                Throw();
            }

            start.OnAssignment(_names, ValueFilter.Any, _ => Throw());
        }

        private static void Throw() => throw new InvalidOperationException("thrown on purpose by the test");
    }
}
