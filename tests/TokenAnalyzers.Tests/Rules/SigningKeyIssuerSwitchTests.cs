using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.EntraTestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA303's second form: <c>AppContext.SetSwitch("Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning", true)</c>
/// lets every token without <c>tid</c> skip the key-to-issuer check of EnableAadSigningKeyIssuerValidation().
/// Evidence: LibraryBehaviour/MissingTidSwitchTests.
/// </summary>
[Trait("Rule", "TA303")]
public class SigningKeyIssuerSwitchTests
{
    private static Task VerifyAsync(string markup) => Verify.AnalyzerAsync<SigningKeyIssuerRule>(Usings + markup);

    [Fact]
    public Task SetSwitch_true_is_reported_in_every_form() => VerifyAsync("""
        class C
        {
            private const string Switch = "Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning";

            static C()
            {
                {|TA303:AppContext.SetSwitch("Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning", true)|};
            }

            void M(IServiceCollection services)
            {
                {|TA303:System.AppContext.SetSwitch(Switch, isEnabled: true)|};
                {|TA303:AppContext.SetSwitch(isEnabled: true, switchName: Switch)|};
                {|TA303:AppContext.SetSwitch("Switch.Microsoft.IdentityModel.DoNotFailOnMissingTidValidateIssuerSigning", true)|};
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    {|TA302:o.Authority = "https://login.microsoftonline.com/common/v2.0"|};
                    {|TA303:AppContext.SetSwitch(Switch, true)|};
                });
            }
        }
        """);

    [Fact]
    public Task Other_switches_false_and_runtime_values_are_not_reported() => VerifyAsync("""
        class C
        {
            void M(bool enabled, string name, IHostEnvironment env)
            {
                AppContext.SetSwitch("Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning", false);
                AppContext.SetSwitch("Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning", enabled);
                AppContext.SetSwitch(name, true);
                AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UseClaimsIdentityType", true);
                AppContext.SetSwitch("System.Net.Http.SocketsHttpHandler.Http2UnencryptedSupport", true);
                Switches.SetSwitch("Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning", true);
            }
        }

        static class Switches
        {
            public static void SetSwitch(string name, bool value) { }
        }
        """);

    [Fact]
    public Task Development_only_code_is_reported_too() => VerifyAsync("""
        class C
        {
            void M(IHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    {|TA303:AppContext.SetSwitch("Switch.Microsoft.IdentityModel.DontFailOnMissingTidValidateIssuerSigning", true)|};
                }
            }
        }
        """);
}
