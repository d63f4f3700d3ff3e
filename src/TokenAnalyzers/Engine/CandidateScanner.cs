using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// Finds, in one file, the nodes the rules registered for, by reading the text instead of walking the tree: every
    /// registered node has its name right before a <c>=</c> (assignment) or a <c>(</c> (invocation, object creation,
    /// <c>new(</c>). Each hit is confirmed on the syntax tree (the token
    /// at that position must be that identifier, and its node must have the registered shape), so names in
    /// comments, strings or disabled code are dropped. When the text before an anchor is not a plain identifier on
    /// the same line (a comment, a line break, a <c>\u</c> escape), the previous token is asked instead.
    /// Ordinary files cost one vectorized search for two characters and, per anchor, a check of the last two
    /// characters of the word before it (most words stop there) or a table lookup; no node is created and nothing is
    /// bound unless a registered name is present.
    /// The hot methods ask the JIT for optimized code on first call: a build runs the analyzer once per file, so
    /// tiered compilation would otherwise run most of the files of a one-off build through unoptimized code.
    /// </summary>
    internal sealed class CandidateScanner
    {
        private static readonly char[] Anchors = { '=', '(' };

        private readonly Dictionary<string, Action<NodeContext>[]> _assignments;
        private readonly Dictionary<string, Action<NodeContext>[]> _invocations;
        private readonly Dictionary<string, Action<NodeContext>[]> _creations;
        private readonly Action<NodeContext>[] _targetTypedCreations;
        private readonly Dictionary<string, Action<NodeContext>[]> _namedTargetTypedCreations;
        private readonly Action<NodeContext>[] _allNamedTargetTypedCreations;
        private readonly NameTable _assignmentNames;
        private readonly NameTable _callNames;
        private readonly Func<string, string, int, bool> _mayBeReportedValue;
        private readonly Func<string, string, int, bool> _mayBeReportedCall;
        private readonly HashSet<string>? _aliasableNames;

        public CandidateScanner(
            Dictionary<string, Action<NodeContext>[]>?[] byName,
            Action<NodeContext>[]?[] unnamed,
            IReadOnlyDictionary<string, string[]> assignedStringPrefixes)
        {
            _assignments = Named(byName, CandidateKind.Assignment);
            _invocations = Named(byName, CandidateKind.Invocation);
            _creations = Named(byName, CandidateKind.ObjectCreation);
            _targetTypedCreations = unnamed[(int)CandidateKind.TargetTypedCreation] ?? Array.Empty<Action<NodeContext>>();
            _namedTargetTypedCreations = Named(byName, CandidateKind.TargetTypedCreation);
            _allNamedTargetTypedCreations = Distinct(_namedTargetTypedCreations.Values);
            // `new(` with any number of arguments once a rule asks for a target-typed creation by its declared type;
            // `new()` never carries a value a rule judges.
            _mayBeReportedCall = _namedTargetTypedCreations.Count > 0
                ? (name, text, anchor) => name != "new" || HasArgumentText(text, anchor)
                : (name, text, anchor) => name != "new" || MayHaveOneArgument(text, anchor);

            _assignmentNames = new NameTable(_assignments.Keys);
            _mayBeReportedValue = (name, text, anchor) =>
                !assignedStringPrefixes.TryGetValue(name, out var prefixes) || ValueText.MayBeStringStartingWith(text, anchor + 1, prefixes);
            var callNames = new List<string>(_invocations.Keys);
            callNames.AddRange(_creations.Keys);
            if (_targetTypedCreations.Length > 0 || _namedTargetTypedCreations.Count > 0)
            {
                callNames.Add("new");
            }

            _callNames = new NameTable(callNames);
            var aliasable = new HashSet<string>(_creations.Keys, StringComparer.Ordinal);
            aliasable.UnionWith(_namedTargetTypedCreations.Keys);
            _aliasableNames = aliasable.Count > 0 ? aliasable : null;
        }

        [MethodImpl(JitHints.FullyOptimized)]
        public void Analyze(SemanticModelAnalysisContext context)
        {
            var model = context.SemanticModel;
            var tree = model.SyntaxTree;
            var cancellationToken = context.CancellationToken;
            cancellationToken.ThrowIfCancellationRequested(); // and before each rule runs: per anchor, the check cost a third of the scan
            var text = tree.GetText(cancellationToken).ToString();
            var file = new SourceFile(tree, text, cancellationToken);
            Action<Diagnostic>? report = null;
            SyntaxNode? checkedMember = null;
            var memberTooDeep = false;
            FileAliases? aliases = null;

            void Run(Action<NodeContext>[] actions, SyntaxNode node)
            {
                cancellationToken.ThrowIfCancellationRequested();
                report ??= context.ReportDiagnostic;
                var member = SyntaxScopes.MemberScope(node);
                if (member != checkedMember)
                {
                    checkedMember = member;
                    var depth = OperationTrees.DepthBeyondLimit(member);
                    memberTooDeep = depth > 0;
                    if (memberTooDeep)
                    {
                        report(RuleFailures.TooDeep(depth, node.GetLocation()));
                    }
                }

                if (memberTooDeep)
                {
                    return;
                }

                var nodeContext = new NodeContext(node, model, context.Options, report, cancellationToken);
                foreach (var action in actions)
                {
                    action(nodeContext);
                }
            }

            for (var anchor = text.IndexOfAny(Anchors); anchor >= 0; anchor = text.IndexOfAny(Anchors, anchor + 1))
            {
                if (text[anchor] == '=')
                {
                    var operatorStart = AssignmentOperatorStart(text, anchor);
                    if (operatorStart < 0)
                    {
                        continue;
                    }

                    if (ClosesTuple(text, operatorStart))
                    {
                        if (file.TokenAt(operatorStart) is { Parent: AssignmentExpressionSyntax { Left: TupleExpressionSyntax } deconstruction } &&
                            DeconstructionActions(deconstruction) is { Length: > 0 } deconstructionActions)
                        {
                            Run(deconstructionActions, deconstruction);
                        }

                        continue;
                    }

                    if (!file.TryGetNameBefore(operatorStart, _assignmentNames, operatorStart == anchor ? _mayBeReportedValue : AnyValue, out var name, out var identifier))
                    {
                        if (operatorStart == anchor && _aliasableNames is not null && FileAliases.NameBeforeIfUsingAlias(text, anchor) is var aliasStart and >= 0 &&
                            file.TokenAt(aliasStart) is { Parent.Parent: NameEqualsSyntax { Parent: UsingDirectiveSyntax directive } } &&
                            SyntaxNames.TypeName(directive.Name) is { } aliased && _aliasableNames.Contains(aliased))
                        {
                            (aliases ??= new FileAliases()).Add(directive.Alias!.Name.Identifier.ValueText, aliased);
                        }

                        continue;
                    }

                    if (!_assignments.TryGetValue(name, out var actions) || AssignmentOf(identifier) is not { } assignment)
                    {
                        continue;
                    }

                    Run(actions, assignment);
                }
                else if (file.TryGetNameBefore(anchor, _callNames, _mayBeReportedCall, out var name, out var identifier) ||
                         (aliases is not null && file.TryGetNameBefore(anchor, aliases.Names, AnyValue, out var alias, out identifier) && aliases.TryGetType(alias, out name)))
                {
                    if (_invocations.TryGetValue(name, out var actions) && InvocationOf(identifier) is { } invocation)
                    {
                        Run(actions, invocation);
                    }

                    if (_creations.TryGetValue(name, out actions) && ObjectCreationOf(identifier) is { } creation)
                    {
                        Run(actions, creation);
                    }

                    if (identifier.IsKind(SyntaxKind.NewKeyword) && identifier.Parent is ImplicitObjectCreationExpressionSyntax targetTyped)
                    {
                        if (_targetTypedCreations.Length > 0 && targetTyped.ArgumentList.Arguments.Count == 1)
                        {
                            Run(_targetTypedCreations, targetTyped);
                        }

                        if (_namedTargetTypedCreations.Count > 0)
                        {
                            // The type the declaration spells; where only binding can tell (an assignment, an argument, a
                            // return), every rule that asked by name binds and checks the type itself.
                            var typeName = SyntaxNames.TargetTypeName(targetTyped);
                            if (typeName is not null && aliases is not null && aliases.TryGetType(typeName, out var aliased))
                            {
                                typeName = aliased;
                            }

                            if (typeName is null)
                            {
                                Run(_allNamedTargetTypedCreations, targetTyped);
                            }
                            else if (_namedTargetTypedCreations.TryGetValue(typeName, out var named))
                            {
                                Run(named, targetTyped);
                            }
                        }
                    }
                }
            }
        }

        private static readonly Func<string, string, int, bool> AnyValue = (_, _, _) => true;

        /// <summary>
        /// Where the assignment operator ending at the <c>=</c> at <paramref name="anchor"/> starts: <c>=</c> itself,
        /// or a compound operator (<c>??=</c>, <c>&amp;=</c>, <c>|=</c>, <c>+=</c>, ...; RULES.md counts them as
        /// assignments); -1 for <c>==</c>, <c>=&gt;</c>, <c>!=</c>, <c>&lt;=</c>, <c>&gt;=</c> and shifts.
        /// </summary>
        [MethodImpl(JitHints.FullyOptimized)]
        private static int AssignmentOperatorStart(string text, int anchor)
        {
            if (anchor + 1 < text.Length && text[anchor + 1] is '=' or '>')
            {
                return -1;
            }

            if (anchor == 0 || (anchor >= 2 && text[anchor - 1] == '/' && text[anchor - 2] == '*'))
            {
                return anchor; // `X /* c */= v`: the end of a comment, not `/=`
            }

            switch (text[anchor - 1])
            {
                case '=' or '!' or '<' or '>':
                    return -1;
                case '?':
                    return anchor >= 2 && text[anchor - 2] == '?' ? anchor - 2 : -1;
                case '+' or '-' or '*' or '/' or '%' or '&' or '|' or '^':
                    return anchor - 1;
                default:
                    return anchor;
            }
        }

        /// <summary>A <c>)</c> right before the operator (spaces aside): perhaps a deconstruction <c>(a.X, a.Y) = ...</c>.</summary>
        private static bool ClosesTuple(string text, int operatorStart)
        {
            var end = operatorStart - 1;
            while (end >= 0 && text[end] is ' ' or '\t' or '\r' or '\n')
            {
                end--;
            }

            return end >= 0 && text[end] == ')' && text[operatorStart] == '=';
        }

        /// <summary>The actions registered for any member name assigned in the tuple of a deconstruction, each once.</summary>
        private Action<NodeContext>[] DeconstructionActions(AssignmentExpressionSyntax deconstruction)
        {
            var actions = new List<Action<NodeContext>>();
            foreach (var node in deconstruction.Left.DescendantNodes(node => node is TupleExpressionSyntax or ArgumentSyntax))
            {
                if (node is ArgumentSyntax { Expression: var element } &&
                    element switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        _ => null,
                    } is { } name &&
                    _assignments.TryGetValue(name, out var registered))
                {
                    foreach (var action in registered)
                    {
                        if (!actions.Contains(action))
                        {
                            actions.Add(action);
                        }
                    }
                }
            }

            return actions.ToArray();
        }

        /// <summary>Something other than white space between <c>new(</c> and the next character: not <c>new()</c>.</summary>
        private static bool HasArgumentText(string text, int openParenthesis)
        {
            for (var i = openParenthesis + 1; i < text.Length; i++)
            {
                if (text[i] is not (' ' or '\t' or '\r' or '\n'))
                {
                    return text[i] != ')';
                }
            }

            return false;
        }

        /// <summary>
        /// False when the text alone proves that <c>new(...)</c> has no argument or more than one (<c>new()</c>,
        /// <c>new(a, b)</c>, <c>new("", 0)</c>): <see cref="CandidateKind.TargetTypedCreation"/> is for one argument,
        /// and the tree need not be asked. True ("ask the tree") as soon as the text could hide a comma or a
        /// parenthesis: comments, character literals, verbatim, interpolated and raw strings, <c>&lt;</c> (generic
        /// arguments), directives.
        /// </summary>
        [MethodImpl(JitHints.FullyOptimized)]
        private static bool MayHaveOneArgument(string text, int openParenthesis)
        {
            var depth = 0;
            var sawArgument = false;
            for (var i = openParenthesis + 1; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case ' ' or '\t' or '\r' or '\n':
                        continue;
                    case '(' or '[' or '{':
                        depth++;
                        break;
                    case ')' or ']' or '}':
                        if (depth == 0)
                        {
                            return sawArgument;
                        }

                        depth--;
                        break;
                    case ',' when depth == 0:
                        return false;
                    case '"':
                        if (!TrySkipRegularString(text, ref i))
                        {
                            return true;
                        }

                        break;
                    case '\'' or '/' or '<' or '@' or '$' or '#' or '\\':
                        return true;
                }

                sawArgument = true;
            }

            return true;
        }

        /// <summary>Moves <paramref name="i"/> from the opening quote of a one-line regular string to its closing quote; false for any other string.</summary>
        private static bool TrySkipRegularString(string text, ref int i)
        {
            if (i + 2 < text.Length && text[i + 1] == '"' && text[i + 2] == '"')
            {
                return false; // a raw string literal
            }

            for (var j = i + 1; j < text.Length; j++)
            {
                switch (text[j])
                {
                    case '"':
                        i = j;
                        return true;
                    case '\\':
                        j++;
                        break;
                    case '\r' or '\n':
                        return false;
                }
            }

            return false;
        }

        private static bool IsIdentifierPart(char c) =>
            c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' : char.IsLetterOrDigit(c);

        /// <summary>The assignment (simple or compound) whose target's member name is <paramref name="identifier"/>: <c>x.N = v</c>, <c>N = v</c>, <c>x?.N = v</c>, <c>x.N ??= v</c>.</summary>
        private static AssignmentExpressionSyntax? AssignmentOf(SyntaxToken identifier) =>
            identifier.Parent is SimpleNameSyntax name && MemberOf(name) is var target &&
            target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target
                ? assignment
                : null;

        /// <summary>The invocation whose invoked member is <paramref name="identifier"/>: <c>x.N()</c>, <c>N()</c>, <c>x?.N()</c>.</summary>
        private static InvocationExpressionSyntax? InvocationOf(SyntaxToken identifier) =>
            identifier.Parent is SimpleNameSyntax name && MemberOf(name) is var target &&
            target.Parent is InvocationExpressionSyntax invocation && invocation.Expression == target
                ? invocation
                : null;

        /// <summary>The creation whose type's rightmost name is <paramref name="identifier"/>: <c>new N()</c>, <c>new Ns.N()</c>, <c>new global::Ns.N()</c>.</summary>
        private static ObjectCreationExpressionSyntax? ObjectCreationOf(SyntaxToken identifier)
        {
            if (identifier.Parent is not SimpleNameSyntax name)
            {
                return null;
            }

            SyntaxNode type = name;
            while ((type.Parent is QualifiedNameSyntax qualified && qualified.Right == type) ||
                   (type.Parent is AliasQualifiedNameSyntax alias && alias.Name == type))
            {
                type = type.Parent;
            }

            return type.Parent is ObjectCreationExpressionSyntax creation && creation.Type == type ? creation : null;
        }

        private static ExpressionSyntax MemberOf(SimpleNameSyntax name) => name.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Name == name => access,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };

        /// <summary>
        /// The using aliases of one file that name a registered type (<c>using Manager = ConfigurationManager&lt;T&gt;;</c>,
        /// at file or namespace level, <c>global</c> or not): a creation spelled with the alias is that type's. Seen by
        /// the scan on their <c>=</c>, which comes before any code they apply to. An alias declared in another file
        /// (<c>global using</c> there) is not seen.
        /// </summary>
        private sealed class FileAliases
        {
            private readonly Dictionary<string, string> _types = new Dictionary<string, string>(StringComparer.Ordinal);

            public NameTable Names { get; private set; } = new NameTable(Array.Empty<string>());

            public void Add(string alias, string type)
            {
                _types[alias] = type;
                Names = new NameTable(_types.Keys);
            }

            public bool TryGetType(string alias, out string type) => _types.TryGetValue(alias, out type!);

            /// <summary>
            /// Where the word before the <c>=</c> at <paramref name="anchor"/> starts when the word before it is
            /// <c>using</c> (<c>using Name =</c>, by the text alone; the caller confirms on the tree); otherwise -1.
            /// Most <c>=</c> signs are ruled out at the character before their word.
            /// </summary>
            [MethodImpl(JitHints.FullyOptimized)]
            public static int NameBeforeIfUsingAlias(string text, int anchor)
            {
                var i = anchor - 1;
                while (i >= 0 && text[i] is ' ' or '\t' or '\r' or '\n')
                {
                    i--;
                }

                var end = i;
                while (i >= 0 && IsIdentifierPart(text[i]))
                {
                    i--;
                }

                var start = i + 1;
                if (start > end || i < 0 || text[i] is not (' ' or '\t' or '\r' or '\n'))
                {
                    return -1;
                }

                while (i >= 0 && text[i] is ' ' or '\t' or '\r' or '\n')
                {
                    i--;
                }

                return i >= 4 && text[i] == 'g' && string.CompareOrdinal(text, i - 4, "using", 0, 5) == 0 && (i == 4 || !IsIdentifierPart(text[i - 5]))
                    ? start
                    : -1;
            }
        }

        /// <summary>One file's text and, created on first need, its syntax root.</summary>
        private struct SourceFile
        {
            private readonly SyntaxTree _tree;
            private readonly string _text;
            private readonly System.Threading.CancellationToken _cancellationToken;
            private SyntaxNode? _root;

            public SourceFile(SyntaxTree tree, string text, System.Threading.CancellationToken cancellationToken)
            {
                _tree = tree;
                _text = text;
                _cancellationToken = cancellationToken;
                _root = null;
            }

            public SyntaxToken? TokenAt(int position)
            {
                _root ??= _tree.GetRoot(_cancellationToken);
                var token = _root.FindToken(position);
                return token.SpanStart == position ? token : null;
            }

            /// <summary>
            /// The identifier (or keyword) right before <paramref name="anchor"/> when it is one of
            /// <paramref name="names"/>, confirmed as a real token of the tree. When the name is read from the text,
            /// <paramref name="textMayMatch"/> (name, text, anchor) is asked before the tree: false drops the hit.
            /// </summary>
            [MethodImpl(JitHints.FullyOptimized)]
            public bool TryGetNameBefore(int anchor, NameTable names, Func<string, string, int, bool> textMayMatch, out string name, out SyntaxToken identifier)
            {
                name = null!;
                identifier = default;
                var text = _text;
                var end = anchor - 1;
                var crossedLine = false;
                while (end >= 0 && text[end] is ' ' or '\t' or '\r' or '\n' or '\f' or '\v')
                {
                    crossedLine |= text[end] is '\r' or '\n';
                    end--;
                }

                if (end < 0)
                {
                    return false;
                }

                if (text[end] == '>' && !TrySkipTypeArguments(text, ref end))
                {
                    return false;
                }

                if (!IsIdentifierPart(text[end]))
                {
                    // A comment between the name and the anchor: ask the tree.
                    return text[end] == '/' && TryGetPreviousToken(anchor, names, out name, out identifier);
                }

                if (!crossedLine && !names.MayEndWith(text, end) && !MayEndInEscape(text, end))
                {
                    return false; // most words: their last two characters end no registered name
                }

                var start = end;
                while (start > 0 && IsIdentifierPart(text[start - 1]))
                {
                    start--;
                }

                if (crossedLine || (start > 0 && text[start - 1] == '\\'))
                {
                    // The word may end a comment on the line above, or be spelled with a \u escape: ask the tree.
                    return TryGetPreviousToken(anchor, names, out name, out identifier);
                }

                if (names.Find(text, start, end - start + 1) is not { } found ||
                    !textMayMatch(found, text, anchor))
                {
                    return false; // e.g. `new()`, `new(a, b)`, `customer.Authority = "https://..."`: decided before the tree is asked
                }

                var tokenStart = start > 0 && text[start - 1] == '@' ? start - 1 : start;
                if (TokenAt(tokenStart) is not { } token)
                {
                    return false; // in a comment, a string or disabled code
                }

                name = found;
                identifier = token;
                return true;
            }

            /// <summary>
            /// A generic call, <c>Decode&lt;Dictionary&lt;string, object&gt;&gt;(token)</c>: moves <paramref name="end"/> from the
            /// closing <c>&gt;</c> to the last character before the matching <c>&lt;</c> (whitespace skipped), by text
            /// alone. False for what cannot be type arguments: <c>=&gt; (</c>, <c>-&gt;</c>, a statement or block boundary,
            /// an unbalanced or very long span.
            /// </summary>
            [MethodImpl(JitHints.FullyOptimized)]
            private static bool TrySkipTypeArguments(string text, ref int end)
            {
                const int MaxLength = 256;
                if (end > 0 && text[end - 1] is '=' or '-')
                {
                    return false; // `=> (`, `->`
                }

                var depth = 0;
                for (var i = end; i >= 0 && end - i < MaxLength; i--)
                {
                    switch (text[i])
                    {
                        case '>':
                            depth++;
                            break;
                        case '<':
                            if (--depth == 0)
                            {
                                var before = i - 1;
                                while (before >= 0 && text[before] is ' ' or '\t' or '\r' or '\n')
                                {
                                    before--;
                                }

                                if (before < 0 || !IsIdentifierPart(text[before]))
                                {
                                    return false;
                                }

                                end = before;
                                return true;
                            }

                            break;
                        case ';' or '{' or '}' or '=' or '"':
                            return false;
                    }
                }

                return false;
            }

            /// <summary>Whether the word ending at <paramref name="end"/> may spell its last or next-to-last character with a <c>\u</c> or <c>\U</c> escape.</summary>
            private static bool MayEndInEscape(string text, int end) =>
                IsBackslash(text, end - 5) || IsBackslash(text, end - 6) || IsBackslash(text, end - 9) || IsBackslash(text, end - 10);

            private static bool IsBackslash(string text, int index) => index >= 0 && text[index] == '\\';

            private bool TryGetPreviousToken(int anchor, NameTable names, out string name, out SyntaxToken identifier)
            {
                name = null!;
                identifier = default;
                if (TokenAt(anchor) is not { } anchorToken)
                {
                    return false;
                }

                var previous = anchorToken.GetPreviousToken();
                if (names.Find(previous.ValueText, 0, previous.ValueText.Length) is not { } found)
                {
                    return false;
                }

                name = found;
                identifier = previous;
                return true;
            }
        }

        /// <summary>
        /// The registered names, grouped by length: a lookup compares a slice of the text without allocating. The set
        /// of their last two characters rejects most other words before their start is found.
        /// </summary>
        internal sealed class NameTable
        {
            private readonly string[][] _byLength;
            private readonly Endings _endings = new Endings();

            public NameTable(IEnumerable<string> names)
            {
                var groups = new Dictionary<int, List<string>>();
                var longest = 0;
                foreach (var name in names)
                {
                    _endings.Add(name);
                    if (!groups.TryGetValue(name.Length, out var group))
                    {
                        groups.Add(name.Length, group = new List<string>());
                    }

                    if (!group.Contains(name))
                    {
                        group.Add(name);
                    }

                    longest = Math.Max(longest, name.Length);
                }

                _byLength = new string[longest + 1][];
                foreach (var group in groups)
                {
                    _byLength[group.Key] = group.Value.ToArray();
                }
            }

            /// <summary>False when the word ending at <paramref name="end"/> cannot be a registered name, judged from its last two characters (written without escapes).</summary>
            [MethodImpl(JitHints.FullyOptimized)]
            public bool MayEndWith(string text, int end) =>
                _endings.Contains(end > 0 && IsIdentifierPart(text[end - 1]) ? text[end - 1] : ' ', text[end]);

            [MethodImpl(JitHints.FullyOptimized)]
            public string? Find(string text, int start, int length)
            {
                if (length >= _byLength.Length || _byLength[length] is not { } candidates)
                {
                    return null;
                }

                foreach (var candidate in candidates)
                {
                    if (candidate[0] == text[start] && string.CompareOrdinal(text, start, candidate, 0, length) == 0)
                    {
                        return candidate;
                    }
                }

                return null;
            }
        }

        /// <summary>
        /// A set of two-character word endings, one bit per pair of ASCII characters (a space stands for "the word has
        /// one character"); a pair with a character from 128 up always counts as a member.
        /// </summary>
        private sealed class Endings
        {
            private readonly ulong[] _bits = new ulong[128 * 128 / 64];

            public void Add(string name)
            {
                var previous = name.Length > 1 ? name[name.Length - 2] : ' ';
                var last = name[name.Length - 1];
                if (previous < 128 && last < 128)
                {
                    var index = (previous << 7) | last;
                    _bits[index >> 6] |= 1UL << (index & 63);
                }
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public bool Contains(char previous, char last)
            {
                if ((previous | last) >= 128)
                {
                    return true;
                }

                var index = (previous << 7) | last;
                return (_bits[index >> 6] & (1UL << (index & 63))) != 0;
            }
        }

        /// <summary>Every action of <paramref name="byName"/>, each once (an action registered for several names).</summary>
        private static Action<NodeContext>[] Distinct(IEnumerable<Action<NodeContext>[]> byName)
        {
            var all = new List<Action<NodeContext>>();
            foreach (var actions in byName)
            {
                foreach (var action in actions)
                {
                    if (!all.Contains(action))
                    {
                        all.Add(action);
                    }
                }
            }

            return all.ToArray();
        }

        /// <summary>The actions of <paramref name="kind"/> by name, indexed by (int)<see cref="CandidateKind"/>.</summary>
        private static Dictionary<string, Action<NodeContext>[]> Named(
            Dictionary<string, Action<NodeContext>[]>?[] byName, CandidateKind kind) =>
            byName[(int)kind] ?? new Dictionary<string, Action<NodeContext>[]>();
    }
}
