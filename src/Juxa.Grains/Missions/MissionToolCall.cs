namespace Juxa.Missions;

/// <summary>One read-only CRM tool call a step made: the tool, its JSON arguments, and whether it succeeded.</summary>
[GenerateSerializer, Immutable, Alias("juxa.MissionToolCall")]
public sealed record MissionToolCall(
    [property: Id(0)] string Name,
    [property: Id(1)] string Arguments,
    [property: Id(2)] bool Succeeded);
