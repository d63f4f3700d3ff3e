using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// The rules find the library's types by name, so they must work with every Microsoft.IdentityModel that RULES.md
/// supports, not only with the 8.x the other tests compile against: the same inputs, compiled against the oldest
/// 6.x and 7.x served (6.33.0, 7.7.3), give the same findings. A rule that used a member those versions lack, or a
/// type that moved, would go silent here.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA106")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA305")]
[Trait("Rule", "TA401")]
public class IdentityModelVersionTests
{
    public static TheoryData<string> Versions => new() { "6.33.0", "7.7.3" };

    private static Task VerifyAsync<TRule>(string version, string markup)
        where TRule : TokenRule, new()
    {
        var test = new AnalyzerTest(new TRule());
        test.Sources.Add(Usings + markup);
        foreach (var path in TestReferences.IdentityModel(version))
        {
            test.ReferenceOverrides.Add(path);
        }

        return test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void The_inputs_compile_against_that_version(string version)
    {
        // The override must replace the test host's 8.x, or every test here would test 8.x again.
        var references = TestReferences.Override(TestReferences.All, TestReferences.IdentityModel(version));
        var tokens = Assert.Single(references, r => Path.GetFileName(((PortableExecutableReference)r).FilePath) == "Microsoft.IdentityModel.Tokens.dll");
        var compilation = CSharpCompilation.Create("V", references: references);
        var assembly = Assert.IsAssignableFrom<IAssemblySymbol>(compilation.GetAssemblyOrModuleSymbol(tokens));
        Assert.Equal(new Version(version + ".0"), assembly.Identity.Version);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public Task Switched_off_checks(string version) => VerifyAsync<DisabledValidationRule>(version, """
        class C
        {
            TokenValidationParameters P() => new TokenValidationParameters
            {
                ValidIssuer = "https://issuer.example.com",
                {|TA101:ValidateIssuer = false|},
                {|TA104:RequireSignedTokens = false|},
            };
        }
        """);

    [Theory]
    [MemberData(nameof(Versions))]
    public Task Clock_skew(string version) => VerifyAsync<ClockSkewRule>(version, """
        class C
        {
            TokenValidationParameters P() => new TokenValidationParameters { [|ClockSkew = TimeSpan.FromHours(2)|] };
        }
        """);

    [Theory]
    [MemberData(nameof(Versions))]
    public Task Accept_all_issuer_validator(string version) => VerifyAsync<AcceptAllValidatorRule>(version, """
        class C
        {
            void M(TokenValidationParameters p) => {|TA202:p.IssuerValidator = (issuer, token, parameters) => issuer|};
        }
        """);

    [Theory]
    [MemberData(nameof(Versions))]
    public Task Hard_coded_key(string version) => VerifyAsync<HardCodedKeyRule>(version, "using System.Text;\n" + """
        class C
        {
            SecurityKey K() => {|TA305:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-literal-signing-secret-0123456789abcdef"))|};
        }
        """);

    [Theory]
    [MemberData(nameof(Versions))]
    public Task Claims_of_an_unvalidated_token(string version) => VerifyAsync<UnvalidatedClaimsRule>(version, """
        class C
        {
            string UserId(string token)
            {
                var jwt = [|new JwtSecurityTokenHandler().ReadJwtToken(token)|];
                return jwt.Claims.First(c => c.Type == "sub").Value;
            }
        }
        """);
}
