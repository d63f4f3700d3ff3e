using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace TokenAnalyzers.Internal
{
    /// <summary>
    /// The library types of one compilation, resolved once at compilation start. <see cref="TryCreate"/> returns
    /// null when Microsoft.IdentityModel.Tokens is not referenced, and the analyzers then register nothing.
    /// </summary>
    internal sealed class TokenSymbols
    {
        private TokenSymbols(Compilation compilation, INamedTypeSymbol tokenValidationParameters)
        {
            Compilation = compilation;
            TokenValidationParameters = tokenValidationParameters;
            JwtBearerOptions = compilation.GetBestTypeByMetadataName(KnownTypeNames.JwtBearerOptions);
            OpenIdConnectOptions = compilation.GetBestTypeByMetadataName(KnownTypeNames.OpenIdConnectOptions);
            JsonWebToken = compilation.GetBestTypeByMetadataName(KnownTypeNames.JsonWebToken);
            JwtSecurityToken = compilation.GetBestTypeByMetadataName(KnownTypeNames.JwtSecurityToken);
            TokenHandler = compilation.GetBestTypeByMetadataName(KnownTypeNames.TokenHandler);
            SecurityTokenHandler = compilation.GetBestTypeByMetadataName(KnownTypeNames.SecurityTokenHandler);
            SecurityTokenValidator = compilation.GetBestTypeByMetadataName(KnownTypeNames.SecurityTokenValidator);
            TokenValidationResult = compilation.GetBestTypeByMetadataName(KnownTypeNames.TokenValidationResult);
            SecurityTokenException = compilation.GetBestTypeByMetadataName(KnownTypeNames.SecurityTokenException);
            JwtBearerEvents = compilation.GetBestTypeByMetadataName(KnownTypeNames.JwtBearerEvents);
            AuthenticationFailedContext = compilation.GetBestTypeByMetadataName(KnownTypeNames.AuthenticationFailedContext);
            TimeSpan = compilation.GetBestTypeByMetadataName(KnownTypeNames.TimeSpan);
            SecurityToken = compilation.GetBestTypeByMetadataName(KnownTypeNames.SecurityToken);
            SymmetricSecurityKey = compilation.GetBestTypeByMetadataName(KnownTypeNames.SymmetricSecurityKey);
            Base64UrlEncoder = compilation.GetBestTypeByMetadataName(KnownTypeNames.Base64UrlEncoder);
            ConfigurationManager = compilation.GetBestTypeByMetadataName(KnownTypeNames.ConfigurationManager);
            OpenIdConnectConfigurationRetriever = compilation.GetBestTypeByMetadataName(KnownTypeNames.OpenIdConnectConfigurationRetriever);
            AadIssuerValidator = compilation.GetBestTypeByMetadataName(KnownTypeNames.AadIssuerValidator);
            AadTokenValidationParametersExtension = compilation.GetBestTypeByMetadataName(KnownTypeNames.AadTokenValidationParametersExtension);
            Uri = compilation.GetBestTypeByMetadataName(KnownTypeNames.Uri);
            Encoding = compilation.GetBestTypeByMetadataName(KnownTypeNames.Encoding);
            Convert = compilation.GetBestTypeByMetadataName(KnownTypeNames.Convert);
            HostEnvironmentEnvExtensions = compilation.GetBestTypeByMetadataName(KnownTypeNames.HostEnvironmentEnvExtensions);
            HostingEnvironmentExtensions = compilation.GetBestTypeByMetadataName(KnownTypeNames.HostingEnvironmentExtensions);
            ConfigurationPropertyNames = PropertyNames(TokenValidationParameters, JwtBearerOptions, OpenIdConnectOptions);
        }

        /// <summary>Names of every property of the parameters and options types: the cheap syntactic pre-filter.</summary>
        public ImmutableHashSet<string> ConfigurationPropertyNames { get; }

        public Compilation Compilation { get; }
        public INamedTypeSymbol TokenValidationParameters { get; }
        public INamedTypeSymbol? JwtBearerOptions { get; }
        public INamedTypeSymbol? OpenIdConnectOptions { get; }
        public INamedTypeSymbol? JsonWebToken { get; }
        public INamedTypeSymbol? JwtSecurityToken { get; }
        public INamedTypeSymbol? TokenHandler { get; }
        public INamedTypeSymbol? SecurityTokenHandler { get; }
        public INamedTypeSymbol? SecurityTokenValidator { get; }
        public INamedTypeSymbol? TokenValidationResult { get; }
        public INamedTypeSymbol? SecurityTokenException { get; }
        public INamedTypeSymbol? JwtBearerEvents { get; }
        public INamedTypeSymbol? AuthenticationFailedContext { get; }
        public INamedTypeSymbol? TimeSpan { get; }
        public INamedTypeSymbol? SecurityToken { get; }
        public INamedTypeSymbol? SymmetricSecurityKey { get; }
        public INamedTypeSymbol? Base64UrlEncoder { get; }

        /// <summary>Microsoft.IdentityModel.Protocols.ConfigurationManager&lt;T&gt; (the open generic).</summary>
        public INamedTypeSymbol? ConfigurationManager { get; }
        public INamedTypeSymbol? OpenIdConnectConfigurationRetriever { get; }

        /// <summary>Present when Microsoft.IdentityModel.Validators is referenced (the TA301/TA302 fixes need it).</summary>
        public INamedTypeSymbol? AadIssuerValidator { get; }

        /// <summary>The class of EnableAadSigningKeyIssuerValidation(); present when Microsoft.IdentityModel.Validators is referenced.</summary>
        public INamedTypeSymbol? AadTokenValidationParametersExtension { get; }
        public INamedTypeSymbol? Uri { get; }
        public INamedTypeSymbol? Encoding { get; }
        public INamedTypeSymbol? Convert { get; }
        public INamedTypeSymbol? HostEnvironmentEnvExtensions { get; }
        public INamedTypeSymbol? HostingEnvironmentExtensions { get; }

        private static ImmutableHashSet<string> PropertyNames(params INamedTypeSymbol?[] types)
        {
            var names = ImmutableHashSet.CreateBuilder<string>();
            foreach (var type in types)
            {
                for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                {
                    foreach (var member in current.GetMembers())
                    {
                        if (member is IPropertySymbol)
                        {
                            names.Add(member.Name);
                        }
                    }
                }
            }

            return names.ToImmutable();
        }

        public static TokenSymbols? TryCreate(Compilation compilation)
        {
            var parameters = compilation.GetBestTypeByMetadataName(KnownTypeNames.TokenValidationParameters);
            return parameters is null ? null : new TokenSymbols(compilation, parameters);
        }

        /// <summary>A parameters object: TokenValidationParameters or a type derived from it.</summary>
        public bool IsParametersType(ITypeSymbol? type) => type.InheritsFromOrEquals(TokenValidationParameters);

        /// <summary>An options object: JwtBearerOptions or OpenIdConnectOptions (or derived).</summary>
        public bool IsOptionsType(ITypeSymbol? type) =>
            type.InheritsFromOrEquals(JwtBearerOptions) || type.InheritsFromOrEquals(OpenIdConnectOptions);

        /// <summary>A token type whose string constructor only parses (no validation).</summary>
        public bool IsParsedTokenType(ITypeSymbol? type) =>
            type.InheritsFromOrEquals(JsonWebToken) || type.InheritsFromOrEquals(JwtSecurityToken);

        /// <summary>A token handler (JsonWebTokenHandler, JwtSecurityTokenHandler or any other).</summary>
        public bool IsTokenHandlerType(ITypeSymbol? type) =>
            type.InheritsFromOrEquals(TokenHandler) || type.InheritsFromOrEquals(SecurityTokenHandler);

        /// <summary>A token handler or an <c>ISecurityTokenValidator</c> (the interface JwtBearer 7 and older called).</summary>
        public bool IsTokenValidatorType(ITypeSymbol? type)
        {
            if (IsTokenHandlerType(type))
            {
                return true;
            }

            if (type is null || SecurityTokenValidator is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, SecurityTokenValidator))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, SecurityTokenValidator))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
