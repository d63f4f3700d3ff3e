using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>Renders actual diagnostics back as markup that can be pasted into a test.</summary>
internal static class MarkupPrinter
{
    /// <summary>Every file (in order) with <c>{|ID:...|}</c> around each diagnostic span in it.</summary>
    public static string Render(IReadOnlyList<TestFile> files, IEnumerable<Diagnostic> diagnostics)
    {
        var byPath = diagnostics.Where(d => d.Location != Location.None).ToLookup(DiagnosticRunner.PathOf);
        var output = new StringBuilder();
        foreach (var file in files)
        {
            output.Append("// ").AppendLine(file.Path);
            output.AppendLine(Render(file.Text, byPath[file.Path].Select(d => (d.Location.SourceSpan, d.Id))));
        }

        return output.ToString();
    }

    public static string Render(string text, IEnumerable<(TextSpan Span, string Id)> spans)
    {
        // At one position: closers first (innermost first), then empty spans, then openers (outermost first).
        var inserts = new List<(int Position, int Kind, int Order, string Text)>();
        foreach (var (span, id) in spans)
        {
            if (span.IsEmpty)
            {
                inserts.Add((span.Start, 1, 0, "{|" + id + ":|}"));
            }
            else
            {
                inserts.Add((span.Start, 2, -span.End, "{|" + id + ":"));
                inserts.Add((span.End, 0, -span.Start, "|}"));
            }
        }

        var output = new StringBuilder(text);
        foreach (var insert in inserts.OrderByDescending(i => i.Position).ThenByDescending(i => i.Kind).ThenByDescending(i => i.Order))
        {
            output.Insert(insert.Position, insert.Text);
        }

        return output.ToString();
    }
}
