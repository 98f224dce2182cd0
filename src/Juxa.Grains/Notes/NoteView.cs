using Juxa.Records;

namespace Juxa.Notes;

/// <summary>A note on a record. Content is returned exactly as it was written.</summary>
[GenerateSerializer, Immutable, Alias("juxa.NoteView")]
public sealed record NoteView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid RecordId,
    [property: Id(2)] string Object,
    [property: Id(3)] string? Title,
    [property: Id(4)] string? Content,
    [property: Id(5)] Actor CreatedBy,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);
