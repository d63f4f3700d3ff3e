using System.Collections.Generic;
using System.Collections.Immutable;
using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// Base of the rules that judge an assignment to a property of a parameters or options object. It is handed only
    /// assignments to the names it lists (<see cref="CandidateScanner"/>), and binds one only when the assigned value
    /// may be reported (<see cref="MayReport"/>): no operation trees for ordinary code.
    /// </summary>
    internal abstract class PropertyAssignmentRule : TokenRule
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
}
