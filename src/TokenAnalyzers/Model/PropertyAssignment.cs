using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// One assignment of a property of a parameters or options object, in any of the forms RULES.md lists:
    /// initializer member (<c>X = v</c>), nested initializer member, assignment on any receiver, <c>??=</c> and compound
    /// assignments (<c>p.X &amp;= false</c>), and one element of a deconstruction (<c>(p.X, p.Y) = (false, false)</c>).
    /// </summary>
    internal sealed class PropertyAssignment
    {
        private PropertyAssignment(AssignmentExpressionSyntax syntax, ExpressionSyntax targetSyntax, IOperation value, IPropertySymbol property, ITypeSymbol objectType, ObjectKey? target, PropertyAssignmentKind kind)
        {
            Syntax = syntax;
            TargetSyntax = targetSyntax;
            Value = value;
            Property = property;
            ObjectType = objectType;
            Target = target;
            Kind = kind;
        }

        /// <summary>The assignment expression: for a deconstruction, the whole <c>(a, b) = (x, y)</c>.</summary>
        public AssignmentExpressionSyntax Syntax { get; }

        /// <summary>The assigned property as written: <c>p.X</c>, <c>X</c>, or the element of a deconstruction's tuple.</summary>
        public ExpressionSyntax TargetSyntax { get; }

        public IPropertySymbol Property { get; }

        /// <summary>The type of the object whose property is set (not the property's declaring type).</summary>
        public ITypeSymbol ObjectType { get; }

        /// <summary>The object whose property is set, or null when it cannot be named.</summary>
        public ObjectKey? Target { get; }

        public PropertyAssignmentKind Kind { get; }

        public string Name => Property.Name;

        /// <summary>
        /// The value the property gets: the right side (<c>=</c>, <c>??=</c>), the element of the deconstructed tuple, or
        /// for a compound assignment the compound operation itself (<see cref="ConstantValues"/> folds <c>x &amp;= false</c>).
        /// </summary>
        public IOperation Value { get; }

        /// <summary>The syntax of <see cref="Value"/> as written (the right side, or the element of a tuple).</summary>
        public ExpressionSyntax ValueSyntax => Kind == PropertyAssignmentKind.Deconstruction ? (ExpressionSyntax)Value.Syntax : Syntax.Right;

        /// <summary>
        /// The assignment as written: <c>X = v</c>, <c>p.X = v</c>, or for a null-conditional assignment
        /// (<c>o?.X = v</c>, C# 14) the conditional access around it; in a deconstruction, the element <c>p.X</c> (one
        /// deconstruction may set several properties). Diagnostics and fixes use this node.
        /// </summary>
        public ExpressionSyntax Extent => Kind == PropertyAssignmentKind.Deconstruction ? TargetSyntax : ExtentOf(Syntax);

        public static ExpressionSyntax ExtentOf(AssignmentExpressionSyntax assignment)
        {
            ExpressionSyntax current = assignment;
            while (current.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == current)
            {
                current = access;
            }

            return current;
        }

        /// <summary>The simple name on the left of an assignment: <c>X</c> in <c>X = v</c>, <c>a.b.X = v</c>, <c>a?.X = v</c>.</summary>
        public static string? AssignedName(AssignmentExpressionSyntax assignment) => SyntaxNames.AssignedName(assignment);

        /// <summary>The simple names a deconstruction assigns: <c>X</c> and <c>Y</c> in <c>(p.X, (q.Y, z)) = ...</c>.</summary>
        public static IEnumerable<string> DeconstructedNames(AssignmentExpressionSyntax deconstruction)
        {
            foreach (var node in deconstruction.Left.DescendantNodes(node => node is TupleExpressionSyntax or ArgumentSyntax))
            {
                switch (node)
                {
                    case ArgumentSyntax { Expression: MemberAccessExpressionSyntax access }:
                        yield return access.Name.Identifier.ValueText;
                        break;
                    case ArgumentSyntax { Expression: IdentifierNameSyntax identifier }:
                        yield return identifier.Identifier.ValueText;
                        break;
                }
            }
        }

        /// <summary>
        /// Binds a candidate assignment (already filtered by name) and keeps it when it sets a property of a
        /// parameters or options object. A deconstruction gives null: see <see cref="Deconstructed"/>.
        /// </summary>
        public static PropertyAssignment? TryCreate(AssignmentExpressionSyntax syntax, SemanticModel model, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            var (kind, target, value) = OperationTrees.Get(model, syntax, cancellationToken) switch
            {
                ISimpleAssignmentOperation simple => (PropertyAssignmentKind.Simple, simple.Target, simple.Value),
                ICoalesceAssignmentOperation coalesce => (PropertyAssignmentKind.Coalesce, coalesce.Target, coalesce.Value),
                ICompoundAssignmentOperation compound => (PropertyAssignmentKind.Compound, compound.Target, (IOperation)compound),
                _ => (PropertyAssignmentKind.Simple, null, null),
            };

            return target is IPropertyReferenceOperation property && value is not null
                ? Create(syntax, syntax.Left, property, value, kind, symbols)
                : null;
        }

        /// <summary>
        /// The properties of parameters or options objects set by a deconstruction whose right side is a tuple
        /// literal (<c>(p.ValidateIssuer, p.ValidateAudience) = (false, false)</c>), each with its element's value.
        /// </summary>
        public static IEnumerable<PropertyAssignment> Deconstructed(AssignmentExpressionSyntax syntax, SemanticModel model, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            var found = new List<PropertyAssignment>();
            if (OperationTrees.Get(model, syntax, cancellationToken) is IDeconstructionAssignmentOperation deconstruction)
            {
                Collect(syntax, deconstruction.Target, deconstruction.Value, symbols, found);
            }

            return found;
        }

        private static void Collect(AssignmentExpressionSyntax syntax, IOperation target, IOperation value, TokenSymbols symbols, List<PropertyAssignment> found)
        {
            if (target is not ITupleOperation targets || DelegateBody.Unwrap(value) is not ITupleOperation values || targets.Elements.Length != values.Elements.Length)
            {
                return; // `(p.X, p.Y) = GetFlags()`: the values cannot be seen
            }

            for (var i = 0; i < targets.Elements.Length; i++)
            {
                switch (targets.Elements[i])
                {
                    case ITupleOperation:
                        Collect(syntax, targets.Elements[i], values.Elements[i], symbols, found);
                        break;
                    case IPropertyReferenceOperation { Syntax: ExpressionSyntax targetSyntax } property:
                        if (Create(syntax, targetSyntax, property, values.Elements[i], PropertyAssignmentKind.Deconstruction, symbols) is { } assignment)
                        {
                            found.Add(assignment);
                        }

                        break;
                }
            }
        }

        private static PropertyAssignment? Create(AssignmentExpressionSyntax syntax, ExpressionSyntax targetSyntax, IPropertyReferenceOperation target, IOperation value, PropertyAssignmentKind kind, TokenSymbols symbols)
        {
            var objectType = target.Instance?.Type ?? target.Property.ContainingType;
            if (!symbols.IsParametersType(objectType) && !symbols.IsOptionsType(objectType))
            {
                return null;
            }

            return new PropertyAssignment(syntax, targetSyntax, value, target.Property, objectType, ObjectKey.Of(target.Instance), kind);
        }
    }
}
