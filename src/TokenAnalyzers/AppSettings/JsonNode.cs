using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// One value of a JSON configuration file that has a configuration path: an object property or an array element.
    /// A short-lived view of an entry of <see cref="JsonTree"/>: keys and values are read from the file's text when
    /// asked for, so the file costs no string per value.
    /// </summary>
    internal sealed class JsonNode
    {
        private readonly JsonTree _tree;
        private readonly int _index;

        internal JsonNode(JsonTree tree, int index)
        {
            _tree = tree;
            _index = index;
        }

        private ref JsonTree.Entry Entry => ref _tree.Get(_index);

        /// <summary>
        /// The configuration path split at ':' as ASP.NET Core's configuration does (a key "A:B" is two segments;
        /// array elements are their index).
        /// </summary>
        public ImmutableArray<string> Segments
        {
            get
            {
                var chain = new List<int>();
                for (var i = _index; i >= 0; i = _tree.Get(i).Parent)
                {
                    chain.Add(i);
                }

                var segments = ImmutableArray.CreateBuilder<string>();
                for (var c = chain.Count - 1; c >= 0; c--)
                {
                    var entry = _tree.Get(chain[c]);
                    if (entry.IsArrayElement)
                    {
                        segments.Add(entry.KeyStart.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        segments.AddRange(KeyOf(entry).Split(':'));
                    }
                }

                return segments.ToImmutable();
            }
        }

        /// <summary>The unescaped property name; null for array elements.</summary>
        public string? Key => Entry.IsArrayElement ? null : KeyOf(Entry);

        /// <summary>The key token with its quotes (for array elements: the start of the value).</summary>
        public TextSpan KeySpan => Entry.IsArrayElement ? new TextSpan(Entry.ValueStart, 1) : new TextSpan(Entry.KeyStart, Entry.KeyLength);

        public bool IsArrayElement => Entry.IsArrayElement;

        public JsonKind Kind => Entry.Kind;

        /// <summary>Unescaped string value, or the literal text of a number/true/false; null otherwise.</summary>
        public string? Scalar => Entry.Kind switch
        {
            JsonKind.String => Unquote(ValueSpan, Entry.Escaped),
            JsonKind.Number => _tree.Text.ToString(ValueSpan),
            JsonKind.True => "true",
            JsonKind.False => "false",
            _ => null,
        };

        /// <summary>The last path segment: the configuration key's own name.</summary>
        public string Name
        {
            get
            {
                if (Entry.IsArrayElement)
                {
                    return Entry.KeyStart.ToString(CultureInfo.InvariantCulture);
                }

                var key = KeyOf(Entry);
                return key.Substring(key.LastIndexOf(':') + 1);
            }
        }

        public string Path => string.Join(":", Segments);

        /// <summary>The value's text: a string with its quotes, a literal, or a whole object or array.</summary>
        public TextSpan ValueSpan => new TextSpan(Entry.ValueStart, Entry.ValueLength);

        /// <summary>
        /// Could this value's path start with <paramref name="firstSegment"/>? Compares the top-level key in the text,
        /// without building a string, so a pass over a large file looking for one section allocates nothing for the
        /// values elsewhere. True when unsure (an escaped top-level key).
        /// </summary>
        internal bool MayStartWith(string firstSegment)
        {
            var top = _index;
            while (_tree.Get(top).Parent >= 0)
            {
                top = _tree.Get(top).Parent;
            }

            var entry = _tree.Get(top);
            if (entry.Escaped)
            {
                return true;
            }

            var length = entry.KeyLength - 2; // without the quotes
            if (length < firstSegment.Length || (length > firstSegment.Length && _tree.Text[entry.KeyStart + 1 + firstSegment.Length] != ':'))
            {
                return false;
            }

            for (var i = 0; i < firstSegment.Length; i++)
            {
                if (char.ToUpperInvariant(_tree.Text[entry.KeyStart + 1 + i]) != char.ToUpperInvariant(firstSegment[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Is this value below <paramref name="section"/> (at any depth)?</summary>
        internal bool IsBelow(string section)
        {
            var colon = section.IndexOf(':');
            if (!MayStartWith(colon < 0 ? section : section.Substring(0, colon)))
            {
                return false;
            }

            var path = Path;
            return path.Length > section.Length && path[section.Length] == ':' &&
                   string.Compare(path, 0, section, 0, section.Length, System.StringComparison.OrdinalIgnoreCase) == 0;
        }

        private string KeyOf(in JsonTree.Entry entry) =>
            Unquote(_tree.Text, new TextSpan(entry.KeyStart, entry.KeyLength), entry.Escaped);

        private string Unquote(TextSpan quoted, bool escaped) => Unquote(_tree.Text, quoted, escaped);

        /// <summary>The content of a quoted string of the text, escapes resolved (the reader has checked them).</summary>
        internal static string Unquote(SourceText text, TextSpan quoted, bool escaped)
        {
            var raw = text.ToString(new TextSpan(quoted.Start + 1, quoted.Length - 2));
            if (!escaped || raw.IndexOf('\\') < 0)
            {
                return raw;
            }

            var builder = new StringBuilder(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                var e = raw[++i];
                switch (e)
                {
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        builder.Append((char)int.Parse(raw.Substring(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: builder.Append(e); break; // " \ /
                }
            }

            return builder.ToString();
        }
    }
}
