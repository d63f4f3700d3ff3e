namespace TokenAnalyzers { internal static class Placeholder { } }
