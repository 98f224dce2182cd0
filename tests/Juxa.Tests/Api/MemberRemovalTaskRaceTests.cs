using System.Net;
using System.Text.Json.Nodes;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Realtime;
using Npgsql;

namespace Juxa.Tests.Api;

/// <summary>
/// Removing a member locks the tasks they are assigned to before any member row, as a task PATCH does (its task, then,
/// when it completes the task, the members who created its linked records); the other order could deadlock with such a
/// PATCH. A task assigned to the member while the removal waits is taken off them too, as a task update, not by the
/// silent cascade.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MemberRemovalTaskRaceTests(ApiFixture api)
{
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_removal_waits_for_a_task_PATCH_in_flight_without_deadlocking_with_it()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);
        // A record the leaver created: completing a task on it locks the leaver's member row (FOR KEY SHARE) to notify them.
        var deal = (await leaver.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Theirs" } }))["id"]!.GetValue<Guid>();
        var taskId = (await owner.Session.PostOkAsync("/api/v1/tasks", new { content = "Close it", recordIds = new[] { deal }, assigneeIds = new[] { leaver.MemberId } }))["id"]!
            .GetValue<Guid>();

        // A completing PATCH in flight: it holds the task row and has yet to lock the owners of the task's records.
        await using var db = api.Database.CreateDataSource();
        await using var connection = await db.OpenConnectionAsync();
        await using var patch = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "SET LOCAL lock_timeout = '5s'");
        await ExecuteAsync(connection, "SELECT id FROM tasks WHERE id = $1 FOR UPDATE", taskId);

        var removing = owner.Session.DeleteAsync($"/api/v1/workspace-members/{leaver.MemberId}");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(removing.IsCompleted);
        // The removal waits for the task and holds no member row yet, so the PATCH gets the owner's row and finishes.
        await ExecuteAsync(connection, "SELECT id FROM workspace_members WHERE id = $1 FOR KEY SHARE", leaver.MemberId);
        await ExecuteAsync(connection, "UPDATE tasks SET content = 'Closed meanwhile', is_completed = true, completed_at = now(), updated_at = now() WHERE id = $1", taskId);
        await patch.CommitAsync();

        Assert.Equal(HttpStatusCode.OK, (await removing).StatusCode);
        var task = await owner.Session.GetOkAsync($"/api/v1/tasks/{taskId}");
        Assert.Equal("Closed meanwhile", task["content"]!.GetValue<string>());
        Assert.Empty(task["assigneeIds"]!.AsArray());
    }

    [Fact]
    public async Task A_task_assigned_to_the_member_while_the_removal_waits_is_updated_too()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);
        var (token, _) = await owner.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        await owner.Session.PostOkAsync("/api/v1/tasks", new { content = "Assigned before", assigneeIds = new[] { leaver.MemberId } });

        // A role change in flight holds the admin rows, so the removal stops after locking the member's tasks.
        await using var db = api.Database.CreateDataSource();
        await using var connection = await db.OpenConnectionAsync();
        await using var roleChange = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "SELECT id FROM workspace_members WHERE workspace_id = $1 AND role = 'admin' FOR UPDATE", owner.WorkspaceId);
        var removing = owner.Session.DeleteAsync($"/api/v1/workspace-members/{leaver.MemberId}");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(removing.IsCompleted);
        var late = await owner.Session.PostOkAsync("/api/v1/tasks", new { content = "Assigned meanwhile", assigneeIds = new[] { leaver.MemberId } });
        await roleChange.CommitAsync();

        Assert.Equal(HttpStatusCode.OK, (await removing).StatusCode);
        var lateId = late["id"]!.GetValue<Guid>();
        var after = await owner.Session.GetOkAsync($"/api/v1/tasks/{lateId}");
        Assert.Empty(after["assigneeIds"]!.AsArray());
        Assert.True(after["updatedAt"]!.GetValue<DateTimeOffset>() > late["updatedAt"]!.GetValue<DateTimeOffset>());
        var e = await hub.WaitForAsync(RealtimeEventTypes.TaskChanged,
            e => e.GetProperty("data").GetProperty("id").GetGuid() == lateId && e.GetProperty("data").GetProperty("change").GetString() == "updated");
        var data = JsonNode.Parse(e.GetProperty("data").GetRawText())!.AsObject();
        data.Remove("change");
        Assert.True(JsonNode.DeepEquals(after, data), $"expected {after.ToJsonString()}, got {data.ToJsonString()}");
    }
}
