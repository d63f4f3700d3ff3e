using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Every property assignment of parameters and options objects within one member scope (see
    /// <see cref="SyntaxScopes.MemberScope"/>), in source order, with aliases resolved: after
    /// <c>var p = o.TokenValidationParameters</c> or <c>o.TokenValidationParameters = p</c>, p and
    /// o.TokenValidationParameters are the same object.
    /// </summary>
    internal sealed class ConfigurationScope
    {
        private readonly Dictionary<ObjectKey, ObjectKey> _aliases;

        /// <summary>
        /// Methods called on parameters objects that the rules reason about (bound only when the name matches):
        /// <c>EnableAadSigningKeyIssuerValidation()</c> of Microsoft.IdentityModel.Validators (TA302/TA303).
        /// </summary>
        public static readonly ImmutableHashSet<string> ParametersCallNames = ImmutableHashSet.Create("EnableAadSigningKeyIssuerValidation");

        private ConfigurationScope(SyntaxNode node, ImmutableArray<PropertyAssignment> assignments, ImmutableArray<ParametersCall> calls, Dictionary<ObjectKey, ObjectKey> aliases)
        {
            Node = node;
            Assignments = assignments;
            Calls = calls;
            _aliases = aliases;
        }

        public SyntaxNode Node { get; }

        /// <summary>All property assignments in the scope, in source order.</summary>
        public ImmutableArray<PropertyAssignment> Assignments { get; }

        /// <summary>Calls named in <see cref="ParametersCallNames"/> on a parameters object, in source order.</summary>
        public ImmutableArray<ParametersCall> Calls { get; }

        /// <summary>Calls of <paramref name="name"/> on the same object as <paramref name="target"/>.</summary>
        public List<ParametersCall> CallsOn(ObjectKey? target, string name)
        {
            // Lists, not iterators, here and below: an iterator is a class of five methods to JIT on first use (issue 22).
            var calls = new List<ParametersCall>();
            if (target is null)
            {
                return calls;
            }

            foreach (var call in Calls)
            {
                if (call.Name == name && SameObject(call.Receiver, target))
                {
                    calls.Add(call);
                }
            }

            return calls;
        }

        /// <summary>The representative key of an object (aliases collapsed).</summary>
        public ObjectKey Canonical(ObjectKey key)
        {
            var current = key;
            while (_aliases.TryGetValue(current, out var next))
            {
                current = next;
            }

            return current;
        }

        public bool SameObject(ObjectKey? a, ObjectKey? b) =>
            a is not null && b is not null && Canonical(a).Equals(Canonical(b));

        /// <summary>Assignments of the named properties on the same object as <paramref name="target"/>.</summary>
        public List<PropertyAssignment> AssignmentsTo(ObjectKey? target, params string[] propertyNames)
        {
            var assignments = new List<PropertyAssignment>();
            if (target is null)
            {
                return assignments;
            }

            foreach (var assignment in Assignments)
            {
                if (System.Array.IndexOf(propertyNames, assignment.Name) >= 0 && SameObject(assignment.Target, target))
                {
                    assignments.Add(assignment);
                }
            }

            return assignments;
        }

        public static ConfigurationScope Build(SyntaxNode scope, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var names = symbols.ConfigurationPropertyNames;
            var assignments = ImmutableArray.CreateBuilder<PropertyAssignment>();
            var calls = ImmutableArray.CreateBuilder<ParametersCall>();
            var aliases = new Dictionary<ObjectKey, ObjectKey>();

            foreach (var node in scope.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax { Left: TupleExpressionSyntax } deconstruction when deconstruction.IsKind(SyntaxKind.SimpleAssignmentExpression):
                        if (PropertyAssignment.DeconstructedNames(deconstruction).Any(names.Contains))
                        {
                            assignments.AddRange(PropertyAssignment.Deconstructed(deconstruction, model, symbols, cancellationToken));
                        }

                        break;
                    case AssignmentExpressionSyntax assignment:
                        var name = PropertyAssignment.AssignedName(assignment);
                        if (name is not null && names.Contains(name) && PropertyAssignment.TryCreate(assignment, model, symbols, cancellationToken) is { } found)
                        {
                            assignments.Add(found);
                            if (found.Kind == PropertyAssignmentKind.Simple &&
                                (symbols.IsParametersType(found.Property.Type) || symbols.IsOptionsType(found.Property.Type)))
                            {
                                AddAlias(aliases, found.Target?.Member(found.Property), found.Value);
                            }
                        }

                        break;
                    case InvocationExpressionSyntax invocation when ParametersCallNames.Contains(SyntaxNames.InvokedName(invocation) ?? string.Empty):
                        if (ParametersCall.TryCreate(invocation, model, symbols, cancellationToken) is { } call)
                        {
                            calls.Add(call);
                        }

                        break;
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator when IsReference(initializer.Value):
                        if (model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local &&
                            (symbols.IsParametersType(local.Type) || symbols.IsOptionsType(local.Type)))
                        {
                            AddAlias(aliases, ObjectKey.ForSymbol(local), OperationTrees.Get(model, initializer.Value, cancellationToken));
                        }

                        break;
                }
            }

            return new ConfigurationScope(scope, assignments.ToImmutable(), calls.ToImmutable(), aliases);
        }

        private static bool IsReference(ExpressionSyntax value) =>
            value is IdentifierNameSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax or CastExpressionSyntax;

        /// <summary>Records that <paramref name="target"/> now names the object <paramref name="value"/> refers to.</summary>
        private static void AddAlias(Dictionary<ObjectKey, ObjectKey> aliases, ObjectKey? target, IOperation? value)
        {
            var unwrapped = DelegateBody.Unwrap(value);

            if (target is null || unwrapped is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation))
            {
                return; // a new object or a copy (Clone()) is not an alias
            }

            var source = ObjectKey.Of(unwrapped);
            if (source is null)
            {
                return;
            }

            var from = Find(aliases, target);
            var to = Find(aliases, source);
            if (!from.Equals(to))
            {
                aliases[from] = to;
            }
        }

        private static ObjectKey Find(Dictionary<ObjectKey, ObjectKey> aliases, ObjectKey key)
        {
            var current = key;
            while (aliases.TryGetValue(current, out var next))
            {
                current = next;
            }

            return current;
        }
    }
}
