using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Cli.Tests
{
    /// <summary>What <c>--fix</c> reports as fixed, per file: only what fixes took out (round AU).</summary>
    public sealed class FixedCountsTests
    {
        private const string Path = "/src/Api/Hub.cs";

        private static readonly SyntaxTree Tree = CSharpSyntaxTree.ParseText("class Hub { }", path: Path);

        private static Diagnostic Finding(string id, int start) => Diagnostic.Create(
            new DiagnosticDescriptor(id, id, id, "Security", DiagnosticSeverity.Warning, isEnabledByDefault: true),
            Location.Create(Tree, new TextSpan(start, 1)));

        [Fact]
        public void A_finding_of_a_rule_without_a_fix_that_went_with_the_fixed_code_is_not_counted_as_fixed()
        {
            var before = ImmutableArray.Create(Finding("TA404", 0), Finding("TA404", 2), Finding("TA401", 4), Finding("TA101", 6));
            var after = ImmutableArray.Create(Finding("TA101", 6));

            var fixedById = FixRunner.FixedCounts(before, after, Path, id => id is "TA404" or "TA101");

            Assert.Equal(new Dictionary<string, int> { ["TA404"] = 2 }, fixedById);
        }

        [Fact]
        public void Findings_of_another_file_are_not_counted()
        {
            var other = CSharpSyntaxTree.ParseText("class Other { }", path: "/src/Api/Other.cs");
            var before = ImmutableArray.Create(Diagnostic.Create(
                new DiagnosticDescriptor("TA404", "TA404", "TA404", "Security", DiagnosticSeverity.Warning, isEnabledByDefault: true),
                Location.Create(other, new TextSpan(0, 1))));

            Assert.Empty(FixRunner.FixedCounts(before, ImmutableArray<Diagnostic>.Empty, Path, _ => true));
        }
    }
}
