namespace TokenAnalyzers
{
    /// <summary>Keys of <c>Diagnostic.Properties</c> the code fixes read (the analyzer computes, the fixer applies).</summary>
    public static class FixProperties
    {
        /// <summary>TA301: the constant authority for <c>AadIssuerValidator.GetAadIssuerValidator(authority)</c>; absent when no fix applies.</summary>
        public const string Authority = "Authority";

        /// <summary>TA301: "Replace" (write the AadIssuerValidator) or "Remove" (another assignment of the same object gets it).</summary>
        public const string IssuerFix = "IssuerFix";

        /// <summary>TA302: the receiver of the inserted call, e.g. <c>options.TokenValidationParameters</c>; absent when no fix applies.</summary>
        public const string Receiver = "Receiver";

        /// <summary>TA302/TA303: span of the statement (or expression-bodied lambda body) after which a call goes.</summary>
        public const string AnchorStart = "AnchorStart";
        public const string AnchorLength = "AnchorLength";

        /// <summary>TA303: span of the <c>EnableAadSigningKeyIssuerValidation()</c> statement to move.</summary>
        public const string CallStart = "CallStart";
        public const string CallLength = "CallLength";

        /// <summary>TA306: spans of the "none" elements, as "start:length;start:length", and whether they are all the elements.</summary>
        public const string Elements = "Elements";
        public const string RemovesAll = "RemovesAll";

        /// <summary>TA109: present when replacing the presence test with <c>true</c> keeps legitimate callers working.</summary>
        public const string ReplaceWithTrue = "ReplaceWithTrue";

        /// <summary>TA108: present when the callback assignment may be removed (not in development-only code).</summary>
        public const string RemoveCertificateCallback = "RemoveCertificateCallback";
    }
}
