using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// The operation tree of the member that holds a node (a method, constructor, accessor, expression-bodied
    /// property, field or property initializer, or the top-level statements), lambdas and local functions
    /// included: "the same method" of the TA4xx rules. Built only after a syntactic pre-filter matched.
    /// </summary>
    internal static class MemberBody
    {
        public static IOperation? Find(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            var root = RootSyntax(node);
            return root is null ? null : model.GetOperation(root, cancellationToken);
        }

        public static SyntaxNode? RootSyntax(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return ancestor;
                    case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax }:
                        return ancestor;
                    case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } }:
                    case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax }:
                        return ancestor;
                    case GlobalStatementSyntax:
                        return ancestor.Parent;
                    case BaseTypeDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>Every operation of <paramref name="root"/>, lambdas and local functions included.</summary>
        public static IEnumerable<IOperation> All(IOperation root)
        {
            yield return root;
            foreach (var descendant in root.Descendants())
            {
                yield return descendant;
            }
        }
    }
}
