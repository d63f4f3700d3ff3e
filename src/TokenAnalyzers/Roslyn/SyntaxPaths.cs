using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// Whether one piece of code runs whenever another does, read from the syntax alone and on the safe side: where
    /// the two can part (a branch, a loop body, a catch, a nested function, a jump between them), the answer is no.
    /// </summary>
    internal static class SyntaxPaths
    {
        /// <summary>
        /// True when <paramref name="node"/> runs on every path through <paramref name="scope"/> on which
        /// <paramref name="anchor"/> runs: each conditional part of the code that holds <paramref name="node"/> (an
        /// <c>if</c> or <c>else</c> branch, a switch section or arm, a <c>?:</c> branch, the right side of <c>&amp;&amp;</c>,
        /// <c>||</c>, <c>??</c> or <c>??=</c>, a <c>?.</c> access, a loop body, a catch, a nested lambda or local
        /// function) also holds <paramref name="anchor"/>, and when <paramref name="node"/> comes later no
        /// <c>return</c>, <c>goto</c>, <c>yield break</c> or loop jump lies between them. A <c>throw</c> does not count:
        /// it ends the run, so nothing after it runs with or without <paramref name="node"/>.
        /// </summary>
        public static bool RunsWhenever(SyntaxNode node, SyntaxNode anchor, SyntaxNode scope)
        {
            for (var child = node; child != scope && child.Parent is { } parent; child = parent)
            {
                if (IsConditional(parent, child, anchor) && !child.Span.Contains(anchor.Span))
                {
                    return false;
                }
            }

            return node.SpanStart < anchor.SpanStart || !JumpsBetween(anchor.Span.End, node, scope);
        }

        /// <summary>
        /// True when <paramref name="node"/> runs on every run of <paramref name="function"/> that does not throw: no
        /// conditional part of the code holds it (as in <see cref="RunsWhenever"/>), and no <c>return</c>, <c>goto</c>,
        /// <c>yield break</c> or loop jump before it can leave it out.
        /// </summary>
        public static bool RunsOnEveryRun(SyntaxNode node, SyntaxNode function)
        {
            for (var child = node; child.Parent is { } parent && parent != function; child = parent)
            {
                if (IsConditional(parent, child, node))
                {
                    return false;
                }
            }

            return !JumpsBetween(function.SpanStart, node, function);
        }

        /// <summary>
        /// True when <paramref name="first"/> and <paramref name="second"/> sit in parts of one construct that exclude
        /// each other, so no run holds both: the two branches of an <c>if</c>/<c>else</c> (an <c>else if</c> chain
        /// included) or of a <c>?:</c>, two sections of a <c>switch</c> without a <c>goto</c>, two arms of a switch
        /// expression. Anything else, an early <c>return</c> included, may hold both (the safe side for a finding
        /// that needs both).
        /// </summary>
        public static bool NeverTogether(SyntaxNode first, SyntaxNode second)
        {
            foreach (var ancestor in first.Ancestors())
            {
                if (!ancestor.Span.Contains(second.Span))
                {
                    continue;
                }

                var one = StatementAnchors.ChildOf(ancestor, first);
                var other = StatementAnchors.ChildOf(ancestor, second);
                if (one == other)
                {
                    return false;
                }

                return ancestor switch
                {
                    IfStatementSyntax ifStatement => one != ifStatement.Condition && other != ifStatement.Condition,
                    ConditionalExpressionSyntax conditional => one != conditional.Condition && other != conditional.Condition,
                    SwitchStatementSyntax switchStatement => one is SwitchSectionSyntax && other is SwitchSectionSyntax && !HasGoto(switchStatement),
                    SwitchExpressionSyntax => one is SwitchExpressionArmSyntax && other is SwitchExpressionArmSyntax,
                    _ => false,
                };
            }

            return false;
        }

        /// <summary>
        /// True when every run that reaches <paramref name="first"/> leaves before it can reach the later
        /// <paramref name="second"/>: a block (or switch section) that holds <paramref name="first"/> and not
        /// <paramref name="second"/> has a <c>return</c>, <c>throw</c>, <c>break</c>, <c>continue</c>, <c>goto</c> or
        /// <c>yield break</c> of its own after the statement that holds <paramref name="first"/> (an early return).
        /// </summary>
        public static bool LeavesBefore(SyntaxNode first, SyntaxNode second)
        {
            foreach (var ancestor in first.Ancestors())
            {
                if (ancestor.Span.Contains(second.Span))
                {
                    return false;
                }

                var statements = ancestor switch
                {
                    BlockSyntax block => block.Statements,
                    SwitchSectionSyntax section => section.Statements,
                    _ => default,
                };
                var after = false;
                foreach (var statement in statements)
                {
                    if (after && statement is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement })
                    {
                        return true;
                    }

                    after |= statement.Span.Contains(first.Span);
                }
            }

            return false;
        }

        private static bool HasGoto(SwitchStatementSyntax switchStatement)
        {
            foreach (var node in switchStatement.DescendantNodes())
            {
                if (node is GotoStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="child"/> runs only on some of the runs of <paramref name="parent"/> that <paramref name="anchor"/> is part of.</summary>
        private static bool IsConditional(SyntaxNode parent, SyntaxNode child, SyntaxNode anchor) => parent switch
        {
            IfStatementSyntax ifStatement => child != ifStatement.Condition,
            ConditionalExpressionSyntax conditional => child != conditional.Condition,
            SwitchSectionSyntax or SwitchExpressionArmSyntax or CatchClauseSyntax => true,
            BinaryExpressionSyntax binary => child == binary.Right &&
                binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression,
            AssignmentExpressionSyntax assignment => child == assignment.Right && assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression),
            ConditionalAccessExpressionSyntax access => child == access.WhenNotNull && !Dereferences(anchor, access.Expression),
            WhileStatementSyntax loop => child == loop.Statement,
            CommonForEachStatementSyntax loop => child == loop.Statement,
            ForStatementSyntax loop => child == loop.Statement || child is ExpressionSyntax expression && loop.Incrementors.Contains(expression),
            AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => true,
            _ => false,
        };

        /// <summary>
        /// <paramref name="anchor"/> uses <paramref name="tested"/> as a receiver (<c>o?.X = a</c> or <c>o.X = a</c>
        /// beside <c>o?.Y = b</c>): where the anchor runs, the expression a <c>?.</c> tests is not null either.
        /// </summary>
        private static bool Dereferences(SyntaxNode anchor, ExpressionSyntax tested)
        {
            foreach (var ancestor in anchor.AncestorsAndSelf())
            {
                if (ancestor is ConditionalAccessExpressionSyntax access && SyntaxFactory.AreEquivalent(access.Expression, tested))
                {
                    return true;
                }
            }

            foreach (var node in anchor.DescendantNodes())
            {
                if (node is MemberAccessExpressionSyntax member && SyntaxFactory.AreEquivalent(member.Expression, tested))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A jump from <paramref name="from"/> on and before <paramref name="later"/> that can leave <paramref name="later"/> out.</summary>
        private static bool JumpsBetween(int from, SyntaxNode later, SyntaxNode scope)
        {
            foreach (var node in scope.DescendantNodes(n => n == scope || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node.SpanStart < from || node.SpanStart >= later.SpanStart)
                {
                    continue;
                }

                switch (node)
                {
                    case ReturnStatementSyntax or GotoStatementSyntax:
                    case YieldStatementSyntax yield when yield.IsKind(SyntaxKind.YieldBreakStatement):
                        return true;
                    case BreakStatementSyntax or ContinueStatementSyntax when JumpTarget(node) is { } target && target.Span.Contains(later.Span):
                        return true;
                }
            }

            return false;
        }

        /// <summary>The loop or switch a <c>break</c> or <c>continue</c> leaves.</summary>
        private static SyntaxNode? JumpTarget(SyntaxNode jump)
        {
            foreach (var ancestor in jump.Ancestors())
            {
                switch (ancestor)
                {
                    case SwitchStatementSyntax when jump is BreakStatementSyntax:
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                        return ancestor;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }
    }
}
