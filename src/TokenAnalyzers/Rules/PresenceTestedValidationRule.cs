using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA109: a validation flag computed from "is the value configured" (<c>ValidateIssuer = !string.IsNullOrEmpty(issuer)</c>
    /// next to <c>ValidIssuer = issuer</c>): where the setting is missing the check goes off instead of failing closed,
    /// the defect ASP.NET Core 7.0 shipped in its own configuration binding.
    /// </summary>
    internal sealed class PresenceTestedValidationRule : TokenRule
    {
        /// <summary>Each flag, what its check protects against, and the values that give it something to check against.</summary>
        private static readonly Dictionary<string, Flag> Flags = new Dictionary<string, Flag>
        {
            ["ValidateIssuer"] = new Flag("tokens from any issuer are accepted", "ValidIssuer", new[] { "ValidIssuer", "ValidIssuers", "ConfigurationManager" }, new[] { "Authority", "MetadataAddress", "ConfigurationManager" }),
            ["ValidateAudience"] = new Flag("tokens issued for any other application are accepted", "ValidAudience", new[] { "ValidAudience", "ValidAudiences" }, new[] { "Audience", "ClientId" }),
            ["ValidateLifetime"] = new Flag("expired tokens are accepted", string.Empty, new string[0], new string[0]),
            ["RequireSignedTokens"] = new Flag("unsigned tokens ('alg: none') are accepted", string.Empty, new string[0], new string[0]),
        };

        /// <summary>Where the tested value must also go for the flag to be "switched on by its own value".</summary>
        private static readonly string[] ParametersValues = { "ValidIssuer", "ValidIssuers", "ValidAudience", "ValidAudiences", "IssuerSigningKey", "IssuerSigningKeys" };

        private static readonly string[] OptionsValues = { "Audience", "Authority" };

        private static readonly string[] OptionsNames = { "Audience", "Authority", "MetadataAddress", "ConfigurationManager", "ClientId" };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(ValidationOnlyWhenConfigured);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, Flags.Keys, ValueFilter.Where(MayBePresenceTest), AnalyzeAssignment);

        /// <summary>A literal (<c>true</c>, <c>false</c>) is never a presence test; neither is a lambda or a creation.</summary>
        private static bool MayBePresenceTest(ExpressionSyntax value)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            return value is PrefixUnaryExpressionSyntax or BinaryExpressionSyntax or IsPatternExpressionSyntax or InvocationExpressionSyntax or
                MemberAccessExpressionSyntax or IdentifierNameSyntax or ConditionalAccessExpressionSyntax;
        }

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsParametersType(assignment.ObjectType) ||
                !Flags.TryGetValue(assignment.Name, out var flag) ||
                assignment.Target is null ||
                PresenceTest.TestedValues(assignment.Value, context.Symbols.Compilation, context.CancellationToken) is not { } testedValues)
            {
                return;
            }

            var scope = context.Scope;
            var options = OptionsAssignments(context);
            var carried = false;
            foreach (var tested in testedValues)
            {
                carried |= IsConfiguredValue(context, tested, options);
            }

            if (!carried)
            {
                return; // a test of a different value (`ValidateIssuer = settings.UseIssuer != null`): not this rule's business
            }

            // "Code fixes must not lock users out": `true` needs something to check against in the same scope.
            var fixable = flag.ParametersTargets.Length == 0 ||
                          HasValue(scope.AssignmentsTo(assignment.Target, flag.ParametersTargets)) ||
                          HasAny(options, flag.OptionsTargets);
            var properties = fixable
                ? ImmutableDictionary<string, string?>.Empty.Add(FixProperties.ReplaceWithTrue, "true")
                : ImmutableDictionary<string, string?>.Empty;
            context.Report(
                ValidationOnlyWhenConfigured,
                properties,
                assignment.Name,
                string.Join("' or '", testedValues.ConvertAll(TestedText)),
                flag.Consequence,
                fixable ? string.Empty : ", and no " + flag.Missing + " is set");
        }

        /// <summary>
        /// The tested value is what the same parameters object gets as ValidIssuer(s), ValidAudience(s) or
        /// IssuerSigningKey(s), or its options object as Audience or Authority, or that object's own value read back.
        /// </summary>
        private static bool IsConfiguredValue(AssignmentContext context, IOperation tested, List<PropertyAssignment> options)
        {
            var compilation = context.Symbols.Compilation;
            if (ReadsBack(context, tested))
            {
                return true;
            }

            foreach (var other in context.Scope.AssignmentsTo(context.Assignment.Target, ParametersValues))
            {
                if (PresenceTest.Carries(other.Value, tested, compilation, context.CancellationToken))
                {
                    return true;
                }
            }

            foreach (var other in options)
            {
                if (System.Array.IndexOf(OptionsValues, other.Name) >= 0 && PresenceTest.Carries(other.Value, tested, compilation, context.CancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The tested value is the reported object's own value read back: <c>p.ValidIssuer is not null</c> on the same
        /// parameters object, or <c>o.Audience != null</c> on its options object (real code "corrects" the flag after the
        /// user's callback so).
        /// </summary>
        private static bool ReadsBack(AssignmentContext context, IOperation tested)
        {
            if (tested is not IPropertyReferenceOperation { Instance: { Type: { } type } instance } read || ObjectKey.Of(instance) is not { } owner)
            {
                return false;
            }

            var target = context.Assignment.Target;
            var name = read.Property.Name;
            return System.Array.IndexOf(ParametersValues, name) >= 0
                ? context.Symbols.IsParametersType(type) && context.Scope.SameObject(owner, target)
                : System.Array.IndexOf(OptionsValues, name) >= 0 &&
                  context.Symbols.IsOptionsType(type) &&
                  EntraConfiguration.ParametersOf(owner, type) is { } parameters &&
                  context.Scope.SameObject(parameters, target);
        }

        /// <summary>Assignments of the options object whose TokenValidationParameters is the reported parameters object.</summary>
        private static List<PropertyAssignment> OptionsAssignments(AssignmentContext context)
        {
            var found = new List<PropertyAssignment>();
            var scope = context.Scope;
            foreach (var other in scope.Assignments)
            {
                if (System.Array.IndexOf(OptionsNames, other.Name) >= 0 &&
                    other.Target is { } options &&
                    context.Symbols.IsOptionsType(other.ObjectType) &&
                    EntraConfiguration.ParametersOf(options, other.ObjectType) is { } parameters &&
                    scope.SameObject(parameters, context.Assignment.Target))
                {
                    found.Add(other);
                }
            }

            return found;
        }

        /// <summary>Any assignment of something to check against: <c>ValidIssuer = null</c> is none.</summary>
        private static bool HasValue(IEnumerable<PropertyAssignment> assignments)
        {
            foreach (var assignment in assignments)
            {
                if (assignment.Value?.ConstantValue is not { HasValue: true, Value: null })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasAny(List<PropertyAssignment> assignments, string[] names)
        {
            foreach (var assignment in assignments)
            {
                if (System.Array.IndexOf(names, assignment.Name) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static string TestedText(IOperation tested)
        {
            // jwt?.Audiences?.Length > 0 tests '.Audiences' of the chain: named from the chain's start (round AG).
            var syntax = tested.Syntax;
            var chain = syntax;
            while (chain.Parent is ConditionalAccessExpressionSyntax)
            {
                chain = chain.Parent;
            }

            var text = chain == syntax
                ? syntax.ToString()
                : syntax.SyntaxTree.GetText().ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(chain.SpanStart, syntax.Span.End));
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        /// <summary>
        /// A flag's entry: a class, not a tuple, so the table shares the dictionary code every reference type uses
        /// instead of making the JIT compile a dictionary of its own on first use (issue 22).
        /// </summary>
        private sealed class Flag
        {
            public Flag(string consequence, string missing, string[] parametersTargets, string[] optionsTargets)
            {
                Consequence = consequence;
                Missing = missing;
                ParametersTargets = parametersTargets;
                OptionsTargets = optionsTargets;
            }

            public string Consequence { get; }

            public string Missing { get; }

            public string[] ParametersTargets { get; }

            public string[] OptionsTargets { get; }
        }
    }
}
