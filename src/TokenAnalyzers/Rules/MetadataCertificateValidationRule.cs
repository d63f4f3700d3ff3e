using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA108: the metadata channel accepts any TLS certificate. An accept-all certificate callback
    /// (<c>ServerCertificateCustomValidationCallback</c> of an <c>HttpClientHandler</c>, or
    /// <c>SslOptions.RemoteCertificateValidationCallback</c> of a <c>SocketsHttpHandler</c>) on a handler that reaches
    /// the metadata channel (<see cref="MetadataChannel"/>). Development-only code is skipped unless
    /// token_analyzers.report_development_only is true; handlers that never reach the channel are a general TLS
    /// rule's business.
    /// </summary>
    internal sealed class MetadataCertificateValidationRule : TokenRule
    {
        internal static readonly DiagnosticDescriptor MetadataWithoutCertificateValidation = Descriptors.Create(
            RuleIds.MetadataWithoutCertificateValidation,
            "Signing-key metadata is fetched without TLS certificate validation",
            "{0} accepts every TLS certificate on the channel that fetches the signing keys: anyone on the network path can serve their own keys and forge any token; remove the callback",
            "The metadata document and the signing keys decide which tokens are trusted. A certificate callback that accepts every certificate on the backchannel lets an on-path attacker impersonate the identity provider over https:// and hand out their own signing keys, while the configuration still looks secure. Remove the callback (trust the identity provider's certificate through the machine's trust store instead), or validate the certificate for real (SslPolicyErrors.None, a pinned thumbprint).");

        private static readonly string[] CallbackNames = { "ServerCertificateCustomValidationCallback", "RemoteCertificateValidationCallback" };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MetadataWithoutCertificateValidation);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            if (symbols.HttpClientHandler is null && symbols.SslClientAuthenticationOptions is null)
            {
                return;
            }

            if (symbols.JwtBearerOptions is null && symbols.OpenIdConnectOptions is null && symbols.ConfigurationManager is null && symbols.HttpDocumentRetriever is null)
            {
                return; // no metadata channel can exist in this compilation
            }

            start.OnAssignment(CallbackNames, ValueFilter.Any, context => Analyze(context, symbols));
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            var syntax = (AssignmentExpressionSyntax)context.Node;
            if (!syntax.IsKind(SyntaxKind.SimpleAssignmentExpression) || syntax.Right is LiteralExpressionSyntax)
            {
                return; // `= null` restores the default validation
            }

            if (OperationTrees.Get(context.SemanticModel, syntax, context.CancellationToken) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation callback } assignment ||
                !IsCertificateCallback(callback, symbols) ||
                !AcceptAllDelegates.IsAcceptAllCertificateCallback(assignment.Value, symbols, context.CancellationToken))
            {
                return;
            }

            var reportDevelopmentOnly = TokenAnalyzersOptions.ReportDevelopmentOnly(context.Options, syntax.SyntaxTree);
            var developmentOnly = DevelopmentOnly.Contains(syntax, context.SemanticModel, symbols, context.CancellationToken);
            if (developmentOnly && !reportDevelopmentOnly)
            {
                return;
            }

            if (callback.Instance is null ||
                !MetadataChannel.Reaches(callback.Instance, symbols, reportDevelopmentOnly, context.CancellationToken))
            {
                return;
            }

            // The fix removes the callback; in development-only code (reported on request only) it is not offered.
            var properties = developmentOnly
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveCertificateCallback, "true");
            context.ReportDiagnostic(Diagnostic.Create(
                MetadataWithoutCertificateValidation,
                PropertyAssignment.ExtentOf(syntax).GetLocation(),
                properties,
                callback.Property.Name));
        }

        private static bool IsCertificateCallback(IPropertyReferenceOperation callback, TokenSymbols symbols) => callback.Property.Name switch
        {
            "ServerCertificateCustomValidationCallback" => callback.Property.ContainingType.InheritsFromOrEquals(symbols.HttpClientHandler),
            "RemoteCertificateValidationCallback" => callback.Property.ContainingType.InheritsFromOrEquals(symbols.SslClientAuthenticationOptions),
            _ => false,
        };
    }
}
