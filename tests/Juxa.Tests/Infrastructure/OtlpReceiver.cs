using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Juxa.Tests.Infrastructure;

/// <summary>
/// A real OTLP/HTTP endpoint on a loopback port that keeps what exporters post to it (<c>/v1/traces</c>, <c>/v1/metrics</c>).
/// Bodies are protobuf; the tests look for the strings in them (service, span and meter names), which protobuf stores
/// as plain UTF-8, rather than decoding the whole message.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string Text)> _posts = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The settings that point a host's exporters here, over HTTP/protobuf, flushing often.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            // Latin-1 keeps every byte as one char, so UTF-8 strings inside the protobuf stay findable (ASCII names).
            receiver._posts.Enqueue(("/v1/" + signal, Encoding.Latin1.GetString(body.ToArray())));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>Whether one post to <paramref name="path"/> holds every one of <paramref name="texts"/>.</summary>
    public bool Received(string path, params string[] texts) =>
        _posts.Any(p => p.Path == path && texts.All(t => p.Text.Contains(t, StringComparison.Ordinal)));

    /// <summary>Whether the posts to <paramref name="path"/>, together, hold every one of <paramref name="texts"/>.</summary>
    public bool ReceivedAll(string path, params string[] texts) =>
        texts.All(t => _posts.Any(p => p.Path == path && p.Text.Contains(t, StringComparison.Ordinal)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
