using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Development-only code as RULES.md defines it: the true branch of <c>if (env.IsDevelopment())</c> (the
    /// hosting extension, on any receiver; also the else branch of <c>if (!env.IsDevelopment())</c>), and code
    /// inside <c>#if DEBUG</c>.
    /// </summary>
    internal static class DevelopmentOnly
    {
        public static bool Contains(SyntaxNode node, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken) =>
            IsInsideDebugDirective(node) || IsInsideDevelopmentBranch(node, model, symbols, cancellationToken);

        private static bool IsInsideDevelopmentBranch(SyntaxNode node, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            SyntaxNode child = node;
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is IfStatementSyntax ifStatement)
                {
                    if (child == ifStatement.Statement && TestsDevelopment(ifStatement.Condition, negated: false, model, symbols, cancellationToken))
                    {
                        return true;
                    }

                    if (child == ifStatement.Else && TestsDevelopment(ifStatement.Condition, negated: true, model, symbols, cancellationToken))
                    {
                        return true;
                    }
                }

                // `env.IsDevelopment() ? new HttpClientHandler { ... } : null`: the development branch of a conditional
                // expression, as "Constant false" treats it.
                if (ancestor is ConditionalExpressionSyntax conditional &&
                    ((child == conditional.WhenTrue && TestsDevelopment(conditional.Condition, negated: false, model, symbols, cancellationToken)) ||
                     (child == conditional.WhenFalse && TestsDevelopment(conditional.Condition, negated: true, model, symbols, cancellationToken))))
                {
                    return true;
                }

                child = ancestor;
            }

            return false;
        }

        /// <summary>True when the condition holding implies IsDevelopment() (or, negated, when its failing does).</summary>
        private static bool TestsDevelopment(ExpressionSyntax condition, bool negated, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            switch (condition)
            {
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression):
                    return TestsDevelopment(prefix.Operand, !negated, model, symbols, cancellationToken);
                case BinaryExpressionSyntax binary when binary.IsKind(negated ? SyntaxKind.LogicalOrExpression : SyntaxKind.LogicalAndExpression):
                    return TestsDevelopment(binary.Left, negated, model, symbols, cancellationToken) ||
                           TestsDevelopment(binary.Right, negated, model, symbols, cancellationToken);
                case InvocationExpressionSyntax invocation when !negated:
                    return IsDevelopmentCall(invocation, model, symbols, cancellationToken);
                default:
                    return false;
            }
        }

        private static bool IsDevelopmentCall(InvocationExpressionSyntax invocation, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
            if (name != "IsDevelopment")
            {
                return false;
            }

            var method = model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol;
            var type = method?.ReducedFrom?.ContainingType ?? method?.ContainingType;
            return type is not null &&
                   (SymbolEqualityComparer.Default.Equals(type, symbols.HostEnvironmentEnvExtensions) ||
                    SymbolEqualityComparer.Default.Equals(type, symbols.HostingEnvironmentExtensions));
        }

        /// <summary>Is the node in the active branch of an <c>#if DEBUG</c> (or <c>#elif DEBUG</c>)?</summary>
        private static bool IsInsideDebugDirective(SyntaxNode node)
        {
            var root = node.SyntaxTree.GetRoot();
            if (!root.ContainsDirectives)
            {
                return false;
            }

            // A stack of the open conditional regions before the node: true where the open branch tests DEBUG.
            var open = new System.Collections.Generic.List<bool>();
            var position = node.SpanStart;
            for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < position; directive = directive.GetNextDirective())
            {
                switch (directive)
                {
                    case IfDirectiveTriviaSyntax ifDirective:
                        open.Add(IsDebug(ifDirective.Condition));
                        break;
                    case ElifDirectiveTriviaSyntax elif when open.Count > 0:
                        open[open.Count - 1] = IsDebug(elif.Condition);
                        break;
                    case ElseDirectiveTriviaSyntax when open.Count > 0:
                        open[open.Count - 1] = false;
                        break;
                    case EndIfDirectiveTriviaSyntax when open.Count > 0:
                        open.RemoveAt(open.Count - 1);
                        break;
                }
            }

            return open.Contains(true);
        }

        private static bool IsDebug(ExpressionSyntax condition)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            return condition switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "DEBUG",
                BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) => IsDebug(binary.Left) || IsDebug(binary.Right),
                _ => false,
            };
        }
    }
}
