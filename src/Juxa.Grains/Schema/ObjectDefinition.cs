namespace Juxa.Schema;

/// <summary>An object (people, companies, deals, or a custom one) with its attributes.</summary>
[GenerateSerializer, Immutable, Alias("juxa.ObjectDefinition")]
public sealed record ObjectDefinition(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Slug,
    [property: Id(2)] string SingularName,
    [property: Id(3)] string PluralName,
    [property: Id(4)] string? Icon,
    [property: Id(5)] bool IsStandard,
    [property: Id(6)] bool IsArchived,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] IReadOnlyList<AttributeDefinition> Attributes)
{
    /// <summary>The attribute with this slug, archived ones included.</summary>
    public AttributeDefinition? Attribute(string slug) => Attributes.FirstOrDefault(a => a.Slug == slug);
}
