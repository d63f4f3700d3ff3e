using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA307 (issuers and audiences from the token being validated) and TA308 (signing key or key location from it).
/// The inputs are modeled on public code: a multi-tenant validator that fills ValidIssuers from the token's tid and
/// creates a ConfigurationManager per tid, keys built from the jwk/x5c header or downloaded from jku, resolvers that
/// discover the token's own issuer.
/// </summary>
[Trait("Rule", "TA304")]
[Trait("Rule", "TA307")]
[Trait("Rule", "TA308")]
public class TrustFromTokenRuleTests
{
    private const string MoreUsings = """
        using System.Collections.Concurrent;
        using System.Net.Http;
        using System.Security.Cryptography.X509Certificates;
        using System.Text.Json;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Logging;
        using Microsoft.IdentityModel.Protocols;
        using Microsoft.IdentityModel.Protocols.OpenIdConnect;

        """;

    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<TrustFromTokenRule>(Usings + MoreUsings + markup);

    // ---- TA307: reported ----

    [Fact]
    public Task Issuers_built_from_the_tokens_own_tenant_are_reported() => VerifyAsync("""
        class TenantTokenValidator
        {
            private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new();

            public async Task<JwtSecurityToken> ValidateAsync(string token)
            {
                var handler = new JwtSecurityTokenHandler();
                var unverified = handler.ReadJwtToken(token);
                if (!unverified.Payload.TryGetValue("tid", out var tid)) throw new Exception("no tid");
                var tenantId = tid.ToString();
                var issuers = new[]
                {
                    $"https://login.microsoftonline.com/{tenantId}/v2.0",
                    $"https://sts.windows.net/{tenantId}/",
                };

                var manager = _managers.GetOrAdd(tenantId, t => new ConfigurationManager<OpenIdConnectConfiguration>(
                    {|TA308:$"https://login.microsoftonline.com/{t}/v2.0/.well-known/openid-configuration"|},
                    new OpenIdConnectConfigurationRetriever()));
                var config = await manager.GetConfigurationAsync();
                var parameters = new TokenValidationParameters
                {
                    {|TA307:ValidIssuers = issuers|},
                    ValidAudience = "api://orders",
                    IssuerSigningKeys = config.SigningKeys,
                };
                handler.ValidateToken(token, parameters, out var validated);
                return (JwtSecurityToken)validated;
            }
        }
        """);

    [Fact]
    public Task Every_list_property_and_token_value_is_reported() => VerifyAsync("""
        class C
        {
            void M(string token, TokenValidationParameters p, JwtBearerOptions o)
            {
                var jwt = new JsonWebTokenHandler().ReadJsonWebToken(token);
                {|TA307:p.ValidIssuer = jwt.Issuer|};
                {|TA307:p.ValidAudiences = jwt.Audiences|};
                {|TA307:o.TokenValidationParameters.ValidAudience = jwt.Audiences.First()|};
                var legacy = new JwtSecurityToken(token);
                var tid = legacy.Claims.First(c => c.Type == "tid").Value;
                {|TA307:o.TokenValidationParameters.ValidIssuers = new List<string> { "https://login.microsoftonline.com/" + tid + "/v2.0" }|};
                var q = new TokenValidationParameters { {|TA307:ValidIssuer = legacy?.Issuer|} };
                {|TA307:p.ValidIssuers = [.. jwt.Audiences, jwt.Issuer]|};
                {|TA307:p.ValidIssuer ??= jwt.GetClaim("iss").Value|};
            }
        }
        """);

    [Fact]
    public Task Values_added_to_a_list_that_becomes_the_issuer_list_are_reported_at_the_add() => VerifyAsync("""
        class C
        {
            TokenValidationParameters Build(string token, string[] configured)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var issuers = new List<string>(configured);
                {|TA307:issuers.Add(jwt.Issuer)|};
                var audiences = new HashSet<string>();
                {|TA307:audiences.UnionWith(jwt.Audiences)|};
                return new TokenValidationParameters
                {
                    ValidIssuers = issuers.Distinct(StringComparer.OrdinalIgnoreCase),
                    ValidAudiences = audiences,
                };
            }

            void Widen(string token, TokenValidationParameters p)
            {
                var jwt = new JsonWebToken(token);
                {|TA307:p.ValidIssuers = p.ValidIssuers.Append(jwt.Issuer)|};
                {|TA307:p.ValidAudiences = p.ValidAudiences.Concat(jwt.Audiences)|};
                {|TA307:((List<string>)p.ValidIssuers).Add(jwt.Issuer)|};
                var list = (IList<string>)p.ValidAudiences;
                {|TA307:list.Add(jwt.Audiences.Single())|};
            }
        }
        """);

    [Fact]
    public Task A_shared_static_issuer_list_widened_by_a_token_is_reported() => VerifyAsync("""
        static class ChannelValidation
        {
            private static readonly List<string> KnownIssuers = new() { "https://api.botframework.com" };

            public static readonly TokenValidationParameters Parameters = new()
            {
                ValidIssuers = KnownIssuers,
                ValidAudience = "api://bot",
            };

            public static async Task<bool> AuthenticateAsync(string token)
            {
                var handler = new JsonWebTokenHandler();
                var tenant = handler.ReadJsonWebToken(token).GetClaim("tid").Value;
                var issuer = $"https://sts.windows.net/{tenant}/";
                if (!KnownIssuers.Contains(issuer))
                {
                    {|TA307:KnownIssuers.Add(issuer)|};
                }

                return (await handler.ValidateTokenAsync(token, Parameters)).IsValid;
            }
        }
        """);

    [Fact]
    public Task An_event_handler_that_trusts_the_incoming_tokens_issuer_is_reported() => VerifyAsync("""
        class C
        {
            void Configure(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Events = new JwtBearerEvents
                    {
                        OnMessageReceived = context =>
                        {
                            var issuer = new JwtSecurityTokenHandler().ReadJwtToken(context.Token).Issuer;
                            {|TA307:context.Options.TokenValidationParameters.ValidIssuer = issuer|};
                            return Task.CompletedTask;
                        },
                    };
                });
        }
        """);

    // ---- TA307: not reported ----

    [Fact]
    public Task Token_values_used_only_to_choose_pre_configured_parameters_are_not_reported() => VerifyAsync("""
        class C
        {
            private static readonly Dictionary<string, string[]> IssuersByTenant = new() { ["contoso"] = new[] { "https://sts.windows.net/contoso/" } };
            private static readonly Dictionary<string, TokenValidationParameters> ParametersByIssuer = new();
            private readonly IOptionsMonitor<JwtBearerOptions> _schemes;

            C(IOptionsMonitor<JwtBearerOptions> schemes) => _schemes = schemes;

            void M(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                p.ValidIssuers = IssuersByTenant[jwt.Claims.First(c => c.Type == "tid").Value];
                if (IssuersByTenant.TryGetValue(jwt.Issuer, out var issuers))
                {
                    p.ValidIssuers = issuers;
                }

                p.ValidAudiences = IssuersByTenant.GetValueOrDefault(jwt.Issuer) ?? Array.Empty<string>();
                p.ValidIssuer = jwt.Issuer == "https://a.example/" ? "https://a.example/" : "https://b.example/";
                if (jwt.Issuer.StartsWith("https://sts.windows.net/", StringComparison.Ordinal))
                {
                    p.ValidIssuer = "https://sts.windows.net/contoso/";
                }

                var scheme = jwt.Issuer.Contains("b2c") ? "B2C" : "Entra";
                p.ValidAudiences = _schemes.Get(scheme).TokenValidationParameters.ValidAudiences;
                p.ValidIssuers = ParametersByIssuer.Values.Where(x => x.ValidIssuer == jwt.Issuer).Select(x => x.ValidIssuer).ToList();
            }
        }
        """);

    [Fact]
    public Task Reads_of_a_token_validated_first_and_configured_values_are_not_reported() => VerifyAsync("""
        class C
        {
            private readonly TokenValidationParameters _first = new() { ValidIssuer = "https://idp.example/", ValidAudience = "api://gateway" };

            async Task<TokenValidationParameters> Downstream(string token, IConfiguration configuration)
            {
                var handler = new JsonWebTokenHandler();
                var result = await handler.ValidateTokenAsync(token, _first);
                if (!result.IsValid) throw result.Exception;
                var jwt = handler.ReadJsonWebToken(token);
                var validIssuers = new List<string>();
                if (!string.IsNullOrWhiteSpace(configuration["Auth:Issuer"])) validIssuers.Add(configuration["Auth:Issuer"]!);
                return new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidIssuers = validIssuers,
                    ValidAudience = configuration["Auth:Audience"],
                };
            }

            void LogOnly(string token, ILogger<C> logger, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                logger.LogInformation("token from {Issuer}", jwt.Issuer);
                p.ValidIssuer = "https://idp.example/";
            }
        }
        """);

    [Fact]
    public Task Values_checked_against_a_fixed_allow_list_first_are_not_reported() => VerifyAsync("""
        class C
        {
            private static readonly HashSet<string> AllowedTenants = new() { "contoso-tenant-id" };
            private static readonly Dictionary<string, string> Tenants = new();
            private const string Partner = "https://partner.example/";

            void Guarded(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var tid = jwt.Claims.First(c => c.Type == "tid").Value;
                if (!AllowedTenants.Contains(tid))
                {
                    throw new SecurityTokenInvalidIssuerException("tenant not allowed");
                }

                p.ValidIssuer = $"https://login.microsoftonline.com/{tid}/v2.0";
                if (!Tenants.TryGetValue(jwt.Issuer, out _)) return;
                p.ValidIssuers = new[] { jwt.Issuer };
            }

            void InsideTheCheck(string token, TokenValidationParameters p)
            {
                var jwt = new JsonWebToken(token);
                if (AllowedTenants.Contains(jwt.GetClaim("tid").Value))
                {
                    p.ValidAudience = jwt.GetClaim("tid").Value;
                }

                if (jwt.Issuer != Partner) throw new SecurityTokenInvalidIssuerException("unknown issuer");
                var manager = new ConfigurationManager<OpenIdConnectConfiguration>(jwt.Issuer + ".well-known/openid-configuration", new OpenIdConnectConfigurationRetriever());
            }

            void CheckThatDoesNotReject(string token, TokenValidationParameters p)
            {
                var jwt = new JsonWebToken(token);
                if (!AllowedTenants.Contains(jwt.Issuer))
                {
                    Console.WriteLine("unknown issuer");
                }

                {|TA307:p.ValidIssuer = jwt.Issuer|};
            }

            // Round AU: the check as one part of a combined test (a null test beside it), after or around the use.
            void Combined(string token, TokenValidationParameters p)
            {
                var handler = new JwtSecurityTokenHandler();
                var tid = handler.ReadJwtToken(token).Claims.FirstOrDefault(c => c.Type == "tid")?.Value;
                if (tid == null || !AllowedTenants.Contains(tid)) return;
                p.ValidIssuer = $"https://login.microsoftonline.com/{tid}/v2.0";
            }

            void CombinedBlock(string token, TokenValidationParameters p)
            {
                var jwt = new JsonWebToken(token);
                if (jwt.Issuer != null && AllowedTenants.Contains(jwt.Issuer))
                {
                    p.ValidIssuer = jwt.Issuer;
                }
            }

            // Round AW: the same check negated whole, and a switch arm reached only for listed constants.
            void NegatedWhole(string token, TokenValidationParameters p)
            {
                var tid = new JsonWebToken(token).GetClaim("tid").Value;
                if (!(tid != null && AllowedTenants.Contains(tid))) return;
                p.ValidIssuer = $"https://login.microsoftonline.com/{tid}/v2.0";
            }

            void ListedArms(string token, TokenValidationParameters p)
            {
                var tid = new JsonWebToken(token).GetClaim("tid").Value;
                p.ValidIssuer = tid switch
                {
                    "72f988bf-86f1-41af-91ab-2d7cd011db47" or "11111111-2222-3333-4444-555555555555" => $"https://login.microsoftonline.com/{tid}/v2.0",
                    _ => throw new SecurityTokenInvalidIssuerException("tenant not allowed"),
                };
                {|TA307:p.ValidAudience = tid switch { "x" => "api://x", _ => tid }|};
            }

            // Either part may hold where the other decides: no guard.
            void EitherPart(string token, TokenValidationParameters p, bool strict)
            {
                var jwt = new JsonWebToken(token);
                if (strict && !AllowedTenants.Contains(jwt.Issuer)) return;
                {|TA307:p.ValidIssuer = jwt.Issuer|};
                if (!strict || AllowedTenants.Contains(jwt.Issuer))
                {
                    {|TA307:p.ValidAudience = jwt.Issuer|};
                }
            }
        }
        """);

    [Fact]
    public Task Lookups_in_stores_keyed_by_a_token_value_are_not_reported() => VerifyAsync("""
        class Tenant { public string Issuer { get; set; } = ""; }

        class TenantStore { public ValueTask<Tenant> FindAsync(params object[] keys) => default; }

        class C
        {
            private static readonly TenantStore Db = new();

            async Task M(string token, TokenValidationParameters p, IConfiguration configuration, Microsoft.Extensions.Caching.Memory.IMemoryCache cache)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var tid = jwt.Claims.First(c => c.Type == "tid").Value;
                p.ValidIssuer = configuration.GetValue<string>($"Tenants:{tid}:Issuer");
                p.ValidIssuer = configuration[$"Tenants:{tid}:Issuer"];
                p.ValidIssuers = configuration.GetSection($"Tenants:{tid}:Issuers").Get<string[]>();
                p.ValidAudience = Microsoft.Extensions.Caching.Memory.CacheExtensions.Get<string>(cache, tid);
                var tenant = await Db.FindAsync(tid);
                p.ValidIssuer = tenant.Issuer;
            }
        }
        """);

    // ---- TA308: reported ----

    [Fact]
    public Task Keys_built_from_the_jwk_and_x5c_headers_are_reported() => VerifyAsync("""
        class C
        {
            async Task<bool> FromJwk(string token)
            {
                var handler = new JsonWebTokenHandler();
                var jwt = handler.ReadJsonWebToken(token);
                jwt.TryGetHeaderValue("jwk", out JsonElement jwk);
                var parameters = new TokenValidationParameters
                {
                    ValidIssuer = "https://idp.example/",
                    ValidAudience = "api://orders",
                    {|TA308:IssuerSigningKey = new JsonWebKey(jwk.GetRawText())|},
                };
                return (await handler.ValidateTokenAsync(token, parameters)).IsValid;
            }

            void FromX5c(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var certificate = new X509Certificate2(Convert.FromBase64String(jwt.Header.X5c));
                {|TA308:p.IssuerSigningKey = new X509SecurityKey(certificate)|};
                var header = jwt.Header["jwk"].ToString();
                var keys = new List<SecurityKey>();
                keys.Add(JsonWebKey.Create(header));
                {|TA308:p.IssuerSigningKeys = keys|};
            }
        }
        """);

    [Fact]
    public Task Keys_downloaded_from_a_url_the_token_names_are_reported() => VerifyAsync("""
        class C
        {
            private static readonly HttpClient Http = new();

            async Task FromJku(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var jku = jwt.Header["jku"] as string;
                var json = await Http.GetStringAsync(jku);
                {|TA308:p.IssuerSigningKeys = new JsonWebKeySet(json).GetSigningKeys()|};
            }

            async Task ThroughAHelper(string token, TokenValidationParameters p)
            {
                new JsonWebToken(token).TryGetHeaderValue("x5u", out string x5u);
                {|TA308:p.IssuerSigningKeys = await DownloadKeysAsync(x5u)|};
            }

            private static async Task<IList<SecurityKey>> DownloadKeysAsync(string url)
            {
                var response = await Http.GetStringAsync(url);
                return new JsonWebKeySet(response).GetSigningKeys();
            }

            // A PEM downloaded from the x5u header and imported into an RSA object (real code: a key resolver).
            TokenValidationParameters FromX5uPem() => new()
            {
                IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                {
                    var url = ((JwtSecurityToken)securityToken).Header["x5u"].ToString();
                    var pem = Http.GetStringAsync(url).Result;
                    var rsa = System.Security.Cryptography.RSA.Create();
                    rsa.ImportFromPem(pem);
                    {|TA308:return new[] { new RsaSecurityKey(rsa) };|}
                },
            };

            async Task Discovery(string token, TokenValidationParameters p)
            {
                var issuer = new JwtSecurityTokenHandler().ReadJwtToken(token).Issuer;
                var manager = new ConfigurationManager<OpenIdConnectConfiguration>({|TA308:$"{issuer.TrimEnd('/')}/.well-known/openid-configuration"|}, new OpenIdConnectConfigurationRetriever());
                var config = await manager.GetConfigurationAsync();
                p.IssuerSigningKeys = config.SigningKeys;
                var direct = await OpenIdConnectConfigurationRetriever.GetAsync({|TA308:issuer + "/.well-known/openid-configuration"|}, default);
                p.IssuerSigningKeys = direct.SigningKeys;
            }
        }
        """);

    [Fact]
    public Task A_per_request_change_of_the_options_in_an_event_is_reported() => VerifyAsync("""
        class C
        {
            void Configure(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Events = new JwtBearerEvents
                    {
                        OnMessageReceived = context =>
                        {
                            var jwt = new JsonWebToken(context.Token);
                            {|TA308:context.Options.Authority = jwt.Issuer|};
                            {|TA308:context.Options.MetadataAddress = jwt.Issuer + "/.well-known/openid-configuration"|};
                            return Task.CompletedTask;
                        },
                    };
                });
        }
        """);

    [Fact]
    public Task Resolvers_that_return_a_key_from_the_token_are_reported_at_the_return() => VerifyAsync("""
        class C
        {
            void Configure(TokenValidationParameters p)
            {
                p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                {
                    var jwt = (JsonWebToken)securityToken;
                    jwt.TryGetHeaderValue("jwk", out JsonElement jwk);
                    {|TA308:return new[] { new JsonWebKey(jwk.GetRawText()) };|}
                };
                p.IssuerSigningKeyResolverUsingConfiguration = (token, securityToken, kid, parameters, configuration) =>
                    {|TA308:new[] { JsonWebKey.Create(new JwtSecurityTokenHandler().ReadJwtToken(token).Header["jwk"].ToString()) }|};
                p.IssuerSigningKeyResolver = FromIssuer;
            }

            private static IEnumerable<SecurityKey> FromIssuer(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
            {
                var manager = new ConfigurationManager<OpenIdConnectConfiguration>({|TA308:securityToken.Issuer + "/.well-known/openid-configuration"|}, new OpenIdConnectConfigurationRetriever());
                return manager.GetConfigurationAsync().Result.SigningKeys; // reported once, at the address
            }
        }
        """);

    // ---- TA308: not reported ----

    /// <summary>
    /// A resolver that hands the token's issuer to a delegate it was given, a registry of the application's own keys,
    /// and filters by kid (round X: a real OIDC server's client-key resolver); the same lookup through a dictionary.
    /// A download the resolver writes itself, from a URL built from the issuer, is still reported.
    /// </summary>
    [Fact]
    public Task A_resolver_that_looks_keys_up_by_issuer_through_a_delegate_is_not_reported() => VerifyAsync("""
        class C
        {
            void Registry(TokenValidationParameters p, Func<string, IEnumerable<SecurityKey>> resolveIssuerSigningKeys)
            {
                p.IssuerSigningKeyResolver = (_, securityToken, keyId, _) =>
                {
                    var signingKeys = resolveIssuerSigningKeys(securityToken.Issuer);
                    if (!string.IsNullOrEmpty(keyId))
                        signingKeys = signingKeys.Where(key => key.KeyId == keyId);
                    return signingKeys.ToList();
                };
            }

            void Dictionary(TokenValidationParameters p, IReadOnlyDictionary<string, SecurityKey[]> keysByIssuer)
            {
                p.IssuerSigningKeyResolver = (_, securityToken, keyId, _) =>
                    keysByIssuer.TryGetValue(securityToken.Issuer, out var keys) ? keys.Where(k => k.KeyId == keyId) : [];
            }

            void Download(TokenValidationParameters p, HttpClient http)
            {
                p.IssuerSigningKeyResolver = (_, securityToken, keyId, _) =>
                    {|TA308:new JsonWebKeySet(http.GetStringAsync(securityToken.Issuer + "/.well-known/jwks.json").Result).GetSigningKeys()|};
            }
        }
        """);

    /// <summary>
    /// A delegate whose lambda is in the compilation is followed as a helper method is (round Y: a real validator keeps
    /// its key download in a <c>Func&lt;string, Task&lt;SecurityKey&gt;&gt;</c> field): given the token's <c>jku</c>,
    /// it downloads the attacker's keys.
    /// </summary>
    [Fact]
    public Task A_delegate_of_the_compilation_that_downloads_what_it_is_given_is_followed() => VerifyAsync("""
        class C
        {
            private static readonly HttpClient Http = new();

            private readonly Func<string, Task<IList<SecurityKey>>> _download = async url =>
                new JsonWebKeySet(await Http.GetStringAsync(url)).GetSigningKeys();

            async Task FromField(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var jku = jwt.Header["jku"] as string;
                {|TA308:p.IssuerSigningKeys = await _download(jku!)|};
            }
        }
        """);

    [Fact]
    public Task DPoP_proofs_and_pinned_certificate_chains_are_not_reported() => VerifyAsync("""
        class C
        {
            private const string PinnedThumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
            private static readonly X509Certificate2 Root = new(Array.Empty<byte>());

            async Task<bool> ValidateProof(string proof)
            {
                var handler = new JsonWebTokenHandler();
                var jwt = handler.ReadJsonWebToken(proof);
                if (!string.Equals(jwt.Typ, "dpop+jwt", StringComparison.OrdinalIgnoreCase)) return false;
                jwt.TryGetHeaderValue("jwk", out JsonElement jwk);
                var parameters = new TokenValidationParameters { ValidateIssuer = false, ValidateAudience = false, IssuerSigningKey = new JsonWebKey(jwk.GetRawText()) };
                return (await handler.ValidateTokenAsync(proof, parameters)).IsValid;
            }

            void PinnedRoot(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var leaf = new X509Certificate2(Convert.FromBase64String(jwt.Header.X5c));
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Root);
                if (!chain.Build(leaf)) throw new SecurityTokenInvalidSigningKeyException("untrusted chain");
                p.IssuerSigningKey = new X509SecurityKey(leaf);
            }

            void PinnedThumbprintCheck(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var leaf = new X509Certificate2(Convert.FromBase64String(jwt.Header.X5c));
                if (leaf.Thumbprint != PinnedThumbprint) throw new SecurityTokenInvalidSigningKeyException("unknown certificate");
                p.IssuerSigningKey = new X509SecurityKey(leaf);
            }
        }
        """);

    /// <summary>
    /// Real code (an iSHARE-style client assertion check) builds the chain with a custom trust store that it fills
    /// with the token's own x5c certificates: an attacker's self-made root then chains, so nothing is pinned.
    /// </summary>
    [Fact]
    public Task A_chain_trusting_the_tokens_own_certificates_is_reported() => VerifyAsync("""
        class C
        {
            void SelfTrusted(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var certificates = JsonSerializer.Deserialize<string[]>(jwt.Header.X5c)!;
                var leaf = new X509Certificate2(Convert.FromBase64String(certificates[0]));
                var store = new X509Certificate2Collection();
                foreach (var certificate in certificates.Skip(1)) store.Add(new X509Certificate2(Convert.FromBase64String(certificate)));
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(store);
                if (!chain.Build(leaf)) throw new SecurityTokenInvalidSigningKeyException("untrusted chain");
                {|TA308:p.IssuerSigningKey = new X509SecurityKey(leaf)|};
            }

            void RootFromTheHeader(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var certificates = JsonSerializer.Deserialize<string[]>(jwt.Header.X5c)!;
                var leaf = new X509Certificate2(Convert.FromBase64String(certificates[0]));
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(new X509Certificate2(Convert.FromBase64String(certificates[^1])));
                if (!chain.Build(leaf)) throw new SecurityTokenInvalidSigningKeyException("untrusted chain");
                {|TA308:p.IssuerSigningKey = new X509SecurityKey(leaf)|};
            }
        }
        """);

    [Fact]
    public Task Keys_chosen_by_kid_or_issuer_from_a_fixed_set_are_not_reported() => VerifyAsync("""
        class C
        {
            private static readonly Dictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> Managers = new()
            {
                ["https://login.example/"] = new("https://login.example/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever()),
            };
            private static readonly List<SecurityKey> Keys = new();

            async Task M(string token, TokenValidationParameters p)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                p.IssuerSigningKeys = Keys.Where(k => k.KeyId == jwt.Header.Kid);
                if (!Managers.TryGetValue(jwt.Issuer, out var manager)) throw new SecurityTokenInvalidIssuerException("unknown issuer");
                var config = await manager.GetConfigurationAsync();
                p.IssuerSigningKeys = config.SigningKeys;
                p.IssuerSigningKeyResolver = (t, st, kid, parameters) => Keys.Where(k => k.KeyId == kid);
            }
        }
        """);

    // ---- TA308 replaces TA304 ----

    [Fact]
    public Task A_resolver_returning_the_tokens_own_key_is_TA308_not_TA304()
    {
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new KeyResolverRule(), new TrustFromTokenRule()));
        test.Sources.Add(Usings + MoreUsings + """
            class C
            {
                private static readonly SecurityKey[] Pool = Array.Empty<SecurityKey>();

                void Configure(TokenValidationParameters p)
                {
                    p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                    {
                        ((JsonWebToken)securityToken).TryGetHeaderValue("jwk", out JsonElement jwk);
                        {|TA308:return new[] { new JsonWebKey(jwk.GetRawText()) };|}
                    };
                    {|TA304:p.IssuerSigningKeyResolverUsingConfiguration = (token, securityToken, kid, parameters, configuration) => Pool|};
                }
            }
            """);
        return test.RunAsync();
    }

    // ---- Look-alikes ----

    [Fact]
    public Task User_types_and_methods_named_like_the_library_are_not_sources() => VerifyAsync("""
        class OwnToken { public string Issuer { get; set; } = ""; public Dictionary<string, string> Header { get; } = new(); }

        class OwnReader
        {
            public OwnToken ReadJwtToken(string token) => new OwnToken();
            public OwnToken ReadToken(string token) => new OwnToken();
        }

        class C
        {
            void M(string token, TokenValidationParameters p, OwnReader reader)
            {
                var own = reader.ReadJwtToken(token);
                p.ValidIssuer = own.Issuer;
                p.IssuerSigningKey = new JsonWebKey(own.Header["jwk"]);
                p.ValidAudience = reader.ReadToken(token).Issuer;
            }
        }
        """);

    [Fact]
    public Task Without_the_token_libraries_nothing_is_registered()
    {
        var test = new AnalyzerTest(new TokenValidationAnalyzer(new TrustFromTokenRule())) { ReferenceTokenLibraries = false };
        test.Sources.Add("""
            using System.Collections.Generic;

            class TokenValidationParameters { public string ValidIssuer { get; set; } = ""; public object IssuerSigningKeyResolver { get; set; } = new(); }
            class JwtSecurityToken { public JwtSecurityToken(string s) { } public string Issuer => ""; }
            class JwtSecurityTokenHandler { public JwtSecurityToken ReadJwtToken(string s) => new JwtSecurityToken(s); }

            class C
            {
                void M(string token, TokenValidationParameters p)
                {
                    p.ValidIssuer = new JwtSecurityTokenHandler().ReadJwtToken(token).Issuer;
                    p.ValidIssuer = new JwtSecurityToken(token).Issuer;
                    p.IssuerSigningKeyResolver = new object();
                }
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Five_hundred_reads_in_one_method_are_each_reported_once() => VerifyAsync(
        "class C { void M(string token, TokenValidationParameters p) { " +
        string.Concat(Enumerable.Range(0, 500).Select(i => i % 2 == 0
            ? "{|TA307:p.ValidIssuer = new JsonWebToken(token).Issuer|}; "
            : "p.ValidAudience = \"api://orders\"; ")) +
        "} }");
}
