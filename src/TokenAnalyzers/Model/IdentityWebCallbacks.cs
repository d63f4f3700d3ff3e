using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// Microsoft.Identity.Web's web API registration and the application's own options callbacks around it. Identity.Web
    /// calls EnableAadSigningKeyIssuerValidation() in an options callback of its own for the scheme it registers: a
    /// Configure callback for AddMicrosoftIdentityWebApi and AddMicrosoftIdentityWebApiAuthentication, a PostConfigure
    /// one for AddMicrosoftIdentityWebApiAot. The options system runs every Configure callback of a name in the order of
    /// registration, then every PostConfigure one. An application callback that runs after Identity.Web's therefore
    /// works on the parameters Identity.Web protected, and replacing them drops the check (IdentityWebSigningKeyIssuerTests).
    /// </summary>
    internal static class IdentityWebCallbacks
    {
        /// <summary>Is the method one of Microsoft.Identity.Web's (its namespace or one below it)?</summary>
        public static bool IsIdentityWebMethod(IMethodSymbol method) =>
            (method.ReducedFrom ?? method).ContainingNamespace?.ToDisplayString() is { } ns &&
            (ns == KnownTypeNames.IdentityWebNamespace || ns.StartsWith(KnownTypeNames.IdentityWebNamespace + ".", System.StringComparison.Ordinal));

        /// <summary>
        /// The web API registration of Identity.Web whose own callback runs before the callback that declares
        /// <paramref name="options"/>, for the same scheme; null when there is none in the member that registers the
        /// callback, or when the order or the scheme is not known. <paramref name="at"/> is the statement that works on
        /// the options (a class's callback may test the scheme's name before it). The callback is a lambda or a method
        /// group given to <c>services.Configure&lt;JwtBearerOptions&gt;(name, ...)</c>, <c>PostConfigure</c>,
        /// <c>ConfigureAll</c>, <c>PostConfigureAll</c>, or <c>AddOptions&lt;JwtBearerOptions&gt;(name).Configure(...)</c>/
        /// <c>.PostConfigure(...)</c>, or the method of a class implementing <c>IConfigureNamedOptions&lt;JwtBearerOptions&gt;</c>
        /// or <c>IPostConfigureOptions&lt;JwtBearerOptions&gt;</c> that the member registers (<see cref="OptionsClasses"/>).
        /// An unnamed <c>Configure&lt;JwtBearerOptions&gt;(o =&gt; ...)</c> configures the default name, which no scheme uses.
        /// </summary>
        public static (string Method, string Scheme)? RegistrationBefore(IParameterSymbol options, SyntaxNode at, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (!SymbolEqualityComparer.Default.Equals(options.Type, symbols.JwtBearerOptions) ||
                options.ContainingSymbol is not IMethodSymbol method)
            {
                return null;
            }

            if (method.MethodKind == MethodKind.AnonymousFunction)
            {
                return options.Ordinal == 0 &&
                       options.DeclaringSyntaxReferences.Length == 1 &&
                       SyntaxNames.CallbackOf(options.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)) is { } registration &&
                       OperationTrees.Get(model, registration, cancellationToken) is IInvocationOperation callback
                    ? IdentityWebBefore(callback, cancellationToken)
                    : null;
            }

            (string Method, string Scheme)? found = null;
            if (options.Ordinal == 0 && method.Parameters.Length == 1 && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction)
            {
                // services.Configure<JwtBearerOptions>(scheme, ConfigureBearer)
                foreach (var use in CallSites.Of(method, symbols.Compilation, MaxUses, out _, cancellationToken))
                {
                    if (use is IMethodReferenceOperation { Parent: IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation callback } } })
                    {
                        found ??= IdentityWebBefore(callback, cancellationToken);
                    }
                }
            }

            if (OptionsClasses.Callback(method, options, at, model, cancellationToken) is { } classCallback)
            {
                foreach (var registration in OptionsClasses.Registrations(method.ContainingType!, symbols.Compilation, cancellationToken))
                {
                    found ??= IdentityWebBefore(registration, classCallback.Scheme, classCallback.Post, cancellationToken);
                }
            }

            return found;
        }

        private const int MaxUses = 16;

        /// <summary>Identity.Web's registration before an options registration given a lambda or a method group.</summary>
        private static (string Method, string Scheme)? IdentityWebBefore(IInvocationOperation callback, CancellationToken cancellationToken) =>
            Callback(callback, out var scheme, out var post) ? IdentityWebBefore(callback, scheme, post, cancellationToken) : null;

        /// <summary>
        /// The Identity.Web web API registration whose own callback for <paramref name="scheme"/> (null: every scheme)
        /// runs before the callback that <paramref name="registration"/> adds: in the registration's member, or, where
        /// that member is a helper the registration always runs in (<c>services.AddApiOptions()</c>), in the member of a
        /// call of the helper, one call deep.
        /// </summary>
        private static (string Method, string Scheme)? IdentityWebBefore(IInvocationOperation registration, string? scheme, bool post, CancellationToken cancellationToken)
        {
            if (registration.Syntax is not InvocationExpressionSyntax registrationSyntax ||
                registration.SemanticModel is not { } model ||
                MemberBody.RootSyntax(registrationSyntax) is not { } member)
            {
                return null;
            }

            if (InMember(member, registrationSyntax, model, scheme, post, cancellationToken) is { } found)
            {
                return found;
            }

            if (member is MethodDeclarationSyntax &&
                EnclosingFunction(registrationSyntax) == member &&
                model.GetDeclaredSymbol(member, cancellationToken) is IMethodSymbol helper)
            {
                foreach (var use in CallSites.Of(helper, model.Compilation, MaxUses, out _, cancellationToken))
                {
                    if (use is IInvocationOperation { Syntax: InvocationExpressionSyntax site, SemanticModel: { } siteModel } &&
                        MemberBody.RootSyntax(site) is { } caller &&
                        InMember(caller, site, siteModel, scheme, post, cancellationToken) is { } viaCaller)
                    {
                        return viaCaller;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The Identity.Web registration in <paramref name="member"/> whose callback runs before the one added at
        /// <paramref name="anchor"/>: a Configure one registered earlier, or any PostConfigure one (<paramref name="post"/>) beside it.
        /// </summary>
        private static (string Method, string Scheme)? InMember(SyntaxNode member, InvocationExpressionSyntax anchor, SemanticModel model, string? scheme, bool post, CancellationToken cancellationToken)
        {
            (string Method, string Scheme)? found = null;
            foreach (var node in member.DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation ||
                    SyntaxNames.InvokedName(invocation) is not { } name ||
                    !name.StartsWith("AddMicrosoftIdentityWebApi", System.StringComparison.Ordinal) ||
                    OperationTrees.Get(model, invocation, cancellationToken) is not IInvocationOperation call ||
                    !IsIdentityWebMethod(call.TargetMethod) ||
                    SchemeOf(call) is not { } registered ||
                    (scheme is not null && scheme != registered))
                {
                    continue;
                }

                // AddMicrosoftIdentityWebApiAot's check runs in a PostConfigure callback: only a later PostConfigure follows it.
                var identityWebPost = call.TargetMethod.Name == "AddMicrosoftIdentityWebApiAot";
                if ((post && !identityWebPost && MayRunTogether(invocation, anchor)) || (post == identityWebPost && RunsBefore(invocation, anchor)))
                {
                    found = (call.TargetMethod.Name, registered);
                }
            }

            return found;
        }

        /// <summary>
        /// The name an options registration configures (null for every name) and whether its callback is a PostConfigure
        /// one; false when the call is no such registration or its name is not a constant.
        /// </summary>
        private static bool Callback(IInvocationOperation invocation, out string? scheme, out bool post)
        {
            scheme = null;
            var method = invocation.TargetMethod;
            post = method.Name.StartsWith("Post", System.StringComparison.Ordinal);
            switch (method.Name)
            {
                case "ConfigureAll" or "PostConfigureAll" when IsOptionsServiceCollectionExtensions(method.ContainingType):
                    return true;
                case "Configure" or "PostConfigure" when IsOptionsServiceCollectionExtensions(method.ContainingType):
                    scheme = string.Empty; // Options.DefaultName, without a name argument
                    return NameArgument(invocation, ref scheme);
                case "Configure" or "PostConfigure" when method.ContainingType is { Name: "OptionsBuilder", ContainingNamespace: { Name: "Options", ContainingNamespace: { Name: "Extensions", ContainingNamespace.Name: "Microsoft" } } }:
                    // The builder's name: AddOptions<T>(name), through any chain of the builder's own calls.
                    var receiver = invocation.Instance;
                    while (receiver is IInvocationOperation { TargetMethod.ContainingType.Name: "OptionsBuilder" } chained)
                    {
                        receiver = chained.Instance;
                    }

                    if (receiver is IInvocationOperation { TargetMethod.Name: "AddOptions" } added && IsOptionsServiceCollectionExtensions(added.TargetMethod.ContainingType))
                    {
                        scheme = string.Empty;
                        return NameArgument(added, ref scheme) && scheme is not null;
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>The constant <c>name</c> argument, when the call has one (null: every name); false when it is not a constant.</summary>
        private static bool NameArgument(IInvocationOperation invocation, ref string? name)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "name")
                {
                    if (argument.Value.ConstantValue is not { HasValue: true } constant)
                    {
                        return false;
                    }

                    name = constant.Value as string;
                }
            }

            return true;
        }

        private static bool IsOptionsServiceCollectionExtensions(INamedTypeSymbol? type) =>
            type is { Name: "OptionsServiceCollectionExtensions", ContainingNamespace: { Name: "DependencyInjection", ContainingNamespace: { Name: "Extensions", ContainingNamespace.Name: "Microsoft" } } };

        /// <summary>
        /// The constant scheme an Identity.Web registration uses: its <c>jwtBearerScheme</c> (web API) or
        /// <c>openIdConnectScheme</c> (web app) argument, its default included; null when it is not a constant.
        /// </summary>
        public static string? SchemeOf(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Name is "jwtBearerScheme" or "openIdConnectScheme")
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: string scheme } ? scheme : null;
                }
            }

            return null;
        }

        /// <summary>
        /// May <paramref name="first"/> run, and then <paramref name="second"/>, in one run? Both in the same function
        /// (a lambda or local function around one is another function, which may run at any time), the first complete
        /// before the second's arguments (an earlier statement, or the receiver of a chained call), and not in branches
        /// that exclude each other: if/else, switch sections, or an early return after the first (a development
        /// scheme beside the Entra one).
        /// </summary>
        private static bool RunsBefore(InvocationExpressionSyntax first, InvocationExpressionSyntax second) =>
            first.Span.End <= second.ArgumentList.SpanStart &&
            EnclosingFunction(first) == EnclosingFunction(second) &&
            MayRunTogether(first, second);

        /// <summary>Not in branches that exclude each other, nor separated by an early return after the earlier one.</summary>
        private static bool MayRunTogether(SyntaxNode one, SyntaxNode other) =>
            !SyntaxPaths.NeverTogether(one, other) &&
            !(one.SpanStart < other.SpanStart ? SyntaxPaths.LeavesBefore(one, other) : SyntaxPaths.LeavesBefore(other, one));

        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or CompilationUnitSyntax ||
                    current is MemberDeclarationSyntax and not GlobalStatementSyntax)
                {
                    return current; // top-level statements are one function
                }
            }

            return null;
        }
    }
}
