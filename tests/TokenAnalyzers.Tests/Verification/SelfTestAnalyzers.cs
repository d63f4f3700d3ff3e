using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Tests.Verification;

// Small analyzers that exist only to test the verifier itself.

/// <summary>TEST001: a bool property named Flag assigned a constant false (initializer or statement).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FlagFalseAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST001";

    public static readonly DiagnosticDescriptor Rule = new(
        Id, "Flag is set to false", "Property '{0}' is set to false", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "Flag", Type.SpecialType: SpecialType.System_Boolean } property }
            && assignment.Value.ConstantValue is { HasValue: true, Value: false })
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), property.Name));
        }
    }
}

/// <summary>TEST002: a class whose name is the value of the option <c>test_option.reported_class</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ConfiguredClassAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST002";
    public const string OptionName = "test_option.reported_class";

    private static readonly DiagnosticDescriptor Rule = new(
        Id, "Configured class", "Class '{0}' is named in the configuration", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterSyntaxNodeAction(
            nodeContext =>
            {
                var declaration = (ClassDeclarationSyntax)nodeContext.Node;
                var options = nodeContext.Options.AnalyzerConfigOptionsProvider.GetOptions(declaration.SyntaxTree);
                if (options.TryGetValue(OptionName, out var name) && name == declaration.Identifier.ValueText)
                {
                    nodeContext.ReportDiagnostic(Diagnostic.Create(Rule, declaration.Identifier.GetLocation(), name));
                }
            },
            SyntaxKind.ClassDeclaration);
    }
}

/// <summary>TEST003: <c>"validate": false</c> in a JSON additional file, reported on the <c>false</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class JsonValidateFalseAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST003";

    private static readonly DiagnosticDescriptor Rule = new(
        Id, "Validation is off in configuration", "Validation is switched off", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static readonly Regex ValidateFalse = new("\"validate\"\\s*:\\s*(false)", RegexOptions.CultureInvariant);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterAdditionalFileAction(fileContext =>
        {
            if (!fileContext.AdditionalFile.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                || fileContext.AdditionalFile.GetText(fileContext.CancellationToken) is not { } text)
            {
                return;
            }

            foreach (Match match in ValidateFalse.Matches(text.ToString()))
            {
                var span = new TextSpan(match.Groups[1].Index, match.Groups[1].Length);
                fileContext.ReportDiagnostic(Diagnostic.Create(
                    Rule, Location.Create(fileContext.AdditionalFile.Path, span, text.Lines.GetLinePositionSpan(span))));
            }
        });
    }
}

/// <summary>TEST004: throws on every class declaration.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "TEST004";

    private static readonly DiagnosticDescriptor Rule = new(
        Id, "Never reported", "Never reported", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("Self-test analyzer failure"), SyntaxKind.ClassDeclaration);
    }
}
