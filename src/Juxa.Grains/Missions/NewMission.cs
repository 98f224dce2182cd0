using Juxa.Records;

namespace Juxa.Missions;

/// <summary>A mission to start. Validated by the caller (title, objective, records, installation).</summary>
[GenerateSerializer, Immutable, Alias("juxa.NewMission")]
public sealed record NewMission(
    [property: Id(0)] Guid WorkspaceId,
    [property: Id(1)] Guid? InstallationId,
    [property: Id(2)] Actor CreatedBy,
    [property: Id(3)] Guid? MemberId,
    [property: Id(4)] string Title,
    [property: Id(5)] string Objective,
    [property: Id(6)] IReadOnlyList<Guid> RecordIds);
