using System;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// A configuration value that is a secret written into the file, not a reference to one: non-empty, and not a
    /// placeholder that a deployment replaces (<c>${...}</c>, <c>#{...}#</c>) nor an App Service Key Vault reference
    /// (<c>@Microsoft.KeyVault(...)</c>).
    /// </summary>
    internal static class CommittedSecret
    {
        public static bool IsSecret(string? value)
        {
            var text = value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            return !(IsWrapped(text!, "${", "}") ||
                     IsWrapped(text!, "#{", "}#") ||
                     text!.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase));
        }

        private static bool IsWrapped(string text, string start, string end) =>
            text.Length >= start.Length + end.Length &&
            text.StartsWith(start, StringComparison.Ordinal) &&
            text.EndsWith(end, StringComparison.Ordinal);
    }
}
