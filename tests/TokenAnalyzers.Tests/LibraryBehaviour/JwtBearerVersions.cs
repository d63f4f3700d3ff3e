using System.Reflection;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TokenAnalyzers.Tests.Verification;
using Xunit.Abstractions;

namespace TokenAnalyzers.Tests.LibraryBehaviour;

/// <summary>
/// The real pipeline of one JwtBearer version: its package assembly (PackageDownload in the test project) in an assembly
/// load context of its own, beside the shared ASP.NET Core and IdentityModel of the test host.
/// </summary>
internal static class JwtBearerVersions
{
    /// <summary>JwtBearer <paramref name="version"/>, checked by its informational version.</summary>
    public static Assembly Load(string version, ITestOutputHelper output)
    {
        var context = new AssemblyLoadContext("JwtBearer " + version, isCollectible: true);
        var jwtBearer = context.LoadFromAssemblyPath(TestReferences.JwtBearer(version));
        var informational = jwtBearer.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        output.WriteLine($"{jwtBearer.GetName().Name} {informational} from {jwtBearer.Location}");
        Assert.StartsWith(version, informational);
        return jwtBearer;
    }

    /// <summary>A request with <c>Authorization: Bearer token</c>, authenticated by the scheme's handler.</summary>
    public static async Task<AuthenticateResult> AuthenticateAsync(IServiceProvider services, string scheme, string token)
    {
        using var scope = services.CreateScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers.Authorization = "Bearer " + token;
        return await http.AuthenticateAsync(scheme);
    }
}
