using System.Text.Json.Nodes;
using Juxa.Records;

namespace Juxa.Realtime;

/// <summary>
/// One change, as a hub client receives it:
/// <c>{type, workspaceId, object, recordId, actor: {type, id}, changedAttributes?, at, sequence, data?}</c>.
/// Producers build it with <see cref="Create"/> and hand it to <see cref="IRealtimePublisher"/>; the
/// stream grain stamps <see cref="Sequence"/>. Treated as immutable once published (it is shared,
/// not copied, between the notifier and co-hosted hubs), so <see cref="Data"/> is never mutated.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.RealtimeEvent")]
public sealed record RealtimeEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] Guid WorkspaceId,
    [property: Id(2)] string? Object,
    [property: Id(3)] Guid? RecordId,
    [property: Id(4)] Actor? Actor,
    [property: Id(5)] string[]? ChangedAttributes,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] long Sequence,
    [property: Id(8)] JsonNode? Data)
{
    /// <summary>
    /// An event ready to publish. <paramref name="data"/> is any JSON-serializable value (a DTO,
    /// an anonymous object, a <see cref="JsonNode"/>); it is converted to JSON here, in the caller's
    /// process, so that nothing but JSON crosses grains. <paramref name="at"/> defaults to the
    /// publisher's clock.
    /// </summary>
    public static RealtimeEvent Create(
        string type,
        Guid workspaceId,
        string? objectSlug,
        Guid? recordId,
        Actor? actor,
        IEnumerable<string>? changedAttributes = null,
        object? data = null,
        DateTimeOffset at = default) =>
        new(type, workspaceId, objectSlug, recordId, actor, changedAttributes?.ToArray(), at, Sequence: 0, RealtimeJson.ToNode(data));
}
