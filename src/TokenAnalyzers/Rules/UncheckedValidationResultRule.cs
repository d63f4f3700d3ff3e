using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA402: the <c>TokenValidationResult</c> of <c>ValidateTokenAsync</c> (any handler) or of the obsolete
    /// <c>JsonWebTokenHandler.ValidateToken</c> is discarded, or its identity, claims or token are used in a member
    /// that never reads <c>IsValid</c> on it. These APIs do not throw for an invalid token: they return a result
    /// whose <c>IsValid</c> is false, so code written as if they threw trusts forged tokens.
    /// </summary>
    internal sealed class UncheckedValidationResultRule : TokenRule
    {
        /// <summary>Diagnostic property: the name of the local that holds the result (absent when there is none).</summary>
        public const string ResultLocalProperty = "ResultLocal";

        private static readonly HashSet<string> ValidateNames = NameSet.Of("ValidateToken", "ValidateTokenAsync");

        /// <summary>Members of the result that describe a failure; reading them does not trust the token.</summary>
        private static readonly HashSet<string> FailureMembers = NameSet.Of("IsValid", "Exception", "TokenOnFailedValidation", "GetType", "ToString");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(ValidationResultNotChecked);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.Invocation, ValidateNames, nodeContext => Analyze(nodeContext, symbols));
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            var model = context.SemanticModel;
            if (symbols.TokenValidationResult is null ||
                OperationTrees.Get(model, context.Node, context.CancellationToken) is not IInvocationOperation invocation ||
                !ReturnsResult(invocation.TargetMethod, symbols) ||
                !symbols.IsTokenHandlerType(invocation.TargetMethod.ContainingType))
            {
                return;
            }

            var body = MemberBody.Find(context.Node, model, context.CancellationToken);
            if (body is null)
            {
                return;
            }

            var flow = new ValueFlow(new LocalReads(body), IsUnwrapping).Follow(invocation);
            string? problem = null;
            var checkedValid = false;
            foreach (var (value, consumer) in flow.Uses)
            {
                switch (consumer)
                {
                    case IExpressionStatementOperation:
                    case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                        problem ??= "discarded";
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Locations: var locations } } when locations.Length > 0 && locations[0].IsInSource:
                        checkedValid = true; // handed to a helper of this compilation, which may check it
                        continue;
                }

                // Members read, directly or through a pattern (`result is { IsValid: true }` checks, `result is
                // { ClaimsIdentity: var id }` uses); none: returned, stored elsewhere, passed on, judged where it is used.
                foreach (var member in ValueFlow.MembersUsed(value, consumer))
                {
                    if (member.Name == "IsValid")
                    {
                        checkedValid = true;
                    }
                    else if (!FailureMembers.Contains(member.Name))
                    {
                        problem ??= "used ('" + member.Name + "') without reading IsValid";
                    }
                }
            }

            if (flow.Uses.Count == 0 && flow.Locals.Count > 0)
            {
                problem = "stored in '" + flow.Locals[0].Name + "' and never read";
            }

            if (problem is null || checkedValid)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            foreach (var local in flow.Locals)
            {
                if (IsResultType(local.Type, symbols))
                {
                    properties = properties.Add(ResultLocalProperty, local.Name);
                    break;
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(ValidationResultNotChecked, context.Node.GetLocation(), properties, invocation.TargetMethod.Name, problem));
        }

        /// <summary>ValidateTokenAsync (any handler) and JsonWebTokenHandler.ValidateToken return a result; JwtSecurityTokenHandler.ValidateToken throws instead.</summary>
        private static bool ReturnsResult(IMethodSymbol method, TokenSymbols symbols)
        {
            var type = method.ReturnType;
            if (type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task)
            {
                type = task.TypeArguments[0];
            }

            return IsResultType(type, symbols);
        }

        private static bool IsResultType(ITypeSymbol? type, TokenSymbols symbols) => type.InheritsFromOrEquals(symbols.TokenValidationResult);

        /// <summary>From the task to the result: <c>await</c>, <c>.Result</c>, <c>.ConfigureAwait(..)</c>, <c>.GetAwaiter().GetResult()</c>.</summary>
        private static bool IsUnwrapping(IOperation parent, IOperation child) => parent switch
        {
            IAwaitOperation => true,
            IPropertyReferenceOperation { Property.Name: "Result" } property => property.Instance == child && property.Instance.Type is INamedTypeSymbol { Name: "Task" or "ValueTask" },
            IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "GetAwaiter" or "GetResult" } call => call.Instance == child,
            _ => false,
        };
    }
}
