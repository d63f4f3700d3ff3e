using TokenAnalyzers.Rules;
using static TokenAnalyzers.Tests.Terms.TermTest;

namespace TokenAnalyzers.Tests.Terms;

/// <summary>
/// RULES.md, Terms, "Development-only code": the development test through <c>IsEnvironment("Development")</c>, a
/// single-assignment local or field, or a bool parameter whose every call site passes one. TA107 skips such code;
/// every other rule (TA101-TA105 here) reports it. A test that also holds elsewhere is not development-only.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA107")]
public class DevelopmentOnlyTermTests
{
    private static readonly Engine.TokenRule[] Rules = { new DisabledValidationRule(), new InsecureMetadataRule() };

    [Fact]
    public Task A_development_test_through_a_local_is_development_only() => VerifyAsync(Rules, """
        class C
        {
            void M(JwtBearerOptions o, IHostEnvironment env)
            {
                var isDev = env.IsDevelopment();
                if (isDev)
                {
                    o.RequireHttpsMetadata = false;
                    {|TA102:o.TokenValidationParameters.ValidateAudience = false|};
                }

                bool production = !env.IsDevelopment();
                if (production)
                {
                }
                else
                {
                    o.RequireHttpsMetadata = false;
                }

                if (!isDev)
                {
                    {|TA107:o.RequireHttpsMetadata = false|};
                }
            }
        }
        """);

    [Fact]
    public Task IsEnvironment_Development_is_a_development_test() => VerifyAsync(Rules, """
        class C
        {
            void M(JwtBearerOptions o, IHostEnvironment env)
            {
                if (env.IsEnvironment("Development")) o.RequireHttpsMetadata = false;
                if (env.IsEnvironment("development")) o.RequireHttpsMetadata = false;
                if (env.IsEnvironment(Environments.Development)) o.RequireHttpsMetadata = false;
                if (HostEnvironmentEnvExtensions.IsEnvironment(env, "Development")) o.RequireHttpsMetadata = false;
                if (env.IsEnvironment("Staging")) {|TA107:o.RequireHttpsMetadata = false|};
                if (env.IsEnvironment("DevelopmentLocal")) {|TA107:o.RequireHttpsMetadata = false|};
            }
        }
        """);

    [Fact]
    public Task A_development_test_through_a_field_with_one_assignment_is_development_only() => VerifyAsync(Rules, """
        class Startup
        {
            private readonly bool _isDevelopment;
            private static readonly bool IsDebugHost = Environment.GetEnvironmentVariable("X") is null;

            public Startup(IHostEnvironment env) => _isDevelopment = env.IsDevelopment();

            void Configure(JwtBearerOptions o)
            {
                if (_isDevelopment) o.RequireHttpsMetadata = false;
                if (this._isDevelopment) o.RequireHttpsMetadata = false;
                if (IsDebugHost) {|TA107:o.RequireHttpsMetadata = false|};
            }
        }

        class Reassigned
        {
            private bool _isDevelopment;

            public Reassigned(IHostEnvironment env) => _isDevelopment = env.IsDevelopment();

            public void Override() => _isDevelopment = true;

            void Configure(JwtBearerOptions o)
            {
                if (_isDevelopment) {|TA107:o.RequireHttpsMetadata = false|};
            }
        }
        """);

    [Fact]
    public Task A_bool_parameter_is_development_only_when_every_call_site_passes_a_development_test() => VerifyAsync(Rules, """
        static class Auth
        {
            public static void Configure(IServiceCollection services, IHostEnvironment env)
            {
                services.AddAuthentication().AddJwtBearer(o => Apply(o, env.IsDevelopment()));
                services.AddAuthentication().AddJwtBearer("Second", o => Apply(o, isDevelopment: env.IsEnvironment("Development")));
                Other(new JwtBearerOptions(), env.IsDevelopment());
                Other(new JwtBearerOptions(), true);
                Mixed(new JwtBearerOptions(), env.IsDevelopment() || env.IsStaging());
            }

            static void Apply(JwtBearerOptions o, bool isDevelopment)
            {
                if (isDevelopment)
                {
                    o.RequireHttpsMetadata = false;
                    {|TA101:o.TokenValidationParameters.ValidateIssuer = false|};
                }
            }

            static void Other(JwtBearerOptions o, bool isDevelopment)
            {
                if (isDevelopment) {|TA107:o.RequireHttpsMetadata = false|};
            }

            static void Mixed(JwtBearerOptions o, bool isDevelopment)
            {
                if (isDevelopment) {|TA107:o.RequireHttpsMetadata = false|};
            }

            public static void NeverCalled(JwtBearerOptions o, bool isDevelopment)
            {
                if (isDevelopment) {|TA107:o.RequireHttpsMetadata = false|};
            }
        }
        """);

    /// <summary>
    /// Round AL (essentialMix's <c>JwtBearerOptionsExtension.Setup(..., environment?.IsDevelopment() == true)</c>): the
    /// null-safe spellings of the test hold only in Development, as the plain call does. <c>== false</c> does not.
    /// </summary>
    [Fact]
    public Task The_null_safe_spellings_of_the_development_test_are_development_tests() => VerifyAsync(Rules, """
        static class Setup
        {
            public static void Configure(JwtBearerOptions o, IHostEnvironment? environment)
            {
                Apply(o, environment?.IsDevelopment() == true);
                Coalesced(o, environment?.IsDevelopment() ?? false);
                if (true == environment?.IsEnvironment("Development")) o.RequireHttpsMetadata = false;
                // Round AM: `is true` (public code writes `IsDevelopment() is true`) and GetValueOrDefault().
                if (environment?.IsEnvironment("Development") is true) o.RequireHttpsMetadata = false;
                if ((environment?.IsDevelopment()).GetValueOrDefault()) o.RequireHttpsMetadata = false;
                if (environment?.IsDevelopment() is false) {|TA107:o.RequireHttpsMetadata = false|};
                if (environment?.IsDevelopment() == false) {|TA107:o.RequireHttpsMetadata = false|};
            }

            static void Apply(JwtBearerOptions o, bool isDevelopment)
            {
                if (isDevelopment) o.RequireHttpsMetadata = false;
            }

            static void Coalesced(JwtBearerOptions o, bool isDevelopment)
            {
                if (isDevelopment) o.RequireHttpsMetadata = false;
            }
        }
        """);

    [Fact]
    public Task A_test_that_also_holds_in_another_environment_is_not_development_only() => VerifyAsync(Rules, """
        class C
        {
            void M(JwtBearerOptions o, IHostEnvironment env)
            {
                if (env.IsDevelopment() || env.IsStaging()) {|TA107:o.RequireHttpsMetadata = false|};
                var relaxed = env.IsDevelopment() || env.IsEnvironment("Testing");
                if (relaxed) {|TA107:o.RequireHttpsMetadata = false|};
                if (!env.IsProduction()) {|TA107:o.RequireHttpsMetadata = false|};
                if (env.IsDevelopment() && env.ApplicationName == "Api") o.RequireHttpsMetadata = false;
            }
        }
        """);
}
