using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Tests.Verification;

/// <summary>
/// Metadata references for test inputs, taken from the test host itself (<c>TRUSTED_PLATFORM_ASSEMBLIES</c>): the
/// BCL, the ASP.NET Core shared framework and the real token packages the test project references. Fully offline,
/// built once per process.
/// </summary>
internal static class TestReferences
{
    private static readonly string[] TokenLibraryPrefixes =
    [
        "Microsoft.IdentityModel.",
        "System.IdentityModel.",
        "Microsoft.AspNetCore.Authentication.JwtBearer",
        "Microsoft.AspNetCore.Authentication.OpenIdConnect",
        "JWT.dll",
        "jose-jwt.dll",
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAll = new(LoadTrustedPlatformAssemblies);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyWithoutTokenLibraries = new(
        () => LazyAll.Value.Where(reference => !IsTokenLibrary(reference)).ToImmutableArray());

    public static ImmutableArray<MetadataReference> All => LazyAll.Value;

    /// <summary>Everything except Microsoft.IdentityModel.*, System.IdentityModel.*, JwtBearer and OpenIdConnect.</summary>
    public static ImmutableArray<MetadataReference> WithoutTokenLibraries => LazyWithoutTokenLibraries.Value;

    private static ImmutableArray<MetadataReference> LoadTrustedPlatformAssemblies()
    {
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string)
            ?? throw new InvalidOperationException("The test host does not expose TRUSTED_PLATFORM_ASSEMBLIES.");
        return paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .OrderBy(path => Path.GetFileName(path), StringComparer.OrdinalIgnoreCase)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static bool IsTokenLibrary(MetadataReference reference)
    {
        var fileName = Path.GetFileName(((PortableExecutableReference)reference).FilePath) ?? "";
        return TokenLibraryPrefixes.Any(prefix => fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
