namespace Juxa.Chat;

/// <summary>
/// Grain storage of a conversation: only the tool calls waiting for confirmation. Messages and
/// usage are rows in PostgreSQL; a pending call is grain-private state that nothing queries.
/// </summary>
[GenerateSerializer, Alias("juxa.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public List<PendingToolCall> Pending { get; set; } = [];
}
