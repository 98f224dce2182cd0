using Juxa.Records;
using Juxa.Tasks;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Api;

/// <summary>
/// A task deleted while a change to it commits is returned (and pushed in its <c>taskChanged</c> "deleted" event) as it
/// was deleted, with that change: it is read with its row locked, in the delete's transaction.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TaskDeleteRaceTests(ApiFixture api)
{
    [Fact]
    public async Task A_delete_waiting_for_a_change_returns_the_task_with_that_change()
    {
        var user = await api.SignUpAsync();
        var taskId = (await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Before the change" }))["id"]!.GetValue<Guid>();
        var tasks = api.Factory.Services.GetRequiredService<TaskRepository>();

        // A change in flight: the row is locked and changed, not yet committed, when the delete starts.
        await using var db = api.Database.CreateDataSource();
        await using var connection = await db.OpenConnectionAsync();
        await using var change = await connection.BeginTransactionAsync();
        await using (var update = connection.CreateCommand())
        {
            update.CommandText = "UPDATE tasks SET content = 'After the change' WHERE id = $1";
            update.Parameters.AddWithValue(taskId);
            await update.ExecuteNonQueryAsync();
        }

        var deleting = tasks.DeleteAsync(user.WorkspaceId, taskId, new Actor(Actor.Member, user.MemberId));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(deleting.IsCompleted);
        await change.CommitAsync();
        var deleted = await deleting;

        Assert.Equal("After the change", deleted!.Content);
    }
}
