using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Tests.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// Large projects for the cancellation and determinism tests: generated token-validation code in many files
/// (every shape the rules look at, findings and non-findings), plus every rule-test input that can share a
/// project with the others (wrapped in a namespace of its own).
/// </summary>
internal static class GeneratedCorpus
{
    public static ImmutableArray<TestFile> TokenValidationFiles(int count) =>
        Enumerable.Range(0, count).Select(i => new TestFile($"/0/Generated/Startup{i}.cs", StartupFile(i))).ToImmutableArray();

    /// <summary>The rule-test inputs without top-level statements, file-scoped namespaces or global usings, each in namespace CorpusN.</summary>
    public static ImmutableArray<TestFile> WrappedRuleInputs()
    {
        var files = ImmutableArray.CreateBuilder<TestFile>();
        foreach (var (input, index) in Corpus.All.Where(i => i.Kind == InputKind.CSharp).Select((input, index) => (input, index)))
        {
            var root = CSharpSyntaxTree.ParseText(input.Sources[0].Text).GetCompilationUnitRoot();
            if (root.Members.Any(m => m is GlobalStatementSyntax or FileScopedNamespaceDeclarationSyntax) || root.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)) || root.ContainsDiagnostics)
            {
                continue;
            }

            var header = root.ToFullString()[..(root.Members.FirstOrDefault()?.FullSpan.Start ?? root.FullSpan.End)];
            var body = string.Concat(root.Members.Select(m => m.ToFullString()));
            files.Add(new TestFile($"/0/Corpus/Input{index}.cs", $"{header}namespace Corpus{index}\n{{\n{body}\n}}\n"));
        }

        return files.ToImmutable();
    }

    private static string StartupFile(int i) => TestCode.Usings + $$"""
        using System.Security.Claims;

        namespace Generated{{i}};

        public class Startup{{i}}
        {
            private const bool Off = false;
            private static readonly TimeSpan Skew = TimeSpan.FromMinutes({{i % 30}});

            public void ConfigureServices(IServiceCollection services, bool development)
            {
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
                {
                    options.Authority = "{{(i % 3 == 0 ? "http" : "https")}}://login.example{{i}}.com";
                    options.RequireHttpsMetadata = {{(i % 4 == 0 ? "false" : "development")}};
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidateIssuer = {{(i % 2 == 0 ? "false" : "true")}},
                        ValidateAudience = Off,
                        ValidateLifetime = {{(i % 5 == 0 ? "!true" : "development")}},
                        RequireSignedTokens = {{(i % 7 == 0 ? "false" : "true")}},
                        ClockSkew = {{(i % 2 == 0 ? "TimeSpan.FromHours(2)" : "Skew")}},
                        ValidIssuer = "https://login.example{{i}}.com",
                        IssuerValidator = {{(i % 3 == 1 ? "(issuer, token, parameters) => issuer" : "RealIssuer")}},
                        AudienceValidator = {{(i % 2 == 1 ? "(audiences, token, parameters) => true" : "(audiences, token, parameters) => audiences.Contains(\"api\")")}},
                        LifetimeValidator = Accept,
                        SignatureValidator = {{(i % 4 == 1 ? "(token, parameters) => new JsonWebToken(token)" : "null")}},
                    };
                });
            }

            private static bool Accept(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters) => true;

            private static string RealIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters) =>
                issuer == "https://login.example{{i}}.com" ? issuer : throw new SecurityTokenInvalidIssuerException("no");

            public TokenValidationParameters Create{{i}}(bool strict)
            {
                var p = new TokenValidationParameters();
                p.ValidateIssuer = false;
                p.RequireExpirationTime = {{(i % 2 == 0 ? "false" : "strict")}};
                p.IssuerSigningKeyValidator = (key, token, parameters) => true;
                p.AlgorithmValidator = (algorithm, key, token, parameters) => {{(i % 3 == 0 ? "true" : "algorithm == \"RS256\"")}};
                if (strict)
                {
                    p.ValidateLifetime = false;
                }

                return p;
            }

            public ClaimsPrincipal Read(string jwt)
            {
                var handler = new JwtSecurityTokenHandler();
                var token = handler.ReadJwtToken(jwt);
                var total = 0;
                for (var n = 0; n < token.Claims.Count(); n++)
                {
                    total += n * {{i}};
                }

                return new ClaimsPrincipal(new ClaimsIdentity(token.Claims, total > 0 ? "jwt" : null));
            }

            public async Task<bool> ValidateAsync(string jwt)
            {
                var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
                {
                    ValidateAudience = false,
                    ValidAudience = "api{{i}}",
                    IssuerSigningKey = new SymmetricSecurityKey(new byte[32]),
                });
                return result.IsValid;
            }
        }
        """;
}
