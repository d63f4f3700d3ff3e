using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA309: one pool of signing keys serves several issuers, so a key trusted for one issuer validates tokens that
    /// claim another (the Storm-0558 class outside Entra ID). In code: (a) an options object with Authority,
    /// MetadataAddress or ConfigurationManager whose parameters object also gets a static key (JwtBearer merges the
    /// metadata keys and issuer with it); (b) IssuerSigningKeys combined from two or more key sources on a parameters
    /// object that accepts two or more issuers; (c) in appsettings*.json, SigningKeys of two or more issuers in one
    /// Authentication:Schemes section (read with the TA5xx rules' JSON reader). A key-to-issuer binding on the same parameters
    /// object (a signing-key validator or resolver that reads the token's issuer, EnableAadSigningKeyIssuerValidation())
    /// exempts both forms.
    /// </summary>
    internal sealed class SigningKeyPoolRule : TokenRule
    {
        private const int MaxDepth = 4;

        private static readonly string[] MetadataProperties = { "Authority", "MetadataAddress", "ConfigurationManager" };
        private static readonly string[] BindingProperties =
        {
            "IssuerSigningKeyValidator", "IssuerSigningKeyValidatorUsingConfiguration", "IssuerSigningKeyResolver", "IssuerSigningKeyResolverUsingConfiguration",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SigningKeyPoolServesSeveralIssuers);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, new[] { "IssuerSigningKey", "IssuerSigningKeys" }, ValueFilter.Any, AnalyzeAssignment);

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            var symbols = context.Symbols;
            if (!symbols.IsParametersType(assignment.ObjectType) || assignment.Target is not { } parameters ||
                assignment.Value.ConstantValue is { HasValue: true, Value: null })
            {
                return;
            }

            string? form = null;
            if (MetadataSite(context, assignment, parameters) is { } site && IsStaticKey(assignment.Value, context, 0))
            {
                form = "(a) this static " + assignment.Name + " is merged with the keys of the metadata that " + site.Name + " points to, and the metadata's issuer is accepted beside it";
            }
            else if (assignment.Name == "IssuerSigningKeys" && CountSources(assignment.Value, context, 0) is var (collections, singles) &&
                     (collections >= 2 || (collections >= 1 && singles >= 1)) &&
                     AcceptsSeveralIssuers(context, parameters))
            {
                form = "(b) IssuerSigningKeys combines " + (collections + singles).ToString(System.Globalization.CultureInfo.InvariantCulture) + " key sources for a parameters object that accepts several issuers";
            }

            if (form is null || HasKeyIssuerBinding(context, parameters))
            {
                return;
            }

            context.Report(SigningKeyPoolServesSeveralIssuers, form);
        }

        /// <summary>
        /// Forms (a) and (b) through the assignments of IssuerSigningKey(s); form (c) from the appsettings*.json files
        /// among the additional files, judged at compilation end on the configuration each environment sees
        /// (<see cref="AppSettingsView"/>, shared with TA502 and TA503), for the schemes the project registers with
        /// AddJwtBearer, when the referenced JwtBearer binds their sections (7.0 and later).
        /// </summary>
        internal override void Start(RuleStart ruleStart, TokenSymbols? symbols)
        {
            base.Start(ruleStart, symbols);
            var start = ruleStart.Context;
            if (symbols is null || !JwtBearerSchemes.BindsSchemeSections(symbols) || !AppSettingsFile.Any(start.Options.AdditionalFiles))
            {
                return; // nobody turns the SigningKeys of a configuration file into one pool
            }

            var schemes = ruleStart.CollectJwtBearerSchemes(symbols);
            var rule = Name;
            start.RegisterCompilationEndAction(end => RuleFailures.Run(rule, Location.None, end.ReportDiagnostic, end.CancellationToken, () =>
            {
                if (!schemes.IsEmpty)
                {
                    var views = AppSettingsView.Build(AppSettingsFile.ReadAll(end.Options.AdditionalFiles, end.CancellationToken));
                    ReportPooledSigningKeys(views, schemes.Keys, end.Options, end.ReportDiagnostic, end.CancellationToken);
                }
            }));
        }

        /// <summary>
        /// TA309 (c): Authentication:Schemes:&lt;name&gt;:SigningKeys entries for two or more different Issuer values in
        /// the configuration one environment sees (appsettings.json merged with one non-Development environment file:
        /// entries of both files land in the same list). JwtBearer's configuration binding turns the key of every
        /// issuer it accepts into one IssuerSigningKeys pool, with nothing that ties a key to its issuer. Reported once
        /// at the SigningKeys key (in appsettings.json when it has one).
        /// </summary>
        private static void ReportPooledSigningKeys(ImmutableArray<AppSettingsView> views, IEnumerable<string> schemes, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            var reported = new ReportedPositions();
            foreach (var view in views)
            {
                foreach (var scheme in schemes)
                {
                    var section = "Authentication:Schemes:" + scheme + ":SigningKeys";
                    var issuers = new HashSet<string>(StringComparer.Ordinal); // the binding compares issuers ordinally
                    foreach (var setting in view.Below(section))
                    {
                        var node = setting.Node;
                        if (node.Segments.Length == 6 && string.Equals(node.Segments[5], "Issuer", StringComparison.OrdinalIgnoreCase) &&
                            node.Kind == JsonKind.String && !string.IsNullOrEmpty(node.Scalar))
                        {
                            issuers.Add(node.Scalar!);
                        }
                    }

                    if (issuers.Count >= 2 && Anchor(view, section) is var (file, anchor) && reported.Add(file.Path, anchor.KeySpan.Start))
                    {
                        var form = "(c) Authentication:Schemes:" + anchor.Segments[2] + ":SigningKeys holds keys of " +
                                   issuers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                                   " issuers, which the JwtBearer configuration binding puts into one IssuerSigningKeys pool";
                        ConfigurationFindings.Report(options, file, SigningKeyPoolInConfiguration, anchor.KeySpan, report, cancellationToken, form);
                    }
                }
            }
        }

        /// <summary>The SigningKeys key (or, with flat "A:B" keys only, the first key below it), in appsettings.json first.</summary>
        private static (AppSettingsFile File, JsonNode Node)? Anchor(AppSettingsView view, string section)
        {
            foreach (var file in new[] { view.Base, view.Overlay })
            {
                if (file is null)
                {
                    continue;
                }

                if (file.Find(section) is { } key)
                {
                    return (file, key);
                }

                foreach (var node in file.Nodes)
                {
                    if (node.IsBelow(section))
                    {
                        return (file, node);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The Authority, MetadataAddress or ConfigurationManager of the options object whose parameters object this
        /// is, unless it is set only where <paramref name="key"/> is not (the other branch of an <c>if</c>: one
        /// identity provider or the other, never both).
        /// </summary>
        private static PropertyAssignment? MetadataSite(AssignmentContext context, PropertyAssignment key, ObjectKey parameters)
        {
            var scope = context.Scope;
            foreach (var candidate in scope.Assignments)
            {
                if (Array.IndexOf(MetadataProperties, candidate.Name) >= 0 &&
                    !SyntaxPaths.NeverTogether(candidate.Syntax, key.Syntax) &&
                    context.Symbols.IsOptionsType(candidate.ObjectType) &&
                    candidate.Target is { } options &&
                    !IsNullOrEmpty(candidate.Value) &&
                    scope.SameObject(EntraConfiguration.ParametersOf(options, candidate.ObjectType), parameters) &&
                    (candidate.Name == "ConfigurationManager" || !HasStaticConfiguration(scope, options, key)))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>
        /// A <c>Configuration</c> set on the options object: the handler then uses it and fetches no metadata from the
        /// Authority or MetadataAddress (only a ConfigurationManager the code sets wins over it), so no metadata keys
        /// or issuer join the static key (round AD: 0 metadata requests on the real JwtBearer 10.0.15 handler).
        /// </summary>
        private static bool HasStaticConfiguration(ConfigurationScope scope, ObjectKey options, PropertyAssignment key)
        {
            // One Configuration, a created object, set whenever the key is (round AG: one set only in development, or
            // cleared later, or a value that may be null leaves the metadata in use).
            var configurations = scope.AssignmentsTo(options, "Configuration");
            return configurations.Count == 1 &&
                   DelegateBody.Unwrap(configurations[0].Value) is IObjectCreationOperation &&
                   SyntaxPaths.RunsWhenever(configurations[0].Syntax, key.Syntax, scope.Node);
        }

        private static bool IsNullOrEmpty(IOperation value) =>
            value.ConstantValue is { HasValue: true, Value: null or "" };

        /// <summary>
        /// A key the code makes itself (<c>new SymmetricSecurityKey(...)</c>, <c>new RsaSecurityKey(...)</c>,
        /// <c>new X509SecurityKey(...)</c>, ...), alone or among the elements of the assigned keys, directly or through
        /// locals and fields. Keys read from a configuration or a key set are not static: they may be the metadata's own.
        /// </summary>
        private static bool IsStaticKey(IOperation? value, AssignmentContext context, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return false;
            }

            switch (value)
            {
                case IObjectCreationOperation creation when IsSecurityKey(creation.Type):
                    return true;
                case ILocalReferenceOperation or IFieldReferenceOperation:
                    foreach (var written in WrittenValues(value, context))
                    {
                        if (IsStaticKey(written, context, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } helper when !IsCombination(helper.TargetMethod) &&
                    OnlyReturned.Of(helper.TargetMethod, context.Symbols.Compilation, context.CancellationToken) is { } returned:
                    // A helper of the compilation that only returns a key it makes (round AQ: `IssuerSigningKey = LoadKey(configuration)`,
                    // also a top-level Program.cs local function, round AS).
                    return IsStaticKey(returned, context, depth + 1);
                case IPropertyReferenceOperation { Property: { SetMethod: null, GetMethod: { } getter } } when
                    OnlyReturned.Of(getter, context.Symbols.Compilation, context.CancellationToken) is { } gotten:
                    // `static SecurityKey SigningKey => new SymmetricSecurityKey(...)` (round AS).
                    return IsStaticKey(gotten, context, depth + 1);
                case IInvocationOperation invocation when IsCombination(invocation.TargetMethod):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (IsStaticKey(argument.Value, context, depth + 1))
                        {
                            return true;
                        }
                    }

                    return invocation.Instance is { } instance && IsStaticKey(instance, context, depth + 1);
                default:
                    foreach (var element in Elements(value))
                    {
                        if (IsStaticKey(element, context, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;
            }
        }

        /// <summary>
        /// How many key sources a keys value combines: collections (a configuration's SigningKeys, a key set, a list)
        /// and single keys, through Concat/Union/Append/AddRange/Add, spreads and collection elements.
        /// </summary>
        private static (int Collections, int Singles) CountSources(IOperation? value, AssignmentContext context, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > MaxDepth || CollectionValues.IsEmpty(value))
            {
                return (0, 0); // new List<SecurityKey>() before its AddRange, Enumerable.Empty<SecurityKey>().Concat(keys): no source
            }

            switch (value)
            {
                case IInvocationOperation invocation when IsCombination(invocation.TargetMethod):
                    var combined = (0, 0);
                    if (invocation.Instance is { } instance)
                    {
                        combined = Add(combined, CountSources(instance, context, depth + 1));
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        var isElement = invocation.TargetMethod.Name is "Append" or "Prepend" && argument.Parameter?.Ordinal == (invocation.TargetMethod.IsExtensionMethod ? 1 : 0);
                        combined = Add(combined, isElement ? (0, 1) : CountSources(argument.Value, context, depth + 1));
                    }

                    return combined;
                case IInvocationOperation { TargetMethod.Name: "SelectMany" } flattened when IsLinq(flattened.TargetMethod):
                    return (2, 0); // the keys of each element (configurations.SelectMany(c => c.SigningKeys)): several sources
                case IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" or "ToHashSet" } copy:
                    return CountSources(copy.Instance ?? (copy.Arguments.Length > 0 ? copy.Arguments[0].Value : null), context, depth + 1);
                case ILocalReferenceOperation local:
                    var fromLocal = (0, 0);
                    foreach (var written in WrittenValues(value, context))
                    {
                        fromLocal = Add(fromLocal, CountSources(written, context, depth + 1));
                    }

                    return Add(fromLocal, AddedToLocal(local.Local, context, depth));
                case IObjectCreationOperation creation when IsSecurityKey(creation.Type):
                    return (0, 1);
                default:
                    if (IsCollectionLiteral(value))
                    {
                        var total = (0, 0);
                        foreach (var element in Elements(value))
                        {
                            total = Add(total, IsSpread(element) ? CountSources(Operand(element), context, depth + 1) : (0, 1));
                        }

                        if (value is IObjectCreationOperation { Arguments.Length: 1 } copied)
                        {
                            total = Add(total, CountSources(copied.Arguments[0].Value, context, depth + 1)); // new List<SecurityKey>(keys)
                        }

                        return total;
                    }

                    return IsSecurityKey(value.Type) ? (0, 1) : (1, 0); // a single key, or a collection from elsewhere
            }
        }

        private static (int, int) Add((int, int) a, (int, int) b) => (a.Item1 + b.Item1, a.Item2 + b.Item2);

        /// <summary><c>keys.AddRange(x)</c> and <c>keys.Add(k)</c> on a local list in the same member.</summary>
        private static (int, int) AddedToLocal(ILocalSymbol local, AssignmentContext context, int depth)
        {
            var root = MemberBody.Find(context.Assignment.Syntax, context.NodeContext.SemanticModel, context.CancellationToken);
            if (root is null)
            {
                return (0, 0);
            }

            var total = (0, 0);
            foreach (var operation in MemberBody.All(root))
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "Add" or "AddRange", Arguments.Length: 1 } call &&
                    DelegateBody.Unwrap(call.Instance) is ILocalReferenceOperation target &&
                    SymbolEqualityComparer.Default.Equals(target.Local, local))
                {
                    var added = call.TargetMethod.Name == "Add" ? (0, 1) : CountSources(call.Arguments[0].Value, context, depth + 1);
                    total = Add(total, InLoop(call, local) ? Add(added, added) : added); // a loop adds once per element: several
                }
            }

            return total;
        }

        /// <summary>
        /// The call runs in a loop that the list outlives (round AJ: <c>foreach (var manager in managers)
        /// keys.AddRange(metadata.SigningKeys)</c>, the keys of every configured provider).
        /// </summary>
        private static bool InLoop(IOperation call, ILocalSymbol list)
        {
            for (var current = call.Parent; current is not null; current = current.Parent)
            {
                if (current is ILoopOperation loop)
                {
                    return list.DeclaringSyntaxReferences is { Length: 1 } declaration &&
                           !loop.Syntax.Span.Contains(declaration[0].Span);
                }

                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        private static bool IsCombination(IMethodSymbol method) =>
            method.Name is "Concat" or "Union" or "Append" or "Prepend" && IsLinq(method);

        private static bool IsLinq(IMethodSymbol method) => method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable";

        /// <summary>
        /// The list a ValidIssuers value is: through <c>ToArray()</c>/<c>ToList()</c>, and a local or readonly field
        /// with one write (RULES.md's Terms; round AM: <c>configs.Select(c => c.Issuer).ToList()</c> in a local, a
        /// <c>static readonly string[]</c> of two issuers).
        /// </summary>
        private static IOperation? IssuersValue(IOperation? value, AssignmentContext context, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (depth > MaxDepth)
            {
                return value;
            }

            switch (value)
            {
                case IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" } copy when IsLinq(copy.TargetMethod) && copy.Arguments.Length == 1:
                    return IssuersValue(copy.Arguments[0].Value, context, depth + 1);
                case ILocalReferenceOperation or IFieldReferenceOperation when ValueFlow.NamedSymbol(value) is { } symbol &&
                                                                              SymbolWrites.SingleWrite(symbol, context.Symbols.Compilation, context.CancellationToken, includeReadOnlyFields: true) is { } written:
                    return IssuersValue(written, context, depth + 1);
                default:
                    return value;
            }
        }

        /// <summary>
        /// <c>configurations.Select(c => c.Issuer)</c>: the issuer of each of several configurations, as
        /// <c>SelectMany(c => c.SigningKeys)</c> is their keys.
        /// </summary>
        private static bool ProjectsIssuers(IOperation value) =>
            value is IInvocationOperation { TargetMethod.Name: "Select", Arguments.Length: 2 } select && IsLinq(select.TargetMethod) &&
            select.Arguments[1].Value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } &&
            lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned } &&
            DelegateBody.Unwrap(returned) is IPropertyReferenceOperation { Property.Name: "Issuer" };

        /// <summary>Two or more issuers: a ValidIssuers list of two or more, ValidIssuer beside ValidIssuers, or issuer validation off.</summary>
        private static bool AcceptsSeveralIssuers(AssignmentContext context, ObjectKey parameters)
        {
            var issuers = 0;
            foreach (var assignment in context.Scope.AssignmentsTo(parameters, "ValidIssuer", "ValidIssuers", "ValidateIssuer"))
            {
                switch (assignment.Name)
                {
                    case "ValidateIssuer" when context.IsConstantFalse(assignment.Value):
                        return true; // any issuer at all
                    case "ValidIssuer" when !IsNullOrEmpty(assignment.Value):
                        issuers++;
                        break;
                    case "ValidIssuers":
                        var value = IssuersValue(assignment.Value, context, 0);
                        if (value is not null && IsCollectionLiteral(value))
                        {
                            foreach (var element in Elements(value))
                            {
                                issuers += IsSpread(element) ? 2 : 1; // a spread list: assume several
                            }
                        }
                        else if (value is IInvocationOperation { TargetMethod.Name: "Concat" or "Union" or "Append" } || (value is not null && ProjectsIssuers(value)))
                        {
                            issuers += 2;
                        }

                        break;
                }
            }

            return issuers >= 2;
        }

        /// <summary>A signing-key validator or resolver on the same parameters object that reads the token's issuer, or EnableAadSigningKeyIssuerValidation().</summary>
        private static bool HasKeyIssuerBinding(AssignmentContext context, ObjectKey parameters)
        {
            foreach (var _ in context.Scope.CallsOn(parameters, SigningKeyIssuerRule.EnableCall))
            {
                return true;
            }

            foreach (var binding in context.Scope.AssignmentsTo(parameters, BindingProperties))
            {
                if (IsNullOrEmpty(binding.Value))
                {
                    continue;
                }

                var body = DelegateBody.Resolve(binding.Value, context.Symbols.Compilation, context.CancellationToken);
                if (body is null || ReadsTokenIssuer(body, context.Symbols))
                {
                    return true; // a body we cannot see may bind keys to issuers: never report what we cannot prove
                }
            }

            return false;
        }

        private static bool ReadsTokenIssuer(DelegateBody body, TokenSymbols symbols)
        {
            foreach (var operation in body.Body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "Issuer" or "Iss" }:
                        return true;
                    case ILiteralOperation { ConstantValue: { HasValue: true, Value: "iss" or "tid" } }:
                        return true;
                    case IFieldReferenceOperation { ConstantValue: { HasValue: true, Value: "iss" or "tid" } }:
                        return true;
                    case IInvocationOperation invocation when !AcceptAllDelegates.CannotReject(invocation, symbols):
                        foreach (var argument in invocation.Arguments)
                        {
                            if (argument.Value.Type.InheritsFromOrEquals(symbols.SecurityToken))
                            {
                                return true; // the token handed to code that may read its issuer
                            }
                        }

                        break;
                }
            }

            return false;
        }

        private static IEnumerable<IOperation> WrittenValues(IOperation reference, AssignmentContext context)
        {
            var symbol = reference switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };
            var writes = symbol is null ? default : SymbolWrites.Find(symbol, context.Symbols.Compilation, context.CancellationToken, includeReadOnlyFields: true);
            if (writes.IsDefaultOrEmpty)
            {
                yield break;
            }

            foreach (var write in writes)
            {
                if (write.Operation is { } operation)
                {
                    yield return operation;
                }
            }
        }

        private static bool IsSecurityKey(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.Name == "SecurityKey" && current.ContainingNamespace?.ToDisplayString() == "Microsoft.IdentityModel.Tokens")
                {
                    return true;
                }
            }

            return false;
        }

        // Collection expressions and spreads are newer than the Roslyn we compile against: recognised by kind name.
        private static bool IsCollectionLiteral(IOperation value) =>
            value is IArrayCreationOperation { Initializer: not null } ||
            value is IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation } ||
            value.Kind.ToString() == "CollectionExpression";

        private static bool IsSpread(IOperation element) => element.Kind.ToString() == "Spread";

        private static IOperation? Operand(IOperation spread)
        {
            foreach (var child in spread.ChildOperations)
            {
                return child;
            }

            return null;
        }

        private static IEnumerable<IOperation> Elements(IOperation value)
        {
            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues;
                case IObjectCreationOperation { Initializer: { } initializer }:
                    var added = new List<IOperation>();
                    foreach (var item in initializer.Initializers)
                    {
                        if (item is IInvocationOperation { Arguments.Length: 1 } add)
                        {
                            added.Add(add.Arguments[0].Value); // { a, b }: Add(a), Add(b)
                        }
                    }

                    return added;
                default:
                    return value.Kind.ToString() == "CollectionExpression" ? value.ChildOperations : Array.Empty<IOperation>();
            }
        }
    }
}
