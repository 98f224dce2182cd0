namespace Juxa.Missions;

/// <summary>One entry of a mission's step log.</summary>
[GenerateSerializer, Immutable, Alias("juxa.MissionLogEntry")]
public sealed record MissionLogEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Kind,
    [property: Id(2)] int? Step,
    [property: Id(3)] string Message);
