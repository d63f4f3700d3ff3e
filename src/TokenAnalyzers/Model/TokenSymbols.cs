using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System;
using Microsoft.CodeAnalysis;
using TokenAnalyzers.Roslyn;

namespace TokenAnalyzers.Model
{
    /// <summary>
    /// The library types of one compilation, each resolved once, on first use. <see cref="TryCreate"/> returns null
    /// when Microsoft.IdentityModel.Tokens is not referenced, and the rules then register nothing.
    /// </summary>
    internal sealed class TokenSymbols
    {
        private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal);
        private readonly Lazy<HashSet<string>> _configurationPropertyNames;

        private TokenSymbols(Compilation compilation, INamedTypeSymbol tokenValidationParameters)
        {
            Compilation = compilation;
            TokenValidationParameters = tokenValidationParameters;
            _configurationPropertyNames = new Lazy<HashSet<string>>(() => PropertyNames(TokenValidationParameters, JwtBearerOptions, OpenIdConnectOptions));
        }

        /// <summary>
        /// A type of the library or the BCL, looked up on first use: most compilations never reach the rules that
        /// need a given type.
        /// </summary>
        private INamedTypeSymbol? Type(string metadataName) =>
            _types.TryGetValue(metadataName, out var type) ? type : _types.GetOrAdd(metadataName, Compilation.GetBestTypeByMetadataName(metadataName));

        /// <summary>
        /// Names of every property of the parameters and options types: the cheap syntactic pre-filter. Only read
        /// once built; a hash set builds in a fraction of an immutable one's time, once per compilation (issue 22).
        /// </summary>
        public HashSet<string> ConfigurationPropertyNames => _configurationPropertyNames.Value;

        public Compilation Compilation { get; }
        public INamedTypeSymbol TokenValidationParameters { get; }
        public INamedTypeSymbol? JwtBearerOptions => Type(KnownTypeNames.JwtBearerOptions);
        public INamedTypeSymbol? OpenIdConnectOptions => Type(KnownTypeNames.OpenIdConnectOptions);

        /// <summary>Non-null when Microsoft.Identity.Web is referenced.</summary>
        public INamedTypeSymbol? MicrosoftIdentityOptions => Type(KnownTypeNames.MicrosoftIdentityOptions);
        public INamedTypeSymbol? JsonWebToken => Type(KnownTypeNames.JsonWebToken);
        public INamedTypeSymbol? JwtSecurityToken => Type(KnownTypeNames.JwtSecurityToken);
        public INamedTypeSymbol? TokenHandler => Type(KnownTypeNames.TokenHandler);
        public INamedTypeSymbol? SecurityTokenHandler => Type(KnownTypeNames.SecurityTokenHandler);
        public INamedTypeSymbol? SecurityTokenValidator => Type(KnownTypeNames.SecurityTokenValidator);
        public INamedTypeSymbol? TokenValidationResult => Type(KnownTypeNames.TokenValidationResult);
        public INamedTypeSymbol? SecurityTokenException => Type(KnownTypeNames.SecurityTokenException);
        public INamedTypeSymbol? JwtBearerEvents => Type(KnownTypeNames.JwtBearerEvents);
        public INamedTypeSymbol? AuthenticationFailedContext => Type(KnownTypeNames.AuthenticationFailedContext);

        /// <summary>
        /// JwtBearer's <c>AddJwtBearer</c> extensions, read from the assembly that holds <see cref="JwtBearerOptions"/>:
        /// their namespace (Microsoft.Extensions.DependencyInjection) spans a few hundred references, and the lookup
        /// over all of them cost about 1 ms per compilation (issue 22).
        /// </summary>
        public INamedTypeSymbol? JwtBearerExtensions =>
            _types.TryGetValue(KnownTypeNames.JwtBearerExtensions, out var type)
                ? type
                : _types.GetOrAdd(KnownTypeNames.JwtBearerExtensions, JwtBearerOptions?.ContainingAssembly.GetTypeByMetadataName(KnownTypeNames.JwtBearerExtensions));

        public INamedTypeSymbol? TimeSpan => Type(KnownTypeNames.TimeSpan);
        public INamedTypeSymbol? SecurityToken => Type(KnownTypeNames.SecurityToken);
        public INamedTypeSymbol? SymmetricSecurityKey => Type(KnownTypeNames.SymmetricSecurityKey);
        public INamedTypeSymbol? Base64UrlEncoder => Type(KnownTypeNames.Base64UrlEncoder);

        /// <summary>Microsoft.IdentityModel.Protocols.ConfigurationManager&lt;T&gt; (the open generic).</summary>
        public INamedTypeSymbol? ConfigurationManager => Type(KnownTypeNames.ConfigurationManager);
        public INamedTypeSymbol? OpenIdConnectConfigurationRetriever => Type(KnownTypeNames.OpenIdConnectConfigurationRetriever);

        /// <summary>Present when Microsoft.IdentityModel.Validators is referenced (the TA301/TA302 fixes need it).</summary>
        public INamedTypeSymbol? AadIssuerValidator => Type(KnownTypeNames.AadIssuerValidator);

        /// <summary>The class of EnableAadSigningKeyIssuerValidation(); present when Microsoft.IdentityModel.Validators is referenced.</summary>
        public INamedTypeSymbol? AadTokenValidationParametersExtension => Type(KnownTypeNames.AadTokenValidationParametersExtension);
        public INamedTypeSymbol? Uri => Type(KnownTypeNames.Uri);
        public INamedTypeSymbol? Encoding => Type(KnownTypeNames.Encoding);
        public INamedTypeSymbol? Convert => Type(KnownTypeNames.Convert);
        public INamedTypeSymbol? HostEnvironmentEnvExtensions => Type(KnownTypeNames.HostEnvironmentEnvExtensions);
        public INamedTypeSymbol? HostingEnvironmentExtensions => Type(KnownTypeNames.HostingEnvironmentExtensions);

        private static HashSet<string> PropertyNames(params INamedTypeSymbol?[] types)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
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

            return names;
        }

        /// <summary>
        /// The bundle of <paramref name="compilation"/>, resolved once and shared by every analyzer of the package
        /// (each one asks at its compilation start; without the cache each paid for the lookups over every reference).
        /// </summary>
        public static TokenSymbols? TryCreate(Compilation compilation) =>
            Cache.GetValue(compilation, static c => new StrongBox<TokenSymbols?>(Create(c))).Value;

        private static readonly ConditionalWeakTable<Compilation, StrongBox<TokenSymbols?>> Cache =
            new ConditionalWeakTable<Compilation, StrongBox<TokenSymbols?>>();

        private static TokenSymbols? Create(Compilation compilation)
        {
            if (!compilation.UsesLibrary(KnownTypeNames.TokensAssembly))
            {
                return null; // the common case: a project without Microsoft.IdentityModel
            }

            var parameters = compilation.GetBestTypeByMetadataName(KnownTypeNames.TokenValidationParameters);
            return parameters is null ? null : new TokenSymbols(compilation, parameters);
        }

        /// <summary>Configuration scopes of this compilation, shared by every rule that reads them (built once per member).</summary>
        public ConfigurationScopeCache Scopes => System.Threading.LazyInitializer.EnsureInitialized(ref _scopes, () => new ConfigurationScopeCache(this))!;

        private ConfigurationScopeCache? _scopes;

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

        public INamedTypeSymbol? HttpClientHandler => Type(KnownTypeNames.HttpClientHandler);
        public INamedTypeSymbol? HttpClient => Type(KnownTypeNames.HttpClient);
        public INamedTypeSymbol? HttpMessageHandler => Type(KnownTypeNames.HttpMessageHandler);
        public INamedTypeSymbol? SslClientAuthenticationOptions => Type(KnownTypeNames.SslClientAuthenticationOptions);
        public INamedTypeSymbol? HttpDocumentRetriever => Type(KnownTypeNames.HttpDocumentRetriever);
    }
}
