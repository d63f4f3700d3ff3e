using System.Collections.Immutable;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Tests.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>What kind of code an input is made of; JSON inputs put their text in an appsettings.json additional file.</summary>
internal enum InputKind
{
    CSharp,
    Json,
    Sample,
}

/// <summary>One project's worth of code to throw at the analyzers and fixers.</summary>
internal sealed record CorpusInput(string Name, InputKind Kind, ImmutableArray<TestFile> Sources, ImmutableArray<TestFile> AdditionalFiles, OutputKind OutputKind)
{
    public IEnumerable<TestFile> Files => Sources.Concat(AdditionalFiles);

    public TestSolutionSpec ToSpec(ImmutableArray<string> preprocessorSymbols = default) => new(
        [Sources],
        AdditionalFiles,
        EditorConfig: null,
        GlobalConfig: null,
        OutputKind,
        LanguageVersion.Preview,
        preprocessorSymbols.IsDefault ? [] : preprocessorSymbols,
        ReferenceTokenLibraries: true);

    /// <summary>The same input with one file's text replaced.</summary>
    public CorpusInput WithText(string path, string text, string name) => this with
    {
        Name = name,
        Sources = Sources.Select(file => file.Path == path ? file with { Text = text } : file).ToImmutableArray(),
        AdditionalFiles = AdditionalFiles.Select(file => file.Path == path ? file with { Text = text } : file).ToImmutableArray(),
    };

    public static CorpusInput FromSource(string name, string text) =>
        new(name, InputKind.CSharp, [new TestFile("/0/Test0.cs", text)], [], HasTopLevelStatements(text) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);

    public static bool HasTopLevelStatements(string text) =>
        CSharpSyntaxTree.ParseText(text).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();

    public override string ToString() => Name;
}

/// <summary>
/// The reliability corpus, gathered afresh from the repository on every run so that new rule tests and samples
/// join it without anyone listing them: every string literal of tests/TokenAnalyzers.Tests/Rules that looks like
/// a C# or JSON test input (markup stripped, <see cref="TestCode.Usings"/> prefixed where the test file uses it,
/// <c>{{hole}}</c> interpolations filled from the test's [InlineData] rows), and every project under samples/.
/// </summary>
internal static class Corpus
{
    /// <summary>A small host for JSON inputs: it calls AddJwtBearer, so the configuration rules have a scheme to judge.</summary>
    public const string JsonHost = """
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public static class JsonHost
        {
            public static void Configure(WebApplicationBuilder builder) =>
                builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        }
        """;

    /// <summary>What the Web SDK's ImplicitUsings adds to a sample project.</summary>
    private const string WebImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """;

    private const int MaxRowsPerInterpolatedInput = 8;

    private static readonly Lazy<ImmutableArray<CorpusInput>> LazyAll = new(Gather);

    /// <summary>Every input: rule-test C#, rule-test JSON, samples.</summary>
    public static ImmutableArray<CorpusInput> All => LazyAll.Value;

    private static ImmutableArray<CorpusInput> Gather()
    {
        var inputs = new List<CorpusInput>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rulesFolder = Path.Combine(Catalog.RepositoryRoot, "tests", "TokenAnalyzers.Tests", "Rules");
        foreach (var file in Directory.GetFiles(rulesFolder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var (name, text) in LiteralsOf(file))
            {
                if (Classify(text) is not { } kind || !seen.Add(text))
                {
                    continue;
                }

                inputs.Add(kind == InputKind.Json
                    ? new CorpusInput(name, InputKind.Json, [new TestFile("/0/JsonHost.cs", JsonHost)], [new TestFile("/0/appsettings.json", text)], OutputKind.DynamicallyLinkedLibrary)
                    : CorpusInput.FromSource(name, PrefixUsings(file, text)));
            }
        }

        inputs.AddRange(Samples());
        return inputs.ToImmutableArray();
    }

    private static InputKind? Classify(string text)
    {
        var trimmed = text.TrimStart();
        var looksLikeCSharp = text.Contains("class ", StringComparison.Ordinal)
            || text.Contains("TokenValidationParameters", StringComparison.Ordinal)
            || text.Contains("JwtBearer", StringComparison.Ordinal);
        if ((trimmed.StartsWith('{') || trimmed.StartsWith('[')) && text.Contains(':') && !text.Contains("class ", StringComparison.Ordinal) && !text.Contains(';'))
        {
            return InputKind.Json;
        }

        return looksLikeCSharp ? InputKind.CSharp : null;
    }

    /// <summary>
    /// The using directives a test file puts before its inputs: <see cref="TestCode.Usings"/> where the file writes
    /// <c>Usings +</c>, and every string constant of the file made only of using directives (a <c>Header</c>, <c>NetUsings</c>,
    /// a file's own <c>Usings</c>) that the file concatenates (<c>Name +</c>). A directive the input already has is not repeated.
    /// </summary>
    private static string PrefixUsings(string file, string text)
    {
        var source = File.ReadAllText(file);
        if (text.Contains("using Microsoft.IdentityModel.Tokens;", StringComparison.Ordinal))
        {
            return text;
        }

        var constants = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>()
            .Where(field => field.Modifiers.Any(SyntaxKind.ConstKeyword))
            .SelectMany(field => field.Declaration.Variables)
            .Where(variable => variable.Initializer is not null)
            .GroupBy(variable => variable.Identifier.ValueText, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Initializer!.Value, StringComparer.Ordinal);
        var headers = new List<string>();
        if (source.Contains("Usings +", StringComparison.Ordinal) && !constants.ContainsKey("Usings"))
        {
            headers.Add(TestCode.Usings);
        }

        foreach (var (name, value) in constants)
        {
            if (source.Contains(name + " +", StringComparison.Ordinal) && Evaluate(value, constants, 0) is { } header
                && header.Split('\n').All(line => line.Trim().Length == 0 || line.TrimStart().StartsWith("using ", StringComparison.Ordinal)))
            {
                headers.Add(header);
            }
        }

        var lines = headers.SelectMany(header => header.Split('\n')).Select(line => line.Trim()).Where(line => line.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Where(line => !text.Contains(line, StringComparison.Ordinal))
            .ToList();
        return lines.Count == 0 ? text : string.Join("\n", lines) + "\n" + text;
    }

    /// <summary>The value of a string constant made of literals, other constants of the file and <see cref="TestCode.Usings"/>; null for anything else.</summary>
    private static string? Evaluate(ExpressionSyntax expression, Dictionary<string, ExpressionSyntax> constants, int depth) => depth > 8 ? null : expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) =>
            Evaluate(binary.Left, constants, depth + 1) is { } left && Evaluate(binary.Right, constants, depth + 1) is { } right ? left + right : null,
        IdentifierNameSyntax name when constants.TryGetValue(name.Identifier.ValueText, out var value) => Evaluate(value, constants, depth + 1),
        IdentifierNameSyntax { Identifier.ValueText: "Usings" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Usings" } => TestCode.Usings,
        _ => null,
    };

    /// <summary>Markup-free texts of the file's string literals, named file:line.</summary>
    private static IEnumerable<(string Name, string Text)> LiteralsOf(string file)
    {
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            IEnumerable<string> texts = node switch
            {
                LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) && !IsInsideInterpolation(literal) => [literal.Token.ValueText],
                InterpolatedStringExpressionSyntax interpolated when !IsInsideInterpolation(interpolated) => Expand(interpolated),
                _ => [],
            };

            var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var index = 0;
            foreach (var text in texts)
            {
                var name = $"{Path.GetFileName(file)}:{line}" + (index++ == 0 ? "" : $"#{index}");
                yield return (name, StripMarkup(text));
            }
        }
    }

    private static bool IsInsideInterpolation(SyntaxNode node) => node.Ancestors().Any(a => a is InterpolationSyntax);

    private static string StripMarkup(string text)
    {
        try
        {
            return Markup.Parse(text).Text;
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>
    /// An interpolated input once per [InlineData] row of its test method, holes naming a parameter taking that
    /// row's value; other holes are replaced by their own expression text (the input then simply does not compile).
    /// </summary>
    private static IEnumerable<string> Expand(InterpolatedStringExpressionSyntax interpolated)
    {
        var method = interpolated.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var parameters = method?.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToList() ?? [];
        var rows = method?.AttributeLists.SelectMany(list => list.Attributes)
            .Where(attribute => attribute.Name.ToString() is "InlineData" or "InlineDataAttribute" or "Xunit.InlineData")
            .Select(attribute => attribute.ArgumentList?.Arguments.Select(argument => ValueOf(argument.Expression)).ToList() ?? [])
            .Take(MaxRowsPerInterpolatedInput)
            .ToList() ?? [];
        if (rows.Count == 0)
        {
            rows.Add([]);
        }

        foreach (var row in rows)
        {
            var text = new StringBuilder();
            foreach (var content in interpolated.Contents)
            {
                switch (content)
                {
                    case InterpolatedStringTextSyntax part:
                        text.Append(part.TextToken.ValueText);
                        break;
                    case InterpolationSyntax hole:
                        var index = hole.Expression is IdentifierNameSyntax identifier ? parameters.IndexOf(identifier.Identifier.ValueText) : -1;
                        text.Append(index >= 0 && index < row.Count ? row[index] : hole.Expression.ToString());
                        break;
                }
            }

            yield return text.ToString();
        }
    }

    private static string ValueOf(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : expression.ToString();

    /// <summary>Every project under samples/: its C# files (plus the Web SDK's implicit usings) and its appsettings*.json.</summary>
    private static IEnumerable<CorpusInput> Samples()
    {
        var samples = Path.Combine(Catalog.RepositoryRoot, "samples");
        if (!Directory.Exists(samples))
        {
            yield break;
        }

        foreach (var project in Directory.GetFiles(samples, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(project)!;
            var csproj = File.ReadAllText(project);
            var sources = ProjectFiles(folder, "*.cs").Select(path => new TestFile("/0/" + Relative(folder, path), File.ReadAllText(path))).ToList();
            if (csproj.Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal) && csproj.Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.Ordinal))
            {
                sources.Add(new TestFile("/0/obj/GlobalUsings.g.cs", WebImplicitUsings));
            }

            var additional = ProjectFiles(folder, "appsettings*.json").Select(path => new TestFile("/0/" + Relative(folder, path), File.ReadAllText(path))).ToImmutableArray();
            var outputKind = sources.Any(file => CorpusInput.HasTopLevelStatements(file.Text)) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
            yield return new CorpusInput("samples/" + Relative(samples, folder), InputKind.Sample, sources.ToImmutableArray(), additional, outputKind);
        }
    }

    private static IEnumerable<string> ProjectFiles(string folder, string pattern) =>
        Directory.GetFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(path => !Relative(folder, path).Split('/').Any(segment => segment is "obj" or "bin"))
            .Order(StringComparer.Ordinal);

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');
}
