namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// A 64-bit FNV-1a hash of a configuration path that ignores case (each character upper-cased invariantly, as
    /// configuration keys compare): built incrementally while reading, so finding a path needs no string per value.
    /// </summary>
    internal static class PathHash
    {
        public const ulong Empty = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public static ulong Add(ulong hash, char c) => (hash ^ char.ToUpperInvariant(c)) * Prime;

        /// <summary>A child's path: the parent's hash, ':' (unless the parent is the top level), then the key.</summary>
        public static ulong Child(ulong parent, bool parentIsTop) => parentIsTop ? parent : Add(parent, ':');

        public static ulong Add(ulong hash, string text)
        {
            foreach (var c in text)
            {
                hash = Add(hash, c);
            }

            return hash;
        }

        public static ulong Of(string path) => Add(Empty, path);
    }
}
