using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Rules;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA601: make JWT.NET verify the signature. <c>DoNotVerifySignature()</c> becomes <c>MustVerifySignature()</c>,
    /// <c>WithVerifySignature(false)</c> and <c>verify: false</c> become <c>true</c>, and on versions before 9.0
    /// <c>.MustVerifySignature()</c> goes before the builder's <c>.Decode</c>. The analyzer offers a kind only where the
    /// builder or decoder has a key or secret (and an algorithm), so the fixed code still accepts genuine tokens.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VerifySignatureCodeFixProvider))]
    public sealed class VerifySignatureCodeFixProvider : SyntaxFixProvider<(InvocationExpressionSyntax Call, string Kind, int Argument)>
    {
        private const string MustVerifySignature = "MustVerifySignature";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JwtNetDecodesWithoutVerification);

        private protected override string Title(Diagnostic diagnostic) => Kind(diagnostic) switch
        {
            JwtNetDecodeRule.FixKinds.MustVerify => "Use MustVerifySignature()",
            JwtNetDecodeRule.FixKinds.InsertMustVerify => "Call MustVerifySignature() before decoding",
            _ => "Verify the signature",
        };

        private protected override string EquivalenceKeyOf(Diagnostic diagnostic) => RuleIds.JwtNetDecodesWithoutVerification + "." + Kind(diagnostic);

        private static string? Kind(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(FixProperties.VerifySignatureFix, out var kind) ? kind : null;

        private protected override Optional<(InvocationExpressionSyntax Call, string Kind, int Argument)> FindTarget(SyntaxNode root, Diagnostic diagnostic, SemanticModel model)
        {
            var kind = Kind(diagnostic);
            var span = diagnostic.Location.SourceSpan;
            if (kind is null || span.End > root.FullSpan.End)
            {
                return default;
            }

            var call = root.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(node => node.Span.End == span.End);
            if (call is null)
            {
                return default;
            }

            switch (kind)
            {
                case JwtNetDecodeRule.FixKinds.MustVerify when NameOf(call) is { Identifier.ValueText: "DoNotVerifySignature" }:
                    return (call, kind, -1);
                case JwtNetDecodeRule.FixKinds.VerifyArgumentTrue
                    when diagnostic.Properties.TryGetValue(FixProperties.VerifyArgument, out var text) &&
                         int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) &&
                         index >= 0 && index < call.ArgumentList.Arguments.Count &&
                         !call.ArgumentList.Arguments[index].Expression.IsKind(SyntaxKind.TrueLiteralExpression):
                    return (call, kind, index);
                case JwtNetDecodeRule.FixKinds.InsertMustVerify when call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Decode" }:
                    return (call, kind, -1);
                default:
                    return default;
            }
        }

        private static SimpleNameSyntax? NameOf(InvocationExpressionSyntax call) => call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => null,
        };

        private protected override SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(InvocationExpressionSyntax Call, string Kind, int Argument)> targets, SemanticModel model, CancellationToken cancellationToken)
        {
            var tracked = root.TrackNodes(targets.Select(target => target.Call));
            foreach (var target in targets)
            {
                if (tracked.GetCurrentNode(target.Call) is not { } call)
                {
                    continue;
                }

                tracked = tracked.ReplaceNode(call, Fix(call, target.Kind, target.Argument));
            }

            return tracked;
        }

        private static InvocationExpressionSyntax Fix(InvocationExpressionSyntax call, string kind, int argument)
        {
            switch (kind)
            {
                case JwtNetDecodeRule.FixKinds.MustVerify when NameOf(call) is IdentifierNameSyntax name:
                    return call.ReplaceNode(name, name.WithIdentifier(SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, MustVerifySignature, name.Identifier.TrailingTrivia)));
                case JwtNetDecodeRule.FixKinds.VerifyArgumentTrue:
                    var expression = call.ArgumentList.Arguments[argument].Expression;
                    return call.ReplaceNode(expression, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(expression));
                case JwtNetDecodeRule.FixKinds.InsertMustVerify when call.Expression is MemberAccessExpressionSyntax member:
                    // builder.Decode(t) -> builder.MustVerifySignature().Decode(t); a chain split over lines keeps one call per
                    // line. The new call goes right before .Decode, after the comments and directives in front of it, so it
                    // is compiled exactly where .Decode is (an #endif before .Decode must not leave it in the #if above);
                    // .Decode keeps its line's indentation. Nothing is copied, so no directive appears twice.
                    var verify = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression,
                            member.Expression,
                            SyntaxFactory.Token(member.OperatorToken.LeadingTrivia, SyntaxKind.DotToken, default),
                            SyntaxFactory.IdentifierName(MustVerifySignature)))
                        .WithTrailingTrivia(member.Expression.GetTrailingTrivia().Where(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia)));
                    return call.WithExpression(member
                        .WithExpression(verify)
                        .WithOperatorToken(member.OperatorToken.WithLeadingTrivia(Indentation(member.OperatorToken.LeadingTrivia))));
                default:
                    return call;
            }
        }

        /// <summary>The white space at the end of a token's leading trivia: its line's indentation, after any comment or directive.</summary>
        private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
        {
            var start = leading.Count;
            while (start > 0 && leading[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                start--;
            }

            return SyntaxFactory.TriviaList(leading.Skip(start));
        }
    }
}
