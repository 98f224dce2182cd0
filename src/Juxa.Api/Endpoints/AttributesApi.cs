using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Errors;
using Juxa.Schema;
using Juxa.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/objects/:slug/attributes</c> and their options (contract §Attributes, §Attribute Options).</summary>
public static class AttributesApi
{
    public static IEndpointRouteBuilder MapAttributesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/objects/{slug}/attributes").WithTags("Attributes");

        group.MapGet("", ListAttributes).WithName("ListAttributes").WithSummary("List an object's attributes")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);
        group.MapPost("", CreateAttribute).WithName("CreateAttribute").WithSummary("Add an attribute to an object")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapPatch("", UpdateAttribute).WithName("UpdateAttribute").WithSummary("Update an attribute {attributeId, ...fields}")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapDelete("", DeleteAttribute).WithName("DeleteAttribute").WithSummary("Delete a custom attribute and its values (?attributeId=)")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 404, 409, 429);

        group.MapGet("/options", ListOptions).WithName("ListAttributeOptions").WithSummary("List a select attribute's options or a status attribute's statuses (?attributeId=)")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 404, 429);
        group.MapPost("/options", CreateOption).WithName("CreateAttributeOption").WithSummary("Add an option or status {attributeId, title, color?, isActive?, attributeType?}")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapPatch("/options", UpdateOption).WithName("UpdateAttributeOption").WithSummary("Update an option or status {optionId, attributeType, ...fields}")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 404, 409, 429);
        group.MapDelete("/options", DeleteOption).WithName("DeleteAttributeOption").WithSummary("Delete an unused option or status (?optionId=&attributeType=)")
            .RequireAccess(Access.Schema).ProducesErrors(400, 401, 403, 404, 409, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<IReadOnlyList<AttributeView>>>> ListAttributes(string slug, Caller caller, SchemaCache schemas, bool? includeArchived)
    {
        var obj = (await schemas.GetAsync(caller.WorkspaceId)).Object(slug) ?? throw JuxaException.NotFound($"Object '{slug}'");
        return TypedResults.Ok(Envelope.Of<IReadOnlyList<AttributeView>>(
            obj.Attributes.Where(a => includeArchived == true || !a.IsArchived).Select(AttributeView.From).ToArray()));
    }

    public static async Task<Created<DataEnvelope<AttributeView>>> CreateAttribute(string slug, CreateAttributeRequest request, Caller caller, IGrainFactory grains)
    {
        // Kept apart: which of the two a type takes is the grain's to check (SchemaRules.Options).
        var attribute = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).CreateAttributeAsync(slug, new AttributeInput(
            request.Slug, request.Title, request.Type, request.Config, request.IsRequired ?? false, request.IsUnique ?? false,
            request.IsMultiselect ?? false, OptionView.ParseInputs(request.Options, "options"), request.IsIndexed ?? false,
            OptionView.ParseInputs(request.Statuses, "statuses")));
        return TypedResults.Created($"/api/v1/objects/{slug}/attributes", Envelope.Of(AttributeView.From(attribute)));
    }

    public static async Task<Ok<DataEnvelope<AttributeView>>> UpdateAttribute(string slug, UpdateAttributeRequest request, Caller caller, IGrainFactory grains)
    {
        var attributeId = request.AttributeId ?? throw JuxaException.Validation("attributeId", "attributeId is required.");
        var attribute = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).UpdateAttributeAsync(slug, attributeId,
            new AttributePatch(request.Title, request.IsRequired, request.IsUnique, request.IsArchived, request.Config, request.IsIndexed));
        return TypedResults.Ok(Envelope.Of(AttributeView.From(attribute)));
    }

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteAttribute(string slug, [Required] Guid? attributeId, Caller caller, IGrainFactory grains)
    {
        var id = attributeId ?? throw JuxaException.Validation("attributeId", "attributeId is required (?attributeId=).");
        await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).DeleteAttributeAsync(slug, id);
        return TypedResults.Ok(Envelope.Of(new DeletedView(id.ToString())));
    }

    public static async Task<Ok<DataEnvelope<IReadOnlyList<OptionView>>>> ListOptions(string slug, [Required] Guid? attributeId, Caller caller, SchemaCache schemas)
    {
        var id = attributeId ?? throw JuxaException.Validation("attributeId", "attributeId is required (?attributeId=).");
        var obj = (await schemas.GetAsync(caller.WorkspaceId)).Object(slug) ?? throw JuxaException.NotFound($"Object '{slug}'");
        var attribute = obj.Attributes.FirstOrDefault(a => a.Id == id) ?? throw JuxaException.NotFound("Attribute");
        return TypedResults.Ok(Envelope.Of<IReadOnlyList<OptionView>>(attribute.Options.Select(OptionView.From).ToArray()));
    }

    public static async Task<Created<DataEnvelope<OptionView>>> CreateOption(string slug, CreateOptionRequest request, Caller caller, IGrainFactory grains)
    {
        var attributeId = request.AttributeId ?? throw JuxaException.Validation("attributeId", "attributeId is required.");
        var kind = request.AttributeType is null ? (AttributeType?)null : OptionKind(request.AttributeType);
        var option = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).CreateOptionAsync(slug, attributeId,
            new OptionInput(request.Title, request.Color, request.IsActive), kind);
        return TypedResults.Created($"/api/v1/objects/{slug}/attributes/options?attributeId={attributeId}", Envelope.Of(OptionView.From(option)));
    }

    public static async Task<Ok<DataEnvelope<OptionView>>> UpdateOption(string slug, UpdateOptionRequest request, Caller caller, IGrainFactory grains)
    {
        var optionId = request.OptionId ?? throw JuxaException.Validation("optionId", "optionId is required.");
        var option = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).UpdateOptionAsync(slug, optionId, OptionKind(request.AttributeType),
            new OptionInput(request.Title, request.Color, request.IsActive));
        return TypedResults.Ok(Envelope.Of(OptionView.From(option)));
    }

    public static async Task<Ok<DataEnvelope<DeletedView>>> DeleteOption(string slug, [Required] Guid? optionId, [Required] string? attributeType, Caller caller, IGrainFactory grains)
    {
        var id = optionId ?? throw JuxaException.Validation("optionId", "optionId is required (?optionId=&attributeType=).");
        await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).DeleteOptionAsync(slug, id, OptionKind(attributeType));
        return TypedResults.Ok(Envelope.Of(new DeletedView(id.ToString())));
    }

    /// <summary>The contract names the kind of option by attribute type: select options or statuses.</summary>
    private static AttributeType OptionKind(string? attributeType) => attributeType switch
    {
        "select" => AttributeType.Select,
        "status" => AttributeType.Status,
        _ => throw JuxaException.Validation("attributeType", "attributeType must be 'select' or 'status'."),
    };
}

public sealed record CreateAttributeRequest(
    [property: Required] string? Slug, [property: Required] string? Title, [property: Required] string? Type,
    AttributeConfig? Config, bool? IsRequired, bool? IsUnique, bool? IsMultiselect,
    JsonElement? Options, JsonElement? Statuses, bool? IsIndexed);

/// <summary>PATCH body; <c>isIndexed</c> is beyond the contract: it builds (true) or drops (false) the attribute's index (docs/query.md#indexed-attributes).</summary>
public sealed record UpdateAttributeRequest([property: Required] Guid? AttributeId, string? Title, bool? IsRequired, bool? IsUnique, bool? IsArchived, AttributeConfig? Config, bool? IsIndexed);

/// <summary>
/// POST body. <see cref="AttributeType"/> is beyond the contract, for symmetry with PATCH and DELETE: optional, and when
/// given it must be the attribute's type (a status is not added to a select attribute by mistake).
/// </summary>
public sealed record CreateOptionRequest([property: Required] Guid? AttributeId, [property: Required] string? Title, string? Color, bool? IsActive, string? AttributeType);

public sealed record UpdateOptionRequest([property: Required] Guid? OptionId, [property: Required] string? AttributeType, string? Title, string? Color, bool? IsActive);
