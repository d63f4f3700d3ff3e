using InsecureApi.Auth;

// A small orders API protected by JWT bearer tokens. Its token validation is wrong in many of the ways
// TokenAnalyzers finds; each problem is explained where it is made (one file per rule family under Auth/).
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddJwtBearerAuthentication(builder.Configuration);
builder.Services.AddAuthentication().AddPartnerJwtBearer();
builder.Services.AddAuthentication().AddMultiTenantEntra();

// TA503/TA504: a key and a tenant that only appsettings.json shows (Auth/ConfigurationSecretsAndTenants.cs).
builder.Services.AddAuthentication().AddInternalServiceTokens(builder.Configuration).AddCustomerSignIn(builder.Configuration);

// Configured entirely from appsettings.json (Authentication:Schemes:Warehouse): see TA501 there (TA502: samples/LegacyBearerApi).
builder.Services.AddAuthentication().AddJwtBearer("Warehouse");

builder.Services.AddAuthorization();

// TA4xx helpers (Auth/TokenTrust.cs): they share the bearer scheme's parameters, and its events keep failed callers signed in.
builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>()
    .Get(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters);
builder.Services.AddSingleton<TokenTrust>();
builder.Services.PostConfigure<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>(
    Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme, TokenTrust.KeepCallersSignedIn);

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/", () => "Orders API");

app.MapGet("/orders/{id:int}", (int id, HttpContext context) =>
        Results.Ok(new { id, owner = context.User.Identity?.Name, status = "shipped" }))
    .RequireAuthorization();

app.MapGet("/tenant", (HttpRequest request, TokenTrust trust) => trust.IsAuthorized(request.Headers.Authorization.ToString())
    ? Results.Ok(new { tenant = trust.TenantOf(request) })
    : Results.Unauthorized());

app.MapPost("/partner/orders/{id:int}/status", (int id, string status) => Results.Accepted($"/orders/{id}", new { id, status }))
    .RequireAuthorization(policy => policy.AddAuthenticationSchemes(PartnerTokenValidation.Scheme).RequireAuthenticatedUser());

app.Run();
