using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>A marked span: <c>[|...|]</c> (Tag null), <c>{|TA101:...|}</c> (Tag "TA101") or <c>{|#0:...|}</c> (Tag "#0").</summary>
public readonly record struct MarkupSpan(TextSpan Span, string? Tag)
{
    public bool IsLocationKey => Tag is not null && Tag.StartsWith('#');

    public int LocationKey => int.Parse(Tag!.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Text with the markup removed, and the spans the markup marked (positions in that text).</summary>
public sealed record ParsedMarkup(string Text, ImmutableArray<MarkupSpan> Spans);

/// <summary>
/// Parses test markup. Spans may nest. A <c>{|</c> only opens a span when followed by a tag and a colon, and a
/// closer only closes when a span of its kind is open, so ordinary code rarely needs escaping.
/// </summary>
public static class Markup
{
    public static ParsedMarkup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var spans = new List<MarkupSpan>();
        var open = new Stack<(int Start, string? Tag)>();

        var i = 0;
        while (i < markup.Length)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((text.Length, null));
                i += 2;
            }
            else if (At(markup, i, "{|") && TryReadTag(markup, i + 2, out var tag, out var afterTag))
            {
                open.Push((text.Length, tag));
                i = afterTag;
            }
            else if (At(markup, i, "|]") && open.Count > 0 && open.Peek().Tag is null)
            {
                var (start, _) = open.Pop();
                spans.Add(new MarkupSpan(TextSpan.FromBounds(start, text.Length), null));
                i += 2;
            }
            else if (At(markup, i, "|}") && open.Count > 0 && open.Peek().Tag is not null)
            {
                var (start, openTag) = open.Pop();
                spans.Add(new MarkupSpan(TextSpan.FromBounds(start, text.Length), openTag));
                i += 2;
            }
            else
            {
                text.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            var (start, tag) = open.Peek();
            throw new ArgumentException(
                $"Unclosed markup span {(tag is null ? "[|" : "{|" + tag + ":")} at offset {start} of the text without markup.",
                nameof(markup));
        }

        spans.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : b.Span.End.CompareTo(a.Span.End));
        return new ParsedMarkup(text.ToString(), spans.ToImmutableArray());
    }

    private static bool At(string s, int index, string token) => string.CompareOrdinal(s, index, token, 0, token.Length) == 0;

    private static bool TryReadTag(string s, int start, out string tag, out int afterColon)
    {
        var end = start;
        while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] is '_' or '#' or '.' or '-'))
        {
            end++;
        }

        var valid = end > start && end < s.Length && s[end] == ':'
            && (s[start] != '#' || (end > start + 1 && int.TryParse(s.AsSpan(start + 1, end - start - 1), out _)));
        tag = valid ? s[start..end] : "";
        afterColon = end + 1;
        return valid;
    }
}
