using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TokenAnalyzers.Internal
{
    /// <summary>
    /// Base of the rules that judge an assignment to a property of a parameters or options object. It is handed only
    /// assignments to the names it lists (<see cref="CandidateScanner"/>), and binds one only when the assigned value
    /// may be reported (<see cref="MayReport"/>): no operation trees for ordinary code.
    /// </summary>
    public abstract class PropertyAssignmentAnalyzer : TokenRule
    {
        private protected abstract ImmutableHashSet<string> PropertyNames { get; }

        private protected abstract void AnalyzeAssignment(AssignmentContext context);

        /// <summary>
        /// A syntactic pre-filter on the assigned value, asked after the name matched and before anything is bound
        /// (binding is what costs: the first semantic question about a member binds its whole body). Return false only
        /// when the syntax alone proves the rule cannot report this value (see <see cref="ValueSyntax"/>).
        /// </summary>
        private protected virtual bool MayReport(string propertyName, ExpressionSyntax value) => true;

        /// <summary>
        /// For a property whose reported values are strings with a known start (an http:// URL, an Entra host), those
        /// starts; null for any value. A string literal that starts otherwise is dropped from the file's text, before
        /// the tree is asked; other values are checked on the syntax (<see cref="ValueSyntax.MayBeStringStartingWith"/>).
        /// </summary>
        private protected virtual string[]? ReportedStringPrefixes(string propertyName) => null;

        private protected sealed override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            var scopes = symbols.Scopes;
            start.OnNamed(CandidateKind.Assignment, PropertyNames, nodeContext =>
            {
                var syntax = (AssignmentExpressionSyntax)nodeContext.Node;
                if (PropertyAssignment.AssignedName(syntax) is not { } name || !MayReport(name, syntax.Right) ||
                    (ReportedStringPrefixes(name) is { } prefixes && !ValueSyntax.MayBeStringStartingWith(syntax.Right, prefixes)))
                {
                    return;
                }

                var assignment = PropertyAssignment.TryCreate(syntax, nodeContext.SemanticModel, symbols, nodeContext.CancellationToken);
                if (assignment is not null)
                {
                    AnalyzeAssignment(new AssignmentContext(nodeContext, assignment, symbols, scopes));
                }
            }, ReportedStringPrefixes);
        }
    }

    internal readonly struct AssignmentContext
    {
        private readonly ConfigurationScopeCache _scopes;

        public AssignmentContext(NodeContext nodeContext, PropertyAssignment assignment, TokenSymbols symbols, ConfigurationScopeCache scopes)
        {
            NodeContext = nodeContext;
            Assignment = assignment;
            Symbols = symbols;
            _scopes = scopes;
        }

        public NodeContext NodeContext { get; }
        public PropertyAssignment Assignment { get; }
        public TokenSymbols Symbols { get; }
        public System.Threading.CancellationToken CancellationToken => NodeContext.CancellationToken;

        /// <summary>Every configuration assignment in the same member (built once per member, on demand).</summary>
        public ConfigurationScope Scope => _scopes.For(Assignment.Syntax, NodeContext.SemanticModel, CancellationToken);

        public bool IsConstantFalse(Microsoft.CodeAnalysis.IOperation? value) =>
            ConstantValues.IsConstantFalse(value, Symbols.Compilation, CancellationToken);

        public bool IsDevelopmentOnly() =>
            DevelopmentOnly.Contains(Assignment.Syntax, NodeContext.SemanticModel, Symbols, CancellationToken);

        /// <summary>Reports on the whole assignment (<c>X = v</c>), the location RULES.md names for assignment rules.</summary>
        public void Report(DiagnosticDescriptor descriptor, params object?[] messageArgs) =>
            NodeContext.ReportDiagnostic(Diagnostic.Create(descriptor, Assignment.Extent.GetLocation(), messageArgs));

        public void Report(DiagnosticDescriptor descriptor, ImmutableDictionary<string, string?> properties, params object?[] messageArgs) =>
            NodeContext.ReportDiagnostic(Diagnostic.Create(descriptor, Assignment.Extent.GetLocation(), properties, messageArgs));
    }

    /// <summary>
    /// In a release build an unexpected exception in one callback costs that one finding, not the user's build
    /// (AD0001). Debug builds, which the tests use, let it through so the tests fail on it.
    /// </summary>
    internal static class SafeAnalysis
    {
        /// <summary>
        /// The guarded form of a callback, made once at registration: unlike <see cref="Run"/> from inside a callback,
        /// it allocates nothing per call.
        /// </summary>
        public static Action<T> Guard<T>(Action<T> action)
        {
#if DEBUG
            return action;
#else
            return context =>
            {
                try
                {
                    action(context);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                }
            };
#endif
        }

        public static void Run(Action action)
        {
#if DEBUG
            action();
#else
            try
            {
                action();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
            }
#endif
        }
    }
}
