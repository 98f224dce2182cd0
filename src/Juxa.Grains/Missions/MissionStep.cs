namespace Juxa.Missions;

/// <summary>One planned step: its outcome, the tool calls it made, and how many times it was begun.</summary>
[GenerateSerializer, Immutable, Alias("juxa.MissionStep")]
public sealed record MissionStep(
    [property: Id(0)] int Position,
    [property: Id(1)] string Title,
    [property: Id(2)] string Status,
    [property: Id(3)] string? Result,
    [property: Id(4)] IReadOnlyList<MissionToolCall> ToolCalls,
    [property: Id(5)] int Attempts,
    [property: Id(6)] DateTimeOffset? StartedAt,
    [property: Id(7)] DateTimeOffset? FinishedAt);
