using System.Text.Json;

namespace Juxa.Chat;

/// <summary>A tool call as clients see it: its id, the tool's name and its arguments (a JSON object).</summary>
[GenerateSerializer, Immutable, Alias("juxa.ChatToolCallView")]
public sealed record ChatToolCallView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] JsonElement Arguments);
