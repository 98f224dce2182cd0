using Juxa.Notifications;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Schema;

namespace Juxa.Tasks;

/// <summary>Pushes a committed task change live; shared by the tasks API, the assistant's task tool and member removal.</summary>
public static class TaskEvents
{
    /// <summary>
    /// <c>taskChanged</c> once per linked record (so each record's and object's subscribers hear of it),
    /// or once for the workspace when the task links no record; then the change's notifications. Its data is
    /// the task as the tasks API returns it (a deleted one as it was) with <paramref name="change"/>.
    /// </summary>
    public static async Task PublishAsync(
        IRealtimePublisher realtime, SchemaCache schemas, RecordRepository records, Guid workspaceId, Actor actor, TaskView task, string change,
        IEnumerable<NotificationView>? notifications = null)
    {
        foreach (var e in await EventsAsync(schemas, records, workspaceId, actor, [task], change))
        {
            await realtime.PublishAsync(e);
        }

        if (notifications is not null)
        {
            await realtime.PushAsync(notifications);
        }
    }

    /// <summary>
    /// The same events as <see cref="PublishAsync"/>, for several tasks that one change touched (a member's removal takes
    /// them off every task they were assigned), handed over in bulk rather than one stream-grain call each.
    /// </summary>
    public static async Task PublishManyAsync(
        IRealtimePublisher realtime, SchemaCache schemas, RecordRepository records, Guid workspaceId, Actor actor, IReadOnlyList<TaskView> tasks, string change)
    {
        if (tasks.Count > 0)
        {
            await realtime.PublishManyAsync(await EventsAsync(schemas, records, workspaceId, actor, tasks, change));
        }
    }

    /// <summary>
    /// The <c>taskChanged</c> events of <see cref="PublishAsync"/> for these tasks, in their order, for a caller that publishes
    /// them with events of its own (deleting a record, before its <c>recordDeleted</c>). The linked records' objects are looked
    /// up in one query, however many tasks and records there are.
    /// </summary>
    public static async Task<List<RealtimeEvent>> EventsAsync(
        SchemaCache schemas, RecordRepository records, Guid workspaceId, Actor actor, IReadOnlyList<TaskView> tasks, string change)
    {
        var events = new List<RealtimeEvent>();
        var linked = tasks.SelectMany(t => t.RecordIds).Distinct().ToList();
        var schema = linked.Count > 0 ? await schemas.GetAsync(workspaceId) : null;
        var objects = linked.Count > 0 ? await records.ObjectsOfAsync(workspaceId, linked) : [];
        foreach (var task in tasks)
        {
            var data = RealtimeJson.WithChange(task, change);
            if (task.RecordIds.Count == 0)
            {
                events.Add(RealtimeEvent.Create(RealtimeEventTypes.TaskChanged, workspaceId, null, null, actor, data: data));
                continue;
            }

            foreach (var recordId in task.RecordIds)
            {
                var objectSlug = objects.TryGetValue(recordId, out var objectId) ? schema!.Object(objectId)?.Slug : null;
                events.Add(RealtimeEvent.Create(RealtimeEventTypes.TaskChanged, workspaceId, objectSlug, recordId, actor, data: data));
            }
        }

        return events;
    }
}
