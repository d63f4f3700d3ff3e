using System.Collections.Generic;
using System.Text;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>A minimal line diff for failure messages: " " common, "-" expected only, "+" actual only.</summary>
internal static class TextDiff
{
    public static string Describe(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');

        // Longest common subsequence table, from the end.
        var lcs = new int[left.Length + 1, right.Length + 1];
        for (var i = left.Length - 1; i >= 0; i--)
        {
            for (var j = right.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = left[i] == right[j] ? lcs[i + 1, j + 1] + 1 : System.Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<string>();
        int l = 0, r = 0;
        while (l < left.Length || r < right.Length)
        {
            if (l < left.Length && r < right.Length && left[l] == right[r])
            {
                lines.Add("  " + Visible(left[l++]));
                r++;
            }
            else if (r < right.Length && (l == left.Length || lcs[l, r + 1] >= lcs[l + 1, r]))
            {
                lines.Add("+ " + Visible(right[r++]));
            }
            else
            {
                lines.Add("- " + Visible(left[l++]));
            }
        }

        return new StringBuilder("--- expected").AppendLine().AppendLine("+++ actual").AppendJoin('\n', lines).ToString();
    }

    // Make otherwise invisible differences (line endings, trailing blanks) visible.
    private static string Visible(string line) =>
        line.Replace("\r", "\\r", System.StringComparison.Ordinal) + (line.EndsWith(' ') || line.EndsWith('\t') ? "⏎" : "");
}
