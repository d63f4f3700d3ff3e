namespace TokenAnalyzers.AppSettings
{
    internal enum JsonKind
    {
        String,
        Number,
        True,
        False,
        Null,
        Object,
        Array,
    }
}
