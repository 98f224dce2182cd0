using System.Text.Json;
using Juxa.Database;
using Juxa.Llm;
using Juxa.Records;
using Npgsql;
using NpgsqlTypes;

namespace Juxa.Missions;

/// <summary>
/// SQL for <c>agent_missions</c>, its steps and its log. Each mission's <see cref="MissionGrain"/> is the
/// only writer; lists read here directly. Writes that finish or advance a mission only apply while it is
/// still unfinished, so a cancel that lands between two of the runner's writes is never undone.
/// </summary>
public sealed class MissionRepository(NpgsqlDataSource db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task InsertAsync(Guid id, NewMission mission, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return db.ExecuteAsync(
            """
            INSERT INTO agent_missions (id, workspace_id, installation_id, created_by_type, created_by_id, member_id, title, objective, record_ids,
                                        status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', $10, $10)
            """,
            cancellationToken, id, mission.WorkspaceId, mission.InstallationId, mission.CreatedBy.Type, mission.CreatedBy.Id, mission.MemberId,
            mission.Title, mission.Objective, mission.RecordIds.ToArray(), now);
    }

    /// <summary>The whole case file, or null when there is no such mission.</summary>
    public async Task<MissionView?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var mission = await db.Command(
                """
                SELECT id, workspace_id, installation_id, created_by_type, created_by_id, member_id, title, objective, record_ids, status,
                       report, error, prompt_tokens, completion_tokens, created_at, updated_at, started_at, finished_at
                FROM agent_missions WHERE id = $1
                """, id)
            .FirstOrDefaultAsync(r => new MissionView(
                r.GetGuid(0), r.GetGuid(1), r.GetNullable<Guid?>(2), new Actor(r.GetString(3), r.GetGuid(4)), r.GetString(6), r.GetString(7),
                r.GetFieldValue<Guid[]>(8), r.GetString(9), [], [], r.GetNullable<string>(10), r.GetNullable<string>(11),
                new MissionUsage(r.GetInt64(12), r.GetInt64(13)), r.GetFieldValue<DateTimeOffset>(14), r.GetFieldValue<DateTimeOffset>(15),
                r.GetNullable<DateTimeOffset?>(16), r.GetNullable<DateTimeOffset?>(17)) { MemberId = r.GetNullable<Guid?>(5) }, cancellationToken);
        if (mission is null)
        {
            return null;
        }

        var steps = await db.Command(
                "SELECT position, title, status, result, tool_calls::text, attempts, started_at, finished_at FROM agent_mission_steps WHERE mission_id = $1 ORDER BY position",
                id)
            .ListAsync(r => new MissionStep(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetNullable<string>(3),
                JsonSerializer.Deserialize<MissionToolCall[]>(r.GetString(4), Json)!, r.GetInt32(5), r.GetNullable<DateTimeOffset?>(6), r.GetNullable<DateTimeOffset?>(7)),
                cancellationToken);
        var log = await db.Command("SELECT at, kind, step, message FROM agent_mission_log WHERE mission_id = $1 ORDER BY id", id)
            .ListAsync(r => new MissionLogEntry(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetNullable<int?>(2), r.GetString(3)), cancellationToken);
        return mission with { Steps = steps, Log = log };
    }

    /// <summary>The workspace's missions, newest first; only one installation's when <paramref name="installationId"/> is given.</summary>
    public async Task<(List<MissionSummary> Missions, long Total)> ListAsync(
        Guid workspaceId, Guid? installationId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        const string Filter = "m.workspace_id = $1 AND ($2::uuid IS NULL OR m.installation_id = $2)";
        var missions = await db.Command(
                $"""
                SELECT m.id, m.title, m.status, m.installation_id,
                       (SELECT count(*) FROM agent_mission_steps s WHERE s.mission_id = m.id)::int,
                       (SELECT count(*) FROM agent_mission_steps s WHERE s.mission_id = m.id AND s.status = 'completed')::int,
                       m.created_at, m.updated_at, m.finished_at
                FROM agent_missions m WHERE {Filter}
                ORDER BY m.created_at DESC, m.id DESC LIMIT $3 OFFSET $4
                """, workspaceId, installationId, limit, offset)
            .ListAsync(r => new MissionSummary(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetNullable<Guid?>(3), r.GetInt32(4), r.GetInt32(5),
                r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), r.GetNullable<DateTimeOffset?>(8)), cancellationToken);
        var total = await db.Command($"SELECT count(*) FROM agent_missions m WHERE {Filter}", workspaceId, installationId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), cancellationToken);
        return (missions, total);
    }

    /// <summary>queued → running; false when the mission is not queued.</summary>
    public async Task<bool> MarkRunningAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.ExecuteAsync(
            "UPDATE agent_missions SET status = 'running', started_at = $2, updated_at = $2 WHERE id = $1 AND status = 'queued'",
            cancellationToken, id, time.GetUtcNow()) == 1;

    /// <summary>Stores the plan: one pending step per title, while the mission is running.</summary>
    public async Task SavePlanAsync(Guid id, IReadOnlyList<string> steps, CancellationToken cancellationToken = default)
    {
        await db.ExecuteAsync(
            """
            INSERT INTO agent_mission_steps (mission_id, position, title, status)
            SELECT $1, t.position, t.title, 'pending'
            FROM unnest($2::text[]) WITH ORDINALITY AS t(title, position)
            WHERE EXISTS (SELECT 1 FROM agent_missions WHERE id = $1 AND status = 'running')
            ON CONFLICT DO NOTHING
            """, cancellationToken, id, steps.Select(StorableModelText.Text).ToArray());
        await TouchAsync(id, cancellationToken);
    }

    /// <summary>Begins a step (again, after an interruption): running, one more attempt.</summary>
    public Task StartStepAsync(Guid id, int position, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync(
            """
            UPDATE agent_mission_steps s SET status = 'running', attempts = s.attempts + 1, started_at = $3
            FROM agent_missions m WHERE m.id = s.mission_id AND m.status = 'running' AND s.mission_id = $1 AND s.position = $2
            """, cancellationToken, id, position, time.GetUtcNow());

    public async Task CompleteStepAsync(Guid id, int position, string result, IReadOnlyList<MissionToolCall> toolCalls, CancellationToken cancellationToken = default)
    {
        await using var command = db.Command(
            """
            UPDATE agent_mission_steps s SET status = 'completed', result = $3, tool_calls = $4, finished_at = $5
            FROM agent_missions m WHERE m.id = s.mission_id AND m.status = 'running' AND s.mission_id = $1 AND s.position = $2
            """, id, position, StorableModelText.Text(result), StorableModelText.Json(JsonSerializer.Serialize(toolCalls, Json)), time.GetUtcNow());
        command.Parameters[3].NpgsqlDbType = NpgsqlDbType.Jsonb;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await TouchAsync(id, cancellationToken);
    }

    /// <summary>Adds one model call's tokens to the mission's totals.</summary>
    public Task AddUsageAsync(Guid id, long promptTokens, long completionTokens, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync(
            "UPDATE agent_missions SET prompt_tokens = prompt_tokens + $2, completion_tokens = completion_tokens + $3 WHERE id = $1",
            cancellationToken, id, promptTokens, completionTokens);

    /// <summary>
    /// Finishes an unfinished mission: completed (with its report), failed (with an error) or cancelled.
    /// Steps not completed take the same end. False when the mission had already finished.
    /// </summary>
    public async Task<bool> FinishAsync(Guid id, string status, string? report, string? error, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteAsync(
                """
                UPDATE agent_missions SET status = $2, report = $3, error = $4, finished_at = $5, updated_at = $5
                WHERE id = $1 AND status IN ('queued', 'running')
                """, cancellationToken, id, status, report is null ? null : StorableModelText.Text(report), error, now) == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            "UPDATE agent_mission_steps SET status = $2, finished_at = $3 WHERE mission_id = $1 AND status IN ('pending', 'running')",
            cancellationToken, id, status == MissionStatus.Completed ? MissionStatus.Cancelled : status, now);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task LogAsync(Guid id, string kind, int? step, string message, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync("INSERT INTO agent_mission_log (mission_id, at, kind, step, message) VALUES ($1, $2, $3, $4, $5)",
            cancellationToken, id, time.GetUtcNow(), kind, step, message);

    private Task TouchAsync(Guid id, CancellationToken cancellationToken) =>
        db.ExecuteAsync("UPDATE agent_missions SET updated_at = $2 WHERE id = $1", cancellationToken, id, time.GetUtcNow());
}
