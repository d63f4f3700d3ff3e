using System.Collections.Immutable;
using System.Linq;
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
    /// TA404: <c>context.Success()</c> or <c>context.Principal = ...</c> on the JwtBearer
    /// <c>AuthenticationFailedContext</c>. That context exists only for <c>JwtBearerEvents.OnAuthenticationFailed</c>
    /// (however the events are wired: initializer, assignment, method group, or an override of
    /// <c>AuthenticationFailed</c>), so matching the context's type covers every form without following delegates; a
    /// helper whose parameter has a base type (<c>ResultContext&lt;JwtBearerOptions&gt;</c>) is judged by what its call
    /// sites pass. In <c>OnMessageReceived</c> (<c>MessageReceivedContext</c>) the same is reported when the handler
    /// validates no token itself.
    /// </summary>
    internal sealed class AuthenticationFailureSuccessRule : TokenRule
    {
        private const string MessageReceivedContextName = "Microsoft.AspNetCore.Authentication.JwtBearer.MessageReceivedContext";

        /// <summary>How many references to a forwarding helper's name are looked at, at most, across the compilation.</summary>
        private const int MaxCallSites = 64;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(AuthenticationFailureTurnedIntoSuccess);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            if (symbols.AuthenticationFailedContext is not { } failedContext)
            {
                return;
            }

            var contexts = new Contexts(failedContext, start.Compilation.GetBestTypeByMetadataName(MessageReceivedContextName), symbols.Compilation);
            start.OnNamed(CandidateKind.Invocation, new[] { "Success" }, nodeContext =>
                AnalyzeSuccess(nodeContext, (InvocationExpressionSyntax)nodeContext.Node, contexts));
            start.OnAssignment(new[] { "Principal" }, ValueFilter.Any, nodeContext =>
                AnalyzePrincipal(nodeContext, (AssignmentExpressionSyntax)nodeContext.Node, contexts));
        }

        /// <summary>The two event contexts TA404 judges, and the compilation whose call sites a forwarding helper is checked at.</summary>
        private sealed class Contexts
        {
            public Contexts(INamedTypeSymbol failed, INamedTypeSymbol? messageReceived, Compilation compilation)
            {
                Failed = failed;
                MessageReceived = messageReceived;
                Compilation = compilation;
            }

            public INamedTypeSymbol Failed { get; }

            public INamedTypeSymbol? MessageReceived { get; }

            public Compilation Compilation { get; }
        }

        /// <summary>Which event the instance is the context of.</summary>
        private enum Event
        {
            None,
            AuthenticationFailed,
            MessageReceived,
        }

        private static void Report(NodeContext context, ExpressionSyntax syntax, IOperation? instance, Contexts contexts, string what)
        {
            switch (EventOf(instance, contexts, context.CancellationToken))
            {
                case Event.AuthenticationFailed:
                    context.ReportDiagnostic(Diagnostic.Create(AuthenticationFailureTurnedIntoSuccess, Extent(syntax).GetLocation(), FixProperties.RemoveAssignmentOffered, what));
                    break;
                case Event.MessageReceived when !ValidatesATokenItself(syntax, context.SemanticModel, context.CancellationToken):
                    var properties = AuthenticatesEveryRequest(syntax) ? FixProperties.RemoveAssignmentOffered : ImmutableDictionary<string, string?>.Empty;
                    context.ReportDiagnostic(Diagnostic.Create(AuthenticationSuccessInMessageReceived, Extent(syntax).GetLocation(), properties, what));
                    break;
            }
        }

        /// <summary>
        /// The event whose context <paramref name="instance"/> is: by its type (<c>AuthenticationFailedContext</c>,
        /// <c>MessageReceivedContext</c>, in any handler, override or typed helper), or, for a parameter of a base type
        /// (<c>ResultContext&lt;JwtBearerOptions&gt;</c>) of a helper, by what the helper's call sites in the compilation
        /// pass, or by the event a method group of the helper is converted to.
        /// </summary>
        private static Event EventOf(IOperation? instance, Contexts contexts, System.Threading.CancellationToken cancellationToken)
        {
            var type = instance?.Type;
            if (type is null)
            {
                return Event.None;
            }

            var direct = EventOfType(type, contexts);
            if (direct != Event.None)
            {
                return direct;
            }

            if (DelegateBody.Unwrap(instance) is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } &&
                type is INamedTypeSymbol named && contexts.Failed.InheritsFromOrEquals(named.OriginalDefinition))
            {
                return ForwardedEvent(parameter, contexts, cancellationToken);
            }

            return Event.None;
        }

        /// <summary>
        /// A helper such as <c>static void Accept(ResultContext&lt;JwtBearerOptions&gt; context) =&gt; context.Success();</c>:
        /// the event of the first call site (or method group) in the compilation that hands it a JwtBearer event context.
        /// </summary>
        private static Event ForwardedEvent(IParameterSymbol parameter, Contexts contexts, System.Threading.CancellationToken cancellationToken)
        {
            if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method ||
                method.DeclaringSyntaxReferences.IsEmpty)
            {
                return Event.None;
            }

            foreach (var site in CallSites.Of(method, contexts.Compilation, MaxCallSites, out _, cancellationToken))
            {
                var found = Event.None;
                switch (site)
                {
                    case IInvocationOperation invocation:
                        foreach (var argument in invocation.Arguments)
                        {
                            if (argument.Parameter?.Ordinal == parameter.Ordinal)
                            {
                                found = EventOfType(DelegateBody.Unwrap(argument.Value)?.Type, contexts);
                            }
                        }

                        break;
                    case IMethodReferenceOperation group when group.Parent is IDelegateCreationOperation { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } } &&
                                                              parameter.Ordinal < invoke.Parameters.Length:
                        found = EventOfType(invoke.Parameters[parameter.Ordinal].Type, contexts);
                        break;
                }

                if (found != Event.None)
                {
                    return found;
                }
            }

            return Event.None;
        }

        private static Event EventOfType(ITypeSymbol? type, Contexts contexts) =>
            type.InheritsFromOrEquals(contexts.Failed) ? Event.AuthenticationFailed
            : contexts.MessageReceived is not null && type.InheritsFromOrEquals(contexts.MessageReceived) ? Event.MessageReceived
            : Event.None;

        /// <summary>
        /// RULES.md "Code fixes must not lock users out", for TA404's fix in <c>OnMessageReceived</c>: the success runs
        /// on every run of its handler, so every request was authenticated and removing it hands them all to the
        /// bearer validation. Where a check decides (real code: a provider's own token, accepted after the provider's
        /// API answered), the handler is another way in for those callers, and removing the success would turn them
        /// all away: the fix is left to the reader. In <c>OnAuthenticationFailed</c> the fix is always offered: the
        /// token has already failed validation there.
        /// </summary>
        private static bool AuthenticatesEveryRequest(SyntaxNode syntax)
        {
            return HandlerOf(syntax) is { } function && SyntaxPaths.RunsOnEveryRun(syntax, function);
        }

        /// <summary>
        /// Does the function around <paramref name="syntax"/> (the handler lambda, local function or method) validate a
        /// token itself: any <c>ValidateToken</c>/<c>ValidateTokenAsync</c> call in it, or, as TA401 counts validation
        /// (<see cref="ValidatingNames"/>), a method whose name contains Validate or Verify given a token (the bearer
        /// value read from the request, checked by the application or remotely)?
        /// </summary>
        private static bool ValidatesATokenItself(SyntaxNode syntax, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var function = HandlerOf(syntax);
            if (function is null)
            {
                return false;
            }

            if (CallsValidateToken(function, exactly: false))
            {
                return true;
            }

            foreach (var call in function.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (SyntaxNames.InvokedName(call) is { } invoked && IsGivenAToken(call, model, cancellationToken) &&
                    (ValidatingNames.Validates(invoked) || HelperValidates(call, model, cancellationToken)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A <c>ValidateToken*</c> call in <paramref name="body"/>; <paramref name="exactly"/>: the handlers' own
        /// <c>ValidateToken</c>/<c>ValidateTokenAsync</c> only (in a helper, round AW: <c>ValidateTokenFormat</c> counts dots).
        /// </summary>
        private static bool CallsValidateToken(SyntaxNode body, bool exactly)
        {
            foreach (var call in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (SyntaxNames.InvokedName(call) is { } invoked &&
                    (exactly ? invoked is "ValidateToken" or "ValidateTokenAsync" : invoked.StartsWith("ValidateToken", System.StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A method of the compilation given the token that calls <c>ValidateToken*</c> itself, one call deep (round AU: a
        /// SignalR handler's <c>tokens.GetPrincipal(accessToken)</c>); called through an interface, the implementations of
        /// that member in the compilation, every one of which must validate.
        /// </summary>
        private static bool HelperValidates(InvocationExpressionSyntax call, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return false;
            }

            method = method.ReducedFrom ?? method;
            if (method.ContainingType is not { TypeKind: TypeKind.Interface })
            {
                return !method.IsAbstract && !method.DeclaringSyntaxReferences.IsEmpty &&
                       method.DeclaringSyntaxReferences.All(reference => CallsValidateToken(reference.GetSyntax(cancellationToken), exactly: true));
            }

            var found = false;
            foreach (var (declarationModel, declaration) in CallSites.MethodsNamed(method.Name, model.Compilation, cancellationToken))
            {
                if (declarationModel.GetDeclaredSymbol(declaration, cancellationToken) is { ContainingType: { } type } implementation &&
                    SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(method.OriginalDefinition), implementation.OriginalDefinition))
                {
                    if (!CallsValidateToken(declaration, exactly: true))
                    {
                        return false;
                    }

                    found = true;
                }
            }

            return found;
        }

        /// <summary>The handler around <paramref name="syntax"/>: the innermost lambda or local function, or else the member.</summary>
        private static SyntaxNode? HandlerOf(SyntaxNode syntax) =>
            syntax.Ancestors().FirstOrDefault(SyntaxKinds.IsFunction) ?? syntax.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault();

        /// <summary>An argument that can be a token: a string, a header or query value, or a token object.</summary>
        private static bool IsGivenAToken(InvocationExpressionSyntax call, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var argument in call.ArgumentList.Arguments)
            {
                var type = model.GetTypeInfo(argument.Expression, cancellationToken).Type;
                if (type is { SpecialType: SpecialType.System_String } or { Name: "StringValues" } ||
                    type is not null && type.Name != "CancellationToken" && type.Name.EndsWith("Token", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeSuccess(NodeContext context, InvocationExpressionSyntax syntax, Contexts contexts)
        {
            if (OperationTrees.Get(context.SemanticModel, syntax, context.CancellationToken) is IInvocationOperation { TargetMethod.Name: "Success", Arguments.Length: 0 } invocation)
            {
                Report(context, syntax, invocation.Instance, contexts, "context.Success()");
            }
        }

        private static void AnalyzePrincipal(NodeContext context, AssignmentExpressionSyntax syntax, Contexts contexts)
        {
            if (syntax.Right.IsKind(SyntaxKind.NullLiteralExpression))
            {
                return; // clearing the principal authenticates nobody
            }

            // `context.Principal = p` and `context.Principal ??= p`
            if (OperationTrees.Get(context.SemanticModel, syntax, context.CancellationToken) is IAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Principal" } property } assignment &&
                assignment is ISimpleAssignmentOperation or ICoalesceAssignmentOperation)
            {
                Report(context, syntax, property.Instance, contexts, "Setting context.Principal");
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

    }
}
