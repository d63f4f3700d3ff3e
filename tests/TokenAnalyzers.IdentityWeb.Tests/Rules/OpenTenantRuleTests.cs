using TokenAnalyzers.Rules;
using TokenAnalyzers.Tests.Verification;
using static TokenAnalyzers.Tests.Rules.TestCode;

namespace TokenAnalyzers.Tests.Rules;

/// <summary>
/// TA504: Microsoft.Identity.Web configured for common/organizations/consumers with no tenant check in the project.
/// The inputs compile against the real Microsoft.Identity.Web 4.18.0.
/// </summary>
[Trait("Rule", "TA504")]
public class OpenTenantRuleTests
{
    private const string IdentityWebUsings = IdentityWebTestCode.Usings;

    /// <summary>The template shape: AddMicrosoftIdentityWebApi from the "AzureAd" section, nothing else.</summary>
    private const string WebApi = IdentityWebUsings + """
        static class Auth
        {
            public static void Add(WebApplicationBuilder builder) =>
                builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                    .AddMicrosoftIdentityWebApi(builder.Configuration);
        }
        """;

    private static AnalyzerTest Test(string source, params (string Path, string Json)[] files)
    {
        var test = new AnalyzerTest(new OpenTenantRule()) { DefaultDiagnosticId = "TA504" };
        test.Sources.Add(source);
        foreach (var file in files)
        {
            test.AdditionalFiles.Add(file);
        }

        return test;
    }

    private static Task VerifyAsync(string source, params (string Path, string Json)[] files) => Test(source, files).RunAsync();

    private static string WithTenantCheck(string check) => WebApi + "\n" + check;

    [Fact]
    public Task Common_tenant_of_the_default_section_is_reported_at_its_key() => VerifyAsync(WebApi, ("/0/appsettings.json", """
        {
          "AzureAd": {
            "Instance": "https://login.microsoftonline.com/",
            "ClientId": "11111111-2222-3333-4444-555555555555",
            [|"TenantId"|]: "common"
          }
        }
        """));

    [Fact]
    public Task Message_names_the_key_the_value_and_who_gets_in()
    {
        var test = Test(WebApi, ("/0/appsettings.json", """{ "AzureAd": { "ClientId": "api", {|#0:"TenantId"|}: "organizations" } }"""));
        test.ExpectedDiagnostics.Add(ExpectedDiagnostic.Create("TA504").WithLocation(0).WithMessage(
            "'AzureAd:TenantId' is 'organizations' and nothing in the project checks the token's tenant: Microsoft.Identity.Web then authenticates every user of every Entra ID tenant; check the tid claim against the tenants you serve (an allow-list in OnTokenValidated, an authorization policy, or an IssuerValidator that checks the issuer), or name your tenant"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration, \"Entra\")")]
    [InlineData("builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration.GetSection(\"Entra\"))")]
    [InlineData("builder.Services.AddMicrosoftIdentityWebApiAuthentication(builder.Configuration, \"Entra\")")]
    [InlineData("builder.Services.AddMicrosoftIdentityWebAppAuthentication(builder.Configuration, \"Entra\")")]
    [InlineData("builder.Services.AddAuthentication().AddMicrosoftIdentityWebApp(builder.Configuration.GetSection(\"Entra\"))")]
    [InlineData("builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(o => builder.Configuration.Bind(\"Entra\", o), o => builder.Configuration.Bind(\"Entra\", o))")]
    [InlineData("builder.Services.AddAuthentication().AddMicrosoftIdentityWebApp(o => builder.Configuration.GetSection(\"Entra\").Bind(o))")]
    // Round AE: the section name in a static readonly field, as many public options classes hold it.
    [InlineData("builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration, configSectionName: Section, jwtBearerScheme: \"A\")")]
    [InlineData("builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration.GetSection(Section))")]
    public Task Every_configuring_method_and_section_form_is_followed(string call) => VerifyAsync(
        IdentityWebUsings + $$"""
        static class Auth
        {
            private static readonly string Section = "Entra";

            public static void Add(WebApplicationBuilder builder) => {{call}};
        }
        """,
        ("/0/appsettings.json", """
        {
          "AzureAd": { "TenantId": "common" },
          "entra": { "ClientId": "api", [|"tenantid"|]: " Common " }
        }
        """));

    [Fact]
    public Task Authority_or_Instance_that_carries_the_tenant_is_reported() => VerifyAsync(
        IdentityWebUsings + """
        static class Auth
        {
            public static void Add(WebApplicationBuilder builder)
            {
                builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration, "Api", "Api");
                builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(builder.Configuration, "Consumers", "Consumers");
            }
        }
        """,
        ("/0/appsettings.json", """
        {
          "Api": { "ClientId": "api", [|"Authority"|]: "https://login.microsoftonline.com/organizations/v2.0" },
          "Consumers": { "ClientId": "api", [|"Instance"|]: "https://login.microsoftonline.com/consumers/" }
        }
        """));

    [Fact]
    public Task TenantId_constant_in_code_is_reported_at_the_assignment() => VerifyAsync(
        IdentityWebUsings + """
        static class Auth
        {
            public static void Add(WebApplicationBuilder builder) =>
                builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(
                    jwt => { },
                    identity =>
                    {
                        identity.Instance = "https://login.microsoftonline.com/";
                        identity.ClientId = "api";
                        [|identity.TenantId = "common"|];
                    });

            public static void Configure(IServiceCollection services) =>
                services.Configure<MicrosoftIdentityOptions>(o => [|o.TenantId = "organizations"|]);
        }
        """);

    [Fact]
    public Task Concrete_tenants_and_other_sections_are_not_reported() => VerifyAsync(WebApi, ("/0/appsettings.json", """
        {
          "AzureAd": { "ClientId": "api", "TenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47" },
          "Other": { "TenantId": "common" },
          "AzureAdB2C": { "Instance": "https://contoso.b2clogin.com/", "Domain": "contoso.onmicrosoft.com", "TenantId": "common" }
        }
        """));

    [Fact]
    public Task Development_file_is_not_reported_and_an_environment_file_is() => VerifyAsync(
        WebApi,
        ("/0/appsettings.json", """{ "AzureAd": { "ClientId": "api", "TenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47" } }"""),
        ("/0/appsettings.Development.json", """{ "AzureAd": { "TenantId": "common" } }"""),
        ("/0/appsettings.Production.json", """{ "AzureAd": { [|"TenantId"|]: "organizations" } }"""));

    [Fact]
    public Task Environment_file_with_a_concrete_tenant_over_a_common_base() => VerifyAsync(
        WebApi,
        ("/0/appsettings.json", """{ "AzureAd": { "ClientId": "api", [|"TenantId"|]: "common" } }"""),
        ("/0/appsettings.Production.json", """{ "AzureAd": { "TenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47" } }"""));

    [Fact]
    public Task Without_Identity_Web_configuration_nothing_is_reported() => VerifyAsync(
        IdentityWebUsings + "static class Auth { public static void Add(WebApplicationBuilder builder) => builder.Services.AddAuthentication().AddJwtBearer(); }",
        ("/0/appsettings.json", """{ "AzureAd": { "TenantId": "common" } }"""));

    [Theory]
    // A tid allow-list in the JwtBearer events.
    [InlineData("""
        class Events
        {
            static readonly HashSet<string> Allowed = ["72f988bf-86f1-41af-91ab-2d7cd011db47"];
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.Events.OnTokenValidated = context =>
                    {
                        if (!Allowed.Contains(context.Principal!.FindFirst("tid")?.Value ?? "")) context.Fail("tenant not allowed");
                        return Task.CompletedTask;
                    });
        }
        """)]
    // The long claim type, in an authorization handler.
    [InlineData("""
        class TenantRequirement : IAuthorizationRequirement { }
        class TenantHandler : AuthorizationHandler<TenantRequirement>
        {
            protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRequirement requirement)
            {
                if (context.User.FindFirst("http://schemas.microsoft.com/identity/claims/tenantid")?.Value == "72f988bf-86f1-41af-91ab-2d7cd011db47") context.Succeed(requirement);
                return Task.CompletedTask;
            }
        }
        """)]
    // Identity.Web's own helpers, in a policy.
    [InlineData("""
        class Policies
        {
            public static void Add(IServiceCollection services) => services.AddAuthorization(o =>
                o.AddPolicy("KnownTenant", p => p.RequireAssertion(c => c.User.GetTenantId() == "72f988bf-86f1-41af-91ab-2d7cd011db47")));
        }
        """)]
    // Identity.Web's claim constant, in a middleware.
    [InlineData("""
        class TenantMiddleware(RequestDelegate next)
        {
            public Task InvokeAsync(HttpContext context) =>
                context.User.FindFirst(ClaimConstants.Tid)?.Value is "72f988bf-86f1-41af-91ab-2d7cd011db47" ? next(context) : Task.CompletedTask;
        }
        """)]
    // A JwtBearerEvents subclass.
    [InlineData("""
        class TenantEvents : JwtBearerEvents
        {
            public override Task TokenValidated(TokenValidatedContext context)
            {
                if (context.Principal!.FindFirstValue("tid") != "72f988bf-86f1-41af-91ab-2d7cd011db47") context.Fail("unknown tenant");
                return Task.CompletedTask;
            }
        }
        """)]
    // An inline middleware.
    [InlineData("""
        class Pipeline
        {
            public static void Use(WebApplication app) => app.Use(async (context, next) =>
            {
                if (context.User.FindFirst("http://schemas.microsoft.com/identity/claims/tenantid")?.Value is "72f988bf-86f1-41af-91ab-2d7cd011db47") await next(context);
                else context.Response.StatusCode = 403;
            });
        }
        """)]
    // ValidIssuers of a concrete tenant.
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.ValidIssuers = ["https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"]);
        }
        """)]
    // A custom issuer validator.
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => KnownIssuers.Check(issuer));
        }
        static class KnownIssuers { public static string Check(string issuer) => issuer; }
        """)]
    // Round AQ: the claim read in the project's own helper, called from an authorization handler.
    [InlineData("""
        static class TenantClaims
        {
            public static string? GetTenant(this ClaimsPrincipal principal) => principal.FindFirst("tid")?.Value;
        }
        class TenantRequirement : IAuthorizationRequirement { }
        class TenantHandler : AuthorizationHandler<TenantRequirement>
        {
            static readonly HashSet<string> Allowed = ["72f988bf-86f1-41af-91ab-2d7cd011db47"];
            protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRequirement requirement)
            {
                if (Allowed.Contains(context.User.GetTenant() ?? "")) context.Succeed(requirement);
                return Task.CompletedTask;
            }
        }
        """)]
    // Round AS: the helper called through its interface, as a tenant accessor is injected.
    [InlineData("""
        interface ITenantProvider { string? GetTenant(); }
        class ClaimsTenantProvider(IHttpContextAccessor accessor) : ITenantProvider
        {
            public string? GetTenant() => accessor.HttpContext?.User.FindFirst("tid")?.Value;
        }
        class TenantMiddleware(RequestDelegate next, ITenantProvider tenants)
        {
            public Task InvokeAsync(HttpContext context) =>
                tenants.GetTenant() is "72f988bf-86f1-41af-91ab-2d7cd011db47" ? next(context) : Task.CompletedTask;
        }
        """)]
    // Entra's own validator for one tenant.
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.IssuerValidator = Microsoft.IdentityModel.Validators.AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0").Validate);
        }
        """)]
    public Task Any_tenant_check_in_the_project_keeps_the_rule_silent(string check) => VerifyAsync(
        WithTenantCheck(check),
        ("/0/appsettings.json", """{ "AzureAd": { "ClientId": "api", "TenantId": "common" } }"""));

    /// <summary>
    /// The tenant check is looked for in every file of the project at compilation end, whichever file holds the
    /// configuration: here the third of three, after a file that only mentions the claim in a comment.
    /// </summary>
    [Fact]
    public Task Tenant_check_in_another_file_keeps_the_rule_silent()
    {
        var test = Test(WebApi, ("/0/appsettings.json", """{ "AzureAd": { "ClientId": "api", "TenantId": "common" } }"""));
        test.NamedSources.Add(("/0/Comment.cs", """class Note { /* the "tid" claim is checked elsewhere */ }"""));
        test.NamedSources.Add(("/0/TenantMiddleware.cs", IdentityWebUsings + """
            class TenantMiddleware(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context) =>
                    context.User.FindFirst(ClaimConstants.Tid)?.Value is "72f988bf-86f1-41af-91ab-2d7cd011db47" ? next(context) : Task.CompletedTask;
            }
            """));
        return test.RunAsync();
    }

    /// <summary>The same project without the check's file is reported: the test above is silent because of it.</summary>
    [Fact]
    public Task Without_the_other_file_the_same_project_is_reported()
    {
        var test = Test(WebApi, ("/0/appsettings.json", """{ "AzureAd": { "ClientId": "api", [|"TenantId"|]: "common" } }"""));
        test.NamedSources.Add(("/0/Comment.cs", """class Note { /* the "tid" claim is checked elsewhere */ }"""));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("""class C { const string Comment = "tenant"; /* "tid" in a comment is no check */ }""")]
    // Reading the tenant to pick a database or to log it restricts nothing, through a helper too.
    [InlineData("""
        class TenantDatabase
        {
            public string ConnectionFor(ClaimsPrincipal user) => "Server=db;Database=" + user.FindFirst("tid")?.Value;
            public string Log(HttpRequest request) => request.HttpContext.User.GetTenantId() ?? "";
            static string? Tenant(ClaimsPrincipal user) => user.FindFirst("tid")?.Value;
            public string Database(ClaimsPrincipal user) => "tenant-" + Tenant(user);
        }

        // Round AR: a middleware's call of another type's method of the helper's name is no call of the helper.
        interface ITenantStore { string? GetTenant(string host); }
        static class TenantClaims
        {
            public static string? GetTenant(this ClaimsPrincipal principal) => principal.FindFirst("tid")?.Value;
        }
        class TenantMiddleware(RequestDelegate next, ITenantStore store)
        {
            public Task InvokeAsync(HttpContext context) => store.GetTenant(context.Request.Host.Host) is null ? Task.CompletedTask : next(context);
        }
        """)]
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.ValidIssuers = ["https://login.microsoftonline.com/{tenantid}/v2.0", "https://login.microsoftonline.com/common/v2.0"]);
        }
        """)]
    // A partner's (non-Entra) issuer on Identity.Web's own scheme names no Entra tenant.
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.ValidIssuer = "https://identity.partner.example.com");
        }
        """)]
    // An issuer validator that hands back its issuer argument unchecked restricts nothing, in either body form.
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer);
        }
        """)]
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => { return issuer; });
        }
        """)]
    // Entra's own validator for a multi-tenant authority takes the tenant from the token (TA301's Term).
    [InlineData("""
        class Issuers
        {
            public static void Configure(IServiceCollection services) =>
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    o.TokenValidationParameters.IssuerValidator = Microsoft.IdentityModel.Validators.AadIssuerValidator.GetAadIssuerValidator("https://login.microsoftonline.com/common/v2.0").Validate);
        }
        """)]
    // Checks of another, hand-registered scheme do not restrict Identity.Web's scheme.
    [InlineData("""
        class OtherScheme
        {
            public static void Add(IServiceCollection services) => services.AddAuthentication().AddJwtBearer("Partner", o =>
            {
                o.TokenValidationParameters.ValidIssuers = ["https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"];
                o.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer;
                o.Events = new JwtBearerEvents { OnTokenValidated = c => c.Principal!.FindFirst("tid") is null ? Task.CompletedTask : Task.CompletedTask };
            });
        }
        """)]
    public Task What_is_not_a_tenant_check(string code) => VerifyAsync(
        WithTenantCheck(code),
        ("/0/appsettings.json", """{ "AzureAd": { "ClientId": "api", [|"TenantId"|]: "common" } }"""));

    /// <summary>
    /// The JSON file's .editorconfig section (given to Roslyn as analyzer configuration and to the analyzer as an
    /// additional file, as the package's build files do) sets TA504's severity there: none removes it, and a section
    /// for another file changes nothing.
    /// </summary>
    [Theory]
    [InlineData("[appsettings.json]", false)]
    [InlineData("[*.json]", false)]
    [InlineData("[appsettings.Staging.json]", true)]
    public Task The_json_files_editorconfig_section_sets_its_severity(string section, bool reported)
    {
        var editorConfig = "root = true\n" + section + "\ndotnet_diagnostic.TA504.severity = none\n";
        var key = reported ? "[|\"TenantId\"|]" : "\"TenantId\"";
        var test = Test(WebApi, ("/0/.editorconfig", editorConfig), ("/0/appsettings.json", "{ \"AzureAd\": { \"ClientId\": \"api\", " + key + ": \"common\" } }"));
        test.EditorConfig = editorConfig;
        return test.RunAsync();
    }
}
