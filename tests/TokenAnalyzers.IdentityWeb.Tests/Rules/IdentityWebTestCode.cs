namespace TokenAnalyzers.Tests.Rules;

/// <summary>The usings of the rule tests whose inputs compile against the real Microsoft.Identity.Web.</summary>
internal static class IdentityWebTestCode
{
    public const string Usings = TestCode.Usings + """
        using System.Security.Claims;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Identity.Web;

        """;
}
