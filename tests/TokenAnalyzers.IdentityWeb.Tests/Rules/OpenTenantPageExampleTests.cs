using TokenAnalyzers.Tests.Conventions;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA504's page examples, checked like every other page (<see cref="RulePageExamples"/>) but here, where they compile
/// against the real Microsoft.Identity.Web 4.18.0: the non-compliant pair (Program.cs and an appsettings.json with
/// "TenantId": "common") produces TA504, the compliant blocks (a named tenant; a tenant check in OnTokenValidated)
/// nothing.
/// </summary>
[Trait("Rule", "TA504")]
public class OpenTenantPageExampleTests
{
    /// <summary>
    /// Identity.Web's namespace, the application's own tenant store the compliant example asks, and only the ambient
    /// name the examples use: TA504 looks for a tenant check in the whole project, and the other pages' ambient names
    /// include an issuer list, which is one.
    /// </summary>
    private static readonly RulePageExamples.Library IdentityWeb = new(
        "using Microsoft.Identity.Web;\n",
        "interface ITenantStore { Task<bool> IsCustomerAsync(string tenantId); }",
        () => TestReferences.All,
        RulePageExamples.Usings + "\n\npartial class Example\n{\n    WebApplicationBuilder builder = null!;\n}\n");

    [Fact]
    public async Task The_page_examples_report_what_they_say()
    {
        var failures = await RulePageExamples.VerifyAsync("TA504", IdentityWeb);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
