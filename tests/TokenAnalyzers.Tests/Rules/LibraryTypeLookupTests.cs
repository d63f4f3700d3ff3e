using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// The rules find the library types by metadata name, in the assembly named after the namespace or the compilation's
/// merged namespaces (Roslyn/CompilationExtensions.cs). These are the references that make a naive lookup miss a
/// type or pick the wrong one: an extern alias, a copy of the type in the project itself or in another reference, an
/// internal copy in another reference.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA107")]
public class LibraryTypeLookupTests
{
    /// <summary>A copy of the library's parameters type, as a polyfill or a project of its own would declare it.</summary>
    private const string ParametersCopy = """
        namespace Microsoft.IdentityModel.Tokens
        {
            public class TokenValidationParameters
            {
                public bool ValidateIssuer { get; set; }
            }
        }

        """;

    /// <summary>Code that disables issuer validation on whichever parameters type the name binds to.</summary>
    private const string Use = """
        class C
        {
            Microsoft.IdentityModel.Tokens.TokenValidationParameters M() => new() { ValidateIssuer = false };
        }
        """;

    [Fact]
    public async Task Token_library_referenced_only_through_an_extern_alias_is_still_analyzed()
    {
        var references = TestReferences.All.Select(reference =>
            FileName(reference) == "Microsoft.IdentityModel.Tokens.dll" ? reference.WithAliases(["identity"]) : reference);
        var diagnostics = await AnalyzeAsync(references, """
            extern alias identity;

            class C
            {
                identity::Microsoft.IdentityModel.Tokens.TokenValidationParameters M() => new() { ValidateIssuer = false };
            }
            """);

        Assert.Equal(["TA101"], diagnostics.Select(diagnostic => diagnostic.Id));
    }

    [Fact]
    public async Task A_library_behind_an_extern_alias_does_not_hide_the_copy_the_code_names()
    {
        // The assembly named after the namespace is asked first, but only when it is visible without an alias:
        // here `TokenValidationParameters` binds to the other reference's public copy, and so must the rules.
        var copy = Library("Shims", ParametersCopy);
        var references = TestReferences.All.Select(reference =>
            FileName(reference) == "Microsoft.IdentityModel.Tokens.dll" ? reference.WithAliases(["identity"]) : reference);
        var diagnostics = await AnalyzeAsync(references.Append(copy), Use);

        Assert.Equal(["TA101"], diagnostics.Select(diagnostic => diagnostic.Id));
    }

    [Fact]
    public async Task A_copy_of_a_library_type_in_the_project_is_the_type_the_code_uses()
    {
        // The project's own copy wins over the referenced one, as the compiler binds it.
        var diagnostics = await AnalyzeAsync(TestReferences.All, "#pragma warning disable CS0436\n" + ParametersCopy + Use);

        Assert.Equal(["TA101"], diagnostics.Select(diagnostic => diagnostic.Id));
    }

    [Fact]
    public async Task An_internal_copy_of_a_hosting_type_in_another_reference_does_not_hide_the_real_one()
    {
        // A polyfill compiled into another assembly, internal there: the compiler binds IsDevelopment() to the
        // public one, and so must TA107's development-only check.
        var polyfill = Library("Polyfills", """
            namespace Microsoft.Extensions.Hosting
            {
                internal static class HostEnvironmentEnvExtensions
                {
                    internal static bool IsDevelopment(this object environment) => false;
                }
            }
            """);
        var diagnostics = await AnalyzeAsync(TestReferences.All.Add(polyfill), """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Hosting;

            class C
            {
                void M(JwtBearerOptions options, IHostEnvironment environment)
                {
                    if (environment.IsDevelopment())
                    {
                        options.RequireHttpsMetadata = false;
                    }

                    options.RequireHttpsMetadata = false;
                }
            }
            """);

        Assert.Equal(["TA107"], diagnostics.Select(diagnostic => diagnostic.Id));
        Assert.Equal(13, diagnostics.Single().Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public async Task A_copy_of_the_parameters_type_in_a_project_without_the_library_is_not_analyzed()
    {
        // The compilation-start check (CompilationExtensions.UsesLibrary) reads the references' names only: without
        // an assembly named Microsoft.IdentityModel.Tokens the rules stay off, so a project without the library pays
        // nothing. The same copy next to the real library is analyzed (above).
        var diagnostics = await AnalyzeAsync(TestReferences.WithoutTokenLibraries, ParametersCopy + Use);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task A_copy_of_the_parameters_type_in_a_reference_of_another_name_without_the_library_is_not_analyzed()
    {
        // The same limit for a copy in another reference: the assembly named after the library is what turns the
        // rules on.
        var copy = Library("Shims", ParametersCopy);
        var diagnostics = await AnalyzeAsync(TestReferences.WithoutTokenLibraries.Append(copy), Use);

        Assert.Empty(diagnostics);
    }

    /// <summary>Another reference of the project, compiled from <paramref name="source"/>.</summary>
    private static MetadataReference Library(string assemblyName, string source) =>
        CSharpCompilation.Create(
                assemblyName,
                [CSharpSyntaxTree.ParseText(source)],
                TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference();

    private static string FileName(MetadataReference reference) => Path.GetFileName(((PortableExecutableReference)reference).FilePath) ?? "";

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(IEnumerable<MetadataReference> references, string source)
    {
        var compilation = CSharpCompilation.Create(
            "Project",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "/0/Test0.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new TokenValidationAnalyzer());
        return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
    }
}
