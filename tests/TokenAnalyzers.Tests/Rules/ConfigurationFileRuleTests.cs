using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

[Trait("Rule", "TA501")]
[Trait("Rule", "TA502")]
public class ConfigurationFileRuleTests
{
    private const string CallsAddJwtBearer = Usings + """
        class Startup
        {
            // The schemes the TA502 tests name; TA502 judges only registered schemes.
            void Configure(IServiceCollection services) => services.AddAuthentication()
                .AddJwtBearer()
                .AddJwtBearer("Partner")
                .AddJwtBearer("Internal", o => { })
                .AddJwtBearer("Complete", "Complete scheme", o => { })
                .AddJwtBearer("Lists").AddJwtBearer("Objects").AddJwtBearer("Flat").AddJwtBearer("Flatter")
                .AddJwtBearer("Empty").AddJwtBearer("Value").AddJwtBearer("Other");
        }
        """;

    /// <summary>TA502 reports only for JwtBearer 7.0.0-8.0.6: these inputs compile against JwtBearer 7.0.11.</summary>
    private static AnalyzerTest New(string jwtBearerVersion = "7.0.11")
    {
        var test = new AnalyzerTest(new ConfigurationFileRule());
        test.ReferenceOverrides.Add(TestReferences.JwtBearer(jwtBearerVersion));
        return test;
    }

    private const string NoAddJwtBearer = Usings + """
        class Startup
        {
            void Configure(IServiceCollection services) => services.AddAuthentication();
        }
        """;

    private static Task VerifyAsync(string source, string? editorConfig, string? globalConfig, params (string Path, string Json)[] files)
    {
        var test = New();
        test.DefaultDiagnosticId = "TA501";
        test.EditorConfig = editorConfig;
        test.GlobalConfig = globalConfig;
        test.Sources.Add(source);
        foreach (var file in files)
        {
            test.AdditionalFiles.Add(file);
        }

        return test.RunAsync();
    }

    private static Task VerifyAsync(params (string Path, string Json)[] files) => VerifyAsync(CallsAddJwtBearer, null, null, files);

    // ---- TA501 ----

    [Fact]
    public Task Every_switch_set_to_false_is_reported_at_its_key() => VerifyAsync(("/0/appsettings.json", """
        {
          "Jwt": {
            [|"ValidateIssuer"|]: false,
            [|"ValidateAudience"|]: false,
            [|"ValidateLifetime"|]: false,
            [|"RequireSignedTokens"|]: false,
            [|"RequireExpirationTime"|]: false,
            [|"RequireHttpsMetadata"|]: false
          }
        }
        """));

    [Fact]
    public Task String_values_and_any_case_are_reported() => VerifyAsync(("/0/appsettings.json", """
        {
          "Auth": {
            [|"validateissuer"|]: "false",
            [|"VALIDATEAUDIENCE"|]: "FALSE",
            [|"ValidateLifetime"|]: " False ",
            "TokenValidationParameters": { [|"requireSignedTokens"|]: "fAlSe" }
          }
        }
        """));

    [Fact]
    public Task Comments_trailing_commas_and_deep_nesting_are_read() => VerifyAsync(("/0/appsettings.Production.json", """
        // Production settings
        {
          /* the bearer scheme
             is bound by AddJwtBearer */
          "Authentication": {
            "Schemes": {
              "Bearer": {
                "ValidIssuer": "https://sts.example.com", // issuer
                "ValidAudiences": [ "api://orders", ],
                [|"ValidateIssuer"|]: false, /* temporary */
                "Nested": { "Deeper": [ { [|"ValidateLifetime"|]: false, }, ], },
              },
            },
          },
          "Flat:Section:ValidateAudience": true,
          [|"Other:Section:RequireSignedTokens"|]: false,
        }
        """));

    [Fact]
    public Task True_values_other_types_and_look_alike_keys_are_not_reported() => VerifyAsync(("/0/appsettings.json", """
        {
          "ValidateIssuer": true,
          "ValidateAudience": "true",
          "ValidateLifetime": 0,
          "RequireSignedTokens": null,
          "RequireExpirationTime": "no",
          "RequireHttpsMetadata": { "Value": false },
          "ValidateIssuerSigningKey": false,
          "RequireAudience": false,
          "MyValidateIssuer": false,
          "Description": "ValidateIssuer: false",
          "List": [ "ValidateIssuer", false ]
        }
        """));

    [Fact]
    public Task Files_that_are_not_appsettings_are_not_read() => VerifyAsync(
        ("/0/config.json", """{ "ValidateIssuer": false }"""),
        ("/0/appsettings.json.bak", """{ "ValidateIssuer": false }"""),
        ("/0/settings/appsettings.txt", """{ "ValidateIssuer": false }"""),
        ("/0/AppSettings.Staging.JSON", """{ [|"ValidateIssuer"|]: false }"""));

    [Fact]
    public Task RequireHttpsMetadata_in_the_development_file_is_development_only() => VerifyAsync(
        ("/0/appsettings.Development.json", """
        {
          "Authentication": { "Schemes": { "Bearer": {
            "RequireHttpsMetadata": false,
            [|"ValidateIssuer"|]: false,
            "ValidIssuer": "https://localhost:5001", "ValidAudience": "api"
          } } }
        }
        """),
        ("/0/APPSETTINGS.DEVELOPMENT.JSON", """{ "Jwt": { "RequireHttpsMetadata": "false" } }"""),
        ("/0/appsettings.Development.Local.json", """{ [|"RequireHttpsMetadata"|]: false }"""),
        ("/0/appsettings.json", """{ [|"RequireHttpsMetadata"|]: false }"""));

    [Fact]
    public Task Development_file_is_reported_when_the_option_says_so_in_globalconfig() => VerifyAsync(
        CallsAddJwtBearer,
        editorConfig: null,
        globalConfig: "token_analyzers.report_development_only = true",
        ("/0/appsettings.Development.json", """{ "Jwt": { [|"RequireHttpsMetadata"|]: false } }"""));

    [Fact]
    public Task Development_file_is_reported_when_the_option_says_so_in_editorconfig() => VerifyAsync(
        CallsAddJwtBearer,
        editorConfig: "token_analyzers.report_development_only = true",
        globalConfig: null,
        ("/0/appsettings.Development.json", """{ "Jwt": { [|"RequireHttpsMetadata"|]: false } }"""));

    [Fact]
    public Task Option_false_keeps_the_development_file_quiet() => VerifyAsync(
        CallsAddJwtBearer,
        editorConfig: null,
        globalConfig: "token_analyzers.report_development_only = false",
        ("/0/appsettings.Development.json", """{ "Jwt": { "RequireHttpsMetadata": false } }"""));

    [Fact]
    public Task TA501_needs_no_AddJwtBearer_and_no_token_library()
    {
        var test = new AnalyzerTest(new ConfigurationFileRule()) { DefaultDiagnosticId = "TA501", ReferenceTokenLibraries = false };
        test.Sources.Add("class C { }");
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Options": { [|"ValidateAudience"|]: false } }"""));
        return test.RunAsync();
    }

    [Fact]
    public Task Message_names_the_configuration_path_and_the_consequence()
    {
        var test = new AnalyzerTest(new ConfigurationFileRule());
        test.Sources.Add(NoAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": { "Schemes": { "Bearer": { {|#0:"validateIssuer"|}: "false" } } }
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA501").WithLocation(0)
            .WithMessage("'Authentication:Schemes:Bearer:validateIssuer' is set to false in configuration: tokens from any issuer are accepted"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("""{ "ValidateIssuer": false{|TA0003:|}""")]
    [InlineData("""{ "ValidateIssuer": false } {|TA0003:}|}""")]
    [InlineData("""{ "ValidateIssuer": false, {|TA0003:,|} }""")]
    [InlineData("""{ {|TA0003:,|} }""")]
    [InlineData("""{ {|TA0003:V|}alidateIssuer: false }""")]
    [InlineData("""{ {|TA0003:'|}ValidateIssuer': false }""")]
    [InlineData("""{ "ValidateIssuer": {|TA0003:F|}alse }""")]
    [InlineData("""{ "ValidateIssuer": {|TA0003:f|}alsey }""")]
    [InlineData("""{ "ValidateIssuer" {|TA0003:f|}alse }""")]
    [InlineData("""{ "ValidateIssuer": false } {|TA0003:/|}* unterminated""")]
    [InlineData("""{ "ValidateIssuer": false } {|TA0003:t|}railing""")]
    [InlineData("""{|TA0003:t|}rue""")] // (a top-level array is in UnreadableConfigurationTests: "[|" would be markup here)
    [InlineData("""{ "A": [1, 2,{|TA0003:,|} 3], "ValidateIssuer": false }""")]
    [InlineData("""{ "A": {|TA0003:0|}1, "ValidateIssuer": false }""")]
    [InlineData("""{ "A": "{|TA0003:\|}x", "ValidateIssuer": false }""")]
    [InlineData("""{ "A": "{|TA0003:\|}u12", "ValidateIssuer": false }""")]
    [InlineData("{ \"A\": \"line{|TA0003:\n|}break\", \"ValidateIssuer\": false }")]
    [InlineData("{|TA0003:|}")]
    [InlineData("   {|TA0003:|}")]
    [InlineData("{{|TA0003:|}")]
    [InlineData("{|TA0003:\"|}")]
    [InlineData("{|TA0003:/|}")]
    public Task Malformed_files_are_reported_as_unreadable_and_give_no_finding(string json) => VerifyAsync(("/0/appsettings.json", json));

    [Fact]
    public Task Nesting_beyond_the_configuration_providers_limit_is_skipped()
    {
        // 100,000 nested arrays: no recursion, no stack overflow, bounded work; System.Text.Json (MaxDepth 64) rejects it too.
        // TA0003 is reported at the first bracket beyond the limit.
        var deep = "{ \"ValidateIssuer\": false, \"A\": " + new string('[', 63) + "{|TA0003:{|}" + new string('[', 100_000 - 64) + new string(']', 100_000) + " }"; // ("[|" would be markup)
        var deepObjects = "{ \"ValidateIssuer\": false, " + string.Concat(Enumerable.Repeat("\"a\": {", 63)) + "\"a\": {|TA0003:{|}" + string.Concat(Enumerable.Repeat("\"a\": {", 100_000 - 64)) + new string('}', 100_000) + " }";
        return VerifyAsync(("/0/appsettings.json", deep), ("/0/appsettings.Objects.json", deepObjects));
    }

    [Fact]
    public Task Nesting_up_to_the_limit_is_read_and_one_more_level_is_skipped()
    {
        // 64 nested containers (the top-level object and 63 more) is what System.Text.Json's MaxDepth 64 still
        // accepts; 65 make the configuration provider throw (see ConfigurationFileBehaviourTests).
        static string Nested(int levels, string inner, string last) =>
            "{ " + inner + ", " + string.Concat(Enumerable.Repeat("\"a\": {", levels - 1)) + last + "\"b\": 1" + new string('}', levels) + " }";
        return VerifyAsync(
            ("/0/appsettings.json", Nested(63, "[|\"ValidateIssuer\"|]: false", "\"a\": {")),
            ("/0/appsettings.Deeper.json", Nested(64, "\"ValidateIssuer\": false", "\"a\": {|TA0003:{|}")));
    }

    [Fact]
    public Task Escaped_keys_and_a_byte_order_mark_keep_exact_locations() => VerifyAsync(NoAddJwtBearer, null, null, ("/0/appsettings.json", "\uFEFF" + """
        {
          "Text": "quote \" and \\ and \u0041 and \/",
          [|"Validate\u0049ssuer"|]: false,
          [|"Authentication:Schemes:Bearer:ValidateAudience"|]: false
        }
        """));

    // ---- TA502 ----

    [Fact]
    public Task Scheme_without_issuer_and_audience_is_reported_on_its_key()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": {
                "Schemes": {
                  {|#0:"Bearer"|}: {
                    "Authority": "https://sts.example.com"
                  },
                  {|#1:"Partner"|}: { "ValidIssuer": "https://partner.example.com" },
                  {|#2:"Internal"|}: { "ValidAudiences": [ "api://orders" ] },
                  "Complete": { "ValidIssuers": [ "https://a.example.com" ], "ValidAudience": "api://orders" }
                }
              }
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(1).WithArguments("Partner", "ValidAudience/ValidAudiences"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(2).WithArguments("Internal", "ValidIssuer/ValidIssuers"));
        return test.RunAsync();
    }

    [Fact]
    public Task Scheme_with_both_is_not_reported_in_any_shape() => VerifyAsync(("/0/appsettings.json", """
        {
          "authentication": {
            "schemes": {
              "Bearer": { "validissuer": "https://sts.example.com", "VALIDAUDIENCE": "api://orders" },
              "Lists": { "ValidIssuers": [ "a", "b", ], "ValidAudiences": [ "c" ], },
              "Objects": { "ValidIssuers": { "first": "a" }, "ValidAudiences": { "first": "c" } }
            }
          },
          "Authentication:Schemes:Flat": { "ValidIssuer": "a", "ValidAudience": "b" },
          "Authentication:Schemes:Flatter:ValidIssuer": "a",
          "Authentication:Schemes:Flatter:ValidAudiences:0": "b"
        }
        """));

    [Fact]
    public Task Empty_scheme_sections_and_other_sections_are_not_reported() => VerifyAsync(("/0/appsettings.json", """
        {
          "Authentication": {
            "DefaultScheme": "Bearer",
            "Schemes": { "Bearer": { }, "Empty": [ ], "Value": "x" }
          },
          "Jwt": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } },
          "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } }
        }
        """));

    [Fact]
    public Task Empty_lists_null_and_scalars_of_the_list_keys_do_not_count()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": { "Schemes": {
                {|#0:"Bearer"|}: { "ValidIssuers": [], "ValidIssuer": null, "ValidAudience": { }, "ValidAudiences": "api://orders" }
              } }
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"));
        return test.RunAsync();
    }

    /// <summary>
    /// Round AE: a list with a <c>null</c> or number element names one for JwtBearer 7.0.11, which counts the
    /// section's children (JwtBearerVersionBindingTests): the checks stay on and no token matches, so nothing opens.
    /// </summary>
    [Fact]
    public Task A_list_of_null_or_a_number_counts_as_naming_one()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": { "Schemes": {
                "Bearer": { "ValidIssuers": [ null ], "ValidAudiences": [ 1 ] },
                {|#0:"Other"|}: { "ValidIssuers": [ null, 2 ] }
              } }
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Other", "ValidAudience/ValidAudiences"));
        return test.RunAsync();
    }

    [Fact]
    public Task Flat_keys_are_reported_on_the_key_that_names_the_scheme()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              {|#0:"Authentication:Schemes:Bearer"|}: { "ValidIssuer": "https://sts.example.com" },
              {|#1:"Authentication:Schemes:Other:Authority"|}: "https://sts.example.com",
              "Authentication:Schemes:Other:ValidAudience": "api"
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidAudience/ValidAudiences"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(1).WithArguments("Other", "ValidIssuer/ValidIssuers"));
        return test.RunAsync();
    }

    [Fact]
    public Task Environment_file_is_judged_with_the_base_file_beneath_it()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "https://sts.example.com", "ValidAudience": "api" } } }
            }
            """));

        // Overrides one value; the base file still supplies both lists at run time.
        test.AdditionalFiles.Add(("/0/appsettings.Production.json", """
            { "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } } }
            """));

        // Another scheme that neither file completes.
        test.AdditionalFiles.Add(("/0/appsettings.Staging.json", """
            { "Authentication": { "Schemes": { {|#0:"Partner"|}: { "ValidIssuer": "https://partner.example.com" } } } }
            """));

        // A base file in another folder (another app) does not count.
        test.AdditionalFiles.Add(("/0/Other/appsettings.Production.json", """
            { "Authentication": { "Schemes": { {|#1:"Bearer"|}: { "Authority": "https://sts.example.com" } } } }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Partner", "ValidAudience/ValidAudiences"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(1).WithArguments("Bearer", "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"));
        return test.RunAsync();
    }

    [Fact]
    public Task Project_without_AddJwtBearer_gets_no_TA502() => VerifyAsync(
        NoAddJwtBearer,
        null,
        null,
        ("/0/appsettings.json", """{ "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } } }"""));

    [Fact]
    public Task A_user_method_named_AddJwtBearer_is_not_the_library_call() => VerifyAsync(
        Usings + """
        static class MyExtensions
        {
            public static void AddJwtBearer(this IServiceCollection services) { }
        }

        class Startup
        {
            void Configure(IServiceCollection services) => services.AddJwtBearer();
        }
        """,
        null,
        null,
        ("/0/appsettings.json", """{ "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } } }"""));

    [Fact]
    public Task AddJwtBearer_in_any_form_enables_TA502()
    {
        // The static form, and named arguments in any order on both forms; "Bearer" is registered by the first call only.
        var test = New();
        test.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.Sources.Add(Usings + """
            var builder = WebApplication.CreateBuilder(args);
            JwtBearerExtensions.AddJwtBearer(builder.Services.AddAuthentication(), "Bearer", o => o.SaveToken = true);
            builder.Services.AddAuthentication().AddJwtBearer(configureOptions: o => o.SaveToken = true, authenticationScheme: "Partner");
            JwtBearerExtensions.AddJwtBearer(builder.Services.AddAuthentication(), authenticationScheme: "Internal");
            """);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": {
                "Schemes": {
                  {|#0:"Bearer"|}: { "ValidAudience": "api" },
                  {|#1:"Partner"|}: { "ValidAudience": "api" },
                  {|#2:"Internal"|}: { "ValidAudience": "api" },
                  "Unregistered": { "ValidAudience": "api" }
                }
              }
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidIssuer/ValidIssuers"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(1).WithArguments("Partner", "ValidIssuer/ValidIssuers"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(2).WithArguments("Internal", "ValidIssuer/ValidIssuers"));
        return test.RunAsync();
    }

    [Fact]
    public Task Both_rules_on_one_section()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": {
                "Schemes": {
                  {|TA502:"Bearer"|}: {
                    "ValidAudience": "api://orders",
                    {|TA501:"ValidateIssuer"|}: false
                  }
                }
              }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Malformed_file_gets_no_TA502_either() => VerifyAsync(
        ("/0/appsettings.json", """{ "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } }{|TA0003:|}"""));

    // ---- TA502: version gate, scheme names, merged files ----

    private const string BearerWithoutLists = """{ "Authentication": { "Schemes": { {|#0:"Bearer"|}: { "Authority": "https://sts.example.com" } } } }""";

    [Theory]
    [InlineData("7.0.11", true)]
    [InlineData("6.0.24", false)]
    [InlineData("8.0.30", false)]
    [InlineData("10.0.15", false)]
    public Task TA502_reports_only_for_JwtBearer_7_0_to_8_0_6(string version, bool reported)
    {
        var test = New(version);
        test.Sources.Add(Usings + """
            class Startup
            {
                void Configure(IServiceCollection services) => services.AddAuthentication().AddJwtBearer(o => o.Audience = "api");
            }
            """);
        test.AdditionalFiles.Add(("/0/appsettings.json", reported ? BearerWithoutLists : BearerWithoutLists.Replace("{|#0:", "").Replace("|}:", ":")));
        if (reported)
        {
            test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task TA501_does_not_depend_on_the_JwtBearer_version()
    {
        var test = New("10.0.15");
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Authentication": { "Schemes": { "Bearer": { {|TA501:"ValidateIssuer"|}: false } } } }"""));
        return test.RunAsync();
    }

    [Fact]
    public Task TA502_judges_the_schemes_registered_with_AddJwtBearer_only()
    {
        var test = New();
        test.Sources.Add(Usings + """
            class Startup
            {
                void Configure(IServiceCollection services, string configured) => services.AddAuthentication()
                    .AddJwtBearer(o => o.SaveToken = true)                    // "Bearer"
                    .AddJwtBearer(Schemes.Partner, o => { })                  // a constant name
                    .AddJwtBearer(configured);                                // unknown at compile time: not judged
            }

            static class Schemes { public const string Partner = "partner"; }
            """);
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            {
              "Authentication": {
                "Schemes": {
                  {|#0:"Bearer"|}: { "ValidIssuer": "https://sts.example.com" },
                  {|#1:"Partner"|}: { "ValidAudience": "api" },
                  "Cookies": { "Authority": "https://sts.example.com" },
                  "Unregistered": { "Authority": "https://sts.example.com" }
                }
              }
            }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidAudience/ValidAudiences"));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(1).WithArguments("Partner", "ValidIssuer/ValidIssuers"));
        return test.RunAsync();
    }

    [Fact]
    public Task TA502_is_silent_when_AddJwtBearer_is_only_called_with_a_runtime_scheme_name()
    {
        var test = New();
        test.Sources.Add(Usings + """
            class Startup
            {
                void Configure(IServiceCollection services, string scheme) => services.AddAuthentication().AddJwtBearer(scheme, o => { });
            }
            """);
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" } } } }"""));
        return test.RunAsync();
    }

    [Fact]
    public Task TA502_merges_the_base_file_with_each_environment_file_on_its_own()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);

        // Bearer: complete with Production's issuer, but Staging runs without one: reported once, on the base key.
        test.AdditionalFiles.Add(("/0/appsettings.json", """
            { "Authentication": { "Schemes": { {|#0:"Bearer"|}: { "ValidAudience": "api" }, "Partner": { "ValidAudience": "api" } } } }
            """));
        test.AdditionalFiles.Add(("/0/appsettings.Production.json", """
            { "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "https://sts.example.com" }, "Partner": { "ValidIssuer": "https://p.example.com" } } } }
            """));
        test.AdditionalFiles.Add(("/0/appsettings.Staging.json", """
            { "Authentication": { "Schemes": { "Bearer": { "Authority": "https://sts.example.com" }, "Partner": { "ValidIssuers": [ "https://p.example.com" ] } } } }
            """));

        // Development never runs beside Production or Staging, and it is development-only: neither completes nor reports.
        test.AdditionalFiles.Add(("/0/appsettings.Development.json", """
            { "Authentication": { "Schemes": { "Bearer": { "ValidIssuer": "https://localhost" }, "Internal": { "Authority": "https://localhost" } } } }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidIssuer/ValidIssuers"));
        return test.RunAsync();
    }

    [Fact]
    public Task TA502_reports_one_diagnostic_per_scheme_naming_all_that_any_environment_misses()
    {
        var test = New();
        test.Sources.Add(CallsAddJwtBearer);
        test.AdditionalFiles.Add(("/0/appsettings.json", """{ "Logging": { } }"""));
        test.AdditionalFiles.Add(("/0/appsettings.Production.json", """
            { "Authentication": { "Schemes": { {|#0:"Bearer"|}: { "ValidIssuer": "https://sts.example.com" } } } }
            """));
        test.AdditionalFiles.Add(("/0/appsettings.Staging.json", """
            { "Authentication": { "Schemes": { "Bearer": { "ValidAudience": "api" } } } }
            """));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA502").WithLocation(0).WithArguments("Bearer", "ValidIssuer/ValidIssuers and ValidAudience/ValidAudiences"));
        return test.RunAsync();
    }
}
