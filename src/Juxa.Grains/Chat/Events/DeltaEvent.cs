using System.Text.Json.Serialization;

namespace Juxa.Chat.Events;

/// <summary><c>delta</c> <c>{"text"}</c>: the next piece of the assistant's reply, sent as soon as the provider sends it.</summary>
[GenerateSerializer, Immutable, Alias("juxa.DeltaEvent")]
public sealed record DeltaEvent([property: Id(0)] string Text) : ChatEvent
{
    [JsonIgnore]
    public override string EventType => "delta";
}
