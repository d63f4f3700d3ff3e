using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.LibraryBehaviour.Versions;

/// <summary>
/// Runs a library proof against a chosen Microsoft.IdentityModel version, so that each fact RULES.md states is proven
/// for every version it supports, not only for the 8.x the test host loads. The proof sources (the embedded
/// <c>Versions/Proofs/*.cs</c>, not compiled into the test assembly) are compiled with Roslyn against that version's
/// assemblies from the NuGet package folder, loaded in a collectible <see cref="AssemblyLoadContext"/> that resolves
/// Microsoft.IdentityModel.* and System.IdentityModel.Tokens.Jwt from that version's lib folder (everything else from
/// the host), and a proof (a public static method of <c>Proofs.Facts</c> returning <c>Task&lt;string&gt;</c>) is run.
/// Results cross the boundary as strings. One compilation and one context per version, per process.
/// </summary>
internal static class IdentityModelVersions
{
    /// <summary>The oldest served version with the <c>...UsingConfiguration</c> delegates, the oldest 7.x, and the 8.x of the test host.</summary>
    public static TheoryData<string> All => new() { "6.33.0", "7.7.3", "8.23.0" };

    private static readonly string[] Packages =
    [
        "Microsoft.IdentityModel.Tokens", "Microsoft.IdentityModel.JsonWebTokens", "Microsoft.IdentityModel.Protocols",
        "Microsoft.IdentityModel.Protocols.OpenIdConnect", "Microsoft.IdentityModel.Validators", "System.IdentityModel.Tokens.Jwt",
        "Microsoft.IdentityModel.Logging", "Microsoft.IdentityModel.Abstractions",
    ];

    /// <summary>The runtime folders tried, newest first: the version's own build for the host where it has one.</summary>
    private static readonly string[] Frameworks = ["net10.0", "net9.0", "net8.0", "net6.0", "netstandard2.0"];

    /// <summary>
    /// The proofs of each version with their context. The context is held here on purpose: a collectible context that
    /// nothing references is unloaded by its finalizer, and the next assembly it must resolve then fails.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Lazy<(AssemblyLoadContext Context, Assembly Proofs)>> Loaded = new();

    /// <summary>Runs <c>Proofs.Facts.<paramref name="proof"/>()</c> against <paramref name="version"/> and returns its result.</summary>
    public static async Task<string> RunAsync(string version, string proof)
    {
        var assembly = Loaded.GetOrAdd(version, v => new Lazy<(AssemblyLoadContext, Assembly)>(() => Load(v))).Value.Proofs;
        var method = assembly.GetType("Proofs.Facts")?.GetMethod(proof, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException("Proofs.Facts", proof);
        try
        {
            return method.Invoke(null, null) switch
            {
                Task<string> task => await task,
                string text => text,
                var other => throw new InvalidOperationException($"{proof} returned {other}"),
            };
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new InvalidOperationException($"{proof} threw with Microsoft.IdentityModel {version}", exception.InnerException);
        }
    }

    /// <summary>The assembly paths of <paramref name="version"/>, by assembly name.</summary>
    public static ImmutableDictionary<string, string> Assemblies(string version)
    {
        var root = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "NuGetPackageRoot").Value!;
        var paths = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in Packages)
        {
            var packageVersion = PackageVersion(package, version);
            var lib = Path.Combine(root, package.ToLowerInvariant(), packageVersion, "lib");
            var path = Frameworks.Select(framework => Path.Combine(lib, framework, package + ".dll")).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"{package} {packageVersion} is not downloaded (PackageDownload in the test project)", lib);
            paths[package] = path;
        }

        return paths.ToImmutable();
    }

    /// <summary>
    /// Logging and Abstractions 6.33.0 are not served; 6.34.0 is the version a 6.33.0 application resolves to when
    /// another package asks for it (JwtBearer 7.0.11 does), and what the 6.33.0 assemblies run with here.
    /// </summary>
    private static string PackageVersion(string package, string version) =>
        version == "6.33.0" && package is "Microsoft.IdentityModel.Logging" or "Microsoft.IdentityModel.Abstractions" ? "6.34.0" : version;

    private static (AssemblyLoadContext Context, Assembly Proofs) Load(string version)
    {
        var assemblies = Assemblies(version);
        var stream = typeof(IdentityModelVersions).Assembly;
        var sources = stream.GetManifestResourceNames()
            .Where(name => name.Contains(".Versions.Proofs.", StringComparison.Ordinal) && name.EndsWith(".cs", StringComparison.Ordinal))
            .Select(name =>
            {
                using var reader = new StreamReader(stream.GetManifestResourceStream(name)!);
                return CSharpSyntaxTree.ParseText(reader.ReadToEnd(), new CSharpParseOptions(LanguageVersion.Latest), path: name);
            })
            .ToList();
        Assert.NotEmpty(sources);

        var references = TestReferences.WithoutTokenLibraries
            .Where(reference => !Path.GetFileName(((PortableExecutableReference)reference).FilePath ?? "").StartsWith("Microsoft.IdentityModel.", StringComparison.OrdinalIgnoreCase))
            .Concat(assemblies.Values.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)));
        var compilation = CSharpCompilation.Create(
            "IdentityModelProofs_" + version.Replace('.', '_'),
            sources,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, $"The proofs do not compile against Microsoft.IdentityModel {version}:{Environment.NewLine}" +
            string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var context = new VersionContext(version, assemblies);
        return (context, context.LoadFromStream(image));
    }

    /// <summary>Resolves the token libraries from one version's folder; everything else falls back to the host.</summary>
    private sealed class VersionContext(string version, ImmutableDictionary<string, string> assemblies)
        : AssemblyLoadContext("Microsoft.IdentityModel " + version, isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is { } name && assemblies.TryGetValue(name, out var path) ? LoadFromAssemblyPath(path) : null;
    }
}
