using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Tests.Rules;
using TokenAnalyzers.Tests.Verification;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// RULES.md "Code fixes must not break the code", swept: each fixable rule's positive input (a seed, taken from the
/// rule's tests) is wrapped in every adversarial shape of that section (a lambda whose value is used, async, chained
/// assignment, argument, conditional, expression-bodied member, <c>#if</c>/<c>#region</c>/<c>#pragma</c> and comments
/// around or inside it, initializer members, user types and aliases named like library types, <c>@</c> identifiers,
/// a field shadowed by a parameter of the same name). Every code action of every fixer on every diagnostic is
/// applied alone, and Fix All at Document, Project and Solution scope. The fixed text, parsed again from scratch,
/// must compile with no new compiler error or warning; the finding must be gone (or the fix declined, with the
/// finding kept); every comment and directive must survive; nothing outside the member holding the finding may
/// change (a using the fix adds aside); Fix All at every scope must give the same text as applying the fixes one by one.
/// </summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class FixShapeSweepTests(ITestOutputHelper output)
{
    private const string Guid = "0c0ffee0-1234-4abc-8def-0123456789ab";

    /// <summary>One fixable finding: the receiver type, how to create one, the reported assignment (<c>{r}</c> is the receiver).</summary>
    private sealed record Seed(
        string Rule,
        string Type,
        string Create,
        string Target,
        string ValueType,
        string Setup,
        string Filler1,
        string Filler2,
        string ExtraUsings = "");

    /// <summary>The positive inputs of the fixable rules' tests, reduced to one assignment each.</summary>
    private static readonly Seed[] Seeds =
    [
        new("TA101", "TokenValidationParameters", "new TokenValidationParameters()", "{r}.ValidateIssuer = false", "bool", "{r}.ValidIssuer = \"https://issuer.example\";", "NameClaimType = \"name\"", "RoleClaimType = \"role\""),
        new("TA102", "TokenValidationParameters", "new TokenValidationParameters()", "{r}.ValidateAudience = false", "bool", "{r}.ValidAudience = \"api://my-api\";", "NameClaimType = \"name\"", "RoleClaimType = \"role\""),
        new("TA104", "TokenValidationParameters", "new TokenValidationParameters()", "{r}.RequireSignedTokens = false", "bool", "", "NameClaimType = \"name\"", "RoleClaimType = \"role\""),
        new("TA106", "TokenValidationParameters", "new TokenValidationParameters()", "{r}.ClockSkew = TimeSpan.FromHours(1)", "TimeSpan", "", "NameClaimType = \"name\"", "RoleClaimType = \"role\""),
        new("TA107", "JwtBearerOptions", "new JwtBearerOptions()", "{r}.RequireHttpsMetadata = false", "bool", "", "SaveToken = true", "IncludeErrorDetails = true"),
        new("TA202", "TokenValidationParameters", "new TokenValidationParameters()", "{r}.IssuerValidator = (issuer, token, parameters) => issuer", "IssuerValidator", "", "NameClaimType = \"name\"", "RoleClaimType = \"role\""),
        new("TA205", "TokenValidationParameters", "new TokenValidationParameters()", "{r}.IssuerSigningKeyValidator = (key, token, parameters) => true", "IssuerSigningKeyValidator", "", "NameClaimType = \"name\"", "RoleClaimType = \"role\""),
        new("TA306", "TokenValidationParameters", "new TokenValidationParameters()", "{r}.ValidAlgorithms = new[] { \"none\", SecurityAlgorithms.RsaSha256 }", "IEnumerable<string>", "", "NameClaimType = \"name\"", "RoleClaimType = \"role\""),
        new("TA301", "JwtBearerOptions", "new JwtBearerOptions()", "{r}.TokenValidationParameters.ValidateIssuer = false", "bool", "{r}.Authority = \"https://login.microsoftonline.com/" + Guid + "/v2.0\";", "SaveToken = true", "IncludeErrorDetails = true"),
        new("TA302", "JwtBearerOptions", "new JwtBearerOptions()", "{r}.Authority = \"https://login.microsoftonline.com/" + Guid + "/v2.0\"", "string", "", "SaveToken = true", "IncludeErrorDetails = true"),
        new("TA108", "HttpClientHandler", "new HttpClientHandler()", "{r}.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator",
            "Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool>", "new JwtBearerOptions().BackchannelHttpHandler = {r};", "UseProxy = false", "AllowAutoRedirect = false",
            "using System.Net.Http;\nusing System.Net.Security;\nusing System.Security.Cryptography.X509Certificates;\n"),
    ];

    /// <summary>A shape: a name, and the members it writes into class C for a seed (<c>{r}</c> replaced).</summary>
    private sealed record Shape(string Name, Func<Seed, string?> Members);

    private static string T(Seed seed, string receiver) => seed.Target.Replace("{r}", receiver, StringComparison.Ordinal);

    private static string S(Seed seed, string receiver) => seed.Setup.Replace("{r}", receiver, StringComparison.Ordinal);

    /// <summary>The target as an initializer member (<c>X = v</c>), when the target is <c>{r}.X = v</c>.</summary>
    private static string? Member(Seed seed) =>
        seed.Target.StartsWith("{r}.", StringComparison.Ordinal) && seed.Target.IndexOf('.', 4) is var dot && (dot < 0 || dot > seed.Target.IndexOf('=', StringComparison.Ordinal))
            ? seed.Target[4..]
            : null;

    private static readonly Shape[] Shapes =
    [
        new("statement", s => $$"""
            void Statement({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                {{T(s, "p")}};
            }
            """),
        new("comments", s => $$"""
            void Comments({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                // before the finding
                /* leading */ {{T(s, "p")}}; // after the finding
                GC.KeepAlive(p); // the next statement
            }
            """),
        new("if-directive", s => $$"""
            void IfDirective({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
            #if DEBUG
                {{T(s, "p")}};
            #endif
            }
            """),
        new("if-else-directive", s => $$"""
            void IfElse({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
            #if DEBUG
                {{T(s, "p")}}; // debug only
            #else
                GC.KeepAlive(p);
            #endif
                GC.KeepAlive(flag);
            }
            """),
        new("region-pragma", s => $$"""
            void Region({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                #region Security settings
            #pragma warning disable CS0618 // obsolete members
                {{T(s, "p")}};
            #pragma warning restore CS0618
                #endregion
            }
            """),
        new("embedded", s => $$"""
            void Embedded({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                if (flag) {{T(s, "p")}}; // only when flagged
            }
            """),
        new("initializer-first", s => Member(s) is not { } m ? null : $$"""
            {{s.Type}} InitializerFirst(bool flag)
            {
                var q = new {{s.Type}} { {{m}}, {{s.Filler1}} };
                {{S(s, "q")}}
                return q;
            }
            """),
        new("initializer-last-if", s => Member(s) is not { } m ? null : $$"""
            {{s.Type}} InitializerLastIf(bool flag)
            {
                var q = new {{s.Type}}
                {
                    {{s.Filler1}},
            #if DEBUG
                    {{m}}
            #endif
                };
                {{S(s, "q")}}
                return q;
            }
            """),
        new("initializer-middle-comments", s => Member(s) is not { } m ? null : $$"""
            {{s.Type}} InitializerMiddle(bool flag)
            {
                var q = new {{s.Type}}
                {
                    {{s.Filler1}}, // first
                    // why the check is off
                    {{m}}, // TODO remove
                    /* last */ {{s.Filler2}},
                };
                {{S(s, "q")}}
                return q;
            }
            """),
        new("action-lambda", s => $$"""
            void ActionLambda({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                Action<{{s.Type}}> a = x => {{T(s, "x")}};
                a(p);
            }
            """),
        new("func-lambda-used", s => $$"""
            void FuncLambda({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                Func<{{s.Type}}, {{s.ValueType}}> f = x => {{T(s, "x")}};
                GC.KeepAlive(f(p));
            }
            """),
        new("async-lambda-used", s => $$"""
            async Task AsyncLambda({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
            #pragma warning disable CS1998
                Func<{{s.Type}}, Task<{{s.ValueType}}>> f = async x => {{T(s, "x")}};
            #pragma warning restore CS1998
                GC.KeepAlive(await f(p));
            }
            """),
        new("async-lambda-task", s => $$"""
            async Task AsyncTask({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
            #pragma warning disable CS1998
                Func<{{s.Type}}, Task> f = async x => {{T(s, "x")}};
            #pragma warning restore CS1998
                await f(p);
            }
            """),
        new("chained", s => $$"""
            void Chained({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                {{s.ValueType}} v;
                v = {{T(s, "p")}};
                var w = v;
                GC.KeepAlive(w);
            }
            """),
        new("argument-conditional", s => $$"""
            void Argument({{s.Type}} p, bool flag)
            {
                {{S(s, "p")}}
                GC.KeepAlive({{T(s, "p")}});
                GC.KeepAlive(flag ? ({{T(s, "p")}}) : default);
            }
            """),
        new("expression-bodied-member", s => $$"""
            {{s.ValueType}} ValueMember({{s.Type}} p) => {{T(s, "p")}};

            void VoidMember({{s.Type}} p) => {{T(s, "p")}};
            """),
        new("escaped-identifier", s => $$"""
            void Escaped(bool flag)
            {
                var @event = {{s.Create}};
                {{S(s, "@event")}}
                {{T(s, "@event")}};
                GC.KeepAlive(@event);
            }
            """),
        new("shadowed-field", s => $$"""
            private readonly {{s.Type}} options = {{s.Create}};

            void Shadowed({{s.Type}} options, bool flag)
            {
                {{S(s, "this.options")}}
                {{T(s, "this.options")}};
                GC.KeepAlive(options);
            }
            """),
    ];

    /// <summary>How a document around class C looks: plain, or with user types and aliases named like library types.</summary>
    private static readonly (string Name, Func<int, string, string> Wrap)[] Documents =
    [
        ("plain", (i, members) => $$"""
            namespace App{{i}}
            {
                class C
                {
            {{Indent(members)}}
                }
            }
            """),
        ("user-types-in-namespace", (i, members) => $$"""
            namespace App{{i}}
            {
                class AadIssuerValidator { }

                static class AadTokenValidationParametersExtension { }

                class C
                {
            {{Indent(members)}}
                }
            }
            """),
        ("user-types-imported", (i, members) => $$"""
            namespace App{{i}}
            {
                using Lib{{i}};

                class C
                {
                    private readonly object user = new AadIssuerValidator();
            {{Indent(members)}}
                }
            }

            namespace Lib{{i}}
            {
                public class AadIssuerValidator { }
            }
            """),
        ("alias", (i, members) => $$"""
            namespace App{{i}}
            {
                using AadIssuerValidator = System.Text.StringBuilder;

                class C
                {
                    private readonly AadIssuerValidator? user = null;
            {{Indent(members)}}
                }
            }
            """),
    ];

    private static string Indent(string members) =>
        string.Join("\n", members.Split('\n').Select(line => line.Length == 0 ? line : "        " + line));

    /// <summary>TA402 and TA303 are not assignments: their shapes are written out.</summary>
    private static readonly (string Rule, string Members)[] Statements =
    [
        ("TA402", """
            async Task Discarded(string token, TokenValidationParameters p, JsonWebTokenHandler handler, string result)
            {
                // validate
                await handler.ValidateTokenAsync(token, p).ConfigureAwait(false); // checked elsewhere?
                _ = await handler.ValidateTokenAsync(token, p);
            #if DEBUG
                await handler.ValidateTokenAsync(token, p);
            #endif
            }

            async Task Body(string token, TokenValidationParameters p, JsonWebTokenHandler handler) => await handler.ValidateTokenAsync(token, p);

            Func<Task<TokenValidationResult>> Used(string token, TokenValidationParameters p, JsonWebTokenHandler handler) => async () => await handler.ValidateTokenAsync(token, p);

            Func<Task> Lambda(string token, TokenValidationParameters p, JsonWebTokenHandler handler) => async () => await handler.ValidateTokenAsync(token, p);

            async Task<string?> Escaped(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                var @event = await handler.ValidateTokenAsync(token, p); // stored
                return @event.ClaimsIdentity.Name;
            }

            void NotAwaited(string token, TokenValidationParameters p, JsonWebTokenHandler handler)
            {
                _ = handler.ValidateTokenAsync(token, p);
            }
            """),
        // TA302 on objects no variable names: the fix stores them in a fresh local (or declines).
        ("TA302", """
            TokenValidationParameters Returned(string parameters)
            {
                // the API's parameters
                return /* Entra */ new TokenValidationParameters
                {
                    ValidAudience = parameters,
            #if DEBUG
                    ValidIssuer = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0",
            #endif
                    ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>("https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever()), // tenant
                }; // returned
            }

            static JwtBearerOptions Arrow() => new()
            {
                Authority = "https://login.microsoftonline.com/common/v2.0",
            };

            Func<JwtBearerOptions> Lambda() => () => new JwtBearerOptions { MetadataAddress = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration" };

            JwtBearerOptions Property => new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" }; // a new object per read

            System.Linq.Expressions.Expression<Func<JwtBearerOptions>> Tree() => () => new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" };

            static readonly JwtBearerOptions Field = new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" };

            JwtBearerOptions? Conditional(bool flag) => flag ? new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" } : null;

            JwtBearerOptions Split()
            {
                return
            #if DEBUG
                    new JwtBearerOptions { Authority = "https://login.microsoftonline.com/common/v2.0" };
            #else
                    new JwtBearerOptions();
            #endif
            }
            """),
        ("TA303", """
            void Move(JwtBearerOptions o)
            {
                o.Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
                // bind keys to issuers
                o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation(); // see docs
                o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://my-api" };
            }

            void AcrossDirective(JwtBearerOptions o)
            {
                o.Authority = "https://login.microsoftonline.com/0c0ffee0-1234-4abc-8def-0123456789ab/v2.0";
                o.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            #if DEBUG
                o.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "api://my-api" };
            #endif
            }
            """),
    ];

    private const string ExtraUsings = "using System.Net.Http;\nusing System.Net.Security;\nusing System.Security.Cryptography.X509Certificates;\nusing Microsoft.IdentityModel.Protocols;\nusing Microsoft.IdentityModel.Protocols.OpenIdConnect;\n";

    /// <summary>One project per seed: a document per document kind, each holding every shape the seed supports.</summary>
    private static IEnumerable<(string Name, TestSolutionSpec Spec, int Shapes)> Cases()
    {
        foreach (var seed in Seeds)
        {
            var files = new List<TestFile>();
            var shapes = 0;
            for (var d = 0; d < Documents.Length; d++)
            {
                var members = d == 0
                    ? Shapes.Select(shape => shape.Members(seed)).OfType<string>().ToList()
                    : [Shapes[0].Members(seed)!, Shapes[^2].Members(seed)!];
                shapes += members.Count;
                var usings = TestCode.Usings + ExtraUsings + (d == 3 ? "using Microsoft.IdentityModel.Validators;\n" : "");
                files.Add(new TestFile($"/0/{seed.Rule}_{Documents[d].Name}.cs", usings + Documents[d].Wrap(d, string.Join("\n\n", members)) + "\n"));
            }

            yield return (seed.Rule, Spec(files), shapes);
        }

        foreach (var (rule, members) in Statements)
        {
            var files = new List<TestFile>();
            for (var d = 0; d < 2; d++)
            {
                var usings = TestCode.Usings + ExtraUsings + "using Microsoft.IdentityModel.Validators;\n#pragma warning disable CS0618\n";
                files.Add(new TestFile($"/0/{rule}_{Documents[d].Name}.cs", usings + Documents[d].Wrap(d, members) + "\n"));
            }

            yield return (rule, Spec(files), 2 * members.Split("\n\n").Length);
        }
    }

    private static TestSolutionSpec Spec(List<TestFile> files) => new(
        [files.ToImmutableArray()], [], EditorConfig: null, GlobalConfig: null, OutputKind.DynamicallyLinkedLibrary,
        LanguageVersion.Preview, ["DEBUG"], ReferenceTokenLibraries: true);

    private static readonly FixAllScope[] Scopes = [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

    [Fact]
    public async Task Every_fix_on_every_adversarial_shape_compiles_keeps_comments_and_changes_only_its_member()
    {
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var runner = new DiagnosticRunner(Catalog.Analyzers());
        var fixers = Catalog.CodeFixes();
        var cases = Cases().ToList();
        var failures = new ConcurrentQueue<string>();
        var counters = new SweepCounters();
        var shapes = cases.Sum(c => c.Shapes);

        await Harness.RunAllAsync(cases, async @case =>
        {
            var outcome = new CaseOutcome();
            await Harness.BoundedAsync(@case.Name, TimeSpan.FromSeconds(120), outcome.Failures, async cancellationToken =>
            {
                var diagnostics = await SweepAsync(@case.Name, @case.Spec, runner, fixers, counters, outcome.Failures, inScope: null, cancellationToken);
                if (diagnostics is null)
                {
                    outcome.Failures.Add($"{@case.Name}: the sweep's input does not compile.");
                }
                else if (!diagnostics.Value.Any(d => d.Id == @case.Name))
                {
                    outcome.Failures.Add($"{@case.Name}: the seed is not reported in any shape; the sweep would test nothing.");
                }
            });

            foreach (var failure in outcome.Failures)
            {
                failures.Enqueue(failure);
            }

            return outcome;
        });

        output.WriteLine($"Fix-shape sweep: {cases.Count} seeds, {shapes} shape instances ({Shapes.Length} shapes x {Documents.Length} document kinds), "
            + $"{counters.Actions} code actions applied alone, {counters.FixAllRuns} Fix All runs (Document/Project/Solution), {counters.Declined} findings declined "
            + $"({counters.DeclinedByRule()}), failures: {failures.Count}, in {Harness.Elapsed(stopwatch)} "
            + $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0} s of CPU in the test process, other tests included).");
        foreach (var failure in failures)
        {
            output.WriteLine("FAIL " + failure.Split('\n')[0]);
        }

        Assert.True(failures.IsEmpty, Harness.Summarize(failures, cases.Count));
    }

    /// <summary>What a sweep did, summed over its cases.</summary>
    internal sealed class SweepCounters
    {
        public int Actions;
        public int FixAllRuns;
        public int Declined;
        public readonly ConcurrentDictionary<string, int> DeclinedBy = new(StringComparer.Ordinal);

        public string DeclinedByRule() =>
            string.Join(", ", DeclinedBy.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));
    }

    /// <summary>
    /// One case of a sweep: every code action of every fixer on every diagnostic (those <paramref name="inScope"/>
    /// accepts, or all) applied alone and judged by <see cref="CheckAsync"/>; then per equivalence key the fixes one
    /// by one, and Fix All at each scope (of <paramref name="scopes"/>, or all three) giving the same text. Returns the diagnostics reported on the input, or null
    /// (nothing done, no failure added) when the input itself does not compile.
    /// </summary>
    internal static async Task<ImmutableArray<Diagnostic>?> SweepAsync(
        string name, TestSolutionSpec spec, DiagnosticRunner runner, ImmutableArray<CodeFixProvider> fixers, SweepCounters counters,
        List<string> failures, Func<Diagnostic, bool>? inScope, CancellationToken cancellationToken, IReadOnlyList<FixAllScope>? scopes = null)
    {
        var solution = spec.Build();
        var before = await CompilerDiagnosticsAsync(solution, cancellationToken);
        if (before.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        var diagnostics = await runner.AnalyzeAsync(solution, name, cancellationToken);
        var texts = await SolutionTexts.OfAsync(solution, cancellationToken);
        foreach (var fixer in fixers)
        {
            var keys = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var diagnostic in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && (inScope is null || inScope(d))))
            {
                var offered = await Harness.OfferedActionsAsync(solution, fixer, diagnostic, cancellationToken);
                if (offered.Count == 0)
                {
                    Interlocked.Increment(ref counters.Declined);
                    counters.DeclinedBy.AddOrUpdate(diagnostic.Id, 1, (_, n) => n + 1);
                    continue;
                }

                foreach (var action in offered)
                {
                    Interlocked.Increment(ref counters.Actions);
                    var what = $"\"{action.Title}\" for {DiagnosticRunner.Describe(diagnostic)} ({name})";
                    var fixedSolution = await CodeFixRunner.ApplyAsync(action, cancellationToken, solution);
                    var fixedTexts = await SolutionTexts.OfAsync(fixedSolution, cancellationToken);
                    foreach (var problem in await CheckAsync(fixedSolution, texts, fixedTexts, diagnostic, runner, diagnostics, before, cancellationToken))
                    {
                        failures.Add($"{what}: {problem}");
                    }

                    if (action.EquivalenceKey is { } key)
                    {
                        keys.Add(key);
                    }
                }
            }

            if (fixer.GetFixAllProvider() is not { } provider)
            {
                continue;
            }

            foreach (var key in keys)
            {
                // One by one, then Fix All at each scope: the same text (RULES.md).
                var oneByOne = await SolutionTexts.OfAsync(
                    await new CodeFixRunner(runner, fixer, key).FixOneByOneAsync(spec.Build(), cancellationToken), cancellationToken);
                var oneByOneErrors = New(before, await CompilerDiagnosticsAsync(spec.WithTexts(oneByOne).Build(), cancellationToken));
                if (oneByOneErrors.Count > 0)
                {
                    failures.Add($"Fixing every finding one by one ({key}, {name}) gives new compiler diagnostics: {Describe(oneByOneErrors)}");
                }

                foreach (var scope in scopes ?? Scopes)
                {
                    Interlocked.Increment(ref counters.FixAllRuns);
                    try
                    {
                        var all = await new FixAllRunner(runner, new CodeFixRunner(runner, fixer, key), fixer, provider, passLimit: null)
                            .FixAllAsync(spec.Build(), scope, cancellationToken);
                        var allTexts = await SolutionTexts.OfAsync(all, cancellationToken);
                        if (!SolutionTexts.AreEqual(oneByOne, allTexts))
                        {
                            failures.Add($"Fix All ({scope}, {key}, {name}) differs from fixing one by one:{Environment.NewLine}"
                                + string.Join(Environment.NewLine, allTexts.Where(p => oneByOne[p.Key] != p.Value).Select(p => TextDiff.Describe(oneByOne[p.Key], p.Value))));
                        }
                    }
                    catch (VerificationException exception)
                    {
                        failures.Add($"Fix All ({scope}, {key}, {name}): {exception.Message}");
                    }
                }
            }
        }

        return diagnostics;
    }

    /// <summary>Everything RULES.md asks of one applied action, judged on the re-parsed text.</summary>
    private static async Task<List<string>> CheckAsync(
        Solution reparsed, Dictionary<string, string> texts, Dictionary<string, string> fixedTexts, Diagnostic diagnostic,
        DiagnosticRunner runner, ImmutableArray<Diagnostic> diagnostics, List<Diagnostic> before, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (SolutionTexts.AreEqual(texts, fixedTexts))
        {
            problems.Add("left the code unchanged");
            return problems;
        }

        var errors = New(before, await CompilerDiagnosticsAsync(reparsed, cancellationToken));
        var path = DiagnosticRunner.PathOf(diagnostic);
        if (errors.Count > 0)
        {
            problems.Add($"the re-parsed text has new compiler diagnostics: {Describe(errors)}{Environment.NewLine}{TextDiff.Describe(texts[path], fixedTexts[path])}");
            return problems;
        }

        var after = await runner.AnalyzeAsync(reparsed, "the fixed code", cancellationToken);
        var key = CodeFixRunner.KeyOf(diagnostic, texts);
        if (after.Count(d => CodeFixRunner.KeyOf(d, fixedTexts) == key) >= diagnostics.Count(d => CodeFixRunner.KeyOf(d, texts) == key))
        {
            problems.Add($"its finding is still reported{Environment.NewLine}{TextDiff.Describe(texts[path], fixedTexts[path])}");
        }

        foreach (var (file, text) in fixedTexts)
        {
            var lost = Harness.Except(CommentsAndDirectives(texts[file]), CommentsAndDirectives(text));
            if (lost.Count > 0)
            {
                problems.Add($"lost {string.Join(", ", lost.Select(t => $"'{t}'"))} in {file}{Environment.NewLine}{TextDiff.Describe(texts[file], text)}");
            }

            if (file != path && text != texts[file])
            {
                problems.Add($"changed another file, {file}");
            }
        }

        // Nothing outside the member that holds the finding changes, apart from a using the fix adds.
        var tree = diagnostic.Location.SourceTree!;
        var member = tree.GetRoot(cancellationToken).FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>()
            .First(m => m is not Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax and not Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax);
        var original = texts[path];
        var result = WithoutAddedUsings(original, fixedTexts[path]);
        var prefix = 0;
        while (prefix < original.Length && prefix < result.Length && original[prefix] == result[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < original.Length - prefix && suffix < result.Length - prefix && original[^(suffix + 1)] == result[^(suffix + 1)])
        {
            suffix++;
        }

        if (prefix < member.FullSpan.Start || original.Length - suffix > member.FullSpan.End)
        {
            problems.Add($"changed code outside the member holding the finding{Environment.NewLine}{TextDiff.Describe(original, fixedTexts[path])}");
        }

        return problems;
    }

    private static string WithoutAddedUsings(string original, string result)
    {
        var originalLines = new HashSet<string>(original.Split('\n'), StringComparer.Ordinal);
        return string.Join("\n", result.Split('\n').Where(line => !(line.TrimStart().StartsWith("using ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(';') && !originalLines.Contains(line))));
    }

    /// <summary>Every comment and directive of a text, as written (trimmed), in a multiset.</summary>
    private static List<string> CommentsAndDirectives(string text) =>
        CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: ["DEBUG"])).GetRoot()
            .DescendantTrivia(descendIntoTrivia: true)
            .Where(t => t.IsDirective || t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            .Select(t => t.ToString().Trim())
            .ToList();

    /// <summary>Compiler errors and warnings (the re-parsed text judged as the compiler sees it).</summary>
    private static async Task<List<Diagnostic>> CompilerDiagnosticsAsync(Solution solution, CancellationToken cancellationToken)
    {
        var found = new List<Diagnostic>();
        foreach (var project in solution.Projects)
        {
            var compilation = await project.GetCompilationAsync(cancellationToken);
            found.AddRange(compilation!.GetDiagnostics(cancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("CS8019" or "CS1701" or "CS1702")));
        }

        return found;
    }

    private static string KeyOf(Diagnostic diagnostic) =>
        $"{diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The diagnostics of <paramref name="after"/> that <paramref name="before"/> does not have (id and message, as multisets).</summary>
    private static List<Diagnostic> New(List<Diagnostic> before, List<Diagnostic> after)
    {
        var left = before.GroupBy(KeyOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var added = new List<Diagnostic>();
        foreach (var diagnostic in after)
        {
            if (left.TryGetValue(KeyOf(diagnostic), out var count) && count > 0)
            {
                left[KeyOf(diagnostic)] = count - 1;
            }
            else
            {
                added.Add(diagnostic);
            }
        }

        return added;
    }

    private static string Describe(List<Diagnostic> diagnostics) =>
        string.Join("; ", diagnostics.Take(5).Select(d => $"{KeyOf(d)} at {d.Location.GetLineSpan()}"));
}
