using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Model;

/// <summary>
/// The dataflow of the Term "Unvalidated token" on its own: which values of a body carry a value of a token that was
/// only parsed. Each input names its locals by what is expected: <c>carried*</c> must carry a value of the token,
/// <c>clean*</c> must not (the value of its declaration is asked).
/// </summary>
[Trait("Rule", "TA304")]
[Trait("Rule", "TA307")]
[Trait("Rule", "TA308")]
[Trait("Rule", "TA401")]
public class UnvalidatedTokenTests
{
    private const string MoreUsings = """
        using System.Collections.Concurrent;
        using System.Net.Http;
        using Microsoft.IdentityModel.Protocols;
        using Microsoft.IdentityModel.Protocols.OpenIdConnect;

        """;

    /// <summary>Follows the values of the method <c>M</c> and checks every <c>carried*</c>/<c>clean*</c> local.</summary>
    private static void AssertFlow(string source, Func<IMethodSymbol, IParameterSymbol[]>? taintedParameters = null)
    {
        var tree = CSharpSyntaxTree.ParseText(Usings + MoreUsings + source, new CSharpParseOptions(LanguageVersion.Preview));
        var compilation = CSharpCompilation.Create("Flow", new[] { tree }, TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        var symbols = TokenSymbols.TryCreate(compilation)!;
        var model = compilation.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(declaration => declaration.Identifier.ValueText == "M");
        var methodSymbol = model.GetDeclaredSymbol(method)!;
        var body = model.GetOperation(method)!;
        var flow = UnvalidatedToken.Follow(body, symbols, default, taintedParameters?.Invoke(methodSymbol) ?? Array.Empty<IParameterSymbol>());

        var checkedLocals = 0;
        var wrong = new List<string>();
        foreach (var declarator in MemberBody.All(body).OfType<IVariableDeclaratorOperation>())
        {
            var name = declarator.Symbol.Name;
            if (declarator.Initializer is not { } initializer || !(name.StartsWith("carried", StringComparison.Ordinal) || name.StartsWith("clean", StringComparison.Ordinal)))
            {
                continue;
            }

            checkedLocals++;
            var expected = name.StartsWith("carried", StringComparison.Ordinal);
            if (flow.Carries(initializer.Value) != expected)
            {
                wrong.Add($"{name} = {initializer.Value.Syntax}: expected {(expected ? "carried" : "clean")}");
            }
        }

        Assert.True(checkedLocals > 0, "the input names no carried*/clean* local");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Every_read_is_a_source_and_every_value_read_from_it_carries() => AssertFlow("""
        class C
        {
            void M(string token, JwtSecurityTokenHandler jwtHandler, JsonWebTokenHandler jsonHandler)
            {
                var carriedRead = jwtHandler.ReadJwtToken(token);
                var carriedParsed = jwtHandler.ReadToken(token) as JwtSecurityToken;
                var carriedJson = jsonHandler.ReadJsonWebToken(token);
                var carriedCreated = new JsonWebToken(token);
                JwtSecurityToken carriedTargetTyped = new(token);
                var carriedIssuer = carriedRead.Issuer;
                var carriedAudiences = carriedJson.Audiences;
                var carriedHeader = carriedRead.Header.X5c;
                var carriedIndexed = carriedRead.Header["jku"] as string;
                var carriedClaim = carriedRead.Claims.First(c => c.Type == "tid").Value;
                var carriedGetClaim = carriedJson.GetClaim("tid").Value;
                var carriedConditional = carriedParsed?.Issuer;
                carriedRead.Payload.TryGetValue("tid", out var tid);
                var carriedOut = tid.ToString();
                var cleanLength = token.Length;
            }
        }
        """);

    [Fact]
    public void Values_built_from_a_carried_value_carry() => AssertFlow("""
        class C
        {
            private static readonly HttpClient Http = new();

            async Task M(string token, string configured)
            {
                var jwt = new JsonWebToken(token);
                var tid = jwt.GetClaim("tid").Value;
                var carriedInterpolated = $"https://login.microsoftonline.com/{tid}/v2.0";
                var carriedConcatenated = "https://sts.windows.net/" + tid + "/";
                var carriedFormatted = string.Format("https://{0}/", tid);
                var carriedUri = new Uri(jwt.Issuer);
                var carriedArray = new[] { configured, jwt.Issuer };
                var carriedList = new List<string> { jwt.Issuer };
                IEnumerable<string> carriedCollection = [configured, jwt.Issuer];
                var carriedLinq = jwt.Audiences.Select(a => a.ToUpperInvariant()).ToList();
                var carriedAppended = new[] { configured }.Append(jwt.Issuer);
                var carriedEither = configured.Length > 3 ? configured : jwt.Issuer;
                var carriedCoalesced = configured ?? jwt.Issuer;
                var carriedDownloaded = await Http.GetStringAsync(jwt.Issuer + "/jwks");
                var carriedKeys = new JsonWebKeySet(carriedDownloaded).GetSigningKeys();
                var carriedDecoded = Convert.FromBase64String(jwt.GetHeaderValue<string>("x5c"));
                foreach (var claim in jwt.Claims)
                {
                    var carriedLoopValue = claim.Value;
                }

                var cleanConfigured = configured.Trim();
                var cleanArray = new[] { configured };
            }
        }
        """);

    [Fact]
    public void Lookups_comparisons_and_validated_tokens_do_not_carry() => AssertFlow("""
        class C
        {
            private static readonly Dictionary<string, string[]> IssuersByTenant = new();
            private static readonly ConcurrentDictionary<string, TokenValidationParameters> ByIssuer = new();
            private static readonly List<SecurityKey> Keys = new();
            private readonly TokenValidationParameters _first = new();

            async Task M(string token, string other, IOptionsMonitor<JwtBearerOptions> schemes)
            {
                var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                var cleanIndexed = IssuersByTenant[jwt.Issuer];
                var cleanDefault = IssuersByTenant.GetValueOrDefault(jwt.Issuer);
                IssuersByTenant.TryGetValue(jwt.Issuer, out var found);
                var cleanFound = found;
                var cleanCompared = jwt.Issuer == "https://a.example/";
                var cleanChosen = jwt.Issuer.StartsWith("https://b2c", StringComparison.Ordinal) ? "B2C" : "Entra";
                var cleanScheme = schemes.Get(jwt.Issuer);
                var cleanByKid = Keys.Where(k => k.KeyId == jwt.Header.Kid).ToList();
                var cleanCached = ByIssuer.GetOrAdd(jwt.Issuer, _ => new TokenValidationParameters());
                var cleanHelper = Normalize(jwt.Issuer);

                var handler = new JsonWebTokenHandler();
                var result = await handler.ValidateTokenAsync(other, _first);
                if (!result.IsValid) return;
                var cleanValidated = handler.ReadJsonWebToken(other).Issuer;
            }

            private static string Normalize(string issuer) => issuer.TrimEnd('/');
        }
        """);

    [Fact]
    public void A_helper_that_downloads_is_followed_one_call_deep_and_no_further() => AssertFlow("""
        class C
        {
            private static readonly HttpClient Http = new();

            async Task M(string token)
            {
                var jku = new JwtSecurityTokenHandler().ReadJwtToken(token).Header["jku"] as string;
                var carriedKeys = await DownloadAsync(jku);
                var cleanTwoDeep = await ForwardAsync(jku);
            }

            private static async Task<IList<SecurityKey>> DownloadAsync(string url) =>
                new JsonWebKeySet(await Http.GetStringAsync(url)).GetSigningKeys();

            private static Task<IList<SecurityKey>> ForwardAsync(string url) => DownloadAsync(url);
        }
        """);

    [Fact]
    public void A_factory_gets_the_key_and_a_resolvers_token_parameter_carries() => AssertFlow("""
        class C
        {
            private readonly ConcurrentDictionary<string, string> _addresses = new();

            void M(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
            {
                var carriedIssuer = securityToken.Issuer;
                var cleanKid = kid;
                var tid = new JsonWebToken(token).GetClaim("tid").Value;
                _addresses.GetOrAdd(tid, t =>
                {
                    var carriedInFactory = $"https://login.microsoftonline.com/{t}/v2.0/.well-known/openid-configuration";
                    return carriedInFactory;
                });
            }
        }
        """, method => new[] { method.Parameters[1] });

    [Fact]
    public void The_flow_stays_in_the_body_fields_are_not_followed() => AssertFlow("""
        class C
        {
            private string _issuer = "";

            void M(string token)
            {
                _issuer = new JsonWebToken(token).Issuer;
                var cleanField = _issuer;
            }
        }
        """);
}
