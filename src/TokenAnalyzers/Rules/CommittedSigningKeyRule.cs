using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Engine;
using TokenAnalyzers.Model;
using TokenAnalyzers.Roslyn;
using static TokenAnalyzers.Rules.RuleDescriptors;

namespace TokenAnalyzers.Rules
{
    /// <summary>
    /// TA503: a signing key committed in appsettings*.json. The code half: a <c>new SymmetricSecurityKey(...)</c> made
    /// from a configuration value (<see cref="ConfigurationReads"/>) through Encoding.*.GetBytes, Convert.FromBase64String
    /// (or FromHexString, Base64UrlEncoder.DecodeBytes), and the <c>SigningKeys</c> of a scheme registered with
    /// AddJwtBearer (JwtBearer 7 and later make keys of them itself). The file half: that path has a secret in the
    /// configuration an environment sees (<see cref="AppSettingsView"/>). Reported at compilation end at the JSON value.
    /// </summary>
    internal sealed class CommittedSigningKeyRule : TokenRule
    {
        private const int MaxDepth = 4;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SigningKeyInConfigurationFile);

        private protected override void OnCompilationStart(RuleStart start, TokenSymbols symbols)
        {
            var context = start.Context;
            if (symbols.SymmetricSecurityKey is null || !AppSettingsFile.Any(context.Options.AdditionalFiles))
            {
                return; // no key type or no configuration file: nothing can be committed
            }

            // The configuration types are looked up on the first candidate, not here: IConfiguration's namespace spans
            // dozens of references, and the lookup cost every compilation a third of a millisecond (issue 22).
            var compilation = start.Compilation;
            var keyReads = new ConcurrentQueue<KeyRead>();
            start.OnNamed(CandidateKind.ObjectCreation, HardCodedKeyRule.KeyTypeNames, node => CollectKey(node, symbols, compilation, keyReads));
            start.OnNamed(CandidateKind.TargetTypedCreation, HardCodedKeyRule.KeyTypeNames, node => CollectKey(node, symbols, compilation, keyReads));
            start.OnNamed(CandidateKind.Invocation, ConfigurationReads.BindingMethodNames, node =>
            {
                if (ConfigurationReads.MayBind((InvocationExpressionSyntax)node.Node) &&
                    ConfigurationReads.TryCreate(compilation) is { } reads &&
                    OperationTrees.Get(node.SemanticModel, node.Node, node.CancellationToken) is IInvocationOperation invocation)
                {
                    reads.RecordBindingsOf(invocation, node.Node, node.SemanticModel, node.CancellationToken);
                }
            });

            // JwtBearer 7.0 and later turn Authentication:Schemes:<name>:SigningKeys into keys (JwtBearerConfigureOptions).
            var schemes = JwtBearerSchemes.BindsSchemeSections(symbols)
                ? start.CollectJwtBearerSchemes(symbols)
                : new ConcurrentDictionary<string, byte>();

            var rule = Name;
            context.RegisterCompilationEndAction(end => RuleFailures.Run(rule, Location.None, end.ReportDiagnostic, end.CancellationToken, () =>
            {
                if (keyReads.IsEmpty && schemes.IsEmpty)
                {
                    return;
                }

                var reads = ConfigurationReads.TryCreate(compilation); // not null when a key was read
                var views = AppSettingsView.Build(AppSettingsFile.ReadAll(end.Options.AdditionalFiles, end.CancellationToken));
                var reported = new ReportedPositions();
                var ordered = keyReads.ToArray();
                Array.Sort(ordered, KeyRead.SourceOrder);
                foreach (var view in views)
                {
                    // In source order, not in the order the files were analyzed (concurrently): a key read in two files is
                    // reported once, naming the first, the same in every build.
                    foreach (var keyRead in ordered)
                    {
                        foreach (var path in reads!.PathsOf(keyRead.Read))
                        {
                            if (view.Find(path) is { } setting)
                            {
                                Report(setting, keyRead.Code, reported, end.Options, end.ReportDiagnostic, end.CancellationToken);
                            }
                        }
                    }

                    foreach (var scheme in schemes.Keys)
                    {
                        var section = "Authentication:Schemes:" + scheme + ":SigningKeys";
                        foreach (var setting in view.Below(section))
                        {
                            var segments = setting.Node.Segments;
                            if (segments.Length == 6 && string.Equals(segments[5], "Value", StringComparison.OrdinalIgnoreCase))
                            {
                                Report(setting, "JwtBearer scheme '" + scheme + "' makes a signing key of it", reported, end.Options, end.ReportDiagnostic, end.CancellationToken);
                            }
                        }
                    }
                }
            }));
        }

        private static void Report(AppSettingsView.Setting setting, string code, ReportedPositions reported, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            var node = setting.Node;
            if (node.Kind != JsonKind.String || !CommittedSecret.IsSecret(node.Scalar) || !reported.Add(setting.File.Path, node.ValueSpan.Start))
            {
                return;
            }

            ConfigurationFindings.Report(options, setting.File, SigningKeyInConfigurationFile, node.ValueSpan, report, cancellationToken, setting.Path, code);
        }

        private static void CollectKey(NodeContext context, TokenSymbols symbols, Compilation compilation, ConcurrentQueue<KeyRead> keyReads)
        {
            var creation = (BaseObjectCreationExpressionSyntax)context.Node;
            if (creation.ArgumentList is not { Arguments.Count: 1 } ||
                ConfigurationReads.TryCreate(compilation) is not { } reads)
            {
                return;
            }

            if (OperationTrees.Get(context.SemanticModel, creation, context.CancellationToken) is not IObjectCreationOperation operation ||
                !operation.Type.InheritsFromOrEquals(symbols.SymmetricSecurityKey) ||
                operation.Arguments.Length != 1 ||
                DecodedString(operation.Arguments[0].Value, symbols, context.CancellationToken, 0) is not { } text ||
                reads.ReadOf(text, context.CancellationToken) is not { } read)
            {
                return;
            }

            keyReads.Enqueue(new KeyRead(read, "the code at " + Where(creation), creation.SyntaxTree.FilePath, creation.SpanStart));
        }

        /// <summary>The string that Encoding.*.GetBytes, Convert.FromBase64String/FromHexString or Base64UrlEncoder.DecodeBytes decodes into the key bytes.</summary>
        private static IOperation? DecodedString(IOperation? bytes, TokenSymbols symbols, CancellationToken cancellationToken, int depth)
        {
            bytes = DelegateBody.Unwrap(bytes);
            if (bytes is null || depth > MaxDepth)
            {
                return null;
            }

            switch (bytes)
            {
                case IInvocationOperation { Arguments.Length: 1 } invocation:
                    var method = invocation.TargetMethod;
                    var type = method.ContainingType;
                    var decodes =
                        (method.Name == "GetBytes" && type.InheritsFromOrEquals(symbols.Encoding)) ||
                        (method.Name is "FromBase64String" or "FromHexString" && SymbolEqualityComparer.Default.Equals(type, symbols.Convert)) ||
                        (method.Name is "DecodeBytes" && SymbolEqualityComparer.Default.Equals(type, symbols.Base64UrlEncoder));
                    return decodes && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String ? invocation.Arguments[0].Value : null;
                case ICoalesceOperation coalesce:
                    return DecodedString(coalesce.Value, symbols, cancellationToken, depth + 1);
                case ILocalReferenceOperation local:
                    return SymbolWrites.SingleWrite(local.Local, symbols.Compilation, cancellationToken, includeReadOnlyFields: true) is { } localValue ? DecodedString(localValue, symbols, cancellationToken, depth + 1) : null;
                case IFieldReferenceOperation field:
                    return SymbolWrites.SingleWrite(field.Field, symbols.Compilation, cancellationToken, includeReadOnlyFields: true) is { } fieldValue ? DecodedString(fieldValue, symbols, cancellationToken, depth + 1) : null;
                default:
                    return null;
            }
        }

        /// <summary>"Program.cs line 12": where the key is made, for the message.</summary>
        private static string Where(SyntaxNode node)
        {
            var span = node.GetLocation().GetLineSpan();
            return JsonConfiguration.FileName(span.Path) + " line " + (span.StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// A key made from a configuration value, collected as the files are analyzed (concurrently). A class, not a
        /// value tuple: a queue and a sort over a tuple are code the JIT compiles for them alone (issue 22).
        /// </summary>
        private sealed class KeyRead
        {
            /// <summary>Source order: by file path, then position, the same in every build.</summary>
            public static readonly Comparison<KeyRead> SourceOrder = (x, y) =>
                string.CompareOrdinal(x.Path, y.Path) is var byPath and not 0 ? byPath : x.Position.CompareTo(y.Position);

            public KeyRead(ConfigurationRead read, string code, string path, int position)
            {
                Read = read;
                Code = code;
                Path = path;
                Position = position;
            }

            public ConfigurationRead Read { get; }

            public string Code { get; }

            public string Path { get; }

            public int Position { get; }
        }
    }
}
