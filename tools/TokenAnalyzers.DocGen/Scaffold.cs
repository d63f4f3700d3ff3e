using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.DocGen
{
    /// <summary>
    /// `scaffold TAxxx`: the hand-written files of a new rule as skeletons (its page, a test class, a sample stub),
    /// with what the descriptor already says filled in. Never overwrites a file. The rule's descriptor may exist
    /// already (then title, message and rule class come from it) or not yet (placeholders, `--rule NameRule`).
    /// </summary>
    public static class Scaffold
    {
        public static IReadOnlyList<(string Path, string Text)> Files(string id, string? ruleClass, IReadOnlyList<RuleInfo> rules)
        {
            var rule = rules.FirstOrDefault(r => r.Id == id);
            ruleClass ??= rule is { IsRule: true } ? rule.Source : null;
            var title = rule?.Title ?? "TODO: the descriptor's title";
            var files = new List<(string, string)> { (Outputs.RulePagePath(id), Page(id, rule, title)) };
            if (ruleClass is not null)
            {
                files.Add(($"tests/TokenAnalyzers.Tests/Rules/{ruleClass}Tests.cs", TestClass(id, ruleClass, rule)));
            }

            if (!IsConfigurationRule(id, rule))
            {
                var name = ruleClass is null ? id : ruleClass.EndsWith("Rule", StringComparison.Ordinal) ? ruleClass[..^4] : ruleClass;
                files.Add(($"samples/InsecureApi/Auth/{name}Sample.cs", Sample(id, name, title)));
            }

            return files;
        }

        /// <summary>Writes the files that do not exist yet; returns what it did, one line per file.</summary>
        public static IReadOnlyList<string> Write(string root, string id, string? ruleClass, IReadOnlyList<RuleInfo> rules)
        {
            var report = new List<string>();
            var rule = rules.FirstOrDefault(r => r.Id == id);
            foreach (var (path, text) in Files(id, ruleClass, rules))
            {
                var full = Path.Combine(root, path);
                if (File.Exists(full))
                {
                    report.Add($"kept     {path} (exists)");
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
                report.Add($"written  {path}");
            }

            if (ruleClass is null && rule is not { IsRule: true })
            {
                report.Add($"no test class: {id} has no descriptor yet; pass `--rule NameRule` (the class in src/TokenAnalyzers/Rules/)");
            }

            if (IsConfigurationRule(id, rule))
            {
                report.Add($"no sample stub: a configuration-file rule's finding goes into samples/InsecureApi/appsettings*.json");
            }

            report.Add($"then: `{Generator.Command}` writes the README row, the presets, the release row and the page's header table");
            return report;
        }

        /// <summary>TA5xx read configuration files (and report at compilation end).</summary>
        private static bool IsConfigurationRule(string id, RuleInfo? rule) =>
            id.StartsWith("TA5", StringComparison.Ordinal) || (rule?.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd) ?? false);

        private static string Page(string id, RuleInfo? rule, string title) => $$"""
            # {{id}}: {{title}}

            ```mermaid
            sequenceDiagram
                %% The attack this rule prevents, 3 to 6 messages (or a flowchart LR of a few nodes), plain labels
                participant A as Attacker
                participant API as Your API
                A->>A: TODO how the attacker gets or forges the token
                A->>API: TODO which token the attacker sends
                Note over API: TODO which check is missing
                API-->>A: TODO what the attacker gets
            ```

            *TODO: one sentence that summarises the attack.*

            | Property | Value |
            |---|---|
            | Id | {{id}} |
            | Title | {{title}} |
            | Category | {{rule?.Category ?? RuleIds.Category}} |
            | Default severity | {{rule?.DefaultSeverity ?? DiagnosticSeverity.Warning}} |
            | Code fix | {{(rule?.HasCodeFix ?? false ? "Yes" : "No")}} |
            | CWE | TODO: [CWE-nnn](https://cwe.mitre.org/data/definitions/nnn.html): name |
            | Related rules | TODO: [TAnnn](TAnnn.md) |

            ## Cause

            TODO: the code shape that is reported, as RULES.md's row for {{id}} names it, and what is not reported.
            {{(rule is null ? "" : $"The message reads: \"{rule.MessageFormat}\".")}}

            ## Risk

            TODO: what an attacker gains.

            ## Non-compliant code

            ```csharp
            // TODO: the smallest realistic code that is reported; mark the reported line with // {{id}}
            ```

            ## Compliant code

            ```csharp
            // TODO: the same code, fixed (reports nothing)
            ```

            ## How to fix

            TODO: what to change{{(rule?.HasCodeFix ?? false ? ", and what the code fix does (Fix All: document, project, solution)" : "")}}.

            ## When to suppress

            TODO: when a finding is acceptable, and what to write in the justification:

            ```csharp
            [SuppressMessage("Security", "{{id}}", Justification = "TODO")]
            ```

            ## Configuration

            ```ini
            # .editorconfig
            [*.cs]
            dotnet_diagnostic.{{id}}.severity = error
            ```

            The MSBuild property `TokenAnalyzersAnalysisMode` (`default`, `all-warnings`, `all-suggestions`, `all-errors`, `none`) changes all
            rules at once; your own `.editorconfig` entries win.

            ## References

            - TODO: the library documentation of the API involved
            - TODO: [CWE-nnn: name](https://cwe.mitre.org/data/definitions/nnn.html)

            """;

        private static string TestClass(string id, string ruleClass, RuleInfo? rule) => $$""""
            using TokenAnalyzers.Rules;
            using TokenAnalyzers.Tests.Verification;
            using static TokenAnalyzers.Tests.Rules.TestCode;

            namespace TokenAnalyzers.Tests.Rules;

            // Every shape RULES.md's Terms and the row of {{id}} name gets a test, each non-trigger too.
            public class {{ruleClass}}Tests
            {
                [Fact]
                [Trait("Rule", "{{id}}")]
                public Task TODO_the_shape_is_reported() =>
                    Verify.AnalyzerAsync<{{ruleClass}}>(Usings + """
                        class C
                        {
                            // TODO: the reported code; this placeholder fails until then: {|{{id}}:here|}
                        }
                        """);

                [Fact]
                [Trait("Rule", "{{id}}")]
                public Task TODO_the_safe_shape_is_not_reported() =>
                    Verify.AnalyzerAsync<{{ruleClass}}>(Usings + """
                        class C
                        {
                            // TODO: the nearest code that must stay silent
                        }
                        """);
            }

            """";

        private static string Sample(string id, string name, string title) => $$"""
            namespace InsecureApi.Auth;

            // {{id}}: {{title}}.
            // TODO: the shape a real project writes, reported by `dotnet build samples/InsecureApi --no-incremental`
            // (CI fails when a rule of the README table does not show up there).
            public static class {{name}}Sample
            {
            }

            """;
    }
}
