// GET /ping → 200 {"data":{"ok":true}}: the same envelope shape as the API, nothing else.
// Listens on ASPNETCORE_URLS; run it in Release (bench/run-records.sh does).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.MapGet("/ping", () => Results.Ok(new { data = new { ok = true } }));
app.Run();
