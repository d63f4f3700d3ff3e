using System;
using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA107: signing keys fetched over plain HTTP: RequireHttpsMetadata set to constant false on an options
    /// object, or Authority/MetadataAddress set to a constant http:// URL of a host other than loopback;
    /// HttpDocumentRetriever.RequireHttps set to constant false; a ConfigurationManager&lt;T&gt; created with, or
    /// HttpDocumentRetriever.GetDocumentAsync called with, such a URL (a hand-built ConfigurationManager bypasses
    /// RequireHttpsMetadata). Development-only code is skipped unless token_analyzers.report_development_only is true.
    /// </summary>
    internal sealed class InsecureMetadataRule : TokenRule
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MetadataOverHttp);

        /// <summary>Only constant false and constant http:// URLs are reported: `Authority = $"https://{host}"` is never bound.</summary>
        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnPropertyAssignment(symbols, new[] { "RequireHttpsMetadata" }, ValueFilter.MayBeConstantFalse, AnalyzeAssignment);
            start.OnPropertyAssignment(symbols, new[] { "Authority", "MetadataAddress" }, ValueFilter.StringStartingWith("http://"), AnalyzeAssignment);

            if (symbols.HttpDocumentRetriever is { } retriever)
            {
                start.OnAssignment(new[] { "RequireHttps" }, ValueFilter.MayBeConstantFalse, node => AnalyzeRequireHttps(node, retriever, symbols));
                start.OnNamed(CandidateKind.Invocation, new[] { "GetDocumentAsync" }, node => AnalyzeAddressArgument(node, symbols));
            }

            if (symbols.ConfigurationManager is not null)
            {
                // Target-typed too, by the declared type (a static field `= new(address, ...)`, the usual Functions shape).
                start.OnNamed(CandidateKind.ObjectCreation, new[] { "ConfigurationManager" }, node => AnalyzeAddressArgument(node, symbols));
                start.OnNamed(CandidateKind.TargetTypedCreation, new[] { "ConfigurationManager" }, node => AnalyzeAddressArgument(node, symbols));
            }
        }

        /// <summary>
        /// <c>HttpDocumentRetriever.RequireHttps = false</c> (initializer, assignment, <c>??=</c>, compound): the
        /// retriever then downloads the metadata document and the key set over plain HTTP. The fix removes it.
        /// </summary>
        private static void AnalyzeRequireHttps(NodeContext node, INamedTypeSymbol retriever, TokenSymbols symbols)
        {
            var syntax = (AssignmentExpressionSyntax)node.Node;
            if (syntax.Left is TupleExpressionSyntax ||
                OperationTrees.Get(node.SemanticModel, syntax, node.CancellationToken) is not IAssignmentOperation { Target: IPropertyReferenceOperation target } operation ||
                !(target.Instance?.Type ?? target.Property.ContainingType).InheritsFromOrEquals(retriever))
            {
                return;
            }

            var value = operation is ICompoundAssignmentOperation ? operation : operation.Value;
            if (!ConstantValues.IsConstantFalse(value, symbols.Compilation, node.CancellationToken) ||
                (IsSkippedAsDevelopmentOnly(node, syntax, symbols) ||
                 (DevelopmentOnly.IsFalseOnlyInDevelopment(value, symbols.Compilation, node.CancellationToken) && !TokenAnalyzersOptions.ReportDevelopmentOnly(node.Options, syntax.SyntaxTree))))
            {
                return;
            }

            node.ReportDiagnostic(Diagnostic.Create(MetadataOverHttp, Extent(syntax).GetLocation(), FixProperties.RemoveAssignmentOffered, "HttpDocumentRetriever.RequireHttps is set to false"));
        }

        /// <summary>
        /// The address argument of <c>new ConfigurationManager&lt;T&gt;(address, ...)</c> or
        /// <c>HttpDocumentRetriever.GetDocumentAsync(address, ...)</c>, when it is a constant http:// URL off loopback.
        /// Reported at the argument; no fix (RULES.md: an address is never removed or rewritten).
        /// </summary>
        private static void AnalyzeAddressArgument(NodeContext node, TokenSymbols symbols)
        {
            var (method, arguments, what) = OperationTrees.Get(node.SemanticModel, node.Node, node.CancellationToken) switch
            {
                IObjectCreationOperation { Constructor: { } constructor } creation
                    when SymbolEqualityComparer.Default.Equals(constructor.ContainingType.OriginalDefinition, symbols.ConfigurationManager) =>
                    (constructor, creation.Arguments, "The ConfigurationManager's metadata address"),
                IInvocationOperation invocation
                    when invocation.TargetMethod.Name == "GetDocumentAsync" &&
                         (invocation.Instance?.Type ?? invocation.TargetMethod.ContainingType).InheritsFromOrEquals(symbols.HttpDocumentRetriever) =>
                    (invocation.TargetMethod, invocation.Arguments, "The document address"),
                _ => ((IMethodSymbol?)null, ImmutableArray<IArgumentOperation>.Empty, ""),
            };

            if (method is null)
            {
                return;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Name: "metadataAddress" or "address" } &&
                    argument.Syntax is ArgumentSyntax { Expression: var addressSyntax } &&
                    IsPlainHttpUrl(argument.Value, node.CancellationToken) &&
                    !IsSkippedAsDevelopmentOnly(node, node.Node, symbols))
                {
                    node.ReportDiagnostic(Diagnostic.Create(MetadataOverHttp, addressSyntax.GetLocation(), what + " uses http:// (use an https:// address)"));
                }
            }
        }

        private static bool IsSkippedAsDevelopmentOnly(NodeContext node, SyntaxNode syntax, TokenSymbols symbols) =>
            DevelopmentOnly.Contains(syntax, node.SemanticModel, symbols, node.CancellationToken) &&
            !TokenAnalyzersOptions.ReportDevelopmentOnly(node.Options, syntax.SyntaxTree);

        /// <summary>The reported node of an assignment: <c>r?.RequireHttps = false</c> is reported with its conditional access.</summary>
        private static SyntaxNode Extent(AssignmentExpressionSyntax syntax) =>
            syntax.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == syntax ? access : syntax;

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsOptionsType(assignment.ObjectType))
            {
                return;
            }

            string? finding = assignment.Name switch
            {
                "RequireHttpsMetadata" when context.IsConstantFalse(assignment.Value) => "RequireHttpsMetadata is set to false",
                "Authority" or "MetadataAddress" when IsPlainHttpUrl(assignment.Value, context.CancellationToken) => assignment.Name +
                    (Resolved(assignment.Value, context.CancellationToken) is ICoalesceOperation ? " falls back to an http:// address when its setting is missing" : " uses http://") +
                    " (use an https:// address)",
                _ => null,
            };

            if (finding is null ||
                (context.IsDevelopmentOnly() && !TokenAnalyzersOptions.ReportDevelopmentOnly(context.NodeContext.Options, assignment.Syntax.SyntaxTree)))
            {
                return;
            }

            // RULES.md "Code fixes must not lock users out": only RequireHttpsMetadata = false is removed by a fix, and
            // not beside an http:// address. Removing an http:// address breaks the application and rewriting its
            // scheme may point at nothing.
            var offered = assignment.Name == "RequireHttpsMetadata" && !RestoredCheck.IsInDeconstruction(assignment.Extent);
            if (offered && WhyTheSwitchIsNeeded(context) is { } reason)
            {
                offered = false;
                finding += reason;
            }

            context.Report(MetadataOverHttp, offered ? FixProperties.RemoveAssignmentOffered : ImmutableDictionary<string, string?>.Empty, finding);
        }

        /// <summary>
        /// Why removing <c>RequireHttpsMetadata = false</c> could fail every request, for the message; null where it
        /// cannot. JwtBearer and OpenIdConnect refuse an http:// Authority or MetadataAddress unless the switch is off
        /// ("The MetadataAddress or Authority must use HTTPS unless disabled for development"), so the switch stays
        /// beside an address of the same options object (set where the switch may run) that is http:// (loopback
        /// included), that configuration makes http:// in one of the project's appsettings*.json files (the Development
        /// one included), or whose value the code does not show: a parameter, a settings object's property, a call, a
        /// configuration read no appsettings file gives a value (round AP: Docker Compose or the environment may give it
        /// an http:// one; round AO: a settings class bound to an http:// Keycloak address). With no address in sight
        /// the options may be bound from configuration or given their address in another callback (<see cref="HttpAddressElsewhere"/>).
        /// </summary>
        private static string? WhyTheSwitchIsNeeded(AssignmentContext context)
        {
            var flag = context.Assignment;
            var inSight = false;
            string? unknown = null;
            var files = default(ImmutableArray<AppSettings.AppSettingsFile>);
            foreach (var candidate in context.Scope.AssignmentsTo(flag.Target, "Authority", "MetadataAddress"))
            {
                inSight = true; // also in the other branch of an if: these options get their address here
                if (SyntaxPaths.NeverTogether(candidate.Syntax, flag.Syntax))
                {
                    continue;
                }

                var value = Resolved(candidate.Value, context.CancellationToken);
                if (value is null || value.ConstantValue is { HasValue: true, Value: null or "" })
                {
                    continue; // cleared: no metadata address
                }

                var text = ConstantStart(value, context.CancellationToken);
                if (text is not null && text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    return " while " + candidate.Name + " is an http:// address (make it https:// first)";
                }

                if (ConfigurationReads.TryCreate(context.Symbols.Compilation) is { } reads && reads.ReadOf(value, context.CancellationToken) is { } read)
                {
                    if (files.IsDefault)
                    {
                        files = AppSettings.AppSettingsFile.ReadAll(context.NodeContext.Options.AdditionalFiles, context.CancellationToken);
                    }

                    switch (ConfiguredValue(read, files))
                    {
                        case { Http: true } http:
                            return " while " + candidate.Name + " is an http:// address in " + http.File + " (make it https:// first)";
                        case not null:
                            continue; // an https:// value in the files; an empty one or a placeholder is no value (round AR)
                    }
                }

                if (text is null)
                {
                    unknown ??= candidate.Name; // `configuration["x"] ?? "https://..."` falls back to its https:// literal
                }
            }

            if (unknown is not null)
            {
                return " while " + unknown + " is set from a value this code does not show (make sure it is https:// first)";
            }

            return inSight ? null : HttpAddressElsewhere(context);
        }

        /// <summary>
        /// The address one of the project's appsettings files gives a configuration read: an http:// one first, else an
        /// https:// one, else null (none, an empty value, or a placeholder such as "&lt;set in docker-compose&gt;").
        /// </summary>
        private static (bool Http, string File)? ConfiguredValue(ConfigurationRead read, ImmutableArray<AppSettings.AppSettingsFile> files)
        {
            (bool Http, string File)? found = null;
            foreach (var path in read.Paths)
            {
                foreach (var file in files)
                {
                    if (file.Find(path) is { Kind: AppSettings.JsonKind.String, Scalar: { } value })
                    {
                        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                        {
                            return (true, System.IO.Path.GetFileName(file.Path));
                        }

                        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                        {
                            found = (false, System.IO.Path.GetFileName(file.Path));
                        }
                    }
                }
            }

            return found;
        }

        /// <summary>
        /// With no address in sight: an <c>Authority</c> or <c>MetadataAddress</c> key with an http:// value anywhere in
        /// the project's appsettings*.json files (round AN: options bound from a section, <c>GetSection("Keycloak").Bind(o)</c>,
        /// <c>Configure&lt;JwtBearerOptions&gt;(section)</c>, ASP.NET Core's own <c>Authentication:Schemes:Bearer</c>
        /// section), an http:// Authority or MetadataAddress literal anywhere in the project's code (round AP: set in
        /// another callback for the scheme), or a read of the switch in the project's code (round AR: a retriever of its
        /// own follows it). Removing the switch failed every request there.
        /// </summary>
        private static string? HttpAddressElsewhere(AssignmentContext context)
        {
            foreach (var file in AppSettings.AppSettingsFile.ReadAll(context.NodeContext.Options.AdditionalFiles, context.CancellationToken))
            {
                foreach (var node in file.Nodes)
                {
                    if (node is { Kind: AppSettings.JsonKind.String, Key: { } key, Scalar: { } value } && IsAddressName(key) &&
                        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    {
                        return " while " + key + " is an http:// address in " + System.IO.Path.GetFileName(file.Path) + " (make it https:// first)";
                    }
                }
            }

            return CodeNeedingTheSwitch.GetValue(context.Symbols.Compilation, _ => new Reason(ScanCode(context))).Text;
        }

        /// <summary>What the project's code says about the switch is the same for every switch of the compilation: read once.</summary>
        private static readonly ConditionalWeakTable<Compilation, Reason> CodeNeedingTheSwitch = new ConditionalWeakTable<Compilation, Reason>();

        private sealed class Reason
        {
            public Reason(string? text) => Text = text;

            public string? Text { get; }
        }

        private static string? ScanCode(AssignmentContext context)
        {
            foreach (var tree in context.Symbols.Compilation.SyntaxTrees)
            {
                var text = tree.GetText(context.CancellationToken).ToString();
                var hasHttp = text.IndexOf("http://", StringComparison.OrdinalIgnoreCase) >= 0;
                if (!hasHttp && text.IndexOf("RequireHttpsMetadata", StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                foreach (var node in tree.GetRoot(context.CancellationToken).DescendantNodes())
                {
                    if (hasHttp && node is AssignmentExpressionSyntax { Right: var right } assigned && SyntaxNames.AssignedName(assigned) is { } name && IsAddressName(name) &&
                        right is LiteralExpressionSyntax or InterpolatedStringExpressionSyntax &&
                        right.ToString().TrimStart('$', '@', '"').StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    {
                        return " while " + name + " is an http:// address in " + System.IO.Path.GetFileName(tree.FilePath) + " (make it https:// first)";
                    }

                    if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RequireHttpsMetadata" } read &&
                        !(read.Parent is AssignmentExpressionSyntax written && written.Left == read) &&
                        IsOptionsSwitch(read, context))
                    {
                        // Round AR (NetDevPack's SetJwksOptions, copied widely): the project's own retriever follows the
                        // switch, `new HttpDocumentRetriever { RequireHttps = options.RequireHttpsMetadata }`, for an
                        // address of its own that may be http://.
                        return " while " + System.IO.Path.GetFileName(tree.FilePath) + " reads RequireHttpsMetadata for an address of its own (make that address https:// first)";
                    }
                }
            }

            return null;
        }

        /// <summary>The switch of an options object, not a settings class's property of the same name (round AS: <c>o.RequireHttpsMetadata = settings.RequireHttpsMetadata</c>).</summary>
        private static bool IsOptionsSwitch(MemberAccessExpressionSyntax read, AssignmentContext context)
        {
#pragma warning disable RS1030 // Only for a reported switch with no address in sight, and a file that reads the switch.
            var model = context.Symbols.Compilation.GetSemanticModel(read.SyntaxTree);
#pragma warning restore RS1030
            return model.GetSymbolInfo(read, context.CancellationToken).Symbol is IPropertySymbol property && context.Symbols.IsOptionsType(property.ContainingType);
        }

        private static bool IsAddressName(string name) =>
            string.Equals(name, "Authority", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "MetadataAddress", StringComparison.OrdinalIgnoreCase);

        /// <summary>A constant http:// URL (or an interpolated one whose constant part names the host) off loopback.</summary>
        private static bool IsPlainHttpUrl(IOperation value, System.Threading.CancellationToken cancellationToken)
        {
            var text = ConstantStart(Resolved(value, cancellationToken), cancellationToken);

            if (text is null || !text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
                !Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                return false;
            }

            return !IsLoopback(uri.Host);
        }

        /// <summary>
        /// The value, or what a single-assignment local or readonly field holds (real code: <c>var authority =
        /// configuration[...] ?? "http://host/"; ... o.Authority = authority;</c>), a few deep.
        /// </summary>
        private static IOperation? Resolved(IOperation? value, System.Threading.CancellationToken cancellationToken)
        {
            value = DelegateBody.Unwrap(value);
            for (var depth = 0; depth < 6 && value is not null; depth++)
            {
                switch (value)
                {
                    case ILocalReferenceOperation local when value.SemanticModel?.Compilation is { } compilation:
                        value = DelegateBody.Unwrap(SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken));
                        continue;
                    case IFieldReferenceOperation { ConstantValue.HasValue: false } field when value.SemanticModel?.Compilation is { } compilation:
                        // A readonly or static readonly field with one write (round AO: `static readonly string
                        // KeycloakAuthority = "http://keycloak:8080/realms/main"`), as the Terms' values flow.
                        value = DelegateBody.Unwrap(SymbolWrites.SingleWrite(field.Field, compilation, cancellationToken, includeReadOnlyFields: true));
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance } when IsUri(instance.Type) || instance.Type?.SpecialType == SpecialType.System_String:
                        value = DelegateBody.Unwrap(instance); // identityUrl.ToString(), of a Uri or of a string
                        continue;
                    case IObjectCreationOperation { Arguments.Length: 1 } creation when IsUri(creation.Type):
                        value = DelegateBody.Unwrap(creation.Arguments[0].Value); // new Uri(configuration["..."] ?? "http://localhost")
                        continue;
                }

                break;
            }

            return value;
        }

        private static bool IsUri(ITypeSymbol? type) => type?.ToDisplayString() == KnownTypeNames.Uri;

        /// <summary>
        /// The constant text of a value, or the constant start of an interpolation or a concatenation when it already
        /// holds the whole host (<c>$"http://host/{x}"</c>, <c>"http://host/" + x</c>), or of a <c>??</c> fallback;
        /// null otherwise.
        /// </summary>
        private static string? ConstantStart(IOperation? value, System.Threading.CancellationToken cancellationToken) => value switch
        {
            { ConstantValue: { HasValue: true, Value: string constant } } => constant,
            // `configuration["Auth:Authority"] ?? "http://host/"`: the literal is the address whenever the setting is missing.
            ICoalesceOperation coalesce => ConstantStart(Resolved(coalesce.WhenNull, cancellationToken), cancellationToken),
            IInterpolatedStringOperation interpolated => ConstantHostPrefix(interpolated, cancellationToken),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when ConstantStart(Resolved(concatenation.LeftOperand, cancellationToken), cancellationToken) is { } left =>
                HostEnd(left) > 0 ? left : null,
            _ => null,
        };

        private static int HostEnd(string prefix) =>
            prefix.Length > "http://".Length ? prefix.IndexOfAny(new[] { '/', ':', '?', '#' }, "http://".Length) : -1;

        /// <summary>
        /// The constant start of an interpolated string, when it already holds the whole host (<c>$"http://host/{x}"</c>),
        /// its holes filled by what constants, locals and readonly fields hold (round AP: <c>$"{Dev}/.well-known/..."</c>
        /// with a static readonly <c>Dev</c>).
        /// </summary>
        private static string? ConstantHostPrefix(IInterpolatedStringOperation interpolated, System.Threading.CancellationToken cancellationToken)
        {
            var prefix = new StringBuilder();
            foreach (var part in interpolated.Parts)
            {
                if (HostEnd(prefix.ToString()) > 0)
                {
                    break;
                }

                if (part is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string text })
                {
                    prefix.Append(text);
                    continue;
                }

                if (part is IInterpolationOperation { Alignment: null, FormatString: null } hole &&
                    ConstantStart(Resolved(hole.Expression, cancellationToken), cancellationToken) is { } start)
                {
                    prefix.Append(start);
                    if (Resolved(hole.Expression, cancellationToken)?.ConstantValue.HasValue == true)
                    {
                        continue;
                    }
                }

                break;
            }

            var known = prefix.ToString();
            var hostEnd = HostEnd(known);
            return hostEnd > 0 ? known.Substring(0, hostEnd) : null;
        }

        private static bool IsLoopback(string host)
        {
            host = host.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
                host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
        }
    }
}
