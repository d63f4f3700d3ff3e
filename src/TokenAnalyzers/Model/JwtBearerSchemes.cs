using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>The authentication scheme names a project registers with JwtBearer's <c>AddJwtBearer</c>.</summary>
    internal static class JwtBearerSchemes
    {
        /// <summary>JwtBearerDefaults.AuthenticationScheme: what AddJwtBearer() without a name registers.</summary>
        public const string DefaultScheme = "Bearer";

        /// <summary>
        /// Does the referenced JwtBearer bind <c>Authentication:Schemes:&lt;name&gt;</c> (JwtBearerConfigureOptions, 7.0
        /// and later, SigningKeys included)? 6.0 reads nothing there, and without JwtBearer nobody does.
        /// </summary>
        /// <remarks>
        /// The major version from the assembly's identity: ASP.NET Core versions its assemblies <c>major.minor.0.0</c>,
        /// and decoding the assembly's attributes for the informational version cost up to 2 ms per compilation.
        /// </remarks>
        public static bool BindsSchemeSections(TokenSymbols symbols) =>
            symbols.JwtBearerExtensions is { } extensions && extensions.ContainingAssembly.Identity.Version.Major >= 7;

        /// <summary>
        /// The scheme a call registers when it is JwtBearer's AddJwtBearer: its constant <c>authenticationScheme</c>
        /// argument, or "Bearer" without one; null when the call is another method or the name is not a constant.
        /// </summary>
        public static string? SchemeOf(IInvocationOperation invocation, TokenSymbols symbols)
        {
            var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            if (method.Name != "AddJwtBearer" || symbols.JwtBearerExtensions is null ||
                !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.JwtBearerExtensions))
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "authenticationScheme")
                {
                    return DelegateBody.Unwrap(argument.Value)?.ConstantValue is { HasValue: true, Value: string name } ? name : null;
                }
            }

            return DefaultScheme;
        }
    }
}
