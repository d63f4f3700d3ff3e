using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.CodeFixes
{
    /// <summary>
    /// TA302 for an object that no variable names (<c>return new TokenValidationParameters { ... };</c>,
    /// <c>TokenValidationParameters Build() =&gt; new() { ... };</c>, a property or <c>get</c> with such a body,
    /// <c>() =&gt; new JwtBearerOptions { ... }</c>):
    /// store it in a fresh local, call on the local, and return the local, turning an expression body into a block.
    /// Declined (null <see cref="Holder"/>) wherever that cannot be done without changing what the code means or
    /// whether it compiles: field and property initializers, arguments and other expressions (hoisting would change
    /// the order of evaluation), an expression-bodied lambda converted to an expression tree (a statement body is not
    /// allowed there), and a preprocessor directive between the statement and the object (a <c>#if</c> split).
    /// </summary>
    internal static class NewObjectLocal
    {
        /// <summary>The return statement, member or lambda whose body the fix rewrites, or null when it must decline.</summary>
        public static SyntaxNode? Holder(BaseObjectCreationExpressionSyntax creation, SemanticModel model)
        {
            SyntaxNode? holder = creation.Parent switch
            {
                ReturnStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement when statement.Expression == creation => statement,
                ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax or PropertyDeclarationSyntax } arrow when arrow.Expression == creation => arrow.Parent,
                ArrowExpressionClauseSyntax { Parent: AccessorDeclarationSyntax accessor } arrow when arrow.Expression == creation && accessor.IsKind(SyntaxKind.GetAccessorDeclaration) => accessor,
                LambdaExpressionSyntax lambda when lambda.ExpressionBody == creation && !IsExpressionTree(lambda, model) => lambda,
                _ => null,
            };

            if (holder is null || Method(holder, model) is null || creation.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            // A directive between the holder's start and the object (or after the object, before its end) splits it.
            var region = holder is LambdaExpressionSyntax or ReturnStatementSyntax
                ? holder.Span
                : TextSpan.FromBounds(ArrowOf(holder!)!.SpanStart, holder.Span.End);
            var split = holder.DescendantTrivia(descendIntoTrivia: false)
                .Any(t => t.IsDirective && region.Contains(t.Span) && !creation.Span.Contains(t.Span));

            // A line comment before the object would swallow the declaration written after it.
            var lineComment = creation.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia));
            return split || lineComment ? null : holder;
        }

        /// <summary>
        /// Rewrites each (tracked) creation of <paramref name="root"/>: <c>var parameters = new ...;</c>, the call
        /// <paramref name="call"/> writes for <c>parameters</c> + path, and <c>return parameters;</c> where a value is returned.
        /// </summary>
        public static SyntaxNode Rewrite(SyntaxNode root, IReadOnlyList<(ExpressionSyntax Creation, string Path)> targets, SemanticModel model, Func<string, StatementSyntax> call)
        {
            // Everything the semantic model must answer is read from the original tree, before any change.
            var plans = new List<(ExpressionSyntax Creation, string Path, bool ReturnsValue, TypeSyntax Type)>();
            foreach (var (creation, path) in targets)
            {
                var holder = Holder((BaseObjectCreationExpressionSyntax)creation, model);
                if (holder is null || Method(holder, model) is not { } method)
                {
                    continue;
                }

                var returnsValue = holder is ReturnStatementSyntax || !ReturnsNothing(method);
                TypeSyntax type = SyntaxFactory.IdentifierName("var");
                if (creation is ImplicitObjectCreationExpressionSyntax && model.GetTypeInfo(creation).Type is { } created)
                {
                    // `var x = new() { ... }` does not compile: the type is written out, for the simplifier to shorten.
                    type = SyntaxFactory.ParseTypeName(created.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation);
                }

                plans.Add((creation, path, returnsValue, type));
            }

            foreach (var plan in plans)
            {
                if (root.GetCurrentNode(plan.Creation) is not { } creation || creation.Parent is not { } parent)
                {
                    continue;
                }

                // Named on the tree as the previous targets left it, so two objects of one member get different names.
                var name = FreshName(creation, plan.Path.Length == 0 ? "parameters" : "options");
                var eol = FixSupport.EndOfLine(root);
                switch (parent)
                {
                    case ReturnStatementSyntax statement:
                    {
                        var indentation = FixSupport.Indentation(statement);
                        var statements = new List<StatementSyntax>
                        {
                            Declaration(plan.Type, name, creation, 0).WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(eol),
                            call(name + plan.Path).WithoutTrivia().WithLeadingTrivia(indentation).WithTrailingTrivia(eol),
                            statement.WithExpression(SyntaxFactory.IdentifierName(name).WithTrailingTrivia(creation.GetTrailingTrivia()))
                                .WithLeadingTrivia(indentation),
                        };
                        root = root.ReplaceNode(statement, statements);
                        break;
                    }

                    case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                    {
                        // T P => new T { ... };  becomes  T P { get { ...; return local; } }
                        var outer = FixSupport.LineIndentation(root, property.SpanStart);
                        var accessorIndentation = outer.Add(SyntaxFactory.Whitespace("    "));
                        var block = Block(root, creation, plan, name, call, accessorIndentation, eol, SyntaxFactory.TriviaList(eol));
                        var getter = SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration, block)
                            .WithKeyword(SyntaxFactory.Token(SyntaxKind.GetKeyword).WithLeadingTrivia(accessorIndentation).WithTrailingTrivia(eol));
                        var accessors = SyntaxFactory.AccessorList(
                            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(eol),
                            SyntaxFactory.SingletonList(getter),
                            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(property.SemicolonToken.TrailingTrivia));
                        var withAccessors = property.WithIdentifier(property.Identifier.WithTrailingTrivia(eol))
                            .WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(accessors);
                        root = root.ReplaceNode(property, withAccessors);
                        break;
                    }

                    case ArrowExpressionClauseSyntax { Parent: AccessorDeclarationSyntax accessor }:
                    {
                        var outer = FixSupport.LineIndentation(root, accessor.SpanStart);
                        var block = Block(root, creation, plan, name, call, outer, eol, accessor.SemicolonToken.TrailingTrivia);
                        root = root.ReplaceNode(accessor, accessor.WithKeyword(accessor.Keyword.WithTrailingTrivia(eol))
                            .WithExpressionBody(null).WithSemicolonToken(default).WithBody(block));
                        break;
                    }

                    case ArrowExpressionClauseSyntax arrow:
                    {
                        var member = arrow.Parent!;
                        var outer = FixSupport.LineIndentation(root, member.SpanStart);
                        var semicolon = member is MethodDeclarationSyntax m ? m.SemicolonToken : ((LocalFunctionStatementSyntax)member).SemicolonToken;
                        var block = Block(root, creation, plan, name, call, outer, eol, semicolon.TrailingTrivia);
                        SyntaxNode withBlock = member switch
                        {
                            MethodDeclarationSyntax method => method.WithParameterList(method.ParameterList.WithTrailingTrivia(eol))
                                .WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
                            LocalFunctionStatementSyntax local => local.WithParameterList(local.ParameterList.WithTrailingTrivia(eol))
                                .WithExpressionBody(null).WithSemicolonToken(default).WithBody(block),
                            _ => member,
                        };
                        root = root.ReplaceNode(member, withBlock);
                        break;
                    }

                    case LambdaExpressionSyntax lambda:
                    {
                        var outer = FixSupport.LineIndentation(root, creation.SpanStart);
                        var block = Block(root, creation, plan, name, call, outer, eol, creation.GetTrailingTrivia());
                        var withBlock = lambda.WithExpressionBody(null).WithBlock(block);
                        root = root.ReplaceNode(lambda, withBlock.WithArrowToken(withBlock.ArrowToken.WithTrailingTrivia(eol)));
                        break;
                    }
                }
            }

            return root;
        }

        private static BlockSyntax Block(
            SyntaxNode root,
            ExpressionSyntax creation,
            (ExpressionSyntax Creation, string Path, bool ReturnsValue, TypeSyntax Type) plan,
            string name,
            Func<string, StatementSyntax> call,
            SyntaxTriviaList outer,
            SyntaxTrivia eol,
            SyntaxTriviaList closeTrailing)
        {
            var inner = outer.Add(SyntaxFactory.Whitespace("    "));
            // The object's own lines keep their place relative to its first line, which now starts the local.
            var shift = Width(inner) - Width(FixSupport.LineIndentation(root, creation.SpanStart));
            var statements = new List<StatementSyntax>
            {
                Declaration(plan.Type, name, creation, shift),
                call(name + plan.Path).WithoutTrivia(),
            };
            if (plan.ReturnsValue)
            {
                statements.Add(SyntaxFactory.ReturnStatement(SyntaxFactory.IdentifierName(name)));
            }

            return SyntaxFactory.Block(
                SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(eol),
                SyntaxFactory.List(statements.Select(st => st.WithLeadingTrivia(inner).WithTrailingTrivia(eol))),
                SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(outer).WithTrailingTrivia(closeTrailing));
        }

        /// <summary><c>var name = creation;</c>, the creation's comments kept and its continuation lines shifted right by <paramref name="shift"/>.</summary>
        private static LocalDeclarationStatementSyntax Declaration(TypeSyntax type, string name, ExpressionSyntax creation, int shift)
        {
            var value = Shifted(creation, shift);
            var leading = value.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
            value = value.WithLeadingTrivia(leading.Count == 0 ? SyntaxFactory.TriviaList(SyntaxFactory.Space) : SyntaxFactory.TriviaList(leading.Prepend(SyntaxFactory.Space).Append(SyntaxFactory.Space)))
                .WithTrailingTrivia(value.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.EndOfLineTrivia) && !t.IsKind(SyntaxKind.WhitespaceTrivia)));
            return SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                type.WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithInitializer(SyntaxFactory.EqualsValueClause(value)))));
        }

        /// <summary>Adds <paramref name="shift"/> spaces to the indentation of every line of <paramref name="node"/> after its first.</summary>
        private static ExpressionSyntax Shifted(ExpressionSyntax node, int shift)
        {
            if (shift <= 0)
            {
                return node;
            }

            var text = node.SyntaxTree.GetText();
            var pad = new string(' ', shift);
            var lineStarts = node.DescendantTrivia(descendIntoTrivia: false)
                .Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia) && t.SpanStart > node.SpanStart && text.Lines.GetLineFromPosition(t.SpanStart).Start == t.SpanStart)
                .ToList();
            return node.ReplaceTrivia(lineStarts, (original, _) => SyntaxFactory.Whitespace(pad + original.ToString()));
        }

        private static int Width(SyntaxTriviaList indentation) => indentation.ToFullString().Length;

        private static SyntaxNode? ArrowOf(SyntaxNode member) => member switch
        {
            MethodDeclarationSyntax method => method.ExpressionBody,
            LocalFunctionStatementSyntax local => local.ExpressionBody,
            PropertyDeclarationSyntax property => property.ExpressionBody,
            AccessorDeclarationSyntax accessor => accessor.ExpressionBody,
            _ => null,
        };

        /// <summary>The method, local function or lambda whose body holds the object.</summary>
        private static IMethodSymbol? Method(SyntaxNode holder, SemanticModel model) => holder switch
        {
            ReturnStatementSyntax statement => statement.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax or CompilationUnitSyntax) switch
            {
                AnonymousFunctionExpressionSyntax function => model.GetSymbolInfo(function).Symbol as IMethodSymbol,
                CompilationUnitSyntax => null, // a top-level return is the program's exit code
                { } declaration => model.GetDeclaredSymbol(declaration) switch
                {
                    IMethodSymbol m => m,
                    IPropertySymbol p => p.GetMethod,
                    _ => null,
                },
                null => null,
            },
            LambdaExpressionSyntax lambda => model.GetSymbolInfo(lambda).Symbol as IMethodSymbol,
            PropertyDeclarationSyntax property => (model.GetDeclaredSymbol(property) as IPropertySymbol)?.GetMethod,
            _ => model.GetDeclaredSymbol(holder) as IMethodSymbol,
        };

        private static bool ReturnsNothing(IMethodSymbol method) =>
            method.ReturnsVoid || (method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });

        /// <summary>A lambda converted to <c>System.Linq.Expressions.Expression&lt;T&gt;</c>: it may have no statement body.</summary>
        private static bool IsExpressionTree(LambdaExpressionSyntax lambda, SemanticModel model)
        {
            var converted = model.GetTypeInfo(lambda).ConvertedType;
            for (var type = converted as INamedTypeSymbol; type is not null; type = type.BaseType)
            {
                if (type is { Name: "Expression" or "LambdaExpression" } && type.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
                {
                    return true;
                }
            }

            // Unknown conversion (an overload not yet chosen, an error): do not guess.
            return converted is null or IErrorTypeSymbol;
        }

        /// <summary><c>parameters</c>, or <c>parameters2</c>, ...: a name no identifier of the enclosing member uses.</summary>
        private static string FreshName(SyntaxNode node, string stem)
        {
            var scope = node.AncestorsAndSelf().LastOrDefault(n => n is MemberDeclarationSyntax and not (BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)) ?? node.SyntaxTree.GetRoot();
            var used = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText), StringComparer.Ordinal);
            var name = stem;
            for (var i = 2; used.Contains(name); i++)
            {
                name = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }
    }
}
