using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

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
