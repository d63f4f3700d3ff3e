using System.Threading;
using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Engine
{
    /// <summary>The node a rule registered for, with what it needs to analyse it and report.</summary>
    internal readonly struct NodeContext
    {
        private readonly Action<Diagnostic> _report;

        public NodeContext(SyntaxNode node, SemanticModel semanticModel, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            Node = node;
            SemanticModel = semanticModel;
            Options = options;
            _report = report;
            CancellationToken = cancellationToken;
        }

        public SyntaxNode Node { get; }
        public SemanticModel SemanticModel { get; }
        public AnalyzerOptions Options { get; }
        public CancellationToken CancellationToken { get; }

        public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
    }
}
