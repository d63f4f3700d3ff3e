using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// "Remove the assignment" for the rules whose secure value is the library default (TA101-TA107) or the
    /// built-in check an accept-all delegate replaced (TA201-TA206). One equivalence key per rule, so Fix All
    /// fixes every finding of that rule at once and leaves the other rules' findings alone.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAssignmentCodeFixProvider))]
    public sealed class RemoveAssignmentCodeFixProvider : SyntaxFixProvider<ExpressionSyntax>
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            RuleIds.IssuerValidationDisabled,
            RuleIds.AudienceValidationDisabled,
            RuleIds.LifetimeValidationDisabled,
            RuleIds.UnsignedTokensAccepted,
            RuleIds.TokensWithoutExpiryAccepted,
            RuleIds.ClockSkewTooLarge,
            RuleIds.MetadataOverHttp,
            RuleIds.SignatureValidationBypassed,
            RuleIds.IssuerValidatorAcceptsAll,
            RuleIds.AudienceValidatorAcceptsAll,
            RuleIds.LifetimeValidatorAcceptsAll,
            RuleIds.SigningKeyValidatorAcceptsAll,
            RuleIds.AlgorithmValidatorAcceptsAll);

        public static string EquivalenceKey(string id) => id + ".RemoveAssignment";

        /// <summary>
        /// Rules whose fix may lock users out (RULES.md "Code fixes must not lock users out"): the analyzer decides
        /// and says so in <see cref="FixProperties.RemoveAssignment"/>; without it no fix is offered, in a single
        /// fix as in Fix All at any scope (each diagnostic carries its own decision).
        /// </summary>
        private static readonly ImmutableHashSet<string> DecidedByAnalyzer = ImmutableHashSet.Create(
            RuleIds.IssuerValidationDisabled,
            RuleIds.AudienceValidationDisabled,
            RuleIds.LifetimeValidationDisabled,
            RuleIds.UnsignedTokensAccepted,
            RuleIds.TokensWithoutExpiryAccepted,
            RuleIds.MetadataOverHttp,
            RuleIds.SignatureValidationBypassed,
            RuleIds.IssuerValidatorAcceptsAll,
            RuleIds.AudienceValidatorAcceptsAll,
            RuleIds.LifetimeValidatorAcceptsAll,
            RuleIds.SigningKeyValidatorAcceptsAll);

        private protected override string Title(Diagnostic diagnostic) => "Remove the assignment (restore the secure default)";

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => EquivalenceKey(diagnostic.Id);

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<ExpressionSyntax> assignments, SemanticModel model, CancellationToken cancellationToken) =>
            StatementRemoval.RemoveAll(root, assignments, cancellationToken);

        /// <summary>The reported assignment: <c>p.X = v</c>, or the conditional access around <c>o?.X = v</c>.</summary>
        private protected override Optional<ExpressionSyntax> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            var span = diagnostic.Location.SourceSpan;
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            var assignment = node.AncestorsAndSelf()
                .OfType<ExpressionSyntax>()
                .FirstOrDefault(e => e.Span == span && e is AssignmentExpressionSyntax or ConditionalAccessExpressionSyntax);
            if (DecidedByAnalyzer.Contains(diagnostic.Id) &&
                !(diagnostic.Properties.TryGetValue(FixProperties.RemoveAssignment, out var offered) && offered == FixProperties.Offered))
            {
                return default;
            }

            return assignment is not null && !IsInDeconstruction(assignment) && StatementRemoval.CanRemove(assignment, model) &&
                   !LeavesUnused(assignment, model)
                ? assignment
                : default(Optional<ExpressionSyntax>);
        }

        /// <summary>
        /// The value is the only read of a private field, a local or a local function (<c>p.X = s_off</c>, <c>p.X = off</c>,
        /// <c>p.AudienceValidator = accept</c>): without it the compiler warns that it is never used (CS0414, CS0219,
        /// CS8321), a broken build with warnings
        /// as errors (RULES.md: no new compiler diagnostic). Deleting the declaration too would be a second edit the
        /// finding does not ask for, so the fix is declined.
        /// </summary>
        private static bool LeavesUnused(ExpressionSyntax assignment, SemanticModel model)
        {
            var value = (assignment as AssignmentExpressionSyntax)?.Right ??
                        (assignment as ConditionalAccessExpressionSyntax)?.WhenNotNull.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>().FirstOrDefault()?.Right;
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            if (value is not (IdentifierNameSyntax or MemberAccessExpressionSyntax))
            {
                return false;
            }

            var symbol = model.GetSymbolInfo(value).Symbol;
            IEnumerable<SyntaxNode> scopes;
            switch (symbol)
            {
                case IFieldSymbol { IsConst: false, DeclaredAccessibility: Accessibility.Private } field:
                    scopes = field.ContainingType.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax());
                    break;
                case ILocalSymbol { IsConst: false } local when local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } declaration:
                    scopes = MemberOf(declaration);
                    break;
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction } function when function.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is { } declaration:
                    scopes = MemberOf(declaration); // CS8321, round AK: `AudienceValidator = accept`, a local function
                    break;
                default:
                    return false;
            }

            foreach (var scope in scopes)
            {
                foreach (var name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (name.Identifier.ValueText == symbol.Name && !value.Span.Contains(name.Span) && !IsWrittenHere(name) &&
                        model.SyntaxTree == name.SyntaxTree && !IsAssignedToASwitch(name, model) &&
                        SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, symbol))
                    {
                        return false; // read elsewhere (a part of the type in another file is not looked at: declined)
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// The member a local or local function is declared in; for a top-level statement, the whole file, whose other
        /// statements may read it.
        /// </summary>
        private static IEnumerable<SyntaxNode> MemberOf(SyntaxNode declaration) =>
            declaration.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault() switch
            {
                GlobalStatementSyntax global => new[] { global.Parent! },
                { } member => new[] { member },
                null => Enumerable.Empty<SyntaxNode>(),
            };

        /// <summary>
        /// The read is the value of another assignment to a property of the token types (<c>ValidateAudience = off</c>
        /// beside the reported <c>ValidateIssuer = off</c>): Fix All may remove that one too (round AG), so it does not
        /// keep the field or local used.
        /// </summary>
        private static bool IsAssignedToASwitch(IdentifierNameSyntax name, SemanticModel model)
        {
            SyntaxNode read = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            while (read.Parent is ParenthesizedExpressionSyntax)
            {
                read = read.Parent;
            }

            return read.Parent is AssignmentExpressionSyntax assignment && assignment.Right == read &&
                   model.GetSymbolInfo(assignment.Left).Symbol is IPropertySymbol { ContainingType: { } type } &&
                   type.ContainingNamespace?.ToDisplayString() is { } ns &&
                   (ns.StartsWith("Microsoft.IdentityModel", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.AspNetCore.Authentication", System.StringComparison.Ordinal));
        }

        /// <summary><c>x = v</c> or <c>this.x = v</c>: a write, which does not keep the compiler from warning.</summary>
        private static bool IsWrittenHere(IdentifierNameSyntax name)
        {
            SyntaxNode target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            return target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target &&
                   assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression);
        }

        /// <summary>
        /// No fix inside a deconstruction (<c>(p.X, p.Y) = (false, false)</c>), whatever rule reported it: removing
        /// the whole statement would also drop the other elements, and rewriting the tuple is not a removal.
        /// </summary>
        private static bool IsInDeconstruction(ExpressionSyntax assignment)
        {
            if (assignment is AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax })
            {
                return true;
            }

            return assignment.Ancestors().TakeWhile(a => a is ArgumentSyntax or TupleExpressionSyntax or AssignmentExpressionSyntax)
                .OfType<AssignmentExpressionSyntax>()
                .Any(a => a.Left is TupleExpressionSyntax tuple && tuple.Span.Contains(assignment.Span));
        }
    }
}
