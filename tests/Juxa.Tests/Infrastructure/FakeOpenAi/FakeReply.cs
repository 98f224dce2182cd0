using System.Text.Json;

namespace Juxa.Tests.Infrastructure.FakeOpenAi;

/// <summary>
/// One scripted model reply: text chunks and/or tool calls, the usage to report, and how to
/// deliver it (a delay between chunks, hanging until the client cancels, or failing outright).
/// </summary>
public sealed record FakeReply
{
    public IReadOnlyList<string> TextChunks { get; init; } = [];

    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    public int PromptTokens { get; init; } = 11;

    public int CompletionTokens { get; init; } = 7;

    /// <summary>Waited before every chunk after the first.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>After the scripted chunks, send nothing more and wait until the client gives up (the request is cancelled).</summary>
    public bool HangAfterChunks { get; init; }

    /// <summary>Answer with this HTTP status and an OpenAI-style error body instead of a completion.</summary>
    public int? FailStatus { get; init; }

    /// <summary>Answer 200 with this body and content type, as is: not a completion at all (an empty stream, a proxy's HTML page).</summary>
    public (string ContentType, string Body)? Raw { get; init; }

    public static FakeReply Text(params string[] chunks) => new() { TextChunks = chunks };

    public static FakeReply Tool(string name, object arguments, string? id = null) =>
        new() { ToolCalls = [new FakeToolCall(id ?? "call_" + Guid.NewGuid().ToString("N")[..12], name, JsonSerializer.Serialize(arguments))] };

    public static FakeReply Failure(int status) => new() { FailStatus = status };

    public static FakeReply RawBody(string contentType, string body) => new() { Raw = (contentType, body) };

    public FakeReply WithUsage(int promptTokens, int completionTokens) => this with { PromptTokens = promptTokens, CompletionTokens = completionTokens };

    public FakeReply WithDelay(TimeSpan delay) => this with { ChunkDelay = delay };

    public FakeReply ThenHang() => this with { HangAfterChunks = true };

    public FakeReply AndTool(string name, object arguments, string? id = null) =>
        this with { ToolCalls = [.. ToolCalls, .. Tool(name, arguments, id).ToolCalls] };
}
