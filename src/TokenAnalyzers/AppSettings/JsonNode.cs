using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// One value of a JSON configuration file that has a configuration path: an object property or an array element.
    /// </summary>
    internal sealed class JsonNode
    {
        public JsonNode(ImmutableArray<string> segments, string? key, TextSpan keySpan, bool isArrayElement, JsonKind kind, string? scalar, int childCount)
        {
            Segments = segments;
            Key = key;
            KeySpan = keySpan;
            IsArrayElement = isArrayElement;
            Kind = kind;
            Scalar = scalar;
            ChildCount = childCount;
        }

        /// <summary>
        /// The configuration path split at ':' as ASP.NET Core's configuration does (a key "A:B" is two segments;
        /// array elements are their index).
        /// </summary>
        public ImmutableArray<string> Segments { get; }

        /// <summary>The unescaped property name; null for array elements.</summary>
        public string? Key { get; }

        /// <summary>The key token with its quotes (for array elements: the start of the value).</summary>
        public TextSpan KeySpan { get; }

        public bool IsArrayElement { get; }

        public JsonKind Kind { get; }

        /// <summary>Unescaped string value, or the literal text of a number/true/false; null otherwise.</summary>
        public string? Scalar { get; }

        /// <summary>Number of properties (objects) or elements (arrays); 0 for scalars.</summary>
        public int ChildCount { get; internal set; }

        /// <summary>The last path segment: the configuration key's own name.</summary>
        public string Name => Segments[Segments.Length - 1];

        public string Path => string.Join(":", Segments);

        /// <summary>The value's text: a string with its quotes, a literal, or a whole object or array.</summary>
        public TextSpan ValueSpan { get; internal set; }
    }
}
