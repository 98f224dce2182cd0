using System.Text.Json.Serialization;

namespace Juxa.Chat.Events;

/// <summary><c>error</c> <c>{"code","message"}</c>: the stream failed after it had started; the last event. Codes are the envelope's.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ErrorEvent")]
public sealed record ErrorEvent(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message) : ChatEvent
{
    [JsonIgnore]
    public override string EventType => "error";
}
