using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Lists;
using Juxa.Records;
using Juxa.Schema;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary>
/// <c>/api/v1/lists</c>: lists, their attributes and their entries (contract §Lists, §List Attributes,
/// §List Entries; docs/lists.md). Reads need read access, every write (lists, list attributes, entries)
/// write access — <c>integrations:write</c> covers lists. Everything is scoped to the caller's workspace
/// and to the lists the caller may see: another workspace's list and another member's private list are 404.
/// </summary>
public static class ListsApi
{
    public static IEndpointRouteBuilder MapListsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/lists").WithTags("Lists");

        group.MapGet("", ListLists).WithName("ListLists").WithSummary("List the lists the caller can see (paginated, oldest first)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 429);
        group.MapPost("", CreateList).WithName("CreateList").WithSummary("Create a list {name, objectSlug, isPrivate?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 409, 429);
        group.MapGet("/{listId:guid}", GetList).WithName("GetList").WithSummary("Get a list")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        group.MapPatch("/{listId:guid}", UpdateList).WithName("UpdateList").WithSummary("Rename a list or change its privacy {name?, isPrivate?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 429);
        group.MapDelete("/{listId:guid}", DeleteList).WithName("DeleteList").WithSummary("Delete a list with its attributes and entries")
            .RequireAccess(Access.Write).ProducesErrors(401, 403, 404, 429);

        group.MapGet("/{listId:guid}/attributes", ListListAttributes).WithName("ListListAttributes").WithSummary("List a list's attributes")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        group.MapPost("/{listId:guid}/attributes", CreateListAttribute).WithName("CreateListAttribute")
            .WithSummary("Add an attribute to a list {slug, title, type, config?, isRequired?, isMultiselect?, options?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapPatch("/{listId:guid}/attributes", UpdateListAttribute).WithName("UpdateListAttribute")
            .WithSummary("Update a list attribute {id, title?, isRequired?, isArchived?, config?, options?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapDelete("/{listId:guid}/attributes", DeleteListAttribute).WithName("DeleteListAttribute")
            .WithSummary("Delete a list attribute and its values on every entry (?id=)")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 429);

        group.MapGet("/{listId:guid}/entries", ListListEntries).WithName("ListListEntries").WithSummary("List a list's entries with their records (paginated, newest first)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 429);
        group.MapPost("/{listId:guid}/entries", AddListEntry).WithName("AddListEntry").WithSummary("Add a record to a list {recordId, values?}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapGet("/{listId:guid}/entries/{entryId:guid}", GetListEntry).WithName("GetListEntry").WithSummary("Get an entry with its record")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        group.MapPatch("/{listId:guid}/entries/{entryId:guid}", UpdateListEntry).WithName("UpdateListEntry")
            .WithSummary("Update an entry's values {values}: only the given attributes change")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 429);
        group.MapDelete("/{listId:guid}/entries/{entryId:guid}", RemoveListEntry).WithName("RemoveListEntry").WithSummary("Remove an entry from a list")
            .RequireAccess(Access.Write).ProducesErrors(401, 403, 404, 429);
        group.MapGet("/{listId:guid}/available-records", ListAvailableRecords).WithName("ListAvailableRecords")
            .WithSummary("Records of the list's object that are not in the list (?search=, paginated)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<ListPage>>> ListLists(Caller caller, int? limit, int? offset, ListRepository lists, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (rows, total) = await lists.ListAsync(Viewer(caller), paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new ListPage(rows.Select(ListView.From).ToArray(), paging.With(total))));
    }

    public static async Task<Created<DataEnvelope<ListView>>> CreateList(CreateListRequest request, Caller caller, ListRepository lists)
    {
        var list = await lists.CreateAsync(Viewer(caller), request.Name, request.ObjectSlug, request.IsPrivate ?? false);
        return TypedResults.Created($"/api/v1/lists/{list.Id}", Envelope.Of(ListView.From(list)));
    }

    public static async Task<Ok<DataEnvelope<ListView>>> GetList(Guid listId, Caller caller, ListRepository lists, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(ListView.From(await lists.GetAsync(Viewer(caller), listId, cancellationToken))));

    public static async Task<Ok<DataEnvelope<ListView>>> UpdateList(Guid listId, UpdateListRequest request, Caller caller, ListRepository lists) =>
        TypedResults.Ok(Envelope.Of(ListView.From(await lists.UpdateAsync(Viewer(caller), listId, request.Name, request.IsPrivate))));

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteList(Guid listId, Caller caller, ListRepository lists)
    {
        await lists.DeleteAsync(Viewer(caller), listId, RecordsApi.Actor(caller));
        return TypedResults.Ok(Envelope.Of(new DeletedView(listId.ToString())));
    }

    public static async Task<Ok<DataEnvelope<IReadOnlyList<AttributeView>>>> ListListAttributes(
        Guid listId, Caller caller, bool? includeArchived, ListAttributeRepository attributes, CancellationToken cancellationToken)
    {
        var all = await attributes.ListAsync(Viewer(caller), listId, cancellationToken);
        return TypedResults.Ok(Envelope.Of<IReadOnlyList<AttributeView>>(
            all.Where(a => includeArchived == true || !a.IsArchived).Select(AttributeView.From).ToArray()));
    }

    public static async Task<Created<DataEnvelope<AttributeView>>> CreateListAttribute(
        Guid listId, CreateAttributeRequest request, Caller caller, ListAttributeRepository attributes)
    {
        var attribute = await attributes.CreateAsync(Viewer(caller), listId, new AttributeInput(
            request.Slug, request.Title, request.Type, request.Config, request.IsRequired ?? false, request.IsUnique ?? false,
            request.IsMultiselect ?? false, OptionView.ParseInputs(request.Options, "options"), request.IsIndexed ?? false,
            OptionView.ParseInputs(request.Statuses, "statuses")));
        return TypedResults.Created($"/api/v1/lists/{listId}/attributes", Envelope.Of(AttributeView.From(attribute)));
    }

    public static async Task<Ok<DataEnvelope<AttributeView>>> UpdateListAttribute(
        Guid listId, UpdateListAttributeRequest request, Caller caller, ListAttributeRepository attributes)
    {
        var id = AttributeId(request.Id, request.AttributeId, "id is required: the id of the list attribute.");
        var attribute = await attributes.UpdateAsync(Viewer(caller), listId, id, new ListAttributePatch(
            request.Title, request.IsRequired, request.IsUnique, request.IsArchived, request.Config, OptionView.ParseInputs(request.Options, "options"),
            request.IsIndexed, OptionView.ParseInputs(request.Statuses, "statuses")));
        return TypedResults.Ok(Envelope.Of(AttributeView.From(attribute)));
    }

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteListAttribute(
        Guid listId, Guid? id, Guid? attributeId, Caller caller, ListAttributeRepository attributes)
    {
        var attribute = AttributeId(id, attributeId, "id is required (?id=).");
        await attributes.DeleteAsync(Viewer(caller), listId, attribute);
        return TypedResults.Ok(Envelope.Of(new DeletedView(attribute.ToString())));
    }

    public static async Task<Ok<DataEnvelope<ListEntryPage>>> ListListEntries(
        Guid listId, Caller caller, int? limit, int? offset, ListEntryRepository entries, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (context, rows, total) = await entries.PageAsync(Viewer(caller), listId, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new ListEntryPage(rows.Select(e => ListEntryView.From(context, e)).ToArray(), paging.With(total))));
    }

    /// <summary>The entry an add's <c>Location</c> names.</summary>
    public static async Task<Ok<DataEnvelope<ListEntryView>>> GetListEntry(
        Guid listId, Guid entryId, Caller caller, ListEntryRepository entries, CancellationToken cancellationToken)
    {
        var (context, entry) = await entries.GetAsync(Viewer(caller), listId, entryId, cancellationToken);
        return TypedResults.Ok(Envelope.Of(ListEntryView.From(context, entry)));
    }

    public static async Task<Created<DataEnvelope<ListEntryView>>> AddListEntry(Guid listId, AddListEntryRequest request, Caller caller, ListEntryRepository entries)
    {
        var recordId = request.RecordId ?? throw JuxaException.Validation("recordId", "recordId is required: the id of a record of the list's object.");
        var (context, entry) = await entries.AddAsync(Viewer(caller), listId, recordId, request.Values, RecordsApi.Actor(caller));
        return TypedResults.Created($"/api/v1/lists/{listId}/entries/{entry.Id}", Envelope.Of(ListEntryView.From(context, entry)));
    }

    public static async Task<Ok<DataEnvelope<ListEntryView>>> UpdateListEntry(
        Guid listId, Guid entryId, RecordWriteRequest request, Caller caller, ListEntryRepository entries)
    {
        var values = request.Values ?? throw JuxaException.Validation("values", "values is required: an object of list attribute slugs to values.");
        var (context, entry) = await entries.UpdateAsync(Viewer(caller), listId, entryId, values, RecordsApi.Actor(caller));
        return TypedResults.Ok(Envelope.Of(ListEntryView.From(context, entry)));
    }

    public static async Task<Ok<DataEnvelope<DeletedView>>> RemoveListEntry(Guid listId, Guid entryId, Caller caller, ListEntryRepository entries)
    {
        await entries.RemoveAsync(Viewer(caller), listId, entryId, RecordsApi.Actor(caller));
        return TypedResults.Ok(Envelope.Of(new DeletedView(entryId.ToString())));
    }

    public static async Task<Ok<DataEnvelope<RecordPage>>> ListAvailableRecords(
        Guid listId, Caller caller, string? search, int? limit, int? offset, ListEntryRepository entries, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (context, records, total) = await entries.AvailableRecordsAsync(Viewer(caller), listId, search, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new RecordPage(records.Select(r => RecordFormatter.ToView(context.Object, r)).ToArray(), paging.With(total))));
    }

    /// <summary>
    /// The list attribute named by <c>id</c> (the contract's field) or <c>attributeId</c> (as object attributes take it). Both
    /// naming different attributes is a 400: one of them was silently ignored, and the change could land on the wrong one.
    /// </summary>
    private static Guid AttributeId(Guid? id, Guid? attributeId, string missing) =>
        (id, attributeId) switch
        {
            ({ } a, { } b) when a != b => throw JuxaException.Validation("attributeId", "id and attributeId name different attributes: send one of them."),
            _ => id ?? attributeId ?? throw JuxaException.Validation("id", missing),
        };

    /// <summary>The caller as a list viewer: an API key sees what the member who created it sees.</summary>
    public static ListViewer Viewer(Caller caller) => new(caller.WorkspaceId, caller.MemberId, caller.IsAdmin);
}

public sealed record CreateListRequest([property: Required] string? Name, [property: Required] string? ObjectSlug, bool? IsPrivate);

public sealed record UpdateListRequest(string? Name, bool? IsPrivate);

/// <summary><see cref="Id"/> names the attribute (the contract's field); <see cref="AttributeId"/> is accepted too, as object attributes use it.</summary>
public sealed record UpdateListAttributeRequest(
    Guid? Id, Guid? AttributeId, string? Title, bool? IsRequired, bool? IsUnique, bool? IsArchived, AttributeConfig? Config,
    JsonElement? Options, JsonElement? Statuses, bool? IsIndexed);

public sealed record AddListEntryRequest([property: Required] Guid? RecordId, JsonElement? Values);

/// <summary>A list. <see cref="CreatedByMemberId"/> is absent when its creator left the workspace.</summary>
public sealed record ListView(
    Guid Id, string Name, string ObjectSlug, bool IsPrivate, Guid? CreatedByMemberId, long? EntryCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ListView From(ListInfo list) =>
        new(list.Id, list.Name, list.ObjectSlug, list.IsPrivate, list.CreatedByMemberId, list.EntryCount, list.CreatedAt, list.UpdatedAt);
}

public sealed record ListPage(IReadOnlyList<ListView> Lists, Pagination Pagination);

public sealed record ListEntryPage(IReadOnlyList<ListEntryView> Entries, Pagination Pagination);
