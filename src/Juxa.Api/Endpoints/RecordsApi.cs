using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Records;
using Juxa.Records.Query;
using Juxa.Schema;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/objects/:slug/records</c> (contract §Records, §Record Query, §Record Relations &amp; Activity, §Bulk Import).</summary>
public static class RecordsApi
{
    /// <summary>1000 rows of a few KiB each fit; the default 1 MiB would not.</summary>
    public const long ImportBodyLimit = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/objects/{slug}/records").WithTags("Records");

        group.MapGet("", ListRecords).WithName("ListRecords").WithSummary("List records (paginated, newest first)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 429);
        group.MapPost("", CreateRecord).WithName("CreateRecord").WithSummary("Create a record {values: {attr_slug: value}}")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapPost("/query", QueryRecords).WithName("QueryRecords")
            .WithSummary("Query records {limit?, offset? | cursor?, filter?, sorts?}, or find-or-create {mode: \"assert\", matchAttribute, matchValue, values}")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapPost("/import", ImportRecords).WithName("ImportRecords").WithSummary("Import up to 1000 records {rows: [{attr_slug: value}]}")
            .RequireAccess(Access.Write).WithMetadata(new RequestSizeLimitAttribute(ImportBodyLimit)).ProducesErrors(400, 401, 403, 404, 409, 413, 429);
        group.MapGet("/{recordId:guid}", GetRecord).WithName("GetRecord").WithSummary("Get a record")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        group.MapPatch("/{recordId:guid}", UpdateRecord).WithName("UpdateRecord").WithSummary("Update a record: only the given attributes change")
            .RequireAccess(Access.Write).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapDelete("/{recordId:guid}", DeleteRecord).WithName("DeleteRecord").WithSummary("Delete a record")
            .RequireAccess(Access.Write).ProducesErrors(401, 403, 404, 429);
        group.MapGet("/{recordId:guid}/related", GetRelated).WithName("GetRelatedRecords")
            .WithSummary("Records this one references and records that reference it, grouped by attribute")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        group.MapGet("/{recordId:guid}/activity", GetActivity).WithName("GetRecordActivity").WithSummary("The record's activity feed, newest first (paginated)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 429);
        return app;
    }

    public static Task<Ok<DataEnvelope<RecordPage>>> ListRecords(
        string slug, Caller caller, int? limit, int? offset, string? cursor, SchemaCache schemas, RecordRepository records, CancellationToken cancellationToken) =>
        QueryPageAsync(slug, caller, Paging.From(limit, offset), cursor, filter: null, sorts: null, schemas, records, cancellationToken);

    public static async Task<Created<DataEnvelope<RecordView>>> CreateRecord(string slug, RecordWriteRequest request, Caller caller, IGrainFactory grains)
    {
        var record = await grains.GetGrain<IRecordGrain>(Guid.CreateVersion7()).CreateAsync(caller.WorkspaceId, slug, RequireValues(request.Values), Actor(caller));
        return TypedResults.Created($"/api/v1/objects/{slug}/records/{record.Id}", Envelope.Of(record));
    }

    /// <summary>From the record grain's hot copy: read in place when the activation is in this process, else by calling it.</summary>
    public static async Task<Ok<DataEnvelope<RecordView>>> GetRecord(string slug, Guid recordId, Caller caller, LocalRecordViews local, IGrainFactory grains) =>
        TypedResults.Ok(Envelope.Of(await local.FindAsync(caller.WorkspaceId, slug, recordId)
            ?? await grains.GetGrain<IRecordGrain>(recordId).GetAsync(caller.WorkspaceId, slug)));

    public static async Task<Ok<DataEnvelope<RecordView>>> UpdateRecord(string slug, Guid recordId, RecordWriteRequest request, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(Envelope.Of(await grains.GetGrain<IRecordGrain>(recordId).UpdateAsync(caller.WorkspaceId, slug, RequireValues(request.Values), Actor(caller))));

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteRecord(string slug, Guid recordId, Caller caller, IGrainFactory grains)
    {
        await grains.GetGrain<IRecordGrain>(recordId).DeleteAsync(caller.WorkspaceId, slug, Actor(caller));
        return TypedResults.Ok(Envelope.Of(new DeletedView(recordId.ToString())));
    }

    public static async Task<Results<Ok<DataEnvelope<RecordPage>>, Ok<DataEnvelope<RecordView>>, Created<DataEnvelope<RecordView>>>> QueryRecords(
        string slug, RecordQueryRequest? request, Caller caller, SchemaCache schemas, RecordRepository records, RecordAsserter asserter, CancellationToken cancellationToken)
    {
        // Every field is optional, so no body (or null) is the query of {}: the first page of every record.
        request ??= RecordQueryRequest.Everything;
        switch (request.Mode)
        {
            case null or "query":
                RefuseOtherModesFields(request.Mode, ("matchAttribute", request.MatchAttribute is not null), ("matchValue", Given(request.MatchValue)),
                    ("values", Given(request.Values)));
                return await QueryPageAsync(slug, caller, Paging.From(request.Limit, request.Offset), request.Cursor, request.Filter, request.Sorts, schemas, records, cancellationToken);
            case "assert":
                // Assert writes, so it needs write access although the route is a read for plain queries.
                if (!AccessHandler.Allows(Access.Write, caller))
                {
                    throw JuxaException.Forbidden("Assert mode writes records: it needs " + Access.Write.Description + ".");
                }

                RefuseOtherModesFields(request.Mode, ("filter", Given(request.Filter)), ("sorts", Given(request.Sorts)), ("limit", request.Limit is not null),
                    ("offset", request.Offset is not null), ("cursor", request.Cursor is not null));

                var (record, created) = await asserter.AssertAsync(caller.WorkspaceId, slug, request.MatchAttribute, request.MatchValue, request.Values, Actor(caller));
                return created
                    ? TypedResults.Created($"/api/v1/objects/{slug}/records/{record.Id}", Envelope.Of(record))
                    : TypedResults.Ok(Envelope.Of(record));
            default:
                throw JuxaException.Validation("mode", "mode must be \"assert\" or left out.");
        }
    }

    public static async Task<Ok<DataEnvelope<ImportResult>>> ImportRecords(string slug, ImportRequest request, Caller caller, RecordImporter importer)
    {
        var rows = request.Rows ?? throw JuxaException.Validation("rows", "rows is required: an array of {attribute slug: value} objects.");
        return TypedResults.Ok(Envelope.Of(await importer.ImportAsync(caller.WorkspaceId, slug, rows, Actor(caller))));
    }

    public static async Task<Ok<DataEnvelope<RelatedView>>> GetRelated(
        string slug, Guid recordId, Caller caller, IGrainFactory grains, SchemaCache schemas, RecordRepository records, CancellationToken cancellationToken)
    {
        await grains.GetGrain<IRecordGrain>(recordId).GetAsync(caller.WorkspaceId, slug);
        var schema = await schemas.GetAsync(caller.WorkspaceId);
        // Live attributes only: an archived one is hidden from every read of its records, and so are the links it holds.
        var attributes = schema.Objects
            .SelectMany(o => o.Attributes.Where(a => a.Type == AttributeType.RecordReference && !a.IsArchived).Select(a => (Object: o, Attribute: a)))
            .ToDictionary(x => x.Attribute.Id);
        var rows = await records.RelatedAsync(caller.WorkspaceId, recordId, attributes.Keys, cancellationToken);
        var groups = rows
            .Where(r => attributes.ContainsKey(r.AttributeId) && schema.Object(r.Record.ObjectId) is not null)
            .GroupBy(r => (r.Outgoing, r.AttributeId))
            .Select(g =>
            {
                var (owner, attribute) = attributes[g.Key.AttributeId];
                return new RelatedGroup(g.Key.Outgoing ? "outgoing" : "incoming", owner.Slug, attribute.Slug, g.First().Total,
                    g.Select(r => RecordFormatter.ToView(schema.Object(r.Record.ObjectId)!, r.Record)).ToArray());
            })
            .ToArray();
        return TypedResults.Ok(Envelope.Of(new RelatedView(groups.Where(g => g.Direction == "outgoing").ToArray(), groups.Where(g => g.Direction == "incoming").ToArray())));
    }

    public static async Task<Ok<DataEnvelope<ActivityPage>>> GetActivity(
        string slug, Guid recordId, Caller caller, int? limit, int? offset, IGrainFactory grains, RecordRepository records, SchemaCache schemas,
        CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        await grains.GetGrain<IRecordGrain>(recordId).GetAsync(caller.WorkspaceId, slug);
        var page = await records.ActivityAsync(ListsApi.Viewer(caller), recordId, paging.Limit, paging.Offset, cancellationToken);
        var obj = (await schemas.GetAsync(caller.WorkspaceId)).Object(slug) ?? throw JuxaException.NotFound($"Object '{slug}'");
        return TypedResults.Ok(Envelope.Of(new ActivityPage(
            page.Entries.Select(e => ActivityView.From(e with { Changes = ActivityFormatter.Changes(e, obj, page.ListAttributes) })).ToArray(),
            paging.With(page.Total))));
    }

    /// <summary>A page by offset, or after a previous page's <c>nextCursor</c> (keyset: deep pages cost what the first does).</summary>
    private static async Task<Ok<DataEnvelope<RecordPage>>> QueryPageAsync(
        string slug, Caller caller, Paging paging, string? cursor, JsonElement? filter, JsonElement? sorts, SchemaCache schemas, RecordRepository records,
        CancellationToken cancellationToken)
    {
        if (cursor is not null && paging.Offset > 0)
        {
            throw JuxaException.Validation("cursor", "Send cursor or offset, not both: a cursor already says where the page starts.");
        }

        var schema = await schemas.GetAsync(caller.WorkspaceId);
        var obj = schema.Object(slug) ?? throw JuxaException.NotFound($"Object '{slug}'");
        var query = RecordQueryCompiler.Compile(obj, schema, filter, sorts, firstParameterIndex: 3, cursor);
        var page = await records.QueryAsync(caller.WorkspaceId, obj.Id, query, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new RecordPage(page.Rows.Select(r => RecordFormatter.ToView(obj, r)).ToArray(), paging.With(page.Total, page.NextCursor))));
    }

    /// <summary>
    /// A field of the other mode is refused rather than ignored: an assert that carries a filter, or a query that carries
    /// a match value, was meant to do something it would not do. JSON null counts as absent (clients send it for "none").
    /// </summary>
    private static void RefuseOtherModesFields(string? mode, params (string Field, bool Given)[] fields)
    {
        var given = fields.Where(f => f.Given).Select(f => f.Field).ToList();
        if (given.Count == 0)
        {
            return;
        }

        var (kind, takes) = mode == "assert"
            ? ("query", "assert mode takes only mode, matchAttribute, matchValue and values")
            : ("assert", "send it with mode \"assert\"; a query takes limit, offset, cursor, filter and sorts");
        var one = kind == "query" ? "a query field" : "an assert field";
        var subject = given.Count == 1 ? $"{given[0]} is {one}" : $"{string.Join(", ", given)} are {kind} fields";
        throw JuxaException.Validation(
            $"{subject}: {takes}.",
            given.ToDictionary(f => f, f => new[] { $"{f} is {one}: {takes}." }));
    }

    private static bool Given(JsonElement? value) => value is { ValueKind: not JsonValueKind.Null };

    private static JsonElement RequireValues(JsonElement? values) =>
        values ?? throw JuxaException.Validation("values", "values is required: an object of attribute slugs to values.");

    public static Actor Actor(Caller caller) => new(caller.ActorType == "api_key" ? Records.Actor.ApiKey : Records.Actor.Member, caller.ActorId);
}

public sealed record RecordWriteRequest([property: Required] JsonElement? Values);

public sealed record RecordQueryRequest(
    int? Limit, int? Offset, JsonElement? Filter, JsonElement? Sorts, string? Mode, string? MatchAttribute, JsonElement? MatchValue, JsonElement? Values,
    string? Cursor = null)
{
    public static readonly RecordQueryRequest Everything = new(null, null, null, null, null, null, null, null);
}

/// <summary>The rows, read as they are: the importer checks each row's text and reports a bad one in that row's errors.</summary>
public sealed record ImportRequest([property: Required, JsonConverter(typeof(PlainJsonElementConverter))] JsonElement? Rows);

public sealed record RecordPage(IReadOnlyList<RecordView> Records, Pagination Pagination);

/// <summary>The records one link relates: <c>Total</c> is how many it holds in all, <c>Records</c> the newest
/// <see cref="RecordRepository.MaxRelatedPerGroup"/> of them.</summary>
public sealed record RelatedGroup(string Direction, string Object, string Attribute, long Total, IReadOnlyList<RecordView> Records);

/// <summary>Outgoing: records this one's reference attributes point to. Incoming: records whose attributes point to this one.</summary>
public sealed record RelatedView(IReadOnlyList<RelatedGroup> Outgoing, IReadOnlyList<RelatedGroup> Incoming);

public sealed record ActivityView(Guid Id, string Kind, ActorView Actor, JsonObject Changes, DateTimeOffset At)
{
    public static ActivityView From(ActivityEntry e) => new(e.Id, e.Kind, new ActorView(e.Actor.Type, e.Actor.Id), e.Changes, e.At);
}

public sealed record ActivityPage(IReadOnlyList<ActivityView> Activity, Pagination Pagination);
