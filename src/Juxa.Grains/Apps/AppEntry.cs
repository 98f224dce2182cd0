namespace Juxa.Apps;

/// <summary>A catalog entry: a published app that any workspace may install.</summary>
public sealed record AppEntry(
    Guid Id,
    string Slug,
    string Name,
    string Description,
    AppManifest Manifest,
    Guid PublisherWorkspaceId,
    DateTimeOffset CreatedAt);
