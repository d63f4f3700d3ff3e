using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA602: jose-jwt reads a token without a key. <c>Jose.JWT.Decode(token)</c> (also <c>Decode&lt;T&gt;</c>,
    /// <c>DecodeBytes</c>, and a <c>null</c> key) with no expected algorithm accepts an <c>alg: none</c> token, and
    /// <c>JWT.Payload(token)</c> never verifies anything. Reported when the result is used for more than the token's
    /// header or expiry (the exemption TA401 has) in a member that never decodes the same token with a key.
    /// </summary>
    internal sealed class JoseDecodeRule : TokenRule
    {
        private static readonly HashSet<string> DecodeNames = NameSet.Of("Decode", "DecodeBytes");

        private static readonly HashSet<string> PayloadNames = NameSet.Of("Payload");

        /// <summary>Calls that verify a token with a key.</summary>
        private static readonly HashSet<string> KeyedNames = NameSet.Of("Decode", "DecodeBytes", "Verify", "VerifyBytes", "Decrypt", "DecryptBytes");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(JoseDecodesWithoutKey);

        /// <summary>Needs jose-jwt only; Microsoft.IdentityModel may be absent.</summary>
        internal override void Start(RuleStart start, TokenSymbols? symbols)
        {
            var jwt = start.Compilation.UsesLibrary(KnownTypeNames.JoseAssembly) ? start.Compilation.GetBestTypeByMetadataName("Jose.JWT") : null;
            if (jwt is null)
            {
                return; // jose-jwt is not referenced: nothing to pay
            }

            var names = new HashSet<string>(DecodeNames, StringComparer.Ordinal);
            names.UnionWith(PayloadNames);
            start.OnNamed(CandidateKind.Invocation, names, context => Analyze(context, jwt));
        }

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
        }

        private static void Analyze(NodeContext context, INamedTypeSymbol jwt)
        {
            if (OperationTrees.Get(context.SemanticModel, context.Node, context.CancellationToken) is not IInvocationOperation call ||
                !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, jwt) ||
                Token(call) is not { } token)
            {
                return;
            }

            string why;
            var hasKey = HasKey(call, context.CancellationToken);
            var expectsNone = !hasKey && ExpectsNone(call, context.SemanticModel.Compilation, context.CancellationToken);
            if (PayloadNames.Contains(call.TargetMethod.Name))
            {
                why = "JWT.Payload only decodes the payload and never checks a signature";
            }
            else if (expectsNone)
            {
                why = "it expects alg: none and has no key, so jose-jwt accepts a token with no signature";
            }
            else if (!hasKey && !HasAlgorithm(call))
            {
                why = "without a key and an expected algorithm jose-jwt accepts a token with alg: none and no signature";
            }
            else
            {
                return; // a key: the library verifies with it (and refuses a key of the wrong type)
            }

            var body = MemberBody.Find(context.Node, context.SemanticModel, context.CancellationToken);
            if (body is null)
            {
                return;
            }

            var flow = new ValueFlow(new LocalReads(body), TokenMetadataReads.ParsesPayload).Follow(call);
            if (TokenMetadataReads.ReadsOnlyMetadata(flow) || (!expectsNone && DecodedWithKey(body, call, token, context.CancellationToken)))
            {
                return; // its own token's expiry; or the same token is verified with a key in this member (a peek first,
                        // which an explicit none never is: its result is the token the code trusts)
            }

            var shown = "JWT." + call.TargetMethod.Name + (call.TargetMethod.IsGenericMethod ? "<T>" : "");
            context.ReportDiagnostic(Diagnostic.Create(JoseDecodesWithoutKey, context.Node.GetLocation(), shown, why));
        }

        private static IOperation? Token(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0, Type.SpecialType: SpecialType.System_String })
                {
                    return DelegateBody.Unwrap(argument.Value);
                }
            }

            return null;
        }

        /// <summary>A key that is not null, read as the Terms read values (round AB: <c>byte[] key = null; JWT.Decode(token, key)</c>).</summary>
        private static bool HasKey(IInvocationOperation call, CancellationToken cancellationToken)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Name == "key")
                {
                    return argument.ArgumentKind != ArgumentKind.DefaultValue &&
                           !(call.SemanticModel is { } model
                               ? ConstantValues.GetConstant(argument.Value, model.Compilation, cancellationToken) is { HasValue: true, Value: null }
                               : DelegateBody.Unwrap(argument.Value) is { ConstantValue: { HasValue: true, Value: null } });
                }
            }

            return false;
        }

        /// <summary>
        /// The expected signing algorithm is the constant <c>JwsAlgorithm.none</c> (or the name "none"): no protection,
        /// the library then accepts the unsigned token (OtherTokenLibrariesTests).
        /// </summary>
        private static bool ExpectsNone(IInvocationOperation call, Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Name is "alg" or "jwsAlg" && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return IsNone(argument.Value, compilation, cancellationToken, depth: 0);
                }
            }

            return false;
        }

        /// <summary><c>JwsAlgorithm.none</c> or "none", directly or through a constant, a single-assignment local or field (the Terms' values).</summary>
        private static bool IsNone(IOperation? operation, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            switch (DelegateBody.Unwrap(operation))
            {
                case IFieldReferenceOperation { Field: { Name: "none", ContainingType.TypeKind: TypeKind.Enum } }:
                    return true;
                case { ConstantValue: { HasValue: true, Value: string name } }:
                    return string.Equals(name, "none", StringComparison.OrdinalIgnoreCase);
                case { Type: INamedTypeSymbol { TypeKind: TypeKind.Enum } algorithms, ConstantValue: { HasValue: true, Value: { } value } }:
                    foreach (var member in algorithms.GetMembers("none"))
                    {
                        if (member is IFieldSymbol { HasConstantValue: true } none && Equals(none.ConstantValue, value))
                        {
                            return true;
                        }
                    }

                    return false;
                case ILocalReferenceOperation local when depth < 3:
                    return IsNone(SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken), compilation, cancellationToken, depth + 1);
                case IFieldReferenceOperation field when depth < 3:
                    return IsNone(SymbolWrites.SingleWrite(field.Field, compilation, cancellationToken, includeReadOnlyFields: true), compilation, cancellationToken, depth + 1);
                default:
                    return false;
            }
        }

        /// <summary>An expected algorithm (<c>JwsAlgorithm</c>, <c>JweAlgorithm</c> or their string names).</summary>
        private static bool HasAlgorithm(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Name is "alg" or "jwsAlg" or "enc" && argument.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The member also decodes, verifies or decrypts the same token string with a key, or hands it to a method
        /// whose name says it validates or verifies it.
        /// </summary>
        private static bool DecodedWithKey(IOperation body, IInvocationOperation call, IOperation token, CancellationToken cancellationToken)
        {
            var tokenSymbol = ValueFlow.NamedSymbol(token);
            foreach (var operation in MemberBody.All(body))
            {
                if (operation is not IInvocationOperation other || other.Syntax == call.Syntax)
                {
                    continue;
                }

                var name = other.TargetMethod.Name;
                var verifies = KeyedNames.Contains(name) && SymbolEqualityComparer.Default.Equals(other.TargetMethod.ContainingType, call.TargetMethod.ContainingType)
                    ? HasKey(other, cancellationToken)
                    : ValidatingNames.Validates(name);
                if (!verifies)
                {
                    continue;
                }

                if (tokenSymbol is null)
                {
                    return true; // the token has no name to compare: any keyed decode may be of it
                }

                foreach (var argument in other.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(ValueFlow.NamedSymbol(argument.Value), tokenSymbol))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
