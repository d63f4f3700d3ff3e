using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Engine;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// The descriptor of every rule, grouped by the rule family that reports it. They live here, not in the rules'
    /// classes, so that the analyzer lists them (<see cref="All"/>, for <c>SupportedDiagnostics</c>, in every compiler
    /// process that loads the package) without building a rule: a project without token code never runs a rule's code
    /// (issue 22: the 23 rule objects took about 6 ms of each fresh compiler process). Each rule's file opens with
    /// <c>using static</c> of this class and names its descriptors unqualified.
    /// </summary>
    internal static class RuleDescriptors
    {
        // ---- DisabledValidationRule ----

        public static readonly DiagnosticDescriptor IssuerValidationDisabled = Descriptors.Create(
            RuleIds.IssuerValidationDisabled,
            "Issuer validation is disabled",
            "ValidateIssuer is set to false, so tokens from any issuer are accepted{0}",
            "Setting ValidateIssuer to false accepts tokens issued by any authority, including tokens an attacker obtains from another tenant or identity provider. Remove the assignment and set ValidIssuer or ValidIssuers.");

        public static readonly DiagnosticDescriptor AudienceValidationDisabled = Descriptors.Create(
            RuleIds.AudienceValidationDisabled,
            "Audience validation is disabled",
            "ValidateAudience is set to false, so tokens issued for any other application are accepted{0}",
            "Setting ValidateAudience to false accepts a token issued for any other application of the same issuer. Remove the assignment and set ValidAudience or ValidAudiences.");

        public static readonly DiagnosticDescriptor LifetimeValidationDisabled = Descriptors.Create(
            RuleIds.LifetimeValidationDisabled,
            "Lifetime validation is disabled",
            "ValidateLifetime is set to false, so expired tokens and tokens without an expiry are accepted",
            "Setting ValidateLifetime to false accepts expired tokens forever; it also switches off RequireExpirationTime. Remove the assignment.");

        public static readonly DiagnosticDescriptor UnsignedTokensAccepted = Descriptors.Create(
            RuleIds.UnsignedTokensAccepted,
            "Unsigned tokens are accepted",
            "RequireSignedTokens is set to false, so an unsigned token ('alg: none') passes validation{0}",
            "Setting RequireSignedTokens to false lets a token with 'alg: none' and no signature pass validation: anyone can write such a token. Remove the assignment.");

        public static readonly DiagnosticDescriptor TokensWithoutExpiryAccepted = Descriptors.Create(
            RuleIds.TokensWithoutExpiryAccepted,
            "Tokens without expiry are accepted",
            "RequireExpirationTime is set to false, so tokens that never expire are accepted",
            "Setting RequireExpirationTime to false accepts tokens without an 'exp' claim, which stay valid forever once leaked. Remove the assignment.");

        // ---- ClockSkewRule ----

        public static readonly DiagnosticDescriptor ClockSkewTooLarge = Descriptors.Create(
            RuleIds.ClockSkewTooLarge,
            "Clock skew is too large",
            "ClockSkew is {0}, above the limit of {1}: expired tokens stay valid that much longer",
            "ClockSkew extends every token's lifetime on both ends. A large value keeps stolen or revoked tokens usable long after they expire. Keep it at or below the limit (default 5 minutes; option token_analyzers.max_clock_skew).");

        // ---- InsecureMetadataRule ----

        public static readonly DiagnosticDescriptor MetadataOverHttp = Descriptors.Create(
            RuleIds.MetadataOverHttp,
            "Signing keys may be fetched over plain HTTP",
            "{0}: signing keys and issuer metadata may be fetched over plain HTTP, where anyone on the network path can replace them",
            "The metadata document and the signing keys it points to decide which tokens are trusted. Fetched over plain HTTP, they can be replaced in transit by keys of the attacker's choosing. Use an https:// authority and leave RequireHttpsMetadata at its default (true).");

        // ---- MetadataCertificateValidationRule ----

        public static readonly DiagnosticDescriptor MetadataWithoutCertificateValidation = Descriptors.Create(
            RuleIds.MetadataWithoutCertificateValidation,
            "Signing-key metadata is fetched without TLS certificate validation",
            "{0} accepts every TLS certificate on the channel that fetches the signing keys: anyone on the network path can serve their own keys and forge any token; remove the callback",
            "The metadata document and the signing keys decide which tokens are trusted. A certificate callback that accepts every certificate on the backchannel lets an on-path attacker impersonate the identity provider over https:// and hand out their own signing keys, while the configuration still looks secure. Remove the callback (trust the identity provider's certificate through the machine's trust store instead), or validate the certificate for real (SslPolicyErrors.None, a pinned thumbprint).");

        // ---- PresenceTestedValidationRule ----

        public static readonly DiagnosticDescriptor ValidationOnlyWhenConfigured = Descriptors.Create(
            RuleIds.ValidationOnlyWhenConfigured,
            "Validation is switched on only when its value is configured",
            "{0} is true only when '{1}' is configured: where the setting is missing, {2}; set it to true so that a missing setting rejects tokens instead{3}",
            "A validation flag computed from whether its value is configured (ValidateIssuer = !string.IsNullOrEmpty(issuer)) silently switches the check off in exactly the environment where the setting is missing, and every token then passes it. Set the flag to true: with the value configured nothing changes, without it every token is rejected (fail closed) instead of accepted.");

        // ---- AcceptAllValidatorRule ----

        public static readonly DiagnosticDescriptor SignatureValidationBypassed = Descriptors.Create(
            RuleIds.SignatureValidationBypassed,
            "Signature validation is bypassed",
            "{0} returns a token that was only parsed{1}",
            "A signature validator that only parses the token replaces signature validation entirely: RequireSignedTokens, the signing keys and ValidAlgorithms are all ignored, and anyone can write a token that passes. It is often added to silence 401 errors after an upgrade whose real cause is mismatched Microsoft.IdentityModel package versions. Remove the delegate and align the package versions.");

        public static readonly DiagnosticDescriptor IssuerValidatorAcceptsAll = Descriptors.Create(
            RuleIds.IssuerValidatorAcceptsAll,
            "Issuer validator accepts any issuer",
            "{0} returns its issuer argument (or a constant) without checking it, so tokens from any issuer are accepted{1}",
            "An issuer validator that hands back its input accepts tokens from every issuer, including another tenant's or an attacker's identity provider; ValidIssuer(s) are ignored because the delegate replaces the built-in check. Remove the delegate or compare the issuer with an allow-list.");

        public static readonly DiagnosticDescriptor AudienceValidatorAcceptsAll = Descriptors.Create(
            RuleIds.AudienceValidatorAcceptsAll,
            "Audience validator accepts any audience",
            "{0} returns true without checking the audience, so tokens issued for any other application are accepted{1}",
            "An audience validator that always returns true accepts a token issued for any application of the same issuer. Remove the delegate and set ValidAudience(s).");

        public static readonly DiagnosticDescriptor LifetimeValidatorAcceptsAll = Descriptors.Create(
            RuleIds.LifetimeValidatorAcceptsAll,
            "Lifetime validator accepts any lifetime",
            "{0} returns true without checking the lifetime, so expired tokens are accepted forever",
            "A lifetime validator that always returns true keeps every token valid forever, including stolen and expired ones. Remove the delegate.");

        public static readonly DiagnosticDescriptor SigningKeyValidatorAcceptsAll = Descriptors.Create(
            RuleIds.SigningKeyValidatorAcceptsAll,
            "Signing-key validator accepts any key",
            "{0} returns true without checking the signing key",
            "A signing-key validator that always returns true accepts any key the token names among the trusted keys, whatever its issuer or validity; the UsingConfiguration variant also removes the check added by EnableAadSigningKeyIssuerValidation(). Remove the delegate.");

        public static readonly DiagnosticDescriptor AlgorithmValidatorAcceptsAll = Descriptors.Create(
            RuleIds.AlgorithmValidatorAcceptsAll,
            "Algorithm validator accepts any algorithm",
            "{0} returns true without checking the algorithm, so ValidAlgorithms is ignored",
            "An algorithm validator that always returns true accepts every algorithm, ValidAlgorithms included or not, which opens the door to algorithm-confusion attacks. Remove the delegate and use ValidAlgorithms.");

        // ---- TokenHandlerAcceptsAllRule ----

        public static readonly DiagnosticDescriptor TokenHandlerAcceptsAll = Descriptors.Create(
            RuleIds.TokenHandlerAcceptsAll,
            "Token handler accepts every token",
            "{0}.{1} returns success on every path without validating the token: plugged into JwtBearer (TokenHandlers or SecurityTokenValidators) it authenticates forged, expired and foreign tokens alike; call the base handler's validation and return its result, or reject",
            "JwtBearer trusts the handlers in JwtBearerOptions.TokenHandlers (SecurityTokenValidators before .NET 8): a TokenValidationResult with IsValid = true, or a ClaimsPrincipal, authenticates the request. A handler override that returns success without checking the signature, issuer, audience and lifetime makes every other setting irrelevant. Call base.ValidateTokenAsync (or another handler's validation) and add your checks after it, rejecting with IsValid = false or an exception.");

        // ---- EntraTenantRule ----

        public static readonly DiagnosticDescriptor AnyEntraTenantAccepted = Descriptors.Create(
            RuleIds.AnyEntraTenantAccepted,
            "Tokens from any Entra ID tenant are accepted",
            "{0}, and the keys come from Entra ID ({1}), which signs tokens for every tenant: a token from any tenant, or from a personal Microsoft account, is accepted{2}",
            "Entra ID publishes one signing key set for all tenants and for consumer (MSA) accounts. When issuer validation is off, accept-all, or only checks the shape of the issuer (a prefix, suffix, substring or host), a token issued to any tenant passes. Validate the issuer against the tenants you trust, for example with AadIssuerValidator.GetAadIssuerValidator(authority).Validate and ValidIssuers.");

        // ---- SigningKeyIssuerRule ----

        public static readonly DiagnosticDescriptor SigningKeyNotBoundToIssuer = Descriptors.Create(
            RuleIds.SigningKeyNotBoundToIssuer,
            "Signing key is not bound to its issuer",
            "The keys come from Entra ID ({0}), but EnableAadSigningKeyIssuerValidation() {1}: a key Entra ID publishes for one issuer, such as a consumer-account key, then validates tokens of any other tenant{2}",
            "Entra ID publishes one signing key set for every tenant and for consumer (MSA) accounts, and each key names the issuer it may sign for. Unless EnableAadSigningKeyIssuerValidation() (package Microsoft.IdentityModel.Validators) is called on the TokenValidationParameters, that binding is never checked: in 2023 (Storm-0558) a consumer signing key was accepted for enterprise tokens this way.");

        public static readonly DiagnosticDescriptor SigningKeyIssuerValidationUndone = Descriptors.Create(
            RuleIds.SigningKeyIssuerValidationUndone,
            "Signing-key issuer validation is undone",
            "{0} after EnableAadSigningKeyIssuerValidation() silently removes the check that a signing key belongs to the token's issuer; call it after this assignment",
            "EnableAadSigningKeyIssuerValidation() installs its check on the TokenValidationParameters object it is called on, through IssuerSigningKeyValidatorUsingConfiguration. Replacing TokenValidationParameters, assigning IssuerSigningKeyValidatorUsingConfiguration, or assigning a SignatureValidator afterwards removes or bypasses it without any error. Call it after the last such assignment.");

        /// <summary>
        /// TA303 where Microsoft.Identity.Web made the call, in its own options callback: the same id, a message that
        /// names the registration. Not in <see cref="All"/>, as <see cref="MissingTidSwitch"/>.
        /// </summary>
        public static readonly DiagnosticDescriptor SigningKeyIssuerValidationUndoneAfterIdentityWeb = Descriptors.Create(
            RuleIds.SigningKeyIssuerValidationUndone,
            "Signing-key issuer validation is undone",
            "{0} in a callback that runs after Microsoft.Identity.Web's {1}() configured scheme '{2}' silently removes the check that a signing key belongs to the token's issuer, which it enabled (EnableAadSigningKeyIssuerValidation()); call it after this assignment",
            "Microsoft.Identity.Web calls EnableAadSigningKeyIssuerValidation() in an options callback of its own. An application callback for the same scheme that runs after it (a Configure registered later, a PostConfigure, ConfigureAll) works on the parameters it protected: replacing TokenValidationParameters, or assigning IssuerSigningKeyValidatorUsingConfiguration or a SignatureValidator, removes or bypasses the check without any error. Call it after the last such assignment.");

        /// <summary>
        /// TA303 for the AppContext switch: the same id, a message that fits a call rather than an assignment. Not in
        /// <see cref="All"/> (the host lists one descriptor per id; Roslyn checks a report by its id).
        /// </summary>
        public static readonly DiagnosticDescriptor MissingTidSwitch = Descriptors.Create(
            RuleIds.SigningKeyIssuerValidationUndone,
            "Signing-key issuer validation is undone",
            "The AppContext switch '{0}' lets a token without a 'tid' claim skip the check that its signing key belongs to its issuer (EnableAadSigningKeyIssuerValidation()); remove the call",
            "EnableAadSigningKeyIssuerValidation() checks that the key which signed a token belongs to the token's issuer and tenant. The AppContext switch Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning makes that check pass for every token without a 'tid' claim, for the whole process: a token minted without 'tid' (a consumer or forged token) is then accepted with any key Entra ID publishes. Remove the SetSwitch call.");

        // ---- KeyResolverRule ----

        public static readonly DiagnosticDescriptor KeyResolverIgnoresKeyIdAndIssuer = Descriptors.Create(
            RuleIds.KeyResolverIgnoresKeyIdAndIssuer,
            "Signing keys are chosen without the key id or issuer",
            "{0} never reads the key id nor the token's issuer: every key it returns is trusted for every issuer",
            "A signing-key resolver that ignores the token's key id (kid) and issuer hands back the same pool of keys for every token, so a key trusted for one issuer or tenant validates tokens that claim another. Look the keys up by kid and by the token's issuer (or tid).");

        // ---- NoneAlgorithmRule ----

        public static readonly DiagnosticDescriptor NoneAlgorithmAllowed = Descriptors.Create(
            RuleIds.NoneAlgorithmAllowed,
            "Unsigned-token algorithm is allowed",
            "ValidAlgorithms allows \"none\", the algorithm of unsigned tokens",
            "\"none\" is the algorithm of a token without a signature. Listing it among the allowed algorithms states that unsigned tokens are acceptable; combined with RequireSignedTokens = false anyone can write a token that passes. Remove it from ValidAlgorithms.");

        // ---- HardCodedKeyRule ----

        public static readonly DiagnosticDescriptor HardCodedSigningKey = Descriptors.Create(
            RuleIds.HardCodedSigningKey,
            "Signing key is hard-coded",
            "The SymmetricSecurityKey is created from a constant: anyone who can read the code or the binary can sign tokens this API accepts",
            "A symmetric key both signs and verifies. Written into the source it ends up in the repository, in every build output and in decompiled binaries, and it cannot be rotated without a release. Load it from a secret store, configuration or the environment.");

        public static readonly DiagnosticDescriptor PublicKeyAsHmacSecret = Descriptors.Create(
            RuleIds.PublicKeyAsHmacSecret,
            "Public key material is used as an HMAC secret",
            "The SymmetricSecurityKey is made from public key material ({0}): whoever can read the public key (a JWKS, a certificate, a PEM file) can sign tokens this API accepts; verify with the public key itself (RsaSecurityKey, ECDsaSecurityKey, X509SecurityKey) and allow only asymmetric algorithms",
            "An HMAC key both signs and verifies, so it must be secret. A public key, a certificate or a hash of either is published by design: building a SymmetricSecurityKey from it lets anyone who fetched the public key compute valid HS256 signatures. This is the RS256/HS256 algorithm-confusion attack written by hand. Validate with the asymmetric key and restrict ValidAlgorithms to the asymmetric algorithms.");

        // ---- TrustFromTokenRule ----

        public static readonly DiagnosticDescriptor ValuesFromValidatedToken = Descriptors.Create(
            RuleIds.ValidationTrustsTokenValues,
            "Validation trusts values taken from the token it validates",
            "{0} gets a value read from the token it is meant to check: an attacker's token names its own {1} and is accepted{2}. Validate against a fixed allow-list of {1}s from configuration, never against values read from the token.",
            "ValidIssuer(s) and ValidAudience(s) are the allow-lists a token is checked against. Filling them from the unvalidated token itself (its iss, tid or aud) makes every token pass that check: anyone with a token from any tenant or issuer the signing keys cover is accepted. Added to a shared or static list, one attacker's token widens it for every later request. Use a fixed allow-list; to choose among pre-configured issuers, use the token's value only as a lookup key.");

        public static readonly DiagnosticDescriptor KeyFromValidatedToken = Descriptors.Create(
            RuleIds.SigningKeyFromToken,
            "Signing key or key location is taken from the token itself",
            "{0} comes from the token being validated ({1}): an attacker puts their own key, or the URL of their own keys, into the token and it verifies their forged token. Take signing keys only from trusted configuration or the metadata of an issuer on a fixed allow-list.",
            "A key built from the token's jwk or x5c header, or downloaded from a URL the token names (jku, x5u, iss, tid), is chosen by whoever wrote the token: the signature then proves nothing (JWT header injection, RFC 8725 section 3.10). Use keys from configuration or from the metadata of a known issuer; a DPoP proof (typ dpop+jwt) and an x5c chain validated against a pinned root are the exceptions.");

        // ---- SigningKeyPoolRule ----

        private const string SigningKeyPoolTitle = "One signing-key pool serves several issuers";
        private const string SigningKeyPoolMessage = "{0}: the keys form one pool with no binding to their issuer, so whoever holds any key of it (a partner, a developer, a leaked test key) can sign tokens that claim every issuer it serves; use a separate authentication scheme per issuer, or an IssuerSigningKeyResolver that returns only the keys of the token's issuer";
        private const string SigningKeyPoolDescription = "Microsoft.IdentityModel tries every key of IssuerSigningKey(s) (and JwtBearer adds the Authority's metadata keys to them) against a token from any accepted issuer: nothing ties a key to the issuer it belongs to. A key trusted for one issuer then validates tokens that claim another, as a consumer key validated enterprise tokens in Storm-0558. Give each issuer its own scheme (AddJwtBearer per issuer, combined with a policy scheme), or resolve keys by the token's issuer.";

        public static readonly DiagnosticDescriptor SigningKeyPoolServesSeveralIssuers = Descriptors.Create(
            RuleIds.SigningKeyPoolServesSeveralIssuers, SigningKeyPoolTitle, SigningKeyPoolMessage, SigningKeyPoolDescription);

        /// <summary>
        /// Form (c), reported at compilation end once the registered schemes are known: the same id, tagged as a
        /// compilation-end diagnostic. Not in <see cref="All"/> (the host lists one descriptor per id; Roslyn checks
        /// a report by its id).
        /// </summary>
        public static readonly DiagnosticDescriptor SigningKeyPoolInConfiguration = Descriptors.Create(
            RuleIds.SigningKeyPoolServesSeveralIssuers, SigningKeyPoolTitle, SigningKeyPoolMessage, SigningKeyPoolDescription, WellKnownDiagnosticTags.CompilationEnd);

        // ---- UnvalidatedClaimsRule ----

        public static readonly DiagnosticDescriptor ClaimsFromUnvalidatedToken = Descriptors.Create(
            RuleIds.ClaimsFromUnvalidatedToken,
            "Claims are read from an unvalidated token",
            "The claims of a token made by '{0}' are read{1}, but the token was only parsed: its signature, issuer, audience and lifetime were never validated",
            "ReadJwtToken, ReadToken, ReadJsonWebToken and the JwtSecurityToken/JsonWebToken string constructors only decode the token: anyone can write a token with any claims. Validate the token string with ValidateTokenAsync (and check IsValid) before trusting its claims.");

        // ---- UncheckedValidationResultRule ----

        public static readonly DiagnosticDescriptor ValidationResultNotChecked = Descriptors.Create(
            RuleIds.ValidationResultNotChecked,
            "Validation result is not checked",
            "The result of '{0}' is {1}: this API does not throw for an invalid token, it returns IsValid == false",
            "ValidateTokenAsync and JsonWebTokenHandler.ValidateToken (obsolete in newer versions) return a TokenValidationResult with IsValid == false for a forged, expired or foreign token instead of throwing. Read IsValid before using the result's identity, claims or token.");

        // ---- IgnoredValidationFailureRule ----

        public static readonly DiagnosticDescriptor ValidationFailureIgnored = Descriptors.Create(
            RuleIds.ValidationFailureIgnored,
            "Token validation failure is ignored",
            "This catch swallows the exception '{0}' throws for an invalid token, and execution carries on as if the token were valid",
            "JwtSecurityTokenHandler.ValidateToken (and every ISecurityTokenValidator) reports an invalid token by throwing a SecurityTokenException. A catch that swallows it and carries on accepts forged, expired and foreign tokens. Rethrow, or return a failure.");

        // ---- AuthenticationFailureSuccessRule ----

        public static readonly DiagnosticDescriptor AuthenticationFailureTurnedIntoSuccess = Descriptors.Create(
            RuleIds.AuthenticationFailureTurnedIntoSuccess,
            "Authentication failure is turned into success",
            "{0} in OnAuthenticationFailed authenticates a request whose token failed validation",
            "JwtBearerEvents.OnAuthenticationFailed runs after the token failed validation. Calling context.Success() or setting context.Principal there makes JwtBearerHandler return success for a forged, expired or foreign token. Log, add headers, or call context.Fail/NoResult instead.");

        /// <summary>
        /// TA404 in OnMessageReceived: the same id, a message that says no token was checked yet. Not in <see cref="All"/>
        /// (the host lists one descriptor per id; Roslyn checks a report by its id).
        /// </summary>
        public static readonly DiagnosticDescriptor AuthenticationSuccessInMessageReceived = Descriptors.Create(
            RuleIds.AuthenticationFailureTurnedIntoSuccess,
            "Authentication failure is turned into success",
            "{0} in OnMessageReceived authenticates the request before any token was validated, and this handler validates none itself",
            "JwtBearerEvents.OnMessageReceived runs before JwtBearerHandler reads and validates the token. Calling context.Success() or setting context.Principal there, without validating a token in the handler, authenticates every request that reaches it. Set context.Token (JwtBearer then validates it), or validate the token in the handler and call context.Fail on failure.");

        // ---- ConfigurationFileRule ----

        public static readonly DiagnosticDescriptor ValidationDisabledInConfiguration = Descriptors.Create(
            RuleIds.ValidationDisabledInConfiguration,
            "Token validation is disabled in configuration",
            "'{0}' is set to false in configuration: {1}",
            "Options bound from configuration (JwtBearer's Authentication:Schemes section, Configuration.Bind, IOptions<T>) take ValidateIssuer, ValidateAudience, ValidateLifetime, RequireSignedTokens, RequireExpirationTime and RequireHttpsMetadata from appsettings files. A false there switches the check off as surely as in code. Remove the key (the library default is the secure value).");

        public static readonly DiagnosticDescriptor SchemeWithoutIssuerOrAudience = Descriptors.Create(
            RuleIds.SchemeWithoutIssuerOrAudience,
            "Bearer scheme from configuration has no issuer or audience",
            "Authentication scheme '{0}' is configured from this file without {1}: the referenced JwtBearer (7.0 to 8.0.6) then switches that validation off and accepts tokens of any issuer or for any audience; name them in the section, or update JwtBearer to 8.0.7 or later",
            "JwtBearer reads a non-empty Authentication:Schemes:<name> section (JwtBearerConfigureOptions) and replaces the scheme's TokenValidationParameters with values from it. JwtBearer 7.0.x and 8.0.0-8.0.6 set ValidateIssuer = (number of ValidIssuer/ValidIssuers) > 0 and ValidateAudience likewise, so a section without them silently accepts tokens from any issuer or for any audience. From 8.0.7 on the checks stay on (a section without the lists then rejects every token), and JwtBearer 6.0 does not read the section: this rule reports only for the affected versions. Name the accepted issuers and audiences in the section, or update JwtBearer.",
            WellKnownDiagnosticTags.CompilationEnd);

        // ---- CommittedSigningKeyRule ----

        public static readonly DiagnosticDescriptor SigningKeyInConfigurationFile = Descriptors.Create(
            RuleIds.SigningKeyInConfigurationFile,
            "Signing key is committed in a configuration file",
            "'{0}' is a signing key committed in this file ({1}): everyone who can read the repository can sign tokens the application accepts; keep the key out of the repository (user secrets, environment, a key vault) and rotate it",
            "A symmetric key both signs and verifies. Committed to appsettings.json, it is in every clone, fork, build log and container image of the repository, and whoever has it can mint tokens for any user and role. Leave the value empty or a reference in the committed file, supply the key at run time from user secrets, the environment or a key vault, and rotate the key that was committed.",
            WellKnownDiagnosticTags.CompilationEnd);

        // ---- OpenTenantRule ----

        public static readonly DiagnosticDescriptor EntraSignInOpenToEveryTenant = Descriptors.Create(
            RuleIds.EntraSignInOpenToEveryTenant,
            "Entra ID sign-in is open to every tenant",
            "'{0}' is '{1}' and nothing in the project checks the token's tenant: Microsoft.Identity.Web then authenticates {2}; check the tid claim against the tenants you serve (an allow-list in OnTokenValidated, an authorization policy, or an IssuerValidator that checks the issuer), or name your tenant",
            "With TenantId common, organizations or consumers, Microsoft.Identity.Web accepts a token from any Entra ID tenant (or any personal Microsoft account): its issuer validation fills the {tenantid} of the issuer template from the token's own tid claim, so it checks the issuer's format, not who issued it. Anyone can create a tenant and sign in to such an application (the BingBang class; MSRC guidance of March 2023). A single-tenant application names its tenant; a multi-tenant one checks tid against the tenants it serves.",
            WellKnownDiagnosticTags.CompilationEnd);

        // ---- JwtNetDecodeRule ----

        public static readonly DiagnosticDescriptor JwtNetDecodesWithoutVerification = Descriptors.Create(
            RuleIds.JwtNetDecodesWithoutVerification,
            "JWT.NET decodes without verifying the signature",
            "{0}: the token's signature is not verified, so anyone can forge a token with any claims and it is accepted{1}",
            "JWT.NET decodes a token without checking its signature when told so (DoNotVerifySignature, WithVerifySignature(false), ValidationParameters.None, verify: false, NoneAlgorithm, a JwtDecoder without a validator) and, before version 9.0 (builder) or 10.0 (one-argument decoder.Decode), by default. Verify the signature with the key or secret the tokens are signed with: MustVerifySignature() on the builder, verify: true on the decoder.");

        // ---- JoseDecodeRule ----

        public static readonly DiagnosticDescriptor JoseDecodesWithoutKey = Descriptors.Create(
            RuleIds.JoseDecodesWithoutKey,
            "jose-jwt decodes without a key",
            "'{0}' reads the token without verifying it: {1}, so anyone can forge a token with any claims. Decode it with the key and the expected algorithm (JWT.Decode(token, key, JwsAlgorithm.HS256)).",
            "Jose.JWT.Decode without a key (or with a null key) and without an expected algorithm accepts a token whose header says alg: none and that carries no signature; JWT.Payload only base64-decodes the payload. Claims read that way are whatever the sender wrote. Pass the verification key and the algorithm the tokens must use.");

        /// <summary>Every descriptor a rule reports under its own id, once each, in the order of the rule families.</summary>
        public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
            IssuerValidationDisabled,
            AudienceValidationDisabled,
            LifetimeValidationDisabled,
            UnsignedTokensAccepted,
            TokensWithoutExpiryAccepted,
            ClockSkewTooLarge,
            MetadataOverHttp,
            MetadataWithoutCertificateValidation,
            ValidationOnlyWhenConfigured,
            SignatureValidationBypassed,
            IssuerValidatorAcceptsAll,
            AudienceValidatorAcceptsAll,
            LifetimeValidatorAcceptsAll,
            SigningKeyValidatorAcceptsAll,
            AlgorithmValidatorAcceptsAll,
            TokenHandlerAcceptsAll,
            AnyEntraTenantAccepted,
            SigningKeyNotBoundToIssuer,
            SigningKeyIssuerValidationUndone,
            KeyResolverIgnoresKeyIdAndIssuer,
            NoneAlgorithmAllowed,
            HardCodedSigningKey,
            PublicKeyAsHmacSecret,
            ValuesFromValidatedToken,
            KeyFromValidatedToken,
            SigningKeyPoolServesSeveralIssuers,
            ClaimsFromUnvalidatedToken,
            ValidationResultNotChecked,
            ValidationFailureIgnored,
            AuthenticationFailureTurnedIntoSuccess,
            ValidationDisabledInConfiguration,
            SchemeWithoutIssuerOrAudience,
            SigningKeyInConfigurationFile,
            EntraSignInOpenToEveryTenant,
            JwtNetDecodesWithoutVerification,
            JoseDecodesWithoutKey);
    }
}
