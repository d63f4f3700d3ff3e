namespace TokenAnalyzers.Roslyn
{
    /// <summary>Name sets asked once per syntax node: a plain ordinal HashSet (read-only after creation, so thread-safe).</summary>
    internal static class NameSet
    {
        public static System.Collections.Generic.HashSet<string> Of(params string[] names) =>
            new System.Collections.Generic.HashSet<string>(names, System.StringComparer.Ordinal);
    }
}
