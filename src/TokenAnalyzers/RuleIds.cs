namespace TokenAnalyzers
{
    /// <summary>Every rule id of the package, and the one place that knows where their documentation lives.</summary>
    public static class RuleIds
    {
        public const string Category = "Security";

        // TA0xxx: the analyzer itself
        public const string CouldNotAnalyze = "TA0002";
        public const string InvalidOption = "TA0004";

        // TA0003 (issue 26): a configuration file that cannot be read
        public const string CouldNotReadConfiguration = "TA0003";

        /// <summary>The analyzer's own reports (TA0xxx: failures, unreadable options), supported whatever rules it hosts.</summary>
        public static bool IsAboutTheAnalyzer(string id) => id.StartsWith("TA0", System.StringComparison.Ordinal);

        // TA1xx: built-in checks switched off
        public const string IssuerValidationDisabled = "TA101";
        public const string AudienceValidationDisabled = "TA102";
        public const string LifetimeValidationDisabled = "TA103";
        public const string UnsignedTokensAccepted = "TA104";
        public const string TokensWithoutExpiryAccepted = "TA105";
        public const string ClockSkewTooLarge = "TA106";
        public const string MetadataOverHttp = "TA107";

        // TA108-TA109: the channel that delivers the signing keys, and flags that fail open
        public const string MetadataWithoutCertificateValidation = "TA108";
        public const string ValidationOnlyWhenConfigured = "TA109";

        // TA2xx: validation delegates that accept every token
        public const string SignatureValidationBypassed = "TA201";
        public const string IssuerValidatorAcceptsAll = "TA202";
        public const string AudienceValidatorAcceptsAll = "TA203";
        public const string LifetimeValidatorAcceptsAll = "TA204";
        public const string SigningKeyValidatorAcceptsAll = "TA205";
        public const string AlgorithmValidatorAcceptsAll = "TA206";

        // TA3xx: signing keys, tenants and algorithms (the Storm-0558 class)
        public const string AnyEntraTenantAccepted = "TA301";
        public const string SigningKeyNotBoundToIssuer = "TA302";
        public const string SigningKeyIssuerValidationUndone = "TA303";
        public const string KeyResolverIgnoresKeyIdAndIssuer = "TA304";
        public const string HardCodedSigningKey = "TA305";
        public const string NoneAlgorithmAllowed = "TA306";

        // TA207, TA309, TA310 (issue 19): handlers that accept everything, shared key pools, public keys as secrets
        public const string TokenHandlerAcceptsAll = "TA207";
        public const string SigningKeyPoolServesSeveralIssuers = "TA309";
        public const string PublicKeyAsHmacSecret = "TA310";
        // TA307, TA308: trust taken from the token itself
        public const string ValidationTrustsTokenValues = "TA307";
        public const string SigningKeyFromToken = "TA308";

        // TA4xx: tokens trusted without successful validation
        public const string ClaimsFromUnvalidatedToken = "TA401";
        public const string ValidationResultNotChecked = "TA402";
        public const string ValidationFailureIgnored = "TA403";
        public const string AuthenticationFailureTurnedIntoSuccess = "TA404";

        // TA5xx: configuration files
        public const string ValidationDisabledInConfiguration = "TA501";
        public const string SchemeWithoutIssuerOrAudience = "TA502";
        public const string SigningKeyInConfigurationFile = "TA503";
        public const string EntraSignInOpenToEveryTenant = "TA504";

        // TA6xx: other token libraries
        public const string JwtNetDecodesWithoutVerification = "TA601";
        public const string JoseDecodesWithoutKey = "TA602";

        /// <summary>
        /// The weaknesses (CWE numbers) a rule guards against, first the main one. They become the descriptor's
        /// <c>external/cwe/cwe-NNN</c> tags, which code-scanning tools read from SARIF, and each rule page's CWE row
        /// must name the same ones (a convention test compares them).
        /// </summary>
        public static int[] Weaknesses(string id)
        {
            switch (id)
            {
                case "TA101": return new[] { 287 };
                case "TA102": return new[] { 287, 345 };
                case "TA103": return new[] { 613 };
                case "TA104": return new[] { 347 };
                case "TA105": return new[] { 613 };
                case "TA106": return new[] { 613 };
                case "TA107": return new[] { 319, 345 };
                case "TA108": return new[] { 295, 345 };
                case "TA109": return new[] { 636, 345 };
                case "TA201": return new[] { 347 };
                case "TA202": return new[] { 287 };
                case "TA203": return new[] { 287, 345 };
                case "TA204": return new[] { 613 };
                case "TA205": return new[] { 347 };
                case "TA206": return new[] { 327, 347 };
                case "TA207": return new[] { 347, 287 };
                case "TA301": return new[] { 287, 346 };
                case "TA302": return new[] { 347 };
                case "TA303": return new[] { 347 };
                case "TA304": return new[] { 347 };
                case "TA305": return new[] { 321, 798 };
                case "TA306": return new[] { 347 };
                case "TA307": return new[] { 345, 20 };
                case "TA308": return new[] { 347, 345 };
                case "TA309": return new[] { 347, 1390 };
                case "TA310": return new[] { 347, 327 };
                case "TA401": return new[] { 345, 287 };
                case "TA402": return new[] { 252, 287 };
                case "TA403": return new[] { 390, 287 };
                case "TA404": return new[] { 287, 755 };
                case "TA501": return new[] { 287, 345, 319 };
                case "TA502": return new[] { 287, 1188 };
                case "TA503": return new[] { 798, 540 };
                case "TA504": return new[] { 287, 284 };
                case "TA601": return new[] { 347, 345 };
                case "TA602": return new[] { 347, 345 };
                default: return new int[0];
            }
        }

        public static string HelpLink(string id) =>
            "https://github.com/tokenanalyzers/TokenAnalyzers/blob/main/docs/rules/" + id + ".md";
    }
}
