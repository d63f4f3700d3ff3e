using System.IO;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TokenAnalyzers.Tests.Conventions;

/// <summary>
/// Issue 26: the analyzer asks the compiler for an operation tree only through <c>OperationTrees.Get</c>, which
/// refuses (and so reports TA0002 for) code nested beyond <c>NestingDepth.Limit</c>, where the compiler's recursive
/// builder could overflow the host's stack. A direct <c>GetOperation</c> call anywhere else in the analyzer fails here.
/// </summary>
[Trait("Rule", "All")]
public class OperationTreeConventionTests
{
    private const string Gate = "OperationTrees.cs";

    [Fact]
    public void Only_OperationTrees_calls_GetOperation_in_the_analyzer()
    {
        var sources = Directory.GetFiles(ShippedRules.RepoPath(Path.Combine("src", "TokenAnalyzers")), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Contains(sources, path => Path.GetFileName(path) == Gate);

        var gated = 0;
        var direct = new List<string>();
        foreach (var path in sources)
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path);
            foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = call.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => null,
                };
                if (name == "GetOperation" && Path.GetFileName(path) != Gate)
                {
                    direct.Add($"{Path.GetRelativePath(ShippedRules.RepositoryRoot, path)}:{call.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {call}");
                }
                else if (call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "OperationTrees" }, Name.Identifier.ValueText: "Get" })
                {
                    gated++;
                }
            }
        }

        Assert.True(gated > 20, $"only {gated} calls of OperationTrees.Get found: the search is broken");
        Assert.True(direct.Count == 0, "GetOperation called around the depth gate (use OperationTrees.Get):\n" + string.Join("\n", direct));
    }
}
