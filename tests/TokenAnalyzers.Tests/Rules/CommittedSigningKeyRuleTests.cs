using System.Collections.Immutable;
using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>TA503: a configuration value that the code turns into a SymmetricSecurityKey is committed in appsettings*.json.</summary>
[Trait("Rule", "TA503")]
public class CommittedSigningKeyRuleTests
{
    private const string ConfigUsings = Usings + """
        using System.Text;
        using Microsoft.Extensions.Configuration;

        """;

    /// <summary>The tutorial shape: the key read with the indexer and turned into the bearer scheme's key.</summary>
    private const string IndexerKey = ConfigUsings + """
        static class Auth
        {
            public static void AddAuth(IServiceCollection services, IConfiguration configuration) =>
                services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = configuration["Jwt:Issuer"],
                    ValidAudience = configuration["Jwt:Audience"],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!)),
                });
        }
        """;

    private static Task VerifyAsync(string source, params (string Path, string Json)[] files)
    {
        var test = new AnalyzerTest(new CommittedSigningKeyRule()) { DefaultDiagnosticId = "TA503" };
        test.Sources.Add(source);
        foreach (var file in files)
        {
            test.AdditionalFiles.Add(file);
        }

        return test.RunAsync();
    }

    [Fact]
    public Task Key_read_with_the_indexer_is_reported_at_its_value_and_nothing_else() => VerifyAsync(IndexerKey, ("/0/appsettings.json", """
        {
          "Jwt": {
            "Issuer": "https://api.example.com",
            "Audience": "api://orders",
            "Key": [|"ThisIsMySuperSecretKeyForJwtTokens123!"|]
          }
        }
        """));

    [Fact]
    public Task Message_names_the_path_and_the_code_that_uses_it()
    {
        var test = new AnalyzerTest(new CommittedSigningKeyRule());
        test.NamedSources.Add(("/0/Auth.cs", IndexerKey));
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Jwt": { "Key": {|#0:"ThisIsMySuperSecretKeyForJwtTokens123!"|} } }"""));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA503").WithLocation(0).WithMessage(
            "'Jwt:Key' is a signing key committed in this file (the code at Auth.cs line 22): everyone who can read the repository can sign tokens the application accepts; keep the key out of the repository (user secrets, environment, a key vault) and rotate it"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("""configuration["Jwt:Key"]""")]
    [InlineData("""configuration["jwt:KEY"]""")]
    [InlineData("""configuration.GetValue<string>("Jwt:Key")""")]
    [InlineData("""configuration.GetValue<string>("Jwt:Key", "")""")]
    [InlineData("""ConfigurationBinder.GetValue<string>(configuration, "Jwt:Key")""")]
    [InlineData("""configuration.GetSection("Jwt")["Key"]""")]
    [InlineData("""configuration.GetSection("Jwt:Key").Value""")]
    [InlineData("""configuration.GetRequiredSection("Jwt").GetSection("Key").Value""")]
    [InlineData("""configuration.GetSection("Jwt").GetValue<string>("Key")""")]
    [InlineData("""configuration["Jwt:Key"] ?? throw new InvalidOperationException("no key")""")]
    [InlineData("""configuration["Jwt:Key"] ?? "fallback-secret" """)]
    // Round AE (a public API's Program.cs): the binder reads the section's value as a string.
    [InlineData("""configuration.GetSection("Jwt:Key").Get<string>()""")]
    public Task Every_direct_read_shape_is_followed(string read) => VerifyAsync(
        ConfigUsings + $$"""
        class TokenService
        {
            private readonly IConfiguration configuration;
            public TokenService(IConfiguration configuration) => this.configuration = configuration;
            public SecurityKey Key() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes({{read}}!));
        }
        """,
        ("/0/appsettings.json", """{ "Jwt": { "Key": [|"ThisIsMySuperSecretKeyForJwtTokens123!"|] } }"""));

    [Fact]
    public Task Locals_sections_base64_and_target_typed_creation_are_followed() => VerifyAsync(
        ConfigUsings + """
        class Startup
        {
            void Configure(WebApplicationBuilder builder)
            {
                var jwt = builder.Configuration.GetSection("Jwt");
                var secret = jwt["Secret"]!;
                var bytes = Encoding.ASCII.GetBytes(secret);
                SecurityKey first = new SymmetricSecurityKey(bytes);
                SymmetricSecurityKey second = new(Convert.FromBase64String(builder.Configuration["Signing:Base64Key"]!));
                var third = new SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes(builder.Configuration.GetValue<string>("Signing:UrlKey")));
            }
        }
        """,
        ("/0/appsettings.json", """
        {
          "Jwt": { "Secret": [|"my-local-secret-key-which-is-long-enough"|] },
          "Signing": { "Base64Key": [|"c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY="|], "UrlKey": [|"c2VjcmV0LWtleS1mb3ItdGVzdHM"|] }
        }
        """));

    [Fact]
    public Task Options_class_bound_with_Get_is_followed_through_its_property() => VerifyAsync(
        ConfigUsings + """
        public class JwtSettings
        {
            public string SecretKey { get; set; } = "";
            public string Issuer { get; set; } = "";
        }

        class Startup
        {
            void Configure(WebApplicationBuilder builder)
            {
                var settings = builder.Configuration.GetSection("JwtSettings").Get<JwtSettings>()!;
                builder.Services.AddSingleton(settings);
                builder.Services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.TokenValidationParameters.ValidIssuer = settings.Issuer;
                    o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SecretKey));
                });
            }
        }
        """,
        ("/0/appsettings.json", """{ "JwtSettings": { "Issuer": "https://api.example.com", "SecretKey": [|"a-very-long-secret-key-for-hmac-sha256-signing"|] } }"""));

    /// <summary>
    /// Round AE (a public repository's Program.cs): <c>Get&lt;T&gt;()</c> returns <c>T?</c>, and real code reads it with
    /// <c>?.</c>: <c>jwtOptions?.Key ?? ""</c>, as with <c>!</c> or <c>?? throw</c>.
    /// </summary>
    [Fact]
    public Task Options_class_bound_with_Get_is_followed_through_a_null_conditional_read() => VerifyAsync(
        ConfigUsings + """
        public class JwtOptions
        {
            public string Key { get; set; } = "";
            public SigningOptions? Signing { get; set; }
        }

        public class SigningOptions
        {
            public string Secret { get; set; } = "";
        }

        class Startup
        {
            void Configure(WebApplicationBuilder builder)
            {
                var jwtOptions = builder.Configuration.GetSection("Jwt").Get<JwtOptions>();
                var first = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwtOptions?.Key ?? ""));
                var second = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwtOptions?.Signing?.Secret ?? throw new InvalidOperationException()));
            }
        }
        """,
        ("/0/appsettings.json", """{ "Jwt": { "Key": [|"E3F2C1A8-a-committed-signing-key-0123456789"|], "Signing": { "Secret": [|"another-committed-signing-secret-0123456789"|] } } }"""));

    /// <summary>
    /// Round AE: section names and paths held in a <c>static readonly</c> field (many public options classes:
    /// <c>public static readonly string SectionName = "Jwt"</c>) or a single-assignment local, as a <c>const</c> is.
    /// </summary>
    [Fact]
    public Task Section_names_and_paths_in_static_readonly_fields_and_locals_are_followed() => VerifyAsync(
        ConfigUsings + """
        public class JwtOptions
        {
            public static readonly string SectionName = "Jwt";
            public string Key { get; set; } = "";
        }

        class Startup
        {
            private static readonly string KeyPath = "Signing:Key";

            void Configure(WebApplicationBuilder builder)
            {
                var options = builder.Configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>()!;
                var first = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Key));
                var second = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration[KeyPath]!));
                var section = "Legacy";
                var third = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration.GetSection(section)["Secret"]!));
                // Round AG: the static readonly name inside an interpolated or concatenated path.
                var fourth = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration[$"{JwtOptions.SectionName}:SigningKey"]!));
                var fifth = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration[JwtOptions.SectionName + ":RefreshKey"]!));
            }
        }
        """,
        ("/0/appsettings.json", """
        {
          "Jwt": { "Key": [|"a-committed-signing-key-0123456789abcdef"|], "SigningKey": [|"a-fourth-committed-signing-key-012345678"|], "RefreshKey": [|"a-fifth-committed-signing-key-0123456789"|] },
          "Signing": { "Key": [|"another-committed-signing-key-0123456789"|] },
          "Legacy": { "Secret": [|"a-third-committed-signing-key-0123456789"|] }
        }
        """));

    [Fact]
    public Task Options_class_bound_with_Configure_and_read_through_IOptions_elsewhere_is_followed() => VerifyAsync(
        ConfigUsings + """
        public class JwtOptions
        {
            public const string Section = "Authentication:Jwt";
            public string Key { get; set; } = "";
        }

        class Startup
        {
            void Configure(WebApplicationBuilder builder) =>
                builder.Services.Configure<JwtOptions>(builder.Configuration.GetSection(JwtOptions.Section));
        }

        class TokenFactory(IOptions<JwtOptions> options)
        {
            public SecurityKey SigningKey => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Value.Key));
        }
        """,
        ("/0/appsettings.json", """{ "Authentication": { "Jwt": { "Key": [|"a-very-long-secret-key-for-hmac-sha256-signing"|] } } }"""));

    [Fact]
    public Task Options_bound_with_Bind_AddOptions_BindConfiguration_nested_classes_and_key_names_are_followed() => VerifyAsync(
        ConfigUsings + """
        public class AppSettings
        {
            public TokenSettings Tokens { get; set; } = new();
        }

        public class TokenSettings
        {
            [ConfigurationKeyName("signing_key")]
            public string SigningKey { get; set; } = "";
        }

        public class RefreshSettings { public string Secret { get; set; } = ""; }
        public class ApiKeySettings { public string Secret { get; set; } = ""; }

        class Startup
        {
            void Configure(WebApplicationBuilder builder)
            {
                var app = new AppSettings();
                builder.Configuration.Bind("App", app);
                builder.Services.AddOptions<RefreshSettings>().Bind(builder.Configuration.GetSection("Refresh"));
                builder.Services.AddOptions<ApiKeySettings>().BindConfiguration("ApiKeys");
                var keys = new[]
                {
                    new SymmetricSecurityKey(Encoding.UTF8.GetBytes(app.Tokens.SigningKey)),
                };
            }

            SecurityKey Refresh(IOptionsMonitor<RefreshSettings> refresh) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(refresh.CurrentValue.Secret));
            SecurityKey Api(IOptionsSnapshot<ApiKeySettings> api) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(api.Value.Secret));
        }
        """,
        ("/0/appsettings.json", """
        {
          "App": { "Tokens": { "signing_key": [|"nested-secret-key-for-hmac-sha256-signing-123"|], "SigningKey": "not the bound name" } },
          "Refresh": { "Secret": [|"refresh-secret-key-for-hmac-sha256-signing-123"|] },
          "ApiKeys": { "Secret": [|"api-secret-key-for-hmac-sha256-signing-12345678"|] }
        }
        """));

    [Fact]
    public Task Development_file_empty_values_and_references_are_not_reported() => VerifyAsync(
        ConfigUsings + """
        class Keys
        {
            SecurityKey[] All(IConfiguration c) =>
            [
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Jwt:Key"]!)),
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Empty:Key"]!)),
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Blank:Key"]!)),
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Env:Key"]!)),
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Octopus:Key"]!)),
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Vault:Key"]!)),
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Null:Key"]!)),
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c["Number:Key"]!)),
            ];
        }
        """,
        ("/0/appsettings.json", """
        {
          "Jwt": { "Key": "" },
          "Empty": { "Key": "" },
          "Blank": { "Key": "   " },
          "Env": { "Key": "${JWT_SIGNING_KEY}" },
          "Octopus": { "Key": "#{Jwt.SigningKey}#" },
          "Vault": { "Key": "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/jwt-key/)" },
          "Null": { "Key": null },
          "Number": { "Key": { "Nested": "not the value itself" } }
        }
        """),
        ("/0/appsettings.Development.json", """{ "Jwt": { "Key": "development-only-key-for-local-testing-1234567" } }"""));

    [Fact]
    public Task Values_the_code_never_turns_into_a_key_are_not_reported() => VerifyAsync(
        ConfigUsings + """
        class Other
        {
            string Issuer(IConfiguration c) => c["Jwt:Issuer"]!;
            byte[] Hash(IConfiguration c) => Encoding.UTF8.GetBytes(c["Jwt:Key"]!); // bytes, but never a key
            SecurityKey FromEnvironment() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("JWT_KEY")!));
            SecurityKey FromSection(IConfigurationSection unknown) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(unknown["Key"]!));
            SecurityKey FromParameter(string key) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
        }
        """,
        ("/0/appsettings.json", """{ "Jwt": { "Issuer": "https://api.example.com", "Key": "secret-that-is-only-hashed-here-1234567890" }, "Key": "top-level" }"""));

    [Fact]
    public Task Each_environment_sees_the_base_file_with_its_own_file_on_top() => VerifyAsync(
        IndexerKey,
        // The base file's value is what every environment without its own value uses.
        ("/0/appsettings.json", """{ "Jwt": { "Key": [|"base-secret-key-for-hmac-sha256-signing-12345"|] } }"""),
        // Overrides the base value in Staging: committed as well.
        ("/0/appsettings.Staging.json", """{ "Jwt": { "Key": [|"staging-secret-key-for-hmac-sha256-signing-123"|] } }"""),
        // Production blanks it (the key comes from a vault there); other settings only.
        ("/0/appsettings.Production.json", """{ "Jwt": { "Key": "" }, "Logging": { "LogLevel": { "Default": "Warning" } } }"""),
        // Another application's folder with only an environment file.
        ("/0/Worker/appsettings.Production.json", """{ "Jwt": { "Key": [|"worker-secret-key-for-hmac-sha256-signing-123"|] } }"""));

    [Fact]
    public Task Base_file_without_the_key_and_an_environment_file_with_it() => VerifyAsync(
        IndexerKey,
        ("/0/appsettings.json", """{ "Jwt": { "Issuer": "https://api.example.com" } }"""),
        ("/0/appsettings.Production.json", """{ "Jwt:Key": [|"flat-key-secret-for-hmac-sha256-signing-123456"|] }"""));

    [Fact]
    public Task Scheme_signing_keys_of_a_registered_JwtBearer_scheme_are_reported() => VerifyAsync(
        Usings + """
        class Startup
        {
            void Configure(IServiceCollection services) => services.AddAuthentication().AddJwtBearer().AddJwtBearer("Partner", o => { });
        }
        """,
        ("/0/appsettings.json", """
        {
          "Authentication": {
            "Schemes": {
              "Bearer": {
                "ValidIssuer": "https://api.example.com",
                "ValidAudience": "api://orders",
                "SigningKeys": [
                  { "Issuer": "https://api.example.com", "Value": [|"c2lnbmluZy1rZXktY29tbWl0dGVkLWluLXRoZS1yZXBv"|] },
                  { "Issuer": "https://api.example.com", "Value": "" }
                ]
              },
              "partner": { "SigningKeys": [ { "Issuer": "https://partner.example.com", "Value": [|"cGFydG5lci1rZXktY29tbWl0dGVkLWluLXRoZS1yZXBv"|] } ] },
              "Unregistered": { "SigningKeys": [ { "Issuer": "https://x.example.com", "Value": "dW5yZWdpc3RlcmVkLXNjaGVtZS1rZXk=" } ] }
            }
          }
        }
        """));

    [Fact]
    public Task Scheme_signing_keys_without_AddJwtBearer_are_not_reported() => VerifyAsync(
        Usings + "class C { void M(IServiceCollection services) => services.AddAuthentication(); }",
        ("/0/appsettings.json", """{ "Authentication": { "Schemes": { "Bearer": { "SigningKeys": [ { "Value": "c2lnbmluZy1rZXk=" } ] } } } }"""));

    [Fact]
    public Task Without_the_token_library_nothing_is_registered()
    {
        var test = new AnalyzerTest(new CommittedSigningKeyRule()) { ReferenceTokenLibraries = false };
        test.Sources.Add("class C { }");
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Jwt": { "Key": "secret-key" } }"""));
        return test.RunAsync();
    }

    /// <summary>
    /// The configuration types are looked up on the first candidate, not at compilation start (issue 22): without
    /// Microsoft.Extensions.Configuration the key creation and a method of the same name as a configuration read are
    /// candidates, and the rule finds nothing and fails nowhere.
    /// </summary>
    [Fact]
    public Task Without_the_configuration_library_keys_and_lookalike_reads_are_not_reported()
    {
        var references = TestReferences.All.Where(reference => !(reference.Display ?? "").Contains("Microsoft.Extensions.Configuration", StringComparison.Ordinal)).ToImmutableArray();
        Assert.True(references.Length < TestReferences.All.Length, "the configuration assemblies are among the test references");
        var test = new AnalyzerTest(new CommittedSigningKeyRule()) { References = references };
        test.Sources.Add("""
            using System.Collections.Generic;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            class Settings
            {
                private readonly Dictionary<string, string> _values = new() { ["Jwt:Key"] = "from-somewhere-else" };
                public Settings GetSection(string name) => this;
                public string this[string key] => _values[key];
            }

            class Keys
            {
                SecurityKey Create(Settings settings) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.GetSection("Jwt")["Key"]));
                SecurityKey TargetTyped(Settings settings)
                {
                    SymmetricSecurityKey key = new(Encoding.UTF8.GetBytes(settings["Jwt:Key"]));
                    return key;
                }
            }
            """);
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Jwt": { "Key": "ThisIsMySuperSecretKeyForJwtTokens123!" } }"""));
        return test.RunAsync();
    }

    [Fact]
    public Task Malformed_file_is_not_read() => VerifyAsync(IndexerKey, ("/0/appsettings.json", """{ "Jwt": { "Key": "secret-key" } {|TA0003:|}"""));
}
