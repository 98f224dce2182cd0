namespace Juxa.Chat;

/// <summary>A write tool call the model made that waits for the user's approval until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("juxa.PendingToolCall")]
public sealed record PendingToolCall(
    [property: Id(0)] string ToolCallId,
    [property: Id(1)] string Name,
    [property: Id(2)] string ArgumentsJson,
    [property: Id(3)] Guid AssistantMessageId,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt);
