using System.Text.Json.Nodes;
using Juxa.Database;
using Npgsql;

namespace Juxa.Records;

/// <summary>Appends to the activity feed inside the writer's transaction, so an entry exists exactly when its change does.</summary>
public static class ActivityLog
{
    public static Task AppendAsync(NpgsqlConnection connection, RecordRow record, string kind, Actor actor, JsonObject changes, DateTimeOffset at) =>
        AppendAsync(connection, record.WorkspaceId, record.Id, record.ObjectId, kind, actor, changes, at);

    /// <summary>The INSERT of one entry; <c>Parameters</c> gives its values, for callers that batch it.</summary>
    public const string InsertSql = """
        INSERT INTO record_activity (id, workspace_id, record_id, object_id, kind, actor_type, actor_id, changes, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
        """;

    public static object?[] Parameters(RecordRow record, string kind, Actor actor, JsonObject changes, DateTimeOffset at) =>
        Parameters(record.WorkspaceId, record.Id, record.ObjectId, kind, actor, changes, at);

    /// <summary>An entry on a record's feed for something that touched it (a note, a task, a list entry).</summary>
    public static Task AppendAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid recordId, Guid objectId, string kind, Actor actor, JsonObject changes, DateTimeOffset at) =>
        connection.ExecuteAsync(InsertSql, CancellationToken.None, Parameters(workspaceId, recordId, objectId, kind, actor, changes, at));

    /// <summary>
    /// One entry of the same kind, actor and time on each of several records' feeds, in one statement (a change that
    /// touches many records at once, such as the deletion of a record they all reference).
    /// </summary>
    public static Task AppendManyAsync(
        NpgsqlConnection connection, Guid workspaceId, string kind, Actor actor, DateTimeOffset at,
        IReadOnlyCollection<(Guid RecordId, Guid ObjectId, JsonObject Changes)> entries) =>
        entries.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                """
                INSERT INTO record_activity (id, workspace_id, record_id, object_id, kind, actor_type, actor_id, changes, at)
                SELECT a, $1, r, o, $2, $3, $4, c::jsonb, $5
                FROM unnest($6::uuid[], $7::uuid[], $8::uuid[], $9::text[]) AS u(a, r, o, c)
                """,
                CancellationToken.None, workspaceId, kind, actor.Type, actor.Id, at,
                entries.Select(_ => Guid.CreateVersion7()).ToArray(), entries.Select(e => e.RecordId).ToArray(),
                entries.Select(e => e.ObjectId).ToArray(), entries.Select(e => e.Changes.ToJsonString()).ToArray());

    private static object?[] Parameters(Guid workspaceId, Guid recordId, Guid objectId, string kind, Actor actor, JsonObject changes, DateTimeOffset at) =>
        [Guid.CreateVersion7(), workspaceId, recordId, objectId, kind, actor.Type, actor.Id, changes.ToJsonString(), at];
}
