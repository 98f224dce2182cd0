using System.Text.Json.Nodes;

namespace Juxa.Tests.Infrastructure.FakeOpenAi;

/// <summary>A chat-completions request the fake received, for tests to assert on prompts and tools, and what became of it.</summary>
public sealed class FakeRequest(JsonObject body, string? authorization, long receivedAt)
{
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JsonObject Body { get; } = body;

    /// <summary>The Authorization header as sent (the provider's API key).</summary>
    public string? Authorization { get; } = authorization;

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the request arrived.</summary>
    public long ReceivedAt { get; } = receivedAt;

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> just before the first chunk was flushed; 0 until then.</summary>
    public long FirstChunkAt { get; internal set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> just before the first text chunk was written (the first one a client sees as a delta); 0 until then.</summary>
    public long FirstTextAt { get; internal set; }

    public string? Model => Body["model"]?.GetValue<string>();

    public bool Stream => Body["stream"]?.GetValue<bool>() ?? false;

    public JsonArray Messages => Body["messages"]?.AsArray() ?? [];

    /// <summary>The names of the tools offered to the model (empty when none).</summary>
    public IReadOnlyList<string> ToolNames =>
        Body["tools"]?.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToArray() ?? [];

    /// <summary>Every message's text content of one role, in order.</summary>
    public IReadOnlyList<string> Contents(string role) =>
        Messages.Where(m => m!["role"]!.GetValue<string>() == role).Select(m => Text(m!["content"])).ToArray();

    /// <summary>Completes when the client cancelled the request while the fake was still answering.</summary>
    public Task Cancelled => _cancelled.Task;

    public bool WasCancelled => _cancelled.Task.IsCompleted;

    internal void MarkCancelled() => _cancelled.TrySetResult();

    private static string Text(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}
