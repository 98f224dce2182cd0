using Juxa.Records;

namespace Juxa.Notifications;

/// <summary>A notification as the API returns it and the hub pushes it.</summary>
[GenerateSerializer, Immutable, Alias("juxa.NotificationView")]
public sealed record NotificationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid WorkspaceId,
    [property: Id(2)] Guid MemberId,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Title,
    [property: Id(5)] string? Body,
    [property: Id(6)] Guid? RecordId,
    [property: Id(7)] Guid? TaskId,
    [property: Id(8)] Actor? Actor,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset? ReadAt);
