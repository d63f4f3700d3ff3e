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
        private readonly Dictionary<string, Setting> _settings = new Dictionary<string, Setting>(StringComparer.OrdinalIgnoreCase);

        private AppSettingsView(AppSettingsFile? baseFile, AppSettingsFile? overlay)
        {
            Base = baseFile;
            Overlay = overlay;
            Add(baseFile);
            Add(overlay);
        }

        /// <summary>appsettings.json of the folder, if there is one.</summary>
        public AppSettingsFile? Base { get; }

        /// <summary>The environment's file on top of the base file; null for the view of the base file alone.</summary>
        public AppSettingsFile? Overlay { get; }

        /// <summary>The value that wins for <paramref name="path"/> (segments joined with ':'), or null.</summary>
        public Setting? Find(string path) => _settings.TryGetValue(path, out var setting) ? setting : null;

        /// <summary>The winning settings directly or indirectly below <paramref name="section"/>, in file order.</summary>
        public IEnumerable<Setting> Below(string section)
        {
            var prefix = section + ":";
            foreach (var setting in _settings.Values)
            {
                if (setting.Path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    yield return setting;
                }
            }
        }

        /// <summary>Does <paramref name="section"/> have any key below it (what <c>GetChildren()</c> and <c>Exists()</c> see)?</summary>
        public bool HasChildren(string section)
        {
            foreach (var _ in Below(section))
            {
                return true;
            }

            return false;
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

        private void Add(AppSettingsFile? file)
        {
            if (file is null)
            {
                return;
            }

            foreach (var node in file.Nodes)
            {
                var setting = new Setting(file, node);
                _settings[setting.Path] = setting; // later file, later key: the configuration provider's "last wins"
            }
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
