using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA601: JWT.NET (package <c>JWT</c>) decodes a token without verifying its signature. Explicit forms are
    /// reported at the configuring call, once (<c>DoNotVerifySignature()</c>, <c>WithVerifySignature(false)</c>,
    /// <c>WithValidationParameters(ValidationParameters.None)</c>, <c>ValidateSignature = false</c>,
    /// <c>WithAlgorithm(new NoneAlgorithm())</c>, a factory that hands out <c>NoneAlgorithm</c>, <c>verify: false</c>,
    /// a <c>JwtDecoder</c> without a validator). The library's defaults depend on its version, read from the referenced
    /// assembly: before 9.0 the builder decodes without verifying unless <c>MustVerifySignature()</c> is called, before
    /// 10.0 the one-argument <c>decoder.Decode(token)</c> never verifies; those decode calls are reported themselves.
    /// A decode whose result is read for header or expiry only (the exemption TA401 has), or of a token the same
    /// member also decodes with verification, is legitimate and stays silent, and so is a decoder without a validator
    /// whose every decode passes <c>verify: true</c> (the library throws there: nothing gets through).
    /// </summary>
    internal sealed class JwtNetDecodeRule : TokenRule
    {
        /// <summary>Builder calls that turn verification on, off, or set what verifies.</summary>
        private static readonly HashSet<string> ConfiguringNames = NameSet.Of(
            "DoNotVerifySignature", "WithVerifySignature", "WithValidationParameters", "WithAlgorithm");

        private static readonly HashSet<string> DecodeNames = NameSet.Of("Decode", "DecodeToObject");

        private static readonly Version BuilderVerifiesFrom = new Version(9, 0, 0);
        private static readonly Version OneArgumentDecodeVerifiesFrom = new Version(10, 0, 0);

        /// <summary>
        /// Before 7.1.0 a verifying builder needs <c>WithSecret</c> even where the algorithm holds the key
        /// (<c>new RS256Algorithm(publicKey)</c>): without it every decode throws ArgumentNullException, the genuine tokens'
        /// too (round AV, proven with 6.1.0; jwt-dotnet/jwt#277, fixed in 7.1.0-beta1; 7.3.1 verifies).
        /// </summary>
        private static readonly Version KeyedAlgorithmVerifiesFrom = new Version(7, 1, 0);

        private const int MaxChainDepth = 4;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(JwtNetDecodesWithoutVerification);

        /// <summary>Needs JWT.NET only; Microsoft.IdentityModel may be absent.</summary>
        internal override void Start(RuleStart start, TokenSymbols? symbols)
        {
            var library = Library.TryCreate(start.Compilation);
            if (library is null)
            {
                return; // JWT.NET is not referenced: nothing to pay
            }

            start.OnNamed(CandidateKind.Invocation, ConfiguringNames, context => AnalyzeConfiguringCall(context, library));
            start.OnNamed(CandidateKind.Invocation, DecodeNames, context => AnalyzeDecode(context, library));
            start.OnNamed(CandidateKind.ObjectCreation, new[] { "JwtDecoder", "NoneAlgorithm" }, context => AnalyzeCreation(context, library));
            start.On(CandidateKind.TargetTypedCreation, context => AnalyzeCreation(context, library));
            if (library.ValidationParameters is not null)
            {
                start.OnAssignment(new[] { "ValidateSignature" }, ValueFilter.MayBeConstantFalse, context => AnalyzeValidateSignature(context, library));
            }
        }

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
        }

        // ---- configuring calls: DoNotVerifySignature(), WithVerifySignature(false), WithValidationParameters(None), WithAlgorithm(None) ----

        private static void AnalyzeConfiguringCall(NodeContext context, Library library)
        {
            if (OperationTrees.Get(context.SemanticModel, context.Node, context.CancellationToken) is not IInvocationOperation call ||
                !library.IsBuilderCall(call) ||
                Switch(call, library, context) is not { Verifies: false } setting)
            {
                return;
            }

            // Only the call that wins counts: a later MustVerifySignature() in the same chain turns it back on. Calls made
            // on the builder's local before this one count too (round AB: a builder configured statement by statement
            // got "no key" and no fix).
            var chainEnd = ChainEnd(call, library);
            var state = BuilderState.OfChain(chainEnd, library, context, upTo: call);
            if (state.SwitchedBy is null || !SymbolEqualityComparer.Default.Equals(state.SwitchedBy.TargetMethod, call.TargetMethod) || state.SwitchedBy.Syntax != call.Syntax)
            {
                return;
            }

            if (Parent(chainEnd) is IInvocationOperation { TargetMethod.Name: "Encode" } encode && encode.Instance is { } encoded && Unwrapped(encoded) == chainEnd)
            {
                return; // the builder writes a token and reads none: there is no signature to verify
            }

            var decodes = DecodesOf(chainEnd, library, context);
            if (decodes.Count > 0 && decodes.TrueForAll(decode => IsExempt(decode, library, context)))
            {
                return;
            }

            var fix = state.CanVerify && setting.Fix is not null ? setting.Fix : null;
            Report(context, call, ReportedSpan(call), "'" + setting.Text + "' switches signature verification off", fix, state.Missing, argumentIndex: setting.ArgumentIndex);
        }

        /// <summary>A verification switch of the builder: on, off (with the text to name and the fix it allows), or null (not a switch).</summary>
        private static Setting? Switch(IInvocationOperation call, Library library, NodeContext context)
        {
            var compilation = context.SemanticModel.Compilation;
            switch (call.TargetMethod.Name)
            {
                case "MustVerifySignature":
                    return new Setting(true, null, null, -1);
                case "DoNotVerifySignature":
                    return new Setting(false, "DoNotVerifySignature()", FixKinds.MustVerify, -1);
                case "WithVerifySignature" when call.Arguments.Length == 1:
                    return ConstantValues.IsConstantFalse(call.Arguments[0].Value, compilation, context.CancellationToken)
                        ? new Setting(false, "WithVerifySignature(false)", FixKinds.VerifyArgumentTrue, ArgumentIndex(call, call.Arguments[0]))
                        : new Setting(true, null, null, -1);
                case "WithValidationParameters" when call.Arguments.Length == 1:
                    return IsValidationParametersNone(call.Arguments[0].Value, library)
                        ? new Setting(false, "WithValidationParameters(ValidationParameters.None)", null, -1)
                        : new Setting(true, null, null, -1); // other parameters verify unless ValidateSignature = false (reported there)
                case "WithAlgorithm" when call.Arguments.Length == 1:
                    return library.IsNoneAlgorithm(Resolve(call.Arguments[0].Value, compilation, context.CancellationToken))
                        ? new Setting(false, "WithAlgorithm(new NoneAlgorithm())", null, -1)
                        : null;
                default:
                    return null;
            }
        }

        private static bool IsValidationParametersNone(IOperation value, Library library) =>
            DelegateBody.Unwrap(value) is IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property } &&
            SymbolEqualityComparer.Default.Equals(property.ContainingType, library.ValidationParameters);

        // ---- ValidateSignature = false on JWT.ValidationParameters (9.0 and later) ----

        private static void AnalyzeValidateSignature(NodeContext context, Library library)
        {
            if (OperationTrees.Get(context.SemanticModel, context.Node, context.CancellationToken) is not ISimpleAssignmentOperation
                {
                    Target: IPropertyReferenceOperation { Property.Name: "ValidateSignature" } target,
                } assignment ||
                !target.Property.ContainingType.InheritsFromOrEquals(library.ValidationParameters) ||
                !ConstantValues.IsConstantFalse(assignment.Value, context.SemanticModel.Compilation, context.CancellationToken))
            {
                return;
            }

            Report(context, null, context.Node.Span, "'ValidateSignature = false'", null, missing: null, argumentIndex: -1);
        }

        // ---- creations: a JwtDecoder without a validator, a NoneAlgorithm handed to a factory or decoder ----

        private static void AnalyzeCreation(NodeContext context, Library library)
        {
            if (OperationTrees.Get(context.SemanticModel, context.Node, context.CancellationToken) is not IObjectCreationOperation creation)
            {
                return;
            }

            if (SymbolEqualityComparer.Default.Equals(creation.Type, library.JwtDecoder) && IsWithoutValidator(creation))
            {
                var decodes = DecodesOfDecoder(creation, context);
                if (decodes.Count > 0 && decodes.TrueForAll(decode => AsksToVerify(decode, context) || IsExempt(decode, library, context)))
                {
                    return; // every decode is exempt, or asks to verify, which a decoder without a validator refuses
                }

                Report(context, null, context.Node.Span, "This JwtDecoder has no validator", null, NoValidator, argumentIndex: -1);
                return;
            }

            if (library.IsNoneAlgorithm(creation) && HandsOutForDecoding(creation, library))
            {
                Report(context, null, context.Node.Span, "NoneAlgorithm is handed to the decoder", null, NoAlgorithm, argumentIndex: -1);
            }
        }

        /// <summary>
        /// <c>verify: true</c>, passed as a constant: a decoder without a validator throws there instead of decoding
        /// (verified with JWT 6.1.0 and 7.3.1), so no token gets through that call, forged or genuine.
        /// </summary>
        private static bool AsksToVerify(IInvocationOperation decode, NodeContext context)
        {
            foreach (var argument in decode.Arguments)
            {
                if (argument.Parameter is { Name: "verify", Type.SpecialType: SpecialType.System_Boolean } &&
                    argument.ArgumentKind != ArgumentKind.DefaultValue &&
                    ConstantValues.GetConstant(argument.Value, context.SemanticModel.Compilation, context.CancellationToken) is { HasValue: true, Value: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The two-argument constructor (serializer, URL encoder): the decoder can never verify.</summary>
        private static bool IsWithoutValidator(IObjectCreationOperation creation) =>
            creation.Constructor is { } constructor &&
            !constructor.Parameters.IsEmpty &&
            !HasParameterOf(constructor, "IJwtValidator");

        private static bool HasParameterOf(IMethodSymbol method, string typeName)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.Name == typeName)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A NoneAlgorithm that an algorithm factory returns (<c>new DelegateAlgorithmFactory(new NoneAlgorithm())</c>,
        /// a lambda given to it, <c>Create</c> of an <c>IAlgorithmFactory</c>) or a decoder is built with. Given
        /// directly to <c>WithAlgorithm</c> it is reported at that call; given to an encoder it decodes nothing.
        /// </summary>
        private static bool HandsOutForDecoding(IObjectCreationOperation creation, Library library)
        {
            var current = DelegateBody.Outermost(creation);

            switch (current.Parent)
            {
                case IArgumentOperation { Parent: IObjectCreationOperation consumer }:
                    return SymbolEqualityComparer.Default.Equals(consumer.Type, library.JwtDecoder) ||
                           Implements(consumer.Type, library.AlgorithmFactory);
                case IReturnOperation returned:
                    return ReturnsFromFactory(returned, library);
                default:
                    return false;
            }
        }

        private static bool ReturnsFromFactory(IReturnOperation returned, Library library)
        {
            for (IOperation? current = returned; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    // new DelegateAlgorithmFactory(() => new NoneAlgorithm())
                    var outer = lambda.Parent;
                    while (outer is IDelegateCreationOperation or IConversionOperation)
                    {
                        outer = outer.Parent;
                    }

                    return outer is IArgumentOperation { Parent: IObjectCreationOperation consumer } &&
                           Implements(consumer.Type, library.AlgorithmFactory);
                }

                if (current is IMethodBodyOperation or IBlockOperation { Parent: null })
                {
                    break;
                }
            }

            // IJwtAlgorithm Create(...) of a type implementing IAlgorithmFactory
            return returned.SemanticModel?.GetEnclosingSymbol(returned.Syntax.SpanStart) is IMethodSymbol { Name: "Create" } method &&
                   Implements(method.ContainingType, library.AlgorithmFactory);
        }

        // ---- decode calls ----

        private static void AnalyzeDecode(NodeContext context, Library library)
        {
            if (OperationTrees.Get(context.SemanticModel, context.Node, context.CancellationToken) is not IInvocationOperation decode)
            {
                return;
            }

            if (library.IsBuilderCall(decode))
            {
                AnalyzeBuilderDecode(context, decode, library);
            }
            else if (library.IsDecoderCall(decode))
            {
                AnalyzeDecoderDecode(context, decode, library);
            }
        }

        /// <summary>Before 9.0 the builder verifies only when told to (<c>MustVerifySignature()</c>).</summary>
        private static void AnalyzeBuilderDecode(NodeContext context, IInvocationOperation decode, Library library)
        {
            if (library.Version >= BuilderVerifiesFrom || decode.Instance is null)
            {
                return;
            }

            var state = BuilderState.OfChain(decode.Instance, library, context, upTo: decode);
            if (!state.IsKnown || state.Configured || state.SwitchedBy is not null || IsExempt(decode, library, context))
            {
                return; // switched off: reported at that call; switched on or set elsewhere: nothing to say
            }

            Report(
                context,
                decode,
                ReportedSpan(decode),
                "JwtBuilder." + decode.TargetMethod.Name + " without MustVerifySignature() (JWT " + library.VersionText + " does not verify by default)",
                state.CanVerify && decode.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } ? FixKinds.InsertMustVerify : null,
                state.Missing,
                argumentIndex: -1);
        }

        private static void AnalyzeDecoderDecode(NodeContext context, IInvocationOperation decode, Library library)
        {
            var compilation = context.SemanticModel.Compilation;
            IArgumentOperation? verify = null;
            IArgumentOperation? key = null;
            foreach (var argument in decode.Arguments)
            {
                switch (argument.Parameter?.Name)
                {
                    case "verify" when argument.Parameter.Type.SpecialType == SpecialType.System_Boolean:
                        verify = argument;
                        break;
                    case "key" or "keys":
                        key = argument;
                        break;
                }
            }

            var root = DecoderRoot(decode, library);
            if (root is not null && IsWithoutValidator(root))
            {
                return; // reported at the decoder's creation
            }

            if (verify is not null)
            {
                if (verify.ArgumentKind == ArgumentKind.DefaultValue ||
                    !ConstantValues.IsConstantFalse(verify.Value, compilation, context.CancellationToken) ||
                    IsExempt(decode, library, context))
                {
                    return;
                }

                var hasKey = key is not null && key.ArgumentKind != ArgumentKind.DefaultValue && !IsNull(key.Value);
                Report(
                    context,
                    decode,
                    ReportedSpan(decode),
                    "'" + decode.TargetMethod.Name + "' is called with verify: false",
                    // Only a decoder whose creation is in sight is known to have a validator: verify: true on one
                    // without throws for every token (JWT 7.3.1), and one handed in may be the README's.
                    hasKey && verify.ArgumentKind == ArgumentKind.Explicit && root is not null ? FixKinds.VerifyArgumentTrue : null,
                    hasKey ? null : NoKey,
                    ArgumentIndex(decode, verify));
                return;
            }

            if (library.Version < OneArgumentDecodeVerifiesFrom && IsOneArgumentDecode(decode) && !IsExempt(decode, library, context))
            {
                Report(
                    context,
                    decode,
                    ReportedSpan(decode),
                    "The one-argument '" + decode.TargetMethod.Name + "' (JWT " + library.VersionText + ") does not verify",
                    null,
                    NoKey,
                    argumentIndex: -1);
            }
        }

        /// <summary><c>decoder.Decode(token)</c>: the token (a string or <c>JwtParts</c>) is all it is given.</summary>
        private static bool IsOneArgumentDecode(IInvocationOperation decode)
        {
            var method = decode.TargetMethod;
            var count = method.IsExtensionMethod && method.ReducedFrom is null ? method.Parameters.Length - 1 : method.Parameters.Length;
            return count == 1;
        }

        // ---- the exemptions: header or expiry reads only, or a verifying decode of the same token ----

        private static bool IsHeaderDecode(IInvocationOperation call) => call.TargetMethod.Name.StartsWith("DecodeHeader", StringComparison.Ordinal);

        private static bool IsExempt(IInvocationOperation decode, Library library, NodeContext context)
        {
            if (IsHeaderDecode(decode))
            {
                return true; // the header is not verified by any form, and carries no claims
            }

            var body = MemberBody.Find(decode.Syntax, decode.SemanticModel ?? context.SemanticModel, context.CancellationToken);
            if (body is null)
            {
                return false;
            }

            var flow = new ValueFlow(new LocalReads(body), TokenMetadataReads.ParsesPayload).Follow(decode);
            if (TokenMetadataReads.ReadsOnlyMetadata(flow))
            {
                return true;
            }

            var token = TokenArgument(decode);
            return token is not null && VerifiesElsewhere(body, decode, token, library, context);
        }

        private static IOperation? TokenArgument(IInvocationOperation decode)
        {
            foreach (var argument in decode.Arguments)
            {
                if (argument.Parameter?.Name is "token" or "jwt")
                {
                    var value = DelegateBody.Unwrap(argument.Value);
                    return value is IObjectCreationOperation { Arguments.Length: 1 } parts ? DelegateBody.Unwrap(parts.Arguments[0].Value) : value;
                }
            }

            return null;
        }

        /// <summary>
        /// The member decodes the same token string with verification too (read the key id or tenant first, then
        /// verify with the key it names), or hands it to a method whose name says it validates or verifies.
        /// </summary>
        private static bool VerifiesElsewhere(IOperation body, IInvocationOperation decode, IOperation token, Library library, NodeContext context)
        {
            var tokenSymbol = ValueFlow.NamedSymbol(token);
            foreach (var operation in MemberBody.All(body))
            {
                if (operation is not IInvocationOperation other || other.Syntax == decode.Syntax)
                {
                    continue;
                }

                var name = other.TargetMethod.Name;
                var verifying = ValidatingNames.Validates(name)
                    ? !name.StartsWith("With", StringComparison.Ordinal) && name != "MustVerifySignature" && name != "DoNotVerifySignature"
                    : DecodeNames.Contains(name) && IsVerifyingDecode(other, library, context);
                if (!verifying)
                {
                    continue;
                }

                if (tokenSymbol is null)
                {
                    return true; // the token has no name to compare: any verifying decode may be of it
                }

                var otherToken = TokenArgument(other);
                foreach (var argument in other.Arguments)
                {
                    var value = otherToken is not null && argument.Parameter?.Name is "token" or "jwt" ? otherToken : DelegateBody.Unwrap(argument.Value);
                    if (SymbolEqualityComparer.Default.Equals(ValueFlow.NamedSymbol(value), tokenSymbol))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsVerifyingDecode(IInvocationOperation decode, Library library, NodeContext context)
        {
            if (library.IsBuilderCall(decode))
            {
                if (decode.Instance is null)
                {
                    return false;
                }

                var state = BuilderState.OfChain(decode.Instance, library, context, upTo: decode);
                return state.SwitchedBy is null && (state.Configured || (state.IsKnown && library.Version >= BuilderVerifiesFrom));
            }

            if (!library.IsDecoderCall(decode))
            {
                return false;
            }

            foreach (var argument in decode.Arguments)
            {
                if (argument.Parameter is { Name: "verify", Type.SpecialType: SpecialType.System_Boolean })
                {
                    return !ConstantValues.IsConstantFalse(argument.Value, context.SemanticModel.Compilation, context.CancellationToken);
                }
            }

            return library.Version >= OneArgumentDecodeVerifiesFrom;
        }

        // ---- following builders and decoders ----

        /// <summary>The outermost builder call of the fluent chain <paramref name="call"/> is part of.</summary>
        private static IInvocationOperation ChainEnd(IInvocationOperation call, Library library)
        {
            var current = call;
            while (Parent(current) is IInvocationOperation next && next.Instance is { } instance && Unwrapped(instance) == current &&
                   library.IsBuilderCall(next) && SymbolEqualityComparer.Default.Equals(next.TargetMethod.ReturnType, library.JwtBuilder))
            {
                current = next;
            }

            return current;
        }

        private static IOperation? Parent(IOperation operation)
        {
            return DelegateBody.Outermost(operation).Parent;
        }

        private static IOperation Unwrapped(IOperation operation) => DelegateBody.Unwrap(operation) ?? operation;

        /// <summary>
        /// The decode calls made with the builder a chain ends in: on the chain itself, or through the local it is
        /// stored in (in the same member). Empty when the builder goes elsewhere (a field, a return, an argument).
        /// </summary>
        private static List<IInvocationOperation> DecodesOf(IInvocationOperation chainEnd, Library library, NodeContext context)
        {
            var decodes = new List<IInvocationOperation>();
            if (Parent(chainEnd) is IInvocationOperation decode && decode.Instance is { } instance && Unwrapped(instance) == chainEnd)
            {
                if (DecodeNames.Contains(decode.TargetMethod.Name) || IsHeaderDecode(decode))
                {
                    decodes.Add(decode);
                }

                return decodes;
            }

            return Parent(chainEnd) is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                ? DecodesThrough(declarator.Symbol, chainEnd, library, context)
                : decodes;
        }

        /// <summary>The decodes of a decoder stored in a local (its member's uses) or a field (its type's uses, round AB).</summary>
        private static List<IInvocationOperation> DecodesOfDecoder(IObjectCreationOperation creation, NodeContext context) => Parent(creation) switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => DecodesThrough(declarator.Symbol, creation, null, context),
            IFieldInitializerOperation { InitializedFields.Length: 1 } initializer => DecodesThroughField(initializer.InitializedFields[0], context),
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field: var field } } => DecodesThroughField(field, context),
            _ => new List<IInvocationOperation>(),
        };

        /// <summary>
        /// The uses of a private field written once, when its type is declared in this one file: all its uses are
        /// there. None (so the creation is judged alone) otherwise.
        /// </summary>
        private static List<IInvocationOperation> DecodesThroughField(IFieldSymbol field, NodeContext context)
        {
            var model = context.SemanticModel;
            if (field.DeclaredAccessibility != Accessibility.Private ||
                SymbolWrites.SingleWrite(field, model.Compilation, context.CancellationToken, includeReadOnlyFields: true) is null ||
                field.ContainingType.DeclaringSyntaxReferences is not { Length: 1 } parts || parts[0].SyntaxTree != model.SyntaxTree)
            {
                return new List<IInvocationOperation>();
            }

            var reads = new List<IOperation>();
            foreach (var node in parts[0].GetSyntax(context.CancellationToken).DescendantNodes())
            {
                if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != field.Name)
                {
                    continue;
                }

                SyntaxNode reference = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (OperationTrees.Get(model, reference, context.CancellationToken) is IFieldReferenceOperation read &&
                    SymbolEqualityComparer.Default.Equals(read.Field, field) &&
                    !(Parent(read) is ISimpleAssignmentOperation assignment && assignment.Target == read))
                {
                    reads.Add(read);
                }
            }

            return DecodesAmong(reads, null);
        }

        private static List<IInvocationOperation> DecodesThrough(ILocalSymbol local, IOperation origin, Library? library, NodeContext context)
        {
            var body = MemberBody.Find(origin.Syntax, origin.SemanticModel ?? context.SemanticModel, context.CancellationToken);
            return body is null ? new List<IInvocationOperation>() : DecodesAmong(new LocalReads(body).Of(local), library);
        }

        /// <summary>
        /// The decode calls among the uses of a builder or decoder; none when one use goes somewhere not followed (an
        /// argument, a return, a store), so the caller judges the creation alone.
        /// </summary>
        private static List<IInvocationOperation> DecodesAmong(IEnumerable<IOperation> reads, Library? library)
        {
            var decodes = new List<IInvocationOperation>();
            foreach (var read in reads)
            {
                if (Parent(read) is IInvocationOperation call && call.Instance is { } instance && Unwrapped(instance) == read && DecodeNames.Contains(call.TargetMethod.Name))
                {
                    decodes.Add(call);
                }
                else if (Parent(read) is IArgumentOperation { Parent: IInvocationOperation extension } argument &&
                         extension.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0 && DecodeNames.Contains(extension.TargetMethod.Name))
                {
                    decodes.Add(extension);
                }
                else if (Parent(read) is IInvocationOperation header && IsHeaderDecode(header))
                {
                    decodes.Add(header); // header only: exempt
                }
                else if (Parent(read) is IArgumentOperation { Parent: IInvocationOperation headerExtension } && IsHeaderDecode(headerExtension))
                {
                    decodes.Add(headerExtension);
                }
                else if (library is not null && Parent(read) is IInvocationOperation configuring && library.IsBuilderCall(configuring))
                {
                    continue; // builder.MustVerifySignature(); configures, decodes nothing
                }
                else
                {
                    return new List<IInvocationOperation>(); // the builder or decoder goes somewhere not followed
                }
            }

            return decodes;
        }

        /// <summary>The decoder creation a decode call's receiver comes from (the receiver itself, or a local or field with one write).</summary>
        private static IObjectCreationOperation? DecoderRoot(IInvocationOperation decode, Library library)
        {
            var receiver = decode.Instance ?? (decode.TargetMethod.IsExtensionMethod && decode.Arguments.Length > 0 ? decode.Arguments[0].Value : null);
            var value = DelegateBody.Unwrap(receiver);
            if (value is IObjectCreationOperation direct)
            {
                return direct;
            }

            var symbol = ValueFlow.NamedSymbol(value);
            if (symbol is null || decode.SemanticModel is null)
            {
                return null;
            }

            return DelegateBody.Unwrap(SymbolWrites.SingleWrite(symbol, decode.SemanticModel.Compilation, CancellationToken.None, includeReadOnlyFields: true)) is IObjectCreationOperation created &&
                   SymbolEqualityComparer.Default.Equals(created.Type, library.JwtDecoder)
                ? created
                : null;
        }

        // ---- reporting ----

        private static TextSpan ReportedSpan(IInvocationOperation call) =>
            call.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                ? TextSpan.FromBounds(member.Name.SpanStart, invocation.Span.End)
                : call.Syntax is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } bound
                    ? TextSpan.FromBounds(binding.Name.SpanStart, bound.Span.End)
                    : call.Syntax.Span;

        private static int ArgumentIndex(IInvocationOperation call, IArgumentOperation argument) =>
            call.Syntax is InvocationExpressionSyntax invocation && argument.Syntax is ArgumentSyntax syntax
                ? invocation.ArgumentList.Arguments.IndexOf(syntax)
                : -1;

        /// <summary>The end of a message where no key or secret is set where the token is decoded.</summary>
        private const string NoKey = "; no key or secret is set on it: configure the key the tokens are signed with and verify";

        /// <summary>
        /// The end of a message on a decoder built without a validator: a key passed to its decode does not make it
        /// verify (round AB), so the message names what it lacks.
        /// </summary>
        private const string NoValidator = "; build it with a validator and the algorithm the tokens are signed with (new JwtDecoder(serializer, validator, urlEncoder, algorithm)) and verify";

        /// <summary>The end of a message on a <c>NoneAlgorithm</c>, which checks no signature whatever key is set.</summary>
        private const string NoAlgorithm = "; use the algorithm the tokens are signed with, with its key, and verify";

        /// <summary>
        /// <paramref name="missing"/>: what verifying still needs, appended to the message (<see cref="NoKey"/>, or no
        /// algorithm); null where it would work.
        /// </summary>
        private static void Report(NodeContext context, IInvocationOperation? call, TextSpan span, string what, string? fix, string? missing, int argumentIndex)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (fix is not null && (fix != FixKinds.VerifyArgumentTrue || IsFalseLiteral(call, argumentIndex)) &&
                !RestoredCheck.IsInRefreshMethod(call?.Syntax ?? context.Node, context.SemanticModel.Compilation, context.CancellationToken))
            {
                properties = properties.Add(FixProperties.VerifySignatureFix, fix);
                if (fix == FixKinds.VerifyArgumentTrue)
                {
                    properties = properties.Add(FixProperties.VerifyArgument, argumentIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(JwtNetDecodesWithoutVerification, Location.Create(context.Node.SyntaxTree, span), properties, what, missing ?? ""));
        }

        /// <summary>
        /// The argument is written <c>false</c>: <c>true</c> written over a local or field that is always false would
        /// leave it unused (CS0219/CS0414, a broken build with warnings as errors).
        /// </summary>
        private static bool IsFalseLiteral(IInvocationOperation? call, int argumentIndex) =>
            argumentIndex >= 0 && call?.Syntax is InvocationExpressionSyntax invocation && argumentIndex < invocation.ArgumentList.Arguments.Count &&
            Unparenthesized(invocation.ArgumentList.Arguments[argumentIndex].Expression).IsKind(SyntaxKind.FalseLiteralExpression);

        private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        private static bool Implements(ITypeSymbol? type, INamedTypeSymbol? contract)
        {
            if (type is null || contract is null)
            {
                return false;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, contract))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsNull(IOperation value) => DelegateBody.Unwrap(value) is { ConstantValue: { HasValue: true, Value: null } };

        private static IOperation? Resolve(IOperation value, Compilation compilation, CancellationToken cancellationToken)
        {
            var unwrapped = DelegateBody.Unwrap(value);
            if (ValueFlow.NamedSymbol(unwrapped) is ILocalSymbol or IFieldSymbol && ValueFlow.NamedSymbol(unwrapped) is { } symbol)
            {
                var writes = SymbolWrites.Find(symbol, compilation, cancellationToken);
                return !writes.IsDefault && writes.Length == 1 ? DelegateBody.Unwrap(writes[0].Operation) : unwrapped;
            }

            return unwrapped;
        }

        /// <summary>Fix kinds, as <see cref="FixProperties.VerifySignatureFix"/> names them.</summary>
        internal static class FixKinds
        {
            public const string MustVerify = "MustVerify";
            public const string VerifyArgumentTrue = "VerifyArgumentTrue";
            public const string InsertMustVerify = "InsertMustVerify";
        }

        private sealed class Setting
        {
            public Setting(bool verifies, string? text, string? fix, int argumentIndex)
            {
                Verifies = verifies;
                Text = text;
                Fix = fix;
                ArgumentIndex = argumentIndex;
            }

            public bool Verifies { get; }
            public string? Text { get; }
            public string? Fix { get; }
            public int ArgumentIndex { get; }
        }

        /// <summary>
        /// What a builder was told, read from its fluent chain, the chain it was stored from (a local or field with
        /// one write) and, for a local, the calls made on it earlier in the member. The last switch wins.
        /// </summary>
        private sealed class BuilderState
        {
            /// <summary>The chain starts at <c>new JwtBuilder()</c> or <c>JwtBuilder.Create()</c> (directly or through a local or field).</summary>
            public bool IsKnown { get; private set; }

            /// <summary>The last switch turned verification on, or set it from a value we cannot read.</summary>
            public bool Configured { get; private set; }

            /// <summary>The last switch turned verification off: that call.</summary>
            public IInvocationOperation? SwitchedBy { get; private set; }

            public bool HasSecret { get; private set; }
            public bool HasAlgorithm { get; private set; }
            public bool HasKeyedAlgorithm { get; private set; }

            /// <summary>
            /// Verifying would work: an algorithm and a key (a secret, or, from JWT 7.1.0, an algorithm built with its key:
            /// <see cref="KeyedAlgorithmVerifiesFrom"/>).
            /// </summary>
            public bool CanVerify => HasAlgorithm && (HasSecret || (HasKeyedAlgorithm && _keyedAlgorithmVerifies));

            private bool _keyedAlgorithmVerifies;
            private string _versionText = string.Empty;

            /// <summary>
            /// What verifying still needs, for the message: a key, or, with a secret set, the algorithm (real code:
            /// <c>WithSecret(secret).Decode(token)</c>; JWT 7.3.1 then throws for MustVerifySignature() without one).
            /// Nothing for a builder of unknown origin, whose key may be set where it came from.
            /// </summary>
            public string? Missing =>
                CanVerify || !IsKnown ? null
                : HasAlgorithm && HasKeyedAlgorithm ? "; JWT " + _versionText + " cannot verify it without WithSecret(...), although its algorithm holds the key (every token, genuine or forged, then fails): update JWT to 7.1.0 or later and verify"
                : HasSecret || HasKeyedAlgorithm ? "; no algorithm is set on it: name the algorithm the tokens are signed with (WithAlgorithm) and verify"
                : NoKey;

            public static BuilderState OfChain(IOperation end, Library library, NodeContext context, IInvocationOperation? upTo)
            {
                var state = new BuilderState { _keyedAlgorithmVerifies = library.Version >= KeyedAlgorithmVerifiesFrom, _versionText = library.VersionText };
                state.Apply(end, library, context, upTo, 0);
                return state;
            }

            private void Apply(IOperation end, Library library, NodeContext context, IInvocationOperation? upTo, int depth)
            {
                var calls = new List<IInvocationOperation>();
                var current = DelegateBody.Unwrap(end);
                while (current is IInvocationOperation call && library.IsBuilderCall(call) && call.Instance is not null)
                {
                    calls.Add(call);
                    current = DelegateBody.Unwrap(call.Instance);
                }

                switch (current)
                {
                    case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, library.JwtBuilder):
                    case IInvocationOperation { TargetMethod: { Name: "Create", IsStatic: true } } factory when SymbolEqualityComparer.Default.Equals(factory.TargetMethod.ContainingType, library.JwtBuilder):
                        IsKnown = true;
                        break;
                    case IInvocationOperation { TargetMethod: { } factory } when depth < MaxChainDepth &&
                        SymbolEqualityComparer.Default.Equals(factory.ReturnType, library.JwtBuilder) &&
                        OnlyReturned.Of(factory, context.SemanticModel.Compilation, context.CancellationToken) is { } returned:
                        // A factory method of the compilation that only returns the chain (round AQ: JwtBuilderFactory.CreateBuilder).
                        Apply(returned, library, context, null, depth + 1);
                        break;
                    case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation when depth < MaxChainDepth && ValueFlow.NamedSymbol(current) is { } symbol:
                        // One write, a field's implicit default aside (round AB: the builder a service's constructor sets).
                        if (SymbolWrites.SingleWrite(symbol, context.SemanticModel.Compilation, context.CancellationToken, includeReadOnlyFields: true) is { } written)
                        {
                            Apply(written, library, context, null, depth + 1);
                            if (symbol is ILocalSymbol local && upTo is not null)
                            {
                                ApplyEarlierCalls(local, written, upTo, library, context);
                            }
                        }

                        break;
                }

                // A builder of unknown origin (a parameter, a call, a reassigned local: round AB's
                // `builder = builder.DoNotVerifySignature()`) stays unknown, but the chain's own switches still count.

                for (var index = calls.Count - 1; index >= 0; index--)
                {
                    ApplyCall(calls[index], library, context);
                }
            }

            /// <summary><c>builder.MustVerifySignature();</c> as a statement before the decode.</summary>
            private void ApplyEarlierCalls(ILocalSymbol local, IOperation write, IInvocationOperation upTo, Library library, NodeContext context)
            {
                var body = MemberBody.Find(upTo.Syntax, upTo.SemanticModel ?? context.SemanticModel, context.CancellationToken);
                if (body is null)
                {
                    return;
                }

                foreach (var read in new LocalReads(body).Of(local))
                {
                    if (read.Syntax.SpanStart <= write.Syntax.SpanStart || read.Syntax.SpanStart >= upTo.Syntax.SpanStart ||
                        upTo.Syntax.Span.Contains(read.Syntax.Span))
                    {
                        continue;
                    }

                    IOperation current = read;
                    while (Parent(current) is IInvocationOperation call && call.Instance is { } instance && Unwrapped(instance) == current && library.IsBuilderCall(call))
                    {
                        if (DecodeNames.Contains(call.TargetMethod.Name))
                        {
                            break;
                        }

                        ApplyCall(call, library, context);
                        current = call;
                    }
                }
            }

            private void ApplyCall(IInvocationOperation call, Library library, NodeContext context)
            {
                switch (call.TargetMethod.Name)
                {
                    case "WithSecret":
                        HasSecret = true;
                        return;
                    case "WithAlgorithmFactory":
                        HasAlgorithm = true;
                        HasKeyedAlgorithm |= IsKeyed(call, context);
                        return;
                    case "WithAlgorithm" when !library.IsNoneAlgorithm(Resolve(call.Arguments[0].Value, context.SemanticModel.Compilation, context.CancellationToken)):
                        HasAlgorithm = true;
                        HasKeyedAlgorithm |= IsKeyed(call, context);
                        return;
                }

                if (Switch(call, library, context) is { } setting)
                {
                    Configured = setting.Verifies;
                    SwitchedBy = setting.Verifies ? null : call;
                }
            }

            /// <summary>
            /// An asymmetric algorithm or factory built with its key: <c>new RS256Algorithm(publicKey)</c>,
            /// <c>new RSAlgorithmFactory(() => cert)</c>, also through a single-assignment local or field (RULES.md's Terms).
            /// </summary>
            private static bool IsKeyed(IInvocationOperation call, NodeContext context) =>
                call.Arguments.Length == 1 &&
                Resolve(call.Arguments[0].Value, context.SemanticModel.Compilation, context.CancellationToken) is IObjectCreationOperation { Arguments.Length: > 0, Type.Name: var name } &&
                (name.StartsWith("RS", StringComparison.Ordinal) || name.StartsWith("ES", StringComparison.Ordinal) || name.StartsWith("ECDSA", StringComparison.Ordinal));
        }

        /// <summary>The JWT.NET types the rule needs, found by metadata name (the analyzer does not reference the package), and its version.</summary>
        private sealed class Library
        {
            private Library(INamedTypeSymbol? builder, INamedTypeSymbol? decoderInterface, Compilation compilation)
            {
                JwtBuilder = builder;
                DecoderInterface = decoderInterface;
                JwtDecoder = compilation.GetBestTypeByMetadataName("JWT.JwtDecoder");
                ValidationParameters = compilation.GetBestTypeByMetadataName("JWT.ValidationParameters");
                NoneAlgorithm = compilation.GetBestTypeByMetadataName("JWT.Algorithms.NoneAlgorithm");
                AlgorithmFactory = compilation.GetBestTypeByMetadataName("JWT.Algorithms.IAlgorithmFactory");
                var assembly = (builder ?? decoderInterface)!.ContainingAssembly;
                Version = AssemblyVersions.Of(assembly);
                VersionText = Version.ToString(3);
            }

            public INamedTypeSymbol? JwtBuilder { get; }
            public INamedTypeSymbol? DecoderInterface { get; }
            public INamedTypeSymbol? JwtDecoder { get; }
            public INamedTypeSymbol? ValidationParameters { get; }
            public INamedTypeSymbol? NoneAlgorithm { get; }
            public INamedTypeSymbol? AlgorithmFactory { get; }
            public Version Version { get; }
            public string VersionText { get; }

            public static Library? TryCreate(Compilation compilation)
            {
                if (!compilation.UsesLibrary(KnownTypeNames.JwtNetAssembly))
                {
                    return null;
                }

                var builder = compilation.GetBestTypeByMetadataName("JWT.Builder.JwtBuilder");
                var decoder = compilation.GetBestTypeByMetadataName("JWT.IJwtDecoder");
                return builder is null && decoder is null ? null : new Library(builder, decoder, compilation);
            }

            /// <summary>An instance method of <c>JwtBuilder</c> (or an extension of it that returns it).</summary>
            public bool IsBuilderCall(IInvocationOperation call) =>
                JwtBuilder is not null &&
                (SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, JwtBuilder) && !call.TargetMethod.IsStatic);

            /// <summary>A method of <c>IJwtDecoder</c>, of a type implementing it, or an extension of it (<c>JwtDecoderExtensions</c>).</summary>
            public bool IsDecoderCall(IInvocationOperation call)
            {
                if (DecoderInterface is null)
                {
                    return false;
                }

                var method = call.TargetMethod;
                if (method.IsExtensionMethod)
                {
                    var first = method.ReducedFrom?.Parameters[0].Type ?? (method.Parameters.IsEmpty ? null : method.Parameters[0].Type);
                    return first is not null && (SymbolEqualityComparer.Default.Equals(first, DecoderInterface) || Implements(first, DecoderInterface));
                }

                return !method.IsStatic && call.Instance?.Type is { } type &&
                       (SymbolEqualityComparer.Default.Equals(type, DecoderInterface) || Implements(type, DecoderInterface));
            }

            public bool IsNoneAlgorithm(IOperation? value) =>
                NoneAlgorithm is not null &&
                DelegateBody.Unwrap(value) is IObjectCreationOperation creation &&
                SymbolEqualityComparer.Default.Equals(creation.Type, NoneAlgorithm);
        }
    }
}
