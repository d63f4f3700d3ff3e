using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// A tolerant reader for appsettings*.json: the JSON that ASP.NET Core's JSON configuration provider accepts
    /// (System.Text.Json with comments skipped and trailing commas allowed, at most 64 levels of nesting, an object at
    /// the top). It never throws on malformed input and never recurses: a file that the configuration provider would
    /// reject gives null and is simply not analyzed.
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

        /// <summary>Every property and array element in document order, or null when the text is not valid configuration JSON.</summary>
        public static ImmutableArray<JsonNode>? Parse(string text, CancellationToken cancellationToken = default)
        {
            // The parser reports invalid JSON by returning null; any exception is a bug, reported as TA0002 by the
            // caller's guard instead of passing for "no settings".
            return new Parser(text, cancellationToken).Run();
        }

        private sealed class Parser
        {
            private readonly string _text;
            private readonly CancellationToken _cancellationToken;
            private readonly ImmutableArray<JsonNode>.Builder _nodes = ImmutableArray.CreateBuilder<JsonNode>();
            private readonly List<Frame> _stack = new List<Frame>();
            private readonly List<string> _path = new List<string>();
            private int _position;

            public Parser(string text, CancellationToken cancellationToken)
            {
                _text = text;
                _cancellationToken = cancellationToken;
            }

            private sealed class Frame
            {
                public bool IsObject;
                public JsonNode? Owner;
                public int PathLength; // _path.Count before this container's own value was entered
                public int Count;
                public bool ExpectingValue; // after ',' (arrays) or after '{'/'[' before anything
                public bool AfterComma;
            }

            public ImmutableArray<JsonNode>? Run()
            {
                if (_text.Length > 0 && _text[0] == '\uFEFF')
                {
                    _position = 1;
                }

                if (!SkipTrivia() || Peek() != '{')
                {
                    return null; // the configuration provider requires an object at the top
                }

                _position++;
                _stack.Add(new Frame { IsObject = true, Owner = null, PathLength = 0, ExpectingValue = true });

                while (_stack.Count > 0)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (!SkipTrivia())
                    {
                        return null;
                    }

                    var frame = _stack[_stack.Count - 1];
                    var c = Peek();

                    // Closing the container: allowed when empty, after a value, or after one trailing comma.
                    if ((frame.IsObject && c == '}') || (!frame.IsObject && c == ']'))
                    {
                        if (frame.AfterComma && frame.Count == 0)
                        {
                            return null;
                        }

                        _position++;
                        Close(frame);
                        continue;
                    }

                    if (!frame.ExpectingValue)
                    {
                        // After a value: a comma must follow.
                        if (c != ',')
                        {
                            return null;
                        }

                        _position++;
                        frame.ExpectingValue = true;
                        frame.AfterComma = true;
                        continue;
                    }

                    if (frame.IsObject)
                    {
                        if (c != '"')
                        {
                            return null;
                        }

                        var keyStart = _position;
                        var key = ReadString();
                        var keyEnd = _position;
                        if (key is null || !SkipTrivia() || Peek() != ':')
                        {
                            return null;
                        }

                        _position++;
                        if (!SkipTrivia())
                        {
                            return null;
                        }

                        var keySpan = TextSpan.FromBounds(keyStart, keyEnd);
                        var pathLength = _path.Count;
                        _path.AddRange(key.Split(':'));
                        if (!ReadValue(frame, key, keySpan, isArrayElement: false, pathLength))
                        {
                            return null;
                        }
                    }
                    else
                    {
                        var pathLength = _path.Count;
                        _path.Add(frame.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        if (!ReadValue(frame, null, new TextSpan(_position, 1), isArrayElement: true, pathLength))
                        {
                            return null;
                        }
                    }
                }

                // Only trivia may follow the top-level object.
                return SkipTrivia() || _unterminatedComment ? null : _nodes.ToImmutable();
            }

            /// <summary>Reads the value at the current position, which belongs to <paramref name="parent"/>.</summary>
            private bool ReadValue(Frame parent, string? key, TextSpan keySpan, bool isArrayElement, int pathLength)
            {
                parent.Count++;
                parent.ExpectingValue = false;
                parent.AfterComma = false;
                var segments = _path.ToImmutableArray();
                var valueStart = _position;
                var c = Peek();
                switch (c)
                {
                    case '{':
                    case '[':
                        if (_stack.Count >= MaxDepth)
                        {
                            return false;
                        }

                        _position++;
                        var node = new JsonNode(segments, key, keySpan, isArrayElement, c == '{' ? JsonKind.Object : JsonKind.Array, null, 0)
                        {
                            ValueSpan = new TextSpan(valueStart, 1), // completed when the container closes
                        };
                        _nodes.Add(node);
                        _stack.Add(new Frame { IsObject = c == '{', Owner = node, PathLength = pathLength, ExpectingValue = true });
                        return true;
                    case '"':
                        var text = ReadString();
                        if (text is null)
                        {
                            return false;
                        }

                        Add(segments, key, keySpan, isArrayElement, JsonKind.String, text, pathLength, valueStart);
                        return true;
                    case 't':
                        return ReadLiteral("true", JsonKind.True, segments, key, keySpan, isArrayElement, pathLength, valueStart);
                    case 'f':
                        return ReadLiteral("false", JsonKind.False, segments, key, keySpan, isArrayElement, pathLength, valueStart);
                    case 'n':
                        return ReadLiteral("null", JsonKind.Null, segments, key, keySpan, isArrayElement, pathLength, valueStart);
                    default:
                        var number = ReadNumber();
                        if (number is null)
                        {
                            return false;
                        }

                        Add(segments, key, keySpan, isArrayElement, JsonKind.Number, number, pathLength, valueStart);
                        return true;
                }
            }

            private void Add(ImmutableArray<string> segments, string? key, TextSpan keySpan, bool isArrayElement, JsonKind kind, string? scalar, int pathLength, int valueStart)
            {
                _nodes.Add(new JsonNode(segments, key, keySpan, isArrayElement, kind, scalar, 0) { ValueSpan = TextSpan.FromBounds(valueStart, _position) });
                _path.RemoveRange(pathLength, _path.Count - pathLength);
            }

            private void Close(Frame frame)
            {
                _stack.RemoveAt(_stack.Count - 1);
                if (frame.Owner is not null)
                {
                    frame.Owner.ChildCount = frame.Count;
                    frame.Owner.ValueSpan = TextSpan.FromBounds(frame.Owner.ValueSpan.Start, _position);
                }

                _path.RemoveRange(frame.PathLength, _path.Count - frame.PathLength);
            }

            private bool ReadLiteral(string literal, JsonKind kind, ImmutableArray<string> segments, string? key, TextSpan keySpan, bool isArrayElement, int pathLength, int valueStart)
            {
                if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
                {
                    return false;
                }

                _position += literal.Length;
                if (_position < _text.Length && IsLiteralContinuation(_text[_position]))
                {
                    return false;
                }

                Add(segments, key, keySpan, isArrayElement, kind, kind == JsonKind.Null ? null : literal, pathLength, valueStart);
                return true;
            }

            private static bool IsLiteralContinuation(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

            /// <summary>JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
            private string? ReadNumber()
            {
                var start = _position;
                if (Peek() == '-')
                {
                    _position++;
                }

                if (Peek() == '0')
                {
                    _position++;
                }
                else if (IsDigit(Peek()))
                {
                    while (IsDigit(Peek()))
                    {
                        _position++;
                    }
                }
                else
                {
                    return null;
                }

                if (Peek() == '.')
                {
                    _position++;
                    if (!IsDigit(Peek()))
                    {
                        return null;
                    }

                    while (IsDigit(Peek()))
                    {
                        _position++;
                    }
                }

                if (Peek() == 'e' || Peek() == 'E')
                {
                    _position++;
                    if (Peek() == '+' || Peek() == '-')
                    {
                        _position++;
                    }

                    if (!IsDigit(Peek()))
                    {
                        return null;
                    }

                    while (IsDigit(Peek()))
                    {
                        _position++;
                    }
                }

                if (_position < _text.Length && IsLiteralContinuation(_text[_position]))
                {
                    return null;
                }

                return _text.Substring(start, _position - start);
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            /// <summary>Reads a double-quoted string at the current position; null when it is malformed.</summary>
            private string? ReadString()
            {
                _position++; // opening quote
                StringBuilder? builder = null;
                var runStart = _position;
                while (_position < _text.Length)
                {
                    var c = _text[_position];
                    if (c == '"')
                    {
                        var value = builder is null
                            ? _text.Substring(runStart, _position - runStart)
                            : builder.Append(_text, runStart, _position - runStart).ToString();
                        _position++;
                        return value;
                    }

                    if (c < ' ')
                    {
                        return null; // raw control characters (including new lines) are not allowed in strings
                    }

                    if (c != '\\')
                    {
                        _position++;
                        continue;
                    }

                    builder ??= new StringBuilder();
                    builder.Append(_text, runStart, _position - runStart);
                    if (_position + 1 >= _text.Length)
                    {
                        return null;
                    }

                    var escaped = _text[_position + 1];
                    _position += 2;
                    switch (escaped)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            if (_position + 4 > _text.Length ||
                                !int.TryParse(_text.Substring(_position, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code))
                            {
                                return null;
                            }

                            builder.Append((char)code);
                            _position += 4;
                            break;
                        default:
                            return null;
                    }

                    runStart = _position;
                }

                return null; // unterminated
            }

            private char Peek() => _position < _text.Length ? _text[_position] : '\0';

            /// <summary>Skips whitespace and comments; false when the text ends (or a comment is unterminated).</summary>
            private bool SkipTrivia()
            {
                while (_position < _text.Length)
                {
                    var c = _text[_position];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                    {
                        _position++;
                    }
                    else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
                    {
                        _position += 2;
                        while (_position < _text.Length && _text[_position] != '\n' && _text[_position] != '\r')
                        {
                            _position++;
                        }
                    }
                    else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
                    {
                        var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                        if (end < 0)
                        {
                            _position = _text.Length;
                            _unterminatedComment = true;
                            return false;
                        }

                        _position = end + 2;
                    }
                    else
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool _unterminatedComment;
        }
    }
}
