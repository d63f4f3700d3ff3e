using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// Proves the adapter over Microsoft.CodeAnalysis.Testing maps our markup and properties (passes what it should) and
/// that a broken analyzer or fix fails (with the library's messages and our markup of the actual diagnostics).
/// </summary>
[Trait("Rule", "TA101")]
public sealed class VerifierSelfTests
{
    private const string OptionsClass = "public class Options { public bool Flag { get; set; } public bool Other { get; set; } }";

    // ---- Markup ------------------------------------------------------------------------------------------------

    [Fact]
    public void Markup_parser_handles_nesting_ids_and_location_keys()
    {
        var parsed = Markup.Parse("a {|#0:b [|c|] {|TA101:d|}|} e || f {| g |}");

        Assert.Equal("a b c d e || f {| g |}", parsed.Text);
        Assert.Collection(
            parsed.Spans,
            span => Assert.Equal(("b c d", "#0"), (parsed.Text[span.Span.Start..span.Span.End], span.Tag)),
            span => Assert.Equal(("c", (string?)null), (parsed.Text[span.Span.Start..span.Span.End], span.Tag)),
            span => Assert.Equal(("d", "TA101"), (parsed.Text[span.Span.Start..span.Span.End], span.Tag)));
    }

    [Fact]
    public void Markup_parser_rejects_an_unclosed_span()
    {
        Assert.Throws<ArgumentException>(() => Markup.Parse("a [|b"));
    }

    // ---- Analyzer: passing -------------------------------------------------------------------------------------

    [Fact]
    public async Task Default_id_explicit_id_and_location_keys_with_message_checks_pass()
    {
        var test = new AnalyzerTest(new FlagFalseAnalyzer(), new ConfiguredClassAnalyzer())
        {
            DefaultDiagnosticId = FlagFalseAnalyzer.Id,
            EditorConfig = "root = true\n[*.cs]\ntest_option.reported_class = C\n",
        };
        test.Sources.Add(OptionsClass);
        test.Sources.Add("""
            public class {|TEST002:C|}
            {
                public Options Create(Options o)
                {
                    [|o.Flag = false|];
                    {|#0:o.Flag = !true|};
                    o.Flag = true;
                    return new Options { {|#1:Flag = 1 > 2|}, Other = false };
                }
            }
            """);
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create(FlagFalseAnalyzer.Id).WithLocation(0).WithArguments("Flag"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create(FlagFalseAnalyzer.Id).WithLocation(1)
            .WithMessage("Property 'Flag' is set to false").WithMessageContaining("'Flag'"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_option_reaches_the_analyzer()
    {
        // Text without a section header is wrapped in "root = true" and "[*]".
        await Verify.AnalyzerAsync<ConfiguredClassAnalyzer>(
            "public class [|Target|] { } public class Other { }",
            editorConfig: "test_option.reported_class = Target");
        await Verify.NoDiagnosticsAsync<ConfiguredClassAnalyzer>("public class Target { }");
    }

    [Fact]
    public async Task Globalconfig_option_reaches_the_analyzer()
    {
        var test = new AnalyzerTest(new ConfiguredClassAnalyzer()) { GlobalConfig = "test_option.reported_class = Target" };
        test.Sources.Add("public class [|Target|] { }");
        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_severity_reaches_the_compilation()
    {
        await Verify.NoDiagnosticsAsync<FlagFalseAnalyzer>(
            OptionsClass + " class C { void M(Options o) { o.Flag = false; } }",
            editorConfig: "root = true\n[*]\ndotnet_diagnostic.TEST001.severity = none");
    }

    [Fact]
    public async Task Diagnostic_in_an_additional_file_is_located_by_markup()
    {
        var test = new AnalyzerTest(new JsonValidateFalseAnalyzer());
        test.Sources.Add("public class C { }");
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Auth": { "validate": [|false|], "other": false },
              "Api": { "validate": {|#0:false|} }
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create(JsonValidateFalseAnalyzer.Id).WithLocation(0).WithMessage("Validation is switched off"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Named_sources_preprocessor_symbols_and_top_level_statements_are_honoured()
    {
        var test = new AnalyzerTest(new FlagFalseAnalyzer()) { OutputKind = OutputKind.ConsoleApplication, PreprocessorSymbols = { "DEBUG" } };
        test.NamedSources.Add(("/0/Program.cs", """
            var o = new Options();
            #if DEBUG
            [|o.Flag = false|];
            #else
            o.Flag = false;
            #endif
            """));
        test.NamedSources.Add(("/0/Options.cs", OptionsClass));
        await test.RunAsync();
    }

    [Fact]
    public async Task Real_token_libraries_are_referenced_unless_switched_off()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            public class C
            {
                public TokenValidationParameters Parameters => new() { ValidateIssuer = true };
                public JwtBearerOptions Options => new() { Authority = "https://login.microsoftonline.com/tenant/v2.0" };
            }
            """;
        await Verify.NoDiagnosticsAsync<FlagFalseAnalyzer>(source);

        var test = new AnalyzerTest(new FlagFalseAnalyzer()) { ReferenceTokenLibraries = false };
        test.Sources.Add(source);
        var failure = await Assert.ThrowsAsync<VerificationException>(() => test.RunAsync());
        Assert.Contains("Diagnostics of test state", failure.Message);
        Assert.Contains("error CS0246", failure.Message);
    }

    // ---- Analyzer: must fail -----------------------------------------------------------------------------------

    [Fact]
    public async Task Fails_on_a_missing_diagnostic()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.AnalyzerAsync<FlagFalseAnalyzer>(
            OptionsClass + " class C { void M(Options o) { [|o.Flag = false|]; [|o.Other = false|]; } }"));

        Assert.Contains("expected \"2\" actual \"1\"", failure.Message);
        Assert.Contains("{|TEST001:o.Flag = false|}; o.Other = false;", failure.Message);
    }

    [Fact]
    public async Task Fails_on_an_unexpected_diagnostic_and_prints_it_as_pasteable_markup()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.AnalyzerAsync<FlagFalseAnalyzer>(
            OptionsClass + "\nclass C { void M(Options o) { o.Flag = false; } }"));

        Assert.Contains("expected \"0\" actual \"1\"", failure.Message);
        Assert.Contains("class C { void M(Options o) { {|TEST001:o.Flag = false|}; } }", failure.Message);
        Assert.Contains("/0/Test0.cs(2,31): warning TEST001: Property 'Flag' is set to false", failure.Message);
    }

    [Fact]
    public async Task Fails_on_a_wrong_span()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.AnalyzerAsync<FlagFalseAnalyzer>(
            OptionsClass + " class C { void M(Options o) { [|o.Flag|] = false; } }"));

        Assert.Contains("Expected diagnostic to end at column \"125\" was actually at column \"133\"", failure.Message);
        Assert.Contains("{|TEST001:o.Flag = false|}", failure.Message);
    }

    [Fact]
    public async Task Fails_on_a_wrong_id()
    {
        var test = new AnalyzerTest(new FlagFalseAnalyzer(), new ConfiguredClassAnalyzer());
        test.Sources.Add(OptionsClass + " class C { void M(Options o) { {|TEST002:o.Flag = false|}; } }");

        var failure = await Assert.ThrowsAsync<VerificationException>(() => test.RunAsync());
        Assert.Contains("Expected diagnostic id to be \"TEST002\" was \"TEST001\"", failure.Message);
        Assert.Contains("{|TEST001:o.Flag = false|}", failure.Message);
    }

    [Fact]
    public async Task Fails_on_a_wrong_message()
    {
        var test = new AnalyzerTest(new FlagFalseAnalyzer());
        test.Sources.Add(OptionsClass + " class C { void M(Options o) { {|#0:o.Flag = false|}; } }");
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create(FlagFalseAnalyzer.Id).WithLocation(0).WithArguments("Other"));

        var failure = await Assert.ThrowsAsync<VerificationException>(() => test.RunAsync());
        Assert.Contains("Expected diagnostic message to be \"Property 'Other' is set to false\" was \"Property 'Flag' is set to false\"", failure.Message);
    }

    [Fact]
    public async Task Fails_on_a_message_that_does_not_contain_the_expected_text()
    {
        var test = new AnalyzerTest(new FlagFalseAnalyzer());
        test.Sources.Add(OptionsClass + " class C { void M(Options o) { {|#0:o.Flag = false|}; } }");
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create(FlagFalseAnalyzer.Id).WithLocation(0).WithMessageContaining("'Other'"));

        var failure = await Assert.ThrowsAsync<VerificationException>(() => test.RunAsync());
        Assert.Contains("to contain \"'Other'\", but it is \"Property 'Flag' is set to false\"", failure.Message);
    }

    [Fact]
    public async Task Fails_on_input_that_does_not_compile()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.NoDiagnosticsAsync<FlagFalseAnalyzer>(
            "class C { int M() => \"text\"; }"));

        Assert.Contains("Diagnostics of test state", failure.Message);
        Assert.Contains("error CS0029", failure.Message);
    }

    [Fact]
    public async Task Fails_when_an_analyzer_throws()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.NoDiagnosticsAsync<ThrowingAnalyzer>("class C { }"));

        Assert.Contains("error AD0001", failure.Message);
        Assert.Contains("Self-test analyzer failure", failure.Message);
    }

    // ---- Code fixes and Fix All: passing -----------------------------------------------------------------------

    [Fact]
    public async Task Code_fix_applies_to_statements_and_initializers()
    {
        await Verify.CodeFixAsync<FlagFalseAnalyzer, RemoveFlagAssignmentFixer>(
            OptionsClass + """

            class C
            {
                Options M(Options o)
                {
                    [|o.Flag = false|];
                    o.Other = false;
                    return new Options { [|Flag = false|], Other = true };
                }
            }
            """,
            OptionsClass + """

            class C
            {
                Options M(Options o)
                {
                    o.Other = false;
                    return new Options { Other = true };
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_all_runs_at_every_scope_across_documents_and_a_second_project()
    {
        var fixer = new ScopeRecordingRemoveFlagAssignmentFixer();
        var test = new AnalyzerTest(new FlagFalseAnalyzer()) { CodeFix = fixer };
        test.Sources.Add(OptionsClass);
        test.Sources.Add("""
            public class A
            {
                public void M(Options o)
                {
                    [|o.Flag = false|];
                    [|o.Flag = !true|];
                }
            }
            """);
        test.Sources.Add("""
            public class B
            {
                public void M(Options o)
                {
                    o.Flag = true;
                    [|o.Flag = false|];
                }
            }
            """);
        test.SecondProjectSources.Add("""
            public class D
            {
                public void M(Options o)
                {
                    [|o.Flag = false|];
                }
            }
            """);
        test.FixedSources.Add(OptionsClass);
        test.FixedSources.Add("""
            public class A
            {
                public void M(Options o)
                {
                }
            }
            """);
        test.FixedSources.Add("""
            public class B
            {
                public void M(Options o)
                {
                    o.Flag = true;
                }
            }
            """);
        test.SecondProjectFixedSources.Add("""
            public class D
            {
                public void M(Options o)
                {
                }
            }
            """);

        await test.RunAsync();

        Assert.Contains(FixAllScope.Document, fixer.FixAllScopes);
        Assert.Contains(FixAllScope.Project, fixer.FixAllScopes);
        Assert.Contains(FixAllScope.Solution, fixer.FixAllScopes);
    }

    // ---- Code fixes and Fix All: must fail ---------------------------------------------------------------------

    private const string OneFixableDiagnostic = OptionsClass + " class C { void M(Options o) { [|o.Flag = false|]; } }";
    private const string FixedOneFixableDiagnostic = OptionsClass + " class C { void M(Options o) { } }";

    [Fact]
    public async Task Fails_when_the_fixed_code_differs_from_the_expected_code()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.CodeFixAsync<FlagFalseAnalyzer, RemoveFlagAssignmentFixer>(
            OneFixableDiagnostic, OptionsClass + " class C { void M(Options o) { o.Flag = true; } }"));

        Assert.Contains("Iterative code fix application", failure.Message);
        Assert.Contains("content of '/0/Test0.cs' did not match", failure.Message);
    }

    [Fact]
    public async Task Fails_when_a_fix_produces_code_that_does_not_compile()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.CodeFixAsync<FlagFalseAnalyzer, UndefinedNameFixer>(
            OneFixableDiagnostic, OptionsClass + " class C { void M(Options o) { o.Flag = undefinedName; } }"));

        // The fixed text is re-parsed and compiled: its compiler errors are unexpected diagnostics.
        Assert.Contains("Diagnostics of fixed state", failure.Message);
        Assert.Contains("error CS0103: The name 'undefinedName'", failure.Message);
    }

    [Fact]
    public async Task Fails_when_a_fix_leaves_its_diagnostic()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.CodeFixAsync<FlagFalseAnalyzer, CommentOnlyFixer>(
            OneFixableDiagnostic, FixedOneFixableDiagnostic));

        // The library applies the fix again while its diagnostic remains, up to the iteration limit: the text differs.
        Assert.Contains("Iterative code fix application", failure.Message);
        Assert.Contains("o.Flag = false /* reviewed */", failure.Message);
    }

    [Fact]
    public async Task Fails_on_a_fix_loop()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.CodeFixAsync<FlagFalseAnalyzer, ParenthesizeFixer>(
            OneFixableDiagnostic, FixedOneFixableDiagnostic));

        Assert.Contains("Iterative code fix application", failure.Message);
        Assert.Contains("o.Flag = ((((false))))", failure.Message);
    }

    [Fact]
    public async Task Fails_when_fix_all_gives_a_different_result()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.CodeFixAsync<FlagFalseAnalyzer, DifferentFixAllFixer>(
            OneFixableDiagnostic, FixedOneFixableDiagnostic));

        Assert.Contains("Fix all in document", failure.Message);
        Assert.Contains("content of '/0/Test0.cs' did not match", failure.Message);
        Assert.Contains("o.Flag = true", failure.Message);
    }

    [Fact]
    public async Task Fails_when_fix_all_needs_a_pass_per_diagnostic()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.CodeFixAsync<FlagFalseAnalyzer, PerDiagnosticKeyFixer>(
            OptionsClass + " class C { void M(Options o) { [|o.Flag = false|]; o.Other = true; [|o.Flag = !true|]; } }",
            OptionsClass + " class C { void M(Options o) { o.Other = true; } }"));

        Assert.Contains("Fix all in document", failure.Message);
        Assert.Contains("Expected '1' iterations but found '2' iterations.", failure.Message);
    }
}
