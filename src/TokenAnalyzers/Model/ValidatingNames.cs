using System;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// RULES.md TA401, TA601 and TA602: a method "whose name contains <c>Validate</c> or <c>Verify</c>" that is given
    /// the same token counts as validating it (the application's own check, a remote check), as the library's
    /// <c>ValidateToken</c> does. One definition, so the rules cannot disagree about what validates. A name that says
    /// the check is about presence or shape (<c>Guard.VerifyNotEmpty(token)</c>, <c>ValidateNotNull</c>,
    /// <c>ValidateArgument</c>, <c>VerifyLength</c>, <c>ValidateFormat</c>) validates no token: it would pass any forged one.
    /// </summary>
    internal static class ValidatingNames
    {
        private static readonly string[] PresenceOrShape = { "Null", "Empty", "WhiteSpace", "Whitespace", "Argument", "Length", "Format" };

        public static bool Validates(string methodName)
        {
            if (methodName.IndexOf("Validate", StringComparison.Ordinal) < 0 && methodName.IndexOf("Verify", StringComparison.Ordinal) < 0)
            {
                return false;
            }

            foreach (var word in PresenceOrShape)
            {
                if (methodName.IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
