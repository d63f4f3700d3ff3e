using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// One assignment of a property of a parameters or options object, in any of the forms RULES.md lists:
    /// initializer member (<c>X = v</c>), nested initializer member, or assignment on any receiver.
    /// </summary>
    internal sealed class PropertyAssignment
    {
        private PropertyAssignment(AssignmentExpressionSyntax syntax, ISimpleAssignmentOperation operation, IPropertySymbol property, ITypeSymbol objectType, ObjectKey? target)
        {
            Syntax = syntax;
            Operation = operation;
            Property = property;
            ObjectType = objectType;
            Target = target;
        }

        public AssignmentExpressionSyntax Syntax { get; }
        public ISimpleAssignmentOperation Operation { get; }
        public IPropertySymbol Property { get; }

        /// <summary>The type of the object whose property is set (not the property's declaring type).</summary>
        public ITypeSymbol ObjectType { get; }

        /// <summary>The object whose property is set, or null when it cannot be named.</summary>
        public ObjectKey? Target { get; }

        public string Name => Property.Name;

        /// <summary>
        /// The whole assignment as written: <c>X = v</c>, <c>p.X = v</c>, or for a null-conditional assignment
        /// (<c>o?.X = v</c>, C# 14) the conditional access around it. Diagnostics and fixes use this node.
        /// </summary>
        public ExpressionSyntax Extent => ExtentOf(Syntax);

        public static ExpressionSyntax ExtentOf(AssignmentExpressionSyntax assignment)
        {
            ExpressionSyntax current = assignment;
            while (current.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == current)
            {
                current = access;
            }

            return current;
        }
        public IOperation Value => Operation.Value;

        /// <summary>The simple name on the left of an assignment: <c>X</c> in <c>X = v</c>, <c>a.b.X = v</c>, <c>a?.X = v</c>.</summary>
        public static string? AssignedName(AssignmentExpressionSyntax assignment) => assignment.Left switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// Binds a candidate assignment (already filtered by name) and keeps it when it sets a property of a
        /// parameters or options object.
        /// </summary>
        public static PropertyAssignment? TryCreate(AssignmentExpressionSyntax syntax, SemanticModel model, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            if (model.GetOperation(syntax, cancellationToken) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } operation)
            {
                return null;
            }

            var objectType = target.Instance?.Type ?? target.Property.ContainingType;
            if (!symbols.IsParametersType(objectType) && !symbols.IsOptionsType(objectType))
            {
                return null;
            }

            return new PropertyAssignment(syntax, operation, target.Property, objectType, ObjectKey.Of(target.Instance));
        }
    }
}
