using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    internal static class SyntaxScopes
    {
        /// <summary>
        /// The member whose body holds <paramref name="node"/>, lambdas and local functions included: a method,
        /// constructor, accessor, property or field (initializers), or the compilation unit for top-level
        /// statements. One configuration is read within one such scope.
        /// </summary>
        public static SyntaxNode MemberScope(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case BaseMethodDeclarationSyntax:
                    case BasePropertyDeclarationSyntax:
                    case BaseFieldDeclarationSyntax:
                    case EnumMemberDeclarationSyntax:
                        return ancestor;
                    case GlobalStatementSyntax:
                        return ancestor.Parent ?? ancestor;
                    case BaseTypeDeclarationSyntax:
                        return ancestor; // primary constructor arguments, attributes
                }
            }

            return node.SyntaxTree.GetRoot();
        }
    }
}
