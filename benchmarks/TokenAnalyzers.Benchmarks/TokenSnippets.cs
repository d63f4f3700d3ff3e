using System.Collections.Generic;

namespace TokenAnalyzers.Benchmarks;

/// <summary>
/// Token-validation files. The k-th token file is insecure when k is even and secure when odd; the family rotates
/// every two files (TA1xx, TA2xx, TA3xx, TA4xx, TA5xx), so every family has as many insecure as secure files. An
/// insecure file declares the findings RULES.md says it must produce (one per marked line); a secure file is the
/// same code written safely and must produce none.
/// </summary>
internal sealed record TokenSnippet(string Code, IReadOnlyDictionary<string, int> Expected, string? AppSettings);

internal static class TokenSnippets
{
    public const int Families = 5;

    public static TokenSnippet Create(int k, int i)
    {
        var insecure = k % 2 == 0;
        return ((k / 2) % Families, insecure) switch
        {
            (0, true) => Flags(i),
            (0, false) => SecureFlags(i),
            (1, true) => Delegates(i),
            (1, false) => SecureDelegates(i),
            (2, true) => Entra(i),
            (2, false) => SecureEntra(i),
            (3, true) => Unvalidated(i),
            (3, false) => SecureUnvalidated(i),
            (4, true) => AppSettings(i),
            _ => SecureAppSettings(i),
        };
    }

    private static Dictionary<string, int> Ids(params string[] ids)
    {
        var result = new Dictionary<string, int>();
        foreach (var id in ids)
        {
            result[id] = result.GetValueOrDefault(id) + 1;
        }

        return result;
    }

    private static string Header(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IdentityModel.Tokens.Jwt;
        using System.Linq;
        using System.Security.Claims;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;
        using Microsoft.IdentityModel.Validators;

        namespace Corpus.Module{{i / 100}}.Auth;

        """;

    // TA1xx: built-in checks switched off.
    private static TokenSnippet Flags(int i) => new(Header(i) + $$"""
        public static class AuthSetup{{i}}
        {
            public static IServiceCollection AddApiAuth{{i}}(this IServiceCollection services, string issuer, string audience, SecurityKey key)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddJwtBearer(options =>
                    {
                        options.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidIssuer = issuer,
                            ValidAudience = audience,
                            IssuerSigningKey = key,
                            ValidateIssuer = false,
                            ValidateAudience = false,
                            ValidateLifetime = false,
                            RequireSignedTokens = false,
                            RequireExpirationTime = false,
                            ClockSkew = TimeSpan.FromHours(1),
                        };
                        options.RequireHttpsMetadata = false;
                    });
                return services;
            }
        }

        """, Ids("TA101", "TA102", "TA103", "TA104", "TA105", "TA106", "TA107"), null);

    private static TokenSnippet SecureFlags(int i) => new(Header(i) + $$"""
        public static class AuthSetup{{i}}
        {
            public static IServiceCollection AddApiAuth{{i}}(this IServiceCollection services, IHostEnvironment environment, string issuer, string audience, SecurityKey key)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddJwtBearer(options =>
                    {
                        options.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidIssuer = issuer,
                            IssuerSigningKey = key,
                            ValidateIssuer = true,
                            ValidateAudience = false,
                            AudienceValidator = (audiences, token, parameters) => audiences.Any(a => a == audience),
                            ValidateLifetime = true,
                            RequireSignedTokens = true,
                            RequireExpirationTime = true,
                            ClockSkew = TimeSpan.FromMinutes(2),
                        };
                        options.RequireHttpsMetadata = !environment.IsDevelopment();
                    });
                return services;
            }
        }

        """, Ids(), null);

    // TA2xx: validator delegates that accept every token.
    private static TokenSnippet Delegates(int i) => new(Header(i) + $$"""
        public static class AuthSetup{{i}}
        {
            public static IServiceCollection AddApiAuth{{i}}(this IServiceCollection services, string issuer, string audience, SecurityKey key)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddJwtBearer(options =>
                    {
                        options.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidIssuer = issuer,
                            ValidAudience = audience,
                            IssuerSigningKey = key,
                            SignatureValidator = (token, parameters) => new JsonWebToken(token),
                            IssuerValidator = (iss, token, parameters) => iss,
                            AudienceValidator = (audiences, token, parameters) => true,
                            LifetimeValidator = (notBefore, expires, token, parameters) => true,
                            IssuerSigningKeyValidator = (securityKey, token, parameters) => true,
                            AlgorithmValidator = (algorithm, securityKey, token, parameters) => true,
                        };
                    });
                return services;
            }
        }

        """, Ids("TA201", "TA202", "TA203", "TA204", "TA205", "TA206"), null);

    private static TokenSnippet SecureDelegates(int i) => new(Header(i) + $$"""
        public static class AuthSetup{{i}}
        {
            private static readonly string[] AllowedIssuers = { "https://id.example.com", "https://id2.example.com" };

            public static IServiceCollection AddApiAuth{{i}}(this IServiceCollection services, string audience, SecurityKey key)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddJwtBearer(options =>
                    {
                        options.TokenValidationParameters = new TokenValidationParameters
                        {
                            IssuerSigningKey = key,
                            IssuerValidator = (iss, token, parameters) => AllowedIssuers.Contains(iss) ? iss : throw new SecurityTokenInvalidIssuerException("unknown issuer " + iss),
                            AudienceValidator = (audiences, token, parameters) => audiences.Contains(audience),
                            LifetimeValidator = (notBefore, expires, token, parameters) => expires > DateTime.UtcNow && (notBefore ?? DateTime.MinValue) <= DateTime.UtcNow,
                            IssuerSigningKeyValidator = (securityKey, token, parameters) => securityKey.KeyId == key.KeyId,
                            AlgorithmValidator = (algorithm, securityKey, token, parameters) => algorithm == SecurityAlgorithms.RsaSha256,
                        };
                    });
                return services;
            }
        }

        """, Ids(), null);

    // TA3xx: Entra ID tenants, signing keys and algorithms.
    private static TokenSnippet Entra(int i) => new(Header(i) + $$"""
        public static class EntraSetup{{i}}
        {
            public static IServiceCollection AddEntraAuth{{i}}(this IServiceCollection services, string audience, IEnumerable<SecurityKey> signingKeys)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddJwtBearer(options =>
                    {
                        options.Authority = "https://login.microsoftonline.com/common/v2.0";
                        options.Audience = audience;
                        options.TokenValidationParameters.IssuerValidator = (iss, token, parameters) =>
                            iss.StartsWith("https://login.microsoftonline.com/", StringComparison.Ordinal) ? iss : throw new SecurityTokenInvalidIssuerException("unexpected issuer " + iss);
                        options.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256, "none" };
                        options.TokenValidationParameters.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => signingKeys;
                    });
                return services;
            }

            public static TokenValidationParameters LocalParameters{{i}}() => new TokenValidationParameters
            {
                ValidIssuer = "https://api.example.com",
                ValidAudience = "orders",
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("this-is-a-hard-coded-signing-key-0123456789")),
            };
        }

        """, Ids("TA301", "TA302", "TA304", "TA305", "TA306"), null);

    private static TokenSnippet SecureEntra(int i) => new(Header(i) + $$"""
        public static class EntraSetup{{i}}
        {
            public static IServiceCollection AddEntraAuth{{i}}(this IServiceCollection services, string audience, IEnumerable<SecurityKey> signingKeys, byte[] keyFromVault)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddJwtBearer(options =>
                    {
                        options.Authority = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
                        options.Audience = audience;
                        options.TokenValidationParameters.IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(options.Authority).Validate;
                        options.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                        options.TokenValidationParameters.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => signingKeys.Where(k => k.KeyId == kid);
                        options.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
                    });
                return services;
            }

            public static TokenValidationParameters LocalParameters{{i}}(byte[] keyFromVault) => new TokenValidationParameters
            {
                ValidIssuer = "https://api.example.com",
                ValidAudience = "orders",
                IssuerSigningKey = new SymmetricSecurityKey(keyFromVault),
            };
        }

        """, Ids(), null);

    // TA4xx: tokens trusted without successful validation.
    private static TokenSnippet Unvalidated(int i) => new(Header(i) + $$"""
        public sealed class TokenInspector{{i}}
        {
            public string? UserId(string token)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                return jwt.Claims.FirstOrDefault(c => c.Type == "sub")?.Value;
            }

            public async Task<ClaimsIdentity> IdentityAsync(string token, TokenValidationParameters parameters)
            {
                var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
                return result.ClaimsIdentity;
            }

            public bool IsAcceptable(string token, TokenValidationParameters parameters)
            {
                try
                {
                    new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
                }
                catch (SecurityTokenException)
                {
                    return true;
                }

                return true;
            }

            public static JwtBearerEvents Events() => new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    context.Success();
                    return Task.CompletedTask;
                },
            };
        }

        """, Ids("TA401", "TA402", "TA403", "TA404"), null);

    private static TokenSnippet SecureUnvalidated(int i) => new(Header(i) + $$"""
        public sealed class TokenInspector{{i}}
        {
            public DateTime ExpiresAt(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token).ValidTo;

            public async Task<ClaimsIdentity?> IdentityAsync(string token, TokenValidationParameters parameters)
            {
                var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
                return result.IsValid ? result.ClaimsIdentity : null;
            }

            public bool IsAcceptable(string token, TokenValidationParameters parameters)
            {
                try
                {
                    new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
                    return true;
                }
                catch (SecurityTokenException)
                {
                    return false;
                }
            }

            public static JwtBearerEvents Events() => new JwtBearerEvents
            {
                OnAuthenticationFailed = context =>
                {
                    context.Fail(context.Exception);
                    return Task.CompletedTask;
                },
            };
        }

        """, Ids(), null);

    // TA5xx: configuration files (the C# side binds the scheme from configuration).
    private static string BoundFromConfiguration(int i) => Header(i) + $$"""
        public static class ConfiguredAuth{{i}}
        {
            public static IServiceCollection AddConfiguredAuth{{i}}(this IServiceCollection services)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
                return services;
            }
        }

        """;

    // No TA502: the corpus compiles against JwtBearer 8.0.30, whose section binding fails closed (TA502 is for 7.0-8.0.6).
    private static TokenSnippet AppSettings(int i) => new(BoundFromConfiguration(i), Ids("TA501", "TA501"), $$"""
        {
          // service {{i}}
          "Logging": { "LogLevel": { "Default": "Information" } },
          "Authentication": {
            "Schemes": {
              "Bearer": {
                "Authority": "https://id.example.com/service{{i}}",
                "ValidateLifetime": false,
                "RequireHttpsMetadata": "false",
              },
            },
          },
        }
        """);

    private static TokenSnippet SecureAppSettings(int i) => new(BoundFromConfiguration(i), Ids(), $$"""
        {
          // service {{i}}
          "Logging": { "LogLevel": { "Default": "Information" } },
          "Authentication": {
            "Schemes": {
              "Bearer": {
                "Authority": "https://id.example.com/service{{i}}",
                "ValidIssuer": "https://id.example.com/service{{i}}",
                "ValidAudiences": [ "api://service{{i}}" ],
                "ValidateLifetime": true,
              },
            },
          },
        }
        """);
}
