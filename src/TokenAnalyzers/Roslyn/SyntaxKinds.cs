using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    internal static class SyntaxKinds
    {
        public static bool IsFunction(SyntaxNode node) =>
            node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

        /// <summary>Descendant nodes of <paramref name="node"/> without entering lambdas and local functions.</summary>
        public static IEnumerable<SyntaxNode> DescendantsOutsideFunctions(SyntaxNode node) =>
            node.DescendantNodes(child => !IsFunction(child));
    }
}
