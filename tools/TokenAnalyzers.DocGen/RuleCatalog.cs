using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using TokenAnalyzers.CodeFixes;

namespace TokenAnalyzers.DocGen
{
    /// <summary>What one descriptor says, plus the two facts the descriptor itself does not carry.</summary>
    /// <param name="Source">The class that declares it: a rule of <c>Rules/</c>, or the host for its own reports.</param>
    /// <param name="IsRule">False for the analyzer's own reports (TA0xxx, e.g. TA0002): no README row, no preset entry.</param>
    public sealed record RuleInfo(
        string Id,
        string Title,
        string Category,
        DiagnosticSeverity DefaultSeverity,
        string MessageFormat,
        string HelpLink,
        ImmutableArray<string> CustomTags,
        string Source,
        bool IsRule,
        bool HasCodeFix);

    /// <summary>
    /// Every descriptor the package ships, read from the built assemblies (nothing is listed by hand, so a rule added
    /// later is covered as soon as it is in <c>TokenValidationAnalyzer.AllRules()</c>), and the ids that have a fix
    /// (the <c>FixableDiagnosticIds</c> of every exported <see cref="CodeFixProvider"/>).
    /// </summary>
    public static class RuleCatalog
    {
        public static IReadOnlyList<RuleInfo> Load()
        {
            var fixable = FixableIds();
            var rules = new List<RuleInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in TokenValidationAnalyzer.AllRules())
            {
                foreach (var descriptor in rule.SupportedDiagnostics)
                {
                    if (seen.Add(descriptor.Id))
                    {
                        rules.Add(Describe(descriptor, rule.GetType().Name, isRule: true, fixable));
                    }
                }
            }

            // The host's own reports (TA0002): whatever it supports beyond its rules.
            foreach (var descriptor in new TokenValidationAnalyzer().SupportedDiagnostics)
            {
                if (seen.Add(descriptor.Id))
                {
                    rules.Add(Describe(descriptor, nameof(TokenValidationAnalyzer), isRule: false, fixable));
                }
            }

            return rules.OrderBy(r => r.Id, IdComparer.Instance).ToList();
        }

        public static ImmutableHashSet<string> FixableIds() =>
            typeof(RemoveAssignmentCodeFixProvider).Assembly.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t)
                    && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t, nonPublic: true)!)
                .SelectMany(f => f.FixableDiagnosticIds)
                .ToImmutableHashSet(StringComparer.Ordinal);

        private static RuleInfo Describe(DiagnosticDescriptor d, string source, bool isRule, ImmutableHashSet<string> fixable) =>
            new(
                d.Id,
                d.Title.ToString(),
                d.Category,
                d.DefaultSeverity,
                d.MessageFormat.ToString(),
                d.HelpLinkUri,
                d.CustomTags.ToImmutableArray(),
                source,
                isRule,
                fixable.Contains(d.Id));
    }

    /// <summary>Ids in number order within a prefix: TA0002 before TA101, TA999 before TA1000.</summary>
    public sealed class IdComparer : IComparer<string>
    {
        public static readonly IdComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var (px, nx) = Split(x ?? "");
            var (py, ny) = Split(y ?? "");
            var byPrefix = string.CompareOrdinal(px, py);
            if (byPrefix != 0)
            {
                return byPrefix;
            }

            // TA0002 (the analyzer's own, four digits with a leading zero) sorts before the rules TA1xx-TA5xx.
            var byNumber = nx.CompareTo(ny);
            return byNumber != 0 ? byNumber : string.CompareOrdinal(x, y);
        }

        private static (string Prefix, long Number) Split(string id)
        {
            var i = id.Length;
            while (i > 0 && char.IsAsciiDigit(id[i - 1]))
            {
                i--;
            }

            return (id[..i], i < id.Length && id.Length - i <= 18 ? long.Parse(id[i..], System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
    }
}
