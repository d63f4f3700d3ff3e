using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// The tokens the project creates itself, as far as an issuer or audience fix needs them. An application that
    /// validates the tokens it issues may switch a check off because its tokens lack the claim: real code sets
    /// <c>ValidIssuer = "Kavita"</c> beside <c>ValidateIssuer = false</c> while its only <c>SecurityTokenDescriptor</c>
    /// sets no <c>Issuer</c>. Restoring the check there rejects every token the application creates (IDX10211), so
    /// the fix is declined (FixKeepsLegitimateTokensTests). Read once per compilation, only when such a fix is decided.
    /// </summary>
    internal static class SelfIssuedTokens
    {
        /// <summary>Which claims some token created in the compilation omits.</summary>
        private sealed class Omissions
        {
            public bool Issuer;
            public bool Audience;
        }

        private static readonly ConditionalWeakTable<Compilation, Omissions> Cache = new ConditionalWeakTable<Compilation, Omissions>();

        private static readonly string[] CreationNames = { "SecurityTokenDescriptor", "JwtSecurityToken", "CreateJwtSecurityToken", "CreateEncodedJwt" };

        /// <summary>Does a token created in the compilation carry no issuer (<c>iss</c>)?</summary>
        public static bool OmitIssuer(Compilation compilation, CancellationToken cancellationToken) => Read(compilation, cancellationToken).Issuer;

        /// <summary>Does a token created in the compilation carry no audience (<c>aud</c>)?</summary>
        public static bool OmitAudience(Compilation compilation, CancellationToken cancellationToken) => Read(compilation, cancellationToken).Audience;

        private static Omissions Read(Compilation compilation, CancellationToken cancellationToken)
        {
            if (Cache.TryGetValue(compilation, out var known))
            {
                return known;
            }

            var found = new Omissions();
            foreach (var (model, use) in CallSites.Uses(CreationNames, compilation, cancellationToken))
            {
                var creation = use.Parent is QualifiedNameSyntax qualified && qualified.Right == use ? qualified.Parent : use.Parent;
                if (creation is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax ||
                    (use.Parent is MemberAccessExpressionSyntax access && access.Name == use && (creation = access.Parent) is InvocationExpressionSyntax))
                {
                    Judge(OperationTrees.Get(model, creation!, cancellationToken), found);
                }
            }

            return Cache.GetValue(compilation, _ => found);
        }

        /// <summary>One creation: a descriptor without Issuer/Audience, or a constructor or handler call without its issuer/audience argument.</summary>
        private static void Judge(IOperation? creation, Omissions found)
        {
            switch (creation)
            {
                case IObjectCreationOperation { Type.Name: "SecurityTokenDescriptor" } descriptor:
                    found.Issuer |= !Sets(descriptor, "Issuer", "iss");
                    found.Audience |= !Sets(descriptor, "Audience", "aud");
                    break;
                case IObjectCreationOperation { Type.Name: "JwtSecurityToken" } token when HasParameter(token.Constructor, "issuer"):
                    found.Issuer |= !Passes(token.Arguments, "issuer");
                    found.Audience |= !Passes(token.Arguments, "audience");
                    break;
                case IInvocationOperation { TargetMethod.Name: "CreateJwtSecurityToken" or "CreateEncodedJwt" } call when HasParameter(call.TargetMethod, "issuer"):
                    found.Issuer |= !Passes(call.Arguments, "issuer");
                    found.Audience |= !Passes(call.Arguments, "audience");
                    break;
            }
        }

        private static bool HasParameter(IMethodSymbol? method, string name)
        {
            foreach (var parameter in method?.Parameters ?? default)
            {
                if (parameter.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The argument for <paramref name="name"/> is given and not the constant null.</summary>
        private static bool Passes(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string name)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == name)
                {
                    return argument.ArgumentKind != ArgumentKind.DefaultValue &&
                           DelegateBody.Unwrap(argument.Value)?.ConstantValue is not { HasValue: true, Value: null };
                }
            }

            return false;
        }

        /// <summary>
        /// The descriptor's initializer sets the property, or its text names the claim (<c>["iss"] = ...</c> in Claims,
        /// <c>JwtRegisteredClaimNames.Iss</c> in Subject), or the local it is stored in gets the property later in the member.
        /// </summary>
        private static bool Sets(IObjectCreationOperation descriptor, string property, string claim)
        {
            if (descriptor.Initializer is { } initializer)
            {
                foreach (var item in initializer.Initializers)
                {
                    if (item is IAssignmentOperation { Target: IPropertyReferenceOperation target } && target.Property.Name == property)
                    {
                        return true;
                    }
                }

                if (System.Text.RegularExpressions.Regex.IsMatch(initializer.Syntax.ToString(), "(\"|\\.)" + claim + "\\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant))
                {
                    return true;
                }
            }

            // var descriptor = new SecurityTokenDescriptor { ... }; descriptor.Issuer = ...;
            if (DelegateBody.Outermost(descriptor).Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                return false;
            }

            foreach (var node in MemberBody.RootSyntax(descriptor.Syntax)?.DescendantNodes() ?? System.Linq.Enumerable.Empty<SyntaxNode>())
            {
                if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } access } &&
                    access.Name.Identifier.ValueText == property &&
                    receiver.Identifier.ValueText == declarator.Symbol.Name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
