using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Notes;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Schema;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/notes</c> and <c>/api/v1/objects/:slug/records/:recordId/notes</c> (contract §Notes).</summary>
public static class NotesApi
{
    public static IEndpointRouteBuilder MapNotesApi(this IEndpointRouteBuilder app)
    {
        var notes = app.MapGroup("/api/v1/notes").WithTags("Notes");
        notes.MapGet("", ListNotes).WithName("ListNotes").WithSummary("List all notes (paginated, newest first)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 429);
        notes.MapGet("/{noteId:guid}", GetNote).WithName("GetNote").WithSummary("Get a note")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        notes.MapPatch("/{noteId:guid}", UpdateNote).WithName("UpdateNote").WithSummary("Update a note {title?, content?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 429);
        notes.MapDelete("/{noteId:guid}", DeleteNote).WithName("DeleteNote").WithSummary("Delete a note")
            .RequireAccess(Access.Write).ProducesErrors(401, 403, 404, 429);

        var onRecord = app.MapGroup("/api/v1/objects/{slug}/records/{recordId:guid}/notes").WithTags("Notes");
        onRecord.MapGet("", ListRecordNotes).WithName("ListRecordNotes").WithSummary("Notes on a record (paginated, newest first)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 429);
        onRecord.MapPost("", CreateNote).WithName("CreateNote").WithSummary("Create a note on a record {title?, content?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<NotePage>>> ListNotes(Caller caller, int? limit, int? offset, NoteRepository notes, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (page, total) = await notes.ListAsync(caller.WorkspaceId, recordId: null, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new NotePage(page, paging.With(total))));
    }

    public static async Task<Ok<DataEnvelope<NoteView>>> GetNote(Guid noteId, Caller caller, NoteRepository notes, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(await notes.GetAsync(caller.WorkspaceId, noteId, cancellationToken) ?? throw JuxaException.NotFound("Note")));

    public static async Task<Ok<DataEnvelope<NoteView>>> UpdateNote(Guid noteId, NoteRequest request, Caller caller, NoteRepository notes, IRealtimePublisher realtime)
    {
        var actor = RecordsApi.Actor(caller);
        var change = await notes.UpdateAsync(caller.WorkspaceId, noteId, request.Title, request.Content, actor) ?? throw JuxaException.NotFound("Note");
        if (change.Changed)
        {
            await NoteEvents.PublishUpdatedAsync(realtime, caller.WorkspaceId, change.Note, actor);
        }

        return TypedResults.Ok(Envelope.Of(change.Note));
    }

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteNote(Guid noteId, Caller caller, NoteRepository notes, IRealtimePublisher realtime)
    {
        var actor = RecordsApi.Actor(caller);
        var deleted = await notes.DeleteAsync(caller.WorkspaceId, noteId, actor) ?? throw JuxaException.NotFound("Note");
        await NoteEvents.PublishDeletedAsync(realtime, caller.WorkspaceId, deleted, actor);
        return TypedResults.Ok(Envelope.Of(new DeletedView(noteId.ToString())));
    }

    public static async Task<Ok<DataEnvelope<NotePage>>> ListRecordNotes(
        string slug, Guid recordId, Caller caller, int? limit, int? offset, SchemaCache schemas, RecordRepository records, NoteRepository notes, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        await RecordObjectAsync(slug, recordId, caller, schemas, records, cancellationToken);
        var (page, total) = await notes.ListAsync(caller.WorkspaceId, recordId, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new NotePage(page, paging.With(total))));
    }

    public static async Task<Created<DataEnvelope<NoteView>>> CreateNote(
        string slug, Guid recordId, NoteRequest request, Caller caller, SchemaCache schemas, RecordRepository records, NoteRepository notes,
        IRealtimePublisher realtime, CancellationToken cancellationToken)
    {
        var objectId = await RecordObjectAsync(slug, recordId, caller, schemas, records, cancellationToken);
        var note = await notes.CreateAsync(caller.WorkspaceId, recordId, objectId, request.Title, request.Content, RecordsApi.Actor(caller));
        await NoteEvents.PublishCreatedAsync(realtime, caller.WorkspaceId, note);
        return TypedResults.Created($"/api/v1/notes/{note.Id}", Envelope.Of(note));
    }

    /// <summary>The record's object id, if the record is of this object and workspace; otherwise 404 like a missing record.</summary>
    public static async Task<Guid> RecordObjectAsync(string slug, Guid recordId, Caller caller, SchemaCache schemas, RecordRepository records, CancellationToken cancellationToken)
    {
        var obj = (await schemas.GetAsync(caller.WorkspaceId)).Object(slug) ?? throw JuxaException.NotFound($"Object '{slug}'");
        return await records.ObjectOfAsync(caller.WorkspaceId, recordId, cancellationToken) == obj.Id ? obj.Id : throw JuxaException.NotFound("Record");
    }
}

/// <summary>A note's fields: stored exactly as given (markdown or plain text) and never rendered as HTML by the server.</summary>
public sealed record NoteRequest(string? Title, string? Content);

public sealed record NotePage(IReadOnlyList<NoteView> Notes, Pagination Pagination);
