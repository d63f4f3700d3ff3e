using System.IO;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// TA503: the configuration path the analyzer finds in code is the one the real configuration reads. Each case runs
/// the read on a real <see cref="IConfiguration"/> built by Microsoft.Extensions.Configuration's JSON provider (and
/// its binder and options), marks the JSON value the read returned, and then requires the analyzer to report exactly
/// that value and no other: the file has decoys at every near-miss path (another section, a property name that
/// [ConfigurationKeyName] renames, the same key at the top level).
/// </summary>
[Trait("Rule", "TA501")]
[Trait("Rule", "TA503")]
public class ConfigurationKeyPathTests
{
    private const string Json = """
        {
          "Key": "decoy-top-level-key",
          "Jwt": { "Key": "jwt-key-value-0123456789abcdef", "Secret": "decoy-jwt-secret" },
          "Auth": { "Jwt": { "Key": "auth-jwt-key-value-0123456789ab" } },
          "JwtSettings": { "SecretKey": "settings-secret-value-0123456789", "Key": "decoy-settings-key" },
          "App": { "Tokens": { "signing_key": "app-signing-key-value-012345678", "SigningKey": "decoy-property-name" } }
        }
        """;

    /// <summary>The options classes, once for the real binder (below) and once as source for the analyzed code.</summary>
    private const string OptionsSource = """
        public class JwtSettings { public string SecretKey { get; set; } = ""; public string Key { get; set; } = ""; }
        public class AppSettings { public TokenSettings Tokens { get; set; } = new(); }
        public class TokenSettings
        {
            [Microsoft.Extensions.Configuration.ConfigurationKeyName("signing_key")]
            public string SigningKey { get; set; } = "";
        }
        """;

    public class JwtSettings { public string SecretKey { get; set; } = ""; public string Key { get; set; } = ""; }

    public class AppSettings { public TokenSettings Tokens { get; set; } = new(); }

    public class TokenSettings
    {
        [ConfigurationKeyName("signing_key")]
        public string SigningKey { get; set; } = "";
    }

    /// <summary>(the read as the analyzed code writes it, the statements before it, the same read on a real configuration).</summary>
    public static TheoryData<string, string, string> Reads => new()
    {
        { "indexer", "", """configuration["Jwt:Key"]""" },
        { "indexer, other case", "", """configuration["JWT:key"]""" },
        { "GetSection indexer", "", """configuration.GetSection("Jwt")["Key"]""" },
        { "GetSection Value", "", """configuration.GetSection("Jwt:Key").Value""" },
        { "GetValue", "", """configuration.GetValue<string>("Jwt:Key")""" },
        { "nested sections", "", """configuration.GetSection("Auth").GetSection("Jwt").GetValue<string>("Key")""" },
        { "section in a local", """var section = configuration.GetSection("Auth:Jwt");""", """section["Key"]""" },
        { "Get<T>", "", """configuration.GetSection("JwtSettings").Get<JwtSettings>()!.SecretKey""" },
        { "Get<T> in a local", """var settings = configuration.GetSection("JwtSettings").Get<JwtSettings>()!;""", "settings.SecretKey" },
        { "Bind", """var bound = new JwtSettings(); configuration.Bind("JwtSettings", bound);""", "bound.SecretKey" },
        { "nested class, key name", """var app = configuration.GetSection("App").Get<AppSettings>()!;""", "app.Tokens.SigningKey" },
        { "Configure<T> and IOptions<T>", """var services = new ServiceCollection(); services.Configure<JwtSettings>(configuration.GetSection("JwtSettings")); var options = services.BuildServiceProvider().GetRequiredService<IOptions<JwtSettings>>();""", "options.Value.SecretKey" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public Task The_analyzer_reports_the_value_the_real_configuration_reads(string shape, string setup, string read)
    {
        var value = RealRead(shape, BuildConfiguration(Json));
        Assert.False(string.IsNullOrEmpty(value), shape);
        var marked = Json.Replace($"\"{value}\"", $"[|\"{value}\"|]", StringComparison.Ordinal);
        Assert.NotEqual(Json, marked);

        var test = new AnalyzerTest(new CommittedSigningKeyRule()) { DefaultDiagnosticId = "TA503" };
        test.Sources.Add(Usings + $$"""
            using System.Text;
            using Microsoft.Extensions.Configuration;

            {{OptionsSource}}

            static class Keys
            {
                public static SecurityKey Create(IConfiguration configuration)
                {
                    {{setup}}
                    return new SymmetricSecurityKey(Encoding.UTF8.GetBytes({{read}}));
                }
            }
            """);
        test.AdditionalFiles.Add(("/0/appsettings.json", marked));
        return test.RunAsync();
    }

    [Fact]
    public Task An_environment_file_on_top_of_the_base_file_is_what_that_environment_reads()
    {
        const string production = """{ "Jwt": { "Key": "production-jwt-key-0123456789ab" } }""";
        var baseOnly = BuildConfiguration(Json)["Jwt:Key"]!;
        var inProduction = BuildConfiguration(Json, production)["Jwt:Key"]!;
        Assert.Equal("jwt-key-value-0123456789abcdef", baseOnly);
        Assert.Equal("production-jwt-key-0123456789ab", inProduction);

        var test = new AnalyzerTest(new CommittedSigningKeyRule()) { DefaultDiagnosticId = "TA503" };
        test.Sources.Add(Usings + """
            using System.Text;
            using Microsoft.Extensions.Configuration;
            static class Keys { public static SecurityKey Create(IConfiguration c) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Jwt:Key"]!)); }
            """);
        test.AdditionalFiles.Add(("/0/appsettings.json", Json.Replace($"\"{baseOnly}\"", $"[|\"{baseOnly}\"|]", StringComparison.Ordinal)));
        test.AdditionalFiles.Add(("/0/appsettings.Production.json", production.Replace($"\"{inProduction}\"", $"[|\"{inProduction}\"|]", StringComparison.Ordinal)));
        return test.RunAsync();
    }

    private static IConfiguration BuildConfiguration(params string[] files)
    {
        var builder = new ConfigurationBuilder();
        foreach (var file in files)
        {
            builder.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(file)));
        }

        return builder.Build();
    }

    /// <summary>The same reads as <see cref="Reads"/>, run for real.</summary>
    private static string? RealRead(string shape, IConfiguration configuration)
    {
        switch (shape)
        {
            case "indexer": return configuration["Jwt:Key"];
            case "indexer, other case": return configuration["JWT:key"];
            case "GetSection indexer": return configuration.GetSection("Jwt")["Key"];
            case "GetSection Value": return configuration.GetSection("Jwt:Key").Value;
            case "GetValue": return configuration.GetValue<string>("Jwt:Key");
            case "nested sections": return configuration.GetSection("Auth").GetSection("Jwt").GetValue<string>("Key");
            case "section in a local":
                var section = configuration.GetSection("Auth:Jwt");
                return section["Key"];
            case "Get<T>": return configuration.GetSection("JwtSettings").Get<JwtSettings>()!.SecretKey;
            case "Get<T> in a local":
                var settings = configuration.GetSection("JwtSettings").Get<JwtSettings>()!;
                return settings.SecretKey;
            case "Bind":
                var bound = new JwtSettings();
                configuration.Bind("JwtSettings", bound);
                return bound.SecretKey;
            case "nested class, key name":
                var app = configuration.GetSection("App").Get<AppSettings>()!;
                return app.Tokens.SigningKey;
            case "Configure<T> and IOptions<T>":
                var services = new ServiceCollection();
                services.Configure<JwtSettings>(configuration.GetSection("JwtSettings"));
                return services.BuildServiceProvider().GetRequiredService<IOptions<JwtSettings>>().Value.SecretKey;
            default:
                throw new ArgumentException(shape);
        }
    }
}
