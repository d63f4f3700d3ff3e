using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// How deep a member may nest before the rules stop asking the compiler for its operation tree. The compiler
    /// binds deep code with a stack check of its own, but builds the operation tree by plain recursion, one call per
    /// level: on a 1 MB thread (a Windows host's default) that overflows at about 600-700 levels of nested blocks or
    /// <c>if</c>s, 900 of nested lambdas and 1,400 of chained calls (measured with Roslyn 5.12), and a stack overflow
    /// ends the whole build or IDE process. Real code nests a few dozen levels; <see cref="Limit"/> keeps about 40 %
    /// of such a thread for the host's own frames.
    /// Left operands of binary expressions and patterns (<c>a + b + c</c>, <c>x is 1 or 2 or 3</c>) do not count: the
    /// compiler builds those chains without recursion, and a generated 5,000-term concatenation is ordinary.
    /// </summary>
    internal static class NestingDepth
    {
        public const int Limit = 400;

        /// <summary>The one wording of the refusal, for the engine's report and for <see cref="OperationTrees"/>.</summary>
        public static string Describe(string subject, int depth) =>
            $"{subject} nests {depth} levels deep, more than the {Limit} for which the compiler's operation tree can be built without risking a stack overflow";

        /// <summary>The deepest level under <paramref name="root"/> when it exceeds <see cref="Limit"/>, otherwise 0. Walks without recursion.</summary>
        public static int BeyondLimit(SyntaxNode root)
        {
            var nodes = new SyntaxNode[32];
            var depths = new int[32];
            var count = 0;
            nodes[count] = root;
            depths[count++] = 0;
            var deepest = 0;
            while (count > 0)
            {
                var node = nodes[--count];
                var depth = depths[count];
                if (depth > deepest)
                {
                    deepest = depth;
                }

                foreach (var child in node.ChildNodesAndTokens())
                {
                    if (!child.IsNode)
                    {
                        continue;
                    }

                    if (count == nodes.Length)
                    {
                        System.Array.Resize(ref nodes, count * 2);
                        System.Array.Resize(ref depths, count * 2);
                    }

                    var childNode = child.AsNode()!;
                    nodes[count] = childNode;
                    depths[count++] = IsLeftOfChain(node, childNode) ? depth : depth + 1;
                }
            }

            return deepest > Limit ? deepest : 0;
        }

        private static bool IsLeftOfChain(SyntaxNode parent, SyntaxNode child) => parent switch
        {
            BinaryExpressionSyntax binary => child is BinaryExpressionSyntax && binary.Left == child,
            BinaryPatternSyntax pattern => child is BinaryPatternSyntax && pattern.Left == child,
            _ => false,
        };
    }
}
