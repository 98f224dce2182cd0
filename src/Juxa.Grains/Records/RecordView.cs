using System.Text.Json.Nodes;

namespace Juxa.Records;

/// <summary>A record as the API returns it: <c>{"id","object","values","createdAt","updatedAt"}</c>, values in their output form.</summary>
// Immutable: nobody changes a view once built (RecordGrain caches one per row and schema snapshot), so Orleans need not deep-copy its JSON on every local call.
[GenerateSerializer, Immutable, Alias("juxa.RecordView")]
public sealed record RecordView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Object,
    [property: Id(2)] JsonObject Values,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt);
