namespace TokenAnalyzers.Tests.Rules;

/// <summary>Usings for Entra ID inputs (TA3xx): the common ones plus OpenID Connect protocols.</summary>
internal static class EntraTestCode
{
    public const string Usings = TestCode.Usings + """
        using Microsoft.IdentityModel.Protocols;
        using Microsoft.IdentityModel.Protocols.OpenIdConnect;

        """;

    /// <summary>What the TA301/TA302 fixes add after the last using.</summary>
    public const string FixedUsings = Usings + """
        using Microsoft.IdentityModel.Validators;

        """;
}
