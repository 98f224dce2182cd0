using System.Text.Json.Serialization;

namespace Juxa.Chat.Events;

/// <summary><c>done</c> <c>{"messageId"}</c>: always last on success; the id of the assistant message this stream stored (null if none).</summary>
[GenerateSerializer, Immutable, Alias("juxa.DoneEvent")]
public sealed record DoneEvent([property: Id(0)] Guid? MessageId) : ChatEvent
{
    [JsonIgnore]
    public override string EventType => "done";
}
