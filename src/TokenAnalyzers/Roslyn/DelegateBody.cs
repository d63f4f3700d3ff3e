using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// The code a delegate value runs: a lambda, anonymous method, local function, method group (to a method in
    /// any file of the compilation), <c>new DelegateType(Method)</c>, or any of these stored in a local or a fully
    /// visible field first.
    /// </summary>
    internal sealed class DelegateBody
    {
        private const int MaxDepth = 8;

        private DelegateBody(IOperation body, IMethodSymbol method)
        {
            Body = body;
            Method = method;
        }

        /// <summary>The body block (an expression body is a block with one implicit return).</summary>
        public IOperation Body { get; }

        /// <summary>The lambda or method symbol: its parameters are the delegate's arguments.</summary>
        public IMethodSymbol Method { get; }

        public static DelegateBody? Resolve(IOperation? value, Compilation compilation, CancellationToken cancellationToken) =>
            Resolve(value, compilation, cancellationToken, 0);

        private static DelegateBody? Resolve(IOperation? value, Compilation compilation, CancellationToken cancellationToken, int depth)
        {
            if (depth > MaxDepth)
            {
                return null; // delegates defined in terms of each other
            }

            switch (value)
            {
                case IConversionOperation { OperatorMethod: null } conversion:
                    return Resolve(conversion.Operand, compilation, cancellationToken, depth + 1);
                case IParenthesizedOperation parenthesized:
                    return Resolve(parenthesized.Operand, compilation, cancellationToken, depth + 1);
                case IDelegateCreationOperation creation:
                    return Resolve(creation.Target, compilation, cancellationToken, depth + 1);
                case IAnonymousFunctionOperation function:
                    return new DelegateBody(function.Body, function.Symbol);
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Type.TypeKind: TypeKind.Delegate } added:
                    // p.X += d: d runs last, and a multicast delegate returns its last delegate's result (on the
                    // default null, += is =): the Terms' compound assignment, round AK.
                    return Resolve(added.Value, compilation, cancellationToken, depth + 1);
                case IMethodReferenceOperation reference:
                    return FromMethod(reference.Method, compilation, cancellationToken);
                case ILocalReferenceOperation local:
                    return Resolve(SymbolWrites.SingleWrite(local.Local, compilation, cancellationToken, includeReadOnlyFields: true), compilation, cancellationToken, depth + 1);
                case IFieldReferenceOperation field:
                    return Resolve(SymbolWrites.SingleWrite(field.Field, compilation, cancellationToken, includeReadOnlyFields: true), compilation, cancellationToken, depth + 1);
                case IPropertyReferenceOperation { Property: { SetMethod: null, Parameters.IsEmpty: true, IsVirtual: false, IsAbstract: false, IsOverride: false } property }:
                    // A get-only property whose getter only returns the delegate: a readonly field in all but syntax
                    // (round AO). An auto-property is left alone: its constructor may set it.
                    return Resolve(OnlyReturned.Of(property.GetMethod, compilation, cancellationToken), compilation, cancellationToken, depth + 1);
                default:
                    return null;
            }
        }

        private static DelegateBody? FromMethod(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
        {
            method = method.PartialImplementationPart ?? method;
            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return null; // metadata, or several declarations
            }

            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax))
            {
                return null;
            }

#pragma warning disable RS1030 // The method may be declared in another file; only reached for delegates assigned to validator properties.
            var model = compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            var body = OperationTrees.Get(model, syntax, cancellationToken) switch
            {
                IMethodBodyOperation methodBody => (IOperation?)methodBody.BlockBody ?? methodBody.ExpressionBody,
                ILocalFunctionOperation localFunction => localFunction.Body,
                _ => null,
            };

            return body is null ? null : new DelegateBody(body, method);
        }

        /// <summary>True when <paramref name="operation"/> reads the delegate's parameter at <paramref name="ordinal"/>.</summary>
        public bool IsParameter(IOperation? operation, int ordinal) =>
            Unwrap(operation) is IParameterReferenceOperation reference &&
            reference.Parameter.Ordinal == ordinal &&
            SymbolEqualityComparer.Default.Equals(reference.Parameter.ContainingSymbol, Method);

        /// <summary>
        /// The value under conversions that call no user code and parentheses: the same object, whatever the static type.
        /// The one copy of this idiom; <see cref="Outermost"/> walks the other way.
        /// </summary>
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation { OperatorMethod: null } conversion:
                        operation = conversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The outermost conversion or parentheses around <paramref name="operation"/> (itself when none): its parent is what uses the value.</summary>
        public static IOperation Outermost(IOperation operation)
        {
            while (operation.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
            {
                operation = operation.Parent;
            }

            return operation;
        }
    }
}
