using Juxa.Hosting;

// A standalone silo for cluster mode: the same grains and storage as the co-hosted API, plus
// liveness and readiness probes for orchestrators on its own small HTTP port.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://localhost:3078");
}

builder.Services.AddJuxaData();
builder.UseOrleans(silo => silo.UseJuxaSilo());
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/health/live");
app.MapHealthChecks("/health/ready");
app.Run();
