using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>TA306: <c>ValidAlgorithms</c> containing the constant <c>"none"</c> (<c>SecurityAlgorithms.None</c>).</summary>
    internal sealed class NoneAlgorithmRule : TokenRule
    {
        public const string None = "none";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NoneAlgorithmAllowed);

        private static readonly ImmutableHashSet<string> PropertyNames = ImmutableHashSet.Create("ValidAlgorithms");

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols) =>
            start.OnPropertyAssignment(symbols, PropertyNames, ValueFilter.Any, AnalyzeAssignment);

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsParametersType(assignment.ObjectType))
            {
                return;
            }

            // A set beside the list and one element count per list: a collection expression of 20,000 "none" strings
            // stays linear (a List.Contains and a count of the list's children per element were quadratic).
            var elements = new List<SyntaxNode>();
            var seen = new HashSet<SyntaxNode>();
            var counts = new Dictionary<SyntaxNode, int>();
            var total = -1;
            var added = false;
            foreach (var operation in assignment.Value.DescendantsAndSelf())
            {
                if (operation.Type?.SpecialType != SpecialType.System_String ||
                    ConstantValues.GetConstant(operation, context.Symbols.Compilation, context.CancellationToken) is not { HasValue: true, Value: None })
                {
                    continue;
                }

                if (ListElement(operation.Syntax) is not { } element)
                {
                    // `new[] { "RS256" }.Append("none")`: a collection form too, added by a call (no fix edits it).
                    added |= operation.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Append" or "Prepend" } };
                    continue;
                }

                if (seen.Add(element))
                {
                    elements.Add(element);
                    var list = element.Parent ?? element;
                    if (!counts.TryGetValue(list, out total))
                    {
                        total = ElementCount(element);
                        counts.Add(list, total);
                    }
                }
            }

            if (elements.Count > 0 && !elements.TrueForAll(element => IsAssignedList(element, assignment.ValueSyntax)))
            {
                // `new[] { "RS256" }.Concat(new[] { "none" })`: removing "none" (or the whole assignment, when it is all
                // its own list holds) would edit what a call combines: reported without a fix.
                context.Report(NoneAlgorithmAllowed);
                return;
            }

            if (elements.Count == 0)
            {
                // "none" held elsewhere: `[.. Defaults]` or a local or readonly field with one assignment. Reported
                // without the elements, so no fix edits a list that other code may share.
                if (added || IsNoneListedElsewhere(assignment.Value, context))
                {
                    context.Report(NoneAlgorithmAllowed);
                }

                return;
            }

            // The elements to remove are the additional locations.
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FixProperties.RemovesAll, (total == elements.Count).ToString(CultureInfo.InvariantCulture));
            context.Report(NoneAlgorithmAllowed, elements, properties);
        }

        private static bool IsNoneListedElsewhere(IOperation value, AssignmentContext context)
        {
            if (CollectionValues.Elements(value, context.Symbols.Compilation, context.CancellationToken) is not { } listed)
            {
                return false;
            }

            foreach (var element in listed)
            {
                if (ConstantValues.GetConstant(element, context.Symbols.Compilation, context.CancellationToken) is { HasValue: true, Value: None })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The element of a list that <paramref name="expression"/> is: an array or collection initializer element, or
        /// an element of a collection expression (<c>["none", ...]</c>); null when it is something else (an argument...).
        /// </summary>
        public static SyntaxNode? ListElement(SyntaxNode expression)
        {
            var node = expression;
            while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                node = node.Parent;
            }

            if (node.Parent is InitializerExpressionSyntax)
            {
                return node;
            }

            // Collection expressions are newer than the Roslyn we compile against: recognise them by kind name.
            return node.Parent is { } parent && parent.RawKind != 0 && KindName(parent) == "ExpressionElement" ? parent : null;
        }

        /// <summary>The list that holds <paramref name="element"/> is the assigned value itself (through parentheses and casts).</summary>
        private static bool IsAssignedList(SyntaxNode element, ExpressionSyntax value)
        {
            var list = element.Parent is InitializerExpressionSyntax initializer ? initializer.Parent : element.Parent;
            while (value is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                value = value is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)value).Expression;
            }

            return list == value;
        }

        private static int ElementCount(SyntaxNode element) =>
            element.Parent is InitializerExpressionSyntax initializer
                ? initializer.Expressions.Count
                : element.Parent?.ChildNodes().Count() ?? -1;

        private static string KindName(SyntaxNode node) =>
            ((Microsoft.CodeAnalysis.CSharp.SyntaxKind)node.RawKind).ToString();
    }
}
