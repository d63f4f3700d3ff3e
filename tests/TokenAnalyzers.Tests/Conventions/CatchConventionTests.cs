using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Tests.Conventions;

/// <summary>
/// Issue 26: no failure is swallowed. Every <c>catch</c> in src/ rethrows (or throws), reports TA0002 or TA0003
/// (RuleFailures), or answers a cancellation; in the scanner tool it may instead record a named problem of the run or
/// return the failure exit code (2). A catch that does anything else would turn a bug into a silent "no finding".
/// CI runs this with the tests.
/// </summary>
[Trait("Rule", "All")]
public class CatchConventionTests
{
    [Fact]
    public void Every_catch_in_src_rethrows_reports_or_answers_a_cancellation()
    {
        var sources = Directory.GetFiles(ShippedRules.RepoPath("src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);

        var catches = 0;
        var failures = new List<string>();
        foreach (var path in sources)
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path);
            foreach (var clause in tree.GetRoot().DescendantNodes().OfType<CatchClauseSyntax>())
            {
                catches++;
                if (Judge(clause) is { } problem)
                {
                    failures.Add($"{Path.GetRelativePath(ShippedRules.RepositoryRoot, path)}:{clause.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {problem}");
                }
            }
        }

        Assert.True(catches > 0, "no catch found: the search is broken");
        Assert.True(failures.Count == 0, "Catches that neither rethrow, report TA0002/TA0003 nor answer a cancellation:\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("try { M(); } catch (Exception) { }", false)]
    [InlineData("try { M(); } catch { return; }", false)]
    [InlineData("try { M(); } catch (FormatException) when (x) { return false; }", false)]
    [InlineData("try { M(); } catch (Exception e) { Log(e); throw; }", true)]
    [InlineData("try { M(); } catch (Exception e) { throw new InvalidOperationException(\"x\", e); }", true)]
    [InlineData("try { M(); } catch (OperationCanceledException) { return; }", true)]
    [InlineData("try { M(); } catch (Exception exception) when (!IsCancellation(exception, token)) { report(RuleFailures.Create(rule, exception, location)); }", true)]
    [InlineData("try { M(); } catch (Exception exception) { context.ReportDiagnostic(Diagnostic.Create(CouldNotReadConfiguration, location)); }", true)]
    [InlineData("try { M(); } catch (Exception e) when (e is not OperationCanceledException) { problems.Add(new ProjectProblem(path, ProblemStage.Load, e.Message)); }", true)]
    [InlineData("try { M(); } catch (UsageException e) { console.WriteLine(e.Message); return FailureExitCode; }", true)]
    [InlineData("try { M(); } catch (IOException) { continue; }", false)]
    public void The_check_tells_a_swallowing_catch_from_an_allowed_one(string statement, bool allowed)
    {
        var clause = CSharpSyntaxTree.ParseText("class C { void N() { " + statement + " } }").GetRoot().DescendantNodes().OfType<CatchClauseSyntax>().Single();
        Assert.Equal(allowed, Judge(clause) is null);
    }

    /// <summary>Null when the catch is allowed, else what is wrong with it.</summary>
    private static string? Judge(CatchClauseSyntax clause)
    {
        if (clause.Block.DescendantNodes().Any(node => node is ThrowStatementSyntax or ThrowExpressionSyntax))
        {
            return null; // rethrows or throws
        }

        if (clause.Declaration?.Type is { } type && type.ToString().Split('.').Last() is "OperationCanceledException" or "TaskCanceledException")
        {
            return null; // answers a cancellation
        }

        var reports = clause.Block.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(invocation =>
            invocation.Expression.ToString() is "Create" or "RuleFailures.Create" &&
            invocation.ArgumentList.Arguments.Any(argument => argument.ToString() == clause.Declaration?.Identifier.ValueText)) ||
            clause.Block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name => name.Identifier.ValueText is "CouldNotAnalyze" or "CouldNotReadConfiguration");
        if (reports)
        {
            return null; // reports TA0002 (RuleFailures.Create with the exception) or TA0003
        }

        // The scanner tool (src/TokenAnalyzers.Cli) reports to its user: a named problem of the run (exit code 2) or
        // the failure exit code itself.
        if (clause.Block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name => name.Identifier.ValueText is "ProjectProblem" or "FailureExitCode"))
        {
            return null;
        }

        return $"'{clause.CatchKeyword} {clause.Declaration}{(clause.Filter is null ? "" : " " + clause.Filter)}' swallows the exception";
    }
}
