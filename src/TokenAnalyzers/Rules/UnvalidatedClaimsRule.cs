using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA401: a token that was only parsed (<c>ReadJwtToken</c>, <c>ReadToken</c>, <c>ReadJsonWebToken</c>,
    /// <c>new JwtSecurityToken(s)</c>, <c>new JsonWebToken(s)</c>) has its claims read in a member that never
    /// validates that token string. Header and metadata reads (kid, alg, expiry, issuer) stay silent: a client
    /// checking its own token's expiry and code choosing a key by kid are legitimate. A token the member returns is
    /// judged at its callers' reads (<see cref="ParsingHelpers"/>) and reported here, at the read.
    /// </summary>
    internal sealed class UnvalidatedClaimsRule : TokenRule
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(ClaimsFromUnvalidatedToken);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.Invocation, UnvalidatedToken.ReadNames, nodeContext => Analyze(nodeContext, symbols));
            System.Action<NodeContext> creation = nodeContext =>
            {
                if (UnvalidatedToken.IsParsingCreation(nodeContext.Node))
                {
                    Analyze(nodeContext, symbols);
                }
            };
            start.OnNamed(CandidateKind.ObjectCreation, UnvalidatedToken.TokenTypeNames, creation);
            start.OnNamed(CandidateKind.TargetTypedCreation, UnvalidatedToken.TokenTypeNames, creation);
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            if (symbols.JsonWebToken is null && symbols.JwtSecurityToken is null)
            {
                return;
            }

            var model = context.SemanticModel;
            var cancellationToken = context.CancellationToken;
            var read = OperationTrees.Get(model, context.Node, cancellationToken);
            if (!UnvalidatedToken.IsRead(read, symbols, out var tokenString, out var source))
            {
                return;
            }

            var body = MemberBody.Find(context.Node, model, cancellationToken);
            if (body is null)
            {
                return;
            }

            var flow = new ValueFlow(new LocalReads(body), static (_, _) => false).Follow(read!);
            // Header and metadata reads (kid, alg, expiry, issuer) are the exemption TA601 and TA602 share.
            if (TokenMetadataReads.ReadsClaims(flow))
            {
                if (!UnvalidatedToken.IsValidated(body, tokenString, flow.Locals))
                {
                    context.ReportDiagnostic(Diagnostic.Create(ClaimsFromUnvalidatedToken, context.Node.GetLocation(), source, string.Empty));
                }

                return;
            }

            // A token the member returns is judged where its callers read it (one call deep).
            if (ParsingHelpers.ReturningFunction(flow, body, model, cancellationToken) is { } helper &&
                !UnvalidatedToken.IsValidated(body, tokenString, flow.Locals) &&
                ParsingHelpers.CallerReadingClaims(helper, tokenString, body, model.Compilation, cancellationToken) is { } caller)
            {
                context.ReportDiagnostic(Diagnostic.Create(ClaimsFromUnvalidatedToken, context.Node.GetLocation(), source, " in " + caller + " from this method"));
            }
        }
    }
}
