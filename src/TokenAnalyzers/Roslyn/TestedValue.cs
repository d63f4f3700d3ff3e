using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// Whether code branches on a value: the value, or an expression built from it within its statement, is compared
    /// (<c>==</c>, <c>!=</c>, <c>is</c>, <c>as</c>, <c>??</c>), negated, joined by <c>&amp;&amp;</c>/<c>||</c>, matched by a
    /// pattern or switch, or is the condition of an <c>if</c>, <c>while</c> or <c>?:</c>. One definition for the rule that
    /// asks whether a swallowed failure is decided on after all (TA403) and the fix that asks whether the code handles a
    /// failure itself (TA402). Handed to a logger in a statement of its own, a value is only reported, not tested; handed
    /// to a call inside a condition, it is.
    /// </summary>
    internal static class TestedValue
    {
        public static bool IsTested(SyntaxNode value)
        {
            var current = value;
            while (current.Parent is { } parent and not StatementSyntax)
            {
                switch (parent)
                {
                    case BinaryExpressionSyntax binary when IsTest(binary.Kind()):
                    case IsPatternExpressionSyntax:
                    case SwitchExpressionSyntax:
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression }:
                    case ConditionalExpressionSyntax conditional when conditional.Condition == current:
                        return true;
                }

                current = parent;
            }

            return current.Parent switch
            {
                IfStatementSyntax branch => branch.Condition == current,
                WhileStatementSyntax loop => loop.Condition == current,
                SwitchStatementSyntax choice => choice.Expression == current,
                _ => false,
            };
        }

        private static bool IsTest(SyntaxKind kind) => kind is
            SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression or SyntaxKind.IsExpression or SyntaxKind.AsExpression or
            SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression;
    }
}
