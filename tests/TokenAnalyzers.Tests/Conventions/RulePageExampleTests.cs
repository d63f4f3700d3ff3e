using System.IO;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Conventions;

/// <summary>
/// Every rule page's examples say what the shipped analyzer does (<see cref="RulePageExamples"/>): the non-compliant
/// blocks produce the page's id and what their <c>// TAxxx</c> comments mark, the compliant blocks nothing.
/// </summary>
[Trait("Rule", "TA207")]
[Trait("Rule", "TA307")]
[Trait("Rule", "TA308")]
[Trait("Rule", "TA309")]
[Trait("Rule", "TA503")]
[Trait("Rule", "TA504")]
[Trait("Rule", "TA601")]
[Trait("Rule", "TA602")]
public class RulePageExampleTests
{
    /// <summary>
    /// Pages about another JWT library: the usings and names (members of <c>Example</c>) their examples take for
    /// granted, and the references. JWT.NET's root namespace <c>JWT</c> hides jose-jwt's <c>Jose.JWT</c>, so, as in
    /// the rule tests and in a real project, an example compiles with one of the two only.
    /// </summary>
    internal static readonly Dictionary<string, RulePageExamples.Library> OtherLibraries = new()
    {
        ["TA601"] = new("using JWT;\nusing JWT.Algorithms;\nusing JWT.Builder;\nusing JWT.Serializers;\nusing System.Text.Json;\n", "IJwtDecoder decoder = null!;", () => Rules.JwtNetVersions.Jwt7),
        ["TA602"] = new("using Jose;\nusing System.Text.Json;\n", "", Rules.JwtNetVersions.WithoutJwt),

        // Not another library, but a version of one: TA502 reports only where JwtBearer 7.0.0-8.0.6 binds the section.
        ["TA502"] = new("", "", () => TestReferences.Override(TestReferences.All, [TestReferences.JwtBearer("7.0.11")])),
    };

    /// <summary>
    /// Pages whose examples are compiled in another test project, because they need a library this one cannot
    /// reference: TA504's examples need Microsoft.Identity.Web, which needs IdentityModel and JwtBearer versions this
    /// project does not pin (TokenAnalyzers.IdentityWeb.Tests runs them through the same <see cref="RulePageExamples"/>).
    /// </summary>
    private static readonly Dictionary<string, string> PagesCompiledElsewhere = new()
    {
        ["TA504"] = "tests/TokenAnalyzers.IdentityWeb.Tests/Rules/OpenTenantPageExampleTests.cs",
    };

    public static TheoryData<string> RulePages()
    {
        var data = new TheoryData<string>();
        foreach (var d in ShippedRules.UniqueDescriptors.Where(d => !PagesCompiledElsewhere.ContainsKey(d.Id)))
        {
            data.Add(d.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RulePages))]
    public async Task The_page_examples_report_what_they_say(string id) =>
        DescriptorConventionTests.AssertNoFailures(await RulePageExamples.VerifyAsync(id, OtherLibraries.TryGetValue(id, out var library) ? library : RulePageExamples.Library.Default));

    [Fact]
    public void A_page_compiled_elsewhere_is_verified_there()
    {
        foreach (var (id, test) in PagesCompiledElsewhere)
        {
            Assert.Contains(ShippedRules.UniqueDescriptors, d => d.Id == id);
            var path = ShippedRules.RepoPath(test.Split('/'));
            Assert.True(File.Exists(path), $"{test} (which verifies the {id} page) is missing");
            Assert.Contains($"RulePageExamples.VerifyAsync(\"{id}\"", File.ReadAllText(path), StringComparison.Ordinal);
        }
    }
}
