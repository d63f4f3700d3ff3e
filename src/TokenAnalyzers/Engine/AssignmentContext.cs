using System.Linq;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Model;

namespace TokenAnalyzers.Engine
{
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

        /// <summary>
        /// The assignment is development-only code, or its value is false in development only
        /// (<c>env.IsDevelopment() ? false : true</c>, which RULES.md treats like an assignment inside the test).
        /// </summary>
        public bool IsDevelopmentOnly() =>
            DevelopmentOnly.Contains(Assignment.Syntax, NodeContext.SemanticModel, Symbols, CancellationToken) ||
            DevelopmentOnly.IsFalseOnlyInDevelopment(Assignment.Value, Symbols.Compilation, CancellationToken);

        /// <summary>Reports on the whole assignment (<c>X = v</c>), the location RULES.md names for assignment rules.</summary>
        public void Report(DiagnosticDescriptor descriptor, params object?[] messageArgs) =>
            NodeContext.ReportDiagnostic(Diagnostic.Create(descriptor, Assignment.Extent.GetLocation(), messageArgs));

        public void Report(DiagnosticDescriptor descriptor, ImmutableDictionary<string, string?> properties, params object?[] messageArgs) =>
            NodeContext.ReportDiagnostic(Diagnostic.Create(descriptor, Assignment.Extent.GetLocation(), properties, messageArgs));

        /// <summary>As above, with the nodes a code fix needs as additional locations (see <see cref="FixProperties"/>).</summary>
        public void Report(DiagnosticDescriptor descriptor, IEnumerable<SyntaxNode> fixNodes, ImmutableDictionary<string, string?> properties, params object?[] messageArgs) =>
            NodeContext.ReportDiagnostic(Diagnostic.Create(descriptor, Assignment.Extent.GetLocation(), fixNodes.Select(node => node.GetLocation()), properties, messageArgs));
    }
}
