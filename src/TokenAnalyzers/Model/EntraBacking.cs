namespace TokenAnalyzers.Model
{
    /// <summary>One reason a parameters object is Entra-backed: the assignment that makes it so and its address.</summary>
    internal sealed class EntraBacking
    {
        public EntraBacking(EntraBackingKind kind, PropertyAssignment site, ObjectKey parameters, EntraAuthority authority)
        {
            Kind = kind;
            Site = site;
            Parameters = parameters;
            Authority = authority;
        }

        public EntraBackingKind Kind { get; }

        /// <summary>The Authority, MetadataAddress, ConfigurationManager or IssuerSigningKey(s) assignment.</summary>
        public PropertyAssignment Site { get; }

        /// <summary>The parameters object the configuration validates with (for kind 1, <c>options.TokenValidationParameters</c>).</summary>
        public ObjectKey Parameters { get; }

        /// <summary>For kind 1, the options object; otherwise null.</summary>
        public ObjectKey? Options => Kind == EntraBackingKind.OptionsAuthority ? Site.Target : null;

        public EntraAuthority Authority { get; }
    }
}
