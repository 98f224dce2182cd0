namespace Juxa.Schema;

/// <summary>One attribute of an object (or of a list: then <see cref="ObjectId"/> is the list's id).</summary>
[GenerateSerializer, Immutable, Alias("juxa.AttributeDefinition")]
public sealed record AttributeDefinition(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid ObjectId,
    [property: Id(2)] string Slug,
    [property: Id(3)] string Title,
    [property: Id(4)] AttributeType Type,
    [property: Id(5)] bool IsRequired,
    [property: Id(6)] bool IsUnique,
    [property: Id(7)] bool IsMultiselect,
    [property: Id(8)] bool IsStandard,
    [property: Id(9)] bool IsArchived,
    [property: Id(10)] AttributeConfig Config,
    [property: Id(11)] IReadOnlyList<AttributeOption> Options,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] bool IsIndexed = false)
{
    /// <summary>The option whose id or title (case-insensitive) matches, preferring an active one; callers decide what an inactive match means.</summary>
    public AttributeOption? FindOption(string idOrTitle) =>
        Options
            .Where(o => Guid.TryParse(idOrTitle, out var id) ? o.Id == id : string.Equals(o.Title, idOrTitle, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(o => o.IsActive)
            .FirstOrDefault();
}
