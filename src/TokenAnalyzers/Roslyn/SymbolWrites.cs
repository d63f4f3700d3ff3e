using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Roslyn
{
    /// <summary>
    /// Every value ever written to a local or a field whose writes the compilation can fully see: a local (its
    /// member body), a private field, or a static readonly field (its declaring type, all partial parts). Values
    /// are the assigned operations; a field without initializer also holds its type's default.
    /// </summary>
    internal static class SymbolWrites
    {
        /// <summary>The written values, or default when a write cannot be seen or understood (ref, out, compound).</summary>
        public static ImmutableArray<WrittenValue> Find(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken) =>
            Find(symbol, compilation, cancellationToken, includeReadOnlyFields: false);

        /// <summary>
        /// As <see cref="Find(ISymbol, Compilation, CancellationToken)"/>; <paramref name="includeReadOnlyFields"/> also
        /// follows instance readonly fields of any accessibility (only their declaring type can write them).
        /// </summary>
        public static ImmutableArray<WrittenValue> Find(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken, bool includeReadOnlyFields)
        {
            switch (symbol)
            {
                case ILocalSymbol local when !local.IsRef:
                    return FindInDeclaringScope(local, compilation, cancellationToken);
                case IFieldSymbol field when !field.IsConst && !field.IsVolatile && (IsFullyVisible(field) || (includeReadOnlyFields && field.IsReadOnly)):
                    return FindInDeclaringScope(field, compilation, cancellationToken);
                default:
                    return default;
            }
        }

        /// <summary>
        /// The one value written to a local or a field (a field's implicit default aside: a field set once in its
        /// constructor has a single assignment), or null when there are several writes or one cannot be seen.
        /// </summary>
        public static IOperation? SingleWrite(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken, bool includeReadOnlyFields = false)
        {
            IOperation? single = null;
            var writes = Find(symbol, compilation, cancellationToken, includeReadOnlyFields);
            if (writes.IsDefault)
            {
                return null;
            }

            foreach (var write in writes)
            {
                if (write.IsImplicitDefault)
                {
                    continue;
                }

                if (single is not null || write.Operation is null)
                {
                    return null;
                }

                single = write.Operation;
            }

            return single;
        }

        /// <summary>
        /// The short array form of a declaration (<c>string[] algorithms = { "none" };</c>, <c>byte[] key = { 1, 2 }</c>)
        /// writes the array its initializer's implicit creation makes (round AO: the initializer alone read as no array).
        /// </summary>
        private static IOperation? ArrayOf(IOperation? value) =>
            value is IArrayInitializerOperation { Parent: IArrayCreationOperation creation } ? creation : value;

        /// <summary><c>value!</c> has no operation of its own: a declaration's value is read through it.</summary>
        private static ExpressionSyntax Unsuppressed(ExpressionSyntax value)
        {
            while (value is PostfixUnaryExpressionSyntax suppressed && suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            {
                value = suppressed.Operand;
            }

            return value;
        }

        private static bool IsFullyVisible(IFieldSymbol field) =>
            field.DeclaredAccessibility == Accessibility.Private || (field.IsStatic && field.IsReadOnly);

        private static ImmutableArray<WrittenValue> FindInDeclaringScope(ISymbol symbol, Compilation compilation, CancellationToken cancellationToken)
        {
            var declarations = symbol.DeclaringSyntaxReferences;
            if (declarations.Length != 1)
            {
                return default;
            }

            var declarator = declarations[0].GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
            if (declarator is null)
            {
                return default;
            }

            var builder = ImmutableArray.CreateBuilder<WrittenValue>();
            var declarationModel = GetModel(compilation, declarator.SyntaxTree);
            if (declarator.Initializer is { } initializer)
            {
                builder.Add(new WrittenValue(ArrayOf(OperationTrees.Get(declarationModel, Unsuppressed(initializer.Value), cancellationToken))));
            }
            else if (symbol is IFieldSymbol field)
            {
                builder.Add(WrittenValue.DefaultOf(field.Type));
            }

            foreach (var scope in SearchScopes(symbol, declarator, cancellationToken))
            {
                var model = GetModel(compilation, scope.SyntaxTree);
                foreach (var identifier in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (identifier.Identifier.ValueText != symbol.Name)
                    {
                        continue;
                    }

                    var reference = ReferenceExpression(identifier);
                    if (!IsPossibleWrite(reference, out var assignedValue))
                    {
                        continue;
                    }

                    if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, symbol))
                    {
                        continue;
                    }

                    if (assignedValue is null)
                    {
                        return default; // compound assignment, ++, ref/out, deconstruction: not followed
                    }

                    builder.Add(new WrittenValue(OperationTrees.Get(model, assignedValue, cancellationToken)));
                }
            }

            return builder.ToImmutable();
        }

        private static IEnumerable<SyntaxNode> SearchScopes(ISymbol symbol, VariableDeclaratorSyntax declarator, CancellationToken cancellationToken)
        {
            if (symbol is ILocalSymbol)
            {
                yield return SyntaxScopes.MemberScope(declarator);
                yield break;
            }

            foreach (var reference in symbol.ContainingType.DeclaringSyntaxReferences)
            {
                yield return reference.GetSyntax(cancellationToken);
            }
        }

        /// <summary>`x` or `this.x`: the expression whose parent decides whether it is written.</summary>
        private static ExpressionSyntax ReferenceExpression(IdentifierNameSyntax identifier) =>
            identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier
                ? access
                : identifier;

        /// <summary>True when <paramref name="reference"/> may be written; <paramref name="assignedValue"/> is the value of a plain assignment.</summary>
        private static bool IsPossibleWrite(ExpressionSyntax reference, out ExpressionSyntax? assignedValue)
        {
            assignedValue = null;
            var node = reference;
            while (node.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                node = parenthesized;
            }

            switch (node.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == node:
                    // `x ??= v` writes v or leaves what another write put there: a write of v (real code: a field
                    // `_manager ??= new ConfigurationManager<...>(...)` created on first use).
                    if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                    {
                        assignedValue = assignment.Right;
                    }

                    return true;
                case PrefixUnaryExpressionSyntax prefix:
                    return prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) || prefix.IsKind(SyntaxKind.AddressOfExpression);
                case PostfixUnaryExpressionSyntax postfix:
                    return postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression);
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword);
                case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                    return IsDeconstructionTarget(tuple); // (a, b) = ...
                case RefExpressionSyntax:
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsDeconstructionTarget(TupleExpressionSyntax tuple)
        {
            SyntaxNode current = tuple;
            while (current.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax outer })
            {
                current = outer;
            }

            return current.Parent is AssignmentExpressionSyntax assignment && assignment.Left == current;
        }

#pragma warning disable RS1030 // A private field's partial parts may sit in other trees; only reached for rare candidate values.
        private static SemanticModel GetModel(Compilation compilation, SyntaxTree tree) => compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
