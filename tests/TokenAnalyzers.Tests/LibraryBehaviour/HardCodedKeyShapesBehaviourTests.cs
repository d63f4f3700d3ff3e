using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;
using static TokenAnalyzers.Tests.LibraryBehaviour.Toy;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA305's shapes of contract version 2 with the real library (IdentityModel 8.16.0): a zero-filled key and a
/// literal fallback are keys an attacker can rebuild; an empty fallback is no key at all (the constructor throws).
/// </summary>
[Trait("Rule", "TA305")]
public class HardCodedKeyShapesBehaviourTests
{
    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task A_zero_filled_key_accepts_a_token_signed_with_any_other_zero_filled_key(Handler handler)
    {
        var apiKey = new SymmetricSecurityKey(new byte[32]);
        var attackerKey = new SymmetricSecurityKey(new byte[32]);
        AssertAccepted(await Validate(handler, Create(attackerKey), Secure(apiKey)));
    }

    [Theory]
    [InlineData(Handler.JsonWebToken)]
    [InlineData(Handler.JwtSecurityToken)]
    public async Task A_literal_fallback_is_the_key_when_the_setting_is_missing(Handler handler)
    {
        const string Fallback = "default_secret_key_that_should_be_changed_in_production";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();

        var apiKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"] ?? Fallback));
        var fromGetValue = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration.GetValue<string>("Jwt:Key", Fallback)!));
        var attackerKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Fallback));

        AssertAccepted(await Validate(handler, Create(attackerKey), Secure(apiKey)));
        AssertAccepted(await Validate(handler, Create(attackerKey), Secure(fromGetValue)));

        // With the setting present the literal is no longer the key.
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jwt:Key"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()) }).Build();
        var configuredKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured["Jwt:Key"] ?? Fallback));
        Assert.False((await Validate(handler, Create(attackerKey), Secure(configuredKey))).IsValid);
    }

    [Fact]
    public void An_empty_fallback_or_an_empty_array_is_refused_by_the_constructor()
    {
        IConfiguration configuration = new ConfigurationBuilder().Build();
        var empty = Assert.Throws<ArgumentException>(() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"] ?? "")));
        Assert.Contains("IDX10703", empty.Message);
        Assert.Throws<ArgumentException>(() => new SymmetricSecurityKey(new byte[0]));
    }
}
