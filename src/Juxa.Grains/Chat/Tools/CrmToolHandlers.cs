using System.ComponentModel;
using System.Text.Json;
using Juxa.Errors;
using Juxa.Notes;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Schema;
using Juxa.Tasks;

namespace Juxa.Chat.Tools;

/// <summary>
/// What each CRM tool does, through the same grains and repositories as the REST API. Singleton;
/// <see cref="Bound"/> pins a call to one <see cref="CrmToolScope"/>, so the model can never name
/// another workspace or actor: those are not parameters.
/// </summary>
public sealed class CrmToolHandlers(
    IGrainFactory grains, SchemaCache schemas, RecordRepository records, RecordSearch search, TaskRepository tasks, NoteRepository notes, IRealtimePublisher realtime)
{
    // Fields, not captured parameters: the nested Bound reads them.
    private readonly IGrainFactory _grains = grains;
    private readonly SchemaCache _schemas = schemas;
    private readonly RecordRepository _records = records;
    private readonly RecordSearch _search = search;
    private readonly TaskRepository _tasks = tasks;
    private readonly NoteRepository _notes = notes;
    private readonly IRealtimePublisher _realtime = realtime;

    public const int MaxSearchResults = 25;
    public const int MaxTasks = 50;

    /// <summary>The tools' methods for one scope; their parameters (and descriptions) become the tools' JSON schemas.</summary>
    public sealed class Bound(CrmToolHandlers h, CrmToolScope scope)
    {
        public async Task<object> SearchRecordsAsync(
            [Description("Words, a name, an email, a domain or a phone number to look for.")] string query,
            [Description("How many results at most (1-25, default 10).")] int? limit = null,
            CancellationToken cancellationToken = default)
        {
            var parsed = SearchQuery.Parse(query) ?? throw JuxaException.Validation("query", $"query must be 1 to {SearchQuery.MaxLength} characters.");
            var schema = await h._schemas.GetAsync(scope.WorkspaceId);
            var hits = await h._search.SearchAsync(scope.WorkspaceId, parsed, Math.Clamp(limit ?? 10, 1, MaxSearchResults), cancellationToken);
            return new
            {
                results = hits.Select(hit => schema.Object(hit.ObjectId) is { } obj
                    ? (object)new { @object = hit.ObjectSlug, id = hit.Id, title = hit.Title, values = RecordFormatter.ToView(obj, new RecordRow(hit.Id, scope.WorkspaceId, hit.ObjectId, hit.Values, default, default)).Values }
                    : new { @object = hit.ObjectSlug, id = hit.Id, title = hit.Title }).ToArray(),
            };
        }

        public async Task<RecordView> GetRecordAsync(
            [Description("The record's id (a UUID).")] Guid recordId,
            [Description("The record's object slug (people, companies, deals, ...); optional.")] string? @object = null,
            CancellationToken cancellationToken = default)
        {
            var slug = await h.ObjectSlugAsync(scope.WorkspaceId, recordId, @object, cancellationToken);
            return await h._grains.GetGrain<IRecordGrain>(recordId).GetAsync(scope.WorkspaceId, slug);
        }

        public async Task<object> ListTasksAsync(
            [Description("Only tasks linked to this record id; optional.")] Guid? recordId = null,
            [Description("Include completed tasks (default false).")] bool? showCompleted = null,
            [Description("How many tasks at most (1-50, default 20).")] int? limit = null,
            CancellationToken cancellationToken = default)
        {
            if (recordId is { } id && await h._records.ObjectOfAsync(scope.WorkspaceId, id, cancellationToken) is null)
            {
                throw JuxaException.NotFound("Record");
            }

            var (page, total) = await h._tasks.ListAsync(scope.WorkspaceId, showCompleted ?? false, recordId, Math.Clamp(limit ?? 20, 1, MaxTasks), 0, cancellationToken);
            return new { tasks = page, total };
        }

        public Task<RecordView> CreateRecordAsync(
            [Description("The object slug: people, companies, deals, or a custom object's slug.")] string @object,
            [Description("Attribute slugs to values, in the API's write forms.")] JsonElement values)
        {
            RequireWrite();
            return h._grains.GetGrain<IRecordGrain>(Guid.CreateVersion7()).CreateAsync(scope.WorkspaceId, @object, RequireObject(values), scope.Actor);
        }

        public async Task<RecordView> UpdateRecordAsync(
            [Description("The record's id (a UUID).")] Guid recordId,
            [Description("Attribute slugs to their new values; others stay.")] JsonElement values,
            [Description("The record's object slug; optional.")] string? @object = null)
        {
            RequireWrite();
            var slug = await h.ObjectSlugAsync(scope.WorkspaceId, recordId, @object, CancellationToken.None);
            return await h._grains.GetGrain<IRecordGrain>(recordId).UpdateAsync(scope.WorkspaceId, slug, RequireObject(values), scope.Actor);
        }

        public async Task<TaskView> CreateTaskAsync(
            [Description("What is to be done.")] string content,
            [Description("ISO 8601 deadline, like 2026-12-01T17:00:00Z or 2026-12-01; optional.")] string? deadline = null,
            [Description("Ids of records the task is about; optional.")] Guid[]? recordIds = null,
            [Description("Member ids to assign; optional.")] Guid[]? assigneeIds = null)
        {
            RequireWrite();
            DateTimeOffset? at = deadline is null ? null
                : TaskDeadlines.Parse(deadline) ?? throw JuxaException.Validation("deadline", "deadline must be an ISO 8601 timestamp or date.");
            var change = await h._tasks.CreateAsync(scope.WorkspaceId, content, at, recordIds, assigneeIds, scope.Actor, scope.MemberId);
            await TaskEvents.PublishAsync(h._realtime, h._schemas, h._records, scope.WorkspaceId, scope.Actor, change.Task, "created", change.Notifications);
            return change.Task;
        }

        public async Task<NoteView> CreateNoteAsync(
            [Description("The record's id (a UUID).")] Guid recordId,
            [Description("The note's text (markdown or plain).")] string content,
            [Description("A title; optional.")] string? title = null,
            [Description("The record's object slug; optional.")] string? @object = null)
        {
            RequireWrite();
            var slug = await h.ObjectSlugAsync(scope.WorkspaceId, recordId, @object, CancellationToken.None);
            var objectId = (await h._schemas.GetAsync(scope.WorkspaceId)).Object(slug)!.Id;
            var note = await h._notes.CreateAsync(scope.WorkspaceId, recordId, objectId, title, content, scope.Actor);
            await NoteEvents.PublishCreatedAsync(h._realtime, scope.WorkspaceId, note);
            return note;
        }

        private void RequireWrite()
        {
            if (!scope.CanWrite)
            {
                throw JuxaException.Forbidden("These tools may only read.");
            }
        }

        private static JsonElement RequireObject(JsonElement values) =>
            values.ValueKind == JsonValueKind.Object ? values : throw JuxaException.Validation("values", "values must be an object of attribute slugs to values.");
    }

    /// <summary>The record's object slug in this workspace (checked against <paramref name="given"/>), or the same 404 as a missing record.</summary>
    private async Task<string> ObjectSlugAsync(Guid workspaceId, Guid recordId, string? given, CancellationToken cancellationToken)
    {
        var schema = await _schemas.GetAsync(workspaceId);
        var obj = await _records.ObjectOfAsync(workspaceId, recordId, cancellationToken) is { } objectId ? schema.Object(objectId) : null;
        if (obj is null || (!string.IsNullOrEmpty(given) && given != obj.Slug))
        {
            throw JuxaException.NotFound("Record");
        }

        return obj.Slug;
    }
}
