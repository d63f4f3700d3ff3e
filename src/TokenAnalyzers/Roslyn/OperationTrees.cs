using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// The one way the analyzer asks the compiler for an operation tree. A node nested beyond
    /// <see cref="NestingDepth.Limit"/> throws <see cref="InsufficientExecutionStackException"/> instead, which the rule's
    /// guard reports as TA0002: the compiler would build that tree by plain recursion and could overflow the host's
    /// stack. The engine already skips (and reports) candidates in such members; this covers the trees a rule asks for
    /// elsewhere (a field's other writes, a delegate's body in another member, an overridden method).
    /// A convention test keeps every other <c>GetOperation</c> call out of the analyzer.
    /// </summary>
    internal static class OperationTrees
    {
        /// <summary>Nodes already found within the limit, so that a large member is walked once, not once per question.</summary>
        private static readonly ConditionalWeakTable<SyntaxNode, object> WithinLimit = new ConditionalWeakTable<SyntaxNode, object>();

        private static readonly ConditionalWeakTable<SyntaxNode, object>.CreateValueCallback Checked = _ => WithinLimit;

        public static IOperation? Get(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken = default)
        {
            var depth = DepthBeyondLimit(node);
            if (depth > 0)
            {
                throw new InsufficientExecutionStackException(NestingDepth.Describe("the code", depth));
            }

            return model.GetOperation(node, cancellationToken);
        }

        /// <summary><see cref="NestingDepth.BeyondLimit"/>, remembered for the nodes within the limit.</summary>
        public static int DepthBeyondLimit(SyntaxNode node)
        {
            if (WithinLimit.TryGetValue(node, out _))
            {
                return 0;
            }

            var depth = NestingDepth.BeyondLimit(node);
            if (depth == 0)
            {
                WithinLimit.GetValue(node, Checked);
            }

            return depth;
        }
    }
}
