namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// <see cref="ValueSyntax.MayBeStringStartingWith"/> read from the text, before the tree is asked: the scanner
    /// calls it for an assignment whose name matched, with the text after its <c>=</c>. It answers false only for a
    /// value that is a whole string literal (regular, verbatim or interpolated, followed by <c>;</c>, <c>,</c>,
    /// <c>}</c> or <c>)</c>) whose leading literal text rules every prefix out; anything it cannot read that far is
    /// left to the tree.
    /// </summary>
    internal static class ValueText
    {
        public static bool MayBeStringStartingWith(string text, int valueStart, string[] prefixes)
        {
            var i = SkipWhitespace(text, valueStart);
            var interpolated = false;
            var verbatim = false;
            for (; i < text.Length && text[i] is '$' or '@'; i++)
            {
                if ((text[i] == '$' && interpolated) || (text[i] == '@' && verbatim))
                {
                    return true; // $$"...": a raw interpolated string
                }

                interpolated |= text[i] == '$';
                verbatim |= text[i] == '@';
            }

            if (i + 2 >= text.Length || text[i] != '"' || (text[i + 1] == '"' && text[i + 2] == '"'))
            {
                return true; // not a string literal, or a raw one
            }

            var literalStart = i + 1;
            var literalEnd = -1;
            for (i = literalStart; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"' && verbatim && i + 1 < text.Length && text[i + 1] == '"')
                {
                    literalEnd = literalEnd < 0 ? i : literalEnd;
                    i++;
                }
                else if (c == '"')
                {
                    break;
                }
                else if (c == '\\' && !verbatim)
                {
                    literalEnd = literalEnd < 0 ? i : literalEnd;
                    i++;
                }
                else if (c is '\r' or '\n' && !verbatim)
                {
                    return true;
                }
                else if (c == '{' && interpolated)
                {
                    literalEnd = literalEnd < 0 ? i : literalEnd;
                    if (!TrySkipHole(text, ref i))
                    {
                        return true;
                    }
                }
            }

            if (i >= text.Length)
            {
                return true;
            }

            var end = SkipWhitespace(text, i + 1);
            if (end >= text.Length || text[end] is not (';' or ',' or '}' or ')'))
            {
                return true; // the literal is only the start of the value: `"..." + x`, `"...".Replace(...)`, `c ? "..." : x`
            }

            var literal = text.Substring(literalStart, (literalEnd < 0 ? i : literalEnd) - literalStart);
            return ValueSyntax.StartsWithAny(literal, prefixes);
        }

        /// <summary>Moves <paramref name="i"/> from a hole's <c>{</c> (or an escaped <c>{{</c>) to its <c>}</c>; false when the hole holds anything but plain code.</summary>
        private static bool TrySkipHole(string text, ref int i)
        {
            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i++;
                return true;
            }

            var depth = 0;
            for (i++; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '{':
                        depth++;
                        break;
                    case '}' when depth == 0:
                        return true;
                    case '}':
                        depth--;
                        break;
                    case '"' or '\'' or '@' or '$' or '/' or '\r' or '\n':
                        return false;
                }
            }

            return false;
        }

        private static int SkipWhitespace(string text, int i)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }

            return i;
        }
    }
}
