using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA401: a token that was only parsed (<c>ReadJwtToken</c>, <c>ReadToken</c>, <c>ReadJsonWebToken</c>,
    /// <c>new JwtSecurityToken(s)</c>, <c>new JsonWebToken(s)</c>) has its claims read in a member that never
    /// validates that token string. Header and metadata reads (kid, alg, expiry, issuer) stay silent: a client
    /// checking its own token's expiry and code choosing a key by kid are legitimate.
    /// </summary>
    internal sealed class UnvalidatedClaimsRule : TokenRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ClaimsFromUnvalidatedToken,
            "Claims are read from an unvalidated token",
            "The claims of a token made by '{0}' are read, but the token was only parsed: its signature, issuer, audience and lifetime were never validated",
            "ReadJwtToken, ReadToken, ReadJsonWebToken and the JwtSecurityToken/JsonWebToken string constructors only decode the token: anyone can write a token with any claims. Validate the token string with ValidateTokenAsync (and check IsValid) before trusting its claims.");

        private static readonly HashSet<string> ReadNames = NameSet.Of("ReadToken", "ReadJwtToken", "ReadJsonWebToken");

        private static readonly HashSet<string> TokenTypeNames = NameSet.Of("JsonWebToken", "JwtSecurityToken");

        private static readonly HashSet<string> ValidateNames = NameSet.Of("ValidateToken", "ValidateTokenAsync");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.Invocation, ReadNames, nodeContext => Analyze(nodeContext, symbols));
            start.OnNamed(CandidateKind.ObjectCreation, TokenTypeNames, nodeContext => AnalyzeIfOneArgument(nodeContext, ((ObjectCreationExpressionSyntax)nodeContext.Node).ArgumentList, symbols));
            start.On(CandidateKind.TargetTypedCreation, nodeContext =>
            {
                var creation = (ImplicitObjectCreationExpressionSyntax)nodeContext.Node;
                if (SyntaxNames.TargetTypeName(creation) is not { } typeName || TokenTypeNames.Contains(typeName))
                {
                    Analyze(nodeContext, symbols);
                }
            });
        }

        private static void AnalyzeIfOneArgument(NodeContext context, ArgumentListSyntax? arguments, TokenSymbols symbols)
        {
            if (arguments?.Arguments.Count == 1)
            {
                Analyze(context, symbols);
            }
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            if (symbols.JsonWebToken is null && symbols.JwtSecurityToken is null)
            {
                return;
            }

            var model = context.SemanticModel;
            var cancellationToken = context.CancellationToken;
            IOperation? tokenString;
            string source;
            var read = model.GetOperation(context.Node, cancellationToken);
            switch (read)
            {
                case IInvocationOperation invocation when AcceptAllDelegates.IsTokenRead(invocation.TargetMethod, symbols) && invocation.Arguments.Length >= 1:
                    tokenString = invocation.Arguments[0].Value;
                    source = invocation.TargetMethod.Name;
                    break;
                case IObjectCreationOperation creation when symbols.IsParsedTokenType(creation.Type) && creation.Arguments.Length == 1 && IsEncodedToken(creation.Arguments[0].Value.Type):
                    tokenString = creation.Arguments[0].Value;
                    source = "new " + creation.Type!.Name;
                    break;
                default:
                    return;
            }

            var body = MemberBody.Find(context.Node, model, cancellationToken);
            if (body is null)
            {
                return;
            }

            var flow = new ValueFlow(new LocalReads(body), static (_, _) => false).Follow(read!);
            // Header and metadata reads (kid, alg, expiry, issuer) are the exemption TA601 and TA602 share.
            if (!TokenMetadataReads.ReadsClaims(flow) || ValidatesToken(body, tokenString, flow.Locals))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, context.Node.GetLocation(), source));
        }

        private static bool IsEncodedToken(ITypeSymbol? type) =>
            type?.SpecialType == SpecialType.System_String ||
            type is INamedTypeSymbol { Name: "ReadOnlyMemory", ContainingNamespace.Name: "System", TypeArguments.Length: 1 } memory &&
            memory.TypeArguments[0].SpecialType == SpecialType.System_Char;

        /// <summary>
        /// A ValidateToken/ValidateTokenAsync call in the member that validates this token: its string (same
        /// local, parameter, field or property), a local holding the parsed token, or an argument whose origin
        /// cannot be told apart from the token's (then any validation counts).
        /// </summary>
        private static bool ValidatesToken(IOperation body, IOperation? tokenString, List<ILocalSymbol> tokenLocals)
        {
            var related = new HashSet<ISymbol>(tokenLocals, SymbolEqualityComparer.Default);
            var stringSymbol = ValueFlow.NamedSymbol(tokenString);
            if (stringSymbol is not null)
            {
                related.Add(stringSymbol);
            }

            foreach (var operation in MemberBody.All(body))
            {
                if (operation is not IInvocationOperation invocation || !ValidateNames.Contains(invocation.TargetMethod.Name))
                {
                    continue;
                }

                if (stringSymbol is null)
                {
                    return true; // the read token's string has no name to compare: any validation may be of it
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.RefKind is not RefKind.None || !IsTokenLike(argument.Parameter?.Type))
                    {
                        continue;
                    }

                    var named = ValueFlow.NamedSymbol(argument.Value);
                    if (named is null || related.Contains(named))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A parameter that takes the token: a string, a SecurityToken, or anything else that is not the parameters object, a CancellationToken or an out value.</summary>
        private static bool IsTokenLike(ITypeSymbol? type) =>
            type is not null &&
            type.Name is not ("TokenValidationParameters" or "CancellationToken" or "ValidationParameters" or "CallContext");
    }
}
