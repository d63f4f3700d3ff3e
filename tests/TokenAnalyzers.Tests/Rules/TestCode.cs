namespace TokenAnalyzers.Tests.Rules;

/// <summary>Shared pieces of test inputs.</summary>
internal static class TestCode
{
    /// <summary>The usings most inputs need; inputs compile against the real libraries.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Options;
        using Microsoft.IdentityModel.Tokens;
        using Microsoft.IdentityModel.JsonWebTokens;
        using System.IdentityModel.Tokens.Jwt;

        """;
}
