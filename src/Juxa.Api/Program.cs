using Juxa.Api.Extensions;
using Juxa.Api.Health;
using Juxa.Api.OpenApi;
using Juxa.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddJuxaHttp();
builder.Services.AddJuxaData();
builder.AddJuxaOrleans();
builder.Services.AddJuxaAuth();
builder.Services.AddJuxaRealtime();
builder.Services.AddJuxaHealthChecks();
builder.Services.AddJuxaOpenApi();
builder.AddJuxaTelemetry("juxa-api");

var app = builder.Build();
app.UseJuxaPipeline();
app.MapJuxaEndpoints();
app.Run();

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
