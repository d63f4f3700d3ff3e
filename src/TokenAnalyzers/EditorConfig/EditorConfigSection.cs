using System;
using System.Collections.Generic;

namespace TokenAnalyzers.EditorConfig
{
    /// <summary>
    /// One <c>[name]</c> section of an <c>.editorconfig</c>: its entries (keys compared ignoring case, the last entry
    /// of a key wins) and its name as a <see cref="SectionPattern"/>, built the first time a path is tested.
    /// </summary>
    internal sealed class EditorConfigSection
    {
        private readonly Lazy<SectionPattern?> _pattern;

        public EditorConfigSection(string name)
        {
            Name = name;
            _pattern = new Lazy<SectionPattern?>(() => SectionPattern.TryCreate(name));
        }

        public string Name { get; }

        public Dictionary<string, string> Entries { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Does the section apply to this path below the file's folder (<c>/appsettings.json</c>)?</summary>
        public bool Applies(string relativePath) => _pattern.Value?.IsMatch(relativePath) == true;
    }
}
