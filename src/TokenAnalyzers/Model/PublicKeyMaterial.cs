using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Public key material (TA310): bytes or text that whoever can see the public key (a JWKS, a certificate, a PEM
    /// file) can compute, and values derived from it by encoding, decoding or hashing. The judgement is by type and
    /// content, never by name: a variable called <c>publicKey</c> holding a random secret is not public key material.
    /// </summary>
    internal static class PublicKeyMaterial
    {
        private const int MaxDepth = 6;

        /// <summary>PEM headers of public keys and certificates (a certificate carries its public key, and is public).</summary>
        private static readonly string[] PemMarkers =
        {
            "-----BEGIN PUBLIC KEY-----",
            "-----BEGIN RSA PUBLIC KEY-----",
            "-----BEGIN CERTIFICATE-----",
        };

        /// <summary>Methods of System.Security.Cryptography types that export public key material.</summary>
        private static readonly System.Collections.Generic.HashSet<string> ExportingMethods = NameSet.Of(
            "ExportSubjectPublicKeyInfo",
            "ExportSubjectPublicKeyInfoPem",
            "ExportRSAPublicKey",
            "ExportRSAPublicKeyPem",
            "GetPublicKey",
            "GetPublicKeyString",
            "GetRawCertData",
            "GetRawCertDataString",
            "GetCertHash",
            "GetCertHashString",
            "ExportCertificatePem");

        /// <summary>Calls that turn public material into other bytes or text anyone can compute the same way.</summary>
        private static readonly System.Collections.Generic.HashSet<string> DerivingMethods = NameSet.Of(
            "GetBytes",
            "GetString",
            "FromBase64String",
            "ToBase64String",
            "FromHexString",
            "ToHexString",
            "ToHexStringLower",
            "DecodeBytes",
            "Decode",
            "Encode",
            "HashData",
            "ComputeHash",
            "ToArray",
            "Trim",
            "Replace",
            "Substring");

        /// <summary>True when <paramref name="value"/> is, or is derived from, public key material.</summary>
        public static bool Contains(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            Find(value, compilation, cancellationToken) is not null;

        /// <summary>
        /// What the public key material in <paramref name="value"/> is (<c>a PEM public key or certificate</c>,
        /// <c>X509Certificate.GetPublicKey()</c>, ...), or null when the value is not derived from any.
        /// </summary>
        public static string? Find(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            Find(value, compilation, cancellationToken, 0);

        private static string? Find(IOperation? value, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (ConstantValues.GetConstant(value, compilation, cancellationToken) is { HasValue: true, Value: string text })
            {
                return IsPem(text) ? "a PEM public key or certificate" : null;
            }

            switch (value)
            {
                case IInvocationOperation invocation:
                    if (IsExport(invocation))
                    {
                        return invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name + "()";
                    }

                    return IsDerivation(invocation.TargetMethod)
                        ? Find(invocation.Instance, compilation, cancellationToken, depth + 1) ?? AnyArgument(invocation, compilation, cancellationToken, depth + 1)
                        : null;
                case IPropertyReferenceOperation { Property.Name: "RawData" } rawData when IsCryptographyType(rawData.Property.ContainingType):
                    // X509Certificate2.RawData (the DER certificate) and AsnEncodedData.RawData (PublicKey.EncodedKeyValue).
                    return rawData.Property.ContainingType.Name + ".RawData";
                case IPropertyReferenceOperation { Property.Name: "Thumbprint" } thumbprint when IsCryptographyType(thumbprint.Property.ContainingType):
                    return "X509Certificate2.Thumbprint"; // a hash of the certificate: public
                case IFieldReferenceOperation { Field.Name: "Modulus" or "Exponent" } parameter
                    when parameter.Field.ContainingType?.Name == "RSAParameters" && IsCryptographyType(parameter.Field.ContainingType):
                    return "RSAParameters." + parameter.Field.Name;
                case ILocalReferenceOperation local:
                    return AllWrites(local.Local, compilation, cancellationToken, depth);
                case IFieldReferenceOperation field:
                    return AllWrites(field.Field, compilation, cancellationToken, depth);
                default:
                    return null;
            }
        }

        private static bool IsPem(string text)
        {
            foreach (var marker in PemMarkers)
            {
                if (text.IndexOf(marker, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>rsa.ExportSubjectPublicKeyInfo()</c>, <c>cert.GetPublicKey()</c>, <c>cert.Export(X509ContentType.Cert)</c>, ...</summary>
        private static bool IsExport(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!IsCryptographyType(method.ContainingType))
            {
                return false;
            }

            if (ExportingMethods.Contains(method.Name))
            {
                return true;
            }

            // X509Certificate.Export(X509ContentType.Cert): the DER certificate, without its private key.
            return method.Name == "Export" && invocation.Arguments.Length >= 1 &&
                   invocation.Arguments[0].Value is { Type.Name: "X509ContentType", ConstantValue: { HasValue: true, Value: 1 } };
        }

        private static bool IsDerivation(IMethodSymbol method) =>
            DerivingMethods.Contains(method.Name) ||
            (method.Name == "Concat" && method.ContainingType?.SpecialType == SpecialType.System_String);

        private static string? AnyArgument(IInvocationOperation invocation, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && Find(argument.Value, compilation, cancellationToken, depth) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>A local or fully visible field whose every write is public key material.</summary>
        private static string? AllWrites(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            var writes = SymbolWrites.Find(symbol, compilation, cancellationToken, includeReadOnlyFields: true);
            if (writes.IsDefaultOrEmpty)
            {
                return null;
            }

            string? found = null;
            foreach (var write in writes)
            {
                if (write.IsImplicitDefault)
                {
                    continue;
                }

                if (write.Operation is null || Find(write.Operation, compilation, cancellationToken, depth + 1) is not { } written)
                {
                    return null;
                }

                found ??= written;
            }

            return found;
        }

        private static bool IsCryptographyType(INamedTypeSymbol? type)
        {
            var ns = type?.ContainingNamespace?.ToDisplayString();
            return ns is "System.Security.Cryptography" or "System.Security.Cryptography.X509Certificates";
        }
    }
}
