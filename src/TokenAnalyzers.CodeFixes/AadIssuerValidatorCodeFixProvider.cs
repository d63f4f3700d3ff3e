using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using TokenAnalyzers.Model;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA301: replace the disabled or weak issuer check with
    /// <c>IssuerValidator = AadIssuerValidator.GetAadIssuerValidator(authority).Validate</c> (and add the using).
    /// Offered when the authority is a constant and Microsoft.IdentityModel.Validators is referenced.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AadIssuerValidatorCodeFixProvider))]
    public sealed class AadIssuerValidatorCodeFixProvider : SyntaxFixProvider<(AssignmentExpressionSyntax Assignment, ExpressionSyntax Authority, bool Remove)>
    {
        public const string EquivalenceKey = RuleIds.AnyEntraTenantAccepted + ".UseAadIssuerValidator";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AnyEntraTenantAccepted);

        private protected override string Title(Diagnostic diagnostic) => "Validate the issuer with AadIssuerValidator";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey;

        private protected override Optional<(AssignmentExpressionSyntax Assignment, ExpressionSyntax Authority, bool Remove)> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model) =>
            Find(root, diagnostic, model) is { } target ? target : default(Optional<(AssignmentExpressionSyntax Assignment, ExpressionSyntax Authority, bool Remove)>);

        private static (AssignmentExpressionSyntax Assignment, ExpressionSyntax Authority, bool Remove)? Find(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.Authority, out var authority) || authority is null ||
                FixSupport.NodeAt(root, diagnostic.Location.SourceSpan) is not AssignmentExpressionSyntax assignment)
            {
                return null;
            }

            // RULES.md TA301: only for a tenant-specific authority. For common/organizations/consumers the validator
            // fills {tenantid} from the token's own tid and accepts every tenant: such a fix would only hide the finding.
            if (EntraAuthority.FromText(authority, isConstant: true) is not { Tenant: not null, IsMultiTenant: false })
            {
                return null;
            }

            var remove = diagnostic.Properties.TryGetValue(FixProperties.IssuerFix, out var kind) && kind == "Remove";
            // Both kinds rewrite a statement-like assignment only: where its value is used, another value would not compile.
            if (!StatementRemoval.CanRemove(assignment, model) ||
                (!remove && assignment.Left is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or MemberBindingExpressionSyntax)))
            {
                return null;
            }

            return (assignment, AuthorityValue(root, diagnostic, authority, assignment, model), remove);
        }

        /// <summary>
        /// The authority as the code names it where that is a constant field holding the same value
        /// (<c>options.Authority = Authority;</c>): the tenant stays written in one place, and a change of the constant
        /// moves the validator with it. Likewise the expression the Authority is built from out of constants
        /// (<c>$"{Instance}{TenantId}/v2.0"</c>), written again where it is in the same file and every name in it means
        /// the same at the fix. Otherwise the value as a literal.
        /// </summary>
        private static ExpressionSyntax AuthorityValue(SyntaxNode root, Diagnostic diagnostic, string authority, AssignmentExpressionSyntax assignment, SemanticModel model)
        {
            if (diagnostic.AdditionalLocations.Count > FixProperties.AuthorityExpressionLocation &&
                diagnostic.AdditionalLocations[FixProperties.AuthorityExpressionLocation].SourceTree == root.SyntaxTree &&
                FixSupport.AdditionalNode(root, diagnostic, FixProperties.AuthorityExpressionLocation) is ExpressionSyntax built &&
                MeansTheSameAt(built, assignment.SpanStart, model))
            {
                return built.WithoutTrivia();
            }

            if (diagnostic.Properties.TryGetValue(FixProperties.AuthorityConstant, out var name) && name is not null &&
                SyntaxFactory.ParseExpression(name) is var reference &&
                model.GetSpeculativeSymbolInfo(assignment.SpanStart, reference, SpeculativeBindingOption.BindAsExpression).Symbol is IFieldSymbol { IsConst: true, ConstantValue: string value } &&
                value == authority)
            {
                return reference.WithAdditionalAnnotations(Simplifier.Annotation);
            }

            return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(authority));
        }

        /// <summary>
        /// <paramref name="expression"/> is built of string literals, interpolations, <c>+</c> and names only, and each
        /// name binds at <paramref name="position"/> to the same constant or read-only field or local as where it stands.
        /// </summary>
        private static bool MeansTheSameAt(ExpressionSyntax expression, int position, SemanticModel model)
        {
            var names = 0;
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case SimpleNameSyntax when node.Parent is MemberAccessExpressionSyntax access && access.Name == node:
                    case MemberAccessExpressionSyntax when node.Parent is MemberAccessExpressionSyntax outer && outer.Expression == node:
                    case IdentifierNameSyntax when node.Parent is MemberAccessExpressionSyntax inner && inner.Expression == node:
                        continue; // a part of the name checked whole below
                    case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                        var symbol = model.GetSymbolInfo(node).Symbol;
                        if (symbol is not (IFieldSymbol { IsConst: true } or IFieldSymbol { IsReadOnly: true, IsStatic: true } or ILocalSymbol) ||
                            !SymbolEqualityComparer.Default.Equals(symbol, model.GetSpeculativeSymbolInfo(position, node, SpeculativeBindingOption.BindAsExpression).Symbol) ||
                            (symbol is ILocalSymbol && !(symbol.Locations.Length == 1 && symbol.Locations[0].SourceSpan.End < position))) // a local is read only after its declaration
                        {
                            return false;
                        }

                        names++;
                        continue;
                    case LiteralExpressionSyntax or InterpolatedStringExpressionSyntax or InterpolationSyntax or InterpolatedStringTextSyntax or ParenthesizedExpressionSyntax:
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }:
                        continue;
                    default:
                        return false;
                }
            }

            return names > 0;
        }

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(AssignmentExpressionSyntax Assignment, ExpressionSyntax Authority, bool Remove)> targets, SemanticModel model, CancellationToken cancellationToken)
        {
            var fixes = targets.GroupBy(f => f.Assignment).Select(g => g.First()).ToList();

            var tracked = root.TrackNodes(fixes.Select(f => f.Assignment));
            foreach (var fix in fixes)
            {
                if (tracked.GetCurrentNode(fix.Assignment) is not { } current)
                {
                    continue;
                }

                tracked = fix.Remove
                    ? StatementRemoval.Remove(tracked, current)
                    : tracked.ReplaceNode(current, UseAadIssuerValidator(current, fix.Authority));
            }

            // The written name is fully qualified; the simplifier shortens it where the using makes that unambiguous.
            // The using is added only where it makes no existing name of the file ambiguous.
            return fixes.Any(f => !f.Remove) && FixSupport.CanImport(model, root, FixSupport.ValidatorsNamespace, cancellationToken)
                ? FixSupport.AddUsing(tracked, FixSupport.ValidatorsNamespace)
                : tracked;
        }

        private static AssignmentExpressionSyntax UseAadIssuerValidator(AssignmentExpressionSyntax assignment, ExpressionSyntax authority)
        {
            var name = SyntaxFactory.IdentifierName("IssuerValidator");
            ExpressionSyntax left = assignment.Left switch
            {
                IdentifierNameSyntax identifier => name.WithTriviaFrom(identifier),
                MemberAccessExpressionSyntax access => access.WithName(name.WithTriviaFrom(access.Name)),
                MemberBindingExpressionSyntax binding => binding.WithName(name.WithTriviaFrom(binding.Name)),
                _ => assignment.Left,
            };

            var value = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, FixSupport.QualifiedType("AadIssuerValidator"), SyntaxFactory.IdentifierName("GetAadIssuerValidator")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(authority)))),
                    SyntaxFactory.IdentifierName("Validate"))
                .WithTriviaFrom(assignment.Right);
            return assignment.WithLeft(left).WithRight(value);
        }
    }
}
