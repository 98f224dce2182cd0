using Juxa.Records;

namespace Juxa.Missions;

/// <summary>A mission's whole case file: what it is for, its plan and step results, its log, and the final report.</summary>
[GenerateSerializer, Immutable, Alias("juxa.MissionView")]
public sealed record MissionView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid WorkspaceId,
    [property: Id(2)] Guid? WorkspaceAppInstallationId,
    [property: Id(3)] Actor CreatedBy,
    [property: Id(4)] string Title,
    [property: Id(5)] string Objective,
    [property: Id(6)] IReadOnlyList<Guid> RecordIds,
    [property: Id(7)] string Status,
    [property: Id(8)] IReadOnlyList<MissionStep> Steps,
    [property: Id(9)] IReadOnlyList<MissionLogEntry> Log,
    [property: Id(10)] string? Report,
    [property: Id(11)] string? Error,
    [property: Id(12)] MissionUsage Usage,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset UpdatedAt,
    [property: Id(15)] DateTimeOffset? StartedAt,
    [property: Id(16)] DateTimeOffset? FinishedAt)
{
    /// <summary>The member the mission's tools act for (not shown: <see cref="CreatedBy"/> says who started it).</summary>
    [Id(17)]
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? MemberId { get; init; }
}
