using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// The metadata channel (TA108): the HTTP path over which the metadata document and the signing keys arrive. An
    /// HTTP handler reaches it when it becomes an options object's <c>BackchannelHttpHandler</c>, the inner handler of an
    /// <c>HttpClient</c> that becomes its <c>Backchannel</c>, or the handler/client of an <c>HttpDocumentRetriever</c>, a
    /// <c>ConfigurationManager&lt;T&gt;</c> or <c>OpenIdConnectConfigurationRetriever.GetAsync</c>. The handler is followed
    /// through locals, fields and properties of the compilation, <c>new HttpClient(handler)</c>, delegating handlers
    /// (<c>InnerHandler</c>, constructor argument), and helper methods of the compilation that return it. A sink inside
    /// development-only code counts only when the caller's includeDevelopmentOnly is true.
    /// </summary>
    internal sealed class MetadataChannel
    {
        private const int MaxSteps = 64;

        private readonly TokenSymbols _symbols;
        private readonly bool _includeDevelopmentOnly;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<ISymbol> _visitedSymbols = new(SymbolEqualityComparer.Default);
        private readonly HashSet<SyntaxNode> _visitedValues = new();
        private readonly Queue<IOperation> _values = new();
        private int _steps;

        private MetadataChannel(TokenSymbols symbols, bool includeDevelopmentOnly, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _includeDevelopmentOnly = includeDevelopmentOnly;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// True when the object <paramref name="receiver"/> names (the receiver of a certificate-callback assignment:
        /// <c>handler</c>, <c>this._handler</c>, <c>handler.SslOptions</c>, or the object of an initializer) reaches the
        /// metadata channel.
        /// </summary>
        public static bool Reaches(IOperation receiver, TokenSymbols symbols, bool includeDevelopmentOnly, CancellationToken cancellationToken)
        {
            var channel = new MetadataChannel(symbols, includeDevelopmentOnly, cancellationToken);
            return channel.StartFrom(receiver) || channel.Run();
        }

        /// <summary>Queues the object <paramref name="receiver"/> evaluates to; true when it is the channel itself.</summary>
        private bool StartFrom(IOperation? receiver)
        {
            receiver = DelegateBody.Unwrap(receiver);
            switch (receiver)
            {
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } implicitReceiver:
                    return StartFrom(InitializedObject(implicitReceiver));
                case IObjectCreationOperation creation:
                    EnqueueValue(creation);
                    return false;
                case IPropertyReferenceOperation { Property.Name: "SslOptions" } sslOptions:
                    return StartFrom(sslOptions.Instance);
                case IPropertyReferenceOperation { Property.Name: "BackchannelHttpHandler" or "Backchannel" } channel when IsOptionsBackchannel(channel):
                    return CountsAsSink(channel);
                case ILocalReferenceOperation local:
                    EnqueueSymbol(local.Local);
                    return false;
                case IFieldReferenceOperation field:
                    EnqueueSymbol(field.Field);
                    return false;
                case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property:
                    EnqueueSymbol(property.Property);
                    return false;
                default:
                    return false; // a parameter or another object's member: the caller's business, not seen here
            }
        }

        /// <summary>The object an initializer (<c>new T { X = v }</c>, or the nested <c>SslOptions = { X = v }</c>) initializes.</summary>
        private static IOperation? InitializedObject(IOperation implicitReceiver)
        {
            for (var current = implicitReceiver.Parent; current is not null; current = current.Parent)
            {
                if (current is IObjectOrCollectionInitializerOperation initializer)
                {
                    return initializer.Parent switch
                    {
                        IMemberInitializerOperation member => member.InitializedMember, // SslOptions = { ... }: the handler's SslOptions
                        IObjectCreationOperation creation => creation,
                        _ => null,
                    };
                }
            }

            return null;
        }

        private void EnqueueValue(IOperation value)
        {
            if (_visitedValues.Add(value.Syntax))
            {
                _values.Enqueue(value);
            }
        }

        private readonly Queue<ISymbol> _symbolQueue = new();

        private void EnqueueSymbol(ISymbol symbol)
        {
            if (_visitedSymbols.Add(symbol))
            {
                _symbolQueue.Enqueue(symbol);
            }
        }

        private bool Run()
        {
            while ((_values.Count > 0 || _symbolQueue.Count > 0) && _steps++ < MaxSteps)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (_values.Count > 0)
                {
                    if (Follow(_values.Dequeue()))
                    {
                        return true;
                    }
                }
                else
                {
                    foreach (var read in Reads(_symbolQueue.Dequeue()))
                    {
                        EnqueueValue(read);
                    }
                }
            }

            return false;
        }

        /// <summary>Where one value of the handler (or of a client or handler built on it) goes next; true at a sink.</summary>
        private bool Follow(IOperation value)
        {
            var current = value;
            while (current.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation or ICoalesceOperation ||
                   (current.Parent is IConditionalOperation conditional && conditional.Condition != current))
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    EnqueueSymbol(declarator.Symbol);
                    return false;
                case IFieldInitializerOperation fieldInitializer:
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        EnqueueSymbol(field);
                    }

                    return false;
                case IPropertyInitializerOperation propertyInitializer:
                    foreach (var property in propertyInitializer.InitializedProperties)
                    {
                        EnqueueSymbol(property);
                    }

                    return false;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    return Assigned(assignment);
                case IArgumentOperation argument:
                    return Passed(argument);
                case IReturnOperation returned:
                    ReturnedFrom(returned);
                    return false;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The backchannel of an options object: on a JwtBearerOptions or OpenIdConnectOptions, or on a parameter of a
        /// base type (<c>RemoteAuthenticationOptions</c>, real code: eShop's <c>SetBackChannelCertificateValidation</c>
        /// extension) that a call site of the compilation gives an options object.
        /// </summary>
        private bool IsOptionsBackchannel(IPropertyReferenceOperation channel)
        {
            var type = channel.Instance?.Type ?? channel.Property.ContainingType;
            if (_symbols.IsOptionsType(type))
            {
                return true;
            }

            if (DelegateBody.Unwrap(channel.Instance) is not IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol method } parameter } ||
                !(_symbols.OpenIdConnectOptions.InheritsFromOrEquals(type as INamedTypeSymbol) || _symbols.JwtBearerOptions.InheritsFromOrEquals(type as INamedTypeSymbol)))
            {
                return false;
            }

            foreach (var site in CallSites.Of(method, _symbols.Compilation, MaxSteps, out _, _cancellationToken))
            {
                if (site is IInvocationOperation invocation)
                {
                    foreach (var argument in invocation.Arguments)
                    {
                        if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.OriginalDefinition) &&
                            _symbols.IsOptionsType(DelegateBody.Unwrap(argument.Value)?.Type))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary><c>target = handler</c>.</summary>
        private bool Assigned(ISimpleAssignmentOperation assignment)
        {
            switch (DelegateBody.Unwrap(assignment.Target))
            {
                case IPropertyReferenceOperation { Property.Name: "BackchannelHttpHandler" or "Backchannel" } channel when IsOptionsBackchannel(channel):
                    return CountsAsSink(assignment);
                case IPropertyReferenceOperation { Property.Name: "SslOptions" or "InnerHandler" } wrapper:
                    return StartFrom(wrapper.Instance); // the handler that holds these options, the delegating handler around it
                case ILocalReferenceOperation local:
                    EnqueueSymbol(local.Local);
                    return false;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                    EnqueueSymbol(field.Field);
                    return false;
                case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property:
                    EnqueueSymbol(property.Property);
                    return false;
                default:
                    return false;
            }
        }

        /// <summary><c>new HttpClient(handler)</c>, <c>new HttpDocumentRetriever(client)</c>, <c>new ConfigurationManager&lt;T&gt;(address, retriever, client)</c>, ...</summary>
        private bool Passed(IArgumentOperation argument)
        {
            switch (argument.Parent)
            {
                case IObjectCreationOperation creation when IsMetadataRetriever(creation.Type):
                    return CountsAsSink(creation);
                case IObjectCreationOperation creation when creation.Type.InheritsFromOrEquals(_symbols.HttpClient) ||
                                                            creation.Type.InheritsFromOrEquals(_symbols.HttpMessageHandler):
                    EnqueueValue(creation); // the client (or delegating handler) now carries the callback
                    return false;
                case IInvocationOperation { TargetMethod.Name: "GetAsync" } invocation
                    when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.OpenIdConnectConfigurationRetriever):
                    return CountsAsSink(invocation);
                default:
                    return false;
            }
        }

        private bool IsMetadataRetriever(ITypeSymbol? type) =>
            type is INamedTypeSymbol named &&
            (named.InheritsFromOrEquals(_symbols.HttpDocumentRetriever) ||
             (_symbols.ConfigurationManager is { } manager && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, manager)));

        /// <summary><c>return handler;</c> in a method or local function of the compilation: its call sites carry it on.</summary>
        private void ReturnedFrom(IReturnOperation returned)
        {
            var method = ContainingMethod(returned);
            if (method is null)
            {
                return;
            }

            foreach (var call in Calls(method))
            {
                EnqueueValue(call);
            }
        }

        private static IMethodSymbol? ContainingMethod(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation:
                        return null; // a lambda's result goes wherever the delegate is invoked: not followed
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                    case IMethodBodyOperation or IBlockOperation { Parent: null }:
                        return operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;
                }
            }

            return operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;
        }

        private bool CountsAsSink(IOperation sink) =>
            _includeDevelopmentOnly ||
            sink.SemanticModel is not { } model ||
            !DevelopmentOnly.Contains(sink.Syntax, model, _symbols, _cancellationToken);

        /// <summary>Reads of a local (its member), a private field or property (its type), or another (every file naming it).</summary>
        private IEnumerable<IOperation> Reads(ISymbol symbol)
        {
            foreach (var (identifier, model) in Mentions(symbol, symbol.Name))
            {
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, _cancellationToken).Symbol?.OriginalDefinition, symbol.OriginalDefinition))
                {
                    continue;
                }

                var expression = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? (ExpressionSyntax)access : identifier;
                if (OperationTrees.Get(model, expression, _cancellationToken) is { } read &&
                    !(read.Parent is ISimpleAssignmentOperation assignment && assignment.Target == read))
                {
                    yield return read;
                }
            }
        }

        /// <summary>Calls of <paramref name="method"/> in the compilation.</summary>
        private IEnumerable<IOperation> Calls(IMethodSymbol method)
        {
            foreach (var (identifier, model) in Mentions(method, method.Name))
            {
                var invocation = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access.Parent : identifier.Parent;
                if (invocation is InvocationExpressionSyntax &&
                    OperationTrees.Get(model, invocation, _cancellationToken) is IInvocationOperation call &&
                    SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
                {
                    yield return call;
                }
            }
        }

        /// <summary>Identifiers spelled <paramref name="name"/> where <paramref name="symbol"/> can be named.</summary>
        private IEnumerable<(IdentifierNameSyntax Identifier, SemanticModel Model)> Mentions(ISymbol symbol, string name)
        {
            foreach (var scope in Scopes(symbol))
            {
                var model = Model(scope.SyntaxTree);
                foreach (var node in scope.DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                    {
                        yield return (identifier, model);
                    }
                }
            }
        }

        private IEnumerable<SyntaxNode> Scopes(ISymbol symbol)
        {
            if (symbol is ILocalSymbol || symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction })
            {
                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    yield return SyntaxScopes.MemberScope(reference.GetSyntax(_cancellationToken));
                }

                yield break;
            }

            if (symbol.DeclaredAccessibility == Accessibility.Private && symbol.ContainingType is { } type)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    yield return reference.GetSyntax(_cancellationToken);
                }

                yield break;
            }

            if (symbol.DeclaringSyntaxReferences.Length == 0)
            {
                yield break; // metadata: nothing of the compilation writes it
            }

            foreach (var tree in _symbols.Compilation.SyntaxTrees)
            {
                if (tree.GetText(_cancellationToken).ToString().IndexOf(symbol.Name, System.StringComparison.Ordinal) >= 0)
                {
                    yield return tree.GetRoot(_cancellationToken);
                }
            }
        }

#pragma warning disable RS1030 // The handler may travel to other files; only reached for accept-all certificate callbacks.
        private SemanticModel Model(SyntaxTree tree) => _symbols.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
