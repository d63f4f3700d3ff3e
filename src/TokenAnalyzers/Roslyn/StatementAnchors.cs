using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>Where a statement can be inserted next to a node: its statement in a block or at top level, or an expression-bodied lambda.</summary>
    internal static class StatementAnchors
    {
        /// <summary>
        /// The nearest statement holding <paramref name="node"/> that sits directly in a block, a switch section or
        /// at top level (the GlobalStatement), or the expression body of the nearest lambda; null otherwise.
        /// </summary>
        public static SyntaxNode? Of(SyntaxNode node)
        {
            SyntaxNode? previous = null;
            for (var current = node; current is not null; previous = current, current = current.Parent)
            {
                switch (current)
                {
                    case GlobalStatementSyntax:
                        return current;
                    case StatementSyntax { Parent: GlobalStatementSyntax global }:
                        return global;
                    case StatementSyntax statement when statement.Parent is BlockSyntax or SwitchSectionSyntax:
                        return statement;
                    case AnonymousFunctionExpressionSyntax { ExpressionBody: { } body } when previous == body:
                        return body;
                    case StatementSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return null; // an embedded statement, a block-bodied lambda reached from outside, a member
                }
            }

            return null;
        }

        /// <summary>The ancestor-or-self of <paramref name="node"/> whose parent is <paramref name="container"/>, or null.</summary>
        public static SyntaxNode? ChildOf(SyntaxNode container, SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                if (current.Parent == container)
                {
                    return current;
                }
            }

            return null;
        }
    }
}
