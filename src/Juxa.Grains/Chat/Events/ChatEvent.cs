using System.Text.Json.Serialization;

namespace Juxa.Chat.Events;

/// <summary>
/// One server-sent event of a chat stream. <see cref="EventType"/> is the SSE <c>event:</c> name;
/// the record's other properties are its JSON <c>data:</c>. The set is closed and documented in docs/chat.md.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.ChatEvent")]
public abstract record ChatEvent
{
    [JsonIgnore]
    public abstract string EventType { get; }
}
