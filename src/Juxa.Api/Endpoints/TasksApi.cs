using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Notifications;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Schema;
using Juxa.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/tasks</c> and <c>/api/v1/objects/:slug/records/:recordId/tasks</c> (contract §Tasks).</summary>
public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/v1/tasks").WithTags("Tasks");
        tasks.MapGet("", ListTasks).WithName("ListTasks").WithSummary("List tasks (paginated; completed ones only with showCompleted=true)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 429);
        tasks.MapPost("", CreateTask).WithName("CreateTask").WithSummary("Create a task {content, deadline?, recordIds?, assigneeIds?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 429);
        tasks.MapGet("/{taskId:guid}", GetTask).WithName("GetTask").WithSummary("Get a task")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        tasks.MapPatch("/{taskId:guid}", UpdateTask).WithName("UpdateTask").WithSummary("Update a task {content?, isCompleted?, deadline?} (deadline null clears it)")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 429);
        tasks.MapDelete("/{taskId:guid}", DeleteTask).WithName("DeleteTask").WithSummary("Delete a task")
            .RequireAccess(Access.Write).ProducesErrors(401, 403, 404, 429);

        app.MapGet("/api/v1/objects/{slug}/records/{recordId:guid}/tasks", ListRecordTasks).WithTags("Tasks").WithName("ListRecordTasks")
            .WithSummary("Tasks linked to a record (paginated; completed ones only with showCompleted=true)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<TaskPage>>> ListTasks(Caller caller, bool? showCompleted, int? limit, int? offset, TaskRepository tasks, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (page, total) = await tasks.ListAsync(caller.WorkspaceId, showCompleted ?? false, recordId: null, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new TaskPage(page, paging.With(total))));
    }

    public static async Task<Ok<DataEnvelope<TaskView>>> GetTask(Guid taskId, Caller caller, TaskRepository tasks, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(await tasks.GetAsync(caller.WorkspaceId, taskId, cancellationToken) ?? throw JuxaException.NotFound("Task")));

    public static async Task<Created<DataEnvelope<TaskView>>> CreateTask(
        CreateTaskRequest request, Caller caller, TaskRepository tasks, SchemaCache schemas, RecordRepository records, IRealtimePublisher realtime)
    {
        var change = await tasks.CreateAsync(caller.WorkspaceId, request.Content, Deadline(request.Deadline), request.RecordIds, request.AssigneeIds,
            RecordsApi.Actor(caller), caller.MemberId);
        await PublishAsync(realtime, schemas, records, caller, change.Task, "created");
        await realtime.PushAsync(change.Notifications);
        return TypedResults.Created($"/api/v1/tasks/{change.Task.Id}", Envelope.Of(change.Task));
    }

    public static async Task<Ok<DataEnvelope<TaskView>>> UpdateTask(
        Guid taskId, UpdateTaskRequest request, Caller caller, TaskRepository tasks, SchemaCache schemas, RecordRepository records, IRealtimePublisher realtime)
    {
        var setDeadline = request.Deadline.ValueKind != JsonValueKind.Undefined;
        var change = await tasks.UpdateAsync(caller.WorkspaceId, taskId, request.Content, request.IsCompleted, setDeadline,
                setDeadline ? Deadline(request.Deadline) : null, RecordsApi.Actor(caller), caller.MemberId)
            ?? throw JuxaException.NotFound("Task");
        if (change.Changed)
        {
            await PublishAsync(realtime, schemas, records, caller, change.Task, "updated");
            await realtime.PushAsync(change.Notifications);
        }

        return TypedResults.Ok(Envelope.Of(change.Task));
    }

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteTask(
        Guid taskId, Caller caller, TaskRepository tasks, SchemaCache schemas, RecordRepository records, IRealtimePublisher realtime)
    {
        var task = await tasks.DeleteAsync(caller.WorkspaceId, taskId, RecordsApi.Actor(caller)) ?? throw JuxaException.NotFound("Task");
        await PublishAsync(realtime, schemas, records, caller, task, "deleted");
        return TypedResults.Ok(Envelope.Of(new DeletedView(taskId.ToString())));
    }

    private static Task PublishAsync(IRealtimePublisher realtime, SchemaCache schemas, RecordRepository records, Caller caller, TaskView task, string change) =>
        TaskEvents.PublishAsync(realtime, schemas, records, caller.WorkspaceId, RecordsApi.Actor(caller), task, change);

    public static async Task<Ok<DataEnvelope<TaskPage>>> ListRecordTasks(
        string slug, Guid recordId, Caller caller, bool? showCompleted, int? limit, int? offset, SchemaCache schemas, RecordRepository records, TaskRepository tasks,
        CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        await NotesApi.RecordObjectAsync(slug, recordId, caller, schemas, records, cancellationToken);
        var (page, total) = await tasks.ListAsync(caller.WorkspaceId, showCompleted ?? false, recordId, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new TaskPage(page, paging.With(total))));
    }

    /// <summary>An ISO 8601 timestamp (UTC when it has no offset, as in query filters) or a date (midnight UTC); null clears.</summary>
    private static DateTimeOffset? Deadline(JsonElement deadline) => deadline.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String when TaskDeadlines.Parse(deadline.GetString()!) is { } at => at,
        _ => throw JuxaException.Validation("deadline", "deadline must be an ISO 8601 timestamp, like 2026-12-01T17:00:00Z (UTC when it has no offset), or a date like 2026-12-01 (midnight UTC)."),
    };
}

public sealed record CreateTaskRequest([property: Required] string? Content, JsonElement Deadline, IReadOnlyList<Guid>? RecordIds, IReadOnlyList<Guid>? AssigneeIds);

/// <summary>Fields to change. An absent deadline stays; <c>"deadline": null</c> clears it.</summary>
public sealed record UpdateTaskRequest(string? Content, bool? IsCompleted, JsonElement Deadline);

public sealed record TaskPage(IReadOnlyList<TaskView> Tasks, Pagination Pagination);
