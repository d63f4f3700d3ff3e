using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using System.Threading;
using TokenAnalyzers.Roslyn;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// A member nested deeper than <see cref="NestingDepth.Limit"/> is reported (TA0002) instead of handed to the
/// compiler's recursive operation-tree builder, which overflows the stack of a 1 MB thread and ends the host process.
/// Up to the limit everything is analyzed, and the chains the compiler builds without recursion do not count.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
public class NestingDepthTests
{
    private const int ThreadStack = 1024 * 1024;

    [Fact]
    public Task A_member_nested_beyond_the_limit_is_reported_once_and_the_other_members_are_analyzed() => new AnalyzerTest(new DisabledValidationRule())
    {
        Sources =
        {
            Usings + $$"""
            class C
            {
                void Deep(TokenValidationParameters p)
                {
                    {{Blocks(NestingDepth.Limit + 100, "{|#0:p.ValidateIssuer = false|}; p.ValidateAudience = false;")}}
                }

                void Shallow(TokenValidationParameters p) => {|#1:p.ValidateAudience = false|};
            }
            """,
        },
        ExpectedDiagnostics =
        {
            ExpectedDiagnostic.Create("TA0002").WithLocation(0)
                .WithMessageContaining("every rule failed with System.InsufficientExecutionStackException: this member nests 505 levels deep, more than the 400"),
            ExpectedDiagnostic.Create("TA102").WithLocation(1),
        },
    }.RunAsync();

    [Fact]
    public Task A_member_nested_to_the_limit_is_analyzed() => new AnalyzerTest(new DisabledValidationRule())
    {
        Sources =
        {
            Usings + $$"""
            class C
            {
                void M(TokenValidationParameters p)
                {
                    {{Blocks(NestingDepth.Limit - 5, "{|#0:p.ValidateIssuer = false|};")}}
                }
            }
            """,
        },
        ExpectedDiagnostics = { ExpectedDiagnostic.Create("TA101").WithLocation(0) },
    }.RunAsync();

    [Fact]
    public Task Long_concatenations_and_pattern_chains_do_not_count_as_nesting() => new AnalyzerTest(new DisabledValidationRule())
    {
        Sources =
        {
            Usings + $$"""
            class C
            {
                void M(TokenValidationParameters p, string s, int n)
                {
                    var joined = "a"{{string.Concat(Enumerable.Repeat(" + s", 3000))}};
                    var small = n is 0{{string.Concat(Enumerable.Range(1, 1000).Select(i => $" or {i}"))}};
                    {|#0:p.ValidateIssuer = false|};
                }
            }
            """,
        },
        ExpectedDiagnostics = { ExpectedDiagnostic.Create("TA101").WithLocation(0) },
    }.RunAsync();

    [Fact]
    public Task A_tree_a_rule_asks_for_in_another_member_beyond_the_limit_is_reported_by_that_rule() => new AnalyzerTest(new TokenValidationAnalyzer())
    {
        Sources =
        {
            Usings + $$"""
            class C
            {
                static string Accept(string issuer, SecurityToken token, TokenValidationParameters parameters)
                {
                    {{Blocks(NestingDepth.Limit + 100, "return issuer;")}}
                }

                TokenValidationParameters P() => new TokenValidationParameters { {|#0:IssuerValidator = Accept|} };
            }
            """,
        },
        ExpectedDiagnostics =
        {
            // Both rules that read a validator's body (TA2xx accept-all, TA301 tenant) say that they could not.
            ExpectedDiagnostic.Create("TA0002").WithLocation(0)
                .WithMessageContaining("Rule) failed with System.InsufficientExecutionStackException: the code nests 503 levels deep"),
            ExpectedDiagnostic.Create("TA0002").WithLocation(0)
                .WithMessageContaining("Rule) failed with System.InsufficientExecutionStackException: the code nests 503 levels deep"),
        },
    }.RunAsync();

    public static TheoryData<string> Shapes() => new() { "blocks", "ifs", "lambdas", "calls" };

    /// <summary>
    /// The library fact behind the limit: for each recursive shape nested to <see cref="NestingDepth.Limit"/>, the
    /// compiler builds the operation tree on a 1 MB thread (a Windows host's default) after binding elsewhere. Should a
    /// Roslyn version need more stack per level, this test dies of a stack overflow, and the limit must come down.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_compiler_builds_the_operation_tree_of_a_member_at_the_limit_on_a_1_MB_thread(string shape)
    {
        var (atLimit, levels) = DeepestWithin(shape);
        Assert.True(NestingDepth.BeyondLimit(atLimit) == 0, $"{shape}: {levels} levels should be within the limit");
        Assert.True(NestingDepth.BeyondLimit(Member(shape, levels + 1)) > 0, $"{shape}: {levels + 1} levels should be beyond the limit");

        var model = CSharpCompilation.Create("Deep", [atLimit.SyntaxTree], TestReferences.WithoutTokenLibraries,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).GetSemanticModel(atLimit.SyntaxTree);
        Assert.Empty(model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        IOperation? operation = null;
        var thread = new Thread(() => operation = model.GetOperation(atLimit), ThreadStack);
        thread.Start();
        thread.Join();
        Assert.IsAssignableFrom<IMethodBodyOperation>(operation);
        Assert.True(operation!.Descendants().Count() > levels, $"{shape}: the operation tree holds every level");
    }

    /// <summary>The largest count of <paramref name="shape"/> whose member stays within the limit.</summary>
    private static (MethodDeclarationSyntax Member, int Levels) DeepestWithin(string shape)
    {
        var levels = 1;
        while (NestingDepth.BeyondLimit(Member(shape, levels + 1)) == 0)
        {
            levels++;
        }

        return (Member(shape, levels), levels);
    }

    private static MethodDeclarationSyntax Member(string shape, int levels)
    {
        var body = shape switch
        {
            "blocks" => Blocks(levels, "x = 1;"),
            "ifs" => string.Concat(Enumerable.Repeat("if (x > 0) { ", levels)) + "x = 1;" + new string('}', levels),
            "lambdas" => "Func<int, int> f = " + string.Concat(Enumerable.Repeat("a => { Func<int, int> g = ", levels)) + "b => b" + string.Concat(Enumerable.Repeat("; return 0; }", levels)) + ";",
            "calls" => "var s = new System.Text.StringBuilder()" + string.Concat(Enumerable.Repeat(".Append(1)", levels)) + ";",
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
        return CSharpSyntaxTree.ParseText("using System; class C { int x; void M() { " + body + " } }")
            .GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
    }

    private static string Blocks(int levels, string inside) => new string('{', levels) + " " + inside + " " + new string('}', levels);
}
