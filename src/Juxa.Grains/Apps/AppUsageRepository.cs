using Juxa.Database;
using Juxa.Llm;
using Npgsql;

namespace Juxa.Apps;

/// <summary>SQL for <c>app_usage</c>: one row per model call of an app feature, attributed to an installation when there is one.</summary>
public sealed class AppUsageRepository(NpgsqlDataSource db, LlmProvider llm, TimeProvider time)
{
    public Task RecordAsync(
        Guid workspaceId, Guid? installationId, string kind, Guid? missionId, long promptTokens, long completionTokens, CancellationToken cancellationToken = default) =>
        db.ExecuteAsync(
            """
            INSERT INTO app_usage (id, workspace_id, installation_id, kind, mission_id, model, prompt_tokens, completion_tokens, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            cancellationToken, Guid.CreateVersion7(), workspaceId, installationId, kind, missionId, llm.Model, promptTokens, completionTokens, time.GetUtcNow());

    /// <summary>The installation's usage per kind (the installation must belong to the workspace).</summary>
    public async Task<List<AppUsage>> ForInstallationAsync(Guid workspaceId, Guid installationId, CancellationToken cancellationToken = default) =>
        await db.Command(
                """
                SELECT kind, count(*), coalesce(sum(prompt_tokens), 0)::bigint, coalesce(sum(completion_tokens), 0)::bigint
                FROM app_usage WHERE workspace_id = $1 AND installation_id = $2 GROUP BY kind ORDER BY kind
                """, workspaceId, installationId)
            .ListAsync(Read, cancellationToken);

    private AppUsage Read(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), llm.Credits(r.GetInt64(2), r.GetInt64(3)));
}
