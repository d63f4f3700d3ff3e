using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>Cheap syntactic names, used to pre-filter nodes before anything is bound.</summary>
    internal static class SyntaxNames
    {
        /// <summary>The simple name of the called member: <c>Read</c> in <c>x.Read()</c>, <c>Read()</c>, <c>x?.Read()</c>, <c>x.Read&lt;T&gt;()</c>.</summary>
        public static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The call that the innermost lambda around <paramref name="node"/> is given to as an argument
        /// (<c>AddJwtBearer("Entra", o =&gt; ...)</c>, <c>services.Configure&lt;T&gt;(name, o =&gt; ...)</c>), or null.
        /// </summary>
        public static InvocationExpressionSyntax? CallbackOf(SyntaxNode node) =>
            node.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } }
                ? call
                : null;

        /// <summary>The rightmost identifier of a type name: <c>JsonWebToken</c> in <c>new Ns.JsonWebToken(s)</c>.</summary>
        public static string? TypeName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The rightmost name of the type a target-typed <c>new(...)</c> creates, when the declaration right around it
        /// spells it (<c>T x = new(a)</c>, <c>T F = new(a);</c>, <c>T P { get; } = new(a)</c>, <c>T M() =&gt; new(a)</c>), and
        /// an empty string when that type has no name (<c>object</c>, arrays); null when only binding can tell (an
        /// argument, an assignment, a return statement).
        /// </summary>
        public static string? TargetTypeName(ImplicitObjectCreationExpressionSyntax creation)
        {
            var type = creation.Parent switch
            {
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => declaration.Type,
                EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
                ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
                ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } when !method.Modifiers.Any(SyntaxKind.AsyncKeyword) => method.ReturnType,
                _ => null,
            };
            if (type is NullableTypeSyntax nullable)
            {
                type = nullable.ElementType;
            }

            return type is null || type.IsVar ? null : TypeName(type) ?? string.Empty; // "": spelled, but not a named type (object, T[])
        }

        /// <summary>The assigned member name of <c>x.Name = v</c> or <c>Name = v</c>.</summary>
        public static string? AssignedName(AssignmentExpressionSyntax assignment) => assignment.Left switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => null,
        };
    }
}
