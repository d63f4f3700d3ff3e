using InsecureApi.Auth;

// A small orders API protected by JWT bearer tokens. Its token validation is wrong in many of the ways
// TokenAnalyzers finds; each problem is explained where it is made (one file per rule family under Auth/).
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddJwtBearerAuthentication(builder.Configuration);
builder.Services.AddAuthentication().AddPartnerJwtBearer();
builder.Services.AddAuthentication().AddMultiTenantEntra();

// Configured entirely from appsettings.json (Authentication:Schemes:Warehouse): see TA501/TA502 there.
builder.Services.AddAuthentication().AddJwtBearer("Warehouse");

builder.Services.AddAuthorization();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/", () => "Orders API");

app.MapGet("/orders/{id:int}", (int id, HttpContext context) =>
        Results.Ok(new { id, owner = context.User.Identity?.Name, status = "shipped" }))
    .RequireAuthorization();

app.MapPost("/partner/orders/{id:int}/status", (int id, string status) => Results.Accepted($"/orders/{id}", new { id, status }))
    .RequireAuthorization(policy => policy.AddAuthenticationSchemes(PartnerTokenValidation.Scheme).RequireAuthenticatedUser());

app.Run();
