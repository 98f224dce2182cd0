using Juxa.Notifications;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Schema;

namespace Juxa.Tasks;

/// <summary>Pushes a committed task change live; shared by the tasks API and the assistant's task tool.</summary>
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
        var data = RealtimeJson.WithChange(task, change);
        if (task.RecordIds.Count == 0)
        {
            await realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.TaskChanged, workspaceId, null, null, actor, data: data));
        }
        else
        {
            var schema = await schemas.GetAsync(workspaceId);
            foreach (var recordId in task.RecordIds)
            {
                var objectSlug = await records.ObjectOfAsync(workspaceId, recordId) is { } objectId ? schema.Object(objectId)?.Slug : null;
                await realtime.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.TaskChanged, workspaceId, objectSlug, recordId, actor, data: data));
            }
        }

        if (notifications is not null)
        {
            await realtime.PushAsync(notifications);
        }
    }
}
