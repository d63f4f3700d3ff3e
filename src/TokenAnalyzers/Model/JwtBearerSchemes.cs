using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
        /// <remarks>
        /// Binds the call alone, not the operation tree of its whole member (often <c>Program.cs</c>'s top-level
        /// statements): where the call is its member's only candidate, as in <c>AddJwtBearer()</c> configured from
        /// <c>appsettings.json</c>, no rule needs that tree. Where the member also sets options in code, the rules that
        /// judge those assignments build it anyway (issue 22).
        /// </remarks>
        public static string? SchemeOf(InvocationExpressionSyntax invocation, SemanticModel model, TokenSymbols symbols, CancellationToken cancellationToken)
        {
            if (symbols.JwtBearerExtensions is null || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
            {
                return null;
            }

            var method = called.ReducedFrom ?? called;
            if (method.Name != "AddJwtBearer" || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.JwtBearerExtensions))
            {
                return null;
            }

            // The parameters as called: an extension call's list has no `this` parameter, a static call's has it first.
            var parameters = called.Parameters;
            var arguments = invocation.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                var name = argument.NameColon?.Name.Identifier.ValueText ?? (i < parameters.Length ? parameters[i].Name : null);
                if (name == "authenticationScheme")
                {
                    return model.GetConstantValue(argument.Expression, cancellationToken) is { HasValue: true, Value: string scheme } ? scheme : null;
                }
            }

            return DefaultScheme;
        }
    }
}
