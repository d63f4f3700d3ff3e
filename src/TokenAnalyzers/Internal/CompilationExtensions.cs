using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Internal
{
    internal static class CompilationExtensions
    {
        /// <summary>
        /// Finds a type by metadata name without going blind when two references define it (polyfills,
        /// InternalsVisibleTo), which makes <see cref="Compilation.GetTypeByMetadataName"/> return null:
        /// the compilation's own type wins, then the single accessible candidate.
        /// </summary>
        public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
        {
            var own = compilation.Assembly.GetTypeByMetadataName(metadataName);
            if (own is not null)
            {
                return own;
            }

            INamedTypeSymbol? best = null;
            foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
            {
                if (!compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
                {
                    continue;
                }

                if (best is not null)
                {
                    return null; // ambiguous: the compiler could not bind the name either
                }

                best = candidate;
            }

            return best;
        }

        public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
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
