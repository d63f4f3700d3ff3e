using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using TokenAnalyzers.CodeFixes;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// Fix All fixes the ids it is asked about, whatever action it was started from. `dotnet format analyzers
/// --diagnostics TA101 TA102 ...` runs Fix All for each id with the equivalence key of the action the first
/// diagnostic of the document offered, which may belong to another id; filtering by that key silently fixed nothing.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
public class FixAllRequestedIdsTests
{
    private const string Source = Usings + """
        class C
        {
            TokenValidationParameters P(SecurityKey key) => new TokenValidationParameters
            {
                IssuerSigningKey = key,
                ValidIssuer = "https://issuer.example.com",
                ValidAudience = "api://orders",
                ValidateIssuer = false,
                ValidateAudience = false,
                RequireSignedTokens = false,
            };
        }
        """;

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task Fix_All_for_one_id_started_from_another_id_s_action_fixes_that_id(FixAllScope scope)
    {
        var fixedText = await FixAllAsync(scope, ImmutableHashSet.Create("TA102"), RemoveAssignmentCodeFixProvider.EquivalenceKey("TA101"));

        Assert.DoesNotContain("ValidateAudience = false", fixedText);
        Assert.Contains("ValidateIssuer = false", fixedText); // only the id asked for
        Assert.Contains("RequireSignedTokens = false", fixedText);
    }

    [Fact]
    public async Task Fix_All_for_several_ids_fixes_each_of_them_and_nothing_else()
    {
        var fixedText = await FixAllAsync(FixAllScope.Solution, ImmutableHashSet.Create("TA101", "TA104"), RemoveAssignmentCodeFixProvider.EquivalenceKey("TA102"));

        Assert.DoesNotContain("ValidateIssuer = false", fixedText);
        Assert.DoesNotContain("RequireSignedTokens = false", fixedText);
        Assert.Contains("ValidateAudience = false", fixedText);
        Assert.Empty(CSharpSyntaxTree.ParseText(fixedText).GetDiagnostics());
    }

    private static async Task<string> FixAllAsync(FixAllScope scope, ImmutableHashSet<string> ids, string equivalenceKey)
    {
        var analyzer = new TokenValidationAnalyzer(new DisabledValidationRule());
        var runner = new DiagnosticRunner(ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(analyzer));
        var spec = new TestSolutionSpec(
            ImmutableArray.Create(ImmutableArray.Create(new TestFile("/0/Test0.cs", Source))),
            ImmutableArray<TestFile>.Empty,
            EditorConfig: null,
            GlobalConfig: null,
            OutputKind.DynamicallyLinkedLibrary,
            LanguageVersion.Preview,
            ImmutableArray<string>.Empty,
            ReferenceTokenLibraries: true);
        var solution = spec.Build();
        var document = solution.Projects.Single().Documents.Single();
        var provider = new RemoveAssignmentCodeFixProvider();
        var context = new FixAllContext(document, provider, scope, equivalenceKey, ids, new FixAllRunner.AnalyzerDiagnosticProvider(runner), CancellationToken.None);

        var action = await provider.GetFixAllProvider()!.GetFixAsync(context) ?? throw new InvalidOperationException("Fix All offered nothing.");
        var fixedSolution = await CodeFixRunner.ApplyAsync(action, CancellationToken.None);
        var text = await fixedSolution.GetDocument(document.Id)!.GetTextAsync();
        return text.ToString();
    }
}
