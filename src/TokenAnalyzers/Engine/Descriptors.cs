using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Engine
{
    internal static class Descriptors
    {
        /// <summary>Every rule is on by default at Warning (unlike CA5404/CA5405) and links to its page.</summary>
        public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, params string[] customTags) =>
            Create(id, title, messageFormat, description, DiagnosticSeverity.Warning, customTags);

        /// <summary>The analyzer's own reports (TA0xxx) have their own default severity.</summary>
        public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, DiagnosticSeverity severity, params string[] customTags) =>
#pragma warning disable RS0030 // the one place descriptors are made
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                RuleIds.Category,
                severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: RuleIds.HelpLink(id),
                customTags: customTags);
#pragma warning restore RS0030
    }
}
