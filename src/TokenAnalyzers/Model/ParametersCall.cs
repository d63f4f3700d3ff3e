using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// A method called on a parameters object (an instance method, or an extension method such as
    /// <c>p.EnableAadSigningKeyIssuerValidation()</c>), with the object it is called on.
    /// </summary>
    internal sealed class ParametersCall
    {
        private ParametersCall(InvocationExpressionSyntax syntax, IInvocationOperation operation, ObjectKey? receiver, IOperation receiverOperation)
        {
            Syntax = syntax;
            Operation = operation;
            Receiver = receiver;
            ReceiverOperation = receiverOperation;
        }

        public InvocationExpressionSyntax Syntax { get; }
        public IInvocationOperation Operation { get; }
        public IMethodSymbol Method => Operation.TargetMethod;
        public string Name => Method.Name;

        /// <summary>The parameters object the method runs on, or null when it cannot be named.</summary>
        public ObjectKey? Receiver { get; }

        public IOperation ReceiverOperation { get; }

        /// <summary>Position in the file: calls and assignments of one scope are ordered by it.</summary>
        public int Position => Syntax.SpanStart;

        public static ParametersCall? TryCreate(InvocationExpressionSyntax syntax, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (OperationTrees.Get(model, syntax, cancellationToken) is not IInvocationOperation invocation)
            {
                return null;
            }

            var receiver = invocation.Instance;
            if (receiver is null && invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
            {
                receiver = invocation.Arguments[0].Value; // the `this` argument of a reduced extension call
            }

            receiver = DelegateBody.Unwrap(receiver);
            if (receiver is null || !symbols.IsParametersType(receiver.Type))
            {
                return null;
            }

            return new ParametersCall(syntax, invocation, ObjectKey.Of(receiver), receiver);
        }
    }
}
