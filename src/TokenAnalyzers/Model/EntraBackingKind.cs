namespace TokenAnalyzers.Model
{
    /// <summary>How a parameters object gets its keys from Entra ID (the kinds of RULES.md's Terms).</summary>
    internal enum EntraBackingKind
    {
        /// <summary>(1) an options object whose Authority/MetadataAddress (or ConfigurationManager) is Entra.</summary>
        OptionsAuthority = 1,

        /// <summary>(2) a parameters object whose ConfigurationManager is created with an Entra address.</summary>
        ParametersConfigurationManager = 2,

        /// <summary>(3) a parameters object whose IssuerSigningKey(s) come from an Entra ConfigurationManager's configuration.</summary>
        DownloadedKeys = 3,
    }
}
