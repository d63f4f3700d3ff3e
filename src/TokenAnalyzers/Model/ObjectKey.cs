using System.Collections.Immutable;
using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Names one object inside a configuration scope: a root (a local, parameter, field, `this`, or one creation
    /// expression) and a path of members from it, e.g. <c>o.TokenValidationParameters</c> is (o, [TokenValidationParameters]).
    /// </summary>
    internal sealed class ObjectKey : IEquatable<ObjectKey>
    {
        private ObjectKey(ISymbol? rootSymbol, SyntaxNode? rootNode, ImmutableArray<ISymbol> path)
        {
            RootSymbol = rootSymbol;
            RootNode = rootNode;
            Path = path;
        }

        public ISymbol? RootSymbol { get; }
        public SyntaxNode? RootNode { get; }
        public ImmutableArray<ISymbol> Path { get; }

        public static ObjectKey ForSymbol(ISymbol symbol) => new ObjectKey(symbol, null, ImmutableArray<ISymbol>.Empty);

        public static ObjectKey ForNode(SyntaxNode node) => new ObjectKey(null, node, ImmutableArray<ISymbol>.Empty);

        public ObjectKey Member(ISymbol member) => new ObjectKey(RootSymbol, RootNode, Path.Add(member));

        /// <summary>The key of the object an operation evaluates to, or null when it has none (static, unknown).</summary>
        public static ObjectKey? Of(IOperation? operation)
        {
            switch (operation)
            {
                case null:
                    return null;
                case IConversionOperation { OperatorMethod: null } conversion:
                    return Of(conversion.Operand);
                case IParenthesizedOperation parenthesized:
                    return Of(parenthesized.Operand);
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } receiver:
                    return OfInitializedObject(receiver);
                case IInstanceReferenceOperation instance:
                    return instance.Type is null ? null : ForSymbol(instance.Type);
                case ILocalReferenceOperation local:
                    return ForSymbol(local.Local);
                case IParameterReferenceOperation parameter:
                    return ForSymbol(parameter.Parameter);
                case IFieldReferenceOperation field:
                    return MemberOf(field.Instance, field.Field);
                case IPropertyReferenceOperation property:
                    return MemberOf(property.Instance, property.Property);
                case IConditionalAccessInstanceOperation conditional:
                    return Of(ConditionalAccess.ReceiverOf(conditional));
                case IObjectCreationOperation or ITypeParameterObjectCreationOperation:
                    return OfCreatedObject(operation);
                case ICoalesceAssignmentOperation coalesce:
                    return Of(coalesce.Target); // `(p ??= new()).X = v` sets p's X
                default:
                    return ForNode(operation.Syntax);
            }
        }

        private static ObjectKey? MemberOf(IOperation? instance, ISymbol member)
        {
            if (instance is null)
            {
                return ForSymbol(member); // static member
            }

            if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                return ForSymbol(member); // this.x and x name the same object
            }

            return Of(instance)?.Member(member);
        }

        /// <summary>The object a creation expression produces, named by where it is stored when it is stored.</summary>
        public static ObjectKey OfCreatedObject(IOperation creation)
        {
            var current = DelegateBody.Outermost(creation);

            switch (current.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return ForSymbol(declarator.Symbol);
                case IFieldInitializerOperation { InitializedFields.Length: 1 } field:
                    return ForSymbol(field.InitializedFields[0]);
                case IPropertyInitializerOperation { InitializedProperties.Length: 1 } property:
                    return ForSymbol(property.InitializedProperties[0]);
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return Of(assignment.Target) ?? ForNode(creation.Syntax);
                case ICoalesceAssignmentOperation coalesce when coalesce.Value == current:
                    return Of(coalesce.Target) ?? ForNode(creation.Syntax);
                default:
                    return ForNode(creation.Syntax);
            }
        }

        private static ObjectKey? OfInitializedObject(IOperation receiver)
        {
            for (var current = receiver.Parent; current is not null; current = current.Parent)
            {
                if (current is not IObjectOrCollectionInitializerOperation initializer)
                {
                    continue;
                }

                switch (initializer.Parent)
                {
                    case IMemberInitializerOperation member:
                        return Of(member.InitializedMember);
                    case IObjectCreationOperation or ITypeParameterObjectCreationOperation or IAnonymousObjectCreationOperation:
                        return OfCreatedObject(initializer.Parent);
                    case { } other:
                        return ForNode(other.Syntax);
                }
            }

            return null;
        }

        public bool Equals(ObjectKey? other)
        {
            if (other is null || !SymbolEqualityComparer.Default.Equals(RootSymbol, other.RootSymbol) || RootNode != other.RootNode || Path.Length != other.Path.Length)
            {
                return false;
            }

            for (var i = 0; i < Path.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(Path[i], other.Path[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as ObjectKey);

        public override int GetHashCode()
        {
            var hash = RootSymbol is null ? RootNode?.GetHashCode() ?? 0 : SymbolEqualityComparer.Default.GetHashCode(RootSymbol);
            foreach (var member in Path)
            {
                hash = (hash * 31) + SymbolEqualityComparer.Default.GetHashCode(member);
            }

            return hash;
        }

        /// <summary>The object whose member this key names (<c>o</c> for <c>o.TokenValidationParameters</c>); null for a root.</summary>
        public ObjectKey? Owner => Path.Length == 0 ? null : new ObjectKey(RootSymbol, RootNode, Path.RemoveAt(Path.Length - 1));
    }
}
