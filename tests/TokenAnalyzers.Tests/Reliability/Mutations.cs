using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// The states an editor sees while someone types: an input cut off after a token, or with a few tokens deleted.
/// C# is split into Roslyn tokens, JSON into strings, punctuation and bare words. Cut and deletion points are drawn
/// with a fixed seed from the code after the using directives (cutting inside them leaves nothing to analyze).
/// </summary>
internal static partial class Mutations
{
    /// <summary>Fixed seed: the same cases on every run and every machine.</summary>
    public const int Seed = 20240806;

    /// <summary>Truncation points per input; TOKENANALYZERS_RELIABILITY_TRUNCATIONS overrides it ("all": every token boundary).</summary>
    public static int Truncations => Setting("TOKENANALYZERS_RELIABILITY_TRUNCATIONS", 3);

    /// <summary>Token-deletion variants per input (1-3 tokens each); TOKENANALYZERS_RELIABILITY_DELETIONS overrides it.</summary>
    public static int Deletions => Setting("TOKENANALYZERS_RELIABILITY_DELETIONS", 2);

    /// <summary>Every mutated case of <paramref name="input"/>, drawn from <paramref name="random"/>.</summary>
    public static IEnumerable<CorpusInput> Of(CorpusInput input, Random random)
    {
        var target = Target(input, random);
        var tokens = TokensOf(target);
        if (tokens.Count == 0)
        {
            yield break;
        }

        var text = target.Text;
        var cuts = Truncations >= tokens.Count
            ? Enumerable.Range(0, tokens.Count)
            : Enumerable.Range(0, Truncations).Select(_ => random.Next(tokens.Count)).Distinct().Order();
        foreach (var index in cuts)
        {
            var end = tokens[index].End;
            yield return input.WithText(target.Path, text[..end], $"{input.Name} cut at {target.Path}:{end}");
        }

        for (var variant = 0; variant < Deletions; variant++)
        {
            var deleted = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => tokens[random.Next(tokens.Count)]).Distinct().OrderByDescending(span => span.Start).ToList();
            var mutated = text;
            foreach (var span in deleted)
            {
                mutated = mutated.Remove(span.Start, span.Length);
            }

            yield return input.WithText(target.Path, mutated, $"{input.Name} without {target.Path}@{string.Join(",", deleted.Select(span => span.Start))}");
        }
    }

    /// <summary>The file to mutate: the JSON of a JSON input, otherwise one of the hand-written C# files.</summary>
    private static TestFile Target(CorpusInput input, Random random)
    {
        if (input.Kind == InputKind.Json)
        {
            return input.AdditionalFiles[0];
        }

        var candidates = input.Sources.Where(file => !file.Path.Contains("/obj/", StringComparison.Ordinal)).ToList();
        var files = candidates.Count > 0 ? candidates : input.Sources.ToList();
        return files[random.Next(files.Count)];
    }

    /// <summary>Token spans after the using directives (C#), or JSON tokens.</summary>
    public static List<TextSpan> TokensOf(TestFile file)
    {
        if (!file.Path.EndsWith(".cs", StringComparison.Ordinal))
        {
            return JsonToken().Matches(file.Text).Select(match => new TextSpan(match.Index, match.Length)).ToList();
        }

        var root = CSharpSyntaxTree.ParseText(file.Text).GetCompilationUnitRoot();
        var start = root.Members.FirstOrDefault()?.SpanStart ?? 0;
        return root.DescendantTokens()
            .Where(token => token.SpanStart >= start && !token.IsKind(SyntaxKind.EndOfFileToken) && token.Span.Length > 0)
            .Select(token => token.Span)
            .ToList();
    }

    private static int Setting(string name, int fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return value switch
        {
            null or "" => fallback,
            "all" => int.MaxValue,
            _ => int.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex("""
        "(?:\\.|[^"\\])*"?|//[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/)?|[{}\[\]:,]|[^\s{}\[\]:,"]+
        """)]
    private static partial Regex JsonToken();
}
