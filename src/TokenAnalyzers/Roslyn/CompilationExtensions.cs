using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    internal static class CompilationExtensions
    {
        private const string GlobalAlias = "global";

        /// <summary>
        /// Finds a top-level type by metadata name without going blind when two references define it (polyfills,
        /// InternalsVisibleTo), which makes <see cref="Compilation.GetTypeByMetadataName"/> return null:
        /// the compilation's own type wins, then the type in the assembly named after its namespace
        /// (<c>Microsoft.IdentityModel.Tokens.SecurityToken</c> in Microsoft.IdentityModel.Tokens) or in the core
        /// library, then the single accessible candidate.
        /// The assembly named after the namespace is asked directly; only when it does not define the type are the
        /// candidates read from the compilation's merged namespaces (which the compiler builds anyway for the files'
        /// <c>using</c> directives). <see cref="Compilation.GetTypesByMetadataName"/> asks every reference instead
        /// (about 300 in a web project): 30 such lookups cost 2-4 ms per compilation, most of it for types that are
        /// not there (<c>OpenIdConnectOptions</c> in an API that only uses JwtBearer). References with an extern
        /// alias are not in the merged namespaces; a type not found there is then looked for in every reference.
        /// </summary>
        public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
        {
            if (compilation.Assembly.GetTypeByMetadataName(metadataName) is { } own)
            {
                return own;
            }

            var namespaceEnd = metadataName.LastIndexOf('.');
            var namesake = namespaceEnd > 0 ? metadataName.Substring(0, namespaceEnd) : null;
            if (namesake is not null && TypeInNamesakeAssembly(compilation, namesake, metadataName) is { } found)
            {
                return found;
            }

            var candidates = TypesInGlobalNamespaces(compilation, metadataName);
            if (candidates.IsEmpty && HasExternAliasedReference(compilation))
            {
                candidates = compilation.GetTypesByMetadataName(metadataName);
            }

            INamedTypeSymbol? preferred = null;
            INamedTypeSymbol? single = null;
            var accessible = 0;
            foreach (var candidate in candidates)
            {
                if (!IsAccessibleFrom(candidate, compilation))
                {
                    continue;
                }

                accessible++;
                single = candidate;
                if (candidate.ContainingAssembly.Identity.Name == namesake ||
                    SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.ObjectType.ContainingAssembly))
                {
                    preferred ??= candidate;
                }
            }

            return preferred ?? (accessible == 1 ? single : null); // more than one: the compiler could not bind the name either
        }

        /// <summary>
        /// Whether the compilation uses one of the libraries at all: it references an assembly named in
        /// <paramref name="assemblyNames"/> (with or without an extern alias), or it is one. The compilation-start
        /// check that lets a project without the library pay nothing: it reads the names of the references, already at
        /// hand, where a lookup by metadata name makes the analyzer the first to merge the references' namespaces and
        /// the project's declarations (0.4-0.8 ms of a 1,000-file compilation in the benchmark; the project's own type
        /// names cost as much, issue 22). A copy of the library's types in the project or in a reference of another
        /// name, without the library itself, is therefore not analyzed.
        /// </summary>
        public static bool UsesLibrary(this Compilation compilation, params string[] assemblyNames)
        {
            if (Array.IndexOf(assemblyNames, compilation.AssemblyName) >= 0)
            {
                return true;
            }

            foreach (var identity in compilation.SourceModule.ReferencedAssemblies)
            {
                if (Array.IndexOf(assemblyNames, identity.Name) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The type as defined by the referenced assembly named <paramref name="assemblyName"/>, when that assembly is
        /// visible without an extern alias and the type is accessible; otherwise null.
        /// </summary>
        private static INamedTypeSymbol? TypeInNamesakeAssembly(Compilation compilation, string assemblyName, string metadataName)
        {
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.Identity.Name != assemblyName)
                {
                    continue;
                }

                return (compilation.GetMetadataReference(assembly) is not { } reference || !IsExternAliased(reference)) &&
                       assembly.GetTypeByMetadataName(metadataName) is { } type &&
                       SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, assembly) &&
                       IsAccessibleFrom(type, compilation)
                    ? type
                    : null;
            }

            return null;
        }

        /// <summary>
        /// Whether code of the compilation may name a top-level type of another assembly: public, or internal to an
        /// assembly that grants it access. <see cref="Compilation.IsSymbolAccessibleWithin"/> answers the same but
        /// first checks that the type's assembly is among the references, one by one.
        /// </summary>
        private static bool IsAccessibleFrom(INamedTypeSymbol type, Compilation compilation) =>
            type.DeclaredAccessibility == Accessibility.Public ||
            (type.DeclaredAccessibility == Accessibility.Internal && type.ContainingAssembly.GivesAccessTo(compilation.Assembly));

        /// <summary>Types named <paramref name="metadataName"/> (top level) in the namespaces visible without an extern alias.</summary>
        private static ImmutableArray<INamedTypeSymbol> TypesInGlobalNamespaces(Compilation compilation, string metadataName)
        {
            var current = compilation.GlobalNamespace;
            var start = 0;
            for (var dot = metadataName.IndexOf('.'); dot >= 0; dot = metadataName.IndexOf('.', start))
            {
                current = NamespaceMember(current, metadataName.Substring(start, dot - start));
                if (current is null)
                {
                    return ImmutableArray<INamedTypeSymbol>.Empty;
                }

                start = dot + 1;
            }

            var name = metadataName.Substring(start);
            var arity = 0;
            var tick = name.IndexOf('`');
            if (tick >= 0)
            {
                if (!int.TryParse(name.Substring(tick + 1), NumberStyles.None, CultureInfo.InvariantCulture, out arity))
                {
                    return ImmutableArray<INamedTypeSymbol>.Empty;
                }

                name = name.Substring(0, tick);
            }

            return current.GetTypeMembers(name, arity);
        }

        private static INamespaceSymbol? NamespaceMember(INamespaceSymbol container, string name)
        {
            foreach (var member in container.GetMembers(name))
            {
                if (member is INamespaceSymbol ns)
                {
                    return ns;
                }
            }

            return null;
        }

        private static bool HasExternAliasedReference(Compilation compilation)
        {
            foreach (var reference in compilation.References)
            {
                if (IsExternAliased(reference))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A reference whose namespaces code reaches only through an extern alias.</summary>
        private static bool IsExternAliased(MetadataReference reference)
        {
            var aliases = reference.Properties.Aliases;
            return !aliases.IsEmpty && !aliases.Contains(GlobalAlias);
        }

        /// <summary>
        /// True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it; a type parameter counts
        /// when one of its constraints does (<c>where T : TokenValidationParameters</c>: every T is one).
        /// </summary>
        public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType) =>
            InheritsFromOrEquals(type, baseType, 0);

        private static bool InheritsFromOrEquals(ITypeSymbol? type, INamedTypeSymbol? baseType, int depth)
        {
            if (baseType is null)
            {
                return false;
            }

            if (type is ITypeParameterSymbol typeParameter)
            {
                if (depth > 8)
                {
                    return false; // constraints that name each other
                }

                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    if (InheritsFromOrEquals(constraint, baseType, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
