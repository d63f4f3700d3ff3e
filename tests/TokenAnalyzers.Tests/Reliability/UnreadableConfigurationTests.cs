using System.Collections.Immutable;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TokenAnalyzers.AppSettings;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Reliability;

/// <summary>
/// TA0003: an appsettings*.json that the configuration provider would not read is reported once, naming the file,
/// the position and the reason, and the findings of every other file are kept; odd but readable files are read as
/// the provider reads them (ConfigurationReaderAgreementTests proves the premise with the real provider).
/// </summary>
[Trait("Rule", "TA501")]
[Trait("Rule", "TA502")]
public class UnreadableConfigurationTests
{
    private const string Host = Usings + """
        class Startup
        {
            void Configure(IServiceCollection services) => services.AddAuthentication().AddJwtBearer();
        }
        """;

    private const string ReadableOverlay = """{ "Jwt": { "ValidateAudience": false } }""";

    public static TheoryData<string, string, string, int, int> Unreadable => new()
    {
        // name, file text, reason (part), line, column (1-based) of the reported position
        { "truncated", "{\n  \"Jwt\": { \"ValidateIssuer\": false }", "the text ends before the top-level object is closed", 2, 37 },
        { "truncated string", "{ \"Jwt\": \"abc", "a string is not closed", 1, 10 },
        { "top-level array", "[ { \"ValidateIssuer\": false } ]", "the top level is an array", 1, 1 },
        { "top-level string", "\"ValidateIssuer\"", "the top level is a single value", 1, 1 },
        { "single quotes", "{ 'ValidateIssuer': false }", "expected a property name in double quotes but found '''", 1, 3 },
        { "bare key", "{ ValidateIssuer: false }", "expected a property name in double quotes but found 'V'", 1, 3 },
        { "capital False", "{ \"ValidateIssuer\": False }", "expected a value but found 'F'", 1, 21 },
        { "missing colon", "{ \"ValidateIssuer\" false }", "expected ':' after the property name", 1, 20 },
        { "double comma", "{ \"A\": [1, 2,, 3], \"ValidateIssuer\": false }", "expected a value but found ','", 1, 14 },
        { "leading zero", "{ \"A\": 01 }", "an invalid number", 1, 8 },
        { "bad escape", "{ \"A\": \"\\x\" }", "an invalid escape sequence \\x", 1, 9 },
        { "short unicode escape", "{ \"A\": \"\\u12\" }", "an invalid \\u escape", 1, 9 },
        { "lone surrogate", "{ \"A\": \"\\ud800\" }", "half of a surrogate pair", 1, 8 },
        { "line break in string", "{ \"A\": \"line\nbreak\" }", "a line break inside a string", 1, 13 },
        { "unterminated comment", "{ \"A\": 1 } /* unterminated", "a /* comment is not closed", 1, 12 },
        { "text after", "{ \"A\": 1 } trailing", "text after the closing '}'", 1, 12 },
        { "empty", "", "the file is empty", 1, 1 },
        { "whitespace", "   \n  ", "the file is empty", 2, 3 },
        { "binary", "{ \"A\": \"\0\u0001\u0002\" }", "the control character U+0000 inside a string (binary content?)", 1, 9 },
        { "binary at the top", "\u0089PNG\r\n\u001a\n\0\0", "expected '{' but found U+0089", 1, 1 },
        { "duplicate key", "{ \"ValidateIssuer\": true,\n  \"validateissuer\": false }", "the key 'validateissuer' has a value twice", 2, 3 },
        { "duplicate through a colon key", "{ \"Jwt:Key\": \"a\", \"Jwt\": { \"Key\": \"b\" } }", "the key 'Jwt:Key' has a value twice", 1, 28 },
        { "65 levels", "{ \"ValidateIssuer\": false, " + string.Concat(Enumerable.Repeat("\"a\": {", 64)) + "\"b\": 1" + new string('}', 64) + " }", "nested deeper than 64 levels", 1, 27 + (6 * 63) + 5 + 1 },
        { "100,000 brackets", "{ \"A\": " + new string('[', 100_000) + new string(']', 100_000) + " }", "nested deeper than 64 levels", 1, 8 + 63 },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task An_unreadable_file_is_reported_with_its_position_and_reason_and_the_other_files_are_still_checked(string name, string text, string reason, int line, int column)
    {
        var diagnostics = await AnalyzeAsync(("/0/appsettings.json", SourceText.From(text)), ("/0/appsettings.Production.json", SourceText.From(ReadableOverlay)));

        var failure = Assert.Single(diagnostics, d => d.Id == "TA0003");
        Assert.Equal("/0/appsettings.json", failure.Location.GetLineSpan().Path);
        Assert.Contains("TokenAnalyzers could not read 'appsettings.json': ", failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(reason, failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("; its settings were not checked", failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var position = failure.Location.GetLineSpan().StartLinePosition;
        Assert.True((line, column) == (position.Line + 1, position.Character + 1), $"{name}: reported at {position.Line + 1}:{position.Character + 1}");

        // The readable file's finding is kept; the unreadable file gives nothing else.
        var other = Assert.Single(diagnostics, d => d.Id != "TA0003" && d.Id != "TA502");
        Assert.Equal(("TA501", "/0/appsettings.Production.json"), (other.Id, other.Location.GetLineSpan().Path));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_as_text_is_reported_at_its_start()
    {
        var diagnostics = await AnalyzeAsync(("/0/appsettings.json", null), ("/0/appsettings.Production.json", SourceText.From(ReadableOverlay)));

        var failure = Assert.Single(diagnostics, d => d.Id == "TA0003");
        Assert.Equal("/0/appsettings.json", failure.Location.GetLineSpan().Path);
        Assert.Contains("the file cannot be read as text", failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(diagnostics, d => d.Id == "TA501");
    }

    /// <summary>
    /// Round AH: a file with two UTF-8 byte-order marks, as the compiler decodes it (one taken off): the configuration
    /// provider rejects it (ConfigurationReaderAgreementTests), so it is reported, and its setting is not read as valid.
    /// </summary>
    [Fact]
    public async Task A_file_with_two_byte_order_marks_is_reported()
    {
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(new UTF8Encoding(true).GetPreamble())
            .Concat(Encoding.UTF8.GetBytes("{ \"Jwt\": { \"ValidateIssuer\": false } }")).ToArray();
        var text = SourceText.From(new MemoryStream(bytes), encoding: null, checksumAlgorithm: SourceHashAlgorithm.Sha256, throwIfBinaryDetected: false);

        var diagnostics = await AnalyzeAsync(("/0/appsettings.json", text));

        var failure = Assert.Single(diagnostics, d => d.Id == "TA0003");
        Assert.Contains("two byte-order marks", failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(diagnostics, d => d.Id == "TA501");
    }

    [Fact]
    public async Task Other_json_files_are_not_read()
    {
        var diagnostics = await AnalyzeAsync(("/0/package.json", SourceText.From("[ not json")), ("/0/settings.json", SourceText.From("{")));
        Assert.DoesNotContain(diagnostics, d => d.Id == "TA0003");
    }

    public static TheoryData<string, SourceText> Readable => new()
    {
        { "comments and trailing commas", SourceText.From("// c\n{ /* c */ \"Jwt\": { \"ValidateIssuer\": false, }, } // end") },
        { "byte-order mark", SourceText.From("\uFEFF{ \"Jwt\": { \"ValidateIssuer\": false } }") },
        { "UTF-8 with a byte-order mark, as bytes", From(new UTF8Encoding(true), "{ \"Jwt\": { \"ValidateIssuer\": false } }") },
        { "UTF-16 LE with a byte-order mark", From(new UnicodeEncoding(false, true), "{ \"Jwt\": { \"ValidateIssuer\": false } }") },
        { "UTF-16 BE with a byte-order mark", From(new UnicodeEncoding(true, true), "{ \"Jwt\": { \"ValidateIssuer\": false } }") },
        { "an object key twice, merged", SourceText.From("{ \"Jwt\": { \"A\": 1 }, \"jwt\": { \"ValidateIssuer\": false } }") },
        { "a value key after an empty section", SourceText.From("{ \"Jwt\": { \"ValidateIssuer\": false }, \"X\": 1, \"X\": { } }") },
        { "\"False\" as a string", SourceText.From("{ \"Jwt\": { \"ValidateIssuer\": \"False\" } }") },
        { "64 levels", SourceText.From("{ \"Jwt\": { \"ValidateIssuer\": false }, " + string.Concat(Enumerable.Repeat("\"a\": {", 63)) + "\"b\": 1" + new string('}', 63) + " }") },
        { "big numbers and escapes", SourceText.From("{ \"N\": [1e400, -0, 0.5E-3], \"S\": \"\\ud83d\\ude00 \\\" \\/\", \"Jwt\": { \"Validate\\u0049ssuer\": false } }") },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public async Task Odd_but_readable_files_are_read_as_the_configuration_provider_reads_them(string name, SourceText text)
    {
        var diagnostics = await AnalyzeAsync(("/0/appsettings.json", text));

        Assert.True(diagnostics.All(d => d.Id != "TA0003"), name + ": " + string.Join(", ", diagnostics));
        Assert.Single(diagnostics, d => d.Id == "TA501");
    }

    /// <summary>No copy of the text and no object per value: reading allocates a small fraction of the text's size.</summary>
    [Fact]
    public void A_10_MB_file_is_read_as_a_stream()
    {
        var builder = new StringBuilder("{\n  \"Settings\": {\n");
        var i = 0;
        while (builder.Length < 10_000_000)
        {
            builder.Append("    \"Key").Append(i).Append("\": \"value-").Append(i).Append("\",\n");
            builder.Append("    \"Number").Append(i).Append("\": ").Append(i).Append(",\n");
            i++;
        }

        builder.Append("    \"ValidateIssuer\": false\n  }\n}\n");
        var text = SourceText.From(builder.ToString());
        builder = null;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var tree = JsonConfiguration.Read(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(tree.Failure);
        Assert.Equal((2 * i) + 2, tree.Count); // every property is kept: the section, 2 per line, the switch
        Assert.Equal("false", tree.FindLast("settings:validateissuer")?.Scalar);
        Assert.Equal("value-12345", tree.FindLast("Settings:Key12345")?.Scalar);
        // The text is 20 MB in memory (UTF-16): a copy alone would be that much, a node object per value 3 times more.
        Assert.True(allocated < text.Length * 2L, $"reading {text.Length:N0} characters allocated {allocated:N0} bytes");
    }

    private static SourceText From(Encoding encoding, string text)
    {
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        return SourceText.From(new MemoryStream(bytes), encoding: null, checksumAlgorithm: SourceHashAlgorithm.Sha256, throwIfBinaryDetected: false);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params (string Path, SourceText? Text)[] files)
    {
        var compilation = CSharpCompilation.Create(
            "TestProject",
            new[] { CSharpSyntaxTree.ParseText(Host, path: "/0/Startup.cs") },
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var additional = files.Select(file => (AdditionalText)new File(file.Path, file.Text)).ToImmutableArray();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new TokenValidationAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers, new AnalyzerOptions(additional)).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "TA0002" || d.Id == "AD0001");
        return diagnostics;
    }

    private sealed class File(string path, SourceText? text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => text;
    }
}
