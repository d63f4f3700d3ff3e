using System.Collections.Generic;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;

namespace TokenAnalyzers.Roslyn
{
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
}
