using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA501 and TA502: token validation switched off in appsettings*.json, which arrive as AdditionalFiles (the
    /// package adds them). TA501 is reported per file as it is analyzed; TA502 needs to know whether the project calls
    /// AddJwtBearer, so it is reported at compilation end. Projects without appsettings*.json register nothing.
    /// </summary>
    internal sealed class ConfigurationFileRule : TokenRule
    {
        internal static readonly DiagnosticDescriptor ValidationDisabledInConfiguration = Descriptors.Create(
            RuleIds.ValidationDisabledInConfiguration,
            "Token validation is disabled in configuration",
            "'{0}' is set to false in configuration: {1}",
            "Options bound from configuration (JwtBearer's Authentication:Schemes section, Configuration.Bind, IOptions<T>) take ValidateIssuer, ValidateAudience, ValidateLifetime, RequireSignedTokens, RequireExpirationTime and RequireHttpsMetadata from appsettings files. A false there switches the check off as surely as in code. Remove the key (the library default is the secure value).");

        internal static readonly DiagnosticDescriptor SchemeWithoutIssuerOrAudience = Descriptors.Create(
            RuleIds.SchemeWithoutIssuerOrAudience,
            "Bearer scheme from configuration has no issuer or audience",
            "Authentication scheme '{0}' is configured from this file without {1}: the referenced JwtBearer (7.0 to 8.0.6) then switches that validation off and accepts tokens of any issuer or for any audience; name them in the section, or update JwtBearer to 8.0.7 or later",
            "JwtBearer reads a non-empty Authentication:Schemes:<name> section (JwtBearerConfigureOptions) and replaces the scheme's TokenValidationParameters with values from it. JwtBearer 7.0.x and 8.0.0-8.0.6 set ValidateIssuer = (number of ValidIssuer/ValidIssuers) > 0 and ValidateAudience likewise, so a section without them silently accepts tokens from any issuer or for any audience. From 8.0.7 on the checks stay on (a section without the lists then rejects every token), and JwtBearer 6.0 does not read the section: this rule reports only for the affected versions. Name the accepted issuers and audiences in the section, or update JwtBearer.",
            WellKnownDiagnosticTags.CompilationEnd);

        private static readonly ImmutableHashSet<string> DisablingKeys = ImmutableHashSet.Create(
            StringComparer.OrdinalIgnoreCase,
            "ValidateIssuer",
            "ValidateAudience",
            "ValidateLifetime",
            "RequireSignedTokens",
            "RequireExpirationTime",
            "RequireHttpsMetadata");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(ValidationDisabledInConfiguration, SchemeWithoutIssuerOrAudience);

        /// <summary>The appsettings checks need no token library: a file can disable validation before any code binds it.</summary>
        internal override void Start(RuleStart ruleStart, TokenSymbols? symbols)
        {
            var start = ruleStart.Context;

            // File names only: a project without appsettings*.json pays for one pass over its additional files.
            if (!HasAppSettingsFile(start.Options.AdditionalFiles))
            {
                return;
            }

            var files = new ConcurrentDictionary<string, ParsedFile?>(StringComparer.Ordinal);
            var rule = Name;
            start.RegisterAdditionalFileAction(fileContext => RuleFailures.Run(rule, RuleFailures.FileStart(fileContext.AdditionalFile.Path), fileContext.ReportDiagnostic, fileContext.CancellationToken, () =>
            {
                var parsed = Parse(fileContext.AdditionalFile, files, fileContext.CancellationToken);
                if (parsed is not null)
                {
                    ReportDisabledValidation(parsed, fileContext.Options, fileContext.ReportDiagnostic);
                }
            }));

            if (symbols?.JwtBearerExtensions is not { } jwtBearerExtensions || !BindsSchemeSectionFailingOpen(jwtBearerExtensions.ContainingAssembly))
            {
                return; // no JwtBearer, or a version that does not fail open on a section without the lists: no TA502
            }

            // The scheme names the project registers with AddJwtBearer; the sections of other names are never bound.
            var schemes = new ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
            ruleStart.OnNamed(CandidateKind.Invocation, new[] { "AddJwtBearer" }, nodeContext =>
            {
                if (nodeContext.SemanticModel.GetOperation(nodeContext.Node, nodeContext.CancellationToken) is IInvocationOperation invocation &&
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ReducedFrom?.ContainingType ?? invocation.TargetMethod.ContainingType, jwtBearerExtensions) &&
                    SchemeName(invocation) is { } scheme)
                {
                    schemes.TryAdd(scheme, 0);
                }
            });

            start.RegisterCompilationEndAction(endContext => RuleFailures.Run(rule, Location.None, endContext.ReportDiagnostic, endContext.CancellationToken, () =>
            {
                if (schemes.IsEmpty)
                {
                    return;
                }

                // The additional-file actions have parsed every file by now; parse here what an IDE scope skipped.
                var parsedFiles = new List<ParsedFile>();
                foreach (var file in endContext.Options.AdditionalFiles)
                {
                    if (JsonConfiguration.IsAppSettingsFile(file.Path) && Parse(file, files, endContext.CancellationToken) is { } parsed)
                    {
                        parsedFiles.Add(parsed);
                    }
                }

                ReportSchemesWithoutIssuerOrAudience(parsedFiles, schemes, endContext.ReportDiagnostic);
            }));
        }

        /// <summary>
        /// RULES.md TA502: JwtBearer 7.0.0 to 8.0.6 bind Authentication:Schemes:&lt;name&gt; with ValidateIssuer =
        /// issuers.Count &gt; 0 (fails open); 6.x does not bind the section, 8.0.7 and later keep the checks on.
        /// Read from the referenced assembly's identity, once per compilation.
        /// </summary>
        private static bool BindsSchemeSectionFailingOpen(IAssemblySymbol jwtBearer)
        {
            var version = jwtBearer.LibraryVersion();
            return version >= new Version(7, 0, 0) && version < new Version(8, 0, 7);
        }

        /// <summary>
        /// The scheme an AddJwtBearer call registers: its constant <c>authenticationScheme</c> argument, or
        /// "Bearer" (JwtBearerDefaults.AuthenticationScheme) for the overloads without one; null when not constant.
        /// </summary>
        private static string? SchemeName(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "authenticationScheme")
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: string name } ? name : null;
                }
            }

            return "Bearer";
        }

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            // Not called: Start is overridden, because this rule also works without the token library.
        }

        private static bool HasAppSettingsFile(ImmutableArray<AdditionalText> files)
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

        private static ParsedFile? Parse(AdditionalText file, ConcurrentDictionary<string, ParsedFile?> cache, CancellationToken cancellationToken)
        {
            if (!JsonConfiguration.IsAppSettingsFile(file.Path))
            {
                return null;
            }

            if (cache.TryGetValue(file.Path, out var cached))
            {
                return cached;
            }

            var text = file.GetText(cancellationToken);
            var nodes = text is null ? null : JsonConfiguration.Parse(text.ToString(), cancellationToken);
            var parsed = nodes is null ? null : new ParsedFile(file, text!, nodes.Value);
            return cache.GetOrAdd(file.Path, parsed);
        }

        /// <summary>TA501: a validation switch with the value false or "false" (as bool.Parse reads it), at any depth.</summary>
        private static void ReportDisabledValidation(ParsedFile file, AnalyzerOptions options, Action<Diagnostic> report)
        {
            bool? reportDevelopmentOnly = null;
            foreach (var node in file.Nodes)
            {
                if (node.IsArrayElement || !DisablingKeys.Contains(node.Name) || !IsFalse(node))
                {
                    continue;
                }

                var name = CanonicalName(node.Name);
                if (name == "RequireHttpsMetadata" && JsonConfiguration.IsDevelopmentFile(file.Path))
                {
                    reportDevelopmentOnly ??= TokenAnalyzersOptions.ReportDevelopmentOnly(options, file.File);
                    if (!reportDevelopmentOnly.Value)
                    {
                        continue;
                    }
                }

                report(Diagnostic.Create(ValidationDisabledInConfiguration, file.Location(node.KeySpan), node.Path, Consequence(name)));
            }
        }

        private static bool IsFalse(JsonNode node) =>
            node.Kind == JsonKind.False ||
            (node.Kind == JsonKind.String && string.Equals(node.Scalar?.Trim(), "false", StringComparison.OrdinalIgnoreCase));

        private static string CanonicalName(string name)
        {
            foreach (var key in DisablingKeys)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return key;
                }
            }

            return name;
        }

        private static string Consequence(string name) => name switch
        {
            "ValidateIssuer" => "tokens from any issuer are accepted",
            "ValidateAudience" => "tokens issued for any other audience are accepted",
            "ValidateLifetime" => "expired tokens are accepted",
            "RequireSignedTokens" => "unsigned tokens (alg: none) are accepted",
            "RequireExpirationTime" => "tokens without an expiry are accepted",
            _ => "signing keys and issuer metadata may be fetched over plain HTTP",
        };

        /// <summary>
        /// TA502. ASP.NET Core loads appsettings.json and then the one appsettings.{Environment}.json of the running
        /// environment, never two environment files together: each registered scheme is judged in appsettings.json
        /// merged with each non-Development environment file of the same folder on its own (or alone when there is
        /// none). Development files are development-only. One diagnostic per scheme and folder, naming everything any
        /// of those views misses, on the scheme's key in appsettings.json (in the environment file if only it has one).
        /// </summary>
        private static void ReportSchemesWithoutIssuerOrAudience(List<ParsedFile> files, ConcurrentDictionary<string, byte> schemes, Action<Diagnostic> report)
        {
            var folders = new Dictionary<string, (ParsedFile? Base, List<ParsedFile> Overlays)>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            foreach (var file in files)
            {
                var folder = JsonConfiguration.Directory(file.Path);
                if (!folders.TryGetValue(folder, out var entry))
                {
                    entry = (null, new List<ParsedFile>());
                    order.Add(folder);
                }

                if (JsonConfiguration.IsBaseFile(file.Path))
                {
                    entry.Base ??= file;
                }
                else if (!JsonConfiguration.IsDevelopmentFile(file.Path))
                {
                    entry.Overlays.Add(file);
                }

                folders[folder] = entry;
            }

            foreach (var folder in order)
            {
                var (baseFile, overlays) = folders[folder];
                overlays.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path)); // deterministic anchor whatever the file order
                var views = new List<ParsedFile?>();
                if (overlays.Count == 0)
                {
                    views.Add(null);
                }
                else
                {
                    views.AddRange(overlays);
                }

                var baseSections = baseFile is null ? new List<SchemeSection>() : SchemeSections(baseFile);
                foreach (var scheme in schemes.Keys)
                {
                    var baseSection = Find(baseSections, scheme);
                    bool missesIssuer = false, missesAudience = false;
                    SchemeSection? overlayAnchor = null;
                    ParsedFile? overlayFile = null;
                    foreach (var overlay in views)
                    {
                        var overlaySection = overlay is null ? null : Find(SchemeSections(overlay), scheme);
                        if (!(baseSection?.NonEmpty ?? false) && !(overlaySection?.NonEmpty ?? false))
                        {
                            continue; // JwtBearerConfigureOptions returns early on an empty section
                        }

                        var name = (baseSection ?? overlaySection)!.Value.Name;
                        var hasIssuer = (baseFile is not null && HasIssuer(baseFile, name)) || (overlay is not null && HasIssuer(overlay, name));
                        var hasAudience = (baseFile is not null && HasAudience(baseFile, name)) || (overlay is not null && HasAudience(overlay, name));
                        if ((!hasIssuer || !hasAudience) && overlaySection is not null && overlayAnchor is null)
                        {
                            overlayAnchor = overlaySection;
                            overlayFile = overlay;
                        }

                        missesIssuer |= !hasIssuer;
                        missesAudience |= !hasAudience;
                    }

                    if (!missesIssuer && !missesAudience)
                    {
                        continue;
                    }

                    var (file, anchor) = baseSection is { } inBase ? (baseFile!, inBase) : (overlayFile!, overlayAnchor!.Value);
                    var missing = missesIssuer && missesAudience
                        ? "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"
                        : missesIssuer ? "ValidIssuer/ValidIssuers" : "ValidAudience/ValidAudiences";
                    report(Diagnostic.Create(SchemeWithoutIssuerOrAudience, file.Location(anchor.Anchor.KeySpan), anchor.Name, missing));
                }
            }
        }

        private static SchemeSection? Find(List<SchemeSection> sections, string scheme)
        {
            foreach (var section in sections)
            {
                if (string.Equals(section.Name, scheme, StringComparison.OrdinalIgnoreCase))
                {
                    return section;
                }
            }

            return null;
        }

        private readonly struct SchemeSection
        {
            public SchemeSection(string name, JsonNode anchor, bool nonEmpty)
            {
                Name = name;
                Anchor = anchor;
                NonEmpty = nonEmpty;
            }

            public string Name { get; }

            /// <summary>The section has a child key (JwtBearerConfigureOptions reads only such a section).</summary>
            public bool NonEmpty { get; }

            /// <summary>The key that names the scheme (or, with flat "A:B:C" keys only, the first key below it).</summary>
            public JsonNode Anchor { get; }
        }

        /// <summary>The Authentication:Schemes:&lt;name&gt; sections of a file, once per name (configuration keys ignore case).</summary>
        private static List<SchemeSection> SchemeSections(ParsedFile file)
        {
            var anchors = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
            var nonEmpty = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            foreach (var node in file.Nodes)
            {
                var segments = node.Segments;
                if (segments.Length < 3 ||
                    !string.Equals(segments[0], "Authentication", StringComparison.OrdinalIgnoreCase) ||
                    !string.Equals(segments[1], "Schemes", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = segments[2];
                if (!anchors.TryGetValue(name, out var anchor) || (anchor.Segments.Length > 3 && segments.Length == 3))
                {
                    if (anchor is null)
                    {
                        order.Add(name);
                    }

                    anchors[name] = node;
                }

                if (segments.Length > 3)
                {
                    nonEmpty.Add(name); // the section has a child key: JwtBearerConfigureOptions reads it
                }
            }

            var sections = new List<SchemeSection>();
            foreach (var name in order)
            {
                var anchor = anchors[name];
                sections.Add(new SchemeSection(anchor.Segments[2], anchor, nonEmpty.Contains(name)));
            }

            return sections;
        }

        private static bool HasIssuer(ParsedFile file, string scheme) =>
            HasValue(file, scheme, "ValidIssuer") || HasChildren(file, scheme, "ValidIssuers");

        private static bool HasAudience(ParsedFile file, string scheme) =>
            HasValue(file, scheme, "ValidAudience") || HasChildren(file, scheme, "ValidAudiences");

        /// <summary>Authentication:Schemes:&lt;scheme&gt;:&lt;key&gt; has a value (a string, number or boolean; null and sections give none).</summary>
        private static bool HasValue(ParsedFile file, string scheme, string key)
        {
            foreach (var node in file.Nodes)
            {
                if (node.Segments.Length == 4 && node.Kind is not (JsonKind.Null or JsonKind.Object or JsonKind.Array) && IsUnder(node, scheme, key))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Authentication:Schemes:&lt;scheme&gt;:&lt;key&gt; has children (array elements or properties), as GetChildren() sees them.</summary>
        private static bool HasChildren(ParsedFile file, string scheme, string key)
        {
            foreach (var node in file.Nodes)
            {
                if (node.Segments.Length > 4 && IsUnder(node, scheme, key))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsUnder(JsonNode node, string scheme, string key) =>
            string.Equals(node.Segments[0], "Authentication", StringComparison.OrdinalIgnoreCase) &&
            string.Equals(node.Segments[1], "Schemes", StringComparison.OrdinalIgnoreCase) &&
            string.Equals(node.Segments[2], scheme, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(node.Segments[3], key, StringComparison.OrdinalIgnoreCase);

        private sealed class ParsedFile
        {
            public ParsedFile(AdditionalText file, SourceText text, ImmutableArray<JsonNode> nodes)
            {
                File = file;
                Text = text;
                Nodes = nodes;
            }

            public AdditionalText File { get; }
            public SourceText Text { get; }
            public ImmutableArray<JsonNode> Nodes { get; }
            public string Path => File.Path;

            public Location Location(TextSpan span) =>
                Microsoft.CodeAnalysis.Location.Create(File.Path, span, Text.Lines.GetLinePositionSpan(span));
        }
    }
}
