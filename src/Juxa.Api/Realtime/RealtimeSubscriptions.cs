using Juxa.Database;
using Juxa.Schema;
using Npgsql;

namespace Juxa.Api.Realtime;

/// <summary>What a hub connection may follow: only records and objects of its own workspace.</summary>
public sealed class RealtimeSubscriptions(NpgsqlDataSource db, SchemaCache schemas)
{
    /// <summary>One primary-key lookup; a record of another workspace answers exactly like a missing one.</summary>
    public async Task<bool> RecordIsInWorkspaceAsync(Guid recordId, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.Command("SELECT true FROM records WHERE id = $1 AND workspace_id = $2", recordId, workspaceId)
            .FirstOrDefaultAsync(r => r.GetBoolean(0), cancellationToken);

    public async Task<bool> ObjectExistsAsync(Guid workspaceId, string slug) =>
        (await schemas.GetAsync(workspaceId)).Object(slug) is not null;
}
