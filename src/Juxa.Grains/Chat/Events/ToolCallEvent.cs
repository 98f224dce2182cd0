using System.Text.Json;
using System.Text.Json.Serialization;

namespace Juxa.Chat.Events;

/// <summary>
/// <c>tool_call</c> <c>{"toolCallId","name","arguments"}</c>: a write tool call that waits for
/// <c>POST /chat/tool-confirm</c>. <c>arguments</c> is the JSON object the model gave.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.ToolCallEvent")]
public sealed record ToolCallEvent(
    [property: Id(0)] string ToolCallId,
    [property: Id(1)] string Name,
    [property: Id(2)] JsonElement Arguments) : ChatEvent
{
    [JsonIgnore]
    public override string EventType => "tool_call";
}
