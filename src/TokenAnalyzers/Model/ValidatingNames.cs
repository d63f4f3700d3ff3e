using System;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// RULES.md TA401, TA601 and TA602: a method "whose name contains <c>Validate</c> or <c>Verify</c>" that is given
    /// the same token counts as validating it (the application's own check, a remote check), as the library's
    /// <c>ValidateToken</c> does. One definition, so the rules cannot disagree about what validates.
    /// </summary>
    internal static class ValidatingNames
    {
        public static bool Validates(string methodName) =>
            methodName.IndexOf("Validate", StringComparison.Ordinal) >= 0 || methodName.IndexOf("Verify", StringComparison.Ordinal) >= 0;
    }
}
