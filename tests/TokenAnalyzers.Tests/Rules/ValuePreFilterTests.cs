using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// The syntactic value pre-filter (Engine/ValueSyntax) skips binding only when the syntax proves a rule cannot
/// report: these are the forms it must still let through to the binder (case, verbatim and raw literals, consts,
/// constant interpolated strings that start with a hole, parentheses, <c>default</c>, string.Format), and the forms
/// it skips that the rules never reported anyway.
/// </summary>
[Trait("Rule", "TA101")]
[Trait("Rule", "TA102")]
[Trait("Rule", "TA103")]
[Trait("Rule", "TA104")]
[Trait("Rule", "TA105")]
[Trait("Rule", "TA107")]
[Trait("Rule", "TA302")]
[Trait("Rule", "TA303")]
public class ValuePreFilterTests
{
    [Fact]
    public Task Plain_http_forms_that_need_binding_still_reach_TA107() => Verify.AnalyzerAsync<InsecureMetadataRule>(TestCode.Usings + """"
        class C
        {
            const string Scheme = "http://";
            const string Host = "http://sts.example.com";
            const bool Off = false;

            void M(JwtBearerOptions o)
            {
                [|o.Authority = "HTTP://login.example.com/tenant"|];
                [|o.Authority = @"http://login.example.com/tenant"|];
                [|o.Authority = """http://login.example.com/tenant"""|];
                [|o.Authority = ("http://login.example.com/tenant")|];
                [|o.Authority = $"{Scheme}login.example.com/tenant"|];
                [|o.MetadataAddress = Host|];
                [|o.RequireHttpsMetadata = Off|];
                [|o.RequireHttpsMetadata = default|];
                [|o.RequireHttpsMetadata = (!true)|];
            }
        }
        """");

    [Fact]
    public Task Values_the_filter_skips_are_never_findings() => Verify.AnalyzerAsync<InsecureMetadataRule>(TestCode.Usings + """
        class Customer { public string Authority { get; set; } = ""; public bool RequireHttpsMetadata { get; set; } }

        class C
        {
            void M(JwtBearerOptions o, Customer customer, Func<string> read, Dictionary<string, string> settings)
            {
                o.Authority = read();
                o.Authority = settings["Authority"];
                o.Authority = new Uri("http://login.example.com").ToString();
                o.Authority = "https://login.example.com/" + read();
                o.RequireHttpsMetadata = true;
                o.RequireHttpsMetadata = settings.ContainsKey("x");
                customer.Authority = $"http://directory.example.com/{read()}";
                customer.RequireHttpsMetadata = false;
            }
        }
        """);

    [Fact]
    public Task Constant_false_forms_that_need_binding_still_reach_TA1xx() => Verify.AnalyzerAsync<DisabledValidationRule>(TestCode.Usings + """
        class C
        {
            const bool Off = false;

            TokenValidationParameters M(Func<bool> read) => new TokenValidationParameters
            {
                {|TA101:ValidateIssuer = default|},
                {|TA102:ValidateAudience = Off|},
                {|TA103:ValidateLifetime = 1 > 2|},
                RequireSignedTokens = read(),
                RequireExpirationTime = true,
            };
        }
        """);

    [Fact]
    public Task Entra_addresses_that_need_binding_still_reach_TA302() => Verify.AnalyzerAsync<SigningKeyIssuerRule>(EntraTestCode.Usings + """
        class C
        {
            const string Instance = "https://login.microsoftonline.com/";
            static readonly string Common = "https://login.microsoftonline.com/common/v2.0";

            void Constant(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => {|TA302:o.Authority = $"{Instance}common/v2.0"|});

            void Field(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => {|TA302:o.Authority = Common|});

            void Format(IServiceCollection services, string tenant) =>
                services.AddAuthentication().AddJwtBearer(o => {|TA302:o.Authority = string.Format("https://login.microsoftonline.com/{0}/v2.0", tenant)|});

            void Upper(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => {|TA302:o.MetadataAddress = "HTTPS://LOGIN.MICROSOFTONLINE.COM/common/v2.0/.well-known/openid-configuration"|});

            void NotEntra(IServiceCollection services) =>
                services.AddAuthentication().AddJwtBearer(o => o.Authority = $"https://id.example.com/{Instance}");
        }
        """);
}
