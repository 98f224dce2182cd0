using Juxa.Records;

namespace Juxa.Tasks;

/// <summary>A task as the API returns it.</summary>
[GenerateSerializer, Immutable, Alias("juxa.TaskView")]
public sealed record TaskView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Content,
    [property: Id(2)] DateTimeOffset? Deadline,
    [property: Id(3)] bool IsCompleted,
    [property: Id(4)] DateTimeOffset? CompletedAt,
    [property: Id(5)] IReadOnlyList<Guid> RecordIds,
    [property: Id(6)] IReadOnlyList<Guid> AssigneeIds,
    [property: Id(7)] Actor CreatedBy,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt);
