using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// The shapes of RULES.md "Code fixes must not break the code", applied to any input: the statement (or object
/// initializer member) holding a finding is rewritten in place, as text, into each shape; the rest of the input is
/// untouched. A variant whose input no longer compiles (a lambda around an <c>await</c>, a used value of a void call)
/// is simply not a case of that shape.
/// </summary>
internal static class FixShapeVariants
{
    /// <summary>One rewritten input: the shape, the new text, where the rewritten target lies in it, and an extra file.</summary>
    public sealed record Variant(string Shape, string Text, TextSpan Region, TestFile? Extra = null);

    /// <summary>User types named like the library types that TA301's and TA302's fixes write.</summary>
    private const string UserTypes = "class AadIssuerValidator { }\nstatic class AadTokenValidationParametersExtension { }\n";

    private const string UserLibrary = """
        namespace SweepLib
        {
            public class AadIssuerValidator { }

            public static class AadTokenValidationParametersExtension { }
        }

        """;

    /// <summary>Every shape of the finding at <paramref name="span"/> in <paramref name="root"/>; empty when it is in neither a statement, an initializer nor an expression body.</summary>
    public static List<Variant> Of(SyntaxNode root, TextSpan span)
    {
        var text = root.ToFullString();
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var statement = node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s is not BlockSyntax);
        var member = node.AncestorsAndSelf().TakeWhile(n => n != statement).OfType<ExpressionSyntax>().FirstOrDefault(e => e.Parent is InitializerExpressionSyntax);
        var variants = new List<Variant>();

        Variant Wrap(string shape, TextSpan target, string replacement) =>
            new(shape, text[..target.Start] + replacement + text[target.End..], new TextSpan(target.Start, replacement.Length));

        TextSpan target;
        if (member is not null)
        {
            var initializer = (InitializerExpressionSyntax)member.Parent!;
            var index = initializer.Expressions.IndexOf(member);
            var end = index < initializer.Expressions.SeparatorCount ? initializer.Expressions.GetSeparator(index).Span.End : member.Span.End;
            target = TextSpan.FromBounds(member.SpanStart, end);
            var m = text[target.Start..target.End];
            variants.Add(Wrap("member", target, m));
            variants.Add(Wrap("member-comments", target, "// why the check is off\n/* leading */ " + m + " // TODO remove\n"));
            variants.Add(Wrap("member-if-directive", target, "\n#if DEBUG\n" + m + "\n#endif\n"));
            variants.Add(Wrap("member-region", target, "\n#region Security settings\n" + m + " // kept\n#endregion\n"));
        }
        else if (statement is not null)
        {
            target = statement.Span;
            var s = statement.ToString();
            variants.Add(Wrap("statement", target, s));
            variants.Add(Wrap("comments", target, "// before the finding\n/* leading */ " + s + " // after the finding\n"));
            variants.Add(Wrap("if-directive", target, "\n#if DEBUG\n" + s + "\n#endif\n"));
            variants.Add(Wrap("if-else-directive", target, "\n#if DEBUG\n" + s + " // debug only\n#else\n// release\n#endif\n"));
            variants.Add(Wrap("region-pragma", target, "\n#region Security settings\n#pragma warning disable CS0618 // obsolete members\n" + s + "\n#pragma warning restore CS0618\n#endregion\n"));
            if (statement is ExpressionStatementSyntax expressionStatement && expressionStatement.Expression.Span.Contains(span))
            {
                var e = expressionStatement.Expression.ToString();
                const string Task = "global::System.Threading.Tasks.Task";
                variants.Add(Wrap("embedded", target, "if (global::System.Environment.TickCount != 0) " + s + " // only when flagged\n"));
                variants.Add(Wrap("action-lambda", target, "((global::System.Action)(() => " + e + "))();"));
                variants.Add(Wrap("func-lambda-used", target, "global::System.GC.KeepAlive(((global::System.Func<object>)(() => " + e + "))());"));
                variants.Add(Wrap("async-lambda-used", target, $"global::System.GC.KeepAlive(((global::System.Func<{Task}<object>>)(async () => " + e + "))().Result);"));
                variants.Add(Wrap("async-lambda-task", target, $"((global::System.Func<{Task}>)(async () => " + e + "))().GetAwaiter().GetResult();"));
                variants.Add(Wrap("chained", target, "{ object sweepValue; sweepValue = " + e + "; global::System.GC.KeepAlive(sweepValue); }"));
                variants.Add(Wrap("argument", target, "global::System.GC.KeepAlive(" + e + ");"));
                variants.Add(Wrap("conditional", target, "global::System.GC.KeepAlive(global::System.Environment.TickCount != 0 ? (object)(" + e + ") : null);"));
            }
            else if (ValueOf(statement, span) is { } value)
            {
                // return E; or var x = E;: the value through a lambda, a local, a conditional (the value stays used).
                var e = value.ToString();
                var head = text[statement.SpanStart..value.SpanStart];
                var tail = text[value.Span.End..statement.Span.End];
                var inBlock = statement.Parent is BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax;
                string Before(string declaration, string use) => inBlock ? declaration + " " + head + use + tail : "{ " + declaration + " " + head + use + tail + " }";
                variants.Add(Wrap("lambda-used", target, Before("var sweepLambda = () => " + e + ";", "sweepLambda()")));
                variants.Add(Wrap("async-lambda-used", target, Before("var sweepLambda = async () => " + e + ";", "sweepLambda().Result")));
                variants.Add(Wrap("local", target, Before("var sweepValue = " + e + ";", "sweepValue")));
                variants.Add(Wrap("conditional", target, head + "(global::System.Environment.TickCount != 0 ? " + e + " : default!)" + tail));
            }
        }
        else if (node.AncestorsAndSelf().OfType<ArrowExpressionClauseSyntax>().FirstOrDefault() is { } arrow
            && arrow.GetLastToken().GetNextToken() is var semicolon && semicolon.IsKind(SyntaxKind.SemicolonToken))
        {
            // An expression-bodied member: the body as a lambda whose value is used, a local, a conditional; comments; #if around the member.
            target = TextSpan.FromBounds(arrow.SpanStart, semicolon.Span.End);
            var e = arrow.Expression.ToString();
            variants.Add(Wrap("expression-body", target, text[target.Start..target.End]));
            variants.Add(Wrap("expression-body-comments", target, "// before the body\n=> /* leading */ " + e + " // after the finding\n;"));
            variants.Add(Wrap("block-lambda-used", target, "{ var sweepLambda = () => " + e + "; return sweepLambda(); }"));
            variants.Add(Wrap("block-lambda-void", target, "{ var sweepLambda = () => " + e + "; sweepLambda(); }"));
            variants.Add(Wrap("block-async-lambda-used", target, "{ var sweepLambda = async () => " + e + "; return sweepLambda().Result; }"));
            variants.Add(Wrap("block-local", target, "{ var sweepValue = " + e + "; return sweepValue; }"));
            variants.Add(Wrap("expression-body-conditional", target, "=> global::System.Environment.TickCount != 0 ? " + e + " : default!;"));
            if (arrow.Parent is MemberDeclarationSyntax declaration)
            {
                var whole = text[declaration.SpanStart..declaration.Span.End];
                var inDirective = Wrap("member-if-directive", declaration.Span, "\n#if DEBUG\n" + whole + "\n#endif\n");
                variants.Add(inDirective);
            }
        }
        else
        {
            return variants;
        }

        // The plain target in documents with user types and aliases named like library types.
        var type = node.Ancestors().OfType<BaseTypeDeclarationSyntax>().LastOrDefault();
        variants.Add(Insert("user-types-in-namespace", type?.SpanStart ?? text.Length, type is null ? "\n" + UserTypes : UserTypes));
        var usingsAt = root is CompilationUnitSyntax unit ? UsingPosition(unit) : 0;
        variants.Add(Insert("user-types-imported", usingsAt, "using SweepLib;\n") with { Extra = new TestFile("/0/SweepLib.cs", UserLibrary) });
        variants.Add(Insert("alias", usingsAt, "using AadIssuerValidator = global::System.Text.StringBuilder;\nusing Microsoft.IdentityModel.Validators;\n"));
        return variants;

        Variant Insert(string shape, int position, string inserted) =>
            new(shape, text[..position] + inserted + text[position..], position <= target.Start ? new TextSpan(target.Start + inserted.Length, target.Length) : target);
    }

    /// <summary>The value of <c>return E;</c> or of a single-variable <c>var x = E;</c> holding <paramref name="span"/>.</summary>
    private static ExpressionSyntax? ValueOf(StatementSyntax statement, TextSpan span) => statement switch
    {
        ReturnStatementSyntax { Expression: { } value } when value.Span.Contains(span) => value,
        LocalDeclarationStatementSyntax { Declaration.Variables: [{ Initializer.Value: var value }] } when value.Span.Contains(span) => value,
        _ => null,
    };

    /// <summary>Where a non-global using directive may go: before the first one, after the global ones and extern aliases, or before the first member.</summary>
    private static int UsingPosition(CompilationUnitSyntax unit) =>
        unit.Usings.FirstOrDefault(u => u.GlobalKeyword.IsKind(SyntaxKind.None))?.SpanStart
        ?? unit.Usings.LastOrDefault()?.FullSpan.End
        ?? unit.Externs.LastOrDefault()?.FullSpan.End
        ?? unit.AttributeLists.FirstOrDefault()?.SpanStart
        ?? unit.Members.FirstOrDefault()?.SpanStart
        ?? 0;
}
