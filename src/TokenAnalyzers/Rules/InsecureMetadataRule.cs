using System;
using System.Collections.Immutable;
using System.Net;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA107: signing keys fetched over plain HTTP: RequireHttpsMetadata set to constant false on an options
    /// object, or Authority/MetadataAddress set to a constant http:// URL of a host other than loopback.
    /// Development-only code is skipped unless token_analyzers.report_development_only is true.
    /// </summary>
    internal sealed class InsecureMetadataRule : TokenRule
    {
        internal static readonly DiagnosticDescriptor MetadataOverHttp = Descriptors.Create(
            RuleIds.MetadataOverHttp,
            "Signing keys may be fetched over plain HTTP",
            "{0}: signing keys and issuer metadata may be fetched over plain HTTP, where anyone on the network path can replace them",
            "The metadata document and the signing keys it points to decide which tokens are trusted. Fetched over plain HTTP, they can be replaced in transit by keys of the attacker's choosing. Use an https:// authority and leave RequireHttpsMetadata at its default (true).");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MetadataOverHttp);

        /// <summary>Only constant false and constant http:// URLs are reported: `Authority = $"https://{host}"` is never bound.</summary>
        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            start.OnPropertyAssignment(symbols, new[] { "RequireHttpsMetadata" }, ValueFilter.MayBeConstantFalse, AnalyzeAssignment);
            start.OnPropertyAssignment(symbols, new[] { "Authority", "MetadataAddress" }, ValueFilter.StringStartingWith("http://"), AnalyzeAssignment);
        }

        private static void AnalyzeAssignment(AssignmentContext context)
        {
            var assignment = context.Assignment;
            if (!context.Symbols.IsOptionsType(assignment.ObjectType))
            {
                return;
            }

            string? finding = assignment.Name switch
            {
                "RequireHttpsMetadata" when context.IsConstantFalse(assignment.Value) => "RequireHttpsMetadata is set to false",
                "Authority" or "MetadataAddress" when IsPlainHttpUrl(assignment.Value) => assignment.Name + " uses http:// (use an https:// address)",
                _ => null,
            };

            if (finding is null ||
                (context.IsDevelopmentOnly() && !TokenAnalyzersOptions.ReportDevelopmentOnly(context.NodeContext.Options, assignment.Syntax.SyntaxTree)))
            {
                return;
            }

            // RULES.md "Code fixes must not lock users out": only RequireHttpsMetadata = false is removed by a fix.
            // Removing an http:// address breaks the application and rewriting its scheme may point at nothing.
            var fix = assignment.Name == "RequireHttpsMetadata" && !RestoredCheck.IsInDeconstruction(assignment.Extent)
                ? ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveAssignment, FixProperties.Offered)
                : ImmutableDictionary<string, string?>.Empty;
            context.Report(MetadataOverHttp, fix, finding);
        }

        /// <summary>A constant http:// URL (or an interpolated one whose constant part names the host) off loopback.</summary>
        private static bool IsPlainHttpUrl(IOperation value)
        {
            var text = DelegateBody.Unwrap(value) switch
            {
                { ConstantValue: { HasValue: true, Value: string constant } } => constant,
                IInterpolatedStringOperation interpolated => ConstantHostPrefix(interpolated),
                _ => null,
            };

            if (text is null || !text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
                !Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                return false;
            }

            return !IsLoopback(uri.Host);
        }

        /// <summary>The constant start of an interpolated string, when it already holds the whole host (<c>$"http://host/{x}"</c>).</summary>
        private static string? ConstantHostPrefix(IInterpolatedStringOperation interpolated)
        {
            if (interpolated.Parts.Length == 0 || interpolated.Parts[0] is not IInterpolatedStringTextOperation { Text.ConstantValue.Value: string prefix })
            {
                return null;
            }

            var hostEnd = prefix.IndexOfAny(new[] { '/', ':', '?', '#' }, "http://".Length);
            return hostEnd > 0 ? prefix.Substring(0, hostEnd) : null;
        }

        private static bool IsLoopback(string host)
        {
            host = host.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
                host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
        }
    }
}
