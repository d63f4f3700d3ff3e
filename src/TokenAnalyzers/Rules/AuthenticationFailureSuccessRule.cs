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
    /// TA404: <c>context.Success()</c> or <c>context.Principal = ...</c> on the JwtBearer
    /// <c>AuthenticationFailedContext</c>. That context exists only for <c>JwtBearerEvents.OnAuthenticationFailed</c>
    /// (however the events are wired: initializer, assignment, method group, or an override of
    /// <c>AuthenticationFailed</c>), so matching the context's type covers every form without following delegates.
    /// </summary>
    internal sealed class AuthenticationFailureSuccessRule : TokenRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.AuthenticationFailureTurnedIntoSuccess,
            "Authentication failure is turned into success",
            "{0} in OnAuthenticationFailed authenticates a request whose token failed validation",
            "JwtBearerEvents.OnAuthenticationFailed runs after the token failed validation. Calling context.Success() or setting context.Principal there makes JwtBearerHandler return success for a forged, expired or foreign token. Log, add headers, or call context.Fail/NoResult instead.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.Invocation, new[] { "Success" }, nodeContext =>
            {
                if (symbols.AuthenticationFailedContext is { } failedContext)
                {
                    AnalyzeSuccess(nodeContext, (InvocationExpressionSyntax)nodeContext.Node, failedContext);
                }
            });
            start.OnAssignment(new[] { "Principal" }, ValueFilter.Any, nodeContext =>
            {
                if (symbols.AuthenticationFailedContext is { } failedContext)
                {
                    AnalyzePrincipal(nodeContext, (AssignmentExpressionSyntax)nodeContext.Node, failedContext);
                }
            });
        }

        private static void AnalyzeSuccess(NodeContext context, InvocationExpressionSyntax syntax, INamedTypeSymbol failedContext)
        {
            if (context.SemanticModel.GetOperation(syntax, context.CancellationToken) is IInvocationOperation { TargetMethod.Name: "Success", Arguments.Length: 0 } invocation &&
                IsFailedContext(invocation.Instance, failedContext))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, Extent(syntax).GetLocation(), "context.Success()"));
            }
        }

        private static void AnalyzePrincipal(NodeContext context, AssignmentExpressionSyntax syntax, INamedTypeSymbol failedContext)
        {
            if (syntax.Right.IsKind(SyntaxKind.NullLiteralExpression))
            {
                return; // clearing the principal authenticates nobody
            }

            if (context.SemanticModel.GetOperation(syntax, context.CancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Principal" } property } &&
                IsFailedContext(property.Instance, failedContext))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, Extent(syntax).GetLocation(), "Setting context.Principal"));
            }
        }

        /// <summary>The whole expression as written: <c>context?.Success()</c> and <c>context?.Principal = p</c> (C# 14) include the conditional access.</summary>
        private static ExpressionSyntax Extent(ExpressionSyntax expression)
        {
            var current = expression;
            while (current.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == current)
            {
                current = access;
            }

            return current;
        }

        private static bool IsFailedContext(IOperation? instance, INamedTypeSymbol failedContext) =>
            instance is not null && instance.Type.InheritsFromOrEquals(failedContext);
    }
}
