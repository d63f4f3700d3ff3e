using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace TokenAnalyzers.Tests.Verification;

// Code fixes for TEST001 that exist only to test the verifier itself: one correct, the others broken on purpose.

/// <summary>Base for TEST001 fixers: finds the reported assignment and lets the subclass edit it.</summary>
internal abstract class FlagFixerBase : CodeFixProvider
{
    public const string EquivalenceKey = "TEST001.Fix";

    public sealed override ImmutableArray<string> FixableDiagnosticIds => [FlagFalseAnalyzer.Id];

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not AssignmentExpressionSyntax assignment)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Fix Flag", ct => FixAsync(context.Document, assignment, ct), EquivalenceKey),
            context.Diagnostics);
    }

    /// <summary>The fix for one assignment, usable from a custom Fix All too.</summary>
    protected async Task<Document> FixAsync(Document document, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        Edit(editor, assignment);
        return editor.GetChangedDocument();
    }

    protected abstract void Edit(DocumentEditor editor, AssignmentExpressionSyntax assignment);
}

/// <summary>
/// The correct fix: removes the assignment (the statement, or the initializer member). Fix All edits each document
/// once with one DocumentEditor: BatchFixer would merge text edits and drop one of two adjacent removals.
/// </summary>
internal class RemoveFlagAssignmentFixer : FlagFixerBase
{
    public override FixAllProvider? GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        var editor = await DocumentEditor.CreateAsync(document, context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is AssignmentExpressionSyntax assignment)
            {
                Remove(editor, assignment);
            }
        }

        return editor.GetChangedDocument();
    });

    protected override void Edit(DocumentEditor editor, AssignmentExpressionSyntax assignment) => Remove(editor, assignment);

    private static void Remove(DocumentEditor editor, AssignmentExpressionSyntax assignment) =>
        editor.RemoveNode(assignment.Parent is ExpressionStatementSyntax statement ? statement : assignment);
}

/// <summary>The correct fix, recording the scopes Fix All was asked for.</summary>
internal sealed class ScopeRecordingRemoveFlagAssignmentFixer : RemoveFlagAssignmentFixer
{
    public ConcurrentQueue<FixAllScope> FixAllScopes { get; } = new();

    public override FixAllProvider? GetFixAllProvider() => new RecordingFixAllProvider(this);

    private sealed class RecordingFixAllProvider(ScopeRecordingRemoveFlagAssignmentFixer owner) : FixAllProvider
    {
        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            owner.FixAllScopes.Enqueue(fixAllContext.Scope);
            return new RemoveFlagAssignmentFixer().GetFixAllProvider()!.GetFixAsync(fixAllContext);
        }
    }
}

/// <summary>Broken: replaces the value with a name that does not exist.</summary>
internal sealed class UndefinedNameFixer : FlagFixerBase
{
    protected override void Edit(DocumentEditor editor, AssignmentExpressionSyntax assignment) =>
        editor.ReplaceNode(assignment.Right, SyntaxFactory.IdentifierName("undefinedName").WithTriviaFrom(assignment.Right));
}

/// <summary>Broken: only adds a comment, so the diagnostic stays.</summary>
internal sealed class CommentOnlyFixer : FlagFixerBase
{
    protected override void Edit(DocumentEditor editor, AssignmentExpressionSyntax assignment) =>
        editor.ReplaceNode(assignment.Right, assignment.Right.WithTrailingTrivia(SyntaxFactory.Comment(" /* reviewed */")));
}

/// <summary>Broken: wraps the value in parentheses, which keeps it constant false and is offered again forever.</summary>
internal sealed class ParenthesizeFixer : FlagFixerBase
{
    protected override void Edit(DocumentEditor editor, AssignmentExpressionSyntax assignment) =>
        editor.ReplaceNode(assignment.Right, SyntaxFactory.ParenthesizedExpression(assignment.Right.WithoutTrivia()).WithTriviaFrom(assignment.Right));
}

/// <summary>Broken Fix All: a single fix removes the assignment, but Fix All sets the values to true instead.</summary>
internal sealed class DifferentFixAllFixer : RemoveFlagAssignmentFixer
{
    public override FixAllProvider? GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var values = diagnostics
            .Select(d => root!.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true))
            .OfType<AssignmentExpressionSyntax>()
            .Select(assignment => assignment.Right);
        return document.WithSyntaxRoot(root!.ReplaceNodes(
            values,
            (original, _) => SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(original)));
    });
}

/// <summary>Broken: the equivalence key carries the diagnostic position, so Fix All only fixes one diagnostic per pass.</summary>
internal sealed class PerDiagnosticKeyFixer : RemoveFlagAssignmentFixer
{
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is AssignmentExpressionSyntax assignment)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Fix Flag", ct => FixAsync(context.Document, assignment, ct), EquivalenceKey + "@" + context.Span.Start),
                context.Diagnostics);
        }
    }
}
