using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Engine;

namespace TokenAnalyzers.EditorConfig
{
    /// <summary>
    /// A rule's severity for one additional file (an appsettings*.json) from the <c>.editorconfig</c> sections that
    /// match it: <c>dotnet_diagnostic.TAxxx.severity</c>, which the compiler applies to C# files only and never hands
    /// to an analyzer (dotnet/roslyn#31916), and <c>token_analyzers.TAxxx.severity</c>. Precedence is the compiler's:
    /// the files are taken from the farthest folder to the nearest, a <c>root = true</c> file drops those above it,
    /// and within a file a later section overrides an earlier one. The two keys are one setting: whichever a nearer
    /// file or later section sets wins; when one section sets both, <c>token_analyzers.*</c> (the key made for JSON
    /// files) wins. A value that cannot be read is skipped, so the setting before it stays (the compiler reports it:
    /// <c>InvalidSeverityInAnalyzerConfig</c> for <c>dotnet_diagnostic.*</c>, TA0004 for <c>token_analyzers.*</c>).
    /// </summary>
    internal static class EditorConfigSeverity
    {
        public const string Default = "default";

        /// <summary>
        /// The winning value (trimmed: <c>none</c>, <c>silent</c>, <c>suggestion</c>, <c>warning</c>, <c>error</c>,
        /// <see cref="Default"/>, or for <c>token_analyzers.*</c> also <c>hidden</c> and <c>info</c>), or null when no
        /// <c>.editorconfig</c> among <paramref name="additionalFiles"/> sets either key for the file.
        /// </summary>
        public static string? Find(ImmutableArray<AdditionalText> additionalFiles, string filePath, string id, CancellationToken cancellationToken)
        {
            var path = EditorConfigFile.NormalizePath(filePath);
            // Nearest folder last (the compiler's precedence); kept in that order as they are found, with a stable insertion
            // instead of LINQ's OrderBy over a tuple, code the JIT would compile for that tuple alone at first use (issue 22).
            List<EditorConfigFile>? applicable = null;
            List<string>? relativePaths = null;
            foreach (var file in additionalFiles)
            {
                if (!EditorConfigFile.IsEditorConfig(file.Path))
                {
                    continue;
                }

                var config = EditorConfigFile.Read(file, cancellationToken);
                if (config.IsGlobal || config.RelativePath(path) is not { } relative ||
                    (applicable?.Exists(other => other.Path == config.Path) ?? false))
                {
                    continue;
                }

                applicable ??= new List<EditorConfigFile>();
                relativePaths ??= new List<string>();
                var at = applicable.Count;
                while (at > 0 && applicable[at - 1].Directory.Length > config.Directory.Length)
                {
                    at--;
                }

                applicable.Insert(at, config);
                relativePaths.Insert(at, relative);
            }

            if (applicable is null || relativePaths is null)
            {
                return null;
            }

            var tokenKey = TokenAnalyzersOptions.SeverityKey(id);
            var dotnetKey = "dotnet_diagnostic." + id + ".severity";
            string? value = null;
            for (var i = 0; i < applicable.Count; i++)
            {
                var config = applicable[i];
                var relative = relativePaths[i];
                if (config.IsRoot)
                {
                    value = null;
                }

                foreach (var section in config.Sections)
                {
                    var token = section.Entries.TryGetValue(tokenKey, out var t) && TokenAnalyzersOptions.TryParseSeverity(t, out _) ? t.Trim() : null;
                    var dotnet = section.Entries.TryGetValue(dotnetKey, out var d) ? CompilerSeverity(d) : null;
                    if ((token ?? dotnet) is { } set && section.Applies(relative))
                    {
                        value = set;
                    }
                }
            }

            return value;
        }

        /// <summary>
        /// A <c>dotnet_diagnostic.*.severity</c> value as the compiler accepts it (<c>default</c>, <c>error</c>,
        /// <c>warning</c>, <c>suggestion</c>, <c>silent</c> or <c>refactoring</c>, <c>none</c>; any case), lower case
        /// with <c>refactoring</c> as <c>silent</c>; null for anything else.
        /// </summary>
        public static string? CompilerSeverity(string value)
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "default":
                    return Default;
                case "error":
                    return "error";
                case "warning":
                    return "warning";
                case "suggestion":
                    return "suggestion";
                case "silent":
                case "refactoring":
                    return "silent";
                case "none":
                    return "none";
                default:
                    return null;
            }
        }
    }
}
