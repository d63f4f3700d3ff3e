using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.EditorConfig
{
    /// <summary>
    /// An <c>.editorconfig</c> among the additional files (the package's build files add those the compiler receives),
    /// read as the compiler reads it: lines starting with <c>#</c> or <c>;</c> are comments, <c>[name]</c> opens a
    /// section, <c>key = value</c> (or <c>key: value</c>) is an entry whose value ends at a <c>#</c> or <c>;</c>, keys
    /// ignore case, any other line is dropped. Read once per <see cref="AdditionalText"/> (which is immutable).
    /// </summary>
    internal sealed class EditorConfigFile
    {
        public const string FileName = ".editorconfig";

        // The editorconfig grammar as the compiler applies it (section header; property with an optional trailing comment).
        private static readonly Regex SectionLine = new Regex(@"^\s*\[(([^#;]|\\#|\\;)+)\]\s*([#;].*)?$", RegexOptions.CultureInvariant);
        private static readonly Regex PropertyLine = new Regex(@"^\s*([\w\.\-_]+)\s*[=:]\s*(.*?)\s*([#;].*)?$", RegexOptions.CultureInvariant);

        private static readonly ConditionalWeakTable<AdditionalText, EditorConfigFile> Cache = new ConditionalWeakTable<AdditionalText, EditorConfigFile>();

        private EditorConfigFile(string path)
        {
            Path = NormalizePath(path);
            var slash = Path.LastIndexOf('/');
            Directory = slash < 0 ? string.Empty : Path.Substring(0, slash);
        }

        /// <summary>The file's path, with <c>/</c> separators.</summary>
        public string Path { get; }

        /// <summary>Its folder, with <c>/</c> separators and no trailing <c>/</c> (empty for the file-system root).</summary>
        public string Directory { get; }

        /// <summary><c>root = true</c>: the <c>.editorconfig</c> files of the folders above do not apply.</summary>
        public bool IsRoot { get; private set; }

        /// <summary><c>is_global</c>: a global configuration, whose severities the compiler already applies to every file.</summary>
        public bool IsGlobal { get; private set; }

        public List<EditorConfigSection> Sections { get; } = new List<EditorConfigSection>();

        public static bool IsEditorConfig(string? path) =>
            path is not null && path.EndsWith(FileName, StringComparison.OrdinalIgnoreCase) &&
            (path.Length == FileName.Length || path[path.Length - FileName.Length - 1] is '/' or '\\');

        /// <summary>The parsed file (an unreadable file has no sections).</summary>
        public static EditorConfigFile Read(AdditionalText file, CancellationToken cancellationToken) =>
            Cache.GetValue(file, f => Parse(f, cancellationToken));

        /// <summary><c>/</c> separators and an upper-case drive letter, as the compiler compares paths.</summary>
        public static string NormalizePath(string path)
        {
            path = path.Replace('\\', '/');
            return path.Length >= 2 && path[1] == ':' && char.IsLower(path[0])
                ? char.ToUpperInvariant(path[0]) + path.Substring(1)
                : path;
        }

        /// <summary>
        /// The path of <paramref name="normalizedPath"/> below this file's folder, starting with <c>/</c>, or null when
        /// the file is not below it.
        /// </summary>
        public string? RelativePath(string normalizedPath) =>
            normalizedPath.Length > Directory.Length + 1 &&
            normalizedPath.StartsWith(Directory, StringComparison.Ordinal) &&
            normalizedPath[Directory.Length] == '/'
                ? normalizedPath.Substring(Directory.Length)
                : null;

        private static EditorConfigFile Parse(AdditionalText file, CancellationToken cancellationToken)
        {
            var config = new EditorConfigFile(file.Path);
            var text = file.GetText(cancellationToken);
            if (text is null)
            {
                return config;
            }

            EditorConfigSection? section = null;
            foreach (var line in text.Lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var content = line.ToString();
                var first = content.TrimStart();
                if (first.Length == 0 || first[0] is '#' or ';')
                {
                    continue;
                }

                if (SectionLine.Match(content) is { Success: true } header)
                {
                    section = new EditorConfigSection(header.Groups[1].Value);
                    config.Sections.Add(section);
                    continue;
                }

                if (PropertyLine.Match(content) is { Success: true } property)
                {
                    var key = property.Groups[1].Value;
                    var value = property.Groups[2].Value;
                    if (section is not null)
                    {
                        section.Entries[key] = value;
                    }
                    else if (key.Equals("root", StringComparison.OrdinalIgnoreCase))
                    {
                        config.IsRoot = value.Equals("true", StringComparison.OrdinalIgnoreCase);
                    }
                    else if (key.Equals("is_global", StringComparison.OrdinalIgnoreCase))
                    {
                        config.IsGlobal = true;
                    }
                }
            }

            return config;
        }
    }
}
