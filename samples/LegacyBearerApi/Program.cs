// A shipping-label API that still runs on JwtBearer 7.0.11. Its bearer scheme is configured entirely from
// appsettings.json (Authentication:Schemes:Bearer): AddJwtBearer() registers the scheme, and JwtBearer binds the
// section to it. See TA502 there.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/labels/{id:int}", (int id) => Results.Ok(new { id, carrier = "parcel" }))
    .RequireAuthorization();

app.Run();
