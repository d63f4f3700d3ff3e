namespace TokenAnalyzers.Model
{
    /// <summary>What a validator delegate must return to accept a token.</summary>
    internal enum ValidatorKind
    {
        /// <summary>bool validators (audience, lifetime, signing key, algorithm): accept by returning true.</summary>
        Boolean,

        /// <summary>issuer validators: accept by returning their issuer argument or a constant.</summary>
        Issuer,

        /// <summary>signature validators: accept by returning a token that was only parsed.</summary>
        Signature,
    }
}
