using System.ComponentModel.DataAnnotations;
using Juxa.ApiKeys;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Api.Realtime;
using Juxa.Apps;
using Juxa.Errors;
using Juxa.Identity;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Schema;
using Juxa.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary>
/// <c>/api/v1/workspace-members</c> (contract §Workspace Members). The list holds active members and
/// pending invitations (<c>status</c> tells them apart); changes are admin only. Ids in the path are
/// member ids or invitation ids, always of the caller's workspace.
/// </summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspace-members").WithTags("Workspace Members");

        group.MapGet("", ListMembers)
            .WithName("ListWorkspaceMembers").WithSummary("List the workspace's members, then its pending invitations")
            .RequireAccess(Access.Read).ProducesErrors(400, 401, 403, 429);

        group.MapPost("", AddMember)
            .WithName("AddWorkspaceMember").WithSummary("Invite an email, with or without an account: the answer is a pending invitation carrying its one-time token, which the invitee accepts (admin)")
            .RequireAccess(Access.Admin).ProducesErrors(400, 401, 403, 409, 415, 429);

        group.MapGet("/{memberId:guid}", GetMember)
            .WithName("GetWorkspaceMember").WithSummary("Get a member or an invitation (never its token), as the list shows it")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 404, 429);

        group.MapPatch("/{memberId:guid}", UpdateMember)
            .WithName("UpdateWorkspaceMember").WithSummary("Change a member's or a pending invitation's role (admin)")
            .RequireAccess(Access.Admin).ProducesErrors(400, 401, 403, 404, 409, 415, 429);

        group.MapDelete("/{memberId:guid}", RemoveMember)
            .WithName("RemoveWorkspaceMember").WithSummary("Remove a member (revoking their API keys here) or delete a pending invitation (admin)")
            .RequireAccess(Access.Admin).ProducesErrors(401, 403, 404, 409, 429);

        return app;
    }

    public static async Task<Ok<DataEnvelope<WorkspaceMemberPage>>> ListMembers(
        Caller caller, MemberRepository members, int? limit, int? offset, CancellationToken cancellationToken)
    {
        var paging = Paging.From(limit, offset);
        var (entries, total) = await members.ListEntriesAsync(caller.WorkspaceId, paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new WorkspaceMemberPage(entries.Select(WorkspaceMemberView.From).ToArray(), paging.With(total))));
    }

    /// <summary>The member or invitation an invitation's <c>Location</c> names.</summary>
    public static async Task<Ok<DataEnvelope<WorkspaceMemberView>>> GetMember(
        Guid memberId, Caller caller, MemberRepository members, CancellationToken cancellationToken) =>
        TypedResults.Ok(Envelope.Of(WorkspaceMemberView.From(
            await members.FindEntryAsync(caller.WorkspaceId, memberId, cancellationToken) ?? throw JuxaException.NotFound("Workspace member"))));

    /// <summary>
    /// Every email is invited, one with an account too, and the answers look alike: a direct add would tell the caller
    /// that an account exists and show its owner's name, and put someone in a workspace they never accepted.
    /// </summary>
    public static async Task<Created<DataEnvelope<WorkspaceMemberView>>> AddMember(
        AddMemberRequest request, Caller caller, MembershipService memberships, CancellationToken cancellationToken)
    {
        var invitation = await memberships.InviteAsync(caller.WorkspaceId, request.Email, request.Role, new Actor(caller.ActorType, caller.ActorId), cancellationToken);
        var view = WorkspaceMemberView.From(invitation.Entry) with { InvitationToken = invitation.Token };
        return TypedResults.Created($"/api/v1/workspace-members/{invitation.Entry.Id}", Envelope.Of(view));
    }

    /// <summary>
    /// A member's keys act with the member's role, and their grains (and the hosts caching their decisions) hold it for up
    /// to 30 seconds. A demoted admin could use that window to promote themselves back with a <c>*</c> key, so the keys
    /// are refreshed before the answer, as removal revokes them.
    /// </summary>
    public static async Task<Ok<DataEnvelope<WorkspaceMemberView>>> UpdateMember(
        Guid memberId, UpdateMemberRequest request, Caller caller, MembershipService memberships, ApiKeyRepository keys, IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        var entry = await memberships.ChangeRoleAsync(caller.WorkspaceId, memberId, request.Role, cancellationToken);
        if (entry.Status == MemberStatus.Active)
        {
            var hashes = await keys.ListLiveHashesByCreatorAsync(caller.WorkspaceId, memberId, CancellationToken.None);
            await Task.WhenAll(hashes.Select(hash => grains.GetGrain<IApiKeyGrain>(Convert.ToHexStringLower(hash)).RefreshAsync()));
        }

        return TypedResults.Ok(Envelope.Of(WorkspaceMemberView.From(entry)));
    }

    /// <summary>
    /// The member's sessions lose the workspace with the membership; their keys are already revoked in the
    /// database, and revoking them through their grains as well makes a cached activation refuse them now
    /// rather than after its metadata expires. The tasks they were taken off are published as task updates.
    /// </summary>
    public static async Task<Ok<DataEnvelope<RemovedMember>>> RemoveMember(
        Guid memberId, Caller caller, MembershipService memberships, IGrainFactory grains, HubConnectionCloser hubConnections,
        IRealtimePublisher realtime, SchemaCache schemas, RecordRepository records, CancellationToken cancellationToken)
    {
        var actor = RecordsApi.Actor(caller);
        var removal = await memberships.RemoveAsync(caller.WorkspaceId, memberId, actor, cancellationToken);
        await Task.WhenAll(removal.RevokedKeyHashes.Select(hash => grains.GetGrain<IApiKeyGrain>(Convert.ToHexStringLower(hash)).RevokeAsync()));
        // Their embed tokens' rows went with the membership; told now, the grains find nothing and refuse them at once.
        await Task.WhenAll(removal.EmbedTokenHashes.Select(hash => grains.GetGrain<IEmbedTokenGrain>(Convert.ToHexStringLower(hash)).RevokeAsync()));
        // The member's open hub connections here (sessions and keys) stop receiving the workspace's events now, not at
        // their host's next periodic check.
        await hubConnections.CloseMemberAsync(caller.WorkspaceId, memberId);
        await TaskEvents.PublishManyAsync(realtime, schemas, records, caller.WorkspaceId, actor, removal.UnassignedTasks, "updated");
        return TypedResults.Ok(Envelope.Of(new RemovedMember(removal.Id, removal.Status, Removed: true, removal.RevokedKeyHashes.Count)));
    }
}

/// <summary>An email to invite; role defaults to <c>member</c>.</summary>
public sealed record AddMemberRequest([property: Required] string? Email, string? Role);

public sealed record UpdateMemberRequest([property: Required] string? Role);

/// <summary>
/// An entry of the member list. Active members carry <c>userId</c>, <c>name</c> and <c>createdAt</c>
/// (when they joined); invitations (pending or expired) carry <c>invitedAt</c> and <c>expiresAt</c> instead, and
/// their id is the invitation's. The answer that creates an invitation also carries its <c>invitationToken</c>, the
/// only time it is shown.
/// </summary>
public sealed record WorkspaceMemberView(
    Guid Id, string Status, Guid? UserId, string Email, string? Name, string Role, DateTimeOffset? CreatedAt, DateTimeOffset? InvitedAt,
    DateTimeOffset? ExpiresAt)
{
    public string? InvitationToken { get; init; }

    public static WorkspaceMemberView From(WorkspaceMemberEntry entry) => entry.Status == MemberStatus.Active
        ? new(entry.Id, entry.Status, entry.UserId, entry.Email, entry.Name, entry.Role, entry.CreatedAt, null, null)
        : new(entry.Id, entry.Status, null, entry.Email, null, entry.Role, null, entry.CreatedAt, entry.ExpiresAt);
}

public sealed record WorkspaceMemberPage(IReadOnlyList<WorkspaceMemberView> Members, Pagination Pagination);

/// <summary>What was removed: a member (<c>status</c> active, with how many of their API keys were revoked) or a pending invitation.</summary>
public sealed record RemovedMember(Guid Id, string Status, bool Removed, int RevokedApiKeys);
