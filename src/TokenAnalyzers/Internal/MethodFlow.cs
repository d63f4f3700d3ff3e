using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TokenAnalyzers.Internal
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

    /// <summary>Every read of each local in one member body, collected in one walk.</summary>
    internal sealed class LocalReads
    {
        private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _reads = new(SymbolEqualityComparer.Default);

        public LocalReads(IOperation root)
        {
            foreach (var operation in MemberBody.All(root))
            {
                if (operation is ILocalReferenceOperation reference && !IsWriteTarget(reference))
                {
                    if (!_reads.TryGetValue(reference.Local, out var list))
                    {
                        list = new List<ILocalReferenceOperation>();
                        _reads.Add(reference.Local, list);
                    }

                    list.Add(reference);
                }
            }
        }

        public IReadOnlyList<ILocalReferenceOperation> Of(ILocalSymbol local) =>
            _reads.TryGetValue(local, out var list) ? list : (IReadOnlyList<ILocalReferenceOperation>)Array.Empty<ILocalReferenceOperation>();

        private static bool IsWriteTarget(ILocalReferenceOperation reference) =>
            reference.IsDeclaration ||
            reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;
    }

    /// <summary>
    /// Follows a value within one member: through conversions and casts (<c>as</c> included), parentheses,
    /// conditional and coalesce expressions, the steps a rule lets through (e.g. <c>await</c>), and into the
    /// locals it is stored in (declarations, assignments, <c>is T x</c> patterns), to each operation that consumes it.
    /// </summary>
    internal sealed class ValueFlow
    {
        private const int MaxLocals = 16;

        private readonly LocalReads _reads;
        private readonly Func<IOperation, IOperation, bool> _passThrough;
        private readonly HashSet<ILocalSymbol> _locals = new(SymbolEqualityComparer.Default);

        public ValueFlow(LocalReads reads, Func<IOperation, IOperation, bool> passThrough)
        {
            _reads = reads;
            _passThrough = passThrough;
        }

        /// <summary>The locals the value was stored in, in the order found.</summary>
        public List<ILocalSymbol> Locals { get; } = new();

        /// <summary>(value, consumer): the value as last seen and the operation that uses it (null: none).</summary>
        public List<(IOperation Value, IOperation? Consumer)> Uses { get; } = new();

        public ValueFlow Follow(IOperation value)
        {
            var current = value;
            while (true)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IConversionOperation { OperatorMethod: null }:
                    case IParenthesizedOperation:
                        current = parent;
                        continue;
                    case IConditionalOperation conditional when conditional.Condition != current:
                        current = parent;
                        continue;
                    case ICoalesceOperation:
                        current = parent;
                        continue;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        StoreIn(declarator.Symbol);
                        return this;
                    case ISimpleAssignmentOperation assignment when assignment.Value == current && assignment.Target is ILocalReferenceOperation target:
                        StoreIn(target.Local);
                        if (assignment.Parent is not IExpressionStatementOperation)
                        {
                            current = parent; // `a = b = value`
                            continue;
                        }

                        return this;
                    case IIsPatternOperation pattern when pattern.Value == current:
                        if (pattern.Pattern is IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared })
                        {
                            StoreIn(declared);
                        }

                        Uses.Add((current, parent));
                        return this;
                    case not null when _passThrough(parent, current):
                        current = parent;
                        continue;
                    default:
                        Uses.Add((current, parent));
                        return this;
                }
            }
        }

        private void StoreIn(ILocalSymbol local)
        {
            if (_locals.Count >= MaxLocals || !_locals.Add(local))
            {
                return;
            }

            Locals.Add(local);
            foreach (var read in _reads.Of(local))
            {
                Follow(read);
            }
        }

        /// <summary>
        /// The member used on a value: <c>value.M</c>, <c>value.M()</c>, or <c>value?.M</c>; null otherwise.
        /// </summary>
        public static ISymbol? MemberUsed(IOperation value, IOperation? consumer)
        {
            switch (consumer)
            {
                case IMemberReferenceOperation member when member.Instance == value:
                    return member.Member;
                case IInvocationOperation invocation when invocation.Instance == value:
                    return invocation.TargetMethod;
                case IConditionalAccessOperation access when access.Operation == value:
                    return FirstMemberOnConditionalInstance(access.WhenNotNull);
                default:
                    return null;
            }
        }

        private static ISymbol? FirstMemberOnConditionalInstance(IOperation whenNotNull)
        {
            foreach (var operation in MemberBody.All(whenNotNull))
            {
                switch (operation)
                {
                    case IMemberReferenceOperation { Instance: IConditionalAccessInstanceOperation } member:
                        return member.Member;
                    case IInvocationOperation { Instance: IConditionalAccessInstanceOperation } invocation:
                        return invocation.TargetMethod;
                }
            }

            return null;
        }

        /// <summary>The symbol an expression simply names (local, parameter, field, property), or null.</summary>
        public static ISymbol? NamedSymbol(IOperation? operation) => DelegateBody.Unwrap(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field when field.Instance is null or IInstanceReferenceOperation => field.Field,
            IPropertyReferenceOperation property when property.Instance is null or IInstanceReferenceOperation && property.Arguments.Length == 0 => property.Property,
            _ => null,
        };
    }

    internal static class SyntaxKinds
    {
        public static bool IsFunction(SyntaxNode node) =>
            node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

        /// <summary>Descendant nodes of <paramref name="node"/> without entering lambdas and local functions.</summary>
        public static IEnumerable<SyntaxNode> DescendantsOutsideFunctions(SyntaxNode node) =>
            node.DescendantNodes(child => !IsFunction(child));
    }
}
