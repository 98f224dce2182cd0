using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Schema;
using Juxa.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/objects</c>: the workspace's objects (contract §Objects).</summary>
public static class ObjectsApi
{
    public static IEndpointRouteBuilder MapObjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/objects").WithTags("Objects");

        group.MapGet("", ListObjects).WithName("ListObjects").WithSummary("List all objects")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 429);
        group.MapPost("", CreateObject).WithName("CreateObject").WithSummary("Create a custom object")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 409, 429);
        group.MapGet("/{slug}", GetObject).WithName("GetObject").WithSummary("Get an object with its attributes")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        group.MapPatch("/{slug}", UpdateObject).WithName("UpdateObject").WithSummary("Rename, re-icon, archive or unarchive an object; an archived object takes no new records, attributes, lists or list entries (409)")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 404, 429);
        group.MapDelete("/{slug}", DeleteObject).WithName("DeleteObject").WithSummary("Delete a custom object and all its records (admin)")
            .RequireAccess(Access.Admin).ProducesErrors(401, 403, 404, 409, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<IReadOnlyList<ObjectView>>>> ListObjects(Caller caller, SchemaCache schemas) =>
        TypedResults.Ok(Envelope.Of<IReadOnlyList<ObjectView>>((await schemas.GetAsync(caller.WorkspaceId)).Objects.Select(o => ObjectView.From(o, false)).ToArray()));

    public static async Task<Created<DataEnvelope<ObjectView>>> CreateObject(CreateObjectRequest request, Caller caller, IGrainFactory grains)
    {
        var obj = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).CreateObjectAsync(
            new ObjectInput(request.Slug, request.SingularName, request.PluralName, request.Icon));
        return TypedResults.Created($"/api/v1/objects/{obj.Slug}", Envelope.Of(ObjectView.From(obj, true)));
    }

    public static async Task<Ok<DataEnvelope<ObjectView>>> GetObject(string slug, Caller caller, IGrainFactory grains)
    {
        var schema = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).GetSchemaAsync();
        return TypedResults.Ok(Envelope.Of(ObjectView.From(schema.Object(slug) ?? throw Errors.JuxaException.NotFound($"Object '{slug}'"), true)));
    }

    public static async Task<Ok<DataEnvelope<ObjectView>>> UpdateObject(string slug, UpdateObjectRequest request, Caller caller, IGrainFactory grains)
    {
        var obj = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).UpdateObjectAsync(slug,
            new ObjectPatch(request.SingularName, request.PluralName, request.Icon, request.IsArchived));
        return TypedResults.Ok(Envelope.Of(ObjectView.From(obj, true)));
    }

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteObject(string slug, Caller caller, IGrainFactory grains)
    {
        var id = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).DeleteObjectAsync(slug, RecordsApi.Actor(caller));
        return TypedResults.Ok(Envelope.Of(new DeletedView(id.ToString())));
    }
}

public sealed record CreateObjectRequest([property: Required] string? Slug, [property: Required] string? SingularName, [property: Required] string? PluralName, string? Icon);

public sealed record UpdateObjectRequest(string? SingularName, string? PluralName, string? Icon, bool? IsArchived);

/// <summary>What a delete removed.</summary>
public sealed record DeletedView(string Id, bool Deleted = true);
