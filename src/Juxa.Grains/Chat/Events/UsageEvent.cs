using System.Text.Json.Serialization;

namespace Juxa.Chat.Events;

/// <summary><c>usage</c> <c>{"promptTokens","completionTokens","credits"}</c>: what this stream's model rounds cost, summed; just before <c>done</c>.</summary>
[GenerateSerializer, Immutable, Alias("juxa.UsageEvent")]
public sealed record UsageEvent(
    [property: Id(0)] int PromptTokens,
    [property: Id(1)] int CompletionTokens,
    [property: Id(2)] decimal Credits) : ChatEvent
{
    [JsonIgnore]
    public override string EventType => "usage";
}
