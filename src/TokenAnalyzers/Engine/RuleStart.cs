using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TokenAnalyzers.Model;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// A rule's view of compilation start. The node registrations are collected for <see cref="CandidateScanner"/>;
    /// compilation-wide actions (additional files, compilation end) go to Roslyn unchanged.
    /// </summary>
    internal sealed class RuleStart
    {
        /// <summary>How many kinds there are (the last one plus one).</summary>
        private const int KindCount = (int)CandidateKind.TargetTypedCreation + 1;

        // Indexed by (int)CandidateKind: a dictionary keyed by the enum costs the first analysis in a fresh process
        // its own JIT-compiled instantiation (about 18 methods, measured with the benchmark's --jit-trace).
        // Arrays of delegates, not immutable arrays: a dictionary over a struct needs JIT-compiled code of its own at
        // first use, one over a reference type shares the code every other dictionary of references uses (issue 22).
        private readonly Dictionary<string, Action<NodeContext>[]>?[] _byName =
            new Dictionary<string, Action<NodeContext>[]>?[KindCount];

        private readonly Action<NodeContext>[]?[] _unnamed = new Action<NodeContext>[]?[KindCount];

        private ConcurrentDictionary<string, byte>? _jwtBearerSchemes;

        private readonly Dictionary<string, string[]?> _assignedStringPrefixes = new Dictionary<string, string[]?>(StringComparer.Ordinal);

        [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1012", Justification = "Kept for the rules' compilation-wide registrations.")]
        public RuleStart(CompilationStartAnalysisContext context)
        {
            Context = context;
        }

        /// <summary>For the compilation-wide registrations only (additional files, compilation end).</summary>
        public CompilationStartAnalysisContext Context { get; }

        public Compilation Compilation => Context.Compilation;

        public bool HasNodeActions => Array.Exists(_byName, actions => actions is not null) || Array.Exists(_unnamed, actions => actions is not null);

        private TokenRule? _currentRule;

        /// <summary>
        /// The rule whose registrations follow: named in the TA0002 report when one of its actions throws. The name is
        /// built when the rule registers something, not when it starts (issue 22).
        /// </summary>
        public string CurrentRule => _currentRule?.Name ?? "TokenAnalyzers";

        internal void BeginRule(TokenRule rule) => _currentRule = rule;

        /// <summary>
        /// The one registration of a rule that judges an assignment to a property of a parameters or options object:
        /// <paramref name="action"/> runs for every assignment to one of <paramref name="names"/> whose value
        /// <paramref name="filter"/> lets through (checked on the syntax, before anything is bound) and whose target
        /// is a property of a library type (<see cref="PropertyAssignment"/>).
        /// </summary>
        public void OnPropertyAssignment(TokenSymbols symbols, IEnumerable<string> names, ValueFilter filter, Action<AssignmentContext> action)
        {
            var scopes = symbols.Scopes;
            var nameSet = new HashSet<string>(names, StringComparer.Ordinal); // read only, once registered: a hash set builds faster than an immutable one, per compilation
            OnAssignment(nameSet, filter, nodeContext =>
            {
                var syntax = (AssignmentExpressionSyntax)nodeContext.Node;
                if (syntax.Left is TupleExpressionSyntax)
                {
                    // `(p.X, p.Y) = (a, b)`: each element this registration names, judged with its own value.
                    foreach (var element in PropertyAssignment.Deconstructed(syntax, nodeContext.SemanticModel, symbols, nodeContext.CancellationToken))
                    {
                        if (nameSet.Contains(element.Name) && filter.MayReport(element.ValueSyntax))
                        {
                            action(new AssignmentContext(nodeContext, element, symbols, scopes));
                        }
                    }

                    return;
                }

                if (PropertyAssignment.TryCreate(syntax, nodeContext.SemanticModel, symbols, nodeContext.CancellationToken) is { } assignment)
                {
                    action(new AssignmentContext(nodeContext, assignment, symbols, scopes));
                }
            });
        }

        /// <summary>
        /// <paramref name="action"/> runs for every assignment (<c>x.Name = v</c>, <c>Name = v</c> in an initializer,
        /// <c>x?.Name = v</c>, <c>x.Name ??= v</c>, <c>x.Name &amp;= v</c>) to one of <paramref name="names"/> whose value
        /// <paramref name="filter"/> lets through, and for every deconstruction <c>(x.Name, ...) = ...</c> that assigns
        /// one of them (once, whatever the number of names; the filter is then the action's to ask per element).
        /// Nothing is bound before the action runs.
        /// </summary>
        public void OnAssignment(IEnumerable<string> names, ValueFilter filter, Action<NodeContext> action)
        {
            var filtered = ReferenceEquals(filter, ValueFilter.Any) ? action : nodeContext =>
            {
                if (filter.MayReport(((AssignmentExpressionSyntax)nodeContext.Node).Right))
                {
                    action(nodeContext);
                }
            };

            var nameList = names.ToList();
            Add(CandidateKind.Assignment, nameList, filtered);
            foreach (var name in nameList)
            {
                var prefixes = filter.StringPrefixes;
                _assignedStringPrefixes[name] = !_assignedStringPrefixes.TryGetValue(name, out var known) ? prefixes
                    : known is null || prefixes is null ? null
                    : known.Union(prefixes, StringComparer.OrdinalIgnoreCase).ToArray();
            }
        }

        /// <summary>
        /// <paramref name="action"/> runs for every invocation or object creation (<paramref name="kind"/>) whose
        /// invoked member or created type is one of <paramref name="names"/>. The node's shape and name are checked
        /// before the action runs; nothing is bound. Assignments register with <see cref="OnAssignment"/>.
        /// </summary>
        public void OnNamed(CandidateKind kind, IEnumerable<string> names, Action<NodeContext> action)
        {
            if (kind == CandidateKind.Assignment)
            {
                throw new ArgumentException("Assignments register with OnAssignment or OnPropertyAssignment, which carry the value filter.", nameof(kind));
            }

            Add(kind, names, action);
        }

        private void Add(CandidateKind kind, IEnumerable<string> names, Action<NodeContext> action)
        {
            var actions = _byName[(int)kind] ??= new Dictionary<string, Action<NodeContext>[]>(StringComparer.Ordinal);

            var guarded = RuleFailures.Guard(CurrentRule, action);
            foreach (var name in names)
            {
                actions[name] = Append(actions.TryGetValue(name, out var existing) ? existing : null, guarded);
            }
        }

        /// <summary>
        /// The scheme names the project registers with JwtBearer's <c>AddJwtBearer</c> (<see cref="JwtBearerSchemes.SchemeOf"/>),
        /// filled as the nodes are analyzed: read it at compilation end. One definition for every rule that judges an
        /// <c>Authentication:Schemes:&lt;name&gt;</c> section (TA309 (c), TA502, TA503): other names are never bound.
        /// </summary>
        public ConcurrentDictionary<string, byte> CollectJwtBearerSchemes(TokenSymbols symbols)
        {
            if (_jwtBearerSchemes is { } collected)
            {
                return collected; // one collection per compilation, however many rules read it
            }

            var schemes = _jwtBearerSchemes = new ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
            OnNamed(CandidateKind.Invocation, new[] { "AddJwtBearer" }, node =>
            {
                if (JwtBearerSchemes.SchemeOf((InvocationExpressionSyntax)node.Node, node.SemanticModel, symbols, node.CancellationToken) is { } scheme)
                {
                    schemes.TryAdd(scheme, 0);
                }
            });

            return schemes;
        }

        /// <summary><paramref name="action"/> runs for every node of <paramref name="kind"/> (kinds whose nodes carry no name).</summary>
        public void On(CandidateKind kind, Action<NodeContext> action)
        {
            var guarded = RuleFailures.Guard(CurrentRule, action);
            _unnamed[(int)kind] = Append(_unnamed[(int)kind], guarded);
        }

        private static Action<NodeContext>[] Append(Action<NodeContext>[]? actions, Action<NodeContext> action)
        {
            if (actions is null)
            {
                return new[] { action };
            }

            var longer = new Action<NodeContext>[actions.Length + 1];
            actions.CopyTo(longer, 0);
            longer[actions.Length] = action;
            return longer;
        }

        public CandidateScanner CreateScanner()
        {
            // A loop, not LINQ over the entries: LINQ over KeyValuePair (a struct) is code the JIT compiles at first use.
            var prefixes = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var entry in _assignedStringPrefixes)
            {
                if (entry.Value is { } known)
                {
                    prefixes[entry.Key] = known;
                }
            }

            return new CandidateScanner(_byName, _unnamed, prefixes);
        }
    }
}
