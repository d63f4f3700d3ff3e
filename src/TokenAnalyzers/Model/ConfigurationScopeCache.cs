using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>Configuration scopes of one compilation, built once each and shared by the callbacks that need them.</summary>
    internal sealed class ConfigurationScopeCache
    {
        private readonly ConcurrentDictionary<SyntaxNode, ConfigurationScope> _scopes = new ConcurrentDictionary<SyntaxNode, ConfigurationScope>();
        private readonly TokenSymbols _symbols;

        public ConfigurationScopeCache(TokenSymbols symbols) => _symbols = symbols;

        public ConfigurationScope For(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            var scope = SyntaxScopes.MemberScope(node);
            return _scopes.GetOrAdd(scope, s => ConfigurationScope.Build(s, model, _symbols, cancellationToken));
        }
    }
}
