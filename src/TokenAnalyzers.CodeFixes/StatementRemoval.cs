using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// Removes an assignment (or a statement) wherever it stands: an object-initializer member, a statement in a
    /// block or at top level, an embedded statement (replaced by an empty block), or a lambda's expression body
    /// (replaced by an empty block). Preprocessor directives in the removed trivia are kept.
    /// </summary>
    internal static class StatementRemoval
    {
        /// <summary>
        /// Whether <paramref name="assignment"/> can go without changing anything else: an object-initializer member, a
        /// statement, or the expression body of a lambda whose result nobody uses (an <c>Action</c>, or an async lambda
        /// returning a plain <c>Task</c>). Where the assignment is a value (<c>Func&lt;P, bool&gt; f = p =&gt; p.X =
        /// false</c>, a chained assignment, an argument, a conditional branch, an expression-bodied member) it cannot.
        /// </summary>
        public static bool CanRemove(ExpressionSyntax assignment, SemanticModel model) => assignment.Parent switch
        {
            InitializerExpressionSyntax initializer => (initializer.IsKind(SyntaxKind.ObjectInitializerExpression) || initializer.IsKind(SyntaxKind.WithInitializerExpression)) &&
                                                       !HasDirectiveInside(assignment) && !HasDirectiveAround(initializer, assignment),
            ExpressionStatementSyntax statement => !HasDirectiveInside(statement),
            LambdaExpressionSyntax lambda => lambda.ExpressionBody == assignment && ResultIsUnused(lambda, model) && !HasDirectiveInside(assignment),
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow =>
                ReturnsNothing(arrow.Parent!, model) && !HasDirectiveInside(arrow) && !arrow.DescendantTrivia().Any(IsComment),
            _ => false,
        };

        /// <summary>A method or local function that returns nothing (or an async one a plain Task): its expression body is a statement.</summary>
        private static bool ReturnsNothing(SyntaxNode member, SemanticModel model) =>
            member.SyntaxTree == model.SyntaxTree &&
            model.GetDeclaredSymbol(member) is IMethodSymbol method &&
            (method.ReturnsVoid ||
             (method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" }));

        /// <summary>
        /// A directive (or the code it disables) between the first and the last token of <paramref name="node"/>: the
        /// removal would take one of a pair of directives and leave the other (round AH: a value split by
        /// <c>#if DEBUG</c>/<c>#else</c>; CS1027, CS1028, CS0201 in both configurations).
        /// </summary>
        private static bool HasDirectiveInside(SyntaxNode node)
        {
            foreach (var trivia in node.DescendantTrivia(node.Span))
            {
                if (trivia.IsDirective || trivia.IsKind(SyntaxKind.DisabledTextTrivia))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A directive on a comma next to an initializer member (<c>#if X</c> then <c>, Member = v</c>): the comma goes with the member.</summary>
        private static bool HasDirectiveAround(InitializerExpressionSyntax initializer, ExpressionSyntax element)
        {
            var index = initializer.Expressions.IndexOf(element);
            var separators = initializer.Expressions.GetSeparators().ToList();
            foreach (var separator in new[] { index - 1, index })
            {
                if (separator >= 0 && separator < separators.Count &&
                    (separators[separator].LeadingTrivia.Any(IsDirectiveOrDisabled) || separators[separator].TrailingTrivia.Any(IsDirectiveOrDisabled)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDirectiveOrDisabled(SyntaxTrivia trivia) => trivia.IsDirective || trivia.IsKind(SyntaxKind.DisabledTextTrivia);

        /// <summary>The lambda returns nothing (or an async lambda a plain Task), so its expression body is a statement.</summary>
        internal static bool ResultIsUnused(LambdaExpressionSyntax lambda, SemanticModel model) =>
            lambda.SyntaxTree == model.SyntaxTree &&
            model.GetSymbolInfo(lambda).Symbol is IMethodSymbol method &&
            (method.ReturnsVoid ||
             (method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" }));

        public static SyntaxNode Remove(SyntaxNode root, ExpressionSyntax assignment) => assignment.Parent switch
        {
            InitializerExpressionSyntax initializer => root.ReplaceNode(initializer, WithoutElement(initializer, assignment)),
            ExpressionStatementSyntax statement => RemoveStatement(root, statement),
            LambdaExpressionSyntax lambda => root.ReplaceNode(lambda, EmptyBody(lambda)),
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax method } => root.ReplaceNode(method, method
                .WithExpressionBody(null).WithSemicolonToken(default).WithBody(EmptyBlock(method.ExpressionBody!, method.SemicolonToken))),
            ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax local } => root.ReplaceNode(local, local
                .WithExpressionBody(null).WithSemicolonToken(default).WithBody(EmptyBlock(local.ExpressionBody!, local.SemicolonToken))),
            _ => root,
        };

        /// <summary><c>=&gt; x;</c> becomes <c>{ }</c>, with the trivia around the arrow and after the semicolon (a comment stays on the line).</summary>
        private static BlockSyntax EmptyBlock(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon) =>
            SyntaxFactory.Block(
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(arrow.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space),
                default,
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia().WithTrailingTrivia(semicolon.TrailingTrivia));

        /// <summary>Removes every one of <paramref name="expressions"/> (see <see cref="Remove"/>), honouring cancellation.</summary>
        public static SyntaxNode RemoveAll(SyntaxNode root, IEnumerable<ExpressionSyntax> expressions, CancellationToken cancellationToken)
        {
            var list = expressions.ToList();
            var tracked = root.TrackNodes(list);
            foreach (var expression in list)
            {
                // Fix All over thousands of findings in one document takes a while: let the IDE cancel it.
                cancellationToken.ThrowIfCancellationRequested();
                if (tracked.GetCurrentNode(expression) is { } current)
                {
                    tracked = Remove(tracked, current);
                }
            }

            return tracked;
        }

        public static SyntaxNode RemoveStatement(SyntaxNode root, StatementSyntax statement)
        {
            switch (statement.Parent)
            {
                case BlockSyntax:
                case SwitchSectionSyntax:
                    return RemoveKeepingComments(root, statement);
                case GlobalStatementSyntax global:
                    return RemoveKeepingComments(root, global);
                default:
                    // `if (x) p.ValidateIssuer = false;`: an embedded statement cannot vanish; an empty block keeps the code valid.
                    return root.ReplaceNode(statement, SyntaxFactory.Block().WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        /// <summary>
        /// Removes a statement (its whole line) but keeps every comment and preprocessor directive of its trivia, in
        /// order, in front of the token that follows it: a reader still finds the comment there, and every
        /// <c>#if</c>/<c>#region</c> keeps its partner. A blank line before the statement stays too, where it separated
        /// it from the statements above (real code: the first statement of a group), before the comments kept; without
        /// comments, unless a closing brace or another blank line follows.
        /// </summary>
        private static SyntaxNode RemoveKeepingComments(SyntaxNode root, SyntaxNode statement)
        {
            // Roslyn's KeepDirectives puts a line break before a kept `#if` whose statement goes: a blank line above it.
            var blankLine = StartsWithBlankLine(statement.GetLeadingTrivia());
            if (!blankLine && !statement.ContainsDirectives && !statement.DescendantTrivia().Any(IsComment))
            {
                return SharingItsLine(root, statement) ?? root.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives | SyntaxRemoveOptions.KeepDirectives)!;
            }

            var annotation = new SyntaxAnnotation();
            var marked = root.ReplaceNode(statement, statement.WithAdditionalAnnotations(annotation));
            var current = marked.GetAnnotatedNodes(annotation).Single();
            var next = current.GetLastToken().GetNextToken(includeZeroWidth: true);
            var kept = KeptTrivia(current.DescendantTrivia(), root, statement);
            if (blankLine && !next.IsKind(SyntaxKind.CloseBraceToken) && (kept.Count > 0 || !StartsWithBlankLine(next.LeadingTrivia)))
            {
                kept = kept.Insert(0, FixSupport.EndOfLine(root));
            }

            marked = marked.ReplaceToken(next, next.WithLeadingTrivia(kept.AddRange(next.LeadingTrivia)));
            return marked.RemoveNode(marked.GetAnnotatedNodes(annotation).Single(), SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        /// <summary>
        /// A statement that shares its line with another: after one (<c>var copy = p.Clone(); copy.X = false;</c>) its line
        /// break stays with the one before; before one (<c>p.X = false; p.Y = "a";</c>) its indentation goes to the one
        /// after. Null when it has its line to itself.
        /// </summary>
        private static SyntaxNode? SharingItsLine(SyntaxNode root, SyntaxNode statement)
        {
            var previous = statement.GetFirstToken().GetPreviousToken();
            var next = statement.GetLastToken().GetNextToken();
            var endsLine = statement.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (!previous.IsKind(SyntaxKind.None) && !previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) &&
                !statement.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) && endsLine)
            {
                return RemoveGivingTrivia(root, statement, toPrevious: true, statement.GetTrailingTrivia());
            }

            if (!endsLine && !next.IsKind(SyntaxKind.None) && !next.IsKind(SyntaxKind.CloseBraceToken) &&
                !next.LeadingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) &&
                statement.GetLeadingTrivia().All(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            {
                return RemoveGivingTrivia(root, statement, toPrevious: false, statement.GetLeadingTrivia());
            }

            return null;
        }

        /// <summary>
        /// Removes <paramref name="statement"/> with all its trivia, after giving <paramref name="trivia"/> to the token
        /// before it (as trailing trivia) or after it (as leading trivia).
        /// </summary>
        private static SyntaxNode? RemoveGivingTrivia(SyntaxNode root, SyntaxNode statement, bool toPrevious, SyntaxTriviaList trivia)
        {
            var annotation = new SyntaxAnnotation();
            var marked = root.ReplaceNode(statement, statement.WithAdditionalAnnotations(annotation));
            var current = marked.GetAnnotatedNodes(annotation).Single();
            marked = toPrevious
                ? marked.ReplaceToken(current.GetFirstToken().GetPreviousToken(), current.GetFirstToken().GetPreviousToken().WithTrailingTrivia(trivia))
                : marked.ReplaceToken(current.GetLastToken().GetNextToken(), current.GetLastToken().GetNextToken().WithLeadingTrivia(trivia));
            return marked.RemoveNode(marked.GetAnnotatedNodes(annotation).Single(), SyntaxRemoveOptions.KeepNoTrivia);
        }

        /// <summary>Leading trivia whose first line is empty: the line break of a blank line before the token.</summary>
        private static bool StartsWithBlankLine(SyntaxTriviaList trivia)
        {
            foreach (var item in trivia)
            {
                if (!item.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    return item.IsKind(SyntaxKind.EndOfLineTrivia);
                }
            }

            return false;
        }

        internal static bool IsComment(SyntaxTrivia trivia) =>
            trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia) ||
            trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia);

        /// <summary>
        /// The comments, directives and disabled text among <paramref name="trivia"/> (of a node being removed), each
        /// comment on a line of its own indented like <paramref name="removed"/>, or inline when the node shares its line.
        /// </summary>
        internal static SyntaxTriviaList KeptTrivia(IEnumerable<SyntaxTrivia> trivia, SyntaxNode root, SyntaxNode removed)
        {
            var eol = FixSupport.EndOfLine(root);
            var indentation = FixSupport.LineIndentation(root, removed.SpanStart);
            var text = root.GetText();
            var line = text.Lines.GetLineFromPosition(removed.SpanStart);
            var ownLine = string.IsNullOrWhiteSpace(text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(line.Start, removed.SpanStart)));
            var kept = new List<SyntaxTrivia>();
            var previous = default(SyntaxTrivia);
            foreach (var item in trivia)
            {
                if (item.IsDirective || item.IsKind(SyntaxKind.DisabledTextTrivia))
                {
                    if (item.IsDirective && previous.IsKind(SyntaxKind.WhitespaceTrivia))
                    {
                        kept.Add(previous); // the directive's own indentation (round AN: an indented #region)
                    }

                    kept.Add(item);
                }
                else if (IsComment(item))
                {
                    if (ownLine)
                    {
                        kept.AddRange(indentation);
                        kept.Add(item);
                        if (!item.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
                        {
                            kept.Add(eol);
                        }
                    }
                    else
                    {
                        kept.Add(item);
                        kept.Add(item.IsKind(SyntaxKind.SingleLineCommentTrivia) || item.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) ? eol : SyntaxFactory.Space);
                    }
                }

                previous = item;
            }

            return SyntaxFactory.TriviaList(kept);
        }

        private static InitializerExpressionSyntax WithoutElement(InitializerExpressionSyntax initializer, ExpressionSyntax element)
        {
            var expressions = initializer.Expressions;
            var index = expressions.IndexOf(element);
            var nodes = expressions.ToList();
            var separators = expressions.GetSeparators().ToList();
            var removedTrivia = element.DescendantTrivia().ToList();

            if (index < separators.Count)
            {
                // `X = v,` : the element and its comma go; the next element keeps its own indentation.
                removedTrivia.AddRange(separators[index].LeadingTrivia);
                removedTrivia.AddRange(separators[index].TrailingTrivia);
                separators.RemoveAt(index);
            }
            else if (index > 0)
            {
                // last element without a trailing comma: drop the comma before it but keep that comma's line break.
                var previousSeparator = separators[index - 1];
                nodes[index - 1] = nodes[index - 1].WithTrailingTrivia(nodes[index - 1].GetTrailingTrivia().AddRange(previousSeparator.TrailingTrivia));
                separators.RemoveAt(index - 1);
            }

            nodes.RemoveAt(index);

            // Comments and directives of the removed member (an `#if` in its leading trivia, a `// why` after its
            // comma) stay, before the next member or, for the last member, before the closing brace.
            var result = initializer.WithExpressions(SyntaxFactory.SeparatedList(nodes, separators));
            if (!removedTrivia.Any(t => IsComment(t) || t.IsDirective || t.IsKind(SyntaxKind.DisabledTextTrivia)))
            {
                return result; // the common case, without a look at the whole text (Fix All removes thousands)
            }

            var kept = KeptTrivia(removedTrivia, element.SyntaxTree.GetRoot(), element);

            if (nodes.Count > index)
            {
                var next = result.Expressions[index];
                return result.ReplaceNode(next, next.WithLeadingTrivia(kept.AddRange(next.GetLeadingTrivia())));
            }

            return result.WithCloseBraceToken(result.CloseBraceToken.WithLeadingTrivia(kept.AddRange(result.CloseBraceToken.LeadingTrivia)));
        }

        private static LambdaExpressionSyntax EmptyBody(LambdaExpressionSyntax lambda)
        {
            var block = SyntaxFactory.Block().WithTriviaFrom(lambda.ExpressionBody!).WithAdditionalAnnotations(Formatter.Annotation);
            return lambda.WithExpressionBody(null).WithBlock(block);
        }
    }
}
