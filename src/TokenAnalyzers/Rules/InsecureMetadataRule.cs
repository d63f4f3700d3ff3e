using System;
using System.Collections.Immutable;
using System.Net;
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
            if (offered && HttpAddressBeside(context) is { } address)
            {
                offered = false;
                finding += " while " + address.Name + " is an http:// address (make it https:// first)";
            }
            else if (offered && ConfiguredHttpAddressBeside(context) is { } configured)
            {
                offered = false;
                finding += " while " + configured.Name + " is an http:// address in " + configured.File + " (make it https:// first)";
            }
            else if (offered && AddressOfUnknownValueBeside(context) is { } unknown)
            {
                offered = false;
                finding += " while " + unknown.Name + " is set from a value this code does not show (make sure it is https:// first)";
            }
            else if (offered && HttpAddressInAppSettings(context) is { } bound)
            {
                offered = false;
                finding += " while " + bound.Name + " is an http:// address in " + bound.File + " (make it https:// first)";
            }

            context.Report(MetadataOverHttp, offered ? FixProperties.RemoveAssignmentOffered : ImmutableDictionary<string, string?>.Empty, finding);
        }

        /// <summary>
        /// An Authority or MetadataAddress of the same options object that starts with http:// (loopback included),
        /// set where the reported RequireHttpsMetadata = false may run. JwtBearer and OpenIdConnect refuse such an
        /// address unless RequireHttpsMetadata is false ("The MetadataAddress or Authority must use HTTPS unless
        /// disabled for development"): removing the switch would fail every request.
        /// </summary>
        private static PropertyAssignment? HttpAddressBeside(AssignmentContext context)
        {
            var flag = context.Assignment;
            foreach (var candidate in context.Scope.AssignmentsTo(flag.Target, "Authority", "MetadataAddress"))
            {
                if (ConstantStart(Resolved(candidate.Value, context.CancellationToken)) is { } text &&
                    text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) &&
                    !SyntaxPaths.NeverTogether(candidate.Syntax, flag.Syntax))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>
        /// An Authority or MetadataAddress of the same options object read from configuration (<c>configuration["Auth:Authority"]</c>)
        /// whose value in one of the project's appsettings*.json files, the Development file included, is an http://
        /// address. Real code: <c>"Authority": "http://localhost:5001"</c>; removing the switch made every request throw
        /// in that environment. Read only for a reported switch beside a configured address.
        /// </summary>
        private static (string Name, string File)? ConfiguredHttpAddressBeside(AssignmentContext context)
        {
            var flag = context.Assignment;
            var files = default(ImmutableArray<AppSettings.AppSettingsFile>);
            foreach (var candidate in context.Scope.AssignmentsTo(flag.Target, "Authority", "MetadataAddress"))
            {
                if (SyntaxPaths.NeverTogether(candidate.Syntax, flag.Syntax) ||
                    ConfigurationReads.TryCreate(context.Symbols.Compilation) is not { } reads ||
                    reads.ReadOf(Resolved(candidate.Value, context.CancellationToken), context.CancellationToken) is not { } read)
                {
                    continue;
                }

                if (files.IsDefault)
                {
                    files = AppSettings.AppSettingsFile.ReadAll(context.NodeContext.Options.AdditionalFiles, context.CancellationToken);
                }

                foreach (var path in read.Paths)
                {
                    foreach (var file in files)
                    {
                        if (file.Find(path) is { Kind: AppSettings.JsonKind.String, Scalar: { } value } &&
                            value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                        {
                            return (candidate.Name, System.IO.Path.GetFileName(file.Path));
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// An Authority or MetadataAddress beside the switch whose value is neither a constant nor a configuration read
        /// (a parameter, a property of an options object bound elsewhere, a call): it may be an http:// address the
        /// switch is there for (round AO: <c>options.Authority = _authOptions.Issuer</c> with <c>"Issuer":
        /// "http://keycloak:8080/realms/main"</c>; removing the switch failed every request).
        /// </summary>
        private static PropertyAssignment? AddressOfUnknownValueBeside(AssignmentContext context)
        {
            var flag = context.Assignment;
            foreach (var candidate in context.Scope.AssignmentsTo(flag.Target, "Authority", "MetadataAddress"))
            {
                var value = Resolved(candidate.Value, context.CancellationToken);
                if (value is null || value.ConstantValue.HasValue || ConstantStart(value) is not null ||
                    SyntaxPaths.NeverTogether(candidate.Syntax, flag.Syntax) ||
                    (ConfigurationReads.TryCreate(context.Symbols.Compilation) is { } reads && reads.ReadOf(value, context.CancellationToken) is not null))
                {
                    continue;
                }

                return candidate;
            }

            return null;
        }

        /// <summary>
        /// An <c>Authority</c> or <c>MetadataAddress</c> key anywhere in the project's appsettings*.json files (the
        /// Development one included) with an http:// value: options bound from configuration take it with no assignment
        /// in sight (round AN: <c>GetSection("Keycloak").Bind(o)</c>, <c>Configure&lt;JwtBearerOptions&gt;(section)</c>,
        /// ASP.NET Core's own <c>Authentication:Schemes:Bearer</c> section; round AO: the address set in another callback
        /// for the scheme). Removing the switch failed every request there. Only where no address is set beside the
        /// switch: one in sight is the address it is for.
        /// </summary>
        private static (string Name, string File)? HttpAddressInAppSettings(AssignmentContext context)
        {
            foreach (var candidate in context.Scope.AssignmentsTo(context.Assignment.Target, "Authority", "MetadataAddress"))
            {
                if (!SyntaxPaths.NeverTogether(candidate.Syntax, context.Assignment.Syntax))
                {
                    return null; // the address in sight, judged above, is the one the switch is for
                }
            }

            foreach (var file in AppSettings.AppSettingsFile.ReadAll(context.NodeContext.Options.AdditionalFiles, context.CancellationToken))
            {
                foreach (var node in file.Nodes)
                {
                    if (node is { Kind: AppSettings.JsonKind.String, Key: { } key, Scalar: { } value } &&
                        (string.Equals(key, "Authority", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "MetadataAddress", StringComparison.OrdinalIgnoreCase)) &&
                        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                    {
                        return (key, System.IO.Path.GetFileName(file.Path));
                    }
                }
            }

            return null;
        }

        /// <summary>A constant http:// URL (or an interpolated one whose constant part names the host) off loopback.</summary>
        private static bool IsPlainHttpUrl(IOperation value, System.Threading.CancellationToken cancellationToken)
        {
            var text = ConstantStart(Resolved(value, cancellationToken));

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
        private static string? ConstantStart(IOperation? value) => value switch
        {
            { ConstantValue: { HasValue: true, Value: string constant } } => constant,
            // `configuration["Auth:Authority"] ?? "http://host/"`: the literal is the address whenever the setting is missing.
            ICoalesceOperation coalesce => ConstantStart(DelegateBody.Unwrap(coalesce.WhenNull)),
            IInterpolatedStringOperation interpolated => ConstantHostPrefix(interpolated),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when ConstantStart(DelegateBody.Unwrap(concatenation.LeftOperand)) is { } left =>
                HostEnd(left) > 0 ? left : null,
            _ => null,
        };

        private static int HostEnd(string prefix) =>
            prefix.Length > "http://".Length ? prefix.IndexOfAny(new[] { '/', ':', '?', '#' }, "http://".Length) : -1;

        /// <summary>The constant start of an interpolated string, when it already holds the whole host (<c>$"http://host/{x}"</c>).</summary>
        private static string? ConstantHostPrefix(IInterpolatedStringOperation interpolated)
        {
            if (interpolated.Parts.Length == 0 || interpolated.Parts[0] is not IInterpolatedStringTextOperation { Text.ConstantValue.Value: string prefix })
            {
                return null;
            }

            var hostEnd = HostEnd(prefix);
            return hostEnd > 0 ? prefix.Substring(0, hostEnd) : null;
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
