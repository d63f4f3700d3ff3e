using System.Collections.Generic;
using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

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
        public List<Use> Uses { get; } = new();

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
                    case ISwitchExpressionArmOperation arm when arm.Value == current && arm.Parent is ISwitchExpressionOperation:
                        current = arm.Parent; // `kind switch { "jwt" => handler.ReadJwtToken(t), _ => null }`
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
                        var declared = pattern.Pattern switch
                        {
                            IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                            IRecursivePatternOperation recursive => recursive.DeclaredSymbol, // `is { } t`, `is JwtSecurityToken { } t`
                            _ => null,
                        };
                        if (declared is ILocalSymbol declaredLocal)
                        {
                            StoreIn(declaredLocal);
                        }

                        Uses.Add(new Use(current, parent));
                        return this;
                    case not null when _passThrough(parent, current):
                        current = parent;
                        continue;
                    default:
                        Uses.Add(new Use(current, parent));
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

        /// <summary>
        /// Every member read from a value by its consumer: <see cref="MemberUsed"/>, and the members a pattern names
        /// (<c>value is { Claims: var c }</c>, <c>{ Payload.Sub: var s }</c>, <c>switch</c> arms and case labels; a
        /// property or list pattern reads what it names).
        /// </summary>
        public static List<ISymbol> MembersUsed(IOperation value, IOperation? consumer)
        {
            // A list filled by loops, not an iterator: each iterator is a class of five methods that the JIT compiles
            // on its first use in a build (issue 22).
            var members = new List<ISymbol>();
            if (MemberUsed(value, consumer) is { } member)
            {
                members.Add(member);
                return members;
            }

            switch (consumer)
            {
                case IIsPatternOperation pattern when pattern.Value == value:
                    AddPatternMembers(pattern.Pattern, members);
                    break;
                case ISwitchExpressionOperation switchExpression when switchExpression.Value == value:
                    foreach (var arm in switchExpression.Arms)
                    {
                        AddPatternMembers(arm.Pattern, members);
                    }

                    break;
                case ISwitchOperation switchStatement when switchStatement.Value == value:
                    foreach (var section in switchStatement.Cases)
                    {
                        foreach (var clause in section.Clauses)
                        {
                            if (clause is IPatternCaseClauseOperation patternClause)
                            {
                                AddPatternMembers(patternClause.Pattern, members);
                            }
                        }
                    }

                    break;
            }

            return members;
        }

        /// <summary>Adds the members a pattern reads from the value it matches (combinators entered, nested patterns not).</summary>
        private static void AddPatternMembers(IPatternOperation pattern, List<ISymbol> members)
        {
            switch (pattern)
            {
                case IRecursivePatternOperation recursive:
                    foreach (var subpattern in recursive.PropertySubpatterns)
                    {
                        // `{ Payload.Sub: ... }` reads Payload, then Sub: report each member of the chain.
                        for (var current = subpattern.Member; current is IMemberReferenceOperation reference; current = reference.Instance)
                        {
                            members.Add(reference.Member);
                        }
                    }

                    break;
                case IBinaryPatternOperation binary:
                    AddPatternMembers(binary.LeftPattern, members);
                    AddPatternMembers(binary.RightPattern, members);
                    break;
                case INegatedPatternOperation negated:
                    AddPatternMembers(negated.Pattern, members);
                    break;
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

        /// <summary>
        /// One use of the value. A class, not a tuple: a list of a tuple is code the JIT compiles for that tuple alone
        /// the first time a process runs it (issue 22).
        /// </summary>
        public sealed class Use
        {
            public Use(IOperation value, IOperation? consumer)
            {
                Value = value;
                Consumer = consumer;
            }

            /// <summary>The value as last seen.</summary>
            public IOperation Value { get; }

            /// <summary>The operation that uses it; null: none.</summary>
            public IOperation? Consumer { get; }

            public void Deconstruct(out IOperation value, out IOperation? consumer)
            {
                value = Value;
                consumer = Consumer;
            }
        }
    }
}
