using System.Collections.Concurrent;
using Juxa.Workspaces;

namespace Juxa.Schema;

/// <summary>
/// A per-process cache of workspace schema snapshots, so that record reads and writes do not all
/// call the one <see cref="IWorkspaceGrain"/> activation. A cached snapshot is trusted for one
/// second; after that one cheap version call decides whether to fetch it again. Writers do not
/// depend on this staleness bound: they read the version inside their transaction and call
/// <see cref="Put(WorkspaceSchema)"/> with a fresh snapshot when it moved.
/// </summary>
public sealed class SchemaCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan TrustFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public async ValueTask<WorkspaceSchema> GetAsync(Guid workspaceId)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(workspaceId, out var entry) && now - entry.CheckedAt < TrustFor)
        {
            return entry.Schema;
        }

        var grain = grains.GetGrain<IWorkspaceGrain>(workspaceId);
        var schema = entry is not null && await grain.GetSchemaVersionAsync() == entry.Schema.Version
            ? entry.Schema
            : await grain.GetSchemaAsync();
        Put(schema, now);
        return schema;
    }

    /// <summary>Stores a snapshot unless a newer one is cached already.</summary>
    public void Put(WorkspaceSchema schema) => Put(schema, time.GetUtcNow());

    private void Put(WorkspaceSchema schema, DateTimeOffset checkedAt) =>
        _entries.AddOrUpdate(schema.WorkspaceId, new Entry(schema, checkedAt),
            (_, existing) => existing.Schema.Version > schema.Version ? existing : new Entry(schema, checkedAt));

    private sealed record Entry(WorkspaceSchema Schema, DateTimeOffset CheckedAt);
}
