using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Internal
{
    internal static class Descriptors
    {
        /// <summary>Every rule is on by default at Warning (unlike CA5404/CA5405) and links to its page.</summary>
        public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, params string[] customTags) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                RuleIds.Category,
                DiagnosticSeverity.Warning,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: RuleIds.HelpLink(id),
                customTags: customTags);
    }
}
