using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA501 and TA502: token validation switched off in appsettings*.json, which arrive as AdditionalFiles (the
    /// package adds them). TA501 is reported per file as it is analyzed; TA502 needs the scheme names the project
    /// registers with AddJwtBearer, so it is reported at compilation end, and only for JwtBearer 7.0.0 to 8.0.6. Projects without appsettings*.json register nothing.
    /// </summary>
    internal sealed class ConfigurationFileRule : TokenRule
    {
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

        /// <summary>TA501 needs no token library: a file can disable validation before any code binds it.</summary>
        internal override bool NeedsTokenLibrary => false;

        internal override void Start(RuleStart ruleStart, TokenSymbols? symbols)
        {
            var start = ruleStart.Context;

            // File names only: a project without appsettings*.json pays for one pass over its additional files.
            if (!AppSettingsFile.Any(start.Options.AdditionalFiles))
            {
                return;
            }

            var rule = Name;
            start.RegisterAdditionalFileAction(fileContext => RuleFailures.Run(rule, RuleFailures.FileStart(fileContext.AdditionalFile.Path), fileContext.ReportDiagnostic, fileContext.CancellationToken, () =>
            {
                var parsed = AppSettingsFile.Read(fileContext.AdditionalFile, fileContext.CancellationToken);
                if (parsed is not null)
                {
                    ReportDisabledValidation(parsed, fileContext.Options, fileContext.ReportDiagnostic, fileContext.CancellationToken);
                }
            }));

            if (symbols?.JwtBearerExtensions is not { } jwtBearerExtensions || !BindsSchemeSectionFailingOpen(jwtBearerExtensions.ContainingAssembly))
            {
                return; // no JwtBearer, or a version whose binding of the section does not fail open: TA502 has nothing to say
            }

            // The scheme names the project registers with AddJwtBearer; the sections of other names are never bound.
            var schemes = ruleStart.CollectJwtBearerSchemes(symbols);

            start.RegisterCompilationEndAction(endContext => RuleFailures.Run(rule, Location.None, endContext.ReportDiagnostic, endContext.CancellationToken, () =>
            {
                if (schemes.IsEmpty)
                {
                    return;
                }

                // The additional-file actions have parsed every file by now (the parse is cached per file).
                var views = AppSettingsView.Build(AppSettingsFile.ReadAll(endContext.Options.AdditionalFiles, endContext.CancellationToken));
                ReportSchemesWithoutIssuerOrAudience(views, schemes, endContext.Options, endContext.ReportDiagnostic, endContext.CancellationToken);
            }));
        }

        /// <summary>
        /// RULES.md TA502: JwtBearer 7.0.0 to 8.0.6 bind Authentication:Schemes:&lt;name&gt; with
        /// <c>ValidateIssuer = issuers.Count &gt; 0</c> and <c>ValidateAudience = audiences.Count &gt; 0</c> (fails open);
        /// 6.x does not bind the section, and 8.0.7 and later keep the checks on (a section without the lists then
        /// rejects every token). Read from the referenced assembly's identity, once per compilation.
        /// </summary>
        internal static bool BindsSchemeSectionFailingOpen(IAssemblySymbol jwtBearer)
        {
            // ASP.NET Core versions its assemblies major.minor.0.0: the identity settles every major but 8, and only 8
            // needs the patch from the informational version (decoding the assembly's attributes, the costly part).
            var major = jwtBearer.Identity.Version.Major;
            if (major != 8)
            {
                return major == 7;
            }

            return AssemblyVersions.Of(jwtBearer) < new Version(8, 0, 7);
        }

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            // Not called: Start is overridden, because this rule also works without the token library.
        }

        /// <summary>TA501: a validation switch with the value false or "false" (as bool.Parse reads it), at any depth.</summary>
        private static void ReportDisabledValidation(AppSettingsFile file, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            bool? reportDevelopmentOnly = null;
            foreach (var node in file.Nodes)
            {
                if (node.IsArrayElement || !IsFalse(node) || !DisablingKeys.Contains(node.Name))
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

                ConfigurationFindings.Report(options, file, ValidationDisabledInConfiguration, node.KeySpan, report, cancellationToken, node.Path, Consequence(name));
            }
        }

        /// <summary>false, or a string that bool.Parse reads as false (checked by length first: no string for the other values of a large file).</summary>
        private static bool IsFalse(JsonNode node) =>
            node.Kind == JsonKind.False ||
            (node.Kind == JsonKind.String && node.ValueSpan.Length < 64 && string.Equals(node.Scalar?.Trim(), "false", StringComparison.OrdinalIgnoreCase));

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
        /// TA502, judged per environment (<see cref="AppSettingsView"/>): appsettings.json merged with each
        /// non-Development environment file on its own, or appsettings.json alone in a folder without such a file
        /// (RULES.md). Only the schemes the project registers with AddJwtBearer count. One diagnostic per scheme key,
        /// on its key in appsettings.json (in the environment file when only that file has the section), naming
        /// everything any of those environments misses.
        /// </summary>
        private static void ReportSchemesWithoutIssuerOrAudience(ImmutableArray<AppSettingsView> views, ConcurrentDictionary<string, byte> schemes, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            var foldersWithOverlays = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var view in views)
            {
                if (view.Overlay is { } overlay)
                {
                    foldersWithOverlays.Add(overlay.Folder);
                }
            }

            // One finding per folder and scheme (configuration keys ignore case); a key in appsettings.json wins as anchor.
            var findings = new Dictionary<string, SchemeFinding>(StringComparer.OrdinalIgnoreCase);
            var order = new List<SchemeFinding>();
            foreach (var view in views)
            {
                if (view.Overlay is null && view.Base is { } alone && foldersWithOverlays.Contains(alone.Folder))
                {
                    continue; // appsettings.json is judged beneath each environment file of its folder
                }

                var sections = view.Base is null ? new List<SchemeSection>() : SchemeSections(view.Base);
                if (view.Overlay is { } overlayFile)
                {
                    foreach (var section in SchemeSections(overlayFile))
                    {
                        if (!sections.Exists(known => string.Equals(known.Name, section.Name, StringComparison.OrdinalIgnoreCase)))
                        {
                            sections.Add(section);
                        }
                    }
                }

                foreach (var section in sections)
                {
                    if (!schemes.ContainsKey(section.Name))
                    {
                        continue; // a section no AddJwtBearer call binds
                    }

                    var hasIssuer = HasValue(view, section.Name, "ValidIssuer") || view.HasChildren(SchemeKey(section.Name, "ValidIssuers"));
                    var hasAudience = HasValue(view, section.Name, "ValidAudience") || view.HasChildren(SchemeKey(section.Name, "ValidAudiences"));
                    if (hasIssuer && hasAudience)
                    {
                        continue;
                    }

                    // A folder path holds no NUL, so the pair is one key; both halves compare ignoring case.
                    var key = section.File.Folder + "\0" + section.Name;
                    if (findings.TryGetValue(key, out var known))
                    {
                        // appsettings.json first; among environment files the first by name, whatever the file order.
                        var keep = known.Section.File.IsBase || (!section.File.IsBase && string.Compare(known.Section.File.Path, section.File.Path, StringComparison.OrdinalIgnoreCase) <= 0);
                        known.Section = keep ? known.Section : section;
                        known.MissesIssuer |= !hasIssuer;
                        known.MissesAudience |= !hasAudience;
                    }
                    else
                    {
                        var finding = new SchemeFinding(section, !hasIssuer, !hasAudience);
                        findings.Add(key, finding);
                        order.Add(finding);
                    }
                }
            }

            foreach (var finding in order)
            {
                var missing = finding.MissesIssuer && finding.MissesAudience
                    ? "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"
                    : finding.MissesIssuer ? "ValidIssuer/ValidIssuers" : "ValidAudience/ValidAudiences";
                ConfigurationFindings.Report(options, finding.Section.File, SchemeWithoutIssuerOrAudience, finding.Section.Anchor.KeySpan, report, cancellationToken, finding.Section.Name, missing);
            }
        }

        /// <summary>
        /// What is missing in one folder's scheme section, and where to report it. A class, as <see cref="SchemeSection"/>:
        /// a dictionary or list over a tuple or struct is code the JIT compiles for it alone at first use (issue 22).
        /// </summary>
        private sealed class SchemeFinding
        {
            public SchemeFinding(SchemeSection section, bool missesIssuer, bool missesAudience)
            {
                Section = section;
                MissesIssuer = missesIssuer;
                MissesAudience = missesAudience;
            }

            public SchemeSection Section { get; set; }

            public bool MissesIssuer { get; set; }

            public bool MissesAudience { get; set; }
        }

        private static string SchemeKey(string scheme, string key) => "Authentication:Schemes:" + scheme + ":" + key;

        /// <summary>Authentication:Schemes:&lt;scheme&gt;:&lt;key&gt; has a value (a string, number or boolean; null and sections give none).</summary>
        private static bool HasValue(AppSettingsView view, string scheme, string key) =>
            view.Find(SchemeKey(scheme, key)) is { } setting && setting.Node.Kind is not (JsonKind.Null or JsonKind.Object or JsonKind.Array);

        private sealed class SchemeSection
        {
            public SchemeSection(AppSettingsFile file, string name, JsonNode anchor)
            {
                File = file;
                Name = name;
                Anchor = anchor;
            }

            public AppSettingsFile File { get; }

            public string Name { get; }

            /// <summary>The key that names the scheme (or, with flat "A:B:C" keys only, the first key below it).</summary>
            public JsonNode Anchor { get; }
        }

        /// <summary>The non-empty Authentication:Schemes:&lt;name&gt; sections of a file, once per name (configuration keys ignore case).</summary>
        private static List<SchemeSection> SchemeSections(AppSettingsFile file)
        {
            var anchors = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
            var nonEmpty = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            foreach (var node in file.Nodes)
            {
                if (!node.MayStartWith("Authentication"))
                {
                    continue;
                }

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
                if (nonEmpty.Contains(name))
                {
                    var anchor = anchors[name];
                    sections.Add(new SchemeSection(file, anchor.Segments[2], anchor));
                }
            }

            return sections;
        }
    }
}
