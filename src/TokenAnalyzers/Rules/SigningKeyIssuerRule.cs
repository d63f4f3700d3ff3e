using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
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
    /// TA302: an Entra-backed configuration (kind 1 or 2) whose parameters object never gets
    /// <c>EnableAadSigningKeyIssuerValidation()</c> in the same lambda or method, so a key Entra publishes for one
    /// issuer (a consumer key) validates tokens of another (an enterprise tenant): the Storm-0558 gap.
    /// TA303: the call made, then undone by a later replacement of TokenValidationParameters, an
    /// IssuerSigningKeyValidatorUsingConfiguration or a SignatureValidator(UsingConfiguration).
    /// </summary>
    internal sealed class SigningKeyIssuerRule : TokenRule
    {
        public const string EnableCall = "EnableAadSigningKeyIssuerValidation";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(SigningKeyNotBoundToIssuer, SigningKeyIssuerValidationUndone);

        private static readonly ImmutableHashSet<string> PropertyNames = ImmutableHashSet.Create(
            "ConfigurationManager",
            "TokenValidationParameters",
            "IssuerSigningKeyValidatorUsingConfiguration",
            "SignatureValidator",
            "SignatureValidatorUsingConfiguration");

        /// <summary>
        /// An Authority or MetadataAddress is an Entra address only as a constant (or interpolated) string under an
        /// Entra host, or through a local or field: `customer.Authority = $"https://directory.example.com/{region}"` is
        /// never bound.
        /// </summary>
        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnPropertyAssignment(symbols, new[] { "Authority", "MetadataAddress" }, ValueFilter.StringStartingWith(EntraAuthority.Hosts), AnalyzeAssignment);
            start.OnPropertyAssignment(symbols, PropertyNames, ValueFilter.Any, AnalyzeAssignment);
            start.OnNamed(CandidateKind.Invocation, new[] { "SetSwitch" }, AnalyzeSwitch);
        }

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            switch (context.Assignment.Name)
            {
                case "Authority" or "MetadataAddress" or "ConfigurationManager":
                    AnalyzeMissingCall(context);
                    break;
                default:
                    AnalyzeUndoing(context);
                    break;
            }
        }

        // ---- TA302 ----

        private static void AnalyzeMissingCall(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (EntraConfiguration.Backing(assignment, context.Symbols, context.CancellationToken) is not { Kind: not EntraBackingKind.DownloadedKeys } backing)
            {
                return;
            }

            var scope = context.Scope;
            var first = FirstBacking(context, backing.Parameters);
            if (first is null || first.Site.Syntax != assignment.Syntax)
            {
                return; // one finding per configuration, at its first Entra address
            }

            var jwtBearerAuthority = IsJwtBearerAuthority(context, backing);
            var handlerTooOld = jwtBearerAuthority && context.Symbols.JwtBearerOptions!.ContainingAssembly.Identity.Version.Major < 8;
            var called = scope.CallsOn(backing.Parameters, EnableCall).Count > 0 || EnabledByItsBuilder(context, backing.Parameters);
            if ((called && !handlerTooOld) ||
                UsesMicrosoftIdentityWeb(scope.Node, backing.Site.Syntax, context.NodeContext.SemanticModel, context.Symbols, context.CancellationToken))
            {
                return;
            }

            var subject = backing.Kind == EntraBackingKind.OptionsAuthority ? "its TokenValidationParameters" : "the TokenValidationParameters";
            if (called)
            {
                // Round AV: JwtBearer before 8.0 gives the parameters no ConfigurationManager, and the call then checks
                // nothing (JwtBearerVersionKeyIssuerTests: the consumer-key forgery passes on 7.0.11); one of its own does.
                if (handlerTooOld && scope.AssignmentsTo(backing.Parameters, "ConfigurationManager").Count == 0 && !GivesParametersAManager(scope.Node))
                {
                    context.Report(
                        SigningKeyNotBoundToIssuer,
                        backing.Authority.Text,
                        "on " + subject + " checks nothing with JwtBearer before 8.0, which gives them no ConfigurationManager",
                        "; set TokenValidationParameters.ConfigurationManager too, or update JwtBearer to 8.0 or later");
                }

                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var fixNodes = new List<SyntaxNode>();
            var referenced = context.Symbols.AadTokenValidationParametersExtension is not null;
            if (referenced && !handlerTooOld && !MayRunPerRequest(context, backing.Kind == EntraBackingKind.OptionsAuthority ? backing.Options : backing.Parameters) &&
                InsertionFix(context, backing.Site.Syntax, backing.Parameters, backing.Options, backing.Kind == EntraBackingKind.OptionsAuthority) is { } fix)
            {
                properties = properties.Add(FixProperties.Receiver, fix.Receiver);
                fixNodes.Add(fix.Anchor); // FixProperties.AnchorLocation
            }
            else if (referenced && !handlerTooOld && UnnamedObject(backing) is { } created)
            {
                properties = properties.Add(FixProperties.NewObjectPath, created.Path);
                fixNodes.Add(created.Creation); // FixProperties.AnchorLocation: the fixer decides whether a local can hold it
            }

            if (fixNodes.Count > 0 && jwtBearerAuthority)
            {
                properties = properties.Add(FixProperties.ThroughJwtBearerAuthority, "true");
            }

            context.Report(
                SigningKeyNotBoundToIssuer,
                fixNodes,
                properties,
                backing.Authority.Text,
                "is never called on " + subject,
                (!referenced ? MissingValidators(context.Symbols.Compilation) : string.Empty) +
                (handlerTooOld ? " (with JwtBearer before 8.0 the call alone does not check anything here: the handler gives the parameters no ConfigurationManager; set TokenValidationParameters.ConfigurationManager too, or update JwtBearer)" : string.Empty));
        }

        /// <summary>
        /// Round AW: the workaround Microsoft.Identity.Web and the Agents SDK samples write for JwtBearer before 8.0, in an
        /// event of the same configuration: <c>context.Options.TokenValidationParameters.ConfigurationManager ??=
        /// options.ConfigurationManager as BaseConfigurationManager;</c> (the handler clones the parameters after the event).
        /// </summary>
        private static bool GivesParametersAManager(SyntaxNode scope)
        {
            foreach (var node in scope.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigurationManager", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TokenValidationParameters" } } } assignment &&
                    !assignment.Right.IsKind(SyntaxKind.NullLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The parameters object is built by a method of the compilation that makes the call on it (round AO:
        /// <c>o.TokenValidationParameters = BuildParameters();</c>, directly or through a single-assignment local, with
        /// <c>var p = new ...; p.EnableAadSigningKeyIssuerValidation(); return p;</c> in the helper): the check is on,
        /// one call deep. Round AR: the call must be a statement of the helper's body on the local it returns (not under
        /// an <c>if</c>, not on another object), and the helper's object must be the last one the options get.
        /// </summary>
        private static bool EnabledByItsBuilder(AssignmentContext context, ObjectKey parameters)
        {
            var scope = context.Scope;
            if (parameters is { Path.IsEmpty: true, RootSymbol: ILocalSymbol local } &&
                BuilderCallsEnable(SymbolWrites.SingleWrite(local, context.Symbols.Compilation, context.CancellationToken), context))
            {
                return true;
            }

            PropertyAssignment? last = null;
            foreach (var assignment in scope.Assignments)
            {
                if (assignment.Name == "TokenValidationParameters" && assignment.Target is { } options &&
                    scope.SameObject(options.Member(assignment.Property), parameters) &&
                    (last is null || assignment.Syntax.SpanStart > last.Syntax.SpanStart))
                {
                    last = assignment;
                }
            }

            return last is not null && BuilderCallsEnable(last.Value, context);
        }

        private static bool BuilderCallsEnable(IOperation? value, AssignmentContext context)
        {
            value = DelegateBody.Unwrap(value);
            if (value is ILocalReferenceOperation local)
            {
                value = DelegateBody.Unwrap(SymbolWrites.SingleWrite(local.Local, context.Symbols.Compilation, context.CancellationToken));
            }

            var body = value is IInvocationOperation { TargetMethod.DeclaringSyntaxReferences: { Length: 1 } declarations }
                ? declarations[0].GetSyntax(context.CancellationToken) switch
                {
                    MethodDeclarationSyntax method => method.Body,
                    LocalFunctionStatementSyntax function => function.Body, // a top-level Program.cs helper (round AS)
                    _ => null,
                }
                : null;
            if (body is not { Statements: { Count: > 1 } statements } ||
                statements[statements.Count - 1] is not ReturnStatementSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: var returned } })
            {
                return false;
            }

            foreach (var statement in statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } } invocation } &&
                    receiver.Identifier.ValueText == returned && SyntaxNames.InvokedName(invocation) == EnableCall)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The keys come from the Authority or MetadataAddress of JwtBearerOptions. With a JwtBearer older than 8.0 its
        /// handler never gives the parameters a ConfigurationManager, so the check the call installs receives no
        /// configuration and passes every key (JwtBearerVersionKeyIssuerTests, 7.0.11 against 8.0.30; round T, real code
        /// of a .NET 6 application): the fix would make the finding go away and protect nothing, in this compilation or
        /// in another target framework of the project (round W; the fixer checks those).
        /// </summary>
        private static bool IsJwtBearerAuthority(AssignmentContext context, EntraBacking backing) =>
            backing.Kind == EntraBackingKind.OptionsAuthority &&
            context.Symbols.JwtBearerOptions is { } jwtBearerOptions &&
            SymbolEqualityComparer.Default.Equals(backing.Site.ObjectType, jwtBearerOptions);

        /// <summary>Why no fix: the package is missing, or too old to have the method (6.23.1 has none; 6.33.0 has it).</summary>
        private static string MissingValidators(Compilation compilation) =>
            compilation.UsesLibrary("Microsoft.IdentityModel.Validators")
                ? " (the referenced Microsoft.IdentityModel.Validators has no EnableAadSigningKeyIssuerValidation(): update the package)"
                : " (add the package Microsoft.IdentityModel.Validators)";

        private static EntraBacking? FirstBacking(AssignmentContext context, ObjectKey parameters)
        {
            foreach (var candidate in context.Scope.Assignments)
            {
                if (candidate.Name is "Authority" or "MetadataAddress" or "ConfigurationManager" &&
                    EntraConfiguration.Backing(candidate, context.Symbols, context.CancellationToken) is { Kind: not EntraBackingKind.DownloadedKeys } backing &&
                    context.Scope.SameObject(backing.Parameters, parameters))
                {
                    return backing;
                }
            }

            return null;
        }

        /// <summary>
        /// Configurations through Microsoft.Identity.Web, which calls EnableAadSigningKeyIssuerValidation() itself: a call
        /// of it in the scope, unless the site is in an <c>AddJwtBearer(scheme, ...)</c> callback of a constant scheme that
        /// the call does not register (Identity.Web protects only its own scheme; real code registers an Entra
        /// <c>AddJwtBearer("AzureAd", ...)</c> beside <c>AddMicrosoftIdentityWebApi(..., "AzureAdB2C")</c>).
        /// </summary>
        private static bool UsesMicrosoftIdentityWeb(SyntaxNode scope, SyntaxNode site, SemanticModel model, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            string? siteScheme = null;
            var siteSchemeRead = false;
            foreach (var invocation in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = SyntaxNames.InvokedName(invocation);
                if (name is null || !name.StartsWith("AddMicrosoftIdentityWeb", System.StringComparison.Ordinal))
                {
                    continue;
                }

                var call = OperationTrees.Get(model, invocation, cancellationToken) as IInvocationOperation;
                if ((call?.TargetMethod ?? model.GetSymbolInfo(invocation, cancellationToken).CandidateSymbols.FirstOrDefault()) is not IMethodSymbol method ||
                    !IdentityWebCallbacks.IsIdentityWebMethod(method))
                {
                    continue;
                }

                if (invocation.ArgumentList.Span.Contains(site.Span))
                {
                    return true; // the callback given to Identity.Web itself
                }

                if (!siteSchemeRead)
                {
                    siteScheme = JwtBearerSchemeAround(site, model, symbols, cancellationToken);
                    siteSchemeRead = true;
                }

                if (siteScheme is null || call is null || IdentityWebCallbacks.SchemeOf(call) is not { } registered || registered == siteScheme)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The constant scheme of the AddJwtBearer call whose callback holds <paramref name="site"/>, or null.</summary>
        private static string? JwtBearerSchemeAround(SyntaxNode site, SemanticModel model, TokenSymbols symbols, System.Threading.CancellationToken cancellationToken) =>
            SyntaxNames.CallbackOf(site) is { } registration ? JwtBearerSchemes.SchemeOf(registration, model, symbols, cancellationToken) : null;

        /// <summary>
        /// The receiver text and the statement after which the call goes, when the fix can be written: the call goes on
        /// <c>&lt;options&gt;.TokenValidationParameters</c> when <paramref name="throughOptions"/>, otherwise on the parameters object.
        /// </summary>
        private static (string Receiver, SyntaxNode Anchor)? InsertionFix(AssignmentContext context, SyntaxNode site, ObjectKey parameters, ObjectKey? options, bool throughOptions, bool beforeSignatureValidators = false)
        {
            var siteAnchor = StatementAnchors.Of(site) ?? ExpressionBodyOf(site);
            if (siteAnchor?.Parent is not { } container)
            {
                return null;
            }

            var model = context.NodeContext.SemanticModel;
            var receiver = throughOptions
                ? KeyText(options, model, siteAnchor.SpanStart) is { } optionsText ? optionsText + ".TokenValidationParameters" : null
                : KeyText(parameters, model, siteAnchor.SpanStart);
            if (receiver is null)
            {
                return null;
            }

            if (siteAnchor is ExpressionSyntax)
            {
                return (receiver, siteAnchor); // o => o.Authority = "...", void M(o) => o.Authority = "...": the fix makes a block body
            }

            // After the last statement of that block that sets the parameters object or replaces it.
            var anchor = siteAnchor;
            foreach (var other in context.Scope.Assignments)
            {
                if (beforeSignatureValidators && IsSignatureValidator(other.Name))
                {
                    continue; // the call must not come after one: that would hide its own finding and protect nothing
                }

                var touches = context.Scope.SameObject(other.Target, parameters) ||
                              (other.Name == "TokenValidationParameters" && options is { } optionsKey && context.Scope.SameObject(other.Target, optionsKey));
                if (touches && StatementAnchors.ChildOf(container, other.Syntax) is { } statement && statement.SpanStart > anchor.SpanStart)
                {
                    anchor = statement;
                }
            }

            return (receiver, anchor);
        }

        /// <summary>
        /// The configuration is an event context's <c>Options</c>, or a helper method's parameter and a caller gives it a
        /// shared options object that outlives one configuration run: an event context's <c>Options</c>, or <c>IOptionsMonitor.Get(...)</c>/<c>.CurrentValue</c>,
        /// <c>IOptionsSnapshot.Get(...)</c>, <c>IOptions.Value</c> (real code re-applies the tenant on every sign-in from
        /// <c>OnRedirectToIdentityProvider</c>). EnableAadSigningKeyIssuerValidation() wraps the validator already there
        /// on each call, so the call inserted there would pile up one wrapper per request until validation overflows
        /// the stack. The fix is declined, and where the helper's callers cannot all be seen too.
        /// </summary>
        private static bool MayRunPerRequest(AssignmentContext context, ObjectKey? configured)
        {
            if (configured is { Path.Length: > 0 } && IsEventContextOptions(configured.Path[0]))
            {
                return true; // context.Options.TokenValidationParameters... in an event handler (real code: the Agents SDK's samples)
            }

            if (configured?.RootSymbol is not IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } helper } parameter)
            {
                return false;
            }

            var uses = CallSites.Of(helper, context.Symbols.Compilation, MaxHelperUses, out var complete, context.CancellationToken);
            if (!complete)
            {
                return true;
            }

            foreach (var use in uses)
            {
                if (use is not IInvocationOperation call)
                {
                    if (IsConfigurationCallback(use))
                    {
                        continue; // AddJwtBearer(ConfigureEntra): run once per options object
                    }

                    return true; // a method group given elsewhere: called from where it is given
                }

                foreach (var argument in call.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.OriginalDefinition) &&
                        DelegateBody.Unwrap(argument.Value) is
                            IPropertyReferenceOperation { Property.Name: "Options" or "Value" or "CurrentValue" } or
                            IInvocationOperation { TargetMethod.Name: "Get", TargetMethod.ContainingType.Name: "IOptionsMonitor" or "IOptionsSnapshot" })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private const int MaxHelperUses = 16;

        /// <summary>An authentication event context's <c>Options</c> (<c>BaseContext&lt;TOptions&gt;.Options</c>): the scheme's options, shared by every request.</summary>
        private static bool IsEventContextOptions(ISymbol member) =>
            member is IPropertySymbol { Name: "Options", ContainingType: { Name: "BaseContext", ContainingNamespace: { Name: "Authentication", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace.Name: "Microsoft" } } } };

        /// <summary>A method group given as the configuration callback of a scheme or an options registration.</summary>
        private static bool IsConfigurationCallback(IOperation methodGroup) =>
            methodGroup.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation registration } } &&
            registration.TargetMethod.Name is "AddJwtBearer" or "AddOpenIdConnect" or "Configure" or "PostConfigure" or "ConfigureAll" or "PostConfigureAll";

        /// <summary>
        /// A parameters object that no variable names: the creation expression its key is rooted at
        /// (<c>return new TokenValidationParameters { ... }</c>, <c>=> new JwtBearerOptions { Authority = ... }</c>) and
        /// the member path from it to the parameters object.
        /// </summary>
        private static (SyntaxNode Creation, string Path)? UnnamedObject(EntraBacking backing)
        {
            var key = backing.Parameters;
            if (key.RootSymbol is not null || key.RootNode is not BaseObjectCreationExpressionSyntax creation)
            {
                return null;
            }

            var path = new StringBuilder();
            foreach (var member in key.Path)
            {
                path.Append('.').Append(Escaped(member.Name));
            }

            return (creation, path.ToString());
        }

        /// <summary>The body of an expression-bodied method or local function when it is <paramref name="node"/>'s whole statement.</summary>
        private static SyntaxNode? ExpressionBodyOf(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                if (current.Parent is ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow && arrow.Expression == current)
                {
                    return current;
                }

                if (current is StatementSyntax or AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// <c>options</c>, <c>this.options</c> or <c>o.TokenValidationParameters</c> for a key rooted at a local,
        /// parameter or field, as code at <paramref name="position"/> must write it: keywords escaped (<c>@event</c>),
        /// and a field or property shadowed there by a local or parameter of the same name reached through <c>this.</c>.
        /// </summary>
        private static string? KeyText(ObjectKey? key, SemanticModel model, int position)
        {
            if (key?.RootSymbol is not (ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol) || key.RootSymbol.IsStatic)
            {
                return null;
            }

            // What the bare name means there, bound as the inserted code will bind it. Not LookupSymbols: asked for one
            // name, it still gathers every name the file's using directives import, and in a steady-state profile
            // (issue 22) it was two thirds of this rule's time and a sixth of the analyzer's on token code.
            var text = new StringBuilder();
            var name = Escaped(key.RootSymbol.Name);
            var bound = model.GetSpeculativeSymbolInfo(position, SyntaxFactory.ParseExpression(name), SpeculativeBindingOption.BindAsExpression);
            if (!SymbolEqualityComparer.Default.Equals(bound.Symbol, key.RootSymbol))
            {
                if (key.RootSymbol is not (IFieldSymbol or IPropertySymbol))
                {
                    return null; // a local or parameter out of reach at the insertion point
                }

                text.Append("this.");
            }

            text.Append(name);
            foreach (var member in key.Path)
            {
                text.Append('.').Append(Escaped(member.Name));
            }

            return text.ToString();
        }

        private static string Escaped(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        // ---- TA303 ----

        private static void AnalyzeUndoing(AssignmentContext context)
        {
            var assignment = context.Assignment;
            var scope = context.Scope;
            ObjectKey? parameters;
            if (assignment.Name == "TokenValidationParameters")
            {
                if (!context.Symbols.IsOptionsType(assignment.ObjectType) || assignment.Target is null)
                {
                    return;
                }

                parameters = EntraConfiguration.ParametersOf(assignment.Target, assignment.ObjectType);
            }
            else
            {
                if (!context.Symbols.IsParametersType(assignment.ObjectType) ||
                    assignment.Value.ConstantValue is { HasValue: true, Value: null })
                {
                    return; // `SignatureValidator = null` restores the built-in behaviour
                }

                parameters = assignment.Target;
                if (IsInsideUndoingReplacement(context, parameters))
                {
                    return; // o.TokenValidationParameters = new() { SignatureValidator = ... }: reported once, at the replacement
                }
            }

            // Loops, not LINQ, on this path: each lambda is a method to JIT on first use (issue 22).
            ParametersCall? call = null;
            foreach (var candidate in scope.CallsOn(parameters, EnableCall))
            {
                if (candidate.Position > assignment.Syntax.Span.End)
                {
                    return; // enabled again after the assignment
                }

                if (candidate.Position < assignment.Syntax.SpanStart && !IsCallOnAssignedObject(context, candidate))
                {
                    call = candidate; // the last such call before the assignment
                }
            }

            if (call is null)
            {
                if (context.Symbols.MicrosoftIdentityOptions is not null)
                {
                    AnalyzeUndoingAfterIdentityWeb(context, parameters);
                }

                return;
            }

            // FixProperties.AnchorLocation, FixProperties.CallLocation: where the call goes, and the call to move. Not for
            // a SignatureValidator: with one, the binding's outcome does not depend on the order of the two statements
            // (EntraSigningKeyIssuerTests), so moving the call would make the finding go away and restore nothing.
            var fixNodes = !IsSignatureValidator(assignment.Name) && !SetsSignatureValidator(assignment) && MoveFix(assignment, call) is { } fix
                ? new[] { fix.Anchor, fix.Call }
                : System.Array.Empty<SyntaxNode>();

            context.Report(SigningKeyIssuerValidationUndone, fixNodes, ImmutableDictionary<string, string?>.Empty, WhatUndoes(assignment));
        }

        /// <summary>
        /// TA303 where Microsoft.Identity.Web made the call: the assignment sits in an options callback of JwtBearerOptions
        /// that runs after Identity.Web's own one for the same scheme (<see cref="IdentityWebCallbacks"/>), on the options
        /// object that callback receives (<c>o.TokenValidationParameters = new ...</c>,
        /// <c>o.TokenValidationParameters.SignatureValidator = ...</c>), and the callback does not call it again after.
        /// A replacement counts when its value is a new object, directly or through a local that holds only one; one read
        /// from elsewhere (a field, a helper's result) may carry the check and is not reported. The fix inserts the call
        /// after the callback's last statement that sets the parameters, as TA302's does.
        /// </summary>
        private static void AnalyzeUndoingAfterIdentityWeb(AssignmentContext context, ObjectKey? parameters)
        {
            var assignment = context.Assignment;
            var options = assignment.Name == "TokenValidationParameters" ? assignment.Target : parameters;
            if (options is null || assignment.Name != "TokenValidationParameters" && !IsOptionsParameters(options))
            {
                return;
            }

            if (assignment.Name != "TokenValidationParameters" && assignment.Syntax.Parent is InitializerExpressionSyntax)
            {
                return; // o.TokenValidationParameters = new() { SignatureValidator = ... }: reported once, at the replacement
            }

            if (options.Path.Length > 0)
            {
                options = ObjectKey.ForSymbol(options.RootSymbol!);
            }

            if (options.RootSymbol is not IParameterSymbol optionsParameter ||
                (assignment.Name == "TokenValidationParameters" && !IsNewObject(context, assignment.Value)) ||
                IdentityWebCallbacks.RegistrationBefore(optionsParameter, assignment.Syntax, context.NodeContext.SemanticModel, context.Symbols, context.CancellationToken) is not { } registration)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var fixNodes = new List<SyntaxNode>();
            if (!IsSignatureValidator(assignment.Name) &&
                !SetsSignatureValidator(assignment) &&
                context.Symbols.AadTokenValidationParametersExtension is not null &&
                parameters is not null &&
                InsertionFix(context, assignment.Syntax, parameters, options, throughOptions: true, beforeSignatureValidators: true) is { } fix)
            {
                properties = properties.Add(FixProperties.Receiver, fix.Receiver);
                fixNodes.Add(fix.Anchor); // FixProperties.AnchorLocation
            }

            context.Report(SigningKeyIssuerValidationUndoneAfterIdentityWeb, fixNodes, properties, WhatUndoes(assignment), registration.Method, registration.Scheme);
        }

        private static bool IsSignatureValidator(string name) => name.StartsWith("SignatureValidator", System.StringComparison.Ordinal);

        /// <summary>
        /// A replacement whose new object gets a SignatureValidator* in its initializer: with one, where the call goes
        /// does not change the outcome (EntraSigningKeyIssuerTests), so a fix that adds or moves the call would make the
        /// finding go away and protect nothing.
        /// </summary>
        private static bool SetsSignatureValidator(PropertyAssignment assignment)
        {
            if (assignment.Name != "TokenValidationParameters" ||
                DelegateBody.Unwrap(assignment.Value) is not IObjectCreationOperation { Initializer: { } initializer })
            {
                return false;
            }

            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } && IsSignatureValidator(property.Property.Name))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>o.TokenValidationParameters</c> of a callback's parameter <c>o</c>.</summary>
        private static bool IsOptionsParameters(ObjectKey key) =>
            key.RootSymbol is IParameterSymbol && key.Path.Length == 1 && key.Path[0].Name == "TokenValidationParameters";

        /// <summary>A new parameters object: <c>new TokenValidationParameters { ... }</c>, <c>new()</c>, or a local whose only value is one.</summary>
        private static bool IsNewObject(AssignmentContext context, IOperation value)
        {
            switch (DelegateBody.Unwrap(value))
            {
                case IObjectCreationOperation:
                    return true;
                case ILocalReferenceOperation local:
                    return context.Scope.CallsOn(ObjectKey.ForSymbol(local.Local), EnableCall).Count == 0 &&
                           SymbolWrites.SingleWrite(local.Local, context.Symbols.Compilation, context.CancellationToken) is { } written &&
                           DelegateBody.Unwrap(written) is IObjectCreationOperation;
                default:
                    return false;
            }
        }

        private static string WhatUndoes(PropertyAssignment assignment) =>
            assignment.Name == "TokenValidationParameters" ? "Replacing TokenValidationParameters" : "Assigning " + assignment.Name;

        /// <summary>
        /// For a replacement <c>o.TokenValidationParameters = v</c>: a call made on v itself before (<c>p.Enable...(); o.TokenValidationParameters = p;</c>),
        /// or v taken from o.TokenValidationParameters, is not undone.
        /// </summary>
        private static bool IsCallOnAssignedObject(AssignmentContext context, ParametersCall call)
        {
            var assignment = context.Assignment;
            if (assignment.Name != "TokenValidationParameters")
            {
                return false;
            }

            var value = DelegateBody.Unwrap(assignment.Value);
            if (value is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation))
            {
                return false; // a new object or a copy
            }

            var valueKey = ObjectKey.Of(value);
            if (valueKey is null)
            {
                return false;
            }

            if (valueKey.Equals(call.Receiver))
            {
                return true;
            }

            // var p = o.TokenValidationParameters; ...; o.TokenValidationParameters = p;  (the same object put back)
            var target = assignment.Target is null ? null : EntraConfiguration.ParametersOf(assignment.Target, assignment.ObjectType);
            if (value is ILocalReferenceOperation local && target is not null)
            {
                var writes = SymbolWrites.Find(local.Local, context.Symbols.Compilation, context.CancellationToken);
                return !writes.IsDefaultOrEmpty && writes.All(w => w.Operation is { } written && target.Equals(ObjectKey.Of(DelegateBody.Unwrap(written))));
            }

            return false;
        }

        /// <summary>Is the issuer check enabled on <paramref name="parameters"/> by a call before <paramref name="position"/>?</summary>
        private static bool EnabledBefore(ConfigurationScope scope, ObjectKey? parameters, int position)
        {
            foreach (var call in scope.CallsOn(parameters, EnableCall))
            {
                if (call.Position < position)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInsideUndoingReplacement(AssignmentContext context, ObjectKey? parameters)
        {
            foreach (var ancestor in context.Assignment.Syntax.Ancestors().OfType<AssignmentExpressionSyntax>())
            {
                foreach (var other in context.Scope.Assignments)
                {
                    if (other.Syntax == ancestor && other.Name == "TokenValidationParameters" && other.Target is not null &&
                        context.Symbols.IsOptionsType(other.ObjectType) &&
                        context.Scope.SameObject(EntraConfiguration.ParametersOf(other.Target, other.ObjectType), parameters) &&
                        EnabledBefore(context.Scope, parameters, other.Syntax.SpanStart))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The call statement and the statement it moves after, when both sit in the same block.</summary>
        private static (SyntaxNode Call, SyntaxNode Anchor)? MoveFix(PropertyAssignment undoing, ParametersCall call)
        {
            if (call.Syntax.Parent is not ExpressionStatementSyntax callStatement ||
                StatementAnchors.Of(callStatement) is not { } callAnchor ||
                callAnchor is ExpressionSyntax ||
                callAnchor.Parent is not { } container ||
                StatementAnchors.ChildOf(container, undoing.Syntax) is not StatementSyntax and not GlobalStatementSyntax ||
                StatementAnchors.ChildOf(container, undoing.Syntax) is not { } anchor ||
                anchor.SpanStart <= callAnchor.SpanStart)
            {
                return null;
            }

            // After a replacement, only a call through the options property reaches the new object.
            if (undoing.Name == "TokenValidationParameters" &&
                call.ReceiverOperation is not IPropertyReferenceOperation { Property.Name: "TokenValidationParameters" })
            {
                return null;
            }

            return (callAnchor, anchor);
        }

        // ---- TA303: the AppContext switch ----

        /// <summary>
        /// The switch's name in IdentityModel 7.x and 8.x (the string behind <c>AppContextSwitches.DoNotFailOnMissingTid</c>),
        /// and the spelling of the 7.x member name that RULES.md also names.
        /// </summary>
        private static readonly ImmutableHashSet<string> MissingTidSwitches = ImmutableHashSet.Create(
            System.StringComparer.Ordinal,
            "Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning",
            "Switch.Microsoft.IdentityModel.DoNotFailOnMissingTidValidateIssuerSigning");

        /// <summary>
        /// <c>AppContext.SetSwitch(name, true)</c> with a constant switch name (literal, <c>const</c>) and a constant
        /// <c>true</c>: the check installed by EnableAadSigningKeyIssuerValidation() then passes every token without
        /// <c>tid</c>, process-wide, wherever the call is. Reported at the call; no fix.
        /// </summary>
        private static void AnalyzeSwitch(NodeContext node)
        {
            if (OperationTrees.Get(node.SemanticModel, node.Node, node.CancellationToken) is not IInvocationOperation invocation ||
                invocation.TargetMethod is not { Name: "SetSwitch", ContainingType: { Name: "AppContext", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                return;
            }

            string? name = null;
            var enabled = false;
            foreach (var argument in invocation.Arguments)
            {
                switch (argument.Parameter?.Ordinal)
                {
                    case 0:
                        name = DelegateBody.Unwrap(argument.Value)?.ConstantValue is { HasValue: true, Value: string text } ? text : null;
                        break;
                    case 1:
                        enabled = DelegateBody.Unwrap(argument.Value)?.ConstantValue is { HasValue: true, Value: true };
                        break;
                }
            }

            if (name is not null && enabled && MissingTidSwitches.Contains(name))
            {
                node.ReportDiagnostic(Diagnostic.Create(MissingTidSwitch, node.Node.GetLocation(), name));
            }
        }
    }
}
