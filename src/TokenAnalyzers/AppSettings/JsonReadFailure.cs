namespace TokenAnalyzers.AppSettings
{
    /// <summary>Why a configuration file cannot be read: the position (in the text) where reading stopped, and the reason.</summary>
    internal sealed class JsonReadFailure
    {
        public JsonReadFailure(int position, string reason)
        {
            Position = position;
            Reason = reason;
        }

        public int Position { get; }

        public string Reason { get; }
    }
}
