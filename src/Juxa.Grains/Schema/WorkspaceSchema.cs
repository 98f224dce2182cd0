namespace Juxa.Schema;

/// <summary>
/// An immutable snapshot of a workspace's schema. <see cref="Version"/> grows with every schema
/// change, so a silo-local cache can hold a snapshot and refresh it only when the version moved.
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.WorkspaceSchema")]
public sealed record WorkspaceSchema(
    [property: Id(0)] Guid WorkspaceId,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<ObjectDefinition> Objects)
{
    public ObjectDefinition? Object(string slug) => Objects.FirstOrDefault(o => o.Slug == slug);

    public ObjectDefinition? Object(Guid id) => Objects.FirstOrDefault(o => o.Id == id);
}
