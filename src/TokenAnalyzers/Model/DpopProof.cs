using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// A DPoP proof (RFC 9449, <c>typ</c> <c>dpop+jwt</c>): signed with the key in its own <c>jwk</c> header, and
    /// carrying <c>iat</c> but no <c>exp</c>, <c>iss</c> or <c>aud</c> by design. Code names it by that type: RULES.md's
    /// TA308 non-trigger (the method compares the token's typ with <c>dpop+jwt</c>), and the fixes that would
    /// restore an expiry check on its parameters (TA103, TA105, TA204).
    /// </summary>
    internal static class DpopProof
    {
        private const string ProofType = "dpop+jwt";

        /// <summary>The operation is the constant <c>dpop+jwt</c> (a literal or a constant field), in any case.</summary>
        public static bool IsProofType(IOperation operation) =>
            operation.ConstantValue is { HasValue: true, Value: string text } && text.Equals(ProofType, StringComparison.OrdinalIgnoreCase);

        /// <summary>A method, local function or type around <paramref name="node"/> has <c>DPoP</c> in its name.</summary>
        public static bool IsNamedFor(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                var name = ancestor switch
                {
                    MethodDeclarationSyntax method => method.Identifier.ValueText,
                    LocalFunctionStatementSyntax function => function.Identifier.ValueText,
                    BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
                    _ => null,
                };
                if (name is not null && name.IndexOf("dpop", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The constant <c>dpop+jwt</c> appears in <paramref name="root"/>.</summary>
        public static bool IsNamedIn(IOperation? root)
        {
            if (root is null)
            {
                return false;
            }

            foreach (var operation in root.DescendantsAndSelf())
            {
                if (IsProofType(operation))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
