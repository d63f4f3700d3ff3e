using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// What a method, local function or property getter declared once in the compilation returns when that is all it does: <c>=&gt; x</c>,
    /// <c>get =&gt; x</c>, <c>{ return x; }</c>, <c>get { return x; }</c>. The rules read such a member as a readonly
    /// field (a getter that returns an accept-all delegate or a key's literal, a factory that returns a builder's chain).
    /// </summary>
    internal static class OnlyReturned
    {
        public static IOperation? Of(IMethodSymbol? method, Compilation compilation, CancellationToken cancellationToken)
        {
            if (method is null || method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var expression = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
            {
                ArrowExpressionClauseSyntax arrow => arrow.Expression,
                AccessorDeclarationSyntax accessor => accessor.ExpressionBody?.Expression ?? Single(accessor.Body),
                BaseMethodDeclarationSyntax declaration => declaration.ExpressionBody?.Expression ?? Single(declaration.Body),
                LocalFunctionStatementSyntax local => local.ExpressionBody?.Expression ?? Single(local.Body), // a top-level Program.cs helper
                _ => null,
            };

            if (expression is null)
            {
                return null;
            }

#pragma warning disable RS1030 // The member may be declared in another file; only reached for a value a rule already follows.
            var model = compilation.GetSemanticModel(expression.SyntaxTree);
#pragma warning restore RS1030
            return OperationTrees.Get(model, expression, cancellationToken);
        }

        private static ExpressionSyntax? Single(BlockSyntax? body) =>
            body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null;
    }
}
