using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Model;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// Syntactic pre-filters on an assigned value, asked before binding: a rule that only reports constants need not
    /// bind <c>customer.Authority = $"https://{host}"</c> or <c>x.ValidateIssuer = settings.Get()</c> to learn which
    /// object it sets. Every answer is conservative: "may" is true whenever the syntax alone cannot rule the value out.
    /// </summary>
    internal static class ValueSyntax
    {
        /// <summary>
        /// False for expressions that are never a compile-time constant nor a reference to a local or field (whose
        /// writes <see cref="ConstantValues"/> follows): calls (except <c>nameof</c>), element access, object and
        /// array creation, lambdas, <c>await</c>, <c>this</c>, conditional access.
        /// </summary>
        public static bool MayBeConstant(ExpressionSyntax value)
        {
            value = Unparenthesize(value);
            switch (value)
            {
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }:
                    return true;
                case InvocationExpressionSyntax:
                case ElementAccessExpressionSyntax:
                case BaseObjectCreationExpressionSyntax:
                case ArrayCreationExpressionSyntax:
                case ImplicitArrayCreationExpressionSyntax:
                case AnonymousObjectCreationExpressionSyntax:
                case AnonymousFunctionExpressionSyntax:
                case AwaitExpressionSyntax:
                case ThisExpressionSyntax:
                case BaseExpressionSyntax:
                case ConditionalAccessExpressionSyntax:
                case TypeOfExpressionSyntax:
                    return false;
                default:
                    return true;
            }
        }

        /// <summary>A value that may be the constant <c>false</c>: not the literal <c>true</c>, and <see cref="MayBeConstant"/>.</summary>
        public static bool MayBeConstantFalse(ExpressionSyntax value) =>
            !Unparenthesize(value).IsKind(SyntaxKind.TrueLiteralExpression) && MayBeConstant(value);

        /// <summary>
        /// A value that may be a constant string, or an interpolated string with constant leading text, starting with
        /// one of <paramref name="prefixes"/> (ordinal, ignoring case). Literals and leading interpolated text are
        /// checked; anything else that <see cref="MayBeConstant"/> (a const, a local, a concatenation) must be bound.
        /// </summary>
        public static bool MayBeStringStartingWith(ExpressionSyntax value, params string[] prefixes)
        {
            value = Unparenthesize(value);
            switch (value)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    return StartsWithAny(literal.Token.ValueText, prefixes);
                case LiteralExpressionSyntax:
                    return false; // null, numbers, booleans
                case InterpolatedStringExpressionSyntax interpolated:
                    if (interpolated.Contents.Count == 0 || interpolated.Contents[0] is not InterpolatedStringTextSyntax text)
                    {
                        return true; // `$"{Host}/..."` may still be a constant interpolated string
                    }

                    return StartsWithAny(text.TextToken.ValueText, prefixes);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Format" } }:
                    return true; // string.Format("https://login.microsoftonline.com/{0}/v2.0", tenant) has a constant prefix
                case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression):
                    return MayBeStringStartingWith(coalesce.Right, prefixes); // `setting ?? "http://host/"`: the fallback
                default:
                    return MayBeConstant(value);
            }
        }

        /// <summary>True when <paramref name="text"/> starts with a prefix, or is itself the start of one (`$"https://{host}"`).</summary>
        public static bool StartsWithAny(string text, string[] prefixes)
        {
            foreach (var prefix in prefixes)
            {
                if (text.Length >= prefix.Length
                        ? text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                        : prefix.StartsWith(text, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static ExpressionSyntax Unparenthesize(ExpressionSyntax value)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            return value;
        }
    }
}
