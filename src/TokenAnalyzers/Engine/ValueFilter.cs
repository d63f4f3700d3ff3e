using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Engine
{
    /// <summary>
    /// What an assigned value must look like for a rule to be able to report it, decided from the syntax before
    /// anything is bound (the first semantic question about a member binds its whole body, which is what costs).
    /// A filter only ever says "cannot report": it is true whenever the syntax alone cannot rule the value out.
    /// String prefixes also let <see cref="CandidateScanner"/> drop a string literal that starts otherwise from the
    /// file's text, before the tree is asked.
    /// </summary>
    internal sealed class ValueFilter
    {
        private readonly Func<ExpressionSyntax, bool>? _mayReport;

        private ValueFilter(Func<ExpressionSyntax, bool>? mayReport, string[]? stringPrefixes)
        {
            _mayReport = mayReport;
            StringPrefixes = stringPrefixes;
        }

        /// <summary>Any value may be reported.</summary>
        public static ValueFilter Any { get; } = new ValueFilter(null, null);

        /// <summary>Only a value that may be constant false (see <see cref="ValueSyntax.MayBeConstantFalse"/>).</summary>
        public static ValueFilter MayBeConstantFalse { get; } = new ValueFilter(ValueSyntax.MayBeConstantFalse, null);

        /// <summary>Only a string that may start with one of <paramref name="prefixes"/> (an http:// URL, an Entra host).</summary>
        public static ValueFilter StringStartingWith(params string[] prefixes) =>
            new ValueFilter(value => ValueSyntax.MayBeStringStartingWith(value, prefixes), prefixes);

        /// <summary>Only a value for which <paramref name="mayReport"/> is true (a rule's own syntactic test).</summary>
        public static ValueFilter Where(Func<ExpressionSyntax, bool> mayReport) => new ValueFilter(mayReport, null);

        /// <summary>The starts a reported string must have; null for any value.</summary>
        public string[]? StringPrefixes { get; }

        public bool MayReport(ExpressionSyntax value) => _mayReport?.Invoke(value) ?? true;
    }
}
