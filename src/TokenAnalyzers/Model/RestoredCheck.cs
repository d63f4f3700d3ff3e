using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// RULES.md "Code fixes must not lock users out": whether a check that a fix restores by removing its switch has
    /// something to check against, so that the fixed application still accepts its legitimate callers. Only what is
    /// set in the same configuration scope (lambda or method) counts: elsewhere it cannot be seen for sure. And only
    /// what is set whenever the switch is: an audience set in the other branch of an <c>if</c> leaves the switch's
    /// branch with nothing to compare with (<see cref="SyntaxPaths.RunsWhenever"/>).
    /// </summary>
    internal static class RestoredCheck
    {
        private static readonly string[] IssuerOnParameters = { "ValidIssuer", "ValidIssuers", "ConfigurationManager" };

        /// <summary>Authority and MetadataAddress make JwtBearer/OpenIdConnect fetch metadata, whose issuer the check uses.</summary>
        private static readonly string[] IssuerOnOptions = { "Authority", "MetadataAddress", "ConfigurationManager" };

        private static readonly string[] AudienceOnParameters = { "ValidAudience", "ValidAudiences" };

        /// <summary>JwtBearer copies Audience into ValidAudience; OpenIdConnect validates the audience against ClientId.</summary>
        private static readonly string[] AudienceOnOptions = { "Audience", "ClientId" };

        private static readonly string[] SigningKeyOnParameters =
            { "IssuerSigningKey", "IssuerSigningKeys", "IssuerSigningKeyResolver", "IssuerSigningKeyResolverUsingConfiguration", "ConfigurationManager" };

        /// <summary>Authority and MetadataAddress make JwtBearer/OpenIdConnect fetch the signing keys too.</summary>
        private static readonly string[] SigningKeyOnOptions = IssuerOnOptions;

        /// <summary>
        /// A Configuration on the options becomes the handler's configuration manager: its keys may be real, or there may
        /// be none (a test server's offline configuration), so it offers no fix and no claim that no key is set (round AK).
        /// </summary>
        private static readonly string[] ConfigurationOnOptions = { "Configuration" };

        private static readonly string[] NothingOnParameters = { };

        private static readonly string[] DecryptionOnParameters = { "TokenDecryptionKey", "TokenDecryptionKeys", "TokenDecryptionKeyResolver" };

        private static readonly string[] KeyValidationOnParameters = { "ValidateIssuerSigningKey" };

        /// <summary>What decides whether a token without a signing key fails the key check (TA201's message).</summary>
        private static readonly string[] KeyCheckSettings = { "ValidateIssuerSigningKey", "RequireSignedTokens", "IssuerSigningKeyValidator", "IssuerSigningKeyValidatorUsingConfiguration" };

        /// <summary>
        /// TA101/TA202: the parameters object the switch is set on (or its options object) gets an issuer to compare
        /// with wherever the switch is set. An Authority or MetadataAddress that may be a multi-tenant Entra ID
        /// authority supplies none (<see cref="MayPublishTemplateIssuer"/>).
        /// A static signing key beside the metadata (TA309 (a)) may sign tokens of an issuer the metadata does not name (real
        /// code: a legacy key that also signs the application's own tokens, "also validates the platform-issued customer
        /// tokens"): only issuers written out count then (FixKeepsLegitimateTokensTests).
        /// </summary>
        private static bool HasIssuer(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols, CancellationToken cancellationToken) =>
            HasStaticKey(scope, flag, symbols)
                ? HasAny(scope, flag, symbols, ExplicitIssuer, System.Array.Empty<string>())
                : HasAny(scope, flag, symbols, IssuerOnParameters, IssuerOnOptions, source => !MayPublishTemplateIssuer(source, symbols.Compilation, cancellationToken));

        private static readonly string[] ExplicitIssuer = { "ValidIssuer", "ValidIssuers" };

        private static readonly string[] StaticKeys = { "IssuerSigningKey", "IssuerSigningKeys" };

        /// <summary>The parameters object gets a static key in the scope.</summary>
        private static bool HasStaticKey(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols)
        {
            if (flag.Target is not { } parameters)
            {
                return false;
            }

            foreach (var assignment in IndexOf(scope, symbols).AssignmentsTo(parameters))
            {
                if (System.Array.IndexOf(StaticKeys, assignment.Name) >= 0 && Supplies(assignment))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The value reads the property it is assigned to, on the same object (<c>o.Authority = $"{o.Authority}/v2.0/"</c>).</summary>
        private static bool ReadsItself(PropertyAssignment source)
        {
            foreach (var part in source.Value.DescendantsAndSelf())
            {
                if (part is IPropertyReferenceOperation read &&
                    SymbolEqualityComparer.Default.Equals(read.Property, source.Property) &&
                    source.Target is { } target && target.Equals(ObjectKey.Of(read.Instance)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The metadata of a multi-tenant Entra ID authority (<c>common</c>, <c>organizations</c>) publishes the issuer
        /// template <c>https://login.microsoftonline.com/{tenantid}/v2.0</c>, which no token's issuer equals: with the
        /// check restored, every tenant's token fails (IDX10205; real code switches the check off for exactly this).
        /// Such an address is an Entra authority whose tenant is multi-tenant or not written out
        /// (<c>$"https://login.microsoftonline.com/{tenant}/v2.0"</c>), an address with a multi-tenant segment written
        /// out after a host from elsewhere (<c>$"{config.Instance}/common/v2.0"</c>), a compound assignment (<c>options.Authority +=
        /// "/v2.0"</c>: the value was set elsewhere), or a value from elsewhere whose text names Entra ID
        /// (<c>configuration["AzureAd:Authority"]</c>, a tenant).
        /// </summary>
        private static bool MayPublishTemplateIssuer(PropertyAssignment source, Compilation compilation, CancellationToken cancellationToken)
        {
            if (!source.Syntax.IsKind(SyntaxKind.SimpleAssignmentExpression) || ReadsItself(source))
            {
                return true; // options.Authority += "/v2.0", or = options.Authority + "/v2.0": the value was set elsewhere
            }

            if (EntraAuthority.Recognize(source.Value, compilation, cancellationToken) is { } entra)
            {
                return entra.Tenant is null || entra.IsMultiTenant;
            }

            if (DelegateBody.Unwrap(source.Value)?.ConstantValue is { HasValue: true } constant)
            {
                // A host the Term does not list that serves Entra's multi-tenant metadata all the same (the aliases
                // login.microsoft.com, login-us.microsoftonline.com): its tenant is the first segment of the path.
                return constant.Value is string address && EntraAuthority.HasMultiTenantFirstSegment(address);
            }

            if (NamesMultiTenantTenant(source.Value, compilation, cancellationToken, depth: 0))
            {
                return true; // $"{config.Instance}/common/v2.0": the host from elsewhere, the tenant written out
            }

            var text = source.ValueSyntax.ToString();
            foreach (var word in EntraWords)
            {
                if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A constant piece of the address names a multi-tenant tenant: as the first path segment of a piece
        /// (<c>"/common/v2.0"</c>), or whole as a piece of the address (<c>string.Format(instance, "common", "/v2.0")</c>,
        /// <c>$"{instance}{Organizations}/v2.0"</c>, <c>instance + tenant</c>); followed through single-assignment locals
        /// and fields (<c>static readonly string Authority = aadInstance + "common/v2.0"</c>), as the Terms' values are.
        /// </summary>
        private static bool NamesMultiTenantTenant(IOperation? value, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            if (value is null || depth > 3)
            {
                return false;
            }

            foreach (var part in value.DescendantsAndSelf())
            {
                switch (part)
                {
                    case { ConstantValue: { HasValue: true, Value: string piece } }:
                        if (EntraAuthority.HasMultiTenantSegment(piece) || (EntraAuthority.IsMultiTenantName(piece) && IsAddressPiece(part)))
                        {
                            return true;
                        }

                        break;
                    case ILocalReferenceOperation local when NamesMultiTenantTenant(SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken), compilation, cancellationToken, depth + 1):
                        return true;
                    case IFieldReferenceOperation field when NamesMultiTenantTenant(SymbolWrites.SingleWrite(field.Field, compilation, cancellationToken, includeReadOnlyFields: true), compilation, cancellationToken, depth + 1):
                        return true;
                }
            }

            return false;
        }

        /// <summary>A piece the address is built from: an operand of <c>+</c>, an interpolation hole, an argument of <c>string.Format</c>/<c>Concat</c>/<c>Join</c>.</summary>
        private static bool IsAddressPiece(IOperation part)
        {
            var current = part;
            // string.Format(format, a, b, c, d), string.Join("/", a, b, c): the params array or span the compiler builds.
            while (current.Parent is { } parent and not IArgumentOperation &&
                   (parent is IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation || parent.IsImplicit))
            {
                current = parent;
            }

            return current.Parent switch
            {
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } => true,
                IInterpolationOperation => true,
                IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Format" or "Concat" or "Join", ContainingType.SpecialType: SpecialType.System_String } } } => true,
                _ => false,
            };
        }

        private static readonly string[] EntraWords = { "AzureAd", "Entra", "Tenant", "microsoftonline" };

        /// <summary>TA102: the parameters object the switch is set on (or its options object) gets an audience to compare with wherever the switch is set.</summary>
        private static bool HasAudience(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols) =>
            HasAny(scope, flag, symbols, AudienceOnParameters, AudienceOnOptions);

        /// <summary>
        /// TA201/TA104: the signature check that removing the validator or the switch restores has keys to verify with
        /// wherever it is set: keys, a key resolver or a configuration manager, or metadata on its options object.
        /// Otherwise <paramref name="missing"/> ends the message with what is missing, unless the options get a
        /// Configuration (<see cref="ConfigurationOnOptions"/>).
        /// </summary>
        public static bool ChecksSignature(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols, SemanticModel model, CancellationToken cancellationToken, out string missing)
        {
            missing = string.Empty;
            return HasSigningKey(scope, flag, symbols, model, cancellationToken) ||
                   (!HasAny(scope, flag, symbols, NothingOnParameters, ConfigurationOnOptions) && Missing("signing key", out missing));
        }

        private static bool HasSigningKey(ConfigurationScope scope, PropertyAssignment validator, TokenSymbols symbols, SemanticModel model, CancellationToken cancellationToken) =>
            HasAny(scope, validator, symbols, SigningKeyOnParameters, SigningKeyOnOptions) ||
            (symbols.MicrosoftIdentityOptions is not null && HasIdentityWebAuthority(scope, validator, symbols, model, cancellationToken));

        /// <summary>
        /// Keys from the metadata of the Authority that Microsoft.Identity.Web sets on the options object in its own
        /// callback, for a validator set on <c>o.TokenValidationParameters</c> in a callback that runs after it
        /// (<see cref="IdentityWebCallbacks"/>) and that sets no key source itself (<see cref="HasAny"/> judged those).
        /// Identity.Web validates its configuration and always sets an Authority, and replacing TokenValidationParameters
        /// leaves it (IdentityWebSigningKeyIssuerTests). Real code: a Configure after AddMicrosoftIdentityWebApiAuthentication
        /// that replaces the parameters with an accept-all SignatureValidator among them.
        /// </summary>
        private static bool HasIdentityWebAuthority(ConfigurationScope scope, PropertyAssignment validator, TokenSymbols symbols, SemanticModel model, CancellationToken cancellationToken)
        {
            if (validator.Target is not { RootSymbol: IParameterSymbol options } target ||
                target.Path.Length != 1 || target.Path[0].Name != "TokenValidationParameters")
            {
                return false;
            }

            foreach (var assignment in scope.Assignments)
            {
                if (Array.IndexOf(SigningKeyOnOptions, assignment.Name) >= 0 && SymbolEqualityComparer.Default.Equals(assignment.Target?.RootSymbol, options))
                {
                    return false; // the callback sets its own source
                }
            }

            return IdentityWebCallbacks.RegistrationBefore(options, validator.Syntax, model, symbols, cancellationToken) is not null;
        }

        /// <summary>
        /// TA104: the parameters object gets a decryption key in the scope. Tokens encrypted by the application itself
        /// may carry no signature (real code: "false because we are handling encryption ourselves"), and requiring one
        /// would reject them all, so the fix is left to the reader there.
        /// </summary>
        public static bool MayAcceptEncryptedTokens(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols) =>
            SetsAnywhere(scope, flag, symbols, DecryptionOnParameters);

        /// <summary>
        /// TA205: the parameters object switches signing-key validation on in the scope. Without the accept-all
        /// validator the library then checks each X.509 key's certificate lifetime, which real code bypasses on purpose
        /// ("accept expired certificates"): removing it could reject every token. Without the switch nothing changes.
        /// </summary>
        public static bool ValidatesSigningKeys(ConfigurationScope scope, PropertyAssignment validator, TokenSymbols symbols) =>
            SetsAnywhere(scope, validator, symbols, KeyValidationOnParameters);

        /// <summary>
        /// TA201: the parameters object of a parse-only signature validator sets <c>ValidateIssuerSigningKey</c> to a
        /// constant true, leaves <c>RequireSignedTokens</c> on and has no <c>IssuerSigningKeyValidator*</c>: the library then
        /// fails every token for its missing signing key (IDX10253), genuine or forged (IdentityModelFactsTests, every version).
        /// </summary>
        public static bool FailsTokensWithoutSigningKey(ConfigurationScope scope, PropertyAssignment validator)
        {
            if (validator.Target is not { } parameters)
            {
                return false;
            }

            var validatesKeys = false;
            foreach (var assignment in scope.AssignmentsTo(parameters, KeyCheckSettings))
            {
                var value = DelegateBody.Unwrap(assignment.Value)?.ConstantValue;
                switch (assignment.Name)
                {
                    case "ValidateIssuerSigningKey" when value is { HasValue: true, Value: true }:
                        validatesKeys = true;
                        break;
                    case "ValidateIssuerSigningKey":
                    case "RequireSignedTokens" when value is not { HasValue: true, Value: true }:
                    case "IssuerSigningKeyValidator" or "IssuerSigningKeyValidatorUsingConfiguration" when value is not { HasValue: true, Value: null }:
                        return false;
                }
            }

            return validatesKeys;
        }

        /// <summary>
        /// TA201: the handler JwtBearer validates the options' tokens with, when it refuses the token type a parse-only
        /// signature validator returns: JwtBearer 8 and later use JsonWebTokenHandler (unless UseSecurityTokenValidators is
        /// true), which takes only a <c>JsonWebToken</c>; JwtBearer 7 and the legacy validators use JwtSecurityTokenHandler,
        /// which takes only a <c>JwtSecurityToken</c>. The other type fails every token (IDX10506; TokenHandlerAcceptsAllTests,
        /// round AV on 7.0.11 and 8.0.30). Null where the handler or the type is not known: another options type, handlers
        /// the scope changes, a switch set from a value, a delegate returning <c>SecurityToken</c> (<c>ReadToken</c>).
        /// </summary>
        public static string? HandlerRefusingParsedType(ConfigurationScope scope, PropertyAssignment validator, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (symbols.JwtBearerOptions is not { } jwtBearerOptions || validator.Target is not { } parameters ||
                OwnerThroughTokenValidationParameters(parameters, symbols) is not { } options ||
                !((IPropertySymbol)parameters.Path[parameters.Path.Length - 1]).ContainingType.InheritsFromOrEquals(jwtBearerOptions) ||
                ParsedType(validator.Value, symbols, cancellationToken) is not { } parsed)
            {
                return null;
            }

            var text = scope.Node.ToString();
            if (text.IndexOf("TokenHandlers", StringComparison.Ordinal) >= 0 || NamesValidators(text))
            {
                return null; // the handlers are the code's own choice
            }

            var legacy = jwtBearerOptions.ContainingAssembly.Identity.Version.Major < 8;
            foreach (var assignment in scope.AssignmentsTo(options, "UseSecurityTokenValidators"))
            {
                if (DelegateBody.Unwrap(assignment.Value)?.ConstantValue is not { HasValue: true, Value: bool value })
                {
                    return null;
                }

                legacy |= value;
            }

            return legacy
                ? SymbolEqualityComparer.Default.Equals(parsed, symbols.JsonWebToken) ? "JwtSecurityTokenHandler, which takes only a JwtSecurityToken from it" : null
                : SymbolEqualityComparer.Default.Equals(parsed, symbols.JwtSecurityToken) ? "JsonWebTokenHandler, which takes only a JsonWebToken from it" : null;
        }

        /// <summary><c>SecurityTokenValidators</c> named other than in the switch <c>UseSecurityTokenValidators</c>.</summary>
        private static bool NamesValidators(string text)
        {
            const string Name = "SecurityTokenValidators";
            for (var at = text.IndexOf(Name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Name, at + Name.Length, StringComparison.Ordinal))
            {
                if (at < 3 || string.CompareOrdinal(text, at - 3, "Use", 0, 3) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The one token type every return of a signature validator has (JsonWebToken or JwtSecurityToken), or null.</summary>
        private static ITypeSymbol? ParsedType(IOperation value, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (DelegateBody.Resolve(value, symbols.Compilation, cancellationToken) is not { } validator)
            {
                return null;
            }

            ITypeSymbol? found = null;
            foreach (var operation in MemberBody.OutsideNestedFunctions(validator.Body))
            {
                if (operation is not IReturnOperation { ReturnedValue: { } returned })
                {
                    continue;
                }

                var type = DelegateBody.Unwrap(returned)?.Type;
                if (type is null || !(SymbolEqualityComparer.Default.Equals(type, symbols.JsonWebToken) || SymbolEqualityComparer.Default.Equals(type, symbols.JwtSecurityToken)) ||
                    (found is not null && !SymbolEqualityComparer.Default.Equals(found, type)))
                {
                    return null;
                }

                found = type;
            }

            return found;
        }

        /// <summary>
        /// TA101/TA202: the restored issuer check has an issuer to compare with (<see cref="HasIssuer"/>), and every token
        /// the project creates carries one (<see cref="SelfIssuedTokens"/>); otherwise <paramref name="missing"/> ends the
        /// message with what is missing.
        /// </summary>
        public static bool ChecksIssuer(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols, CancellationToken cancellationToken, out string missing)
        {
            missing = string.Empty;
            return (HasIssuer(scope, flag, symbols, cancellationToken) || Missing("ValidIssuer", out missing)) &&
                   (!SelfIssuedTokens.OmitIssuer(symbols.Compilation, cancellationToken) || Omitted("issuer", out missing));
        }

        /// <summary>TA102/TA203: as <see cref="ChecksIssuer"/>, for the audience.</summary>
        public static bool ChecksAudience(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols, CancellationToken cancellationToken, out string missing)
        {
            missing = string.Empty;
            return (HasAudience(scope, flag, symbols) || Missing("ValidAudience", out missing)) &&
                   (!SelfIssuedTokens.OmitAudience(symbols.Compilation, cancellationToken) || Omitted("audience", out missing));
        }

        /// <summary>The end of a message whose fix is declined because a token the project creates has no <paramref name="claim"/>; always false.</summary>
        private static bool Omitted(string claim, out string missing)
        {
            missing = ", and a token this project creates has no " + claim;
            return false;
        }

        /// <summary>
        /// The end of a message whose fix is declined for want of <paramref name="name"/> (", and no ValidIssuer is
        /// set"); always false, so a decision reads <c>Has...(...) || Missing(...)</c>.
        /// </summary>
        private static bool Missing(string name, out string missing)
        {
            missing = ", and no " + name + " is set";
            return false;
        }

        /// <summary>
        /// TA103/TA204/TA601: a method whose name contains "Expired" or "Refresh" (any enclosing method, local function or type)
        /// reads the principal of an expired token on purpose, and so do the parameters stored under such a name (a field,
        /// property or local: round AO, built in a constructor and read by the refresh method); removing ValidateLifetime = false there breaks refresh,
        /// and so does making JWT.NET verify, which checks the expiry whenever it verifies.
        /// So does a helper such a method calls (real code, copied widely: <c>GetPrincipalFromToken</c> called only
        /// by <c>RefreshTokenAsync</c>; <c>GenerateTokenValidationParameters</c> called by
        /// <c>GetPrincipalFromExpiredToken</c>): one call deep, by name (a namesake called from a refresh method also
        /// declines the fix, the safe side).
        /// </summary>
        internal static bool IsInRefreshMethod(SyntaxNode node, Compilation compilation, CancellationToken cancellationToken) =>
            IsInRefreshMethodByName(node, compilation, cancellationToken) || ReadByRefresh(node, compilation, cancellationToken);

        private static bool IsInRefreshMethodByName(SyntaxNode node, Compilation compilation, CancellationToken cancellationToken)
        {
            if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: var receiver } } && HolderName(receiver) is { } storedIn && IsRefreshName(storedIn))
            {
                return true; // _expiredParameters.ValidateLifetime = false
            }

            HashSet<string>? calledFromRefresh = null;
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is BaseTypeDeclarationSyntax type && (IsRefreshName(type.Identifier.ValueText) || NamesRefresh(type.AttributeLists)))
                {
                    return true; // RefreshTokenCommandHandler.Handle, [Route("api/refresh")]: the type says what its methods are for
                }

                if (StoredUnder(ancestor) is { } holder && IsRefreshName(holder))
                {
                    return true; // _expiredAccessTokenParameters = new TokenValidationParameters { ... } (round AO)
                }

                if (FunctionName(ancestor) is not { } name)
                {
                    continue;
                }

                if (IsRefreshFunction(ancestor, name))
                {
                    return true;
                }

                calledFromRefresh ??= CalledFromRefresh.GetValue(compilation, c => NamesCalledFromRefresh(c, cancellationToken));
                if (calledFromRefresh.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The value is built into a private field or property that a refresh method reads (round AP, a real
        /// JwtTokenService: <c>_tokenValidationParameters</c> built in the constructor, read by
        /// <c>GetPrincipalFromExpiredToken</c>): removing the switch breaks that refresh, also where an ordinary
        /// validation shares the field (round AR); the finding stays there.
        /// </summary>
        private static bool ReadByRefresh(SyntaxNode node, Compilation compilation, CancellationToken cancellationToken)
        {
#pragma warning disable RS1030 // Only reached for a fix decision on a reported switch; the holder's type may span files.
            var model = compilation.GetSemanticModel(node.SyntaxTree);
            if (HolderOf(node, model, cancellationToken) is not { DeclaredAccessibility: Accessibility.Private, ContainingType: { } type } holder)
            {
                return false;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var root = reference.GetSyntax(cancellationToken);
                var referenceModel = root.SyntaxTree == node.SyntaxTree ? model : compilation.GetSemanticModel(root.SyntaxTree);
#pragma warning restore RS1030
                foreach (var identifier in root.DescendantNodes())
                {
                    if (identifier is not IdentifierNameSyntax { Identifier.ValueText: var text } name || text != holder.Name || IsWrittenOrConfigured(name) ||
                        !SymbolEqualityComparer.Default.Equals(referenceModel.GetSymbolInfo(name, cancellationToken).Symbol, holder))
                    {
                        continue; // another name, the holder written or configured (`_p = ...`, `_p.X = ...`), or another symbol
                    }

                    if (IsInRefreshMethodByName(name, compilation, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static ISymbol? FieldOrProperty(ISymbol? symbol) => symbol is IFieldSymbol or IPropertySymbol ? symbol : null;

        /// <summary>The name on the left of an assignment, itself or as the receiver of what is assigned (<c>this._p.X = v</c>).</summary>
        private static bool IsWrittenOrConfigured(IdentifierNameSyntax name)
        {
            SyntaxNode current = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == name ? self : name;
            while (current.Parent is MemberAccessExpressionSyntax access && access.Expression == current)
            {
                current = access;
            }

            return current.Parent is AssignmentExpressionSyntax assignment && assignment.Left == current;
        }

        /// <summary>The private field or property a value being built, or the receiver of a switch, is stored in.</summary>
        private static ISymbol? HolderOf(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: var receiver } })
            {
                return FieldOrProperty(model.GetSymbolInfo(receiver, cancellationToken).Symbol);
            }

            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case VariableDeclaratorSyntax or PropertyDeclarationSyntax:
                        return FieldOrProperty(model.GetDeclaredSymbol(ancestor, cancellationToken));
                    case AssignmentExpressionSyntax { Left: var left } assignment when assignment.Right.Span.Contains(node.Span) && !ReferenceEquals(assignment, node):
                        return FieldOrProperty(model.GetSymbolInfo(left, cancellationToken).Symbol);
                    case BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The field, property or local a value being built is stored under (a declarator, a property's initializer, an assignment).</summary>
        private static string? StoredUnder(SyntaxNode node) => node switch
        {
            VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            AssignmentExpressionSyntax assignment => HolderName(assignment.Left),
            _ => null,
        };

        private static string? HolderName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };

        private static string? FunctionName(SyntaxNode node) => node switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            LocalFunctionStatementSyntax local => local.Identifier.ValueText,
            _ => null,
        };

        private static bool IsRefreshName(string name) =>
            name.IndexOf("Expired", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("Refresh", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// A method or local function that refreshes: by its name, or, for a method, by what its attributes or its
        /// parameters' attributes name (round AU: <c>[Function("RefreshToken")] Run(...)</c> of an Azure Function,
        /// <c>[HttpPost("refresh")] Post(...)</c>, <c>[HttpTrigger(..., Route = "auth/refresh")]</c>).
        /// </summary>
        private static bool IsRefreshFunction(SyntaxNode function, string name)
        {
            if (IsRefreshName(name))
            {
                return true;
            }

            if (HandlesRefreshGrant(function))
            {
                return true;
            }

            if (function is not MethodDeclarationSyntax method)
            {
                return false;
            }

            if (NamesRefresh(method.AttributeLists))
            {
                return true;
            }

            foreach (var parameter in method.ParameterList.Parameters)
            {
                if (NamesRefresh(parameter.AttributeLists))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Round AW: an OAuth token endpoint (<c>[HttpPost("token")]</c>) that compares the request's grant type with
        /// <c>"refresh_token"</c> refreshes, whatever its name; so do the helpers it calls, one call deep.
        /// </summary>
        private static bool HandlesRefreshGrant(SyntaxNode function)
        {
            foreach (var token in function.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.StringLiteralToken) && token.ValueText == "refresh_token" &&
                    token.Parent?.Parent is BinaryExpressionSyntax or SwitchLabelSyntax or ConstantPatternSyntax or ArgumentSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A route or function name in the attributes that names a token refresh (round AW narrowed it): an argument of
        /// <c>Http*</c>, <c>Route</c>, <c>Function</c>, <c>FunctionName</c>, or the <c>Route =</c> of <c>HttpTrigger</c>, with a
        /// segment that is <c>refresh</c> (<c>auth/refresh</c>) or a name that speaks of a token refresh or an expired token
        /// (<c>refresh-token</c>, <c>RefreshToken</c>). Descriptions, tags and messages (<c>SwaggerOperation</c>,
        /// <c>Obsolete</c>) and other refreshes (<c>refresh-cache</c>) do not count.
        /// </summary>
        private static bool NamesRefresh(SyntaxList<AttributeListSyntax> attributes)
        {
            foreach (var list in attributes)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = SyntaxNames.TypeName(attribute.Name) ?? string.Empty;
                    var routes = name.StartsWith("Http", StringComparison.Ordinal) || name is "Route" or "RouteAttribute" or "Function" or "FunctionAttribute" or "FunctionName" or "FunctionNameAttribute";
                    foreach (var argument in attribute.ArgumentList?.Arguments ?? default)
                    {
                        var named = argument.NameEquals?.Name.Identifier.ValueText ?? argument.NameColon?.Name.Identifier.ValueText;
                        if ((routes && (named is null or "Route" or "Template" or "Name")) || named == "Route")
                        {
                            if (argument.Expression is LiteralExpressionSyntax { Token.ValueText: var route } && IsRefreshRoute(route))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsRefreshRoute(string route)
        {
            if (route.IndexOf("Token", StringComparison.OrdinalIgnoreCase) >= 0 && IsRefreshName(route))
            {
                return true; // refresh-token, RefreshToken, token/refresh, expired-token
            }

            foreach (var segment in route.Split('/'))
            {
                if (segment.Equals("refresh", StringComparison.OrdinalIgnoreCase) || segment.Equals("{refresh}", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The names of the methods that refresh methods call, read once per compilation and only once a lifetime fix
        /// is being decided: the files whose text names no refresh method are not parsed further.
        /// </summary>
        private static readonly ConditionalWeakTable<Compilation, HashSet<string>> CalledFromRefresh = new ConditionalWeakTable<Compilation, HashSet<string>>();

        private static HashSet<string> NamesCalledFromRefresh(Compilation compilation, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                if (!IsRefreshName(text))
                {
                    continue;
                }

                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (FunctionName(node) is { } name && IsRefreshFunction(node, name))
                    {
                        foreach (var call in node.DescendantNodes())
                        {
                            if (call is InvocationExpressionSyntax invocation && SyntaxNames.InvokedName(invocation) is { } invoked)
                            {
                                names.Add(invoked);
                            }
                        }
                    }
                }
            }

            return names;
        }

        /// <summary>
        /// TA103/TA204: the lifetime check is off on purpose, and restoring it would lock legitimate callers out: in a
        /// refresh helper (<see cref="IsInRefreshMethod"/>), where the code's own comment on the assignment says so, or
        /// on the parameters of a DPoP proof (<see cref="ValidatesDpopProofs"/>).
        /// </summary>
        public static bool LifetimeCheckOffOnPurpose(ConfigurationScope scope, PropertyAssignment assignment, TokenSymbols symbols, CancellationToken cancellationToken) =>
            IsInRefreshMethod(assignment.Syntax, symbols.Compilation, cancellationToken) || CommentKeepsLifetimeOff(assignment) ||
            ValidatesDpopProofs(scope, assignment, symbols, cancellationToken);

        /// <summary>
        /// TA105: tokens without an expiry are accepted on purpose, and requiring one would reject every legitimate
        /// token: where the comment on the assignment says they carry none (as for TA103), or on the parameters of a
        /// DPoP proof.
        /// </summary>
        public static bool ExpiryAbsentOnPurpose(ConfigurationScope scope, PropertyAssignment assignment, TokenSymbols symbols, CancellationToken cancellationToken) =>
            CommentKeepsLifetimeOff(assignment) || ValidatesDpopProofs(scope, assignment, symbols, cancellationToken);

        /// <summary>
        /// The parameters validate DPoP proofs (round AJ), which have no <c>exp</c>: their <c>ValidTypes</c> name
        /// <c>dpop+jwt</c> (Duende's <c>ProofTokenValidationParameters</c>), or the member that sets the flag does (a
        /// proof validator that compares the typ by hand), or that member or a type around it is named for them
        /// (Duende's <c>DPoPProofValidator.ValidateSignatureAsync</c>, whose typ check is in another method: round AI).
        /// </summary>
        private static bool ValidatesDpopProofs(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (DpopProof.IsNamedFor(flag.Syntax))
            {
                return true;
            }

            if (flag.Target is { } parameters)
            {
                foreach (var assignment in IndexOf(scope, symbols).AssignmentsTo(parameters))
                {
                    if (assignment.Name == "ValidTypes" && DpopProof.IsNamedIn(assignment.Value))
                    {
                        return true;
                    }
                }
            }

            return flag.Value.SemanticModel is { } model && DpopProof.IsNamedIn(MemberBody.Find(flag.Syntax, model, cancellationToken));
        }

        /// <summary>
        /// The comment on the assignment says its tokens carry no expiration (<c>//Notifications don't have an
        /// expiration date</c> above <c>ValidateLifetime = false</c>, real code for Apple's App Store notifications:
        /// the restored check rejects every one of them, as <c>RequireExpirationTime</c> defaults to true: IDX10225,
        /// shown with the real handler), or that expired tokens are read here, or a refresh (<c>// we check expired
        /// tokens here</c>, real code whose refresh use case calls it through an interface from another project), or
        /// speaks of the expiry claim (<c>the auth service wrongly names the claim for expiration</c>: its tokens have no
        /// standard <c>exp</c>, IDX10225 once the check is back). A comment that only says the check is skipped ("do not
        /// check expiry here") keeps the fix.
        /// </summary>
        private static bool CommentKeepsLifetimeOff(PropertyAssignment assignment)
        {
            var extent = assignment.Extent;
            var trivia = extent.GetLeadingTrivia().ToFullString() + extent.GetTrailingTrivia().ToFullString();
            if (extent.GetLastToken().GetNextToken() is { RawKind: (int)SyntaxKind.CommaToken or (int)SyntaxKind.SemicolonToken } next)
            {
                trivia += next.TrailingTrivia.ToFullString();
            }

            if ((trivia.IndexOf("exp", StringComparison.OrdinalIgnoreCase) >= 0 || trivia.IndexOf("refresh", StringComparison.OrdinalIgnoreCase) >= 0) &&
                LifetimeOffComment.Pattern.IsMatch(trivia))
            {
                return true;
            }

            // On the switch's own line the comment speaks of the lifetime it switches off (round AP: "// We'll validate
            // this manually").
            var onLine = extent.GetTrailingTrivia().ToFullString() + (trivia.Length > 0 && extent.GetLastToken().GetNextToken() is { RawKind: (int)SyntaxKind.CommaToken or (int)SyntaxKind.SemicolonToken } end ? end.TrailingTrivia.ToFullString() : string.Empty);
            if (LifetimeOffComment.SaysValidatedByHand(onLine))
            {
                return true;
            }

            // The lifetime is validated by hand (rounds AI, AJ: "We validate lifetime manually, using ... iat", on the
            // line; "Note: audience and lifetime are manually validated by OpenIddict itself", heading the switches).
            trivia += HeadingComment(extent);
            return (trivia.IndexOf("lifetime", StringComparison.OrdinalIgnoreCase) >= 0 || trivia.IndexOf("exp", StringComparison.OrdinalIgnoreCase) >= 0) &&
                   LifetimeOffComment.SaysValidatedByHand(trivia);
        }

        /// <summary>
        /// The comment in front of the nearest earlier member of the same initializer, or statement of the same block,
        /// that has one: a comment heading a group of switches speaks for each of them.
        /// </summary>
        private static string HeadingComment(SyntaxNode extent)
        {
            var node = extent.Parent is ExpressionStatementSyntax statement ? statement : extent;
            SyntaxNode? previous = null;
            switch (node.Parent)
            {
                case InitializerExpressionSyntax initializer:
                    var index = initializer.Expressions.IndexOf((ExpressionSyntax)node);
                    for (var i = index - 1; i >= 0 && previous is null; i--)
                    {
                        previous = HasComment(initializer.Expressions[i]) ? initializer.Expressions[i] : null;
                    }

                    break;
                case BlockSyntax block when node is StatementSyntax own:
                    var position = block.Statements.IndexOf(own);
                    for (var i = position - 1; i >= 0 && previous is null; i--)
                    {
                        previous = HasComment(block.Statements[i]) ? block.Statements[i] : null;
                    }

                    break;
            }

            return previous?.GetLeadingTrivia().ToFullString() ?? string.Empty;
        }

        private static bool HasComment(SyntaxNode node)
        {
            foreach (var trivia in node.GetLeadingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Its own class, so that the expression is built only once a comment names an expiry or a refresh, not with RestoredCheck
        /// (issue 22).
        /// </summary>
        private static class LifetimeOffComment
        {
            public static readonly System.Text.RegularExpressions.Regex Pattern = new System.Text.RegularExpressions.Regex(
                @"\b(no|without)\s+(an?\s+|any\s+)?exp(iry|iration)?\b" +
                @"|\b(don't|doesn't|do not|does not|never|won't|will not)\s+(have|has|carry|contain|include)\s+(an?\s+|any\s+)?exp(iry|iration)?\b" +
                @"|\b(don't|doesn't|do not|does not|never|won't|will not)\s+expire\b" +
                @"|\bexp(iry|iration)?\b[^.\r\n]{0,30}\b(missing|absent)\b" +
                @"|\bexpired\b|\brefresh" +
                @"|\bexp(iry|iration)?\b[^.\r\n]{0,40}\bclaim|\bclaim\b[^.\r\n]{0,40}\bexp(iry|iration)?\b",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

            /// <summary>The check is done by hand somewhere else ("validated manually", "we validate lifetime manually").</summary>
            public static readonly System.Text.RegularExpressions.Regex ValidatedByHand = new System.Text.RegularExpressions.Regex(
                @"\b(validat\w*|check\w*|verif\w*)\b[^.;\r\n]{0,60}\b(manually|by hand|elsewhere|separately|ourselves|itself)\b" +
                @"|\b(manually|by hand)\b[^.;\r\n]{0,20}\b(validat|check|verif)",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

            /// <summary>A denial in the same sentence before or inside the phrase ("nobody validates it manually").</summary>
            private static readonly System.Text.RegularExpressions.Regex Negation = new System.Text.RegularExpressions.Regex(
                @"\b(not|never|nobody|no one|nothing|neither|nor|no longer)\b|n't\b",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

            private static readonly char[] SentenceEnds = { '.', ';', '\r', '\n' };

            /// <summary>
            /// The comment says the check is done by hand, and does not deny it: the words before the phrase in its
            /// sentence or clause (up to 40 characters, back to a period or semicolon) and the phrase itself hold no negation (round AM: "nobody validates the
            /// lifetime manually" asks for the fix).
            /// </summary>
            public static bool SaysValidatedByHand(string comment)
            {
                for (var match = ValidatedByHand.Match(comment); match.Success; match = match.NextMatch())
                {
                    var sentence = comment.LastIndexOfAny(SentenceEnds, match.Index) + 1;
                    var start = Math.Max(sentence, match.Index - 40);
                    if (!Negation.IsMatch(comment.Substring(start, match.Index + match.Length - start)))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// The assignment is one element of a deconstruction (<c>(p.X, p.Y) = (false, false)</c>), or is the
        /// deconstruction itself: removing it would change the other elements, so no fix is offered.
        /// </summary>
        public static bool IsInDeconstruction(SyntaxNode node)
        {
            if (node is AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax })
            {
                return true;
            }

            SyntaxNode current = node;
            while (current.Parent is ArgumentSyntax or TupleExpressionSyntax)
            {
                current = current.Parent;
            }

            return current is TupleExpressionSyntax && current.Parent is AssignmentExpressionSyntax assignment && assignment.Left == current;
        }

        private static bool HasAny(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols, string[] onParameters, string[] onOptions, Func<PropertyAssignment, bool>? optionSourceCounts = null)
        {
            if (flag.Target is not { } parameters)
            {
                return false;
            }

            var index = IndexOf(scope, symbols);
            if (HasValue(index.AssignmentsTo(parameters), onParameters, flag, scope))
            {
                return true;
            }

            foreach (var options in OptionsOf(scope, index, parameters, symbols))
            {
                if (HasValue(index.AssignmentsTo(options), onOptions, flag, scope, optionSourceCounts))
                {
                    return true;
                }
            }

            return SetOnEveryBranch(scope, index, parameters, flag, symbols, onParameters, onOptions, optionSourceCounts);
        }

        /// <summary>
        /// No one source runs whenever the flag does, but an <c>if</c>/<c>else</c> that does sets one in each branch
        /// (real code: a gateway sets a ConfigurationManager in one branch and the Authority in the other).
        /// </summary>
        private static bool SetOnEveryBranch(ConfigurationScope scope, ScopeIndex index, ObjectKey parameters, PropertyAssignment flag, TokenSymbols symbols, string[] onParameters, string[] onOptions, Func<PropertyAssignment, bool>? optionSourceCounts)
        {
            var sources = new HashSet<SyntaxNode>();
            AddSources(sources, index.AssignmentsTo(parameters), onParameters, flag, null);
            foreach (var options in OptionsOf(scope, index, parameters, symbols))
            {
                AddSources(sources, index.AssignmentsTo(options), onOptions, flag, optionSourceCounts);
            }

            foreach (var source in sources)
            {
                foreach (var ancestor in source.Ancestors())
                {
                    if (ancestor == scope.Node)
                    {
                        break;
                    }

                    if (ancestor is IfStatementSyntax { Else: not null } branches &&
                        SyntaxPaths.RunsWhenever(branches, flag.Syntax, scope.Node) &&
                        SetsOnEveryPath(branches, sources))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The statements that hold a source of one of <paramref name="names"/> that supplies a value and is not cleared.</summary>
        private static void AddSources(HashSet<SyntaxNode> sources, List<PropertyAssignment> assignments, string[] names, PropertyAssignment flag, Func<PropertyAssignment, bool>? counts)
        {
            foreach (var assignment in assignments)
            {
                if (System.Array.IndexOf(names, assignment.Name) >= 0 && Supplies(assignment) && !IsCleared(assignments, assignment.Name, flag) &&
                    (counts is null || counts(assignment)) &&
                    assignment.Syntax.FirstAncestorOrSelf<StatementSyntax>() is { } statement)
                {
                    sources.Add(statement);
                }
            }
        }

        /// <summary>
        /// Does every run of <paramref name="statement"/> that completes set a source: it is one of
        /// <paramref name="sources"/>, a block with one among its own statements and no jump before it, or an
        /// <c>if</c>/<c>else</c> whose both branches do?
        /// </summary>
        private static bool SetsOnEveryPath(StatementSyntax statement, HashSet<SyntaxNode> sources)
        {
            switch (statement)
            {
                case BlockSyntax block:
                    foreach (var inner in block.Statements)
                    {
                        if (SetsOnEveryPath(inner, sources))
                        {
                            return true;
                        }

                        if (MayJump(inner))
                        {
                            return false;
                        }
                    }

                    return false;
                case IfStatementSyntax { Else: { } otherwise } branches:
                    return SetsOnEveryPath(branches.Statement, sources) && SetsOnEveryPath(otherwise.Statement, sources);
                default:
                    return sources.Contains(statement);
            }
        }

        private static bool MayJump(StatementSyntax statement)
        {
            if (IsJump(statement))
            {
                return true;
            }

            foreach (var node in SyntaxKinds.DescendantsOutsideFunctions(statement))
            {
                if (IsJump(node))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsJump(SyntaxNode node) =>
            node is ReturnStatementSyntax or GotoStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or YieldStatementSyntax;

        /// <summary>
        /// The scope's assignments by (canonical) object, built once per scope: one method may hold thousands of
        /// findings, and each asks about the same object.
        /// </summary>
        private static readonly ConditionalWeakTable<ConfigurationScope, ScopeIndex> Indexes = new ConditionalWeakTable<ConfigurationScope, ScopeIndex>();

        private static ScopeIndex IndexOf(ConfigurationScope scope, TokenSymbols symbols) => Indexes.GetValue(scope, s => new ScopeIndex(s, symbols));

        private sealed class ScopeIndex
        {
            private static readonly List<PropertyAssignment> None = new List<PropertyAssignment>();
            private readonly ConfigurationScope _scope;
            private readonly Dictionary<ObjectKey, List<PropertyAssignment>> _byObject = new Dictionary<ObjectKey, List<PropertyAssignment>>();
            private readonly Dictionary<ObjectKey, List<ObjectKey>> _optionsByParameters = new Dictionary<ObjectKey, List<ObjectKey>>();

            public ScopeIndex(ConfigurationScope scope, TokenSymbols symbols)
            {
                _scope = scope;
                foreach (var assignment in scope.Assignments)
                {
                    if (assignment.Target is not { } target)
                    {
                        continue;
                    }

                    if (IsSource(assignment.Name))
                    {
                        Add(_byObject, scope.Canonical(target), assignment);
                    }

                    if (assignment.Name == "TokenValidationParameters" && symbols.IsOptionsType(assignment.ObjectType))
                    {
                        Add(_optionsByParameters, scope.Canonical(target.Member(assignment.Property)), target);
                    }
                }
            }

            /// <summary>Only the properties the checks above ask about are indexed.</summary>
            private static bool IsSource(string name) =>
                System.Array.IndexOf(IssuerOnParameters, name) >= 0 || System.Array.IndexOf(IssuerOnOptions, name) >= 0 ||
                System.Array.IndexOf(AudienceOnParameters, name) >= 0 || System.Array.IndexOf(AudienceOnOptions, name) >= 0 ||
                System.Array.IndexOf(SigningKeyOnParameters, name) >= 0 || System.Array.IndexOf(DecryptionOnParameters, name) >= 0 ||
                System.Array.IndexOf(KeyValidationOnParameters, name) >= 0 || System.Array.IndexOf(ConfigurationOnOptions, name) >= 0;

            public List<PropertyAssignment> AssignmentsTo(ObjectKey target) =>
                _byObject.TryGetValue(_scope.Canonical(target), out var found) ? found : None;

            public IEnumerable<ObjectKey> OptionsGiven(ObjectKey parameters) =>
                _optionsByParameters.TryGetValue(_scope.Canonical(parameters), out var found) ? found : (IEnumerable<ObjectKey>)System.Array.Empty<ObjectKey>();

            private static void Add<T>(Dictionary<ObjectKey, List<T>> map, ObjectKey key, T value)
            {
                if (!map.TryGetValue(key, out var list))
                {
                    map[key] = list = new List<T>();
                }

                list.Add(value);
            }
        }

        /// <summary>The parameters object gets one of <paramref name="names"/> anywhere in the scope, to anything but constant false, null or empty.</summary>
        private static bool SetsAnywhere(ConfigurationScope scope, PropertyAssignment flag, TokenSymbols symbols, string[] names)
        {
            if (flag.Target is not { } parameters)
            {
                return false;
            }

            foreach (var assignment in IndexOf(scope, symbols).AssignmentsTo(parameters))
            {
                if (System.Array.IndexOf(names, assignment.Name) >= 0 && Supplies(assignment) &&
                    DelegateBody.Unwrap(assignment.Value)?.ConstantValue is not { HasValue: true, Value: false })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// At least one assignment of the names that supplies a value and runs whenever <paramref name="flag"/> does,
        /// for a name that is not also cleared where the flag may run (real code: <c>options.Authority = null</c> in a
        /// development bypass, after the Authority was set).
        /// </summary>
        private static bool HasValue(List<PropertyAssignment> assignments, string[] names, PropertyAssignment flag, ConfigurationScope scope, Func<PropertyAssignment, bool>? counts = null)
        {
            foreach (var assignment in assignments)
            {
                if (System.Array.IndexOf(names, assignment.Name) >= 0 && Supplies(assignment) &&
                    SyntaxPaths.RunsWhenever(assignment.Syntax, flag.Syntax, scope.Node) &&
                    !IsCleared(assignments, assignment.Name, flag) &&
                    !IsReplacedBefore(assignment, flag, scope) &&
                    (counts is null || counts(assignment)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The object the value was set on is replaced before the flag, or by the statement that holds it (round AD:
        /// <c>o.TokenValidationParameters.ValidIssuer = i;</c> then <c>o.TokenValidationParameters = new
        /// TokenValidationParameters { ValidateIssuer = false }</c>: the new object has no issuer).
        /// </summary>
        private static bool IsReplacedBefore(PropertyAssignment value, PropertyAssignment flag, ConfigurationScope scope)
        {
            if (Holder(value) is not { } holder)
            {
                return false;
            }

            foreach (var node in scope.Node.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax replacement && replacement.IsKind(SyntaxKind.SimpleAssignmentExpression) &&
                    replacement.SpanStart > value.Syntax.Span.End && replacement.SpanStart <= flag.Syntax.SpanStart &&
                    SyntaxFactory.AreEquivalent(replacement.Left, holder))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// What holds the object a value was set on: <c>o.TokenValidationParameters</c> of
        /// <c>o.TokenValidationParameters.ValidIssuer = i</c>; the left side or the local of <c>... = new
        /// TokenValidationParameters { ValidIssuer = i }</c> (round AG: an initializer, and a local, replaced later).
        /// </summary>
        private static ExpressionSyntax? Holder(PropertyAssignment value)
        {
            if (value.TargetSyntax is MemberAccessExpressionSyntax { Expression: var owner } && owner is MemberAccessExpressionSyntax or IdentifierNameSyntax)
            {
                return owner;
            }

            if (value.Syntax.Parent is InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation })
            {
                return creation.Parent switch
                {
                    AssignmentExpressionSyntax assignment when assignment.Right == creation => assignment.Left,
                    EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => SyntaxFactory.IdentifierName(declarator.Identifier.ValueText),
                    _ => null,
                };
            }

            return null;
        }

        private static bool IsCleared(List<PropertyAssignment> assignments, string name, PropertyAssignment flag)
        {
            foreach (var assignment in assignments)
            {
                if (assignment.Name == name && !Supplies(assignment) && !SyntaxPaths.NeverTogether(assignment.Syntax, flag.Syntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A value that is not null or an empty string (<c>""</c>, <c>string.Empty</c>), nor a collection without an
        /// element (<c>[]</c>, <c>new List&lt;string&gt;()</c>, <c>Array.Empty&lt;string&gt;()</c>): <c>ValidIssuers = []</c> supplies nothing.
        /// </summary>
        private static bool Supplies(PropertyAssignment assignment)
        {
            var value = DelegateBody.Unwrap(assignment.Value);
            return value is not null &&
                   value.ConstantValue is not { HasValue: true, Value: "" } &&
                   value is not IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } } &&
                   !CollectionValues.IsEmpty(value);
        }

        /// <summary>
        /// The options objects whose TokenValidationParameters is <paramref name="parameters"/>: the owner of an
        /// <c>o.TokenValidationParameters</c> path (also through an alias), and every options object of the scope
        /// that is given this parameters object (<c>o.TokenValidationParameters = p</c>).
        /// </summary>
        private static IEnumerable<ObjectKey> OptionsOf(ConfigurationScope scope, ScopeIndex index, ObjectKey parameters, TokenSymbols symbols)
        {
            foreach (var key in new[] { parameters, scope.Canonical(parameters) })
            {
                if (OwnerThroughTokenValidationParameters(key, symbols) is { } owner)
                {
                    yield return owner;
                }
            }

            foreach (var options in index.OptionsGiven(parameters))
            {
                yield return options;
            }
        }

        private static ObjectKey? OwnerThroughTokenValidationParameters(ObjectKey key, TokenSymbols symbols)
        {
            if (key.Path.Length == 0 || key.Path[key.Path.Length - 1] is not IPropertySymbol { Name: "TokenValidationParameters" } property ||
                !symbols.IsOptionsType(property.ContainingType))
            {
                return null;
            }

            return key.Owner;
        }
    }
}
