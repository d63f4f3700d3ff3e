using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>TA4xx: which APIs validate, which only parse, and how each reports failure.</summary>
[Trait("Rule", "TA304")]
[Trait("Rule", "TA307")]
[Trait("Rule", "TA308")]
[Trait("Rule", "TA401")]
[Trait("Rule", "TA402")]
[Trait("Rule", "TA403")]
public class UnvalidatedTokenTests
{
    private static readonly Dictionary<string, object> AdminClaims = new() { ["sub"] = "mallory", ["role"] = "admin" };

    private static string Forged() => Create(AttackerKey, claims: AdminClaims);

    // ---- TA402 ----

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task ValidateTokenAsync_returns_IsValid_false_without_throwing_for_a_forged_token(Handler handler)
    {
        var result = await Validate(handler, Forged(), Secure()); // does not throw
        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);

        // Control: a genuine token is valid.
        AssertAccepted(await Validate(handler, Create(TrustedKey), Secure()));
    }

    [Fact]
    public void Obsolete_JsonWebTokenHandler_ValidateToken_returns_IsValid_false_without_throwing_for_a_forged_token()
    {
#pragma warning disable CS0618 // the obsolete API is what TA402 covers
        var result = new JsonWebTokenHandler().ValidateToken(Forged(), Secure());
        var genuine = new JsonWebTokenHandler().ValidateToken(Create(TrustedKey), Secure());
#pragma warning restore CS0618
        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);

        AssertAccepted(genuine);
    }

    // ---- TA403 ----

    [Fact]
    public void JwtSecurityTokenHandler_ValidateToken_throws_a_SecurityTokenException_for_a_forged_token()
    {
        var ex = Assert.ThrowsAny<SecurityTokenException>(
            () => new JwtSecurityTokenHandler().ValidateToken(Forged(), Secure(), out _));
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(ex);

        // Control: a genuine token returns a principal.
        var principal = new JwtSecurityTokenHandler().ValidateToken(Create(TrustedKey), Secure(), out var validated);
        Assert.NotNull(principal);
        Assert.IsType<JwtSecurityToken>(validated);
    }

    // ---- TA401 ----

    [Fact]
    public async Task Read_APIs_parse_a_forged_token_and_expose_its_claims_without_validation()
    {
        var forged = Forged();

        // Control: the token is not valid.
        Assert.False((await new JsonWebTokenHandler().ValidateTokenAsync(forged, Secure())).IsValid);

        var viaReadJwtToken = new JwtSecurityTokenHandler().ReadJwtToken(forged);
        Assert.Contains(viaReadJwtToken.Claims, c => c.Type == "role" && c.Value == "admin");
        Assert.Equal("mallory", viaReadJwtToken.Subject);

        var viaReadToken = (JwtSecurityToken)new JwtSecurityTokenHandler().ReadToken(forged);
        Assert.Equal("admin", viaReadToken.Payload["role"]);

        var viaReadJsonWebToken = new JsonWebTokenHandler().ReadJsonWebToken(forged);
        Assert.Equal("admin", viaReadJsonWebToken.GetClaim("role").Value);
        Assert.Equal("mallory", viaReadJsonWebToken.Subject);

        var viaCtor = new JsonWebToken(forged);
        Assert.True(viaCtor.TryGetPayloadValue("role", out string role));
        Assert.Equal("admin", role);

        var viaJwtCtor = new JwtSecurityToken(forged);
        Assert.Equal("admin", viaJwtCtor.Claims.Single(c => c.Type == "role").Value);
    }
}
