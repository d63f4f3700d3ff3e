using TokenAnalyzers.Rules;
using static TokenAnalyzers.Tests.Terms.TermTest;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// RULES.md, Terms, "Parameters object" and "Options object": a receiver whose type is a type parameter constrained to
/// the library type counts as the type, for every rule that judges a property of one.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA106")]
[Trait("Rule", "TA107")]
[Trait("Rule", "TA201")]
[Trait("Rule", "TA202")]
[Trait("Rule", "TA203")]
[Trait("Rule", "TA204")]
[Trait("Rule", "TA205")]
[Trait("Rule", "TA206")]
[Trait("Rule", "TA301")]
[Trait("Rule", "TA302")]
[Trait("Rule", "TA303")]
[Trait("Rule", "TA304")]
[Trait("Rule", "TA306")]
public class ParametersObjectTermTests
{
    [Fact]
    public Task Type_parameter_constrained_to_the_parameters_type_is_a_parameters_object() => VerifyAsync(
        new Engine.TokenRule[] { new DisabledValidationRule(), new ClockSkewRule(), new AcceptAllValidatorRule(), new NoneAlgorithmRule(), new KeyResolverRule() }, """
        class Configurator<TParameters> where TParameters : TokenValidationParameters, new()
        {
            public TParameters Create()
            {
                var p = new TParameters();
                {|TA101:p.ValidateIssuer = false|};
                {|TA102:p.ValidateAudience = false|};
                {|TA103:p.ValidateLifetime = false|};
                {|TA104:p.RequireSignedTokens = false|};
                {|TA105:p.RequireExpirationTime = false|};
                {|TA106:p.ClockSkew = TimeSpan.FromHours(1)|};
                {|TA202:p.IssuerValidator = (issuer, token, parameters) => issuer|};
                {|TA203:p.AudienceValidator = (audiences, token, parameters) => true|};
                {|TA306:p.ValidAlgorithms = new[] { "none" }|};
                {|TA304:p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => Keys|};
                return p;
            }

            static SecurityKey[] Keys = Array.Empty<SecurityKey>();
        }

        static class Generic
        {
            public static void Relax<T>(T p) where T : TokenValidationParameters => {|TA102:p.ValidateAudience = false|};

            // A type parameter constrained to another type parameter that is constrained to the library type.
            public static void Nested<T, TBase>(T p) where T : TBase where TBase : TokenValidationParameters => {|TA101:p.ValidateIssuer = false|};
        }
        """);

    [Fact]
    public Task Type_parameter_constrained_to_an_options_type_is_an_options_object() => VerifyAsync(
        new Engine.TokenRule[] { new DisabledValidationRule(), new InsecureMetadataRule() }, """
        static class Options
        {
            public static void Configure<TOptions>(TOptions o) where TOptions : JwtBearerOptions
            {
                {|TA107:o.RequireHttpsMetadata = false|};
                {|TA107:o.Authority = "http://issuer.example.com"|};
                {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
            }
        }
        """);

    [Fact]
    public Task Type_parameter_constrained_to_an_entra_options_object_gets_the_entra_rules() => VerifyAsync(
        new Engine.TokenRule[] { new DisabledValidationRule(), new EntraTenantRule(), new SigningKeyIssuerRule() }, """
        static class Options
        {
            public static void Configure<TOptions>(TOptions o) where TOptions : JwtBearerOptions
            {
                {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                {|TA301:o.TokenValidationParameters.ValidateIssuer = false|};
            }
        }
        """);

    [Fact]
    public Task Type_parameters_not_constrained_to_the_library_types_are_not_reported() => VerifyAsync(
        new Engine.TokenRule[] { new DisabledValidationRule(), new InsecureMetadataRule(), new AcceptAllValidatorRule() }, """
        namespace Lookalike
        {
            public class TokenValidationParameters { public bool ValidateIssuer { get; set; } public bool RequireHttpsMetadata { get; set; } }
            public interface IHasFlags { bool ValidateAudience { get; set; } }

            static class Generic
            {
                public static void Named<T>(T p) where T : TokenValidationParameters => p.ValidateIssuer = false;
                public static void Interface<T>(T p) where T : IHasFlags => p.ValidateAudience = false;
                public static void Unconstrained<T>(T p, Microsoft.IdentityModel.Tokens.TokenValidationParameters real) where T : class => real.ValidateAudience = true;
            }
        }
        """);
}
