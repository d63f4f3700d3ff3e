using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// The reader for appsettings*.json: the JSON that ASP.NET Core's JSON configuration provider accepts
    /// (System.Text.Json with comments skipped and trailing commas allowed, at most 64 levels of nesting, an object at
    /// the top, no key with two values). It streams over the additional file's text in chunks (no copy of the whole
    /// text), never throws on any input and never recurses: a file that the provider would reject gives the position
    /// and the reason, reported as TA0003.
    /// </summary>
    internal static class JsonConfiguration
    {
        /// <summary>System.Text.Json's default MaxDepth, which the configuration provider uses.</summary>
        public const int MaxDepth = 64;

        /// <summary>Is this one of the files the TA5xx rules read (appsettings*.json, any case)?</summary>
        public static bool IsAppSettingsFile(string? path)
        {
            var name = FileName(path);
            return name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) &&
                   name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>appsettings.Development.json (any case): development-only configuration.</summary>
        public static bool IsDevelopmentFile(string? path) =>
            string.Equals(FileName(path), "appsettings.Development.json", StringComparison.OrdinalIgnoreCase);

        /// <summary>appsettings.json (any case): the base file every environment loads.</summary>
        public static bool IsBaseFile(string? path) =>
            string.Equals(FileName(path), "appsettings.json", StringComparison.OrdinalIgnoreCase);

        public static string FileName(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return string.Empty;
            }

            var slash = Math.Max(path!.LastIndexOf('/'), path.LastIndexOf('\\'));
            return path.Substring(slash + 1);
        }

        public static string Directory(string? path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return string.Empty;
            }

            var slash = Math.Max(path!.LastIndexOf('/'), path.LastIndexOf('\\'));
            return slash < 0 ? string.Empty : path.Substring(0, slash);
        }

        /// <summary>
        /// Reads <paramref name="text"/> as the configuration provider would, streaming over the text in chunks. The
        /// result has the values (<see cref="JsonTree"/>) or, when the provider would reject the file, the position
        /// and the reason (<see cref="JsonTree.Failure"/>). Never throws on any input and never recurses.
        /// </summary>
        public static JsonTree Read(SourceText text, CancellationToken cancellationToken = default) =>
            new Reader(text, cancellationToken).Run();

        private sealed class Reader
        {
            private const int ChunkSize = 4096;
            private readonly SourceText _text;
            private readonly int _length;
            private readonly CancellationToken _cancellationToken;
            private readonly char[] _chunk = new char[ChunkSize];
            private readonly JsonTree _tree;
            private readonly Frame[] _frames = new Frame[MaxDepth + 1];
            private int _chunkStart;
            private int _chunkLength;
            private int _depth;
            private int _position;

            public Reader(SourceText text, CancellationToken cancellationToken)
            {
                _text = text;
                _length = text.Length;
                _cancellationToken = cancellationToken;
                _tree = new JsonTree(text);
            }

            /// <summary>An open object or array.</summary>
            private struct Frame
            {
                public bool IsObject;
                public bool IsTop;
                public int Entry;      // its entry in the tree, -1 while not kept
                public ulong Hash;     // its path's hash
                public int KeyStart;   // (or the array index)
                public int KeyLength;  // -1 for array elements
                public bool Escaped;
                public int ValueStart;
                public int Count;
                public bool ExpectingValue;
            }

            public JsonTree Run()
            {
                if (_length > 0 && At(0) == '\uFEFF')
                {
                    // Text decoded from the file's bytes (an encoding is known) has lost its byte-order mark already: a
                    // second one at the start is a file the configuration provider rejects (round AH). Text built from
                    // a string keeps its one mark.
                    if (_text.Encoding is not null)
                    {
                        return Fail(0, "two byte-order marks at the start; the configuration provider reads one");
                    }

                    _position = 1;
                }

                if (!SkipTrivia())
                {
                    return _tree.Failure is null ? Fail(_position, "the file is empty") : _tree;
                }

                var first = At(_position);
                if (first != '{')
                {
                    return Fail(_position, first switch
                    {
                        '[' => "the top level is an array; the configuration provider requires an object",
                        '"' or '-' or (>= '0' and <= '9') or 't' or 'f' or 'n' => "the top level is a single value; the configuration provider requires an object",
                        _ => "expected '{' but found " + Describe(first),
                    });
                }

                _position++;
                _frames[0] = new Frame { IsObject = true, IsTop = true, Entry = -1, Hash = PathHash.Empty, KeyLength = -1, ExpectingValue = true };
                _depth = 1;
                while (_depth > 0)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (!SkipTrivia())
                    {
                        return Truncated();
                    }

                    ref var frame = ref _frames[_depth - 1];
                    var c = At(_position);
                    var close = frame.IsObject ? '}' : ']';
                    if (c == close)
                    {
                        _position++;
                        Close(ref frame);
                        continue;
                    }

                    if (!frame.ExpectingValue)
                    {
                        if (c != ',')
                        {
                            return Fail(_position, "expected ',' or '" + close + "' but found " + Describe(c));
                        }

                        _position++;
                        frame.ExpectingValue = true; // a trailing comma before the close is allowed, as the provider allows it
                        continue;
                    }

                    bool read;
                    if (frame.IsObject)
                    {
                        if (c != '"')
                        {
                            return Fail(_position, "expected a property name in double quotes but found " + Describe(c));
                        }

                        var keyStart = _position;
                        var hash = PathHash.Child(frame.Hash, frame.IsTop);
                        if (!ReadString(ref hash, hashing: true, out var keyEscaped))
                        {
                            return _tree;
                        }

                        var keyLength = _position - keyStart;
                        if (!SkipTrivia())
                        {
                            return Truncated();
                        }

                        if (At(_position) != ':')
                        {
                            return Fail(_position, "expected ':' after the property name but found " + Describe(At(_position)));
                        }

                        _position++;
                        if (!SkipTrivia())
                        {
                            return Truncated();
                        }

                        read = ReadValue(ref frame, keyStart, keyLength, keyEscaped, hash);
                    }
                    else
                    {
                        var hash = PathHash.Add(PathHash.Child(frame.Hash, frame.IsTop), frame.Count.ToString(CultureInfo.InvariantCulture));
                        read = ReadValue(ref frame, frame.Count, -1, false, hash);
                    }

                    if (!read)
                    {
                        return _tree;
                    }
                }

                // Only trivia may follow the top-level object.
                if (SkipTrivia())
                {
                    return Fail(_position, "text after the closing '}' of the top-level object: " + Describe(At(_position)));
                }

                CheckDuplicates();
                return _tree;
            }

            /// <summary>
            /// The provider rejects a file where a key gets a value twice (keys ignore case; "A:B" is B inside A): a
            /// value at a path that already has a value or an empty section. Object properties are all kept, so the
            /// check runs over the kept values' path hashes, sorted (8 bytes per value, no set of paths).
            /// </summary>
            private void CheckDuplicates()
            {
                var count = 0;
                for (var i = 0; i < _tree.Count; i++)
                {
                    count += IsKey(_tree.Get(i)) ? 1 : 0;
                }

                var hashes = new ulong[count];
                count = 0;
                for (var i = 0; i < _tree.Count; i++)
                {
                    ref var entry = ref _tree.Get(i);
                    if (IsKey(entry))
                    {
                        hashes[count++] = entry.Hash;
                    }
                }

                Array.Sort(hashes);
                HashSet<ulong>? repeated = null;
                for (var i = 1; i < hashes.Length; i++)
                {
                    if (hashes[i] == hashes[i - 1])
                    {
                        (repeated ??= new HashSet<ulong>()).Add(hashes[i]);
                    }
                }

                if (repeated is null)
                {
                    return;
                }

                // In document order, as the provider meets them: the first value whose path was seen before.
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < _tree.Count; i++)
                {
                    var entry = _tree.Get(i);
                    if (!IsKey(entry) || !repeated.Contains(entry.Hash))
                    {
                        continue;
                    }

                    var node = _tree[i];
                    if (!seen.Add(node.Path) && entry.Kind is not (JsonKind.Object or JsonKind.Array))
                    {
                        Fail(entry.KeyStart, "the key '" + node.Path + "' has a value twice (keys ignore case, and 'A:B' is the same key as B inside A); the configuration provider rejects the file");
                        return;
                    }
                }
            }

            /// <summary>A key the provider stores a value for: an object property with a scalar value or an empty section.</summary>
            private static bool IsKey(in JsonTree.Entry entry) =>
                !entry.IsArrayElement && (entry.Empty || entry.Kind is not (JsonKind.Object or JsonKind.Array));

            private JsonTree Fail(int position, string reason)
            {
                _tree.Failure ??= new JsonReadFailure(Math.Min(position, _length), reason);
                return _tree;
            }

            private bool Failed(int position, string reason)
            {
                Fail(position, reason);
                return false;
            }

            private JsonTree Truncated() =>
                _tree.Failure is null ? Fail(_length, "the text ends before the top-level object is closed (truncated?)") : _tree;

            private static string Describe(char c) =>
                c >= ' ' && c < '\u007F' ? "'" + c + "'" : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

            private char At(int position)
            {
                if (position >= _length)
                {
                    return '\0';
                }

                var offset = position - _chunkStart;
                if (offset < 0 || offset >= _chunkLength)
                {
                    _chunkStart = position;
                    _chunkLength = Math.Min(ChunkSize, _length - position);
                    _text.CopyTo(position, _chunk, 0, _chunkLength);
                    offset = 0;
                }

                return _chunk[offset];
            }

            /// <summary>Reads the value at the current position, which belongs to <paramref name="parent"/>.</summary>
            private bool ReadValue(ref Frame parent, int keyStart, int keyLength, bool keyEscaped, ulong hash)
            {
                parent.Count++;
                parent.ExpectingValue = false;
                var isElement = keyLength < 0;
                var valueStart = _position;
                var c = At(_position);
                switch (c)
                {
                    case '{':
                    case '[':
                        if (_depth >= MaxDepth)
                        {
                            return Failed(_position, "nested deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels, the limit of the configuration provider's JSON reader");
                        }

                        _position++;
                        _frames[_depth++] = new Frame
                        {
                            IsObject = c == '{',
                            Entry = -1,
                            Hash = hash,
                            KeyStart = keyStart,
                            KeyLength = keyLength,
                            Escaped = keyEscaped,
                            ValueStart = valueStart,
                            ExpectingValue = true,
                        };
                        if (!isElement)
                        {
                            Keep(_depth - 1); // an object property is a key of its own, even when empty
                        }

                        return true;
                    case '"':
                        var ignored = 0UL;
                        if (!ReadString(ref ignored, hashing: false, out var valueEscaped))
                        {
                            return false;
                        }

                        return Leaf(JsonKind.String, keyStart, keyLength, keyEscaped || valueEscaped, hash, valueStart);
                    case 't':
                        return ReadLiteral("true") && Leaf(JsonKind.True, keyStart, keyLength, keyEscaped, hash, valueStart);
                    case 'f':
                        return ReadLiteral("false") && Leaf(JsonKind.False, keyStart, keyLength, keyEscaped, hash, valueStart);
                    case 'n':
                        return ReadLiteral("null") && Leaf(JsonKind.Null, keyStart, keyLength, keyEscaped, hash, valueStart);
                    default:
                        return ReadNumber() && Leaf(JsonKind.Number, keyStart, keyLength, keyEscaped, hash, valueStart);
                }
            }

            /// <summary>
            /// A scalar value, kept where a rule may read it. Of an array's numbers and nulls only the first is kept
            /// (<paramref name="keyStart"/> is an element's index): no rule reads them, but the configuration counts
            /// them as children (JwtBearer 7.0.11 validates the issuer for <c>"ValidIssuers": [ null ]</c>, round AE).
            /// </summary>
            private bool Leaf(JsonKind kind, int keyStart, int keyLength, bool escaped, ulong hash, int valueStart)
            {
                var isElement = keyLength < 0;
                if (isElement && keyStart > 0 && kind is JsonKind.Number or JsonKind.Null)
                {
                    return true;
                }

                Keep(_depth - 1);
                _tree.Add(new JsonTree.Entry
                {
                    Hash = hash,
                    Parent = _frames[_depth - 1].Entry,
                    KeyStart = keyStart,
                    KeyLength = keyLength,
                    Escaped = escaped,
                    ValueStart = valueStart,
                    ValueLength = _position - valueStart,
                    Kind = kind,
                });
                return true;
            }

            /// <summary>Keeps the open containers up to <paramref name="frame"/> that are not kept yet, outermost first.</summary>
            private void Keep(int frame)
            {
                for (var i = 1; i <= frame; i++)
                {
                    ref var open = ref _frames[i];
                    if (open.Entry >= 0)
                    {
                        continue;
                    }

                    open.Entry = _tree.Add(new JsonTree.Entry
                    {
                        Hash = open.Hash,
                        Parent = _frames[i - 1].Entry,
                        KeyStart = open.KeyStart,
                        KeyLength = open.KeyLength,
                        Escaped = open.Escaped,
                        ValueStart = open.ValueStart,
                        ValueLength = 1, // completed when it closes
                        Kind = open.IsObject ? JsonKind.Object : JsonKind.Array,
                    });
                }
            }

            private void Close(ref Frame frame)
            {
                _depth--;
                if (frame.Entry >= 0)
                {
                    ref var entry = ref _tree.Get(frame.Entry);
                    entry.ValueLength = _position - frame.ValueStart;
                    entry.Empty = frame.Count == 0; // an empty section is a key (with no value) to the provider
                }
            }

            private bool ReadLiteral(string literal)
            {
                var start = _position;
                for (var i = 0; i < literal.Length; i++)
                {
                    if (At(_position + i) != literal[i])
                    {
                        return Failed(start, "an invalid value (only true, false, null, numbers, strings in double quotes, objects and arrays are JSON)");
                    }
                }

                _position += literal.Length;
                if (IsLiteralContinuation(At(_position)))
                {
                    return Failed(start, "an invalid value (only true, false, null, numbers, strings in double quotes, objects and arrays are JSON)");
                }

                return true;
            }

            private static bool IsLiteralContinuation(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

            /// <summary>JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
            private bool ReadNumber()
            {
                var start = _position;
                if (At(_position) == '-')
                {
                    _position++;
                }

                if (At(_position) == '0')
                {
                    _position++;
                }
                else if (IsDigit(At(_position)))
                {
                    SkipDigits();
                }
                else
                {
                    return Failed(start, _position >= _length ? "the text ends where a value should be (truncated?)" : "expected a value but found " + Describe(At(start)));
                }

                if (At(_position) == '.')
                {
                    _position++;
                    if (!IsDigit(At(_position)))
                    {
                        return Failed(start, "an invalid number");
                    }

                    SkipDigits();
                }

                if (At(_position) is 'e' or 'E')
                {
                    _position++;
                    if (At(_position) is '+' or '-')
                    {
                        _position++;
                    }

                    if (!IsDigit(At(_position)))
                    {
                        return Failed(start, "an invalid number");
                    }

                    SkipDigits();
                }

                return !IsLiteralContinuation(At(_position)) || Failed(start, "an invalid number");
            }

            private void SkipDigits()
            {
                while (IsDigit(At(_position)))
                {
                    _position++;
                }
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            private static int HexValue(char c) =>
                c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

            /// <summary>Reads a double-quoted string; adds its unescaped characters to <paramref name="hash"/> when asked.</summary>
            private bool ReadString(ref ulong hash, bool hashing, out bool escaped)
            {
                escaped = false;
                var start = _position;
                _position++; // opening quote
                var pendingHighSurrogate = false;
                while (true)
                {
                    if (_position >= _length)
                    {
                        return Failed(start, "a string is not closed (truncated?)");
                    }

                    var c = At(_position);
                    if (c == '"')
                    {
                        if (pendingHighSurrogate)
                        {
                            return Failed(start, "a \\u escape is half of a surrogate pair");
                        }

                        _position++;
                        return true;
                    }

                    if (c < ' ')
                    {
                        return Failed(_position, c is '\n' or '\r' ? "a line break inside a string" : "the control character " + Describe(c) + " inside a string (binary content?)");
                    }

                    if (c != '\\')
                    {
                        if (pendingHighSurrogate)
                        {
                            return Failed(start, "a \\u escape is half of a surrogate pair");
                        }

                        if (hashing)
                        {
                            hash = PathHash.Add(hash, c);
                        }

                        _position++;
                        continue;
                    }

                    escaped = true;
                    var e = At(_position + 1);
                    char value;
                    switch (e)
                    {
                        case '"': value = '"'; break;
                        case '\\': value = '\\'; break;
                        case '/': value = '/'; break;
                        case 'b': value = '\b'; break;
                        case 'f': value = '\f'; break;
                        case 'n': value = '\n'; break;
                        case 'r': value = '\r'; break;
                        case 't': value = '\t'; break;
                        case 'u':
                            var code = 0;
                            for (var i = 2; i < 6; i++)
                            {
                                var digit = HexValue(At(_position + i));
                                if (digit < 0)
                                {
                                    return Failed(_position, "an invalid \\u escape (four hexadecimal digits expected)");
                                }

                                code = (code * 16) + digit;
                            }

                            value = (char)code;
                            _position += 4;
                            break;
                        default:
                            return Failed(_position, "an invalid escape sequence \\" + (e == '\0' ? string.Empty : e.ToString()));
                    }

                    if (char.IsLowSurrogate(value) != pendingHighSurrogate)
                    {
                        return Failed(start, "a \\u escape is half of a surrogate pair");
                    }

                    pendingHighSurrogate = char.IsHighSurrogate(value);
                    if (hashing)
                    {
                        hash = PathHash.Add(hash, value);
                    }

                    _position += 2;
                }
            }

            /// <summary>Skips whitespace and comments; false when the text ends (or a comment is not closed: a failure).</summary>
            private bool SkipTrivia()
            {
                while (_position < _length)
                {
                    var c = At(_position);
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                    {
                        _position++;
                    }
                    else if (c == '/' && At(_position + 1) == '/')
                    {
                        _position += 2;
                        while (_position < _length && At(_position) is not ('\n' or '\r'))
                        {
                            _position++;
                        }
                    }
                    else if (c == '/' && At(_position + 1) == '*')
                    {
                        var start = _position;
                        _position += 2;
                        while (_position < _length && !(At(_position) == '*' && At(_position + 1) == '/'))
                        {
                            _position++;
                        }

                        if (_position >= _length)
                        {
                            Fail(start, "a /* comment is not closed");
                            return false;
                        }

                        _position += 2;
                    }
                    else
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
