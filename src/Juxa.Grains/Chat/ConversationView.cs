namespace Juxa.Chat;

/// <summary>A conversation with its messages in order, and the tool calls still waiting for confirmation.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ConversationView")]
public sealed record ConversationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string? Title,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] IReadOnlyList<ChatMessageView> Messages,
    [property: Id(5)] IReadOnlyList<PendingToolCallView> PendingToolCalls);
