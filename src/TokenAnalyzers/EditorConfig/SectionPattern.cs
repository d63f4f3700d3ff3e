using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TokenAnalyzers.EditorConfig
{
    /// <summary>
    /// The name of an <c>.editorconfig</c> section (<c>[*.json]</c>, <c>[**/appsettings*.json]</c>) as a test on a
    /// file's path relative to the <c>.editorconfig</c>'s folder, with the semantics the compiler gives it (Roslyn's
    /// <c>AnalyzerConfig</c> section matching), so that a JSON file gets the sections the compiler would give a C# file
    /// at the same place:
    /// <list type="bullet">
    /// <item>a name without <c>/</c> matches the file name in any folder below; a name with <c>/</c> is anchored at
    /// the <c>.editorconfig</c>'s folder (a leading <c>/</c> is optional);</item>
    /// <item><c>*</c> any characters but <c>/</c>, <c>**</c> any characters, <c>?</c> one character, <c>{a,b}</c> one
    /// of the choices (nested), <c>{n..m}</c> an integer between n and m, <c>[abc]</c>, <c>[a-z]</c>, <c>[!abc]</c> a
    /// character class, <c>\</c> escapes the next character;</item>
    /// <item>case-sensitive; a name that cannot be parsed (an unclosed <c>{</c> or <c>[</c>, a <c>,</c> or <c>}</c>
    /// outside a choice) matches nothing.</item>
    /// </list>
    /// </summary>
    internal sealed class SectionPattern
    {
        private readonly Regex _regex;
        private readonly List<(int Min, int Max)> _ranges;

        private SectionPattern(Regex regex, List<(int Min, int Max)> ranges)
        {
            _regex = regex;
            _ranges = ranges;
        }

        /// <summary>The pattern of a section name, or null when the name cannot be parsed (the section applies nowhere).</summary>
        public static SectionPattern? TryCreate(string sectionName)
        {
            var builder = new Builder(sectionName);
            return builder.TryBuild(out var regex) ? new SectionPattern(new Regex(regex, RegexOptions.CultureInvariant), builder.Ranges) : null;
        }

        /// <summary>
        /// Does the section apply to <paramref name="relativePath"/>: the file's path below the <c>.editorconfig</c>'s
        /// folder with <c>/</c> separators, starting with <c>/</c> (<c>/appsettings.json</c>, <c>/config/appsettings.json</c>)?
        /// </summary>
        public bool IsMatch(string relativePath)
        {
            var match = _regex.Match(relativePath);
            if (!match.Success)
            {
                return false;
            }

            // {n..m}: the regex takes any integer there; the range is checked on the first match, as the compiler does.
            for (var i = 0; i < _ranges.Count; i++)
            {
                if (!int.TryParse(match.Groups[i + 1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ||
                    number < _ranges[i].Min || number > _ranges[i].Max)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Translates the glob into a regular expression, one character at a time (no recursion into the regex engine's syntax).</summary>
        private sealed class Builder
        {
            private readonly string _name;
            private readonly StringBuilder _regex = new StringBuilder();
            private int _position;

            public Builder(string name) => _name = name;

            public List<(int Min, int Max)> Ranges { get; } = new List<(int Min, int Max)>();

            public bool TryBuild(out string regex)
            {
                regex = string.Empty;
                _regex.Append('^');
                if (_name.IndexOf('/') < 0)
                {
                    _regex.Append(".*/"); // the file name, in this folder or any folder below
                }
                else if (_name[0] != '/')
                {
                    _regex.Append('/'); // relative to the .editorconfig's folder
                }

                if (!PathList(inChoice: false, out _))
                {
                    return false;
                }

                _regex.Append('$');
                regex = _regex.ToString();
                return true;
            }

            /// <summary>
            /// Items up to the end of the name, or, inside a choice, up to the <c>,</c> or <c>}</c> that ends this
            /// alternative (given in <paramref name="end"/>). False on a syntax error.
            /// </summary>
            private bool PathList(bool inChoice, out char end)
            {
                end = '\0';
                while (_position < _name.Length)
                {
                    var c = _name[_position];
                    switch (c)
                    {
                        case '*':
                            if (_position + 1 < _name.Length && _name[_position + 1] == '*')
                            {
                                _regex.Append(".*");
                                _position += 2;
                            }
                            else
                            {
                                _regex.Append("[^/]*");
                                _position++;
                            }

                            break;
                        case '?':
                            _regex.Append('.');
                            _position++;
                            break;
                        case '\\':
                            if (_position + 1 >= _name.Length)
                            {
                                return false;
                            }

                            _regex.Append(Regex.Escape(_name[_position + 1].ToString()));
                            _position += 2;
                            break;
                        case '[':
                            _position++;
                            if (!CharacterClass())
                            {
                                return false;
                            }

                            break;
                        case '{':
                            var range = NumberRange();
                            if (range == false || (range is null && !Choice()))
                            {
                                return false;
                            }

                            break;
                        case ',':
                        case '}':
                            _position++;
                            end = c;
                            return inChoice;
                        default:
                            _regex.Append(Regex.Escape(c.ToString()));
                            _position++;
                            break;
                    }
                }

                return !inChoice; // a choice must be closed
            }

            /// <summary><c>{a,b,...}</c> at the current <c>{</c>: one of the alternatives, each a path list.</summary>
            private bool Choice()
            {
                _position++;
                _regex.Append("(?:");
                while (PathList(inChoice: true, out var end))
                {
                    if (end == '}')
                    {
                        _regex.Append(')');
                        return true;
                    }

                    _regex.Append('|');
                }

                return false;
            }

            /// <summary>
            /// <c>{n..m}</c> at the current <c>{</c> (n, m integers, optionally negative): true; false when a bound does
            /// not fit an int (the section is invalid, as for the compiler); null, consuming nothing, when it is not a range.
            /// </summary>
            private bool? NumberRange()
            {
                var start = _position;
                _position++;
                if (Integer() is { } first && Eat('.') && Eat('.') && Integer() is { } second && Eat('}'))
                {
                    if (!int.TryParse(first, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var low) ||
                        !int.TryParse(second, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var high))
                    {
                        return false;
                    }

                    Ranges.Add(low <= high ? (low, high) : (high, low));
                    _regex.Append("(-?[0-9]+)");
                    return true;
                }

                _position = start;
                return null;
            }

            private string? Integer()
            {
                var start = _position;
                if (_position < _name.Length && _name[_position] == '-')
                {
                    _position++;
                }

                var digits = _position;
                while (_position < _name.Length && _name[_position] >= '0' && _name[_position] <= '9')
                {
                    _position++;
                }

                return _position > digits ? _name.Substring(start, _position - start) : null;
            }

            private bool Eat(char expected)
            {
                if (_position < _name.Length && _name[_position] == expected)
                {
                    _position++;
                    return true;
                }

                return false;
            }

            /// <summary>After a <c>[</c>: up to the closing <c>]</c>; <c>!</c> first negates, <c>-</c> is a range, <c>\</c> escapes.</summary>
            private bool CharacterClass()
            {
                _regex.Append('[');
                if (_position < _name.Length && _name[_position] == '!')
                {
                    _regex.Append('^');
                    _position++;
                }

                while (_position < _name.Length)
                {
                    var c = _name[_position++];
                    switch (c)
                    {
                        case '-':
                            _regex.Append('-');
                            break;
                        case '\\':
                            if (_position >= _name.Length)
                            {
                                return false;
                            }

                            _regex.Append('\\').Append(_name[_position++]);
                            break;
                        case ']':
                            _regex.Append(']');
                            return true;
                        default:
                            _regex.Append(Regex.Escape(c.ToString()));
                            break;
                    }
                }

                return false; // no closing ]
            }
        }
    }
}
