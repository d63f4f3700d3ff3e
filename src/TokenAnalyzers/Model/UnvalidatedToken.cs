using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// RULES.md's Term "Unvalidated token": the result of <c>ReadJwtToken</c>, <c>ReadToken</c>,
    /// <c>ReadJsonWebToken</c>, <c>new JwtSecurityToken(string)</c> or <c>new JsonWebToken(string)</c>, and every value
    /// read from it. The static members say which calls produce one and whether a member validates its string (TA401,
    /// TA307, TA308 share them). An instance is the dataflow of one body: which operations carry a value of an
    /// unvalidated token, followed through locals, string building, conversions, awaits and library calls, within the
    /// body (lambdas included) and, for downloads only, one call deep into a helper method of the compilation.
    /// A value used only to choose among pre-configured things does not carry: an indexer or dictionary lookup
    /// (<c>map[iss]</c>, <c>TryGetValue</c>, <c>GetValueOrDefault</c>, <c>IOptionsMonitor.Get</c>), a comparison, a
    /// <c>bool</c> result. Built only after a syntactic candidate (a read's name, a resolver assignment) matched.
    /// </summary>
    internal sealed class UnvalidatedToken
    {
        /// <summary>The handler methods that only parse a token.</summary>
        public static readonly HashSet<string> ReadNames = NameSet.Of("ReadToken", "ReadJwtToken", "ReadJsonWebToken");

        /// <summary>The token types whose string constructor only parses.</summary>
        public static readonly HashSet<string> TokenTypeNames = NameSet.Of("JsonWebToken", "JwtSecurityToken");

        /// <summary>
        /// A creation of one of <see cref="TokenTypeNames"/> (spelled out or target-typed) with one argument, the token
        /// string: the candidate shape TA401 and TA307/TA308 share. Their other constructors build a token, not parse one.
        /// </summary>
        public static bool IsParsingCreation(SyntaxNode node) =>
            node is Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 };

        /// <summary>Calls that validate a token string: a token given to one of them, before the read, is validated.</summary>
        private static readonly HashSet<string> ValidateNames = NameSet.Of("ValidateToken", "ValidateTokenAsync");

        /// <summary>Lookups: their result is a pre-configured value chosen by the argument, not the argument itself.</summary>
        private static readonly HashSet<string> LookupNames = NameSet.Of(
            "TryGetValue", "GetValueOrDefault", "ContainsKey", "Contains", "Get", "GetOrAdd", "GetOrCreate", "GetOrCreateAsync",
            "AddOrUpdate", "Find", "FindAsync", "Lookup", "IndexOf", "Remove", "TryRemove", "Equals", "Compare", "CompareTo",
            "GetValue", "GetSection", "GetRequiredSection", "GetConnectionString");

        /// <summary>Collection mutators: a value passed to one of them is added to its receiver.</summary>
        private static readonly HashSet<string> AddNames = NameSet.Of("Add", "AddRange", "Insert", "InsertRange", "TryAdd", "Push", "Enqueue", "UnionWith");

        /// <summary>Calls that fetch a document over the network (a helper method containing one is followed one call deep).</summary>
        private static readonly HashSet<string> DownloadNames = NameSet.Of(
            "GetAsync", "GetStringAsync", "GetByteArrayAsync", "GetStreamAsync", "GetFromJsonAsync", "SendAsync", "PostAsync",
            "DownloadString", "DownloadStringTaskAsync", "DownloadData", "DownloadDataTaskAsync", "GetDocumentAsync", "GetConfigurationAsync");

        private const int MaxIterations = 8;

        private readonly TokenSymbols _symbols;
        private readonly CancellationToken _cancellationToken;
        private readonly List<IOperation> _operations;
        private readonly HashSet<IOperation> _sources = new HashSet<IOperation>();
        private readonly HashSet<ILocalSymbol> _locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<IParameterSymbol> _parameters = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILocalSymbol, HashSet<IInvocationOperation>> _filled = new Dictionary<ILocalSymbol, HashSet<IInvocationOperation>>(SymbolEqualityComparer.Default);
        private readonly bool _followHelpers;
        private readonly List<Guard> _guards = new List<Guard>();
        private Dictionary<IOperation, bool> _memo = new Dictionary<IOperation, bool>();

        private UnvalidatedToken(IOperation root, IEnumerable<IParameterSymbol> taintedParameters, TokenSymbols symbols, bool followHelpers, CancellationToken cancellationToken)
        {
            Root = root;
            _symbols = symbols;
            _followHelpers = followHelpers;
            _cancellationToken = cancellationToken;
            _operations = new List<IOperation>(MemberBody.All(root));
            foreach (var parameter in taintedParameters)
            {
                _parameters.Add(parameter);
            }

            FindSources();
            Propagate();
            if (FindGuards())
            {
                // A value checked against a fixed set is pre-configured in effect: follow again without it.
                _locals.Clear();
                _filled.Clear();
                Propagate();
            }
        }

        /// <summary>The body whose values were followed.</summary>
        public IOperation Root { get; }

        /// <summary>Every operation of the body, lambdas and local functions included.</summary>
        public IReadOnlyList<IOperation> Operations => _operations;

        /// <summary>The reads of unvalidated tokens found in the body (reads the body validated first are not among them).</summary>
        public IReadOnlyCollection<IOperation> Sources => _sources;

        public bool IsEmpty => _sources.Count == 0 && _parameters.Count == 0;

        /// <summary>
        /// Follows the values of unvalidated tokens through <paramref name="root"/>. <paramref name="taintedParameters"/>
        /// are parameters that hold one (the <c>SecurityToken</c> of a signing-key resolver, which runs before the
        /// signature is checked).
        /// </summary>
        public static UnvalidatedToken Follow(IOperation root, TokenSymbols symbols, CancellationToken cancellationToken, params IParameterSymbol[] taintedParameters) =>
            new UnvalidatedToken(root, taintedParameters, symbols, followHelpers: true, cancellationToken);

        // ---- Sources (shared with TA401) ----

        /// <summary>
        /// True when <paramref name="operation"/> is a read of an unvalidated token: a <c>Read*Token</c> call on a token
        /// handler, or a <c>JsonWebToken</c>/<c>JwtSecurityToken</c> created from one encoded string.
        /// <paramref name="tokenString"/> is the string read, <paramref name="source"/> names the call for messages.
        /// </summary>
        public static bool IsRead(IOperation? operation, TokenSymbols symbols, out IOperation? tokenString, out string source)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when AcceptAllDelegates.IsTokenRead(invocation.TargetMethod, symbols) && invocation.Arguments.Length >= 1:
                    tokenString = invocation.Arguments[0].Value;
                    source = invocation.TargetMethod.Name;
                    return true;
                case IObjectCreationOperation creation when symbols.IsParsedTokenType(creation.Type) && creation.Arguments.Length == 1 && IsEncodedToken(creation.Arguments[0].Value.Type):
                    tokenString = creation.Arguments[0].Value;
                    source = "new " + creation.Type!.Name;
                    return true;
                default:
                    tokenString = null;
                    source = string.Empty;
                    return false;
            }
        }

        private static bool IsEncodedToken(ITypeSymbol? type) =>
            type?.SpecialType == SpecialType.System_String ||
            type is INamedTypeSymbol { Name: "ReadOnlyMemory", ContainingNamespace.Name: "System", TypeArguments.Length: 1 } memory &&
            memory.TypeArguments[0].SpecialType == SpecialType.System_Char;

        /// <summary>
        /// A call in <paramref name="body"/> (starting before <paramref name="before"/>, a source position) that
        /// validates this token: ValidateToken/ValidateTokenAsync, or any method whose name contains Validate or Verify
        /// (<see cref="ValidatingNames"/>), given its string (same local, parameter, field or property) or a local
        /// holding the parsed token. For the handler's own ValidateToken* an argument whose origin cannot be told apart
        /// from the token's also counts (then any validation does, unless <see cref="ValidatesAnotherString"/>); another
        /// method must be given the token itself. A call to <paramref name="parsesOnly"/> (a helper seen to parse only,
        /// whatever its name) validates nothing.
        /// </summary>
        public static bool IsValidated(IOperation body, IOperation? tokenString, IEnumerable<ILocalSymbol> tokenLocals, int before = int.MaxValue, IMethodSymbol? parsesOnly = null)
        {
            var related = new HashSet<ISymbol>(tokenLocals, SymbolEqualityComparer.Default);
            var stringSymbol = ValueFlow.NamedSymbol(tokenString);
            if (stringSymbol is not null)
            {
                related.Add(stringSymbol);
            }

            foreach (var operation in MemberBody.All(body))
            {
                if (operation is not IInvocationOperation invocation || invocation.Syntax.SpanStart >= before ||
                    SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, parsesOnly))
                {
                    continue;
                }

                var handlerValidation = ValidateNames.Contains(invocation.TargetMethod.Name);
                if (!handlerValidation && !ValidatingNames.Validates(invocation.TargetMethod.Name))
                {
                    continue;
                }

                if (stringSymbol is null)
                {
                    if (handlerValidation && !ValidatesAnotherString(tokenString, invocation, body))
                    {
                        return true; // the read token's string has no name to compare: any validation may be of it
                    }

                    continue;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.RefKind is not RefKind.None || !IsTokenLike(argument.Parameter?.Type))
                    {
                        continue;
                    }

                    var named = ValueFlow.NamedSymbol(argument.Value);
                    if (named is null ? handlerValidation : related.Contains(named))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The read string is a member of a local or parameter (<c>fresh.AccessToken</c>), and <paramref name="validation"/>
        /// is given other named strings only: parameters, fields, properties, or locals whose values never mention that
        /// local or parameter. The validated string is then another one. Real shape: a Blazor state provider validates the
        /// stored token, then reads the claims of the one a refresh call returned (<c>ReadJwtToken(refreshed.AccessToken)</c>).
        /// An unnamed argument (<c>Request.Headers[...]</c>, a call) may still be the same string, and counts.
        /// </summary>
        private static bool ValidatesAnotherString(IOperation? tokenString, IInvocationOperation validation, IOperation body)
        {
            if (DelegateBody.Unwrap(tokenString) is not IMemberReferenceOperation { Instance: ILocalReferenceOperation or IParameterReferenceOperation } member ||
                member is IPropertyReferenceOperation { Arguments.Length: > 0 } ||
                ValueFlow.NamedSymbol(member.Instance) is not { } root)
            {
                return false;
            }

            var other = false;
            foreach (var argument in validation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.RefKind is not RefKind.None || !IsTokenLike(argument.Parameter?.Type))
                {
                    continue;
                }

                var named = ValueFlow.NamedSymbol(argument.Value);
                if (named is null || SymbolEqualityComparer.Default.Equals(named, root) || (named is ILocalSymbol local && MayHold(body, local, root)))
                {
                    return false;
                }

                other = true;
            }

            return other;
        }

        /// <summary>
        /// May <paramref name="local"/> hold something read from <paramref name="root"/>: a value written to it mentions
        /// <paramref name="root"/>, or it is written some other way (an <c>out</c> argument, a deconstruction)?
        /// </summary>
        private static bool MayHold(IOperation body, ILocalSymbol local, ISymbol root)
        {
            foreach (var operation in MemberBody.All(body))
            {
                IOperation? value;
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        value = declarator.Initializer?.Value;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        value = assignment.Value;
                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                                                                 (reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None } or ITupleOperation or IDeclarationExpressionOperation):
                        return true;
                    default:
                        continue;
                }

                if (value is null)
                {
                    continue;
                }

                foreach (var part in value.DescendantsAndSelf())
                {
                    if (SymbolEqualityComparer.Default.Equals(ValueFlow.NamedSymbol(part), root))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A parameter that takes the token: a string, a SecurityToken, or anything else that is not the parameters object, a CancellationToken or an out value.</summary>
        private static bool IsTokenLike(ITypeSymbol? type) =>
            type is not null &&
            type.Name is not ("TokenValidationParameters" or "CancellationToken" or "ValidationParameters" or "CallContext");

        private void FindSources()
        {
            foreach (var operation in _operations)
            {
                if (IsRead(operation, _symbols, out var tokenString, out _) &&
                    (ValueFlow.NamedSymbol(tokenString) is null || !IsValidated(Root, tokenString, Array.Empty<ILocalSymbol>(), operation.Syntax.SpanStart)))
                {
                    _sources.Add(operation);
                }
            }
        }

        // ---- The flow ----

        /// <summary>Locals, lambda parameters and filled collections, until nothing changes.</summary>
        private void Propagate()
        {
            if (IsEmpty)
            {
                return;
            }

            for (var iteration = 0; iteration < MaxIterations; iteration++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _memo = new Dictionary<IOperation, bool>();
                var changed = false;
                foreach (var operation in _operations)
                {
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                            changed |= Store(declarator.Symbol, initializer.Value);
                            break;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                            changed |= Store(target.Local, assignment.Value);
                            break;
                        case IIsPatternOperation { Pattern: IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } } pattern when Carries(pattern.Value):
                            changed |= _locals.Add(declared);
                            break;
                        case IForEachLoopOperation loop when Carries(loop.Collection):
                            foreach (var local in loop.Locals)
                            {
                                changed |= _locals.Add(local);
                            }

                            break;
                        case IInvocationOperation invocation:
                            changed |= Invocation(invocation);
                            break;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            _memo = new Dictionary<IOperation, bool>();
        }

        private bool Store(ILocalSymbol local, IOperation value)
        {
            var changed = false;
            if (Carries(value))
            {
                changed |= _locals.Add(local);
            }

            foreach (var add in FilledThrough(value))
            {
                changed |= Fill(local, add);
            }

            return changed;
        }

        private bool Fill(ILocalSymbol local, IInvocationOperation add)
        {
            if (!_filled.TryGetValue(local, out var adds))
            {
                _filled.Add(local, adds = new HashSet<IInvocationOperation>());
            }

            return adds.Add(add);
        }

        private bool Invocation(IInvocationOperation invocation)
        {
            var changed = false;
            var method = invocation.TargetMethod;
            var receiver = Receiver(invocation);
            if (receiver is not null && Carries(receiver))
            {
                // jwt.Payload.TryGetValue("tid", out var tid), token.TryGetHeaderValue("jwk", out JsonElement jwk)
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.RefKind == RefKind.Out && OutLocal(argument.Value) is { } local)
                    {
                        changed |= _locals.Add(local);
                    }
                }
            }

            if (DelegateBody.Unwrap(receiver) is ILocalReferenceOperation filled && AddsCarriedValue(invocation, out _))
            {
                changed |= Fill(filled.Local, invocation);
            }

            if (DelegateBody.Unwrap(receiver) is ILocalReferenceOperation keyHolder && ImportsKey(invocation) && AnyArgumentCarries(invocation))
            {
                // rsa.ImportFromPem(pem), ecdsa.ImportSubjectPublicKeyInfo(bytes, out _): the algorithm now holds that key
                changed |= _locals.Add(keyHolder.Local);
            }

            if (method.Name is "GetOrAdd" or "AddOrUpdate" or "GetOrCreate" or "GetOrCreateAsync" &&
                FirstArgumentBesides(invocation, receiver) is { } key && Carries(key))
            {
                // cache.GetOrAdd(tid, t => new ConfigurationManager<...>($".../{t}/...")): the factory gets the key.
                foreach (var argument in invocation.Arguments)
                {
                    if (DelegateBody.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation factory } &&
                        factory.Symbol.Parameters.Length > 0)
                    {
                        changed |= _parameters.Add(factory.Symbol.Parameters[0]);
                    }
                }
            }

            return changed;
        }

        /// <summary>A key import into an asymmetric algorithm object (RSA, ECDsa): <c>ImportFromPem</c>, <c>ImportParameters</c>, <c>FromXmlString</c>...</summary>
        private static bool ImportsKey(IInvocationOperation invocation)
        {
            if (!invocation.TargetMethod.Name.StartsWith("Import", StringComparison.Ordinal) && invocation.TargetMethod.Name != "FromXmlString")
            {
                return false;
            }

            for (var type = invocation.TargetMethod.ContainingType; type is not null; type = type.BaseType)
            {
                if (type.ToDisplayString() == "System.Security.Cryptography.AsymmetricAlgorithm")
                {
                    return true;
                }
            }

            return false;
        }

        private bool AnyArgumentCarries(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.None && Carries(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private static ILocalSymbol? OutLocal(IOperation value) => value switch
        {
            ILocalReferenceOperation local => local.Local,
            IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
            _ => null,
        };

        /// <summary>The instance of a call, or the <c>this</c> argument of an extension method.</summary>
        public static IOperation? Receiver(IInvocationOperation invocation) =>
            invocation.Instance ??
            (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

        /// <summary>True when <paramref name="operation"/> evaluates to a value of an unvalidated token (or one built from it).</summary>
        public bool Carries(IOperation? operation) => Carries(operation, 0);

        private bool Carries(IOperation? operation, int depth)
        {
            if (operation is null || IsEmpty || depth > 32)
            {
                return false;
            }

            if (_memo.TryGetValue(operation, out var known))
            {
                return known;
            }

            _memo[operation] = false; // cycles through conditional-access instances
            var result = Evaluate(operation, depth);
            _memo[operation] = result;
            return result;
        }

        private bool Evaluate(IOperation operation, int depth)
        {
            if (_sources.Contains(operation))
            {
                return true;
            }

            if (_guards.Count > 0 && IsGuarded(operation))
            {
                return false;
            }

            if (operation.Type?.SpecialType == SpecialType.System_Boolean)
            {
                return false; // a comparison, a lookup's success: never the value itself
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    return Carries(conversion.Operand, depth + 1);
                case IParenthesizedOperation parenthesized:
                    return Carries(parenthesized.Operand, depth + 1);
                case ILocalReferenceOperation local:
                    return _locals.Contains(local.Local);
                case IParameterReferenceOperation parameter:
                    return _parameters.Contains(parameter.Parameter);
                case IConditionalOperation conditional:
                    return Carries(conditional.WhenTrue, depth + 1) || Carries(conditional.WhenFalse, depth + 1);
                case ICoalesceOperation coalesce:
                    return Carries(coalesce.Value, depth + 1) || Carries(coalesce.WhenNull, depth + 1);
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation interpolation && Carries(interpolation.Expression, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;
                case IBinaryOperation binary:
                    return binary.Type?.SpecialType == SpecialType.System_String &&
                           (Carries(binary.LeftOperand, depth + 1) || Carries(binary.RightOperand, depth + 1));
                case IPropertyReferenceOperation property:
                    return Carries(property.Instance, depth + 1); // jwt.Issuer, jwt.Header.X5c, jwt.Payload["tid"]; not map[iss]
                case IFieldReferenceOperation field:
                    return Carries(field.Instance, depth + 1);
                case IArrayElementReferenceOperation element:
                    return Carries(element.ArrayReference, depth + 1);
                case IConditionalAccessOperation access:
                    return Carries(access.Operation, depth + 1);
                case IConditionalAccessInstanceOperation instance:
                    return ConditionalAccessOf(instance) is { } owner && Carries(owner.Operation, depth + 1);
                case IAwaitOperation awaited:
                    return Carries(awaited.Operation, depth + 1);
                case ISimpleAssignmentOperation assignment:
                    return Carries(assignment.Value, depth + 1);
                case IInvocationOperation invocation:
                    return InvocationCarries(invocation, depth);
                case IObjectCreationOperation creation when _followHelpers && IsConfigurationManager(creation.Type):
                    return false; // TA308 reports its address; what it fetches is not reported a second time
                case IObjectCreationOperation creation:
                    return AnyArgumentCarries(creation.Arguments, depth + 1) ||
                           (creation.Initializer is { } created && Carries(created, depth + 1));
                case IObjectOrCollectionInitializerOperation initializer:
                    foreach (var member in initializer.Initializers)
                    {
                        var carries = member switch
                        {
                            ISimpleAssignmentOperation assigned => Carries(assigned.Value, depth + 1),
                            IInvocationOperation added => AnyArgumentCarries(added.Arguments, depth + 1),
                            IMemberInitializerOperation nested => Carries(nested.Initializer, depth + 1),
                            _ => false,
                        };
                        if (carries)
                        {
                            return true;
                        }
                    }

                    return false;
                case IArrayCreationOperation array:
                    return array.Initializer is { } arrayElements && Carries(arrayElements, depth + 1);
                case IArrayInitializerOperation elements:
                    return AnyCarries(elements.ElementValues, depth + 1);
                case IAnonymousObjectCreationOperation anonymous:
                    return AnyCarries(anonymous.Initializers, depth + 1);
                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        if (Carries(arm.Value, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;
                case IArgumentOperation argument:
                    return Carries(argument.Value, depth + 1);
                default:
                    // Collection expressions and spreads ([a, .. b]) are not in the Roslyn 4.5 API: their elements decide.
                    if (operation.Kind.ToString() is "CollectionExpression" or "Spread")
                    {
                        foreach (var child in operation.ChildOperations)
                        {
                            if (Carries(child, depth + 1))
                            {
                                return true;
                            }
                        }
                    }

                    return false;
            }
        }

        // Loops, not LINQ, in Carries and its helpers: a lambda that captures `depth` made every call of this recursive
        // method allocate its closure, and each lambda is one more method to JIT on first use (issue 22).
        private bool AnyCarries(ImmutableArray<IOperation> values, int depth)
        {
            foreach (var value in values)
            {
                if (Carries(value, depth))
                {
                    return true;
                }
            }

            return false;
        }

        private bool AnyArgumentCarries(ImmutableArray<IArgumentOperation> arguments, int depth)
        {
            foreach (var argument in arguments)
            {
                if (Carries(argument.Value, depth))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- Values checked against a fixed set ----

        /// <summary>
        /// Finds the values the body checks against a fixed set before it uses them: <c>if (!allowed.Contains(tid)) throw</c>
        /// (or <c>return</c>), <c>if (!map.TryGetValue(iss, out _)) return</c>, <c>if (iss != Expected) throw</c>, which guard
        /// the rest of the body, and <c>if (allowed.Contains(tid)) { ... }</c>, which guards its block. A check whose
        /// failing branch carries on (<c>if (!list.Contains(x)) list.Add(x)</c>) guards nothing.
        /// </summary>
        private bool FindGuards()
        {
            if (IsEmpty)
            {
                return false;
            }

            foreach (var operation in _operations)
            {
                if (operation is ISwitchExpressionOperation switchExpression)
                {
                    AddArmGuards(switchExpression);
                    continue;
                }

                if (operation is not IConditionalOperation { IsRef: false } test || test.Type is not null && test.Type.SpecialType != SpecialType.System_Void)
                {
                    continue; // if statements only
                }

                AddGuards(test, test.Condition, partOf: BinaryOperatorKind.None, negate: false);
            }

            return _guards.Count > 0;
        }

        /// <summary>
        /// Round AW: an arm of <c>tid switch { "a" or "b" =&gt; $"...{tid}...", _ =&gt; throw ... }</c> is reached only for those
        /// constants, so the value is checked against a fixed set there.
        /// </summary>
        private void AddArmGuards(ISwitchExpressionOperation switchExpression)
        {
            if (!Carries(switchExpression.Value))
            {
                return;
            }

            var text = Normalize(switchExpression.Value.Syntax);
            foreach (var arm in switchExpression.Arms)
            {
                if (arm.Guard is null && IsConstantsOnly(arm.Pattern))
                {
                    _guards.Add(new Guard(text, arm.Value.Syntax.Span));
                }
            }
        }

        private static bool IsConstantsOnly(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => constant.Value.ConstantValue is { HasValue: true, Value: not null },
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } either => IsConstantsOnly(either.LeftPattern) && IsConstantsOnly(either.RightPattern),
            _ => false,
        };

        /// <summary>
        /// The guards one condition of <paramref name="test"/> sets. A part of <c>a || b</c> whose test exits holds its
        /// negation after the <c>if</c> (round AU: <c>if (tid == null || !Allowed.Contains(tid)) return null;</c>); a part of
        /// <c>a &amp;&amp; b</c> holds inside the block. A part holds nothing else on its own.
        /// </summary>
        private void AddGuards(IConditionalOperation test, IOperation operand, BinaryOperatorKind partOf, bool negate)
        {
            var condition = DelegateBody.Unwrap(operand);
            var negated = negate;
            while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                negated = !negated;
                condition = DelegateBody.Unwrap(not.Operand);
            }

            if (!negated && condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.ConditionalAnd } both &&
                (partOf == BinaryOperatorKind.None || partOf == both.OperatorKind))
            {
                AddGuards(test, both.LeftOperand, both.OperatorKind, negate: false);
                AddGuards(test, both.RightOperand, both.OperatorKind, negate: false);
                return;
            }

            if (negated && partOf == BinaryOperatorKind.None && condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } all)
            {
                // !(a && b) is !a || !b (round AW: `if (!(tid != null && Allowed.Contains(tid))) return null;`)
                AddGuards(test, all.LeftOperand, BinaryOperatorKind.ConditionalOr, negate: true);
                AddGuards(test, all.RightOperand, BinaryOperatorKind.ConditionalOr, negate: true);
                return;
            }

            if (condition is null || CheckedValue(condition, ref negated) is not { } checkedValue)
            {
                return;
            }

            var text = Normalize(checkedValue.Syntax);
            var after = TextSpan.FromBounds(test.Syntax.Span.End, Root.Syntax.Span.End);
            if (negated && partOf != BinaryOperatorKind.ConditionalAnd && Exits(test.WhenTrue))
            {
                _guards.Add(new Guard(text, after));
            }
            else if (!negated && partOf != BinaryOperatorKind.ConditionalOr)
            {
                _guards.Add(new Guard(text, test.WhenTrue.Syntax.Span));
                if (partOf == BinaryOperatorKind.None && test.WhenFalse is { } otherwise && Exits(otherwise))
                {
                    _guards.Add(new Guard(text, after));
                }
            }
        }

        /// <summary>
        /// The value a condition checks against a fixed set (true when the value is in it; <paramref name="negated"/>
        /// flips for <c>!=</c>): <c>set.Contains(v)</c>, <c>map.ContainsKey(v)</c>, <c>map.TryGetValue(v, out _)</c>,
        /// <c>v == Constant</c>, <c>string.Equals(v, Constant, ...)</c>. The set must not itself come from the token.
        /// </summary>
        private IOperation? CheckedValue(IOperation condition, ref bool negated)
        {
            switch (condition)
            {
                case IInvocationOperation { TargetMethod.Name: "Contains" or "ContainsKey" or "TryGetValue" } lookup:
                    var set = Receiver(lookup);
                    var value = FirstArgumentBesides(lookup, set);
                    return set is not null && value is not null && !Carries(set) && Carries(value) ? value : null;
                case IInvocationOperation { TargetMethod.Name: "Equals" } equals:
                    var operands = ComparedOperands(equals);
                    return operands.Count == 2 ? FixedComparison(operands[0], operands[1]) : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    if (comparison.OperatorKind == BinaryOperatorKind.NotEquals)
                    {
                        negated = !negated;
                    }

                    return FixedComparison(comparison.LeftOperand, comparison.RightOperand);
                default:
                    return null;
            }
        }

        private IOperation? FixedComparison(IOperation left, IOperation right)
        {
            if (Carries(left) && IsFixed(right))
            {
                return left;
            }

            return Carries(right) && IsFixed(left) ? right : null;
        }

        private bool IsFixed(IOperation operation) => DelegateBody.Unwrap(operation) switch
        {
            { ConstantValue.HasValue: true } constant => constant.ConstantValue.Value is not null,
            IFieldReferenceOperation field => !Carries(field),
            IPropertyReferenceOperation property => !Carries(property),
            _ => false,
        };

        /// <summary>A branch that leaves: a <c>throw</c>, <c>return</c>, or a block that ends in one.</summary>
        private static bool Exits(IOperation branch)
        {
            while (branch is IBlockOperation block && block.Operations.Length > 0)
            {
                branch = block.Operations[block.Operations.Length - 1];
            }

            return branch is IReturnOperation or IThrowOperation ||
                   branch is IExpressionStatementOperation { Operation: IThrowOperation } ||
                   branch is IBranchOperation { BranchKind: BranchKind.Continue or BranchKind.Break };
        }

        private bool IsGuarded(IOperation operation)
        {
            if (operation is not (ILocalReferenceOperation or IPropertyReferenceOperation or IFieldReferenceOperation or IInvocationOperation or IConditionalAccessOperation))
            {
                return false;
            }

            var text = Normalize(operation.Syntax);
            var span = operation.Syntax.Span;
            foreach (var guard in _guards)
            {
                if (guard.Scope.Contains(span) && string.Equals(guard.Text, text, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Normalize(SyntaxNode syntax)
        {
            var text = syntax.ToString();
            var builder = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        private static IConditionalAccessOperation? ConditionalAccessOf(IConditionalAccessInstanceOperation instance)
        {
            for (var current = instance.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation access)
                {
                    return access;
                }
            }

            return null;
        }

        private bool InvocationCarries(IInvocationOperation invocation, int depth)
        {
            var method = invocation.TargetMethod;
            if (method.ReturnsVoid)
            {
                return false;
            }

            var receiver = Receiver(invocation);
            if (receiver is not null && Carries(receiver, depth + 1))
            {
                return true; // jwt.GetClaim("tid"), jwt.Claims.First(...), x5c.ToString(), header.GetValue("jwk")
            }

            if (LookupNames.Contains(method.Name) || (_followHelpers && IsMetadataRetrieval(method)))
            {
                return false; // map.GetValueOrDefault(iss), monitor.Get(scheme): chooses a pre-configured value
            }

            var carried = new List<int>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value != receiver && argument.Parameter is { } parameter && Carries(argument.Value, depth + 1))
                {
                    carried.Add(parameter.Ordinal);
                }
            }

            if (carried.Count == 0)
            {
                return false;
            }

            if (method.MethodKind == MethodKind.DelegateInvoke)
            {
                // A delegate whose lambda or method is in the compilation (a field or local assigned once) is followed as
                // a helper. One the code was handed (Func<string, IEnumerable<SecurityKey>> resolveIssuerSigningKeys) is
                // opaque: like an instance method on a store, given the issuer it looks its keys up (round X, a real OIDC
                // server's client-key registry).
                return _followHelpers && DelegateBody.Resolve(invocation.Instance, _symbols.Compilation, _cancellationToken) is { } target &&
                       HelperReturnsDownload(target.Method, carried);
            }

            if (!method.DeclaringSyntaxReferences.IsEmpty)
            {
                // A method of the compilation: followed one call deep, and only when it downloads what it is given.
                return _followHelpers && HelperReturnsDownload(method, carried);
            }

            return IsTransform(method);
        }

        /// <summary>
        /// A library call that builds its result from its arguments: a static method (<c>string.Format</c>,
        /// <c>Convert.FromBase64String</c>, <c>JsonWebKey.Create</c>, <c>JsonSerializer.Deserialize</c>), a LINQ operator
        /// that adds to a sequence (<c>Append</c>, <c>Concat</c>, <c>Union</c>), or an instance method of an encoder or an
        /// HTTP client (<c>Encoding.UTF8.GetBytes</c>, <c>http.GetStringAsync(url)</c>). Other instance and extension
        /// methods called on a store with the value as argument look something up (<c>db.Tenants.FindAsync(tid)</c>,
        /// <c>configuration.GetValue&lt;string&gt;($"Tenants:{tid}")</c>, <c>cache.Get(iss)</c>): their result is pre-configured.
        /// </summary>
        private static bool IsTransform(IMethodSymbol method)
        {
            if (method.IsExtensionMethod)
            {
                return method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable";
            }

            if (method.IsStatic)
            {
                return true;
            }

            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                switch (type.ToDisplayString())
                {
                    case "System.Text.Encoding":
                    case "System.Text.StringBuilder":
                    case "System.Net.Http.HttpMessageInvoker":
                    case "System.Net.WebClient":
                    case "System.Security.Cryptography.HashAlgorithm":
                    case "Microsoft.IdentityModel.Protocols.HttpDocumentRetriever":
                    case "Microsoft.IdentityModel.Protocols.FileDocumentRetriever":
                        return true;
                }
            }

            return false;
        }

        private bool HelperReturnsDownload(IMethodSymbol method, List<int> carried)
        {
            method = method.PartialImplementationPart ?? method;
            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
#pragma warning disable RS1030 // The helper may be declared in another file; only reached for a value of an unvalidated token passed to it.
            var model = _symbols.Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            var body = OperationTrees.Get(model, syntax, _cancellationToken);
            if (body is null || !Downloads(body))
            {
                return false;
            }

            var parameters = new List<IParameterSymbol>();
            foreach (var ordinal in carried)
            {
                if (ordinal < method.Parameters.Length)
                {
                    parameters.Add(method.Parameters[ordinal]);
                }
            }

            var helper = new UnvalidatedToken(body, parameters, _symbols, followHelpers: false, _cancellationToken);
            foreach (var operation in helper.Operations)
            {
                if (operation is IReturnOperation returned && helper.Carries(returned.ReturnedValue))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The body makes a network fetch: an HttpClient/WebClient request, a document retriever, or a ConfigurationManager.</summary>
        private bool Downloads(IOperation body)
        {
            foreach (var operation in MemberBody.All(body))
            {
                var download = operation switch
                {
                    IInvocationOperation invocation => DownloadNames.Contains(invocation.TargetMethod.Name),
                    IObjectCreationOperation creation => IsConfigurationManager(creation.Type),
                    _ => false,
                };
                if (download)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>OpenIdConnectConfigurationRetriever.GetAsync(address, ...)</c>: TA308 reports its address.</summary>
        public bool IsMetadataRetrieval(IMethodSymbol method) =>
            method.Name == "GetAsync" && method.ContainingType.InheritsFromOrEquals(_symbols.OpenIdConnectConfigurationRetriever);

        public bool IsConfigurationManager(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && _symbols.ConfigurationManager is { } manager &&
            SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, manager);

        // ---- Collections filled with a value ----

        /// <summary>The calls that put a value of an unvalidated token into <paramref name="local"/> (<c>list.Add(jwt.Issuer)</c>).</summary>
        public IReadOnlyCollection<IInvocationOperation> AddsInto(ILocalSymbol local) =>
            _filled.TryGetValue(local, out var adds) ? adds : (IReadOnlyCollection<IInvocationOperation>)Array.Empty<IInvocationOperation>();

        /// <summary>The adds behind every filled local that <paramref name="value"/> reads (<c>issuers</c>, <c>issuers.Distinct()</c>).</summary>
        public List<IInvocationOperation> FilledThrough(IOperation value)
        {
            // Lists, not iterators, here and in CarriedReturnsOf: an iterator is a class of five methods to JIT on
            // first use (issue 22).
            var found = new List<IInvocationOperation>();
            if (_filled.Count == 0)
            {
                return found;
            }

            foreach (var operation in value.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation local && _filled.TryGetValue(local.Local, out var adds))
                {
                    found.AddRange(adds);
                }
            }

            return found;
        }

        /// <summary>The value an add-like call (<c>Add</c>, <c>AddRange</c>, <c>Insert</c>, ...) puts into its receiver, when it carries one.</summary>
        public bool AddsCarriedValue(IInvocationOperation invocation, out IOperation? receiver)
        {
            receiver = Receiver(invocation);
            if (!AddNames.Contains(invocation.TargetMethod.Name) || receiver is null)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value != receiver && Carries(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- Signing-key resolvers ----

        /// <summary>The resolver properties: they run before the signature is checked, on the token being validated.</summary>
        public static readonly HashSet<string> ResolverNames = NameSet.Of("IssuerSigningKeyResolver", "IssuerSigningKeyResolverUsingConfiguration");

        /// <summary>The resolver's <c>SecurityToken</c> parameter (the second): the token being validated, not yet verified.</summary>
        public static IParameterSymbol? ResolverToken(IMethodSymbol resolver) =>
            resolver.Parameters.Length >= 4 ? resolver.Parameters[1] : null;

        /// <summary>
        /// The flow that covers a signing-key resolver. A lambda or local function declared in
        /// <paramref name="enclosingMember"/> is followed with that member (it may capture a token read there); a method
        /// group is followed on its own.
        /// </summary>
        public static UnvalidatedToken ForResolver(DelegateBody resolver, IOperation? enclosingMember, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var root = enclosingMember is not null && IsDeclaredIn(resolver.Method, enclosingMember.Syntax) ? enclosingMember : resolver.Body;
            var token = ResolverToken(resolver.Method);
            return token is null ? Follow(root, symbols, cancellationToken) : Follow(root, symbols, cancellationToken, token);
        }

        private static bool IsDeclaredIn(IMethodSymbol method, SyntaxNode syntax) =>
            method.DeclaringSyntaxReferences.Length == 1 &&
            method.DeclaringSyntaxReferences[0].SyntaxTree == syntax.SyntaxTree &&
            syntax.Span.Contains(method.DeclaringSyntaxReferences[0].Span);

        /// <summary>The <c>return</c>s of <paramref name="function"/> (not of functions nested in it) whose value carries a value of the token.</summary>
        public List<IReturnOperation> CarriedReturnsOf(IMethodSymbol function)
        {
            var carried = new List<IReturnOperation>();
            foreach (var operation in _operations)
            {
                if (operation is IReturnOperation { ReturnedValue: { } value } returned &&
                    SymbolEqualityComparer.Default.Equals(EnclosingFunction(returned), function) &&
                    (Carries(value) || FilledThrough(value).Count > 0))
                {
                    carried.Add(returned);
                }
            }

            return carried;
        }

        private ISymbol? EnclosingFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation function:
                        return function.Symbol;
                    case ILocalFunctionOperation local:
                        return local.Symbol;
                }
            }

            return Root.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart, _cancellationToken);
        }

        /// <summary>
        /// TA308's resolver shape: the resolver returns a key built from the token it is resolving for, outside the
        /// exemptions (DPoP proofs, pinned certificate chains). TA304 stays silent on such a resolver: TA308 says more.
        /// </summary>
        public static bool ResolverReturnsTokenKey(DelegateBody resolver, IOperation? enclosingMember, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            var flow = ForResolver(resolver, enclosingMember, symbols, cancellationToken);
            return !flow.IsEmpty && !flow.ChecksDpopProof() && !flow.PinsCertificate() && flow.CarriedReturnsOf(resolver.Method).Count > 0;
        }

        // ---- Exemptions of TA308 ----

        /// <summary>
        /// The body checks a DPoP proof: it compares the token's <c>typ</c> with <c>dpop+jwt</c>. A DPoP proof carries its
        /// own public key in the <c>jwk</c> header by design (RFC 9449); the proof is bound to the access token instead.
        /// </summary>
        public bool ChecksDpopProof()
        {
            foreach (var operation in _operations)
            {
                if (DpopProof.IsProofType(operation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The body validates an <c>x5c</c> certificate against a pinned root: <c>X509Chain.Build</c> with a custom
        /// trust store (<c>CustomTrustStore</c>, <c>TrustMode</c>), or a comparison of a thumbprint or public key with a
        /// constant or a field. A trust store given certificates of the token itself pins nothing: the attacker ships
        /// a root of their own in <c>x5c</c> and the chain builds.
        /// </summary>
        public bool PinsCertificate()
        {
            var builds = false;
            var customTrust = false;
            var trustsToken = false;
            foreach (var operation in _operations)
            {
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod.Name: "Build" } build when build.TargetMethod.ContainingType?.Name == "X509Chain":
                        builds = true;
                        break;
                    case IInvocationOperation { Instance: IPropertyReferenceOperation { Property.Name: "CustomTrustStore" } } add
                        when AddsTokenValue(add):
                        trustsToken = true;
                        break;
                    case IPropertyReferenceOperation { Property.Name: "CustomTrustStore" or "TrustMode" }:
                        customTrust = true;
                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                        when IsPinnedComparison(comparison.LeftOperand, comparison.RightOperand):
                        return true;
                    case IInvocationOperation { TargetMethod.Name: "Equals" or "SequenceEqual" } equals when ComparesPinned(equals):
                        return true;
                }
            }

            return builds && customTrust && !trustsToken;
        }

        /// <summary>An argument of the call carries a value of the token, or is a collection filled with one (<c>store.Add(cert)</c>).</summary>
        private bool AddsTokenValue(IInvocationOperation add)
        {
            foreach (var argument in add.Arguments)
            {
                if (Carries(argument.Value) || FilledThrough(argument.Value).Count > 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>a.Equals(b)</c>, <c>string.Equals(a, b, ...)</c>, <c>a.SequenceEqual(b)</c> with a certificate identity on one side and a pinned value on the other.</summary>
        private static bool ComparesPinned(IInvocationOperation equals)
        {
            var operands = ComparedOperands(equals);
            return operands.Count >= 2 && IsPinnedComparison(operands[0], operands[1]);
        }

        /// <summary>What an <c>Equals</c>-like call compares: its instance, then its arguments but a <c>StringComparison</c>.</summary>
        private static List<IOperation> ComparedOperands(IInvocationOperation equals)
        {
            var operands = new List<IOperation>();
            if (equals.Instance is { } instance)
            {
                operands.Add(instance);
            }

            foreach (var argument in equals.Arguments)
            {
                if (argument.Value.Type?.Name != "StringComparison")
                {
                    operands.Add(argument.Value);
                }
            }

            return operands;
        }

        /// <summary>The value of the first argument that is not <paramref name="receiver"/> (an extension call's receiver is its first argument).</summary>
        private static IOperation? FirstArgumentBesides(IInvocationOperation invocation, IOperation? receiver)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value != receiver)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private static bool IsPinnedComparison(IOperation left, IOperation right) =>
            (IsCertificateIdentity(left) && IsPinned(right)) || (IsCertificateIdentity(right) && IsPinned(left));

        private static bool IsCertificateIdentity(IOperation operation) => DelegateBody.Unwrap(operation) switch
        {
            IPropertyReferenceOperation { Property.Name: "Thumbprint" or "RawData" or "EncodedKeyValue" } => true,
            IInvocationOperation { TargetMethod.Name: "GetCertHashString" or "GetCertHash" or "GetPublicKey" or "GetPublicKeyString" or "ExportSubjectPublicKeyInfo" or "GetRawCertData" } => true,
            _ => false,
        };

        private static bool IsPinned(IOperation operation) => DelegateBody.Unwrap(operation) switch
        {
            { ConstantValue.HasValue: true } constant => constant.ConstantValue.Value is not null,
            IFieldReferenceOperation => true,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } => true,
            _ => false,
        };

        /// <summary>
        /// A checked value (its normalized text) and the span where the check holds. A class, not a tuple: a list of a
        /// tuple is code the JIT compiles for that tuple alone at first use (issue 22).
        /// </summary>
        private sealed class Guard
        {
            public Guard(string text, TextSpan scope)
            {
                Text = text;
                Scope = scope;
            }

            public string Text { get; }

            public TextSpan Scope { get; }
        }
    }
}
