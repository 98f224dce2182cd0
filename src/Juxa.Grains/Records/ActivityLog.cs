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

    private static object?[] Parameters(Guid workspaceId, Guid recordId, Guid objectId, string kind, Actor actor, JsonObject changes, DateTimeOffset at) =>
        [Guid.CreateVersion7(), workspaceId, recordId, objectId, kind, actor.Type, actor.Id, changes.ToJsonString(), at];
}
