using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA307 and TA308: validation configured from the very token it validates. A value of an unvalidated token
    /// (<see cref="UnvalidatedToken"/>) that reaches the accepted issuers or audiences (TA307), or the signing key or
    /// the address keys are fetched from (TA308), lets the token vouch for itself. The rule is handed only the reads
    /// of a token and the resolver assignments; a member is analysed once, from its first such node.
    /// </summary>
    internal sealed class TrustFromTokenRule : TokenRule
    {
        private static readonly HashSet<string> IssuerAndAudienceLists = NameSet.Of("ValidIssuer", "ValidIssuers", "ValidAudience", "ValidAudiences");
        private static readonly HashSet<string> MutableLists = NameSet.Of("ValidIssuers", "ValidAudiences");
        private static readonly HashSet<string> KeyProperties = NameSet.Of("IssuerSigningKey", "IssuerSigningKeys");
        private static readonly HashSet<string> AddressProperties = NameSet.Of("MetadataAddress", "Authority");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(ValuesFromValidatedToken, KeyFromValidatedToken);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnNamed(CandidateKind.Invocation, UnvalidatedToken.ReadNames, nodeContext => Analyze(nodeContext, symbols));
            System.Action<NodeContext> creation = nodeContext =>
            {
                if (UnvalidatedToken.IsParsingCreation(nodeContext.Node))
                {
                    Analyze(nodeContext, symbols);
                }
            };
            start.OnNamed(CandidateKind.ObjectCreation, UnvalidatedToken.TokenTypeNames, creation);
            start.OnNamed(CandidateKind.TargetTypedCreation, UnvalidatedToken.TokenTypeNames, creation);
            start.OnAssignment(UnvalidatedToken.ResolverNames, ValueFilter.Any, nodeContext => Analyze(nodeContext, symbols));
        }

        private static void Analyze(NodeContext context, TokenSymbols symbols)
        {
            var cancellationToken = context.CancellationToken;
            var member = MemberBody.Find(context.Node, context.SemanticModel, cancellationToken);
            var node = member is null ? null : OperationTrees.Get(context.SemanticModel, context.Node, cancellationToken);
            if (member is null || node is null)
            {
                return;
            }

            // Every trigger of the member, in source order: the first one analyses the member for all of them. Found
            // once per member operation tree (a method with a thousand reads is walked once, not a thousand times).
            var triggers = Triggers.GetValue(member, root => FindTriggers(root, symbols, cancellationToken));
            var first = triggers.First;
            var resolvers = triggers.Resolvers;
            if (first is null)
            {
                return;
            }

            var reported = new HashSet<Location>();
            if (first.Syntax == node.Syntax)
            {
                // Loops, not LINQ: this runs for the first time in a build on its first token file (issue 22).
                var inMember = new List<IMethodSymbol>();
                var tokens = new List<IParameterSymbol>();
                foreach (var resolver in resolvers)
                {
                    if (IsInside(resolver.Body.Method, member.Syntax))
                    {
                        inMember.Add(resolver.Body.Method);
                        if (UnvalidatedToken.ResolverToken(resolver.Body.Method) is { } resolverToken)
                        {
                            tokens.Add(resolverToken);
                        }
                    }
                }

                var flow = UnvalidatedToken.Follow(member, symbols, cancellationToken, tokens.ToArray());
                Report(context, Findings(flow, inMember, symbols), reported, except: null);
            }

            // A method group resolver: its method is followed on its own, with its SecurityToken parameter; what its own
            // reads reach is reported from that method's first read.
            if (node is ISimpleAssignmentOperation assignment && AssignedResolver(resolvers, assignment) is { } body &&
                !IsInside(body.Method, member.Syntax) && body.Body.Syntax.SyntaxTree == context.Node.SyntaxTree &&
                UnvalidatedToken.ResolverToken(body.Method) is { } token)
            {
                var method = new[] { body.Method };
                var with = Findings(UnvalidatedToken.Follow(body.Body, symbols, cancellationToken, token), method, symbols);
                var without = new HashSet<Location>();
                foreach (var finding in Findings(UnvalidatedToken.Follow(body.Body, symbols, cancellationToken), method, symbols))
                {
                    without.Add(finding.Location);
                }

                Report(context, with, reported, except: without);
            }
        }

        private static DelegateBody? AssignedResolver(List<Resolver> resolvers, ISimpleAssignmentOperation assignment)
        {
            foreach (var resolver in resolvers)
            {
                if (resolver.Assignment.Syntax == assignment.Syntax)
                {
                    return resolver.Body;
                }
            }

            return null;
        }

        /// <summary>Keyed by the member's operation tree, which belongs to one semantic model: nothing outlives an analysis run.</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, MemberTriggers> Triggers =
            new System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, MemberTriggers>();

        private sealed class MemberTriggers
        {
            public IOperation? First { get; set; }
            public List<Resolver> Resolvers { get; } = new List<Resolver>();
        }

        /// <summary>
        /// A resolver assigned in the member. A class, not a tuple: LINQ and lists over a tuple are code the JIT compiles
        /// for that tuple alone the first time a process runs them (issue 22).
        /// </summary>
        private sealed class Resolver
        {
            public Resolver(ISimpleAssignmentOperation assignment, DelegateBody body)
            {
                Assignment = assignment;
                Body = body;
            }

            public ISimpleAssignmentOperation Assignment { get; }

            public DelegateBody Body { get; }
        }

        private static MemberTriggers FindTriggers(IOperation member, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            var triggers = new MemberTriggers();
            foreach (var operation in MemberBody.All(member))
            {
                var isTrigger = false;
                if (UnvalidatedToken.IsRead(operation, symbols, out _, out _))
                {
                    isTrigger = true;
                }
                else if (ResolverOf(operation, symbols, cancellationToken) is { } resolver)
                {
                    triggers.Resolvers.Add(new Resolver((ISimpleAssignmentOperation)operation, resolver));
                    isTrigger = true;
                }

                if (isTrigger && (triggers.First is null || operation.Syntax.SpanStart < triggers.First.Syntax.SpanStart))
                {
                    triggers.First = operation;
                }
            }

            return triggers;
        }

        private static void Report(NodeContext context, List<Finding> findings, HashSet<Location> reported, HashSet<Location>? except)
        {
            foreach (var finding in findings)
            {
                if (except?.Contains(finding.Location) != true && reported.Add(finding.Location))
                {
                    context.ReportDiagnostic(Diagnostic.Create(finding.Descriptor, finding.Location, finding.Arguments));
                }
            }
        }

        private static DelegateBody? ResolverOf(IOperation operation, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken) =>
            operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment &&
            UnvalidatedToken.ResolverNames.Contains(property.Property.Name) &&
            symbols.IsParametersType(property.Instance?.Type ?? property.Property.ContainingType)
                ? DelegateBody.Resolve(assignment.Value, symbols.Compilation, cancellationToken)
                : null;

        private static bool IsInside(IMethodSymbol method, SyntaxNode syntax) =>
            method.DeclaringSyntaxReferences.Length == 1 &&
            method.DeclaringSyntaxReferences[0].SyntaxTree == syntax.SyntaxTree &&
            syntax.Span.Contains(method.DeclaringSyntaxReferences[0].Span);

        /// <summary>A class, not a struct: a list of a struct is code the JIT compiles for that struct alone (issue 22).</summary>
        private sealed class Finding
        {
            public Finding(DiagnosticDescriptor descriptor, Location location, params object[] arguments)
            {
                Descriptor = descriptor;
                Location = location;
                Arguments = arguments;
            }

            public DiagnosticDescriptor Descriptor { get; }
            public Location Location { get; }
            public object[] Arguments { get; }
        }

        /// <summary>Every place in the flow's body where a value of the token reaches a list, a key, an address or a resolver's result.</summary>
        private static List<Finding> Findings(UnvalidatedToken flow, IReadOnlyList<IMethodSymbol> resolvers, TokenSymbols symbols)
        {
            var findings = new List<Finding>();
            if (flow.IsEmpty)
            {
                return findings;
            }

            // TA308's exemptions: a DPoP proof carries its key by design; a pinned chain checks the x5c certificate.
            var keysExempt = flow.ChecksDpopProof() || flow.PinsCertificate();
            foreach (var operation in flow.Operations)
            {
                switch (operation)
                {
                    case IAssignmentOperation { Target: IPropertyReferenceOperation target } assignment:
                        AddAssignmentFindings(findings, flow, assignment, target, keysExempt, symbols);

                        break;

                    case IInvocationOperation invocation when flow.AddsCarriedValue(invocation, out var receiver):
                        if (TargetList(receiver, symbols) is { } list)
                        {
                            if (KeyProperties.Contains(list))
                            {
                                if (!keysExempt)
                                {
                                    findings.Add(new Finding(KeyFromValidatedToken, invocation.Syntax.GetLocation(), list, "a key built from its own values"));
                                }
                            }
                            else
                            {
                                findings.Add(new Finding(ValuesFromValidatedToken, invocation.Syntax.GetLocation(), list, Noun(list), string.Empty));
                            }
                        }
                        else if (DelegateBody.Unwrap(receiver) is IFieldReferenceOperation field && AssignedAsList(field.Field, symbols) is { } shared)
                        {
                            findings.Add(new Finding(ValuesFromValidatedToken, invocation.Syntax.GetLocation(), shared, Noun(shared),
                                ", and the shared list keeps it for every later request"));
                        }

                        break;

                    case IObjectCreationOperation creation when !keysExempt && flow.IsConfigurationManager(creation.Type) &&
                                                               creation.Arguments.Length > 0 && flow.Carries(creation.Arguments[0].Value):
                        findings.Add(new Finding(KeyFromValidatedToken, creation.Arguments[0].Syntax.GetLocation(), "The ConfigurationManager's metadata address", "a URL built from its own values"));
                        break;

                    case IInvocationOperation retrieve when !keysExempt && flow.IsMetadataRetrieval(retrieve.TargetMethod) &&
                                                           retrieve.Arguments.Length > 0 && flow.Carries(retrieve.Arguments[0].Value):
                        findings.Add(new Finding(KeyFromValidatedToken, retrieve.Arguments[0].Syntax.GetLocation(), "The metadata address", "a URL built from its own values"));
                        break;
                }
            }

            if (keysExempt)
            {
                return findings;
            }

            foreach (var resolver in resolvers)
            {
                foreach (var returned in flow.CarriedReturnsOf(resolver))
                {
                    findings.Add(new Finding(KeyFromValidatedToken, returned.Syntax.GetLocation(), "The key returned by the signing-key resolver", "built from the token it resolves for"));
                }
            }

            return findings;
        }

        private static void AddAssignmentFindings(List<Finding> findings, UnvalidatedToken flow, IAssignmentOperation assignment, IPropertyReferenceOperation target, bool keysExempt, TokenSymbols symbols)
        {
            var name = target.Property.Name;
            var objectType = target.Instance?.Type ?? target.Property.ContainingType;
            var location = assignment.Syntax is AssignmentExpressionSyntax syntax ? PropertyAssignment.ExtentOf(syntax).GetLocation() : assignment.Syntax.GetLocation();
            var value = assignment.Value;
            if (IssuerAndAudienceLists.Contains(name) && symbols.IsParametersType(objectType))
            {
                if (flow.Carries(value))
                {
                    findings.Add(new Finding(ValuesFromValidatedToken, location, name, Noun(name), string.Empty));
                }
                else
                {
                    // list.Add(jwt.Issuer); p.ValidIssuers = list: reported where the value goes in.
                    foreach (var add in flow.FilledThrough(value)) // an add reached twice is reported once: Report keeps one finding per location
                    {
                        findings.Add(new Finding(ValuesFromValidatedToken, add.Syntax.GetLocation(), name, Noun(name), string.Empty));
                    }
                }
            }
            else if (!keysExempt && KeyProperties.Contains(name) && symbols.IsParametersType(objectType) && (flow.Carries(value) || flow.FilledThrough(value).Count > 0))
            {
                findings.Add(new Finding(KeyFromValidatedToken, location, name, "a key built from its own values or downloaded from a URL it names"));
            }
            else if (!keysExempt && AddressProperties.Contains(name) && symbols.IsOptionsType(objectType) && flow.Carries(value))
            {
                findings.Add(new Finding(KeyFromValidatedToken, location, name, "a metadata URL built from its own values"));
            }
        }

        private static string Noun(string list) => list.StartsWith("ValidIssuer", System.StringComparison.Ordinal) ? "issuer" : "audience";

        /// <summary>The list property an add-like call mutates: <c>((List&lt;string&gt;)p.ValidIssuers).Add(x)</c>, or a local that aliases it.</summary>
        private static string? TargetList(IOperation? receiver, TokenSymbols symbols)
        {
            var unwrapped = DelegateBody.Unwrap(receiver);
            if (unwrapped is ILocalReferenceOperation local)
            {
                var writes = SymbolWrites.Find(local.Local, symbols.Compilation, default);
                if (writes.IsDefaultOrEmpty)
                {
                    return null;
                }

                foreach (var write in writes)
                {
                    if (TargetList(write.Operation, symbols) is { } aliased)
                    {
                        return aliased;
                    }
                }

                return null;
            }

            return unwrapped is IPropertyReferenceOperation property &&
                   (MutableLists.Contains(property.Property.Name) || property.Property.Name == "IssuerSigningKeys") &&
                   symbols.IsParametersType(property.Instance?.Type ?? property.Property.ContainingType)
                ? property.Property.Name
                : null;
        }

        /// <summary>
        /// The list (<c>ValidIssuers</c> or <c>ValidAudiences</c>) a field is assigned as anywhere in its type: a shared
        /// collection that every later validation reads.
        /// </summary>
        private static string? AssignedAsList(IFieldSymbol field, TokenSymbols symbols)
        {
            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                var type = reference.GetSyntax();
                foreach (var assignment in type.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    if (PropertyAssignment.AssignedName(assignment) is not { } name || !MutableLists.Contains(name) ||
                        !assignment.Right.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(identifier => identifier.Identifier.ValueText == field.Name))
                    {
                        continue;
                    }

#pragma warning disable RS1030 // Only reached for a value of an unvalidated token added to a field.
                    var model = symbols.Compilation.GetSemanticModel(assignment.SyntaxTree);
#pragma warning restore RS1030
                    if (OperationTrees.Get(model, assignment) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } operation &&
                        symbols.IsParametersType(target.Instance?.Type ?? target.Property.ContainingType) &&
                        operation.Value.DescendantsAndSelf().OfType<IFieldReferenceOperation>().Any(read => SymbolEqualityComparer.Default.Equals(read.Field, field)))
                    {
                        return name;
                    }
                }
            }

            return null;
        }
    }
}
