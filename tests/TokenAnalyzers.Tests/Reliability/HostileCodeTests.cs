using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TokenAnalyzers.Roslyn;
using TokenAnalyzers.Tests.Rules;
using TokenAnalyzers.Tests.Verification;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// Code written to hurt: huge, deeply nested, self-referential, spread over partial parts, generated, in every
/// modern C# shape, and malformed JSON. Every analyzer and fixer must finish each case within
/// <see cref="Harness.CaseTimeout"/> without an exception. C# cases carry a plain <c>ValidateAudience = false</c>
/// canary so that a case the analyzers silently skipped cannot pass.
/// </summary>
[Trait("Rule", "All")]
[Collection(ReliabilityCollection.Name)]
public class HostileCodeTests(ITestOutputHelper output)
{
    private const string Canary = """

        static class Canary
        {
            static TokenValidationParameters Create() => new TokenValidationParameters { ValidateAudience = false };
        }
        """;

    private static readonly Dictionary<string, HostileCase> Cases = new List<HostileCase>
    {
        CSharp("2,000 nested parentheses in a ValidateIssuer value", Members(
            $"TokenValidationParameters P() => new TokenValidationParameters {{ ValidateIssuer = {new string('(', 2000)}false{new string(')', 2000)} }};"), tooDeep: true),
        CSharp("2,000 chained && operators in a ValidateIssuer value", Members(
            $"TokenValidationParameters P(bool b) => new TokenValidationParameters {{ ValidateIssuer = {string.Join(" && ", Enumerable.Repeat("false", 2000))} }};")),
        // 5,000, not 10,000: at 10,000 the compiler's own binder overflows the stack before any analyzer runs.
        CSharp("5,000 chained ?: operators in a ClockSkew value", Members(
            $"TokenValidationParameters P(bool b) => new TokenValidationParameters {{ ClockSkew = {string.Concat(Enumerable.Repeat("b ? TimeSpan.Zero : ", 5000))}TimeSpan.FromDays(1) }};"), tooDeep: true),
        CSharp("500 nested lambdas around a validator", Members(
            $"object P() => {string.Concat(Enumerable.Range(0, 500).Select(i => $"(Func<object>)(() => "))}new TokenValidationParameters {{ IssuerValidator = (i, t, p) => i, ValidateIssuer = false }}{new string(')', 1000)};"), tooDeep: true),
        CSharp("1,000 nested blocks and ifs around an assignment", Members(
            $"void M(TokenValidationParameters p, bool b) {{ {string.Concat(Enumerable.Repeat("if (b) { ", 1000))}p.ValidateIssuer = false;{new string('}', 1000)} }}"), tooDeep: true),
        CSharp("a 10,000-member collection initializer next to the flags", Members(
            $"TokenValidationParameters P() => new TokenValidationParameters {{ ValidIssuers = new List<string> {{ {string.Join(", ", Enumerable.Range(0, 10000).Select(i => $"\"https://issuer{i}.example.com\""))} }}, ValidateIssuer = false, ValidateLifetime = false }};")),
        CSharp("10,000 flag assignments in one method", Members(
            $"void M(TokenValidationParameters p) {{ {string.Concat(Enumerable.Range(0, 10000).Select(i => i % 2 == 0 ? "p.ValidateIssuer = false; " : "p.ValidateIssuer = true; "))} }}"), maxFixedDiagnostics: 50),
        CSharp("2,000 flag assignments in one method, Fix All over 1,000 findings", Members(
            $"void M(TokenValidationParameters p) {{ {string.Concat(Enumerable.Range(0, 2000).Select(i => i % 2 == 0 ? "p.ValidateLifetime = false; " : "p.ValidateLifetime = true; "))} }}"), maxFixedDiagnostics: 50),
        CSharp("2,000 parameters objects initialized in one method", Members(
            $"void M(List<TokenValidationParameters> all) {{ {string.Concat(Enumerable.Range(0, 2000).Select(i => $"all.Add(new TokenValidationParameters {{ ValidateLifetime = false, ClockSkew = TimeSpan.FromHours({i}), IssuerValidator = (s, t, p) => s }}); "))} }}"), maxFixedDiagnostics: 50),
        CSharp("fields and locals initialized from each other", Members("""
            private static readonly IssuerValidator A = B;
            private static readonly IssuerValidator B = A;
            private static IssuerValidator C = D, D = C;
            private bool _off = _off2, _off2 = _off;

            TokenValidationParameters P()
            {
                IssuerValidator x = null!;
                IssuerValidator y = x;
                x = y;
                AudienceValidator a = null!, b = null!;
                a = b;
                b = a;
                return new TokenValidationParameters { IssuerValidator = A, IssuerValidatorUsingConfiguration = (i, t, p, c) => C(i, t, p), AudienceValidator = a, ValidateIssuer = _off, ValidateAudience = _off2 };
            }

            void Q(TokenValidationParameters p)
            {
                p.IssuerValidator = C;
                p.IssuerValidator = D;
                p.LifetimeValidator = p.LifetimeValidator;
                p.SignatureValidator = p.SignatureValidator;
            }
            """)),
        CSharp("method groups and delegates that return or call themselves", Members("""
            delegate SelfReturning SelfReturning();
            static SelfReturning Me() => Me;
            static IssuerValidator Get() => Get();
            static string Loop(string issuer, SecurityToken token, TokenValidationParameters parameters) => Loop(issuer, token, parameters);
            static bool Ping(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => Pong(audiences, token, parameters);
            static bool Pong(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => Ping(audiences, token, parameters);
            static SecurityToken Sig(string token, TokenValidationParameters parameters) => Sig(token, parameters);

            TokenValidationParameters P() => new TokenValidationParameters
            {
                IssuerValidator = Get(),
                AudienceValidator = Ping,
                SignatureValidator = Sig,
                LifetimeValidator = new LifetimeValidator(new LifetimeValidator(new LifetimeValidator((nb, ex, t, p) => true))),
            };

            TokenValidationParameters Q()
            {
                var p = new TokenValidationParameters();
                p.IssuerValidator = Loop;
                p.IssuerValidator = (i, t, q) => p.IssuerValidator!(i, t, q);
                p.AudienceValidator = (a, t, q) => p.AudienceValidator!(a, t, q);
                p.SignatureValidator = (t, q) => q.SignatureValidator(t, q);
                return p;
            }

            TokenValidationParameters R()
            {
                bool Even(DateTime? nb, DateTime? ex, SecurityToken t, TokenValidationParameters p) => Odd(nb, ex, t, p);
                bool Odd(DateTime? nb, DateTime? ex, SecurityToken t, TokenValidationParameters p) => Even(nb, ex, t, p);
                string Down(string issuer, SecurityToken t, TokenValidationParameters p) => Down(issuer, t, p);
                SecurityToken Parse(string token, TokenValidationParameters p) { var t = Parse(token, p); return t; }
                return new TokenValidationParameters { LifetimeValidator = Even, IssuerValidator = Down, SignatureValidator = Parse };
            }
            """)),
        CSharp("a delegate chain 1,000 locals long", Members(
            "TokenValidationParameters P() { IssuerValidator v0 = (i, t, p) => i; "
            + string.Concat(Enumerable.Range(1, 1000).Select(i => $"IssuerValidator v{i} = v{i - 1}; "))
            + "bool f0 = false; " + string.Concat(Enumerable.Range(1, 1000).Select(i => $"bool f{i} = f{i - 1}; "))
            + "return new TokenValidationParameters { IssuerValidator = v1000, ValidateIssuer = f1000 }; }")),
        new HostileCase("a private field assigned false in one partial part and true in another", [
            TestCode.Usings + """
                partial class Settings
                {
                    private bool _validateIssuer = false;
                    TokenValidationParameters Create() => new TokenValidationParameters { ValidateIssuer = _validateIssuer };
                }
                """ + Canary,
            TestCode.Usings + """
                partial class Settings
                {
                    void Harden() => _validateIssuer = true;
                    partial void OnCreated();
                }
                """]),
        new HostileCase("generated code (auto-generated header, .g.cs, GeneratedCode attribute)", [
            "// <auto-generated/>\n" + TestCode.Usings + "class Generated1 { TokenValidationParameters P() => new() { ValidateIssuer = false, IssuerValidator = (i, t, p) => i }; }",
            TestCode.Usings + "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1.0\")] class Generated2 { TokenValidationParameters P() => new() { ValidateLifetime = false }; }" + Canary,
        ], Paths: ["/0/Generated1.cs", "/0/obj/Generated2.g.cs"]),
        new HostileCase("top-level statements", [TestCode.Usings + """
            var builder = WebApplication.CreateBuilder(args);
            var off = false;
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                o.RequireHttpsMetadata = off;
                o.TokenValidationParameters = new() { ValidateIssuer = off, ValidateAudience = false, SignatureValidator = (t, p) => new JsonWebToken(t) };
            });
            bool Accept(IEnumerable<string> a, SecurityToken t, TokenValidationParameters p) => true;
            builder.Build().Run();
            """], OutputKind: OutputKind.ConsoleApplication),
        CSharp("records, primary constructors, file-scoped types, required and init members", """
            record Settings(bool Validate)
            {
                public TokenValidationParameters Parameters => new() { ValidateIssuer = Validate, ValidateAudience = false };
            }

            record struct Knobs(bool Off = false)
            {
                public TokenValidationParameters P() => new() { ValidateLifetime = Off };
            }

            class Service(bool validate, TokenValidationParameters injected)
            {
                private readonly TokenValidationParameters _p = new() { ValidateLifetime = validate, RequireSignedTokens = false };
                public void M() { injected.ValidateIssuer = false; injected.IssuerValidator = (i, t, p) => i; }
            }

            file class Hidden
            {
                public required bool Flag { get; init; }
                TokenValidationParameters P() => new() { ValidateIssuer = false, RequireExpirationTime = !true };
            }

            file static class Ext
            {
                extension(TokenValidationParameters p)
                {
                    public void Weaken() => p.ValidateAudience = false;
                }
            }
            """ + Canary),
        CSharp("#if regions, unbalanced and active", Canary + """

            class Conditional
            {
                TokenValidationParameters P() => new TokenValidationParameters
                {
            #if DEBUG
                    ValidateIssuer = false,
            #elif RELEASE
                    ValidateIssuer = true,
            #else
                    ValidateLifetime = false,
            #endif
            #if NEVER
                    ValidateAudience = false
            #endif
                };

                void M(TokenValidationParameters p)
                {
            #if DEBUG
                    p.RequireSignedTokens = false;
            #endif
            #region open
                    p.ValidateLifetime = false;
            #if UNBALANCED
                    p.ValidateIssuer = false;
                }
            }
            """, preprocessorSymbols: ["DEBUG"]),
        CSharp("unsafe code, pointers, stackalloc and function pointers", """
            unsafe class Pointers
            {
                static bool* _flag;
                delegate* managed<string, SecurityToken, TokenValidationParameters, string> _validator;

                TokenValidationParameters P()
                {
                    bool local = false;
                    bool* ptr = &local;
                    Span<int> span = stackalloc int[4];
                    fixed (char* c = "x") { }
                    return new TokenValidationParameters { ValidateIssuer = *ptr, ValidateAudience = *_flag, ValidateLifetime = span.Length > 10 };
                }
            }
            """ + Canary),
        CSharp("dynamic, reflection-style and pattern-based writes", """
            class Dynamic
            {
                void M(dynamic d, object o, TokenValidationParameters p)
                {
                    d.ValidateIssuer = false;
                    dynamic q = p;
                    q.ValidateAudience = false;
                    if (o is TokenValidationParameters { ValidateIssuer: true } t) { t.ValidateIssuer = false; }
                    (p.ValidateIssuer, p.ValidateAudience) = (false, false);
                    ref bool r = ref Unsafe(p);
                    p.ValidateLifetime = r = false;
                    p.ClockSkew = p.ClockSkew = TimeSpan.MaxValue;
                }

                static ref bool Unsafe(TokenValidationParameters p) => throw new NotImplementedException();
            }
            """ + Canary),
        new HostileCase("a file of 100,000 characters on one line", [TestCode.Usings + "class Long { " + string.Concat(Enumerable.Range(0, 2000).Select(i => $"bool F{i}() => false; ")) + "TokenValidationParameters P() => new() { ValidateIssuer = false }; }" + Canary]),
        CSharp("no token library referenced", "class Plain { void M() { var ValidateIssuer = false; ValidateIssuer = false; } }", referenceTokenLibraries: false),
        Json("100,000 nested arrays", new string('[', 100_000) + new string(']', 100_000)),
        Json("100,000 nested objects", string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "false" + new string('}', 100_000)),
        Json("100,000 unclosed brackets", new string('[', 50_000) + new string('{', 50_000)),
        Json("truncated strings and values", "{ \"Authentication\": { \"Schemes\": { \"Bearer\": { \"ValidateIssuer\": fal"),
        Json("an unterminated string", "{ \"ValidateIssuer\": \"false"),
        Json("an unterminated comment", "{ /* \"ValidateIssuer\": false"),
        Json("binary garbage", Garbage(200_000)),
        Json("lone surrogates, NUL and a BOM", "\uFEFF{ \"Valid\uD800ateIssuer\": false, \"\0\": \"\uDC00\", \"ValidateIssuer\": \u0000false }"),
        Json("a 2 MB flat object with duplicate keys", "{" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"ValidateIssuer\": {(i % 2 == 0 ? "false" : "true")}")) + "}"),
        Json("escapes and numbers at the edge", "{ \"Validate\\u0049ssuer\": false, \"RequireHttpsMetadata\": 1e999999, \"x\": -, \"ValidateAudience\": \"\\uZZZZ\", \"ValidateLifetime\": tru }"),
        Json("an empty file", ""),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Hostile_code_is_analyzed_and_fixed_without_exception_or_hang(string name)
    {
        var hostile = Cases[name];
        var stopwatch = Stopwatch.StartNew();
        var outcome = await Harness.ExerciseAsync(hostile.Spec(), name, Runner(expectTooDeep: hostile.TooDeep), Catalog.CodeFixes(), hostile.MaxFixedDiagnostics);

        output.WriteLine($"{name}: {outcome.Diagnostics} diagnostics, {outcome.FixActions} code actions computed, failures: {outcome.Failures.Count}, in {Harness.Elapsed(stopwatch)}.");
        Assert.True(outcome.Failures.Count == 0, Harness.Summarize(outcome.Failures, 1));
        AssertTooDeepReports(outcome, expected: hostile.TooDeep);
        if (hostile.Sources.Any(source => source.Contains("class Canary", StringComparison.Ordinal)))
        {
            Assert.True(outcome.Reported.Length > 0, "The canary (ValidateAudience = false) was not reported: the analyzers did not run over this case.");
        }
    }

    [Fact]
    public async Task All_hostile_cases_together_in_one_project()
    {
        // Several hostile files in one compilation: the per-compilation caches see all of them at once.
        var files = Cases.Values.Where(c => c.MaxFixedDiagnostics == int.MaxValue && c.Paths is null && c.OutputKind == OutputKind.DynamicallyLinkedLibrary && c.ReferenceTokenLibraries && c.Json is null)
            .SelectMany(c => c.Sources).Select((text, i) => new TestFile($"/0/Hostile{i}.cs", text.Replace("class Canary", $"class Canary{i}"))).ToImmutableArray();
        var json = Cases.Values.Where(c => c.Json is not null).Select((c, i) => new TestFile(i == 0 ? "/0/appsettings.json" : $"/0/appsettings.Case{i}.json", c.Json!)).ToImmutableArray();
        var spec = new CorpusInput("all hostile cases", InputKind.CSharp, files.Add(new TestFile("/0/JsonHost.cs", Corpus.JsonHost)), json, OutputKind.DynamicallyLinkedLibrary).ToSpec();

        var stopwatch = Stopwatch.StartNew();
        var outcome = await Harness.ExerciseAsync(spec, "all hostile cases", Runner(expectTooDeep: true), Catalog.CodeFixes(), maxFixedDiagnostics: 50, timeout: TimeSpan.FromSeconds(180));
        output.WriteLine($"All hostile cases together: {files.Length} C# files, {json.Length} JSON files, {outcome.Diagnostics} diagnostics, failures: {outcome.Failures.Count}, in {Harness.Elapsed(stopwatch)}.");
        Assert.True(outcome.Failures.Count == 0, Harness.Summarize(outcome.Failures, 1));
        AssertTooDeepReports(outcome, expected: true);
    }

    /// <summary>
    /// The analyzers' runner; where a case nests beyond <see cref="NestingDepth.Limit"/>, TA0002 reports are expected
    /// there (and checked by <see cref="AssertTooDeepReports"/>) instead of failing the run like an exception.
    /// </summary>
    private static DiagnosticRunner Runner(bool expectTooDeep) =>
        new(Catalog.Analyzers()) { AllowCompilerErrors = true, ExpectFailureReports = expectTooDeep };

    /// <summary>A case nested too deep says so (TA0002 naming the depth); no other TA0002 is allowed.</summary>
    private static void AssertTooDeepReports(CaseOutcome outcome, bool expected)
    {
        var reports = outcome.Reported.Where(d => d.Id == RuleIds.CouldNotAnalyze).ToList();
        Assert.All(reports, d => Assert.Contains("levels deep", d.GetMessage(), StringComparison.Ordinal));
        Assert.Equal(expected, reports.Count > 0);
    }

    private static HostileCase CSharp(string name, string code, ImmutableArray<string> preprocessorSymbols = default, bool referenceTokenLibraries = true, int maxFixedDiagnostics = int.MaxValue, bool tooDeep = false) =>
        new(name, [(referenceTokenLibraries ? TestCode.Usings : "") + code], PreprocessorSymbols: preprocessorSymbols, ReferenceTokenLibraries: referenceTokenLibraries, MaxFixedDiagnostics: maxFixedDiagnostics, TooDeep: tooDeep);

    private static HostileCase Json(string name, string json) => new(name, [Corpus.JsonHost], Json: json);

    private static string Members(string members) => $"class Hostile\n{{\n{members}\n}}\n{Canary}";

    private static string Garbage(int length)
    {
        var random = new Random(Mutations.Seed);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0, 0x10000));
        }

        return text.ToString();
    }

    private sealed record HostileCase(
        string Name,
        ImmutableArray<string> Sources,
        ImmutableArray<string>? Paths = null,
        OutputKind OutputKind = OutputKind.DynamicallyLinkedLibrary,
        ImmutableArray<string> PreprocessorSymbols = default,
        bool ReferenceTokenLibraries = true,
        string? Json = null,
        int MaxFixedDiagnostics = int.MaxValue,
        bool TooDeep = false)
    {
        public TestSolutionSpec Spec() => new(
            [Sources.Select((text, i) => new TestFile(Paths?[i] ?? $"/0/Test{i}.cs", text)).ToImmutableArray()],
            Json is null ? [] : [new TestFile("/0/appsettings.json", Json)],
            EditorConfig: null,
            GlobalConfig: null,
            OutputKind,
            LanguageVersion.Preview,
            PreprocessorSymbols.IsDefault ? [] : PreprocessorSymbols,
            ReferenceTokenLibraries);
    }
}
