using System;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    internal static class AssemblyVersions
    {
        /// <summary>
        /// The version of a referenced library as its package states it: the <c>AssemblyInformationalVersion</c>
        /// ("8.0.30+commit", "7.0.11-servicing...") when it parses, else the assembly version. Read from the
        /// reference's metadata, never from the file system.
        /// </summary>
        public static Version LibraryVersion(this IAssemblySymbol assembly)
        {
            foreach (var attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "AssemblyInformationalVersionAttribute" &&
                    attribute.AttributeClass.ContainingNamespace?.ToDisplayString() == "System.Reflection" &&
                    attribute.ConstructorArguments.Length == 1 &&
                    attribute.ConstructorArguments[0].Value is string text &&
                    TryParse(text, out var informational))
                {
                    return informational;
                }
            }

            return assembly.Identity.Version;
        }

        private static bool TryParse(string text, out Version version)
        {
            var end = text.IndexOfAny(new[] { '+', '-', ' ' });
            var numbers = end < 0 ? text : text.Substring(0, end);
            if (Version.TryParse(numbers, out var parsed) && parsed is not null)
            {
                version = parsed;
                return true;
            }

            version = new Version();
            return false;
        }
    }
}
