using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>What one use of a token that was only decoded reads.</summary>
    internal enum TokenUse
    {
        /// <summary>Header or metadata only: key id, algorithm, type, expiry, not-before, issued-at, issuer, audience.</summary>
        Metadata,

        /// <summary>The token's claims (its identity): <c>Claims</c>, <c>Subject</c>, <c>payload["sub"]</c>, ...</summary>
        Claims,

        /// <summary>Anything else: handed on, returned, serialized, stored. Whether that trusts the token is the rule's call.</summary>
        Other,
    }

    /// <summary>
    /// The "header-only or metadata reads" that RULES.md exempts for every library (TA401, TA601, TA602): a client
    /// checking its own token's expiry, or code choosing a key by <c>kid</c>, reads nothing an attacker gains by
    /// forging. One classification for the IdentityModel token objects (<c>ValidTo</c>, <c>Kid</c>, ...) and for
    /// decoded payloads of other libraries (<c>payload["exp"]</c>, <c>TryGetValue("exp", ...)</c>, a deserialized
    /// object's <c>exp</c> property).
    /// </summary>
    internal static class TokenMetadataReads
    {
        /// <summary>Members of a parsed IdentityModel token that expose the payload's claims.</summary>
        private static readonly HashSet<string> ClaimMembers = NameSet.Of(
            "Claims", "Subject", "Payload", "GetClaim", "TryGetClaim", "GetPayloadValue", "TryGetPayloadValue", "Actor");

        /// <summary>Header and lifetime members of a parsed IdentityModel token.</summary>
        private static readonly HashSet<string> MetadataMembers = NameSet.Of(
            "Kid", "Alg", "Typ", "ValidTo", "ValidFrom", "IssuedAt", "Issuer", "Audiences");

        /// <summary>The same values under their JWT names (RFC 7519 section 4.1, RFC 7515 section 4.1): dictionary keys or properties of a deserialized payload.</summary>
        private static readonly HashSet<string> MetadataClaimNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "exp", "nbf", "iat", "iss", "aud", "kid", "alg", "typ",
        };

        /// <summary>Lookups by key on a dictionary or JSON object; the key says whether a claim or metadata is read.</summary>
        private static readonly HashSet<string> KeyedLookups = NameSet.Of(
            "TryGetValue", "GetValue", "ContainsKey", "GetProperty", "TryGetProperty", "Value", "SelectToken");

        /// <summary>Calls a decoded JSON payload is parsed with; their result is the same payload.</summary>
        private static readonly HashSet<string> PayloadParsers = NameSet.Of(
            "Parse", "Deserialize", "DeserializeObject", "DeserializeAnonymousType", "FromObject");

        /// <summary>
        /// A <see cref="ValueFlow"/> step for decoded payloads (a JSON string or dictionary): <c>JObject.Parse(json)</c>,
        /// <c>JsonSerializer.Deserialize&lt;T&gt;(json)</c>, <c>JsonDocument.Parse(json).RootElement</c> and the like
        /// return the same payload, so its reads are followed.
        /// </summary>
        public static bool ParsesPayload(IOperation parent, IOperation current) =>
            parent is IArgumentOperation { Parent: IInvocationOperation invocation } && invocation.Arguments.Length >= 1 && invocation.Arguments[0] == parent &&
            PayloadParsers.Contains(invocation.TargetMethod.Name) ||
            parent is IInvocationOperation { Arguments.Length: >= 1 } call && call.Arguments[0] == current && PayloadParsers.Contains(call.TargetMethod.Name) ||
            parent is IPropertyReferenceOperation { Property.Name: "RootElement" } root && root.Instance == current; // JsonDocument.Parse(json).RootElement

        /// <summary>What <paramref name="consumer"/> reads of <paramref name="value"/> (a use found by <see cref="ValueFlow"/>).</summary>
        public static TokenUse Classify(IOperation value, IOperation? consumer)
        {
            if (ClassifyPattern(value, consumer) is { } patternUse)
            {
                return patternUse;
            }

            if (ValueFlow.MemberUsed(value, consumer) is { } member)
            {
                if (ClaimMembers.Contains(member.Name))
                {
                    return ReadsMetadataClaim(member.Name, consumer!) ? TokenUse.Metadata : TokenUse.Claims;
                }

                if (MetadataMembers.Contains(member.Name) || MetadataClaimNames.Contains(member.Name))
                {
                    return TokenUse.Metadata;
                }

                switch (consumer)
                {
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer:
                        return ByKey(indexer.Arguments[0].Value);
                    case IInvocationOperation invocation when KeyedLookups.Contains(member.Name) && invocation.Arguments.Length >= 1:
                        return ByKey(invocation.Arguments[0].Value);
                }

                return TokenUse.Other;
            }

            return consumer switch
            {
                IDynamicIndexerAccessOperation { Arguments.Length: 1 } dynamicIndexer when dynamicIndexer.Operation == value => ByKey(dynamicIndexer.Arguments[0]),
                IDynamicMemberReferenceOperation dynamicMember when dynamicMember.Instance == value =>
                    MetadataClaimNames.Contains(dynamicMember.MemberName) ? TokenUse.Metadata : TokenUse.Claims,
                _ => TokenUse.Other,
            };
        }

        /// <summary>The lifetime and issuer properties of <c>JwtPayload</c>: the metadata members under the payload.</summary>
        private static readonly HashSet<string> PayloadMetadataMembers = NameSet.Of(
            "Iss", "Aud", "Exp", "Nbf", "Iat", "Expiration", "NotBefore", "IssuedAt", "ValidFrom", "ValidTo");

        /// <summary>
        /// A claim accessor that reads one of the metadata claims by its JWT name: <c>GetClaim("iss")</c>,
        /// <c>TryGetPayloadValue("exp", out ...)</c>, <c>Payload.Iss</c>, <c>Payload["exp"]</c>, or <c>Claims</c> filtered
        /// by a constant metadata claim type (<c>Claims.FirstOrDefault(c =&gt; c.Type == "iss")</c>, real code choosing
        /// the metadata by issuer). The same values as <c>Issuer</c> and <c>ValidTo</c>, which RULES.md exempts.
        /// </summary>
        private static bool ReadsMetadataClaim(string member, IOperation consumer)
        {
            switch (member)
            {
                case "GetClaim" or "TryGetClaim" or "GetPayloadValue" or "TryGetPayloadValue":
                    return consumer is IInvocationOperation { Arguments.Length: >= 1 } call && ByKey(call.Arguments[0].Value) == TokenUse.Metadata;
                case "Payload":
                    return consumer.Parent switch
                    {
                        IPropertyReferenceOperation { Property.IsIndexer: false } read => PayloadMetadataMembers.Contains(read.Property.Name),
                        IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => ByKey(indexer.Arguments[0].Value) == TokenUse.Metadata,
                        IInvocationOperation { Arguments.Length: >= 1 } lookup when KeyedLookups.Contains(lookup.TargetMethod.Name) => ByKey(lookup.Arguments[0].Value) == TokenUse.Metadata,
                        _ => false,
                    };
                case "Claims":
                    return FilteredByMetadataType(consumer);
                default:
                    return false;
            }
        }

        /// <summary><c>claims.First(c =&gt; c.Type == "iss")</c> and the like: a LINQ call whose predicate compares the claim type with a metadata name.</summary>
        private static bool FilteredByMetadataType(IOperation claims)
        {
            var current = claims;
            while (current.Parent is IConversionOperation conversion)
            {
                current = conversion;
            }

            if (current.Parent is not IArgumentOperation { Parent: IInvocationOperation { Arguments.Length: 2 } call } source || call.Arguments[0] != source ||
                !SelectingCalls.Contains(call.TargetMethod.Name) ||
                DelegateBody.Unwrap(call.Arguments[1].Value) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } predicate } ||
                predicate.Body.Operations.Length != 1 || predicate.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } compared })
            {
                return false;
            }

            return IsMetadataTypeTest(compared, predicate.Symbol.Parameters[0]);
        }

        /// <summary>
        /// The claim's type compared with a metadata name: <c>c.Type == "iss"</c>, <c>c.Type.Equals("exp", StringComparison.Ordinal)</c>,
        /// <c>string.Equals(c.Type, "exp")</c>, <c>c.Type is "iat"</c>, <c>c.Type.ToLower() == "exp"</c>, or two such tests joined by <c>||</c>.
        /// </summary>
        private static bool IsMetadataTypeTest(IOperation test, IParameterSymbol claim)
        {
            switch (test)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                    return IsMetadataTypeTest(either.LeftOperand, claim) && IsMetadataTypeTest(either.RightOperand, claim);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                    return ComparesTypeWithMetadata(equals.LeftOperand, equals.RightOperand, claim);
                case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern:
                    return ComparesTypeWithMetadata(pattern.Value, constant.Value, claim);
                case IInvocationOperation { TargetMethod.Name: "Equals", Instance: { } instance, Arguments.Length: >= 1 } call:
                    return ComparesTypeWithMetadata(instance, call.Arguments[0].Value, claim);
                case IInvocationOperation { TargetMethod.Name: "Equals", Instance: null, Arguments.Length: >= 2 } call:
                    return ComparesTypeWithMetadata(call.Arguments[0].Value, call.Arguments[1].Value, claim);
                default:
                    return false;
            }
        }

        private static bool ComparesTypeWithMetadata(IOperation left, IOperation right, IParameterSymbol claim) =>
            IsClaimType(left, claim) && ByKey(right) == TokenUse.Metadata ||
            IsClaimType(right, claim) && ByKey(left) == TokenUse.Metadata;

        /// <summary>LINQ calls whose result is only the claims their predicate selects, or a fact about them (not SkipWhile, OrderBy).</summary>
        private static readonly HashSet<string> SelectingCalls = NameSet.Of(
            "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault", "Where", "Any", "Count");

        /// <summary><c>c.Type</c> on the predicate's own parameter, also case-folded (<c>c.Type.ToLower()</c>).</summary>
        private static bool IsClaimType(IOperation operation, IParameterSymbol claim)
        {
            var value = DelegateBody.Unwrap(operation);
            if (value is IInvocationOperation { TargetMethod.Name: "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant", Instance: { } folded })
            {
                value = DelegateBody.Unwrap(folded);
            }

            return value is IPropertyReferenceOperation { Property.Name: "Type", Instance: IParameterReferenceOperation reference } &&
                   SymbolEqualityComparer.Default.Equals(reference.Parameter, claim);
        }

        /// <summary>
        /// A pattern reads what it names (RULES.md, Terms, "Values and reads"): <c>token is { Subject: var s }</c> reads
        /// claims, <c>token is { ValidTo: var exp }</c> metadata only. Null when the consumer is no pattern naming members.
        /// </summary>
        private static TokenUse? ClassifyPattern(IOperation value, IOperation? consumer)
        {
            if (consumer is not (IIsPatternOperation or ISwitchExpressionOperation or ISwitchOperation))
            {
                return null;
            }

            var named = false;
            var metadataOnly = true;
            foreach (var member in ValueFlow.MembersUsed(value, consumer))
            {
                named = true;
                if (ClaimMembers.Contains(member.Name))
                {
                    return TokenUse.Claims;
                }

                metadataOnly &= MetadataMembers.Contains(member.Name);
            }

            return !named ? null : metadataOnly ? TokenUse.Metadata : TokenUse.Other;
        }

        /// <summary>Whether every use in <paramref name="flow"/> reads header or metadata only (and there is at least one).</summary>
        public static bool ReadsOnlyMetadata(ValueFlow flow)
        {
            if (flow.Uses.Count == 0)
            {
                return false;
            }

            foreach (var (value, consumer) in flow.Uses)
            {
                if (Classify(value, consumer) != TokenUse.Metadata)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether some use in <paramref name="flow"/> reads the token's claims.</summary>
        public static bool ReadsClaims(ValueFlow flow)
        {
            foreach (var (value, consumer) in flow.Uses)
            {
                if (Classify(value, consumer) == TokenUse.Claims)
                {
                    return true;
                }
            }

            return false;
        }

        private static TokenUse ByKey(IOperation key) =>
            key.ConstantValue is { HasValue: true, Value: string name }
                ? MetadataClaimNames.Contains(name) ? TokenUse.Metadata : TokenUse.Claims
                : TokenUse.Other;
    }
}
