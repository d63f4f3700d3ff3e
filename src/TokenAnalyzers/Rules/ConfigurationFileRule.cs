using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;

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
            "Authentication scheme '{0}' is configured from this file without {1}: the JwtBearer configuration binding then has nothing to validate against",
            "JwtBearer reads a non-empty Authentication:Schemes:<name> section (JwtBearerConfigureOptions) and replaces the scheme's TokenValidationParameters with values from it. ASP.NET Core 7 sets ValidateIssuer = (number of ValidIssuer/ValidIssuers) > 0 and ValidateAudience likewise, so a section without them silently accepts tokens from any issuer or for any audience; ASP.NET Core 8 keeps the checks on and then rejects every token that the metadata document does not vouch for. Name the accepted issuers and audiences in the section.",
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
                    ReportDisabledValidation(parsed, fileContext.Options, fileContext.ReportDiagnostic);
                }
            }));

            if (symbols is null)
            {
                return; // without the token library AddJwtBearer cannot be called: TA502 has nothing to say
            }

            var callsAddJwtBearer = 0;
            ruleStart.OnNamed(CandidateKind.Invocation, new[] { "AddJwtBearer" }, nodeContext =>
            {
                if (Volatile.Read(ref callsAddJwtBearer) != 0)
                {
                    return;
                }

                var method = nodeContext.SemanticModel.GetSymbolInfo(nodeContext.Node, nodeContext.CancellationToken).Symbol as IMethodSymbol;
                var declaringType = method?.ReducedFrom?.ContainingType ?? method?.ContainingType;
                if (declaringType is not null && SymbolEqualityComparer.Default.Equals(declaringType, symbols.JwtBearerExtensions))
                {
                    Volatile.Write(ref callsAddJwtBearer, 1);
                }
            });

            start.RegisterCompilationEndAction(endContext => RuleFailures.Run(rule, Location.None, endContext.ReportDiagnostic, endContext.CancellationToken, () =>
            {
                if (Volatile.Read(ref callsAddJwtBearer) == 0)
                {
                    return;
                }

                // The additional-file actions have parsed every file by now (the parse is cached per file).
                var views = AppSettingsView.Build(AppSettingsFile.ReadAll(endContext.Options.AdditionalFiles, endContext.CancellationToken));
                ReportSchemesWithoutIssuerOrAudience(views, endContext.Options, endContext.ReportDiagnostic);
            }));
        }

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            // Not called: Start is overridden, because this rule also works without the token library.
        }

        /// <summary>TA501: a validation switch with the value false or "false" (as bool.Parse reads it), at any depth.</summary>
        private static void ReportDisabledValidation(AppSettingsFile file, AnalyzerOptions options, Action<Diagnostic> report)
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

                ConfigurationFindings.Report(options, file, ValidationDisabledInConfiguration, node.KeySpan, report, node.Path, Consequence(name));
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
        /// TA502, judged per environment (<see cref="AppSettingsView"/>): the base file alone and the base file with
        /// each non-Development environment file on top. A scheme is reported on its key in appsettings.json, or in the
        /// environment file when only that file has the section; once per key.
        /// </summary>
        private static void ReportSchemesWithoutIssuerOrAudience(ImmutableArray<AppSettingsView> views, AnalyzerOptions options, Action<Diagnostic> report)
        {
            var reported = new HashSet<(string Path, int Start)>();
            foreach (var view in views)
            {
                var sections = view.Base is null ? new List<(AppSettingsFile, SchemeSection)>() : SchemeSections(view.Base).ConvertAll(section => (view.Base, section));
                if (view.Overlay is { } overlay)
                {
                    foreach (var section in SchemeSections(overlay))
                    {
                        if (!sections.Exists(known => string.Equals(known.Item2.Name, section.Name, StringComparison.OrdinalIgnoreCase)))
                        {
                            sections.Add((overlay, section));
                        }
                    }
                }

                foreach (var (file, scheme) in sections)
                {
                    var hasIssuer = HasValue(view, scheme.Name, "ValidIssuer") || view.HasChildren(SchemeKey(scheme.Name, "ValidIssuers"));
                    var hasAudience = HasValue(view, scheme.Name, "ValidAudience") || view.HasChildren(SchemeKey(scheme.Name, "ValidAudiences"));
                    if ((hasIssuer && hasAudience) || !reported.Add((file.Path, scheme.Anchor.KeySpan.Start)))
                    {
                        continue;
                    }

                    var missing = !hasIssuer && !hasAudience
                        ? "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"
                        : !hasIssuer ? "ValidIssuer/ValidIssuers" : "ValidAudience/ValidAudiences";
                    ConfigurationFindings.Report(options, file, SchemeWithoutIssuerOrAudience, scheme.Anchor.KeySpan, report, scheme.Name, missing);
                }
            }
        }

        private static string SchemeKey(string scheme, string key) => "Authentication:Schemes:" + scheme + ":" + key;

        /// <summary>Authentication:Schemes:&lt;scheme&gt;:&lt;key&gt; has a value (a string, number or boolean; null and sections give none).</summary>
        private static bool HasValue(AppSettingsView view, string scheme, string key) =>
            view.Find(SchemeKey(scheme, key)) is { } setting && setting.Node.Kind is not (JsonKind.Null or JsonKind.Object or JsonKind.Array);

        private readonly struct SchemeSection
        {
            public SchemeSection(string name, JsonNode anchor)
            {
                Name = name;
                Anchor = anchor;
            }

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
                    sections.Add(new SchemeSection(anchor.Segments[2], anchor));
                }
            }

            return sections;
        }
    }
}
