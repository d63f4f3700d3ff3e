using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Engine
{
    internal static class Descriptors
    {
        /// <summary>The tag code-scanning tools (GitHub, Azure DevOps) read from SARIF to file a result as a security finding.</summary>
        public const string SecurityTag = "security";

        /// <summary>
        /// Every rule is on by default at Warning (unlike CA5404/CA5405), links to its page, and is tagged
        /// <c>security</c> and with its weaknesses (<c>external/cwe/cwe-NNN</c>, from <see cref="RuleIds.Weaknesses"/>).
        /// </summary>
        public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, params string[] customTags) =>
            Create(id, title, messageFormat, description, DiagnosticSeverity.Warning, SecurityTags(id, customTags));

        private static string[] SecurityTags(string id, string[] customTags)
        {
            var weaknesses = RuleIds.Weaknesses(id);
            var tags = new string[1 + weaknesses.Length + customTags.Length];
            tags[0] = SecurityTag;
            for (var i = 0; i < weaknesses.Length; i++)
            {
                tags[1 + i] = "external/cwe/cwe-" + weaknesses[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            customTags.CopyTo(tags, 1 + weaknesses.Length);
            return tags;
        }

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
