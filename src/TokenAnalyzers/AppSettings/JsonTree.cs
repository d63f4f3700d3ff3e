using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// The values of one configuration JSON file that a rule can look up, stored compactly: one 32-byte entry per kept
    /// value in fixed-size chunks (no object per token, no copy of the text). Keys and values stay in the
    /// <see cref="SourceText"/> and become strings only when a rule asks for them (<see cref="JsonNode"/>). What is
    /// kept: every object property and every string or boolean array element, and each container with a kept value
    /// below it; numbers, nulls and empty containers that are array elements are skipped (no rule reads them, and a
    /// 10 MB array of numbers would otherwise cost an entry per number).
    /// </summary>
    internal sealed class JsonTree
    {
        private const int ChunkSize = 4096;
        private readonly List<Entry[]> _chunks = new List<Entry[]>();

        public JsonTree(SourceText text)
        {
            Text = text;
        }

        public SourceText Text { get; }

        /// <summary>Why the configuration provider would reject the file; null when it is readable.</summary>
        public JsonReadFailure? Failure { get; internal set; }

        public int Count { get; private set; }

        public JsonNode this[int index] => new JsonNode(this, index);

        /// <summary>Every kept value in document order (each <see cref="JsonNode"/> is a short-lived view).</summary>
        public List<JsonNode> Nodes
        {
            get
            {
                // A list, not an iterator: an iterator is a class of five methods to JIT on first use (issue 22).
                var nodes = new List<JsonNode>(Count);
                for (var i = 0; i < Count; i++)
                {
                    nodes.Add(new JsonNode(this, i));
                }

                return nodes;
            }
        }

        /// <summary>The last value (later keys win, as in the configuration provider) whose path is <paramref name="path"/>, or null.</summary>
        public JsonNode? FindLast(string path)
        {
            var hash = PathHash.Of(path);
            for (var i = Count - 1; i >= 0; i--)
            {
                if (Get(i).Hash == hash)
                {
                    var node = new JsonNode(this, i);
                    if (string.Equals(node.Path, path, System.StringComparison.OrdinalIgnoreCase))
                    {
                        return node;
                    }
                }
            }

            return null;
        }

        internal ref Entry Get(int index) => ref _chunks[index / ChunkSize][index % ChunkSize];

        internal int Add(in Entry entry)
        {
            var index = Count;
            if (index % ChunkSize == 0)
            {
                _chunks.Add(new Entry[ChunkSize]);
            }

            _chunks[index / ChunkSize][index % ChunkSize] = entry;
            Count++;
            return index;
        }

        /// <summary>One kept value: where its key and value are in the text, its container, its kind and its path's hash.</summary>
        internal struct Entry
        {
            public ulong Hash;
            public int Parent;     // index of the container's entry, -1 at the top level
            public int KeyStart;   // the key with its quotes; for array elements the index among all elements
            public int KeyLength;  // -1 for array elements
            public int ValueStart;
            public int ValueLength;
            public JsonKind Kind;
            public bool Escaped;   // the key or the string value has escape sequences
            public bool Empty;     // an object or array without any value

            public bool IsArrayElement => KeyLength < 0;
        }
    }
}
