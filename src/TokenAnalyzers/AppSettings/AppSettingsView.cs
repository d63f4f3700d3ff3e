using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// The configuration one environment of an application sees: appsettings.json with one non-Development
    /// appsettings.{Environment}.json loaded on top (ASP.NET Core loads the environment's file after the base file,
    /// and a later provider's value wins per key), or the base file alone (every environment without a file of its
    /// own, Production included). Environment files never apply together, and appsettings.Development.json is
    /// development-only, so it makes no view. Keys ignore case, as configuration does.
    /// </summary>
    internal sealed class AppSettingsView
    {
        private AppSettingsView(AppSettingsFile? baseFile, AppSettingsFile? overlay)
        {
            Base = baseFile;
            Overlay = overlay;
        }

        /// <summary>appsettings.json of the folder, if there is one.</summary>
        public AppSettingsFile? Base { get; }

        /// <summary>The environment's file on top of the base file; null for the view of the base file alone.</summary>
        public AppSettingsFile? Overlay { get; }

        /// <summary>
        /// The value that wins for <paramref name="path"/> (segments joined with ':'), or null. Looked up in the files
        /// (by the path's hash) rather than in a table of every key: a large file costs no string per key.
        /// </summary>
        public Setting? Find(string path)
        {
            foreach (var file in Files(overlayFirst: true))
            {
                if (file.Find(path) is { } node)
                {
                    return new Setting(file, node);
                }
            }

            return null;
        }

        /// <summary>The winning settings directly or indirectly below <paramref name="section"/>, in file order.</summary>
        public IEnumerable<Setting> Below(string section)
        {
            var winners = new Dictionary<string, Setting>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Files(overlayFirst: false))
            {
                foreach (var node in file.Nodes)
                {
                    if (node.IsBelow(section))
                    {
                        var setting = new Setting(file, node);
                        winners[setting.Path] = setting; // later file, later key: the configuration provider's "last wins"
                    }
                }
            }

            return winners.Values;
        }

        /// <summary>Does <paramref name="section"/> have any key below it (what <c>GetChildren()</c> and <c>Exists()</c> see)?</summary>
        public bool HasChildren(string section)
        {
            foreach (var file in Files(overlayFirst: false))
            {
                foreach (var node in file.Nodes)
                {
                    if (node.IsBelow(section))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private AppSettingsFile[] Files(bool overlayFirst)
        {
            // An array, not an iterator: an iterator is a class of five methods to JIT on first use (issue 22).
            if (Overlay is null)
            {
                return Base is null ? Array.Empty<AppSettingsFile>() : new[] { Base };
            }

            if (Base is null)
            {
                return new[] { Overlay };
            }

            return overlayFirst ? new[] { Overlay, Base } : new[] { Base, Overlay };
        }

        /// <summary>
        /// One view per environment of each application folder: the base file alone, and the base file with each
        /// non-Development environment file (an environment file without a base file stands alone).
        /// </summary>
        public static ImmutableArray<AppSettingsView> Build(ImmutableArray<AppSettingsFile> files)
        {
            var views = ImmutableArray.CreateBuilder<AppSettingsView>();
            var bases = new Dictionary<string, AppSettingsFile>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                if (file.IsBase && !bases.ContainsKey(file.Folder))
                {
                    bases.Add(file.Folder, file);
                    views.Add(new AppSettingsView(file, null));
                }
            }

            foreach (var file in files)
            {
                if (!file.IsBase && !file.IsDevelopment)
                {
                    views.Add(new AppSettingsView(bases.TryGetValue(file.Folder, out var baseFile) ? baseFile : null, file));
                }
            }

            return views.ToImmutable();
        }

        /// <summary>A key of a file with the value that wins for its path in this view.</summary>
        internal sealed class Setting
        {
            public Setting(AppSettingsFile file, JsonNode node)
            {
                File = file;
                Node = node;
                Path = node.Path;
            }

            public AppSettingsFile File { get; }
            public JsonNode Node { get; }
            public string Path { get; }
        }
    }
}
