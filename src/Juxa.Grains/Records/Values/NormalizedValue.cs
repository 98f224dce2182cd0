using System.Text.Json.Nodes;

namespace Juxa.Records.Values;

/// <summary>
/// One attribute value in its stored form, together with everything derived from it that the record
/// grain has to maintain alongside the <c>values</c> column: the references to check, the unique-index
/// keys and the search terms. Deriving them here, in one place, keeps writes and index rebuilds identical.
/// </summary>
/// <param name="Stored">The stored form (docs/records-storage.md); null means "no value": the attribute's key is removed.</param>
/// <param name="References">Records the value points at (record-reference), for the caller to check and index.</param>
/// <param name="UniqueKeys">Canonical strings the unique index is built over, one per distinct element.</param>
/// <param name="SearchTerms">Lower-cased, distinct terms for the record's search text; empty for types search ignores.</param>
/// <param name="Actors">Members or API keys the value points at (actor-reference), for the caller to check.</param>
public sealed record NormalizedValue(
    JsonNode? Stored,
    IReadOnlyList<RecordRef> References,
    IReadOnlyList<string> UniqueKeys,
    IReadOnlyList<string> SearchTerms,
    IReadOnlyList<ActorRef> Actors)
{
    /// <summary>The absence of a value (nothing stored, nothing indexed).</summary>
    public static NormalizedValue None { get; } = new(null, [], [], [], []);
}
