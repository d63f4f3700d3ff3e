using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA305: <c>new SymmetricSecurityKey(bytes)</c> whose bytes are a constant: a string literal, a const, or a
    /// readonly field initialized with a literal and never reassigned, through Encoding.*.GetBytes,
    /// Convert.FromBase64String (or FromHexString, Base64UrlEncoder.DecodeBytes), or a byte array of constants.
    /// TA310: the same creation from public key material (<see cref="PublicKeyMaterial"/>); it replaces TA305 there,
    /// because a PEM literal is also a constant and the more specific finding says what is really wrong.
    /// </summary>
    internal sealed class HardCodedKeyRule : TokenRule
    {
        private const int MaxDepth = 4;

        internal static readonly DiagnosticDescriptor HardCodedSigningKey = Descriptors.Create(
            RuleIds.HardCodedSigningKey,
            "Signing key is hard-coded",
            "The SymmetricSecurityKey is created from a constant: anyone who can read the code or the binary can sign tokens this API accepts",
            "A symmetric key both signs and verifies. Written into the source it ends up in the repository, in every build output and in decompiled binaries, and it cannot be rotated without a release. Load it from a secret store, configuration or the environment.");

        internal static readonly DiagnosticDescriptor PublicKeyAsHmacSecret = Descriptors.Create(
            RuleIds.PublicKeyAsHmacSecret,
            "Public key material is used as an HMAC secret",
            "The SymmetricSecurityKey is made from public key material ({0}): whoever can read the public key (a JWKS, a certificate, a PEM file) can sign tokens this API accepts; verify with the public key itself (RsaSecurityKey, ECDsaSecurityKey, X509SecurityKey) and allow only asymmetric algorithms",
            "An HMAC key both signs and verifies, so it must be secret. A public key, a certificate or a hash of either is published by design: building a SymmetricSecurityKey from it lets anyone who fetched the public key compute valid HS256 signatures. This is the RS256/HS256 algorithm-confusion attack written by hand. Validate with the asymmetric key and restrict ValidAlgorithms to the asymmetric algorithms.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(HardCodedSigningKey, PublicKeyAsHmacSecret);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.ObjectCreation, new[] { "SymmetricSecurityKey" }, nodeContext => Analyze(nodeContext, symbols));
            start.On(CandidateKind.TargetTypedCreation, nodeContext => Analyze(nodeContext, symbols));
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            var creation = (BaseObjectCreationExpressionSyntax)context.Node;
            if (creation.ArgumentList is not { Arguments.Count: 1 } || symbols.SymmetricSecurityKey is null ||
                (creation is ImplicitObjectCreationExpressionSyntax targetTyped && SyntaxNames.TargetTypeName(targetTyped) is { } typeName && typeName != "SymmetricSecurityKey"))
            {
                return; // the declaration spells another type: nothing to bind
            }

            if (context.SemanticModel.GetOperation(creation, context.CancellationToken) is not IObjectCreationOperation operation ||
                !operation.Type.InheritsFromOrEquals(symbols.SymmetricSecurityKey) ||
                operation.Arguments.Length != 1)
            {
                return;
            }

            var bytes = operation.Arguments[0].Value;
            if (PublicKeyMaterial.Find(bytes, symbols.Compilation, context.CancellationToken) is { } material)
            {
                // TA310 replaces TA305 at the same creation: a PEM literal is also a constant.
                context.ReportDiagnostic(Diagnostic.Create(PublicKeyAsHmacSecret, creation.GetLocation(), material));
                return;
            }

            if (IsConstantBytes(bytes, symbols, context.CancellationToken, 0))
            {
                context.ReportDiagnostic(Diagnostic.Create(HardCodedSigningKey, creation.GetLocation()));
            }
        }

        private static bool IsConstantBytes(IOperation? value, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return false;
            }

            switch (value)
            {
                case IArrayCreationOperation { Initializer: { ElementValues.Length: > 0 } initializer }:
                    foreach (var element in initializer.ElementValues)
                    {
                        if (!ConstantValues.GetConstant(element, symbols.Compilation, cancellationToken).HasValue)
                        {
                            return false;
                        }
                    }

                    return true;
                case var _ when CollectionValues.IsCollectionExpression(value):
                    // `[0x01, 0x02, ..]`, `[.. Prefix, 0x03]`: a collection expression counts wherever an array does.
                    if (CollectionValues.Elements(value, symbols.Compilation, cancellationToken) is not { Count: > 0 } elements)
                    {
                        return false;
                    }

                    foreach (var element in elements)
                    {
                        if (!ConstantValues.GetConstant(element, symbols.Compilation, cancellationToken).HasValue)
                        {
                            return false;
                        }
                    }

                    return true;
                case IInvocationOperation invocation:
                    return IsDecodingOfConstant(invocation, symbols, cancellationToken, depth);
                case ILocalReferenceOperation local:
                    return AllWritesConstant(local.Local, symbols, cancellationToken, depth);
                case IFieldReferenceOperation field:
                    return AllWritesConstant(field.Field, symbols, cancellationToken, depth);
                default:
                    return false;
            }
        }

        /// <summary>Encoding.*.GetBytes(c), Convert.FromBase64String(c), Convert.FromHexString(c), Base64UrlEncoder.DecodeBytes(c), "..."u8.ToArray().</summary>
        private static bool IsDecodingOfConstant(IInvocationOperation invocation, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            var decodes =
                (method.Name == "GetBytes" && type.InheritsFromOrEquals(symbols.Encoding)) ||
                (method.Name is "FromBase64String" or "FromHexString" && SymbolEqualityComparer.Default.Equals(type, symbols.Convert)) ||
                (method.Name == "DecodeBytes" && SymbolEqualityComparer.Default.Equals(type, symbols.Base64UrlEncoder));
            if (decodes)
            {
                return invocation.Arguments.Length == 1 &&
                       invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String &&
                       IsConstantString(invocation.Arguments[0].Value, symbols, cancellationToken, depth + 1);
            }

            // "secret"u8.ToArray()
            return method.Name == "ToArray" && invocation.Instance is { } instance &&
                   DelegateBody.Unwrap(instance)?.Kind == OperationKind.Utf8String;
        }

        private static bool IsConstantString(IOperation value, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            if (ConstantValues.GetConstant(value, symbols.Compilation, cancellationToken) is { HasValue: true, Value: string })
            {
                return true;
            }

            // A readonly field of any accessibility, initialized with a literal and never reassigned.
            return DelegateBody.Unwrap(value) is IFieldReferenceOperation { Field.IsReadOnly: true } field && depth <= MaxDepth &&
                   AllWrites(field.Field, symbols, cancellationToken, write => IsConstantString(write, symbols, cancellationToken, depth + 1));
        }

        private static bool AllWritesConstant(ISymbol symbol, TokenSymbols symbols, CancellationToken cancellationToken, int depth) =>
            AllWrites(symbol, symbols, cancellationToken, write => IsConstantBytes(write, symbols, cancellationToken, depth + 1));

        private static bool AllWrites(ISymbol symbol, TokenSymbols symbols, CancellationToken cancellationToken, System.Func<IOperation, bool> isConstant)
        {
            var writes = SymbolWrites.Find(symbol, symbols.Compilation, cancellationToken, includeReadOnlyFields: true);
            if (writes.IsDefaultOrEmpty)
            {
                return false;
            }

            var any = false;
            foreach (var write in writes)
            {
                if (write.IsImplicitDefault)
                {
                    continue; // a field assigned later; its real writes decide
                }

                if (write.Operation is null || !isConstant(write.Operation))
                {
                    return false;
                }

                any = true;
            }

            return any;
        }
    }
}
