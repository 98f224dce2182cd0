using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Apps;
using Juxa.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary>
/// The ecosystem-builder entitlement (contract §Ecosystem builder entitlement): a workspace admin asks
/// for the right to publish apps; a platform operator decides at <c>/api/v1/platform/…</c> (paths we add).
/// </summary>
public static class EntitlementsApi
{
    public const int MaxTextLength = 2000;

    public static IEndpointRouteBuilder MapEntitlementsApi(this IEndpointRouteBuilder app)
    {
        var workspace = app.MapGroup("/api/v1/workspaces/{workspaceId:guid}/ecosystem-builder-entitlement")
            .WithTags("Ecosystem builder entitlement").RequireAccess(Access.SessionAdmin);
        workspace.MapGet("", GetEntitlement)
            .WithName("GetEcosystemBuilderEntitlement").WithSummary("Whether the workspace may publish apps, and its history of requests and decisions (admin session)")
            .ProducesErrors(401, 403, 404);
        workspace.MapPost("", RequestEntitlement)
            .WithName("RequestEcosystemBuilderEntitlement").WithSummary("File a pending request {note?} for a platform operator to decide (admin session; one pending at a time)")
            .ProducesErrors(400, 401, 403, 404, 409, 415);

        var platform = app.MapGroup("/api/v1/platform/ecosystem-builder-entitlements")
            .WithTags("Ecosystem builder entitlement").RequireAccess(Access.PlatformOperator);
        platform.MapGet("", ListPendingEntitlements)
            .WithName("ListPendingEcosystemBuilderEntitlements").WithSummary("Pending requests of every workspace, oldest first (platform operator)")
            .ProducesErrors(400, 401, 403);
        platform.MapPost("/{requestId:guid}/decision", DecideEntitlement)
            .WithName("DecideEcosystemBuilderEntitlement").WithSummary("Approve or reject a pending request {approved, reason?} (platform operator)")
            .ProducesErrors(400, 401, 403, 404, 409, 415);
        return app;
    }

    public static async Task<Ok<DataEnvelope<EntitlementView>>> GetEntitlement(
        Guid workspaceId, Caller caller, EntitlementRepository entitlements, CancellationToken cancellationToken)
    {
        RequireOwnWorkspace(workspaceId, caller);
        var history = await entitlements.HistoryAsync(workspaceId, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new EntitlementView(await entitlements.IsEntitledAsync(workspaceId, cancellationToken), history)));
    }

    public static async Task<Created<DataEnvelope<EntitlementRequest>>> RequestEntitlement(
        Guid workspaceId, RequestEntitlementRequest? request, Caller caller, EntitlementRepository entitlements, CancellationToken cancellationToken)
    {
        RequireOwnWorkspace(workspaceId, caller);
        var note = Optional("note", request?.Note);
        var filed = await entitlements.RequestAsync(workspaceId, caller.MemberId, note, cancellationToken);
        return TypedResults.Created($"/api/v1/workspaces/{workspaceId}/ecosystem-builder-entitlement", Envelope.Of(filed));
    }

    public static async Task<Ok<DataEnvelope<EntitlementRequestPage>>> ListPendingEntitlements(
        int? limit, int? offset, EntitlementRepository entitlements, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (requests, total) = await entitlements.ListPendingAsync(paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new EntitlementRequestPage(requests, paging.With(total))));
    }

    public static async Task<Ok<DataEnvelope<EntitlementRequest>>> DecideEntitlement(
        Guid requestId, DecideEntitlementRequest request, Caller caller, EntitlementRepository entitlements, CancellationToken cancellationToken)
    {
        if (request.Approved is not { } approved)
        {
            throw JuxaException.Validation("approved", "approved is required: true to approve, false to reject.");
        }

        var reason = Optional("reason", request.Reason);
        return TypedResults.Ok(Envelope.Of(await entitlements.DecideAsync(requestId, approved, reason, caller.UserId!.Value, cancellationToken)));
    }

    /// <summary>A session acts in one workspace; any other id is answered as if it did not exist.</summary>
    private static void RequireOwnWorkspace(Guid workspaceId, Caller caller)
    {
        if (workspaceId != caller.WorkspaceId)
        {
            throw JuxaException.NotFound("Workspace");
        }
    }

    private static string? Optional(string field, string? text)
    {
        var trimmed = text?.Trim();
        if (trimmed is { Length: > MaxTextLength })
        {
            throw JuxaException.Validation(field, $"{field} must be at most {MaxTextLength} characters.");
        }

        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}

/// <summary>An optional note for the platform operator.</summary>
public sealed record RequestEntitlementRequest(string? Note);

public sealed record DecideEntitlementRequest([property: Required] bool? Approved, string? Reason);

/// <summary>Whether the workspace may publish apps (its latest decision is an approval), and every request, newest first.</summary>
public sealed record EntitlementView(bool Entitled, IReadOnlyList<EntitlementRequest> History);

public sealed record EntitlementRequestPage(IReadOnlyList<EntitlementRequest> Requests, Pagination Pagination);
