using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// RULES.md, Terms, "Values and reads": the elements of a collection value, in every form that counts as one: an
    /// array creation with an initializer (<c>new[] { a, b }</c>, <c>{ a, b }</c>), a collection initializer
    /// (<c>new List&lt;T&gt; { a, b }</c>), and a collection expression (<c>[a, b]</c>), whose spreads (<c>[.. x]</c>)
    /// are expanded when x is such a collection itself, directly or through a local, readonly field or
    /// <c>static readonly</c> field with a single assignment.
    /// </summary>
    internal static class CollectionValues
    {
        private const int MaxDepth = 4;

        /// <summary>
        /// The elements of <paramref name="value"/>, or null when it is not a collection of a form above or one of its
        /// spreads cannot be seen. A collection with no element gives an empty list.
        /// </summary>
        public static List<IOperation>? Elements(IOperation? value, Compilation compilation, CancellationToken cancellationToken)
        {
            var elements = new List<IOperation>();
            return Collect(value, compilation, cancellationToken, elements, 0) ? elements : null;
        }

        /// <summary>
        /// A value that holds no element: <c>null</c>, <c>[]</c>, <c>new T[0]</c>, <c>Array.Empty&lt;T&gt;()</c>,
        /// <c>Enumerable.Empty&lt;T&gt;()</c>, or a collection created without elements (<c>new List&lt;T&gt;()</c>,
        /// <c>new List&lt;T&gt;(capacity)</c>, an empty initializer). No key comes from it: a key pool that starts from
        /// one adds nothing to it (TA309).
        /// </summary>
        public static bool IsEmpty(IOperation? value)
        {
            value = DelegateBody.Unwrap(value);
            switch (value)
            {
                case null:
                    return false;
                case { ConstantValue: { HasValue: true, Value: null } }:
                    return true;
                case IArrayCreationOperation array:
                    return array.Initializer is { ElementValues.Length: 0 } ||
                           (array.Initializer is null && array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 });
                case IInvocationOperation { TargetMethod: { Name: "Empty", IsGenericMethod: true, Parameters.Length: 0 } method }:
                    return method.ContainingType?.ToDisplayString() is "System.Array" or "System.Linq.Enumerable";
                case IObjectCreationOperation creation:
                    return creation.Type is INamedTypeSymbol { IsGenericType: true } &&
                           (creation.Arguments.Length == 0 || (creation.Arguments.Length == 1 && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32)) &&
                           creation.Initializer is null or IObjectOrCollectionInitializerOperation { Initializers.Length: 0 };
                default:
                    return IsCollectionExpression(value) && value.ChildOperations.Count == 0;
            }
        }

        /// <summary>
        /// A collection expression (<c>[a, .. b]</c>): newer than the Roslyn this package compiles against, so it is
        /// recognised by the name of its kind in the compiler that runs it.
        /// </summary>
        public static bool IsCollectionExpression(IOperation? operation) =>
            operation is not null && operation.Kind.ToString() == "CollectionExpression";

        /// <summary>The spread element of a collection expression (<c>.. x</c>), recognised by the name of its kind.</summary>
        public static bool IsSpread(IOperation operation) => operation.Kind.ToString() == "Spread";

        private static bool Collect(IOperation? value, Compilation compilation, CancellationToken cancellationToken, List<IOperation> elements, int depth)
        {
            value = DelegateBody.Unwrap(value);
            if (value is null || depth > MaxDepth)
            {
                return false;
            }

            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    elements.AddRange(initializer.ElementValues);
                    return true;
                case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation initializer } creation when creation.Arguments.Length == 0:
                    foreach (var add in initializer.Initializers)
                    {
                        if (add is not IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } call)
                        {
                            return false; // dictionary initializers, member initializers: not a list of values
                        }

                        elements.Add(call.Arguments[0].Value);
                    }

                    return true;
                case ILocalReferenceOperation local:
                    return Collect(SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken), compilation, cancellationToken, elements, depth + 1);
                case IFieldReferenceOperation { Field.IsReadOnly: true } field:
                    return Collect(SymbolWrites.SingleWrite(field.Field, compilation, cancellationToken, includeReadOnlyFields: true), compilation, cancellationToken, elements, depth + 1);
                case var _ when IsCollectionExpression(value):
                    foreach (var element in value.ChildOperations)
                    {
                        if (IsSpread(element))
                        {
                            var source = FirstChild(element);
                            if (!Collect(source, compilation, cancellationToken, elements, depth + 1))
                            {
                                return false;
                            }

                            continue;
                        }

                        elements.Add(element);
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static IOperation? FirstChild(IOperation operation)
        {
            foreach (var child in operation.ChildOperations)
            {
                return child;
            }

            return null;
        }
    }
}
