using System.Collections.Immutable;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Conventions;

/// <summary>
/// Every rule page's examples say what the shipped analyzer does: each code block under "## Non-compliant code"
/// produces the page's id, and exactly the findings its <c>// TAxxx</c> comments mark (a marker names every id
/// reported on its line; a finding spanning several lines matches a marker on any of them); each block under
/// "## Compliant code" produces nothing. Blocks are compiled against the real libraries (no compiler error allowed)
/// and analyzed by <see cref="TokenValidationAnalyzer"/> with every rule, as shipped.
/// <para>
/// Pages show fragments, so each <c>csharp</c> block is placed in a file before it is compiled, in one of three
/// forms, chosen in this order:
/// </para>
/// <list type="number">
/// <item>Methods and types only (<c>string CurrentUser(string bearer) { ... }</c>, <c>class LenientHandler : JsonWebTokenHandler { ... }</c>):
/// members of <c>partial class Example</c> (a type is nested in it: it sees <c>Example</c>'s static members only).</item>
/// <item>A block that starts with <c>Property =</c> (an upper-case name: <c>IssuerValidator = ...,</c>): members of
/// a <c>new TokenValidationParameters { ... }</c> initializer (a trailing <c>;</c> is dropped).</item>
/// <item>Anything else: statements of <c>async Task&lt;object?&gt; Run()</c> in <c>partial class Example</c>; types that
/// follow the statements, as in a <c>Program.cs</c> with top-level statements, are nested in <c>Example</c>.</item>
/// </list>
/// <para>
/// Above it stand <see cref="Usings"/> and the block's own leading <c>using</c> lines; the names the pages use without
/// declaring them (<c>services</c>, <c>builder</c>, <c>options</c>, <c>parameters</c>, <c>logger</c>, ...) are fields
/// of <c>Example</c> in a second file, <see cref="Ambient"/>: add a field there when a new page needs one. A
/// <c>json</c>/<c>jsonc</c> block is the <c>appsettings.json</c> of a project that calls <c>AddJwtBearer()</c>
/// (<see cref="UsesJwtBearer"/>), or, when its section has one <c>csharp</c> block and one <c>json</c> block, of the
/// project that block is the code of (<see cref="Paired"/>): the section's id may then be reported in either half.
/// Other languages (<c>ini</c>, <c>xml</c>) are not checked. Pages about another JWT library (or version) get its
/// usings, names and references from their <see cref="Library"/>.
/// </para>
/// <para>
/// Used by <c>RulePageExampleTests</c> for every page, and linked into TokenAnalyzers.IdentityWeb.Tests for the page
/// whose examples need Microsoft.Identity.Web (TA504), which this project cannot reference.
/// </para>
/// </summary>
public static class RulePageExamples
{
    public const string NonCompliant = "Non-compliant code";
    public const string Compliant = "Compliant code";

    /// <summary>The usings every C# example gets (the rule tests' usual set, plus what the pages' prose takes for granted).</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IdentityModel.Tokens.Jwt;
        using System.Linq;
        using System.Net.Http;
        using System.Security.Claims;
        using System.Security.Cryptography;
        using System.Security.Cryptography.X509Certificates;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Protocols;
        using Microsoft.IdentityModel.Protocols.OpenIdConnect;
        using Microsoft.IdentityModel.Tokens;
        using Microsoft.IdentityModel.Validators;
        """;

    /// <summary>The names the pages' examples use without declaring them.</summary>
    public const string Ambient = Usings + """


        partial class Example
        {
            IServiceCollection services = null!;
            WebApplicationBuilder builder = null!;
            JwtBearerOptions options = null!;
            TokenValidationParameters parameters = null!;
            TokenValidationParameters _parameters = null!;
            JsonWebTokenHandler handler = null!;
            JwtSecurityTokenHandler _handler = null!;
            string token = "";
            IConfiguration configuration = null!;
            ILogger logger = null!;
            ILogger _logger = null!;
            SecurityKey signingKey = null!;
            IEnumerable<SecurityKey> signingKeys = null!;
            JwtSettings jwt = new();
            IEnumerable<SecurityKey> allKeys = null!;
            IDictionary<string, IEnumerable<SecurityKey>> keysByIssuer = null!;
            IEnumerable<string> TrustedTenants = null!;
            ITenantDirectory tenants = null!;
            string accessToken = "";
            string secret = "";
            byte[] secretKey = null!;
            static readonly HashSet<string> AllowedTenants = [];
            OpenIdConnectConfiguration config = null!;
            IDictionary<string, TokenValidationParameters> parametersByIssuer = null!;
            IDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> managersByIssuer = null!;
            CancellationToken cancellationToken = default;
            OpenIdConnectConfiguration google = null!;
            OpenIdConnectConfiguration microsoft = null!;
            SecurityKey developerKey = null!;
            Func<HttpContext, string?> SelectSchemeByIssuer = null!;

            // A shared allow-list: every request's validation uses it.
            static readonly List<string> KnownIssuers = [];
            static readonly TokenValidationParameters SharedParameters = new() { ValidIssuers = KnownIssuers };
        }

        class User
        {
            public string? Name { get; set; }
        }

        interface ITenantDirectory
        {
            bool IsAllowedIssuer(string issuer);
        }

        // An application's own settings class, bound from configuration.
        class JwtSettings
        {
            public string? Authority { get; set; }
            public string? Issuer { get; set; }
            public string? Audience { get; set; }
            public string? SigningKey { get; set; }
        }
        """;

    /// <summary>A json block is the appsettings.json of a project that registers JwtBearer (which binds the file).</summary>
    public const string UsesJwtBearer = Usings + """


        partial class Example
        {
            void ConfigureServices() => services.AddAuthentication().AddJwtBearer();
        }
        """;

    /// <summary>
    /// What a page's examples compile against: usings and <c>Example</c> members its library needs, the references,
    /// and the ambient names file when <see cref="RulePageExamples.Ambient"/> does not fit (TA504 judges the whole
    /// project, and the shared ambient names hold an issuer list, which counts as a tenant check).
    /// </summary>
    public sealed record Library(string Usings, string Members, Func<ImmutableArray<MetadataReference>> References, string? Ambient = null)
    {
        /// <summary>The test host's references (the libraries of the test project), nothing added.</summary>
        public static Library Default { get; } = new("", "", () => TestReferences.All);
    }

    private static readonly Regex Fence = new(@"^```(\w*)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex Marker = new(@"\bTA\d+\b", RegexOptions.CultureInvariant);
    private static readonly Regex LeadingUsing = new(@"^\s*using\s+[\w.]+\s*;\s*$", RegexOptions.CultureInvariant);

    /// <summary>What is wrong with the examples of rule <paramref name="id"/>'s page, compiled against <paramref name="library"/>'s references.</summary>
    public static async Task<List<string>> VerifyAsync(string id, Library library)
    {
        var path = ShippedRules.RepoPath("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"docs/rules/{id}.md is missing");
        var blocks = Blocks(File.ReadAllText(path)).ToList();
        var failures = new List<string>();
        if (!blocks.Any(b => b.Section == NonCompliant))
        {
            failures.Add($"{id}: no csharp or json block under '## {NonCompliant}'");
        }

        var results = new List<(Block Block, string Where, ImmutableArray<(string Id, int First, int Last)> Found)>();
        foreach (var block in blocks)
        {
            var where = $"{id}, {block.Section}, block at line {block.Line + 1}";
            try
            {
                results.Add((block, where, await AnalyzeAsync(library, block, where, Paired(blocks, block))));
            }
            catch (VerificationException e)
            {
                failures.Add(e.Message);
            }
        }

        foreach (var (block, where, found) in results)
        {
            var reported = string.Join(", ", found.Select(f => $"{f.Id} at line {block.Line + 2 + f.First}"));
            if (block.Section == Compliant)
            {
                if (found.Length > 0)
                {
                    failures.Add($"{where}: compliant code is reported: {reported}");
                }

                continue;
            }

            var markers = block.Text.Split('\n')
                .SelectMany((line, index) => Marker.Matches(Comment(line)).Select(m => (Id: m.Value, Line: index)))
                .ToList();
            // A pair (the code half and the appsettings.json half of one project) produces the id together.
            var pair = Paired(blocks, block).Append(block).ToList();
            if (!results.Any(r => pair.Contains(r.Block) && r.Found.Any(f => f.Id == id)))
            {
                failures.Add($"{where}: non-compliant code does not produce {id} (reported: {(found.Length == 0 ? "nothing" : reported)})");
            }

            foreach (var f in found.Where(f => markers.Count > 0
                ? !markers.Any(m => m.Id == f.Id && m.Line >= f.First && m.Line <= f.Last)
                : f.Id != id))
            {
                failures.Add($"{where}: {f.Id} reported at line {block.Line + 2 + f.First}, where no // {f.Id} comment says so");
            }

            foreach (var m in markers.Where(m => !found.Any(f => f.Id == m.Id && m.Line >= f.First && m.Line <= f.Last)))
            {
                failures.Add($"{where}: the // {m.Id} comment at line {block.Line + 2 + m.Line} has no {m.Id} finding (reported: {(found.Length == 0 ? "nothing" : reported)})");
            }
        }

        return failures;
    }

    /// <summary>The text after the line's first <c>//</c> (a URL's <c>//</c> counts too: harmless, URLs name no rule id).</summary>
    private static string Comment(string line) => line.IndexOf("//", StringComparison.Ordinal) is var i and >= 0 ? line[(i + 2)..] : "";

    /// <summary>
    /// The other half of a project a block is one half of: a section with exactly one <c>csharp</c> block and one
    /// <c>json</c> block shows one project, the code and its <c>appsettings.json</c> (rules such as TA503 report at
    /// the JSON value what the code reads). Each half is analyzed with the other and checked for its own findings.
    /// </summary>
    private static IReadOnlyList<Block> Paired(IReadOnlyList<Block> blocks, Block block)
    {
        var section = blocks.Where(b => b.Section == block.Section).ToList();
        var code = section.Where(b => b.Language == "csharp").ToList();
        var json = section.Where(b => b.Language != "csharp").ToList();
        return code.Count == 1 && json.Count == 1 ? (block.Language == "csharp" ? json : code) : [];
    }

    /// <summary>A code block of a page: its section, language, text, and the 0-based line of its opening fence.</summary>
    public sealed record Block(string Section, string Language, string Text, int Line);

    /// <summary>The csharp and json(c) blocks under the two example headings.</summary>
    public static IEnumerable<Block> Blocks(string page)
    {
        var lines = page.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                section = lines[i][3..].Trim();
                continue;
            }

            var open = Fence.Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var close = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (close < 0)
            {
                yield break;
            }

            var language = open.Groups[1].Value;
            if ((section == NonCompliant || section == Compliant) && language is "csharp" or "json" or "jsonc")
            {
                yield return new Block(section, language, string.Join("\n", lines[(i + 1)..close]), i);
            }

            i = close;
        }
    }

    /// <summary>The findings of the shipped analyzer in the block: id and first/last line, 0-based in the block.</summary>
    private static async Task<ImmutableArray<(string Id, int First, int Last)>> AnalyzeAsync(Library library, Block block, string where, IReadOnlyList<Block> paired)
    {
        var trees = new List<SyntaxTree>();
        var additional = ImmutableArray<AdditionalText>.Empty;
        int offset;
        string file;
        if (block.Language == "csharp")
        {
            (var text, offset) = Wrap(block.Text, library.Usings);
            file = "/0/Example.cs";
            trees.Add(Parse(text, file));
            additional = paired.Select(b => (AdditionalText)new InMemoryAdditionalText("/0/appsettings.json", b.Text)).ToImmutableArray();
        }
        else
        {
            offset = 0;
            file = "/0/appsettings.json";
            additional = ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(file, block.Text));
            trees.Add(paired.Count == 0 ? Parse(UsesJwtBearer, "/0/Program.cs") : Parse(Wrap(paired[0].Text, library.Usings).Text, "/0/Program.cs"));
        }

        // The other half of a pair is checked where that block is analyzed.
        var otherHalf = paired.Count == 0 ? null : block.Language == "csharp" ? "/0/appsettings.json" : "/0/Program.cs";

        trees.Add(Parse(library.Ambient ?? Ambient, "/0/Ambient.cs"));
        if (library.Members.Length > 0)
        {
            trees.Add(Parse(Usings + "\n" + library.Usings + "\npartial class Example\n{\n" + library.Members + "\n}\n", "/0/Library.cs"));
        }

        var compilation = CSharpCompilation.Create(
            "Example",
            trees,
            library.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var runner = new DiagnosticRunner(ImmutableArray.Create<DiagnosticAnalyzer>(new TokenValidationAnalyzer()));
        var diagnostics = await runner.AnalyzeAsync(compilation, new AnalyzerOptions(additional), where, CancellationToken.None);
        return diagnostics
            .Where(d => DiagnosticRunner.PathOf(d) != otherHalf)
            .Select(d =>
            {
                if (DiagnosticRunner.PathOf(d) != file)
                {
                    throw new VerificationException($"{where}: {DiagnosticRunner.Describe(d)} is outside the example");
                }

                var span = d.Location.GetLineSpan();
                return (d.Id, span.StartLinePosition.Line - offset, span.EndLinePosition.Line - offset);
            })
            .ToImmutableArray();
    }

    /// <summary>The file a C# block is compiled in (see the class summary), and the line where the block starts.</summary>
    public static (string Text, int Offset) Wrap(string block, string libraryUsings = "")
    {
        var lines = block.Split('\n');
        var lifted = new List<string>();
        for (var i = 0; i < lines.Length && (LeadingUsing.IsMatch(lines[i]) || (lifted.Count > 0 && lines[i].Trim().Length == 0)); i++)
        {
            if (LeadingUsing.IsMatch(lines[i]))
            {
                lifted.Add(lines[i].Trim());
                lines[i] = ""; // keeps the line numbers
            }
        }

        var body = string.Join("\n", lines);
        var text = new StringBuilder(Usings).Append('\n').Append(libraryUsings);
        foreach (var u in lifted.Where(u => !Usings.Contains(u, StringComparison.Ordinal)))
        {
            text.Append(u).Append('\n');
        }

        text.Append("\npartial class Example\n{\n");
        if (IsMethods(body))
        {
            return Finish(text, body, "", "");
        }

        if (Regex.IsMatch(body.TrimStart(), @"^[A-Z]\w*\s*="))
        {
            var trimmed = body.TrimEnd();
            return Finish(text, trimmed.EndsWith(';') ? trimmed[..^1] : trimmed, "async Task<object?> Run()\n{\n_ = new TokenValidationParameters\n{\n", "\n};\nreturn null;\n}");
        }

        // Statements, then types (a Program.cs): Run() closes on the first type's line, which keeps the line numbers.
        var unit = SyntaxFactory.ParseCompilationUnit(body, options: ParseOptions.WithKind(SourceCodeKind.Regular));
        var firstType = unit.Members.IndexOf(m => m is BaseTypeDeclarationSyntax);
        if (firstType > 0 && unit.Members.Skip(firstType).All(m => m is BaseTypeDeclarationSyntax))
        {
            var start = unit.Members[firstType].GetFirstToken().SpanStart; // after its leading trivia
            body = body[..start] + "return null; } " + body[start..];
            return Finish(text, body, "async Task<object?> Run()\n{\n", "");
        }

        return Finish(text, body, "async Task<object?> Run()\n{\n", "\nreturn null;\n}");

        static (string, int) Finish(StringBuilder text, string body, string before, string after)
        {
            text.Append(before);
            var offset = text.ToString().Count(c => c == '\n');
            text.Append(body).Append(after).Append("\n}\n");
            return (text.ToString(), offset);
        }
    }

    private static bool IsMethods(string body)
    {
        var unit = SyntaxFactory.ParseCompilationUnit("class Example\n{\n" + body + "\n}\n", options: ParseOptions);
        return !unit.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            && unit.Members.Single() is ClassDeclarationSyntax { Members: { Count: > 0 } members }
            && members.All(m => m is MethodDeclarationSyntax or BaseTypeDeclarationSyntax);
    }

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(SourceText.From(text), ParseOptions, path);
}
