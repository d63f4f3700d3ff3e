using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>One expected diagnostic, resolved to a file and span (Span null: expected without location).</summary>
internal sealed record ExpectedEntry(string Id, string Path, TextSpan? Span, string? Message, string? MessageContaining)
{
    public bool Matches(Diagnostic actual) =>
        actual.Id == Id && HasLocationOf(actual) && MessageMatches(actual);

    public bool HasLocationOf(Diagnostic actual) => Span is null
        ? actual.Location == Location.None
        : actual.Location != Location.None && DiagnosticRunner.PathOf(actual) == Path && actual.Location.SourceSpan == Span.Value;

    private bool MessageMatches(Diagnostic actual)
    {
        var message = actual.GetMessage(CultureInfo.InvariantCulture);
        return (Message is null || message == Message)
            && (MessageContaining is null || message.Contains(MessageContaining, StringComparison.Ordinal));
    }
}

/// <summary>Builds expectations from markup and compares them with what the analyzers reported.</summary>
internal static class DiagnosticComparer
{
    /// <param name="defaultId">Resolves the id of plain <c>[|...|]</c> spans (called only when one is used).</param>
    public static ImmutableArray<ExpectedEntry> Expectations(
        IEnumerable<(string Path, ParsedMarkup Markup)> files,
        IEnumerable<ExpectedDiagnostic> extra,
        Func<string> defaultId,
        IEnumerable<DiagnosticDescriptor> descriptors)
    {
        var entries = ImmutableArray.CreateBuilder<ExpectedEntry>();
        var locations = new Dictionary<int, (string Path, TextSpan Span)>();
        foreach (var (path, markup) in files)
        {
            foreach (var span in markup.Spans)
            {
                if (!span.IsLocationKey)
                {
                    entries.Add(new ExpectedEntry(span.Tag ?? defaultId(), path, span.Span, null, null));
                }
                else if (!locations.TryAdd(span.LocationKey, (path, span.Span)))
                {
                    throw new ArgumentException($"The markup location {{|#{span.LocationKey}:...|}} is defined twice.");
                }
            }
        }

        var used = new HashSet<int>();
        foreach (var expected in extra)
        {
            var (path, span) = ("", (TextSpan?)null);
            if (expected.LocationKey is { } key)
            {
                if (!locations.TryGetValue(key, out var location))
                {
                    throw new ArgumentException($"ExpectedDiagnostic {expected} refers to a markup location {{|#{key}:...|}} that no file defines.");
                }

                (path, span) = (location.Path, location.Span);
                used.Add(key);
            }

            var message = expected.Message;
            if (expected.Arguments is { } arguments)
            {
                var descriptor = descriptors.FirstOrDefault(d => d.Id == expected.Id)
                    ?? throw new ArgumentException($"ExpectedDiagnostic {expected} has arguments, but no analyzer under test supports {expected.Id}.");
                var formatted = string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), arguments.ToArray());
                if (message is not null && message != formatted)
                {
                    throw new ArgumentException($"ExpectedDiagnostic {expected} has both a message and arguments that format differently.");
                }

                message = formatted;
            }

            entries.Add(new ExpectedEntry(expected.Id, path, span, message, expected.MessageContaining));
        }

        var unused = locations.Keys.Where(key => !used.Contains(key)).Order().ToList();
        if (unused.Count > 0)
        {
            throw new ArgumentException($"The markup location {{|#{unused[0]}:...|}} is not used by any ExpectedDiagnostic.");
        }

        return entries.ToImmutable();
    }

    /// <summary>Throws a <see cref="VerificationException"/> listing the differences and the actual diagnostics as markup.</summary>
    /// <param name="files">The files (without markup) the diagnostics point into, in display order.</param>
    public static void Compare(string state, IReadOnlyList<ExpectedEntry> expected, ImmutableArray<Diagnostic> actual, IReadOnlyList<TestFile> files)
    {
        var unmatched = actual.ToList();
        var missing = new List<ExpectedEntry>();
        foreach (var entry in expected)
        {
            var match = unmatched.FindIndex(entry.Matches);
            if (match >= 0)
            {
                unmatched.RemoveAt(match);
            }
            else
            {
                missing.Add(entry);
            }
        }

        if (missing.Count == 0 && unmatched.Count == 0)
        {
            return;
        }

        var message = new StringBuilder($"The diagnostics on {state} differ from the expected ones.");
        if (missing.Count > 0)
        {
            message.AppendLine().Append("Expected but not reported:");
            foreach (var entry in missing)
            {
                message.AppendLine().Append("  ").Append(Describe(entry, files, actual));
            }
        }

        if (unmatched.Count > 0)
        {
            message.AppendLine().Append("Reported but not expected:");
            foreach (var diagnostic in unmatched)
            {
                message.AppendLine().Append("  ").Append(DiagnosticRunner.Describe(diagnostic));
            }
        }

        message.AppendLine().AppendLine().AppendLine("Actual diagnostics as markup:").Append(MarkupPrinter.Render(files, actual));
        message.AppendLine("Actual diagnostics:");
        foreach (var diagnostic in actual)
        {
            message.Append("  ").AppendLine(DiagnosticRunner.Describe(diagnostic));
        }

        if (actual.IsEmpty)
        {
            message.AppendLine("  (none)");
        }

        throw new VerificationException(message.ToString());
    }

    private static string Describe(ExpectedEntry entry, IReadOnlyList<TestFile> files, ImmutableArray<Diagnostic> actual)
    {
        var description = new StringBuilder(entry.Id);
        if (entry.Span is { } span)
        {
            var text = SourceText.From(files.FirstOrDefault(f => f.Path == entry.Path)?.Text ?? "");
            var position = span.End <= text.Length ? text.Lines.GetLinePosition(span.Start) : default;
            var spanText = span.End <= text.Length ? text.ToString(span) : "";
            description.Append(CultureInfo.InvariantCulture, $", {entry.Path}({position.Line + 1},{position.Character + 1}) on \"{spanText}\"");
        }
        else
        {
            description.Append(", (no location)");
        }

        if (entry.Message is not null)
        {
            description.Append($", message \"{entry.Message}\"");
        }

        if (entry.MessageContaining is not null)
        {
            description.Append($", message containing \"{entry.MessageContaining}\"");
        }

        var sameLocation = actual.FirstOrDefault(d => d.Id == entry.Id && entry.HasLocationOf(d));
        if (sameLocation is not null)
        {
            description.Append($" (reported there with message \"{sameLocation.GetMessage(CultureInfo.InvariantCulture)}\")");
        }

        return description.ToString();
    }
}
