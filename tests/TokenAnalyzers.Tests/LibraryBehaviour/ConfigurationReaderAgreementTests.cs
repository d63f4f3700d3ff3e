using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Configuration;
using TokenAnalyzers.AppSettings;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// The premise of TA0003 and of the TA5xx reader: the analyzer reads an appsettings file exactly when the real
/// Microsoft.Extensions.Configuration.Json provider (the one ASP.NET Core loads appsettings*.json with) reads it, and
/// then finds the same values at the same configuration paths. Each input runs through both.
/// </summary>
[Trait("Rule", "TA501")]
[Trait("Rule", "TA502")]
[Trait("Rule", "TA503")]
[Trait("Rule", "TA504")]
public class ConfigurationReaderAgreementTests
{
    public static TheoryData<string> Inputs => new()
    {
        // readable odd inputs
        "// comment\n{ /* block */ \"A\": 1, } // end",
        "{ \"A\": [1, 2, ], \"B\": { \"C\": \"x\", }, }",
        "\uFEFF{ \"A\": \"x\" }",
        "{ \"A\": { \"x\": 1 }, \"a\": { \"y\": 2 } }",
        "{ \"A\": 1, \"A\": { } }",
        "{ \"A\": \"False\", \"B\": \"false\", \"C\": false, \"D\": true }",
        "{ \"A:B\": 1, \"A\": { \"C\": 2 } }",
        "{ \"N\": [1e400, -0, 0.5E-3, null], \"E\": [], \"O\": {} }",
        "{ \"S\": \"\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0041\" }",
        "{ \"Validate\\u0049ssuer\": false }",
        "{}",
        // unreadable inputs
        "",
        "   ",
        "[ { \"A\": 1 } ]",
        "\"A\"",
        "{ 'A': 1 }",
        "{ A: 1 }",
        "{ \"A\": False }",
        "{ \"A\" 1 }",
        "{ \"A\": [1,,2] }",
        "{ , }",
        "{ \"A\": 01 }",
        "{ \"A\": 1. }",
        "{ \"A\": \"\\x\" }",
        "{ \"A\": \"\\u12\" }",
        "{ \"A\": \"\\ud800\" }",
        "{ \"A\": \"\\udc00\" }",
        "{ \"A\": \"line\nbreak\" }",
        "{ \"A\": \"\0\" }",
        "{ \"A\": 1 }\0",
        "{ \"A\": 1 } /* unterminated",
        "{ \"A\": 1 } trailing",
        "{ \"A\": 1 } { }",
        "{ \"A\": { \"B\": 1 }",
        "{ \"A\": \"abc",
        "{ \"A\": 1, \"a\": 2 }",
        "{ \"A\": { \"x\": 1 }, \"A\": { \"X\": 2 } }",
        "{ \"A:B\": 1, \"A\": { \"B\": 2 } }",
        "{ \"A\": { }, \"A\": 1 }",
        "{ \"A\": [ ], \"A\": 1 }",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_reader_accepts_what_the_provider_accepts_and_finds_the_same_values(string json)
    {
        IConfigurationRoot? configuration = null;
        Exception? providerError = null;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        }
        catch (Exception exception)
        {
            providerError = exception;
        }

        var tree = JsonConfiguration.Read(SourceText.From(json));

        if ((providerError is null) != (tree.Failure is null))
        {
            Assert.Fail(providerError is null ? $"the provider reads it, the reader says: {tree.Failure!.Reason}" : $"the provider throws {providerError.Message}, the reader reads it");
        }
        if (configuration is null)
        {
            return;
        }

        // The value the reader finds at each path (the last one, as the provider's last wins) is the provider's value
        // there (booleans: the provider keeps the text, "True" or "true").
        var provider = configuration.AsEnumerable().ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var node in tree.Nodes.Where(node => node.Kind is not (JsonKind.Object or JsonKind.Array) && tree.FindLast(node.Path)!.KeySpan == node.KeySpan))
        {
            Assert.True(provider.TryGetValue(node.Path, out var value), $"the provider has no key {node.Path}");
            Assert.Equal(value, node.Scalar, StringComparer.OrdinalIgnoreCase);
        }

        // Every string value of the provider at an object property is kept by the reader.
        foreach (var (key, value) in provider)
        {
            if (value is { Length: > 0 } && !char.IsDigit(key[^1]) && tree.FindLast(key) is null)
            {
                Assert.Fail($"the reader lost {key} = {value}");
            }
        }
    }

    /// <summary>
    /// The file's bytes, as the compiler decodes them (one byte-order mark taken off, the encoding kept): one mark is
    /// read by both, two are rejected by both (round AH: the provider throws "Could not parse the JSON file"; the
    /// analyzer read the second mark as the first).
    /// </summary>
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Both_read_a_file_with_one_byte_order_mark_and_reject_two(int marks, bool accepted)
    {
        var bytes = Enumerable.Repeat(Encoding.UTF8.GetPreamble(), marks).SelectMany(mark => mark)
            .Concat(Encoding.UTF8.GetBytes("{ \"Jwt\": { \"ValidateIssuer\": false } }")).ToArray();
        var providerReads = true;
        try
        {
            new ConfigurationBuilder().AddJsonStream(new MemoryStream(bytes)).Build();
        }
        catch (Exception)
        {
            providerReads = false;
        }

        var decoded = SourceText.From(new MemoryStream(bytes), encoding: null, checksumAlgorithm: SourceHashAlgorithm.Sha256, throwIfBinaryDetected: false);
        Assert.Equal(accepted, providerReads);
        Assert.Equal(accepted, JsonConfiguration.Read(decoded).Failure is null);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Both_read_64_nested_containers_and_reject_65(int containers, bool accepted)
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", containers - 1)) + "{\"b\":1}" + new string('}', containers - 1);
        var providerReads = true;
        try
        {
            new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        }
        catch (Exception)
        {
            providerReads = false;
        }

        Assert.Equal(accepted, providerReads);
        Assert.Equal(accepted, JsonConfiguration.Read(SourceText.From(json)).Failure is null);
    }
}
