namespace TokenAnalyzers
{
    /// <summary>Keys of <c>Diagnostic.Properties</c> the code fixes read (the analyzer computes, the fixer applies).</summary>
    public static class FixProperties
    {
        /// <summary>TA301: the constant authority for <c>AadIssuerValidator.GetAadIssuerValidator(authority)</c>; absent when no fix applies.</summary>
        public const string Authority = "Authority";

        /// <summary>
        /// TA301: the fully qualified name of the constant field the options' Authority is set from, when it holds the
        /// authority itself (<c>global::Ns.C.Authority</c>): the fix names it instead of repeating its value.
        /// </summary>
        public const string AuthorityConstant = "AuthorityConstant";

        /// <summary>
        /// TA301: index in <c>Diagnostic.AdditionalLocations</c> of the expression the options' Authority is built from
        /// out of constants (<c>$"{Instance}{TenantId}/v2.0"</c>), when its value is the authority itself: the fix writes
        /// the same expression where every name in it means the same.
        /// </summary>
        public const int AuthorityExpressionLocation = 0;

        /// <summary>TA301: "Replace" (write the AadIssuerValidator) or "Remove" (another assignment of the same object gets it).</summary>
        public const string IssuerFix = "IssuerFix";

        /// <summary>TA302: the receiver of the inserted call, e.g. <c>options.TokenValidationParameters</c>; absent when no fix applies.</summary>
        public const string Receiver = "Receiver";

        /// <summary>
        /// TA302: present when the keys come from the Authority or MetadataAddress of JwtBearerOptions, where the call
        /// needs JwtBearer 8.0 or later to check anything; the fixer declines where another target framework of the
        /// project references an older one.
        /// </summary>
        public const string ThroughJwtBearerAuthority = "ThroughJwtBearerAuthority";

        /// <summary>
        /// TA302/TA303: index in <c>Diagnostic.AdditionalLocations</c> of the statement (or expression-bodied lambda
        /// body) after which a call goes. Nodes travel as additional locations, never as spans in strings.
        /// </summary>
        public const int AnchorLocation = 0;

        /// <summary>TA303: index in <c>Diagnostic.AdditionalLocations</c> of the <c>EnableAadSigningKeyIssuerValidation()</c> statement to move.</summary>
        public const int CallLocation = 1;

        /// <summary>TA306: whether the "none" elements (the diagnostic's additional locations) are all the elements.</summary>
        public const string RemovesAll = "RemovesAll";

        /// <summary>TA601: which verification fix applies ("MustVerify", "VerifyArgumentTrue", "InsertMustVerify"); absent when none does.</summary>
        public const string VerifySignatureFix = "VerifySignatureFix";

        /// <summary>TA601: the index, in the call's argument list, of the argument to set to <c>true</c>.</summary>
        public const string VerifyArgument = "VerifyArgument";

        /// <summary>TA109: present when replacing the presence test with <c>true</c> keeps legitimate callers working.</summary>
        public const string ReplaceWithTrue = "ReplaceWithTrue";

        /// <summary>TA108: present when the callback assignment may be removed (not in development-only code).</summary>
        public const string RemoveCertificateCallback = "RemoveCertificateCallback";
        /// <summary>
        /// TA101-TA105, TA107, TA201-TA205, TA404: "true" when removing the assignment (TA404: the statement) keeps the
        /// application working (RULES.md "Code fixes must not lock users out"); the removal is offered only then.
        /// </summary>
        public const string RemoveAssignment = "RemoveAssignment";

        /// <summary>The one value of <see cref="RemoveAssignment"/> that offers the fix.</summary>
        public const string Offered = "true";

        /// <summary>The properties of a diagnostic whose remove-assignment fix is offered, built once for every rule that decides it.</summary>
        internal static readonly System.Collections.Immutable.ImmutableDictionary<string, string?> RemoveAssignmentOffered =
            System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add(RemoveAssignment, Offered);

        /// <summary>
        /// TA302, for a parameters (or options) object that no variable names (<c>return new TokenValidationParameters { ... }</c>):
        /// the member path from the created object to its parameters object (<c>""</c>, or <c>.TokenValidationParameters</c>
        /// for an options object). The creation expression is at <see cref="AnchorLocation"/>; the fix stores it in a fresh local.
        /// </summary>
        public const string NewObjectPath = "NewObjectPath";
    }
}
