namespace Juxa.Workspaces;

/// <summary>A workspace as the API returns it.</summary>
[GenerateSerializer, Immutable, Alias("juxa.WorkspaceInfo")]
public sealed record WorkspaceInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt);
