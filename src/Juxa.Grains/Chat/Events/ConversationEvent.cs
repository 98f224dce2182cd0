using System.Text.Json.Serialization;

namespace Juxa.Chat.Events;

/// <summary><c>conversation</c> <c>{"id"}</c>: always first, so a client that sent no conversationId learns the new one.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ConversationEvent")]
public sealed record ConversationEvent([property: Id(0)] Guid Id) : ChatEvent
{
    [JsonIgnore]
    public override string EventType => "conversation";
}
