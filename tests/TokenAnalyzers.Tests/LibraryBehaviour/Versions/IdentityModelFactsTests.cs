using static TokenAnalyzers.Tests.LibraryBehaviour.Versions.IdentityModelVersions;

namespace TokenAnalyzers.Tests.LibraryBehaviour.Versions;

/// <summary>
/// The facts RULES.md states about Microsoft.IdentityModel's own behaviour, proven with the real library of every
/// version it supports: 6.33.0 (the oldest with the <c>...UsingConfiguration</c> delegates), 7.7.3 and 8.23.0. Each
/// fact is one proof (a method of <c>Versions/Proofs</c>) run against each version (<see cref="IdentityModelVersions"/>);
/// its result names the outcome with both handlers (<c>JsonWebTokenHandler</c> and <c>JwtSecurityTokenHandler</c>, one
/// outcome where they agree). Where a version behaves differently the test says so, and docs/compatibility.md records it.
/// The 8.x-only library-behaviour tests beside this folder go further (JwtBearer, metadata channels); these pin the
/// premises every version must share.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA106")]
[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
[Trait("Rule", "TA301")]
[Trait("Rule", "TA302")]
[Trait("Rule", "TA303")]
[Trait("Rule", "TA304")]
[Trait("Rule", "TA305")]
[Trait("Rule", "TA307")]
[Trait("Rule", "TA308")]
[Trait("Rule", "TA310")]
[Trait("Rule", "TA401")]
[Trait("Rule", "TA402")]
public class IdentityModelFactsTests
{
    private const string Accepted = "accepted";

    private static string Rejected(string exception) => "rejected: " + exception;

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task The_proofs_run_with_that_version_not_the_hosts(string version) =>
        // Logging 6.33.0 is not served: 6.33.0 runs with Logging 6.34.0, as an application does that also references JwtBearer 7.0.
        Assert.Equal(version == "6.33.0" ? "6.33.0 6.34.0" : version, await RunAsync(version, "LoadedVersions"));

    /// <summary>Terms: every check is on by default; ValidateIssuerSigningKey is off; the clock skew is five minutes.</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TokenValidationParameters_defaults(string version) => Assert.Equal(
        "ValidateIssuer=True ValidateAudience=True ValidateLifetime=True RequireSignedTokens=True RequireExpirationTime=True " +
        "ValidateIssuerSigningKey=False RequireAudience=True ClockSkew=00:05:00 TryAllIssuerSigningKeys=True",
        await RunAsync(version, "Defaults"));

    // ---- TA1xx ----

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA101_ValidateIssuer_false_accepts_a_foreign_issuer(string version) => Assert.Equal(
        $"default: {Rejected("SecurityTokenInvalidIssuerException")}; off: {Accepted}", await RunAsync(version, "ValidateIssuerFalse"));

    /// <summary>TA101's non-trigger: the library runs an IssuerValidator even when ValidateIssuer is false (twice per handler here).</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA101_an_IssuerValidator_still_decides_when_ValidateIssuer_is_false(string version) => Assert.Equal(
        $"foreign: {Rejected("SecurityTokenInvalidIssuerException")}; own: {Accepted}; calls: 4", await RunAsync(version, "IssuerValidatorRunsWhenValidateIssuerIsFalse"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA102_ValidateAudience_false_accepts_a_foreign_audience(string version) => Assert.Equal(
        $"default: {Rejected("SecurityTokenInvalidAudienceException")}; off: {Accepted}", await RunAsync(version, "ValidateAudienceFalse"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA102_an_AudienceValidator_still_decides_when_ValidateAudience_is_false(string version) => Assert.Equal(
        $"foreign: {Rejected("SecurityTokenInvalidAudienceException")}; own: {Accepted}; calls: 4", await RunAsync(version, "AudienceValidatorRunsWhenValidateAudienceIsFalse"));

    /// <summary>TA103: ValidateLifetime = false also switches off RequireExpirationTime (a token without exp passes).</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA103_ValidateLifetime_false_accepts_expired_tokens_and_tokens_without_exp(string version) => Assert.Equal(
        $"expired default: {Rejected("SecurityTokenExpiredException")}; expired off: {Accepted}; " +
        $"no exp default: {Rejected("SecurityTokenNoExpirationException")}; no exp off (RequireExpirationTime=True): {Accepted}",
        await RunAsync(version, "ValidateLifetimeFalse"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA103_a_LifetimeValidator_still_decides_when_ValidateLifetime_is_false(string version) => Assert.Equal(
        $"expired: {Rejected("SecurityTokenInvalidLifetimeException")}; current: {Accepted}; calls: 4", await RunAsync(version, "LifetimeValidatorRunsWhenValidateLifetimeIsFalse"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA104_RequireSignedTokens_false_accepts_an_alg_none_token(string version) => Assert.Equal(
        $"default: {Rejected("SecurityTokenInvalidSignatureException")}; off: {Accepted}", await RunAsync(version, "RequireSignedTokensFalse"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA105_RequireExpirationTime_false_accepts_a_token_without_exp(string version) => Assert.Equal(
        $"default: {Rejected("SecurityTokenNoExpirationException")}; off: {Accepted}", await RunAsync(version, "RequireExpirationTimeFalse"));

    /// <summary>TA105's non-trigger: a LifetimeValidator decides instead, and RequireExpirationTime is not read.</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA105_a_LifetimeValidator_decides_and_RequireExpirationTime_is_not_read(string version) => Assert.Equal(
        $"validator, flag off: {Accepted}; validator, flag on: {Accepted}; no validator, flag on: {Rejected("SecurityTokenNoExpirationException")}",
        await RunAsync(version, "LifetimeValidatorDecidesWhatRequireExpirationTimeWould"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA106_a_large_ClockSkew_accepts_a_token_expired_half_an_hour_ago(string version) => Assert.Equal(
        $"default: {Rejected("SecurityTokenExpiredException")}; one hour: {Accepted}", await RunAsync(version, "LargeClockSkew"));

    /// <summary>Why ValidateIssuerSigningKey = false is not reported: the signature is still checked.</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task ValidateIssuerSigningKey_false_keeps_signature_validation(string version) => Assert.Equal(
        $"forged, off: {Rejected("SecurityTokenInvalidSignatureException")}; genuine, off: {Accepted}",
        await RunAsync(version, "ValidateIssuerSigningKeyFalseKeepsSignatureValidation"));

    /// <summary>
    /// RequireAudience (not reported by any rule). Differs: up to 7.7.3 the handlers ignore RequireAudience = false and
    /// still reject a token without <c>aud</c>; 8.23.0 accepts it. A foreign audience is rejected by every version.
    /// </summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task RequireAudience_false_accepts_a_token_without_aud_only_from_8x(string version) => Assert.Equal(
        $"no aud default: {Rejected("SecurityTokenInvalidAudienceException")}; " +
        $"no aud off: {(version.StartsWith("8.", StringComparison.Ordinal) ? Accepted : Rejected("SecurityTokenInvalidAudienceException"))}; " +
        $"foreign off: {Rejected("SecurityTokenInvalidAudienceException")}",
        await RunAsync(version, "RequireAudienceFalse"));

    // ---- TA2xx ----

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA201_a_parse_only_SignatureValidator_accepts_forged_and_unsigned_tokens_despite_RequireSignedTokens_and_ValidAlgorithms(string version) => Assert.Equal(
        $"forged default: {Rejected("SecurityTokenInvalidSignatureException")}; forged parse-only: {Accepted}; unsigned parse-only: {Accepted}",
        await RunAsync(version, "ParseOnlySignatureValidator"));

    /// <summary>TA201's message beside <c>ValidateIssuerSigningKey = true</c>: every token is rejected, the genuine ones too (round AU).</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA201_a_parse_only_SignatureValidator_beside_ValidateIssuerSigningKey_rejects_every_token(string version) => Assert.Equal(
        $"genuine: {Rejected("ArgumentNullException")}; forged: {Rejected("ArgumentNullException")}; " +
        $"genuine, using configuration: {Rejected("ArgumentNullException")}; forged, RequireSignedTokens false: {Accepted}",
        await RunAsync(version, "ParseOnlySignatureValidatorWithIssuerSigningKeyCheck"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA201_a_parse_only_SignatureValidatorUsingConfiguration_accepts_a_forged_token(string version) => Assert.Equal(
        $"forged parse-only: {Accepted}", await RunAsync(version, "ParseOnlySignatureValidatorUsingConfiguration"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA202_a_pass_through_IssuerValidator_accepts_a_foreign_issuer_while_ValidIssuer_is_set(string version) => Assert.Equal(
        $"pass-through: {Accepted}", await RunAsync(version, "PassThroughIssuerValidator"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA202_a_pass_through_IssuerValidatorUsingConfiguration_accepts_a_foreign_issuer(string version) => Assert.Equal(
        $"pass-through: {Accepted}", await RunAsync(version, "PassThroughIssuerValidatorUsingConfiguration"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA203_an_accept_all_AudienceValidator_accepts_a_foreign_audience(string version) => Assert.Equal(
        $"accept-all: {Accepted}", await RunAsync(version, "AcceptAllAudienceValidator"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA204_an_accept_all_LifetimeValidator_accepts_an_expired_token(string version) => Assert.Equal(
        $"accept-all: {Accepted}", await RunAsync(version, "AcceptAllLifetimeValidator"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA205_accept_all_signing_key_validators_replace_the_built_in_key_check(string version) => Assert.Equal(
        $"default (ValidateIssuerSigningKey=true): {Rejected("SecurityTokenInvalidSigningKeyException")}; accept-all: {Accepted}; accept-all using configuration: {Accepted}",
        await RunAsync(version, "AcceptAllIssuerSigningKeyValidator"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA206_an_accept_all_AlgorithmValidator_accepts_an_algorithm_outside_ValidAlgorithms(string version) => Assert.Equal(
        $"outside ValidAlgorithms: {Rejected("SecurityTokenInvalidSignatureException")}; accept-all: {Accepted}",
        await RunAsync(version, "AcceptAllAlgorithmValidator"));

    // ---- TA3xx ----

    /// <summary>TA301/TA302: the Storm-0558 token (consumer key, enterprise tenant) passes unless keys are bound to issuers.</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA301_TA302_a_consumer_key_signs_enterprise_tokens_unless_EnableAadSigningKeyIssuerValidation_is_called(string version) => Assert.Equal(
        $"ValidateIssuer=false: {Accepted}; AadIssuerValidator (common): {Accepted}; EnableAadSigningKeyIssuerValidation: {Rejected("SecurityTokenInvalidIssuerException")}",
        await RunAsync(version, "ConsumerKeySignsEnterpriseTokens"));

    /// <summary>TA302's fix keeps the application working: a genuine enterprise token still validates.</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA302_EnableAadSigningKeyIssuerValidation_keeps_genuine_tokens_valid(string version) => Assert.Equal(
        $"genuine: {Accepted}", await RunAsync(version, "EnableAadSigningKeyIssuerValidationKeepsGenuineTokens"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA303_IssuerSigningKeyValidatorUsingConfiguration_assigned_after_the_call_undoes_it(string version) => Assert.Equal(
        $"assigned after: {Accepted}; assigned before: {Rejected("SecurityTokenInvalidIssuerException")}",
        await RunAsync(version, "IssuerSigningKeyValidatorUsingConfigurationUndoesTheBinding"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA304_a_resolver_returning_every_key_lets_a_partner_key_sign_our_issuers_tokens(string version) => Assert.Equal(
        $"every key: {Accepted}; by issuer: {Rejected("SecurityTokenSignatureKeyNotFoundException")}; genuine by issuer: {Accepted}",
        await RunAsync(version, "ResolverReturningEveryKey"));

    /// <summary>TryAllIssuerSigningKeys (default true): a token whose kid matches no key is checked against every configured key.</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA304_TryAllIssuerSigningKeys_tries_every_key_when_the_kid_matches_none(string version) => Assert.Equal(
        $"kid mismatch, default: {Accepted}; TryAllIssuerSigningKeys=false: {Rejected("SecurityTokenSignatureKeyNotFoundException")}; " +
        $"attacker key, default: {Rejected("SecurityTokenSignatureKeyNotFoundException")}",
        await RunAsync(version, "TryAllIssuerSigningKeys"));

    /// <summary>TA305's non-trigger: an empty fallback is refused by the constructor.</summary>
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA305_an_empty_key_is_refused(string version) => Assert.Equal(
        "throws ArgumentException (IDX10703)", await RunAsync(version, "EmptySymmetricKey"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA310_public_key_bytes_as_an_HMAC_secret_accept_a_token_signed_with_the_public_key(string version) => Assert.Equal(
        $"HMAC forgery: {Accepted}; asymmetric use of the same key: {Rejected("SecurityTokenSignatureKeyNotFoundException")}",
        await RunAsync(version, "PublicKeyAsHmacSecret"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA307_the_tokens_own_issuer_added_to_ValidIssuers_lets_a_foreign_token_pass(string version) => Assert.Equal(
        $"configured issuers: {Rejected("SecurityTokenInvalidIssuerException")}; token's own issuer added: {Accepted}",
        await RunAsync(version, "ValidIssuersWidenedFromTheToken"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA308_a_key_taken_from_the_tokens_jwk_header_verifies_the_attackers_token(string version) => Assert.Equal(
        $"trusted key: {Rejected("SecurityTokenSignatureKeyNotFoundException")}; resolver returning the header jwk: {Accepted}",
        await RunAsync(version, "KeyFromTheTokensOwnJwkHeader"));

    // ---- TA4xx ----

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA402_ValidateTokenAsync_returns_an_invalid_result_instead_of_throwing(string version) => Assert.Equal(
        "ValidateTokenAsync IsValid: False/False; JwtSecurityTokenHandler.ValidateToken: throws a SecurityTokenInvalidSignatureException",
        await RunAsync(version, "ValidationResultsDoNotThrow"));

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA401_read_APIs_expose_a_forged_tokens_claims(string version) => Assert.Equal(
        "ReadJsonWebToken: admin; ReadJwtToken: admin; new JsonWebToken: https://attacker.toy.example/",
        await RunAsync(version, "ReadApisExposeForgedClaims"));
}

/// <summary>
/// TA303's AppContext switch per version. Process-wide state: runs alone (<see cref="ProcessWideSwitches"/>), and the
/// proof restores every switch. Differs: 6.33.0 rejects a consumer-key token without <c>tid</c> with or without either
/// spelling; 7.7.3 and 8.23.0 accept it with <c>DontFailOnMissingTid...</c> only (the <c>DoNotFail...</c> spelling that
/// RULES.md calls the 7.x name changes nothing in 7.7.3).
/// </summary>
[Trait("Rule", "TA303")]
[Collection(nameof(ProcessWideSwitches))]
public class IdentityModelSwitchFactsTests
{
    [Theory]
    [MemberData(nameof(All), MemberType = typeof(IdentityModelVersions))]
    public async Task TA303_the_missing_tid_switch(string version) => Assert.Equal(
        "no switch: rejected: SecurityTokenInvalidIssuerException; " +
        $"DontFailOnMissingTidValidateIssuerSigning: {(version == "6.33.0" ? "rejected: SecurityTokenInvalidIssuerException" : "accepted")}; " +
        "DoNotFailOnMissingTidValidateIssuerSigning: rejected: SecurityTokenInvalidIssuerException",
        await RunAsync(version, "MissingTidSwitch"));
}
