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
            return root is null ? null : OperationTrees.Get(model, root, cancellationToken);
        }

        /// <summary>
        /// The node to ask for the operation tree of <paramref name="node"/>'s member: within the member that
        /// <see cref="SyntaxScopes.MemberScope"/> finds (the one definition of "the same member"), the method itself,
        /// the accessor, the property's arrow body or initializer, the field's initializer, or the compilation unit of
        /// top-level statements. Null where no operation tree holds the node (attributes, enum members, types).
        /// </summary>
        public static SyntaxNode? RootSyntax(SyntaxNode node)
        {
            var member = SyntaxScopes.MemberScope(node);
            switch (member)
            {
                case BaseMethodDeclarationSyntax:
                    return member;
                case CompilationUnitSyntax:
                    return node.FirstAncestorOrSelf<GlobalStatementSyntax>() is not null ? member : null;
                case BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax:
                    foreach (var ancestor in node.AncestorsAndSelf())
                    {
                        if (ancestor == member)
                        {
                            break;
                        }

                        if (ancestor is AccessorDeclarationSyntax or
                            ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax } or
                            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } } or
                            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax })
                        {
                            return ancestor;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// Every operation of <paramref name="root"/>, lambdas and local functions included. The compiler's own walk,
        /// precompiled in its image: an iterator of ours would be five more methods to JIT on first use (issue 22).
        /// </summary>
        public static IEnumerable<IOperation> All(IOperation root) => root.DescendantsAndSelf();

        /// <summary>
        /// The operations of <paramref name="root"/> itself: nested lambdas and local functions are not entered. A
        /// list, not an iterator, for the same reason as <see cref="All"/>; the bodies it is asked for are single methods.
        /// </summary>
        public static List<IOperation> OutsideNestedFunctions(IOperation root)
        {
            var operations = new List<IOperation>();
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                operations.Add(current);
                foreach (var child in current.ChildOperations)
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        stack.Push(child);
                    }
                }
            }

            return operations;
        }
    }
}
