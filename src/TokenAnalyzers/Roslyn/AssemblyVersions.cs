using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// The version of a referenced library as its package names it: the assembly's
    /// <c>AssemblyInformationalVersion</c> (<c>7.3.1+1c63444</c>: JWT.NET keeps the assembly version at <c>7.0.0.0</c>
    /// for every 7.x release), else the assembly version. Read once per compilation by the rules that depend on it.
    /// </summary>
    internal static class AssemblyVersions
    {
        private const string InformationalVersionAttribute = "AssemblyInformationalVersionAttribute";

        public static Version Of(IAssemblySymbol assembly)
        {
            foreach (var attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: InformationalVersionAttribute, ContainingNamespace.Name: "Reflection" } &&
                    attribute.ConstructorArguments.Length == 1 &&
                    attribute.ConstructorArguments[0].Value is string text &&
                    TryParseLeadingVersion(text, out var informational))
                {
                    return informational;
                }
            }

            return assembly.Identity.Version;
        }

        /// <summary>The leading <c>major[.minor[.build]]</c> of a version text such as <c>10.0.0-beta1+sha</c>.</summary>
        internal static bool TryParseLeadingVersion(string text, out Version version)
        {
            var end = 0;
            while (end < text.Length && (char.IsDigit(text[end]) || text[end] == '.'))
            {
                end++;
            }

            var parts = text.Substring(0, end).TrimEnd('.').Split('.');
            var numbers = new int[3];
            for (var index = 0; index < parts.Length && index < numbers.Length; index++)
            {
                if (!int.TryParse(parts[index], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[index]))
                {
                    version = new Version();
                    return false;
                }
            }

            version = new Version(numbers[0], numbers[1], numbers[2]);
            return parts.Length > 0 && parts[0].Length > 0;
        }
    }
}
