using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// One appsettings*.json among the additional files, parsed once for every rule that reads it (the parse is cached
    /// per <see cref="AdditionalText"/>, which is immutable). Null for other files and for text the configuration
    /// provider would reject.
    /// </summary>
    internal sealed class AppSettingsFile
    {
        private static readonly ConditionalWeakTable<AdditionalText, StrongBox<AppSettingsFile?>> Cache =
            new ConditionalWeakTable<AdditionalText, StrongBox<AppSettingsFile?>>();

        private AppSettingsFile(AdditionalText file, SourceText text, ImmutableArray<JsonNode> nodes)
        {
            File = file;
            Text = text;
            Nodes = nodes;
        }

        public AdditionalText File { get; }
        public SourceText Text { get; }
        public ImmutableArray<JsonNode> Nodes { get; }
        public string Path => File.Path;

        /// <summary>appsettings.json: what every environment loads first.</summary>
        public bool IsBase => JsonConfiguration.IsBaseFile(Path);

        /// <summary>appsettings.Development.json: development-only configuration.</summary>
        public bool IsDevelopment => JsonConfiguration.IsDevelopmentFile(Path);

        /// <summary>The folder: a base file applies only beneath the environment files of its own folder (one app).</summary>
        public string Folder => JsonConfiguration.Directory(Path);

        public Location Location(TextSpan span) =>
            Microsoft.CodeAnalysis.Location.Create(File.Path, span, Text.Lines.GetLinePositionSpan(span));

        /// <summary>The parsed file, or null when it is not an appsettings*.json or not readable configuration JSON.</summary>
        public static AppSettingsFile? Read(AdditionalText file, CancellationToken cancellationToken)
        {
            if (!JsonConfiguration.IsAppSettingsFile(file.Path))
            {
                return null;
            }

            if (Cache.TryGetValue(file, out var cached))
            {
                return cached.Value;
            }

            var text = file.GetText(cancellationToken);
            var nodes = text is null ? null : JsonConfiguration.Parse(text.ToString(), cancellationToken);
            var parsed = nodes is null ? null : new AppSettingsFile(file, text!, nodes.Value);
            return Cache.GetValue(file, _ => new StrongBox<AppSettingsFile?>(parsed)).Value;
        }

        /// <summary>Every readable appsettings*.json of <paramref name="files"/>.</summary>
        public static ImmutableArray<AppSettingsFile> ReadAll(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
        {
            var builder = ImmutableArray.CreateBuilder<AppSettingsFile>();
            foreach (var file in files)
            {
                if (Read(file, cancellationToken) is { } parsed)
                {
                    builder.Add(parsed);
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>Does the project have any appsettings*.json? File names only: cheap enough for compilation start.</summary>
        public static bool Any(ImmutableArray<AdditionalText> files)
        {
            foreach (var file in files)
            {
                if (JsonConfiguration.IsAppSettingsFile(file.Path))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
