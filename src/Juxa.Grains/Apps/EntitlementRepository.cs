using Juxa.Database;
using Juxa.Errors;
using Npgsql;

namespace Juxa.Apps;

/// <summary>
/// SQL for <c>ecosystem_builder_entitlements</c>. No grain: a request is written once and decided
/// once, and both rules that matter (one pending request per workspace; a decision only on a pending
/// request) are single statements the database enforces.
/// </summary>
public sealed class EntitlementRepository(NpgsqlDataSource db, TimeProvider time)
{
    private const string Select =
        "SELECT id, workspace_id, status, requested_by_member_id, note, requested_at, decided_by_user_id, decided_at, reason FROM ecosystem_builder_entitlements";

    /// <summary>The workspace's requests and decisions, newest first.</summary>
    public Task<List<EntitlementRequest>> HistoryAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        db.Command(Select + " WHERE workspace_id = $1 ORDER BY requested_at DESC, id DESC", workspaceId).ListAsync(Read, cancellationToken);

    /// <summary>Pending requests of every workspace, oldest first: the platform operator's queue.</summary>
    public async Task<(List<EntitlementRequest> Requests, long Total)> ListPendingAsync(int limit, int offset, CancellationToken cancellationToken = default)
    {
        var requests = await db.Command(Select + " WHERE status = 'pending' ORDER BY requested_at, id LIMIT $1 OFFSET $2", limit, offset)
            .ListAsync(Read, cancellationToken);
        var total = await db.Command("SELECT count(*) FROM ecosystem_builder_entitlements WHERE status = 'pending'")
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (requests, total);
    }

    /// <summary>Whether the workspace may publish apps: its latest decision is an approval.</summary>
    public async Task<bool> IsEntitledAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        await db.Command(
                """
                SELECT status FROM ecosystem_builder_entitlements
                WHERE workspace_id = $1 AND status <> 'pending' ORDER BY decided_at DESC, id DESC LIMIT 1
                """, workspaceId)
            .FirstOrDefaultAsync(r => r.GetString(0), cancellationToken) == EntitlementStatus.Approved;

    /// <summary>Files a pending request; 409 when one is already pending or the workspace is already entitled.</summary>
    public async Task<EntitlementRequest> RequestAsync(Guid workspaceId, Guid? memberId, string? note, CancellationToken cancellationToken = default)
    {
        if (await IsEntitledAsync(workspaceId, cancellationToken))
        {
            throw JuxaException.Conflict("This workspace is already entitled to publish apps.");
        }

        // The partial unique index on (workspace_id) WHERE status = 'pending' makes a second pending request a no-op, race-free.
        return await db.Command(
                """
                INSERT INTO ecosystem_builder_entitlements (id, workspace_id, status, requested_by_member_id, note, requested_at)
                VALUES ($1, $2, 'pending', $3, $4, $5)
                ON CONFLICT DO NOTHING
                RETURNING id, workspace_id, status, requested_by_member_id, note, requested_at, decided_by_user_id, decided_at, reason
                """, Guid.CreateVersion7(), workspaceId, memberId, note, time.GetUtcNow())
            .FirstOrDefaultAsync(Read, cancellationToken)
            ?? throw JuxaException.Conflict("A request for this workspace is already pending; wait for the platform operator's decision.");
    }

    /// <summary>Approves or rejects a pending request; 404 for an unknown id, 409 when it was already decided.</summary>
    public async Task<EntitlementRequest> DecideAsync(Guid requestId, bool approved, string? reason, Guid operatorUserId, CancellationToken cancellationToken = default)
    {
        var decided = await db.Command(
                """
                UPDATE ecosystem_builder_entitlements
                SET status = $2, reason = $3, decided_by_user_id = $4, decided_at = $5
                WHERE id = $1 AND status = 'pending'
                RETURNING id, workspace_id, status, requested_by_member_id, note, requested_at, decided_by_user_id, decided_at, reason
                """, requestId, approved ? EntitlementStatus.Approved : EntitlementStatus.Rejected, reason, operatorUserId, time.GetUtcNow())
            .FirstOrDefaultAsync(Read, cancellationToken);
        if (decided is not null)
        {
            return decided;
        }

        var existing = await db.Command(Select + " WHERE id = $1", requestId).FirstOrDefaultAsync(Read, cancellationToken)
            ?? throw JuxaException.NotFound("Entitlement request");
        throw JuxaException.Conflict($"This request was already {existing.Status}.");
    }

    private static EntitlementRequest Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetNullable<Guid?>(3), r.GetNullable<string>(4), r.GetFieldValue<DateTimeOffset>(5),
        r.GetNullable<Guid?>(6), r.GetNullable<DateTimeOffset?>(7), r.GetNullable<string>(8));
}
