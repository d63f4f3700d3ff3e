using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA304: an IssuerSigningKeyResolver(UsingConfiguration) whose body never reads its kid parameter nor the
    /// token's issuer or tenant: it hands back a pool of keys, so a key trusted for one issuer validates another's tokens.
    /// </summary>
    internal sealed class KeyResolverRule : TokenRule
    {
        /// <summary>The resolver delegates' parameters: (string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters[, BaseConfiguration configuration]).</summary>
        private const int TokenParameter = 0;
        private const int SecurityTokenParameter = 1;
        private const int KidParameter = 2;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(KeyResolverIgnoresKeyIdAndIssuer);

        private static readonly ImmutableHashSet<string> PropertyNames =
            ImmutableHashSet.Create("IssuerSigningKeyResolver", "IssuerSigningKeyResolverUsingConfiguration");

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, PropertyNames, ValueFilter.Any, AnalyzeAssignment);

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsParametersType(assignment.ObjectType) ||
                DelegateBody.Resolve(assignment.Value, context.Symbols.Compilation, context.CancellationToken) is not { } body ||
                body.Method.Parameters.Length < 4 ||
                MayReadKidOrIssuer(body, context.Symbols))
            {
                return;
            }

            // A resolver that returns a key built from the token itself is TA308's (the most specific rule only).
            var member = MemberBody.Find(assignment.Syntax, context.NodeContext.SemanticModel, context.CancellationToken);
            if (UnvalidatedToken.ResolverReturnsTokenKey(body, member, context.Symbols, context.CancellationToken))
            {
                return;
            }

            context.Report(KeyResolverIgnoresKeyIdAndIssuer, assignment.Name);
        }

        /// <summary>
        /// True when the body reads kid, a token's Issuer/Kid, the claims iss/tid/kid, or passes the token to code we
        /// cannot see (it might read them there).
        /// </summary>
        private static bool MayReadKidOrIssuer(DelegateBody body, TokenSymbols symbols)
        {
            foreach (var operation in body.Body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IParameterReferenceOperation when body.IsParameter(operation, KidParameter):
                        return true;
                    case IPropertyReferenceOperation { Property.Name: "Issuer" or "Kid" or "X5t" or "Iss" } property when IsTokenPart(property.Property.ContainingType, symbols):
                        return true;
                    case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }
                        when text is "kid" or "iss" or "tid" or "x5t":
                        return true;
                    case IFieldReferenceOperation { ConstantValue: { HasValue: true, Value: string claim } }
                        when claim is "kid" or "iss" or "tid" or "x5t":
                        return true;
                    case IArgumentOperation argument
                        when (body.IsParameter(argument.Value, TokenParameter) || body.IsParameter(argument.Value, SecurityTokenParameter)) &&
                             argument.Parent is IInvocationOperation invocation &&
                             !AcceptAllDelegates.IsTokenRead(invocation.TargetMethod, symbols) &&
                             !AcceptAllDelegates.CannotReject(invocation, symbols):
                        return true; // GetKeys(securityToken): may look the key up inside
                }
            }

            return false;
        }

        /// <summary>A token (SecurityToken and derived), or the header/payload of a JwtSecurityToken.</summary>
        private static bool IsTokenPart(INamedTypeSymbol? type, TokenSymbols symbols) =>
            type.InheritsFromOrEquals(symbols.SecurityToken) ||
            type?.ToDisplayString() is "System.IdentityModel.Tokens.Jwt.JwtHeader" or "System.IdentityModel.Tokens.Jwt.JwtPayload";
    }
}
