using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.EntraTestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>TA309 (SigningKeyPoolRule): forms (a) and (b) in code, form (c) in appsettings*.json.</summary>
[Trait("Rule", "TA309")]
public class SigningKeyPoolRuleTests
{
    private const string KeyUsings = Usings + """
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Configuration;

        """;

    // ---- (a) ----

    [Fact]
    public Task Form_a_a_static_key_beside_Authority_MetadataAddress_or_ConfigurationManager_is_reported() => Verify.AnalyzerAsync<SigningKeyPoolRule>(KeyUsings + """
        class C
        {
            private static readonly SymmetricSecurityKey DeveloperKey = new(RandomNumberGenerator.GetBytes(32));

            void Initializer(IServiceCollection services, IConfiguration configuration) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.example.com/tenant";
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAudience = "api://orders",
                        {|TA309:IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:DevKey"]!))|},
                    };
                });

            void Statement(JwtBearerOptions o, RSA rsa)
            {
                o.MetadataAddress = "https://login.example.com/.well-known/openid-configuration";
                {|TA309:o.TokenValidationParameters.IssuerSigningKeys = new SecurityKey[] { new RsaSecurityKey(rsa) }|};
            }

            void ThroughAField(JwtBearerOptions o, IConfigurationManager<OpenIdConnectConfiguration> manager)
            {
                o.ConfigurationManager = manager;
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = DeveloperKey|};
            }

            void Alias(JwtBearerOptions o, string authority)
            {
                var p = o.TokenValidationParameters;
                o.Authority = authority;
                {|TA309:p.IssuerSigningKeys = [DeveloperKey]|};
            }

            // A ConfigurationManager set by the code wins over a static Configuration; a null one is none.
            void ConfigurationManagerBesideConfiguration(JwtBearerOptions o, IConfigurationManager<OpenIdConnectConfiguration> manager)
            {
                o.ConfigurationManager = manager;
                o.Configuration = new OpenIdConnectConfiguration();
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = DeveloperKey|};
            }

            void NullConfiguration(JwtBearerOptions o)
            {
                o.Authority = "https://login.example.com/tenant";
                o.Configuration = null;
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = DeveloperKey|};
            }

            // Round AG: a Configuration set only in one branch, cleared later, or a value that may be null.
            void ConditionalConfiguration(JwtBearerOptions o, bool development)
            {
                o.Authority = "https://login.example.com/tenant";
                if (development)
                {
                    o.Configuration = new OpenIdConnectConfiguration();
                }

                {|TA309:o.TokenValidationParameters.IssuerSigningKey = DeveloperKey|};
            }

            void ClearedConfiguration(JwtBearerOptions o)
            {
                o.Authority = "https://login.example.com/tenant";
                o.Configuration = new OpenIdConnectConfiguration();
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = DeveloperKey|};
                o.Configuration = null;
            }

            void MaybeNullConfiguration(JwtBearerOptions o, OpenIdConnectConfiguration? configuration)
            {
                o.Authority = "https://login.example.com/tenant";
                o.Configuration = configuration;
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = DeveloperKey|};
            }

            // Round AQ: the key from a helper of the compilation that only returns its creation.
            void FromAHelper(JwtBearerOptions o, IConfiguration configuration)
            {
                o.Authority = "https://login.example.com/tenant";
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = LoadKey(configuration)|};
            }

            static SecurityKey LoadKey(IConfiguration configuration) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!));

            // Round AS: a get-only property that only returns its creation.
            void FromAProperty(JwtBearerOptions o)
            {
                o.Authority = "https://login.example.com/tenant";
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = SigningKey|};
            }

            static SecurityKey SigningKey => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        }
        """);

    /// <summary>Round AS: a minimal API's Program.cs, the key made by a top-level local function.</summary>
    [Fact]
    public Task Form_a_follows_a_top_level_local_function() => new AnalyzerTest(new SigningKeyPoolRule())
    {
        OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
        Sources =
        {
            KeyUsings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                o.Authority = "https://login.example.com/tenant";
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = LoadKey(builder.Configuration)|};
            });
            builder.Build().Run();

            static SecurityKey LoadKey(IConfiguration configuration) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!));
            """,
        },
    }.RunAsync();

    [Fact]
    public Task Form_a_without_metadata_with_metadata_keys_or_with_a_key_issuer_binding_is_not_reported() => Verify.NoDiagnosticsAsync<SigningKeyPoolRule>(KeyUsings + """
        using Microsoft.IdentityModel.Validators;

        class C
        {
            private static readonly SymmetricSecurityKey DeveloperKey = new(RandomNumberGenerator.GetBytes(32));
            private static readonly Dictionary<string, SecurityKey[]> KeysByIssuer = new();

            // No Authority: the static key is the only pool, for one issuer.
            void NoMetadata(JwtBearerOptions o) =>
                o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = "https://issuer.example.com", IssuerSigningKey = DeveloperKey };

            // A helper that does more than return a key it makes, or one that returns keys it reads: not followed.
            void FromAHelper(JwtBearerOptions o, OpenIdConnectConfiguration configuration)
            {
                o.Authority = "https://login.example.com/tenant";
                o.TokenValidationParameters.IssuerSigningKeys = MetadataKeys(configuration);
            }

            static IEnumerable<SecurityKey> MetadataKeys(OpenIdConnectConfiguration configuration) => configuration.SigningKeys;

            // The keys of the same metadata, downloaded by hand: not a second pool.
            async Task MetadataKeys(JwtBearerOptions o, IConfigurationManager<OpenIdConnectConfiguration> manager)
            {
                o.Authority = "https://login.example.com/tenant";
                var configuration = await manager.GetConfigurationAsync(default);
                o.TokenValidationParameters.IssuerSigningKeys = configuration.SigningKeys;
            }

            // A signing-key validator that binds each key to the token's issuer.
            void Validator(JwtBearerOptions o)
            {
                o.Authority = "https://login.example.com/tenant";
                o.TokenValidationParameters.IssuerSigningKey = DeveloperKey;
                o.TokenValidationParameters.IssuerSigningKeyValidator = (key, token, parameters) => KeysByIssuer[token.Issuer].Contains(key);
            }

            // A resolver keyed by issuer.
            void Resolver(JwtBearerOptions o)
            {
                o.Authority = "https://login.example.com/tenant";
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    IssuerSigningKey = DeveloperKey,
                    IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => KeysByIssuer[securityToken.Issuer],
                };
            }

            // Entra's own binding of keys to issuers.
            void Entra(JwtBearerOptions o)
            {
                o.Authority = "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0";
                o.TokenValidationParameters.IssuerSigningKey = DeveloperKey;
                o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            }

            // Clearing the key.
            void Cleared(JwtBearerOptions o)
            {
                o.Authority = "https://login.example.com/tenant";
                o.TokenValidationParameters.IssuerSigningKey = null;
            }

            // A static Configuration: the handler uses it instead of the Authority's metadata and fetches nothing (round
            // AD: 0 metadata requests on the real JwtBearer 10.0.15 handler; a shape of several public extensions).
            void StaticConfiguration(JwtBearerOptions o)
            {
                o.Authority = "https://auth.example.com";
                o.Configuration = new OpenIdConnectConfiguration();
                o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = "https://auth.example.com", IssuerSigningKey = DeveloperKey };
            }
        }
        """);

    /// <summary>
    /// Real code chooses one identity provider or the other: Authority in one branch, a static key in the other. The
    /// options object then never has both, and only where a run can hold both is the pool shared.
    /// </summary>
    [Fact]
    public Task Form_a_reports_a_key_and_metadata_that_one_run_can_set_together_not_ones_in_exclusive_branches() => Verify.AnalyzerAsync<SigningKeyPoolRule>(KeyUsings + """
        class C
        {
            void EitherProvider(JwtBearerOptions o, bool useIdentityProvider, string authority, string secret)
            {
                if (useIdentityProvider)
                {
                    o.Authority = authority;
                    o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api" };
                }
                else
                {
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = "local",
                        ValidAudience = "api",
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
                    };
                }
            }

            void ElseIfChain(JwtBearerOptions o, string mode, string authority, RSA rsa)
            {
                if (mode == "oidc") o.Authority = authority;
                else if (mode == "metadata") o.MetadataAddress = authority + "/.well-known/openid-configuration";
                else o.TokenValidationParameters.IssuerSigningKey = new RsaSecurityKey(rsa);
            }

            void SwitchSections(JwtBearerOptions o, int mode, string authority, RSA rsa)
            {
                switch (mode)
                {
                    case 1:
                        o.Authority = authority;
                        break;
                    default:
                        o.TokenValidationParameters.IssuerSigningKey = new RsaSecurityKey(rsa);
                        break;
                }
            }

            void KeyInABranch(JwtBearerOptions o, bool addLocalKey, string authority, RSA rsa)
            {
                o.Authority = authority;
                if (addLocalKey)
                {
                    {|TA309:o.TokenValidationParameters.IssuerSigningKey = new RsaSecurityKey(rsa)|};
                }
            }

            void MetadataInABranch(JwtBearerOptions o, string? authority, RSA rsa)
            {
                if (authority is not null) o.Authority = authority;
                {|TA309:o.TokenValidationParameters.IssuerSigningKey = new RsaSecurityKey(rsa)|};
            }

            void SwitchWithGoto(JwtBearerOptions o, int mode, string authority, RSA rsa)
            {
                switch (mode)
                {
                    case 1:
                        o.Authority = authority;
                        goto default;
                    default:
                        {|TA309:o.TokenValidationParameters.IssuerSigningKey = new RsaSecurityKey(rsa)|};
                        break;
                }
            }
        }
        """);

    // ---- (b) ----

    [Fact]
    public Task Form_b_keys_of_several_sources_for_several_issuers_are_reported() => Verify.AnalyzerAsync<SigningKeyPoolRule>(KeyUsings + """
        class C
        {
            private static readonly SymmetricSecurityKey LegacyKey = new(RandomNumberGenerator.GetBytes(32));

            TokenValidationParameters Concat(OpenIdConnectConfiguration google, OpenIdConnectConfiguration microsoft) => new()
            {
                ValidIssuers = new[] { google.Issuer, microsoft.Issuer },
                {|TA309:IssuerSigningKeys = google.SigningKeys.Concat(microsoft.SigningKeys)|},
            };

            void Spreads(TokenValidationParameters p, OpenIdConnectConfiguration metadata)
            {
                p.ValidIssuer = metadata.Issuer;
                p.ValidIssuers = ["https://legacy.example.com"];
                {|TA309:p.IssuerSigningKeys = [.. metadata.SigningKeys, LegacyKey]|};
            }

            void AddRange(TokenValidationParameters p, JsonWebKeySet first, JsonWebKeySet second)
            {
                var keys = new List<SecurityKey>();
                keys.AddRange(first.GetSigningKeys());
                keys.AddRange(second.GetSigningKeys());
                p.ValidateIssuer = false;
                {|TA309:p.IssuerSigningKeys = keys|};
            }

            void UnionThroughALocal(TokenValidationParameters p, ICollection<SecurityKey> a, ICollection<SecurityKey> b)
            {
                var pooled = a.Union(b).ToList();
                p.ValidIssuers = new List<string> { "https://a.example.com", "https://b.example.com" };
                {|TA309:p.IssuerSigningKeys = pooled|};
            }
        }
        """);

    /// <summary>
    /// Round AJ (the shape of DFE-Digital's ExternalIdentityValidator): the keys of every configured provider added in
    /// a loop, or flattened with SelectMany, are several sources; the issuers projected from the same configurations
    /// are several issuers. A loop over one issuer's key sets stays a rotation.
    /// </summary>
    [Fact]
    public Task Form_b_keys_added_in_a_loop_or_flattened_from_several_configurations_are_reported() => Verify.AnalyzerAsync<SigningKeyPoolRule>(KeyUsings + """
        using Microsoft.IdentityModel.Protocols;

        class Providers
        {
            private readonly List<ConfigurationManager<OpenIdConnectConfiguration>> _managers = new();

            async Task<TokenValidationParameters> Loop()
            {
                var keys = new List<SecurityKey>();
                foreach (var manager in _managers)
                {
                    keys.AddRange((await manager.GetConfigurationAsync()).SigningKeys);
                }

                return new TokenValidationParameters
                {
                    ValidIssuers = new[] { "https://accounts.google.com", "https://appleid.apple.com" },
                    {|TA309:IssuerSigningKeys = keys|},
                };
            }

            async Task<TokenValidationParameters> Flattened()
            {
                var configurations = await Task.WhenAll(_managers.Select(manager => manager.GetConfigurationAsync()));
                return new TokenValidationParameters
                {
                    ValidIssuers = configurations.Select(configuration => configuration.Issuer),
                    {|TA309:IssuerSigningKeys = configurations.SelectMany(configuration => configuration.SigningKeys)|},
                };
            }

            // Round AM: as real code writes them, materialised, or through a local or a static readonly field.
            private static readonly string[] Partners = { "https://accounts.google.com", "https://appleid.apple.com" };

            async Task<TokenValidationParameters> Materialised()
            {
                var configurations = await Task.WhenAll(_managers.Select(manager => manager.GetConfigurationAsync()));
                var issuers = configurations.Select(configuration => configuration.Issuer).ToList();
                return new TokenValidationParameters
                {
                    ValidIssuers = issuers,
                    {|TA309:IssuerSigningKeys = configurations.SelectMany(configuration => configuration.SigningKeys).ToArray()|},
                };
            }

            async Task<TokenValidationParameters> FromAField()
            {
                var keys = new List<SecurityKey>();
                foreach (var manager in _managers)
                {
                    keys.AddRange((await manager.GetConfigurationAsync()).SigningKeys);
                }

                return new TokenValidationParameters { ValidIssuers = Partners, {|TA309:IssuerSigningKeys = keys|} };
            }

            // One issuer's key sets, gathered in a loop: a rotation, not a pool of issuers.
            async Task<TokenValidationParameters> Rotation(OpenIdConnectConfiguration metadata)
            {
                var keys = new List<SecurityKey>();
                foreach (var manager in _managers)
                {
                    keys.AddRange((await manager.GetConfigurationAsync()).SigningKeys);
                }

                return new TokenValidationParameters { ValidIssuer = metadata.Issuer, IssuerSigningKeys = keys };
            }
        }
        """);

    /// <summary>An empty start (real code: a list filled by one AddRange) adds no source, and is not counted.</summary>
    [Fact]
    public async Task Form_b_an_empty_start_is_no_key_source()
    {
        await Verify.NoDiagnosticsAsync<SigningKeyPoolRule>(KeyUsings + """
            class C
            {
                void OneSourceIntoAnEmptyList(TokenValidationParameters p, IEnumerable<SecurityKey> rotation)
                {
                    var keys = new List<SecurityKey>();
                    keys.AddRange(rotation);
                    p.ValidIssuers = ["https://a.example", "https://b.example"];
                    p.IssuerSigningKeys = keys;
                }

                TokenValidationParameters ConcatToEmpty(IEnumerable<SecurityKey> rotation) => new()
                {
                    ValidIssuers = ["https://a.example", "https://b.example"],
                    IssuerSigningKeys = Enumerable.Empty<SecurityKey>().Concat(rotation).Concat(Array.Empty<SecurityKey>()),
                };
            }
            """);

        var test = new AnalyzerTest(new TokenValidationAnalyzer(new SigningKeyPoolRule()));
        test.Sources.Add(KeyUsings + """
            class C
            {
                void TwoSources(TokenValidationParameters p, JsonWebKeySet first, JsonWebKeySet second)
                {
                    var keys = new List<SecurityKey>(2);
                    keys.AddRange(first.GetSigningKeys());
                    keys.AddRange(second.GetSigningKeys());
                    p.ValidateIssuer = false;
                    {|#0:p.IssuerSigningKeys = keys|};
                }
            }
            """);
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA309").WithLocation(0).WithMessage(
            "(b) IssuerSigningKeys combines 2 key sources for a parameters object that accepts several issuers: the keys form one pool with no binding to their issuer, so whoever holds any key of it (a partner, a developer, a leaked test key) can sign tokens that claim every issuer it serves; use a separate authentication scheme per issuer, or an IssuerSigningKeyResolver that returns only the keys of the token's issuer"));
        await test.RunAsync();
    }

    [Fact]
    public Task Form_b_rotation_single_issuer_single_source_and_resolvers_are_not_reported() => Verify.NoDiagnosticsAsync<SigningKeyPoolRule>(KeyUsings + """
        class C
        {
            private static readonly Dictionary<string, ICollection<SecurityKey>> KeysByIssuer = new();

            // Several keys of one issuer: a rotation.
            void Rotation(TokenValidationParameters p, OpenIdConnectConfiguration metadata, SecurityKey next)
            {
                p.ValidIssuer = metadata.Issuer;
                p.IssuerSigningKeys = metadata.SigningKeys.Append(next);
            }

            // One source for two issuers (the issuer-to-key binding is the source's business).
            void OneSource(TokenValidationParameters p, JsonWebKeySet keySet) =>
                p = new TokenValidationParameters { ValidIssuers = ["https://a.example.com", "https://b.example.com"], IssuerSigningKeys = keySet.GetSigningKeys() };

            // Plain keys listed one by one.
            void Listed(TokenValidationParameters p, SecurityKey a, SecurityKey b)
            {
                p.ValidIssuers = ["https://a.example.com", "https://b.example.com"];
                p.IssuerSigningKeys = new[] { a, b };
            }

            // Pooled, but a resolver keyed by issuer picks the keys.
            void Resolved(TokenValidationParameters p, OpenIdConnectConfiguration a, OpenIdConnectConfiguration b)
            {
                p.ValidIssuers = [a.Issuer, b.Issuer];
                p.IssuerSigningKeys = a.SigningKeys.Concat(b.SigningKeys);
                p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => KeysByIssuer[securityToken.Issuer];
            }

            // Issuers unknown in number (from configuration): not provably several.
            void FromConfiguration(TokenValidationParameters p, IConfiguration configuration, OpenIdConnectConfiguration a, OpenIdConnectConfiguration b)
            {
                p.ValidIssuers = configuration.GetSection("Issuers").Get<string[]>();
                p.IssuerSigningKeys = a.SigningKeys.Concat(b.SigningKeys);
            }
        }
        """);

    // ---- (c) ----

    /// <summary>A program that registers the Bearer and Partner schemes, and the configuration files it ships with.</summary>
    private static AnalyzerTest ConfigurationTest(string? jwtBearerVersion = null, string registrations = ".AddJwtBearer().AddJwtBearer(\"Partner\", o => { })")
    {
        var test = new AnalyzerTest(new SigningKeyPoolRule()) { DefaultDiagnosticId = "TA309" };
        if (jwtBearerVersion is not null)
        {
            test.ReferenceOverrides.Add(TestReferences.JwtBearer(jwtBearerVersion));
        }

        test.Sources.Add(Usings + """
            class Program
            {
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthentication()
            """ + registrations + """
            ;
                }
            }
            """);
        return test;
    }

    private static Task VerifyConfigurationAsync(params (string Path, string Json)[] files)
    {
        var test = ConfigurationTest();
        foreach (var file in files)
        {
            test.AdditionalFiles.Add(file);
        }

        return test.RunAsync();
    }

    private const string TwoIssuers = """
        {
          "Authentication": {
            "Schemes": {
              "Bearer": {
                "ValidIssuers": [ "https://idp.example.com", "https://partner.example.com" ],
                "ValidAudience": "api://orders",
                [|"SigningKeys"|]: [
                  { "Issuer": "https://idp.example.com", "Value": "${IDP_KEY}" },
                  { "Issuer": "https://partner.example.com", "Value": "${PARTNER_KEY}" },
                ],
              },
            },
          },
        }
        """;

    [Fact]
    public Task Form_c_signing_keys_of_two_issuers_in_configuration_are_reported_at_the_SigningKeys_key() => VerifyConfigurationAsync(
        ("/0/appsettings.json", TwoIssuers),
        ("/0/appsettings.Production.json", """
            {
              // Flat keys are the same configuration paths.
              "Authentication:Schemes:Partner:ValidIssuers:0": "https://a.example.com",
              "Authentication:Schemes:Partner:ValidIssuers:1": "https://b.example.com",
              "Authentication:Schemes:Partner:ValidAudience": "api://orders",
              [|"Authentication:Schemes:Partner:SigningKeys:0:Issuer"|]: "https://a.example.com",
              "Authentication:Schemes:Partner:SigningKeys:1:issuer": "https://b.example.com"
            }
            """));

    [Fact]
    public Task Form_c_names_the_scheme_and_the_number_of_issuers()
    {
        var test = ConfigurationTest();
        test.AdditionalFiles.Add(("/0/appsettings.json", TwoIssuers.Replace("[|\"SigningKeys\"|]", "{|#0:\"SigningKeys\"|}")));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA309").WithLocation(0).WithArguments(
            "(c) Authentication:Schemes:Bearer:SigningKeys holds keys of 2 issuers, which the JwtBearer configuration binding puts into one IssuerSigningKeys pool"));
        return test.RunAsync();
    }

    [Fact]
    public Task Form_c_keys_of_one_issuer_and_keys_of_separate_schemes_are_not_reported() => VerifyConfigurationAsync(
        ("/0/appsettings.json", """
            {
              "Authentication": {
                "Schemes": {
                  "Bearer": {
                    "ValidIssuer": "https://idp.example.com",
                    "ValidAudience": "api://orders",
                    "SigningKeys": [
                      { "Issuer": "https://idp.example.com", "Value": "${CURRENT}" },
                      { "Issuer": "https://idp.example.com", "Value": "${NEXT}" }
                    ]
                  },
                  "Partner": {
                    "ValidIssuer": "https://partner.example.com",
                    "ValidAudience": "api://orders",
                    "SigningKeys": [ { "Issuer": "https://partner.example.com", "Value": "${PARTNER}" } ]
                  }
                }
              },
              "SigningKeys": [ { "Issuer": "https://a.example.com" }, { "Issuer": "https://b.example.com" } ]
            }
            """));

    /// <summary>
    /// The configuration an environment sees is appsettings.json with its own file on top, and the entries of a list
    /// merge by index: the production file's second entry joins the base file's first in one pool.
    /// </summary>
    [Fact]
    public Task Form_c_judges_appsettings_json_merged_with_each_environment_file() => VerifyConfigurationAsync(
        ("/0/appsettings.json", """
            { "Authentication": { "Schemes": { "Bearer": { [|"SigningKeys"|]: [ { "Issuer": "https://idp.example.com", "Value": "${IDP_KEY}" } ] } } } }
            """),
        ("/0/appsettings.Production.json", """
            { "Authentication": { "Schemes": { "Bearer": { "SigningKeys": [ {}, { "Issuer": "https://partner.example.com", "Value": "${PARTNER_KEY}" } ] } } } }
            """),
        ("/0/appsettings.Staging.json", """
            { "Authentication": { "Schemes": { "Bearer": { "SigningKeys": [ { "Issuer": "https://idp.example.com" } ] } } } }
            """));

    /// <summary>Environment files never apply together, and the Development file is development-only.</summary>
    [Fact]
    public Task Form_c_does_not_merge_two_environment_files_or_judge_the_Development_file() => VerifyConfigurationAsync(
        ("/1/appsettings.Staging.json", """
            { "Authentication": { "Schemes": { "Bearer": { "SigningKeys": [ { "Issuer": "https://idp.example.com", "Value": "${A}" } ] } } } }
            """),
        ("/1/appsettings.Production.json", """
            { "Authentication": { "Schemes": { "Bearer": { "SigningKeys": [ {}, { "Issuer": "https://partner.example.com", "Value": "${B}" } ] } } } }
            """),
        ("/2/appsettings.Development.json", TwoIssuers.Replace("[|\"SigningKeys\"|]", "\"SigningKeys\"")));

    /// <summary>A section no AddJwtBearer call registers is never bound (the scheme name is a constant or "Bearer").</summary>
    [Fact]
    public Task Form_c_judges_only_the_schemes_registered_with_AddJwtBearer()
    {
        var test = ConfigurationTest(registrations: """.AddJwtBearer("Partner", o => { })""");
        test.AdditionalFiles.Add(("/0/appsettings.json", TwoIssuers.Replace("[|\"SigningKeys\"|]", "\"SigningKeys\"")));
        return test.RunAsync();
    }

    /// <summary>JwtBearer 6.0 does not read Authentication:Schemes (7.0 added JwtBearerConfigureOptions): nothing becomes a pool.</summary>
    [Theory]
    [InlineData("6.0.24", false)]
    [InlineData("7.0.11", true)]
    [InlineData("8.0.30", true)]
    [InlineData("10.0.15", true)]
    public Task Form_c_reports_for_JwtBearer_7_and_later(string version, bool reported)
    {
        var test = ConfigurationTest(version);
        test.AdditionalFiles.Add(("/0/appsettings.json", reported ? TwoIssuers : TwoIssuers.Replace("[|\"SigningKeys\"|]", "\"SigningKeys\"")));
        return test.RunAsync();
    }

    /// <summary>Like every finding in a JSON file (ConfigurationFindings): a severity for the file's section, a comment with a reason.</summary>
    [Fact]
    public Task Form_c_is_suppressed_by_a_comment_with_a_reason()
    {
        var test = ConfigurationTest();
        test.AdditionalFiles.Add(("/0/appsettings.json", TwoIssuers.Replace("[|\"SigningKeys\"|]", """
            // token-analyzers-disable-next-line TA309: the gateway routes the partner's tokens to their own scheme
                    "SigningKeys"
            """)));
        return test.RunAsync();
    }

    [Fact]
    public Task Form_c_honours_the_severity_of_the_files_editorconfig_section()
    {
        var test = ConfigurationTest();
        test.EditorConfig = "root = true\n[appsettings.json]\ntoken_analyzers.TA309.severity = none";
        test.AdditionalFiles.Add(("/0/appsettings.json", TwoIssuers.Replace("[|\"SigningKeys\"|]", "\"SigningKeys\"")));
        test.AdditionalFiles.Add(("/0/appsettings.Production.json", TwoIssuers.Replace("[|\"SigningKeys\"|]", "[|\"SigningKeys\"|]").Replace("\"Bearer\"", "\"Partner\"")));
        return test.RunAsync();
    }

    [Fact]
    public Task Form_c_honours_a_dotnet_diagnostic_entry_of_the_files_editorconfig_section()
    {
        // The .editorconfig as the package's build files give it: analyzer configuration and an additional file.
        const string editorConfig = "root = true\n[appsettings.json]\ndotnet_diagnostic.TA309.severity = none\n";
        var test = ConfigurationTest();
        test.EditorConfig = editorConfig;
        test.AdditionalFiles.Add(("/0/.editorconfig", editorConfig));
        test.AdditionalFiles.Add(("/0/appsettings.json", TwoIssuers.Replace("[|\"SigningKeys\"|]", "\"SigningKeys\"")));
        test.AdditionalFiles.Add(("/0/appsettings.Production.json", TwoIssuers.Replace("\"Bearer\"", "\"Partner\"")));
        return test.RunAsync();
    }
}
