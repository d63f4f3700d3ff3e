using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// Removes an assignment (or a statement) wherever it stands: an object-initializer member, a statement in a
    /// block or at top level, an embedded statement (replaced by an empty block), or a lambda's expression body
    /// (replaced by an empty block). Preprocessor directives in the removed trivia are kept.
    /// </summary>
    internal static class StatementRemoval
    {
        /// <summary>The node that must go for <paramref name="assignment"/> to disappear, or null when it is part of a larger expression.</summary>
        public static bool CanRemove(ExpressionSyntax assignment) => assignment.Parent switch
        {
            InitializerExpressionSyntax initializer => initializer.IsKind(SyntaxKind.ObjectInitializerExpression) || initializer.IsKind(SyntaxKind.WithInitializerExpression),
            ExpressionStatementSyntax => true,
            LambdaExpressionSyntax lambda => lambda.ExpressionBody == assignment,
            _ => false,
        };

        public static SyntaxNode Remove(SyntaxNode root, ExpressionSyntax assignment) => assignment.Parent switch
        {
            InitializerExpressionSyntax initializer => root.ReplaceNode(initializer, WithoutElement(initializer, assignment)),
            ExpressionStatementSyntax statement => RemoveStatement(root, statement),
            LambdaExpressionSyntax lambda => root.ReplaceNode(lambda, EmptyBody(lambda)),
            _ => root,
        };

        /// <summary>Removes every one of <paramref name="expressions"/> (see <see cref="Remove"/>), honouring cancellation.</summary>
        public static SyntaxNode RemoveAll(SyntaxNode root, IEnumerable<ExpressionSyntax> expressions, CancellationToken cancellationToken)
        {
            var list = expressions.ToList();
            var tracked = root.TrackNodes(list);
            foreach (var expression in list)
            {
                // Fix All over thousands of findings in one document takes a while: let the IDE cancel it.
                cancellationToken.ThrowIfCancellationRequested();
                if (tracked.GetCurrentNode(expression) is { } current)
                {
                    tracked = Remove(tracked, current);
                }
            }

            return tracked;
        }

        public static SyntaxNode RemoveStatement(SyntaxNode root, StatementSyntax statement)
        {
            switch (statement.Parent)
            {
                case BlockSyntax:
                case SwitchSectionSyntax:
                    return root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives | SyntaxRemoveOptions.KeepDirectives)!;
                case GlobalStatementSyntax global:
                    return root.RemoveNode(global, SyntaxRemoveOptions.KeepUnbalancedDirectives | SyntaxRemoveOptions.KeepDirectives)!;
                default:
                    // `if (x) p.ValidateIssuer = false;`: an embedded statement cannot vanish; an empty block keeps the code valid.
                    return root.ReplaceNode(statement, SyntaxFactory.Block().WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        private static InitializerExpressionSyntax WithoutElement(InitializerExpressionSyntax initializer, ExpressionSyntax element)
        {
            var expressions = initializer.Expressions;
            var index = expressions.IndexOf(element);
            var nodes = expressions.ToList();
            var separators = expressions.GetSeparators().ToList();

            if (index < separators.Count)
            {
                // `X = v,` : the element and its comma go; the next element keeps its own indentation.
                separators.RemoveAt(index);
            }
            else if (index > 0)
            {
                // last element without a trailing comma: drop the comma before it but keep that comma's line break.
                var previousSeparator = separators[index - 1];
                nodes[index - 1] = nodes[index - 1].WithTrailingTrivia(nodes[index - 1].GetTrailingTrivia().AddRange(previousSeparator.TrailingTrivia));
                separators.RemoveAt(index - 1);
            }

            nodes.RemoveAt(index);
            var kept = element.GetLeadingTrivia().Where(t => t.IsDirective).ToList();
            if (kept.Count > 0 && nodes.Count > index)
            {
                nodes[index] = nodes[index].WithLeadingTrivia(kept.Concat(nodes[index].GetLeadingTrivia()));
            }

            return initializer.WithExpressions(SyntaxFactory.SeparatedList(nodes, separators));
        }

        private static LambdaExpressionSyntax EmptyBody(LambdaExpressionSyntax lambda)
        {
            var block = SyntaxFactory.Block().WithTriviaFrom(lambda.ExpressionBody!).WithAdditionalAnnotations(Formatter.Annotation);
            return lambda.WithExpressionBody(null).WithBlock(block);
        }
    }
}
