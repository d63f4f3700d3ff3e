using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// A rule's view of compilation start. The node registrations are collected for <see cref="CandidateScanner"/>;
    /// compilation-wide actions (additional files, compilation end) go to Roslyn unchanged.
    /// </summary>
    internal sealed class RuleStart
    {
        private readonly Dictionary<CandidateKind, Dictionary<string, ImmutableArray<Action<NodeContext>>>> _byName =
            new Dictionary<CandidateKind, Dictionary<string, ImmutableArray<Action<NodeContext>>>>();

        private readonly Dictionary<CandidateKind, ImmutableArray<Action<NodeContext>>> _unnamed =
            new Dictionary<CandidateKind, ImmutableArray<Action<NodeContext>>>();

        private readonly Dictionary<string, string[]?> _assignedStringPrefixes = new Dictionary<string, string[]?>(StringComparer.Ordinal);

        [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1012", Justification = "Kept for the rules' compilation-wide registrations.")]
        public RuleStart(CompilationStartAnalysisContext context)
        {
            Context = context;
        }

        /// <summary>For the compilation-wide registrations only (additional files, compilation end).</summary>
        public CompilationStartAnalysisContext Context { get; }

        public Compilation Compilation => Context.Compilation;

        public bool HasNodeActions => _byName.Count > 0 || _unnamed.Count > 0;

        /// <summary>The rule whose registrations follow: named in the TA0002 report when one of its actions throws.</summary>
        public string CurrentRule { get; private set; } = "TokenAnalyzers";

        internal void BeginRule(TokenRule rule) => CurrentRule = rule.Name;

        /// <summary>
        /// <paramref name="action"/> runs for every node of <paramref name="kind"/> whose name (assigned member,
        /// invoked member, created type) is one of <paramref name="names"/>. The node's shape and name are checked
        /// before the action runs; nothing is bound. For assignments, <paramref name="reportedStringPrefixes"/> may
        /// name, per property, the starts a string value must have to be reported (null: any value); an assignment
        /// of a string literal that starts otherwise is then dropped from the text, unless another rule wants it.
        /// </summary>
        public void OnNamed(CandidateKind kind, IEnumerable<string> names, Action<NodeContext> action, Func<string, string[]?>? reportedStringPrefixes = null)
        {
            if (!_byName.TryGetValue(kind, out var actions))
            {
                actions = new Dictionary<string, ImmutableArray<Action<NodeContext>>>(StringComparer.Ordinal);
                _byName.Add(kind, actions);
            }

            var guarded = RuleFailures.Guard(CurrentRule, action);
            foreach (var name in names)
            {
                actions[name] = actions.TryGetValue(name, out var existing) ? existing.Add(guarded) : ImmutableArray.Create(guarded);
                if (kind == CandidateKind.Assignment)
                {
                    var prefixes = reportedStringPrefixes?.Invoke(name);
                    _assignedStringPrefixes[name] = !_assignedStringPrefixes.TryGetValue(name, out var known) ? prefixes
                        : known is null || prefixes is null ? null
                        : known.Union(prefixes, StringComparer.OrdinalIgnoreCase).ToArray();
                }
            }
        }

        /// <summary><paramref name="action"/> runs for every node of <paramref name="kind"/> (kinds whose nodes carry no name).</summary>
        public void On(CandidateKind kind, Action<NodeContext> action)
        {
            var guarded = RuleFailures.Guard(CurrentRule, action);
            _unnamed[kind] = _unnamed.TryGetValue(kind, out var existing) ? existing.Add(guarded) : ImmutableArray.Create(guarded);
        }

        public CandidateScanner CreateScanner() => new CandidateScanner(
            _byName,
            _unnamed,
            _assignedStringPrefixes.Where(entry => entry.Value is not null).ToDictionary(entry => entry.Key, entry => entry.Value!, StringComparer.Ordinal));
    }
}
