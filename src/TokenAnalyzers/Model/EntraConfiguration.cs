using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Entra-backed configurations of RULES.md's Terms, reasoned about one configuration scope at a time.
    /// <see cref="IsEntraBacked"/> is the one predicate TA101, TA202 and TA301 share: TA301 replaces the other two
    /// exactly where it returns true, so they can never disagree.
    /// </summary>
    internal static class EntraConfiguration
    {
        private const int MaxDepth = 4;

        /// <summary>
        /// True when <paramref name="parameters"/> (a parameters object of <paramref name="scope"/>) is Entra-backed:
        /// TA301 then reports a disabled or weak issuer check on it, and TA101/TA202 stay silent.
        /// </summary>
        public static bool IsEntraBacked(ConfigurationScope scope, ObjectKey? parameters, TokenSymbols symbols, CancellationToken cancellationToken) =>
            Find(scope, parameters, symbols, cancellationToken) is not null;

        /// <summary>The first (source order) reason <paramref name="parameters"/> is Entra-backed, or null.</summary>
        public static EntraBacking? Find(ConfigurationScope scope, ObjectKey? parameters, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (parameters is null)
            {
                return null;
            }

            foreach (var assignment in scope.Assignments)
            {
                if (Backing(assignment, symbols, cancellationToken) is { } backing && scope.SameObject(backing.Parameters, parameters))
                {
                    return backing;
                }
            }

            return null;
        }

        /// <summary>What <paramref name="assignment"/> makes Entra-backed, if anything.</summary>
        public static EntraBacking? Backing(PropertyAssignment assignment, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (assignment.Target is not { } target)
            {
                return null;
            }

            var compilation = symbols.Compilation;
            switch (assignment.Name)
            {
                case "Authority" or "MetadataAddress" when symbols.IsOptionsType(assignment.ObjectType):
                    return EntraAuthority.Recognize(assignment.Value, compilation, cancellationToken) is { } authority &&
                           ParametersOf(target, assignment.ObjectType) is { } optionsParameters
                        ? new EntraBacking(EntraBackingKind.OptionsAuthority, assignment, optionsParameters, authority)
                        : null;
                case "ConfigurationManager" when symbols.IsOptionsType(assignment.ObjectType):
                    return ManagerAddress(assignment.Value, symbols, cancellationToken, 0) is { } managerAuthority &&
                           ParametersOf(target, assignment.ObjectType) is { } managedParameters
                        ? new EntraBacking(EntraBackingKind.OptionsAuthority, assignment, managedParameters, managerAuthority)
                        : null;
                case "ConfigurationManager" when symbols.IsParametersType(assignment.ObjectType):
                    return ManagerAddress(assignment.Value, symbols, cancellationToken, 0) is { } address
                        ? new EntraBacking(EntraBackingKind.ParametersConfigurationManager, assignment, target, address)
                        : null;
                case "IssuerSigningKey" or "IssuerSigningKeys" when symbols.IsParametersType(assignment.ObjectType):
                    return DownloadedFrom(assignment.Value, symbols, cancellationToken, 0) is { } source
                        ? new EntraBacking(EntraBackingKind.DownloadedKeys, assignment, target, source)
                        : null;
                default:
                    return null;
            }
        }

        /// <summary><c>options.TokenValidationParameters</c> as a key.</summary>
        public static ObjectKey? ParametersOf(ObjectKey options, ITypeSymbol optionsType)
        {
            if (optionsType is ITypeParameterSymbol typeParameter)
            {
                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    if (constraint is not ITypeParameterSymbol && ParametersOf(options, constraint) is { } found)
                    {
                        return found; // `where TOptions : JwtBearerOptions`
                    }
                }

                return null;
            }

            for (var type = optionsType; type is not null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers("TokenValidationParameters"))
                {
                    if (member is IPropertySymbol { IsStatic: false } property)
                    {
                        return options.Member(property);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The Entra address of a ConfigurationManager value: <c>new ConfigurationManager&lt;T&gt;(address, ...)</c>, directly or
        /// through a local/field, or the <c>Value</c> of a <c>Lazy</c> that creates one.
        /// </summary>
        private static EntraAuthority? ManagerAddress(IOperation? value, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            value = DelegateBody.Unwrap(value);
            switch (value)
            {
                case IObjectCreationOperation creation when IsConfigurationManager(creation.Type, symbols):
                    return creation.Arguments.Length > 0
                        ? EntraAuthority.Recognize(creation.Arguments[0].Value, symbols.Compilation, cancellationToken)
                        : null;
                case IPropertyReferenceOperation { Property.Name: "Value", Instance: { } lazy } when depth < MaxDepth && IsLazy(lazy.Type):
                    // s_manager.Value of a Lazy<ConfigurationManager<T>> (round AU: how Azure Functions defer the static manager)
                    return ManagerAddress(lazy, symbols, cancellationToken, depth + 1);
                case IObjectCreationOperation lazyCreation when IsLazy(lazyCreation.Type):
                    foreach (var part in lazyCreation.DescendantsAndSelf())
                    {
                        if (part is IObjectCreationOperation created && IsConfigurationManager(created.Type, symbols))
                        {
                            return ManagerAddress(created, symbols, cancellationToken, depth + 1);
                        }
                    }

                    return null;
                case ILocalReferenceOperation or IFieldReferenceOperation when depth < MaxDepth:
                    var symbol = value is ILocalReferenceOperation local ? (ISymbol)local.Local : ((IFieldReferenceOperation)value).Field;
                    var writes = SymbolWrites.Find(symbol, symbols.Compilation, cancellationToken);
                    if (writes.IsDefault)
                    {
                        return null;
                    }

                    foreach (var write in writes.Where(w => !w.IsImplicitDefault))
                    {
                        if (ManagerAddress(write.Operation, symbols, cancellationToken, depth + 1) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// Kind (3): keys whose value flows, within the method (through locals and fields), from an Entra
        /// ConfigurationManager (<c>(await manager.GetConfigurationAsync()).SigningKeys</c>) or from
        /// <c>OpenIdConnectConfigurationRetriever.GetAsync(entraAddress, ...)</c>.
        /// </summary>
        private static EntraAuthority? DownloadedFrom(IOperation? value, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            if (value is null || depth > MaxDepth)
            {
                return null;
            }

            foreach (var operation in value.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IObjectCreationOperation creation when IsConfigurationManager(creation.Type, symbols) && creation.Arguments.Length > 0:
                        if (EntraAuthority.Recognize(creation.Arguments[0].Value, symbols.Compilation, cancellationToken) is { } managed)
                        {
                            return managed;
                        }

                        break;
                    case IInvocationOperation invocation
                        when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.OpenIdConnectConfigurationRetriever) &&
                             invocation.Arguments.Length > 0:
                        if (EntraAuthority.Recognize(invocation.Arguments[0].Value, symbols.Compilation, cancellationToken) is { } retrieved)
                        {
                            return retrieved;
                        }

                        break;
                    case ILocalReferenceOperation or IFieldReferenceOperation:
                        var symbol = operation is ILocalReferenceOperation local ? (ISymbol)local.Local : ((IFieldReferenceOperation)operation).Field;
                        var writes = SymbolWrites.Find(symbol, symbols.Compilation, cancellationToken);
                        if (writes.IsDefault)
                        {
                            break;
                        }

                        foreach (var write in writes.Where(w => !w.IsImplicitDefault))
                        {
                            if (DownloadedFrom(write.Operation, symbols, cancellationToken, depth + 1) is { } found)
                            {
                                return found;
                            }
                        }

                        break;
                }
            }

            return null;
        }

        private static bool IsLazy(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Name: "Lazy", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool IsConfigurationManager(ITypeSymbol? type, TokenSymbols symbols) =>
            symbols.ConfigurationManager is not null && type.InheritsFromOrEquals(symbols.ConfigurationManager);
    }
}
