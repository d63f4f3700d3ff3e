using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Internal
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

    /// <summary>
    /// <see cref="ValueSyntax.MayBeStringStartingWith"/> read from the text, before the tree is asked: the scanner
    /// calls it for an assignment whose name matched, with the text after its <c>=</c>. It answers false only for a
    /// value that is a whole string literal (regular, verbatim or interpolated, followed by <c>;</c>, <c>,</c>,
    /// <c>}</c> or <c>)</c>) whose leading literal text rules every prefix out; anything it cannot read that far is
    /// left to the tree.
    /// </summary>
    internal static class ValueText
    {
        public static bool MayBeStringStartingWith(string text, int valueStart, string[] prefixes)
        {
            var i = SkipWhitespace(text, valueStart);
            var interpolated = false;
            var verbatim = false;
            for (; i < text.Length && text[i] is '$' or '@'; i++)
            {
                if ((text[i] == '$' && interpolated) || (text[i] == '@' && verbatim))
                {
                    return true; // $$"...": a raw interpolated string
                }

                interpolated |= text[i] == '$';
                verbatim |= text[i] == '@';
            }

            if (i + 2 >= text.Length || text[i] != '"' || (text[i + 1] == '"' && text[i + 2] == '"'))
            {
                return true; // not a string literal, or a raw one
            }

            var literalStart = i + 1;
            var literalEnd = -1;
            for (i = literalStart; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '"' && verbatim && i + 1 < text.Length && text[i + 1] == '"')
                {
                    literalEnd = literalEnd < 0 ? i : literalEnd;
                    i++;
                }
                else if (c == '"')
                {
                    break;
                }
                else if (c == '\\' && !verbatim)
                {
                    literalEnd = literalEnd < 0 ? i : literalEnd;
                    i++;
                }
                else if (c is '\r' or '\n' && !verbatim)
                {
                    return true;
                }
                else if (c == '{' && interpolated)
                {
                    literalEnd = literalEnd < 0 ? i : literalEnd;
                    if (!TrySkipHole(text, ref i))
                    {
                        return true;
                    }
                }
            }

            if (i >= text.Length)
            {
                return true;
            }

            var end = SkipWhitespace(text, i + 1);
            if (end >= text.Length || text[end] is not (';' or ',' or '}' or ')'))
            {
                return true; // the literal is only the start of the value: `"..." + x`, `"...".Replace(...)`, `c ? "..." : x`
            }

            var literal = text.Substring(literalStart, (literalEnd < 0 ? i : literalEnd) - literalStart);
            return ValueSyntax.StartsWithAny(literal, prefixes);
        }

        /// <summary>Moves <paramref name="i"/> from a hole's <c>{</c> (or an escaped <c>{{</c>) to its <c>}</c>; false when the hole holds anything but plain code.</summary>
        private static bool TrySkipHole(string text, ref int i)
        {
            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i++;
                return true;
            }

            var depth = 0;
            for (i++; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '{':
                        depth++;
                        break;
                    case '}' when depth == 0:
                        return true;
                    case '}':
                        depth--;
                        break;
                    case '"' or '\'' or '@' or '$' or '/' or '\r' or '\n':
                        return false;
                }
            }

            return false;
        }

        private static int SkipWhitespace(string text, int i)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }

            return i;
        }
    }
}

namespace TokenAnalyzers.Internal
{
    /// <summary>Name sets asked once per syntax node: a plain ordinal HashSet (read-only after creation, so thread-safe).</summary>
    internal static class NameSet
    {
        public static System.Collections.Generic.HashSet<string> Of(params string[] names) =>
            new System.Collections.Generic.HashSet<string>(names, System.StringComparer.Ordinal);
    }
}
