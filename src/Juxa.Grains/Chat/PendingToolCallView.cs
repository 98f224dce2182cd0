using System.Text.Json;

namespace Juxa.Chat;

/// <summary>A write tool call waiting for <c>POST /chat/tool-confirm</c>, as clients see it.</summary>
[GenerateSerializer, Immutable, Alias("juxa.PendingToolCallView")]
public sealed record PendingToolCallView(
    [property: Id(0)] string ToolCallId,
    [property: Id(1)] string Name,
    [property: Id(2)] JsonElement Arguments,
    [property: Id(3)] DateTimeOffset ExpiresAt);
