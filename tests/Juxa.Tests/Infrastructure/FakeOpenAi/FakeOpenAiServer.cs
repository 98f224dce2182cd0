using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Juxa.Tests.Infrastructure.FakeOpenAi;

/// <summary>
/// A real OpenAI-compatible server on a loopback port that plays scripted replies: it speaks
/// <c>POST /v1/chat/completions</c>, streaming (<c>data:</c> chunks, tool-call deltas, usage in the
/// last chunk when <c>stream_options.include_usage</c> asks for it, then <c>data: [DONE]</c>) or not.
/// Juxa's production client code runs against it unchanged. It records every request, and
/// whether the client cancelled it mid-answer.
/// </summary>
public sealed partial class FakeOpenAiServer : IAsyncDisposable
{
    public const string Model = "fake-model";
    public const string ApiKey = "fake-provider-key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeScript> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>Juxa:Llm:Endpoint</c> (ends in <c>/v1</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Answers requests that carry no script's tag; unset, they get a 500.</summary>
    public Func<FakeRequest, FakeReply>? Fallback { get; set; }

    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    /// <summary>The configuration that points Juxa at this server.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Juxa:Llm:Endpoint"] = Endpoint.ToString(),
        ["Juxa:Llm:Model"] = Model,
        ["Juxa:Llm:ApiKey"] = ApiKey,
    };

    /// <summary>Starts on a loopback port: <paramref name="port"/>, or a free one when 0.</summary>
    public static async Task<FakeOpenAiServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    /// <summary>A new script with a fresh tag; put <see cref="FakeScript.Tag"/> in the message that should be answered with these replies.</summary>
    public FakeScript Script(params FakeReply[] replies)
    {
        var script = new FakeScript("fake-" + Guid.NewGuid().ToString("N"), replies);
        _scripts[script.Tag] = script;
        return script;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        string raw;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            raw = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var request = new FakeRequest(JsonNode.Parse(raw)!.AsObject(), context.Request.Headers.Authorization.ToString(), receivedAt);
        _requests.Enqueue(request);
        var script = TagPattern().Matches(raw).Select(m => _scripts.GetValueOrDefault(m.Value)).FirstOrDefault(s => s is not null);
        var reply = script is not null ? script.Take(request) : Fallback?.Invoke(request);
        if (reply is null)
        {
            await FailAsync(context, 500, script is null ? "No script matches this request." : $"Script {script.Tag} has no reply left.");
            return;
        }

        if (reply.FailStatus is { } status)
        {
            await FailAsync(context, status, "Scripted failure.");
            return;
        }

        if (reply.Raw is { } answer)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
            return;
        }

        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, request, reply);
            }
            else
            {
                await CompleteAsync(context, request, reply);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            request.MarkCancelled();
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            request.MarkCancelled();
        }
    }

    private static async Task StreamAsync(HttpContext context, FakeRequest request, FakeReply reply)
    {
        var aborted = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..16];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = true;

        async Task SendAsync(object? delta, string? finishReason, object? usage = null, bool noChoices = false, bool text = false)
        {
            if (!first && reply.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(reply.ChunkDelay, aborted);
            }

            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = request.Model ?? Model,
                ["choices"] = noChoices ? new JsonArray() : new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = JsonSerializer.SerializeToNode(delta, Json),
                    ["finish_reason"] = finishReason,
                }),
            };
            if (usage is not null)
            {
                chunk["usage"] = JsonSerializer.SerializeToNode(usage, Json);
            }

            if (first)
            {
                request.FirstChunkAt = Stopwatch.GetTimestamp();
                first = false;
            }

            if (text && request.FirstTextAt == 0)
            {
                request.FirstTextAt = Stopwatch.GetTimestamp();
            }

            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", aborted);
            await context.Response.Body.FlushAsync(aborted);
        }

        await SendAsync(new { role = "assistant", content = "" }, null);
        foreach (var text in reply.TextChunks)
        {
            await SendAsync(new { content = text }, null, text: true);
        }

        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            // The name first, then the arguments in two pieces, as real providers split them.
            await SendAsync(new { tool_calls = new[] { new { index = i, id = call.Id, type = "function", function = new { name = call.Name, arguments = "" } } } }, null);
            var half = call.ArgumentsJson.Length / 2;
            foreach (var piece in new[] { call.ArgumentsJson[..half], call.ArgumentsJson[half..] })
            {
                await SendAsync(new { tool_calls = new[] { new { index = i, function = new { arguments = piece } } } }, null);
            }
        }

        if (reply.HangAfterChunks)
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }

        await SendAsync(new { }, reply.ToolCalls.Count > 0 ? "tool_calls" : "stop");
        if (request.Body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            await SendAsync(null, null, Usage(reply), noChoices: true);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
        await context.Response.Body.FlushAsync(aborted);
    }

    private static async Task CompleteAsync(HttpContext context, FakeRequest request, FakeReply reply)
    {
        if (reply.HangAfterChunks)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.TextChunks.Count > 0 ? string.Concat(reply.TextChunks) : null };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray(reply.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            }).ToArray());
        }

        request.FirstChunkAt = Stopwatch.GetTimestamp();
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..16],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = request.Model ?? Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = reply.ToolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = JsonSerializer.SerializeToNode(Usage(reply), Json),
        }, context.RequestAborted);
    }

    private static object Usage(FakeReply reply) => new Dictionary<string, int>
    {
        ["prompt_tokens"] = reply.PromptTokens,
        ["completion_tokens"] = reply.CompletionTokens,
        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
    };

    private static Task FailAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type = "fake_error", code = (string?)null } });
    }

    [GeneratedRegex("fake-[0-9a-f]{32}")]
    private static partial Regex TagPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
