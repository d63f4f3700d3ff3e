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

    /// <summary>
    /// <paramref name="references"/> with each path of <paramref name="overrides"/> in place of the reference of the
    /// same file name (or added).
    /// </summary>
    public static ImmutableArray<MetadataReference> Override(ImmutableArray<MetadataReference> references, ImmutableArray<string> overrides)
    {
        if (overrides.IsDefaultOrEmpty)
        {
            return references;
        }

        var names = overrides.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return references
            .Where(reference => !names.Contains(Path.GetFileName(((PortableExecutableReference)reference).FilePath) ?? ""))
            .Concat(overrides.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)))
            .ToImmutableArray();
    }

    /// <summary>
    /// Microsoft.AspNetCore.Authentication.JwtBearer.dll of a version the test project downloads (PackageDownload in
    /// the project file: 6.0.24, 7.0.11, 8.0.30 and 10.0.15), from the NuGet package root the build recorded.
    /// </summary>
    public static string JwtBearer(string version)
    {
        var root = typeof(TestReferences).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "NuGetPackageRoot").Value!;
        var framework = "net" + version.Split('.')[0] + ".0";
        var path = Path.Combine(root, "microsoft.aspnetcore.authentication.jwtbearer", version, "lib", framework, "Microsoft.AspNetCore.Authentication.JwtBearer.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"JwtBearer {version} is not downloaded (PackageDownload in the test project)", path);
    }

    /// <summary>The netstandard2.0 assembly of one downloaded package version (PackageDownload in the test project).</summary>
    public static string Package(string package, string version)
    {
        var root = typeof(TestReferences).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "NuGetPackageRoot").Value!;
        var path = Path.Combine(root, package.ToLowerInvariant(), version, "lib", "netstandard2.0", package + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{package} {version} is not downloaded (PackageDownload in the test project)", path);
    }

    /// <summary>The Microsoft.IdentityModel assemblies of <paramref name="version"/> (6.33.0 or 7.7.3, downloaded by the project file).</summary>
    public static ImmutableArray<string> IdentityModel(string version)
    {
        string[] packages =
        [
            "Microsoft.IdentityModel.Tokens", "Microsoft.IdentityModel.JsonWebTokens", "Microsoft.IdentityModel.Protocols",
            "Microsoft.IdentityModel.Protocols.OpenIdConnect", "Microsoft.IdentityModel.Validators", "System.IdentityModel.Tokens.Jwt",
        ];
        return packages.Select(package => Package(package, version)).ToImmutableArray();
    }

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
