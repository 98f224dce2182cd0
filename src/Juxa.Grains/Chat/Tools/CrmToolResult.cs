namespace Juxa.Chat.Tools;

/// <summary>What a tool call gave back, as the JSON text the model reads; <see cref="Succeeded"/> is false for an error result.</summary>
[GenerateSerializer, Immutable, Alias("juxa.CrmToolResult")]
public sealed record CrmToolResult(
    [property: Id(0)] bool Succeeded,
    [property: Id(1)] string Json);
