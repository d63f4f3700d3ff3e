namespace TokenAnalyzers.Model
{
    /// <summary>Metadata names of the library types the rules look for. The analyzers never reference the libraries.</summary>
    internal static class KnownTypeNames
    {
        /// <summary>The assembly of <see cref="TokenValidationParameters"/> in every version the rules know (5.x to 8.x).</summary>
        public const string TokensAssembly = "Microsoft.IdentityModel.Tokens";

        /// <summary>JWT.NET's assembly (TA601).</summary>
        public const string JwtNetAssembly = "JWT";

        /// <summary>jose-jwt's assembly (TA602).</summary>
        public const string JoseAssembly = "jose-jwt";

        /// <summary>Every library whose code a rule reads: a project that references none of them has no token code.</summary>
        public static readonly string[] TokenLibraries = { TokensAssembly, JwtNetAssembly, JoseAssembly };

        public const string TokenValidationParameters = "Microsoft.IdentityModel.Tokens.TokenValidationParameters";
        public const string JwtBearerOptions = "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions";
        public const string OpenIdConnectOptions = "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions";

        public const string JsonWebToken = "Microsoft.IdentityModel.JsonWebTokens.JsonWebToken";
        public const string JsonWebTokenHandler = "Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler";
        public const string JwtSecurityToken = "System.IdentityModel.Tokens.Jwt.JwtSecurityToken";
        public const string JwtSecurityTokenHandler = "System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler";
        public const string TokenHandler = "Microsoft.IdentityModel.Tokens.TokenHandler";
        public const string SecurityTokenHandler = "Microsoft.IdentityModel.Tokens.SecurityTokenHandler";
        public const string SecurityTokenValidator = "Microsoft.IdentityModel.Tokens.ISecurityTokenValidator";
        public const string TokenValidationResult = "Microsoft.IdentityModel.Tokens.TokenValidationResult";
        public const string SecurityTokenException = "Microsoft.IdentityModel.Tokens.SecurityTokenException";
        public const string JwtBearerEvents = "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerEvents";
        public const string AuthenticationFailedContext = "Microsoft.AspNetCore.Authentication.JwtBearer.AuthenticationFailedContext";

        public const string SecurityToken = "Microsoft.IdentityModel.Tokens.SecurityToken";
        public const string SymmetricSecurityKey = "Microsoft.IdentityModel.Tokens.SymmetricSecurityKey";
        public const string Base64UrlEncoder = "Microsoft.IdentityModel.Tokens.Base64UrlEncoder";
        public const string ConfigurationManager = "Microsoft.IdentityModel.Protocols.ConfigurationManager`1";
        public const string OpenIdConnectConfigurationRetriever = "Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfigurationRetriever";
        public const string AadIssuerValidator = "Microsoft.IdentityModel.Validators.AadIssuerValidator";
        public const string AadTokenValidationParametersExtension = "Microsoft.IdentityModel.Validators.AadTokenValidationParametersExtension";
        public const string ValidatorsNamespace = "Microsoft.IdentityModel.Validators";
        public const string IdentityWebNamespace = "Microsoft.Identity.Web";

        /// <summary>Microsoft.Identity.Web's options: its presence says the library is referenced.</summary>
        public const string MicrosoftIdentityOptions = "Microsoft.Identity.Web.MicrosoftIdentityOptions";

        public const string TimeSpan = "System.TimeSpan";
        public const string Uri = "System.Uri";
        public const string Encoding = "System.Text.Encoding";
        public const string Convert = "System.Convert";

        /// <summary>Declares AddJwtBearer (TA502).</summary>
        public const string JwtBearerExtensions = "Microsoft.Extensions.DependencyInjection.JwtBearerExtensions";

        public const string HostEnvironmentEnvExtensions = "Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions";
        public const string HostingEnvironmentExtensions = "Microsoft.AspNetCore.Hosting.HostingEnvironmentExtensions";

        // TA108: the HTTP handlers whose certificate callback decides whether the metadata channel checks TLS.
        public const string HttpClientHandler = "System.Net.Http.HttpClientHandler";
        public const string HttpClient = "System.Net.Http.HttpClient";
        public const string HttpMessageHandler = "System.Net.Http.HttpMessageHandler";
        public const string SslClientAuthenticationOptions = "System.Net.Security.SslClientAuthenticationOptions";
        public const string HttpDocumentRetriever = "Microsoft.IdentityModel.Protocols.HttpDocumentRetriever";
    }
}
