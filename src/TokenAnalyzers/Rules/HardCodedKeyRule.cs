using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

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

        /// <summary>The key type whose creations TA305, TA310 and TA503 judge.</summary>
        internal static readonly string[] KeyTypeNames = { "SymmetricSecurityKey" };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(HardCodedSigningKey, PublicKeyAsHmacSecret);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.ObjectCreation, KeyTypeNames, nodeContext => Analyze(nodeContext, symbols));
            start.OnNamed(CandidateKind.TargetTypedCreation, KeyTypeNames, nodeContext => Analyze(nodeContext, symbols));
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            var creation = (BaseObjectCreationExpressionSyntax)context.Node;
            if (creation.ArgumentList is not { Arguments.Count: 1 } || symbols.SymmetricSecurityKey is null)
            {
                return;
            }

            if (OperationTrees.Get(context.SemanticModel, creation, context.CancellationToken) is not IObjectCreationOperation operation ||
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
                case IArrayCreationOperation { Initializer: null, DimensionSizes.Length: 1 } zeros when depth == 0 && IsZeroFilledKey(zeros, symbols, cancellationToken):
                    // `new SymmetricSecurityKey(new byte[32])`: every byte is zero. Only inline: an array held in a local
                    // or field may be filled after its creation (RandomNumberGenerator.Fill), which is not followed.
                    return true;
                case var _ when CollectionValues.IsCollectionExpression(value):
                    // `[0x01, 0x02, ..]`, `[.. Prefix, 0x03]`: a collection expression counts wherever an array does.
                    if (CollectionValues.Elements(value, symbols.Compilation, cancellationToken) is not { Count: > 0 } elements)
                    {
                        // `[.. "secret"u8]`, `[.. Key, 0x01]`: spreads of constant bytes.
                        return IsCollectionOfConstantBytes(value, symbols, cancellationToken, depth);
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
                case IPropertyReferenceOperation { Property: { IsReadOnly: true, GetMethod: { } getter } }:
                    // `static byte[] KeyBytes => Convert.FromBase64String(Secret);`: a getter that only returns one.
                    return OnlyReturned.Of(getter, symbols.Compilation, cancellationToken) is { } returned && IsConstantBytes(returned, symbols, cancellationToken, depth + 1);
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

            // "secret"u8.ToArray(), Key.ToArray() with `static ReadOnlySpan<byte> Key => "secret"u8;`
            return method.Name == "ToArray" && invocation.Instance is { } instance &&
                   IsUtf8Literal(instance, symbols, cancellationToken, depth + 1);
        }

        /// <summary>
        /// A <c>"..."u8</c> literal, directly or through a single-assignment local, a readonly field or a property
        /// whose getter only returns one (<c>static ReadOnlySpan&lt;byte&gt; Key =&gt; "secret"u8;</c>).
        /// </summary>
        private static bool IsUtf8Literal(IOperation? value, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return false;
            }

            switch (value)
            {
                case { Kind: OperationKind.Utf8String }:
                    return true;
                case ILocalReferenceOperation local:
                    return AllWrites(local.Local, symbols, cancellationToken, write => IsUtf8Literal(write, symbols, cancellationToken, depth + 1));
                case IFieldReferenceOperation { Field.IsReadOnly: true } field:
                    return AllWrites(field.Field, symbols, cancellationToken, write => IsUtf8Literal(write, symbols, cancellationToken, depth + 1));
                case IPropertyReferenceOperation { Property: { IsReadOnly: true, GetMethod: { } getter } }:
                    return OnlyReturned.Of(getter, symbols.Compilation, cancellationToken) is { } returned && IsUtf8Literal(returned, symbols, cancellationToken, depth + 1);
                default:
                    return false;
            }
        }

        /// <summary>A collection expression whose elements are constants and whose spreads are constant bytes or u8 literals.</summary>
        private static bool IsCollectionOfConstantBytes(IOperation collection, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            var any = false;
            foreach (var element in collection.ChildOperations)
            {
                if (CollectionValues.IsSpread(element))
                {
                    IOperation? source = null;
                    foreach (var child in element.ChildOperations)
                    {
                        source = child;
                        break;
                    }

                    if (!IsUtf8Literal(source, symbols, cancellationToken, depth + 1) && !IsConstantBytes(source, symbols, cancellationToken, depth + 1))
                    {
                        return false;
                    }
                }
                else if (!ConstantValues.GetConstant(element, symbols.Compilation, cancellationToken).HasValue)
                {
                    return false;
                }

                any = true;
            }

            return any;
        }

        /// <summary><c>new byte[n]</c>: all zeros, unless n is the constant 0 (an empty key, which the constructor refuses).</summary>
        private static bool IsZeroFilledKey(IArrayCreationOperation creation, TokenSymbols symbols, CancellationToken cancellationToken) =>
            creation.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } &&
            ConstantValues.GetConstant(creation.DimensionSizes[0], symbols.Compilation, cancellationToken) is not { HasValue: true, Value: 0 };

        private static bool IsConstantString(IOperation value, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            if (ConstantValues.GetConstant(value, symbols.Compilation, cancellationToken) is { HasValue: true, Value: string })
            {
                return true;
            }

            if (depth > MaxDepth)
            {
                return false;
            }

            switch (DelegateBody.Unwrap(value))
            {
                case ICoalesceOperation coalesce:
                    // `cfg["Jwt:Key"] ?? "secret"`: the literal is the key whenever the setting is missing.
                    return IsConstantString(coalesce.WhenNull, symbols, cancellationToken, depth + 1) && !IsEmptyString(coalesce.WhenNull, symbols, cancellationToken);
                case IInvocationOperation { TargetMethod.Name: "GetValue" } getValue when IsConfigurationBinder(getValue.TargetMethod):
                    // `cfg.GetValue<string>("Jwt:Key", "secret")`: the default value is the key whenever the setting is missing.
                    foreach (var argument in getValue.Arguments)
                    {
                        if (argument.Parameter?.Name == "defaultValue" && !argument.IsImplicit && IsNonEmptyLiteral(argument.Value, symbols, cancellationToken))
                        {
                            return true;
                        }
                    }

                    return false;
                case ILocalReferenceOperation local:
                    // `var key = cfg["Jwt:Key"] ?? "secret";`: a single-assignment local.
                    return SymbolWrites.SingleWrite(local.Local, symbols.Compilation, cancellationToken) is { } write &&
                           IsConstantString(write, symbols, cancellationToken, depth + 1);
                case IPropertyReferenceOperation { Property: { IsReadOnly: true, GetMethod: { } getter } }:
                    // `string Key => _cfg["Jwt:Key"] ?? "secret";`: a getter that only returns one.
                    return OnlyReturned.Of(getter, symbols.Compilation, cancellationToken) is { } returned && IsConstantString(returned, symbols, cancellationToken, depth + 1);
                case IPropertyReferenceOperation { Property: { SetMethod: not null } settable }:
                    // `public string Key { get; set; } = "secret";` of a settings class: the literal is the key whenever
                    // binding leaves it, as a `?? "secret"` fallback is (round AQ).
                    return AutoPropertyInitializer(settable, symbols.Compilation, cancellationToken) is { } initial && IsNonEmptyLiteral(initial, symbols, cancellationToken) &&
                           !IsAssignedInCode(settable, symbols.Compilation, cancellationToken);
            }

            // A readonly field of any accessibility, initialized with a literal and never reassigned.
            return DelegateBody.Unwrap(value) is IFieldReferenceOperation { Field.IsReadOnly: true } field && depth <= MaxDepth &&
                   AllWrites(field.Field, symbols, cancellationToken, write => IsConstantString(write, symbols, cancellationToken, depth + 1));
        }

        /// <summary>The initializer of an auto-property declared once in the compilation (<c>{ get; set; } = v</c>), or null.</summary>
        private static IOperation? AutoPropertyInitializer(IPropertySymbol property, Compilation compilation, CancellationToken cancellationToken)
        {
            if (property.DeclaringSyntaxReferences.Length != 1 ||
                property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { Initializer.Value: { } value, AccessorList.Accessors: var accessors })
            {
                return null;
            }

            foreach (var accessor in accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return null; // not an auto-property: the getter decides
                }
            }

#pragma warning disable RS1030 // The settings class may be declared in another file; only reached for a key's bytes.
            return OperationTrees.Get(compilation.GetSemanticModel(value.SyntaxTree), value, cancellationToken);
#pragma warning restore RS1030
        }

        /// <summary>
        /// Code of the compilation assigns the property (round AS: every construction sets it,
        /// <c>new EnvSettings { Key = Environment.GetEnvironmentVariable("KEY") ?? throw ... }</c>): its default is then
        /// no fallback the binder leaves, and the settings class is not judged.
        /// </summary>
        private static bool IsAssignedInCode(IPropertySymbol property, Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetText(cancellationToken).ToString().IndexOf(property.Name, StringComparison.Ordinal) < 0)
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment && SyntaxNames.AssignedName(assignment) == property.Name)
                    {
#pragma warning disable RS1030 // Only for a key's bytes read from a settings property with a literal default.
                        model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                        if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, property))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsNonEmptyLiteral(IOperation value, TokenSymbols symbols, CancellationToken cancellationToken) =>
            ConstantValues.GetConstant(value, symbols.Compilation, cancellationToken) is { HasValue: true, Value: string { Length: > 0 } };

        /// <summary>An empty fallback makes no key: the constructor refuses an empty byte array (IDX10703).</summary>
        private static bool IsEmptyString(IOperation value, TokenSymbols symbols, CancellationToken cancellationToken) =>
            ConstantValues.GetConstant(value, symbols.Compilation, cancellationToken) is { HasValue: true, Value: string { Length: 0 } };

        private static bool IsConfigurationBinder(IMethodSymbol method) =>
            (method.ReducedFrom ?? method).ContainingType is { Name: "ConfigurationBinder" } binder &&
            binder.ContainingNamespace.ToDisplayString() == "Microsoft.Extensions.Configuration";

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
