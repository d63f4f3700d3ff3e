namespace TokenAnalyzers.CodeFixes { internal static class Placeholder { } }
