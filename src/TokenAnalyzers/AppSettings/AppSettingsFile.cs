using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.AppSettings
{
    /// <summary>
    /// One appsettings*.json among the additional files, read once for every rule that reads it (the result is cached
    /// per <see cref="AdditionalText"/>, which is immutable). <see cref="Read"/> gives null for other files and for
    /// files the configuration provider would reject; <see cref="ReadFailure"/> says why (TA0003).
    /// </summary>
    internal sealed class AppSettingsFile
    {
        private static readonly ConditionalWeakTable<AdditionalText, AppSettingsFile> Cache =
            new ConditionalWeakTable<AdditionalText, AppSettingsFile>();

        private readonly JsonTree? _tree;

        private AppSettingsFile(AdditionalText file, SourceText? text, JsonTree? tree)
        {
            File = file;
            Text = text!;
            _tree = tree;
        }

        public AdditionalText File { get; }
        public SourceText Text { get; }

        /// <summary>Every value a rule may read, in document order (each node a short-lived view of the file's text).</summary>
        public List<JsonNode> Nodes => _tree?.Nodes ?? new List<JsonNode>();

        public string Path => File.Path;

        /// <summary>appsettings.json: what every environment loads first.</summary>
        public bool IsBase => JsonConfiguration.IsBaseFile(Path);

        /// <summary>appsettings.Development.json: development-only configuration.</summary>
        public bool IsDevelopment => JsonConfiguration.IsDevelopmentFile(Path);

        /// <summary>The folder: a base file applies only beneath the environment files of its own folder (one app).</summary>
        public string Folder => JsonConfiguration.Directory(Path);

        public Location Location(TextSpan span) =>
            Microsoft.CodeAnalysis.Location.Create(File.Path, span, Text.Lines.GetLinePositionSpan(span));

        /// <summary>The last value whose configuration path is <paramref name="path"/>, or null.</summary>
        public JsonNode? Find(string path) => _tree?.FindLast(path);

        /// <summary>The parsed file, or null when it is not an appsettings*.json or not readable configuration JSON.</summary>
        public static AppSettingsFile? Read(AdditionalText file, CancellationToken cancellationToken) =>
            ReadAny(file, cancellationToken) is { _tree.Failure: null } parsed ? parsed : null;

        /// <summary>
        /// Why an appsettings*.json cannot be read (the location names the file and the position, the reason what is
        /// wrong); null for readable files and for other files.
        /// </summary>
        public static (Location Location, string Reason)? ReadFailure(AdditionalText file, CancellationToken cancellationToken)
        {
            if (ReadAny(file, cancellationToken) is not { } read)
            {
                return null;
            }

            if (read._tree is null)
            {
                return (Microsoft.CodeAnalysis.Location.Create(file.Path, default, default), "the file cannot be read as text (missing, a folder, or binary)");
            }

            if (read._tree.Failure is not { } failure)
            {
                return null;
            }

            var span = new TextSpan(failure.Position, failure.Position < read.Text.Length ? 1 : 0);
            return (read.Location(span), failure.Reason);
        }

        private static AppSettingsFile? ReadAny(AdditionalText file, CancellationToken cancellationToken)
        {
            if (!JsonConfiguration.IsAppSettingsFile(file.Path))
            {
                return null;
            }

            if (Cache.TryGetValue(file, out var cached))
            {
                return cached;
            }

            var text = file.GetText(cancellationToken);
            var read = new AppSettingsFile(file, text, text is null ? null : JsonConfiguration.Read(text, cancellationToken));
            return Cache.GetValue(file, _ => read);
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
