using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Api.Realtime;
using Juxa.Errors;
using Juxa.Identity;
using Juxa.Notifications;
using Juxa.Realtime;
using Juxa.Security;
using Juxa.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/auth</c>: sign-up, password login and sessions (paths we add to the contract for web clients).</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");

        group.MapPost("/signup", SignUp)
            .WithName("SignUp").WithSummary("Create a user, a new workspace and an admin membership, and accept an invitation given its token; sets the session cookie")
            .AllowAnonymous().RequireSignInThrottle().ProducesErrors(400, 409, 415, 429);

        group.MapPost("/login", LogIn)
            .WithName("LogIn").WithSummary("Sign in with email and password, and accept an invitation given its token; sets the session cookie")
            .AllowAnonymous().RequireSignInThrottle().ProducesErrors(400, 401, 415, 429);

        group.MapPost("/accept-invitation", AcceptInvitation)
            .WithName("AcceptInvitation").WithSummary("Join the workspace of an invitation sent to the signed-in user's email, given its token")
            .RequireAccess(Access.Session).RequireSignInThrottle().ProducesErrors(400, 401, 403, 415, 429);

        group.MapPost("/logout", LogOut)
            .WithName("LogOut").WithSummary("End the current session on every node")
            .RequireAccess(Access.Session).ProducesErrors(401, 403);

        group.MapPost("/workspace", SwitchWorkspace)
            .WithName("SwitchWorkspace").WithSummary("Make the session act in another workspace the user belongs to")
            .RequireAccess(Access.Session).ProducesErrors(400, 401, 403, 404, 415);

        group.MapGet("/me", Me)
            .WithName("Me").WithSummary("Who the caller is: user, member, workspace and (for a session) all the user's workspaces")
            .RequireAccess(Access.Authenticated).ProducesErrors(401, 429);

        return app;
    }

    public static async Task<Created<DataEnvelope<SessionView>>> SignUp(
        SignUpRequest request, HttpContext context, AccountService accounts, SessionRepository sessions, IRealtimePublisher realtime,
        HubConnectionCloser hubConnections, CancellationToken cancellationToken)
    {
        var (user, workspace, memberId, joined) = await accounts.SignUpAsync(
            request.Email, request.Password, request.Name, request.WorkspaceName, request.InvitationToken, cancellationToken);
        await realtime.PushAsync(joined);
        await EndReplacedSessionAsync(context, sessions, hubConnections, cancellationToken);
        var (token, expiresAt) = await sessions.CreateAsync(user.Id, workspace.Id, cancellationToken);
        SessionCookie.Append(context, token, expiresAt);
        return TypedResults.Created("/api/v1/auth/me", Envelope.Of(new SessionView(UserView.From(user), workspace, memberId, "admin", expiresAt)));
    }

    public static async Task<Ok<DataEnvelope<SessionView>>> LogIn(
        LogInRequest request, HttpContext context, AccountService accounts, MemberRepository members, MembershipService memberships,
        SessionRepository sessions, IGrainFactory grains, IRealtimePublisher realtime, HubConnectionCloser hubConnections, CancellationToken cancellationToken)
    {
        var user = await accounts.VerifyPasswordAsync(request.Email, request.Password, cancellationToken)
            ?? throw JuxaException.Unauthorized("The email or password is wrong.");
        // With an invitation's token the session starts in the workspace it joins; otherwise in the oldest one.
        var accepted = request.InvitationToken is null ? null : await memberships.AcceptInvitationAsync(user, request.InvitationToken, cancellationToken);
        await realtime.PushAsync([accepted?.Notification]);
        var userMemberships = await members.ListForUserAsync(user.Id, cancellationToken);
        var membership = userMemberships.FirstOrDefault(m => m.WorkspaceId == accepted?.WorkspaceId) ?? userMemberships.FirstOrDefault()
            ?? throw JuxaException.Forbidden("This account does not belong to any workspace.");
        await EndReplacedSessionAsync(context, sessions, hubConnections, cancellationToken);
        var (token, expiresAt) = await sessions.CreateAsync(user.Id, membership.WorkspaceId, cancellationToken);
        SessionCookie.Append(context, token, expiresAt);
        var workspace = await grains.GetGrain<IWorkspaceGrain>(membership.WorkspaceId).GetAsync();
        return TypedResults.Ok(Envelope.Of(new SessionView(UserView.From(user), workspace, membership.Id, membership.Role, expiresAt)));
    }

    /// <summary>For a user who is signed in already: the invitation must have been sent to this user's email.</summary>
    public static async Task<Ok<DataEnvelope<WorkspaceMembershipView>>> AcceptInvitation(
        AcceptInvitationRequest request, Caller caller, UserRepository users, MemberRepository members, MembershipService memberships,
        IRealtimePublisher realtime, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(caller.UserId!.Value, cancellationToken) ?? throw JuxaException.Unauthorized("The session's user no longer exists.");
        var accepted = await memberships.AcceptInvitationAsync(user, request.InvitationToken, cancellationToken);
        await realtime.PushAsync([accepted.Notification]);
        var membership = (await members.ListForUserAsync(user.Id, cancellationToken)).First(m => m.WorkspaceId == accepted.WorkspaceId);
        return TypedResults.Ok(Envelope.Of(new WorkspaceMembershipView(membership.WorkspaceId, membership.WorkspaceName, membership.Role, membership.Id)));
    }

    public static async Task<Ok<DataEnvelope<LogoutResult>>> LogOut(
        Caller caller, HttpContext context, SessionRepository sessions, HubConnectionCloser hubConnections, CancellationToken cancellationToken)
    {
        await sessions.RevokeAsync(caller.SessionId!.Value, cancellationToken);
        // The session's open hub connections (a browser tab still listening) stop at once, not at their host's next check.
        await CloseHubConnectionsAsync(context, hubConnections);
        SessionCookie.Delete(context);
        return TypedResults.Ok(Envelope.Of(new LogoutResult(true)));
    }

    /// <summary>
    /// A session acts in one workspace at a time; this moves it (same cookie) to another workspace of the
    /// user. A workspace the user does not belong to is 404, as if it did not exist.
    /// </summary>
    public static async Task<Ok<DataEnvelope<SessionView>>> SwitchWorkspace(
        SwitchWorkspaceRequest request, Caller caller, HttpContext context, UserRepository users, SessionRepository sessions, IGrainFactory grains,
        HubConnectionCloser hubConnections, CancellationToken cancellationToken)
    {
        if (request.WorkspaceId is not { } workspaceId)
        {
            throw JuxaException.Validation("workspaceId", "workspaceId is required.");
        }

        var session = await sessions.SwitchWorkspaceAsync(caller.SessionId!.Value, workspaceId, cancellationToken)
            ?? throw JuxaException.NotFound("Workspace");
        // Its open hub connections in the workspace it left close now; a new one follows the new workspace. Only those: a
        // switch to the workspace it acts in already must not close its connections, which SignalR clients do not reopen.
        if (context.Request.Cookies[SessionCookie.Name] is { } token)
        {
            await hubConnections.CloseSessionOutsideAsync(SecretTokens.Hash(token), session.WorkspaceId);
        }

        var user = await users.GetAsync(session.UserId, cancellationToken) ?? throw JuxaException.Unauthorized("The session's user no longer exists.");
        var workspace = await grains.GetGrain<IWorkspaceGrain>(session.WorkspaceId).GetAsync();
        return TypedResults.Ok(Envelope.Of(new SessionView(UserView.From(user), workspace, session.MemberId, session.Role, session.ExpiresAt)));
    }

    /// <summary>
    /// A sign-in answers with a new cookie, and the browser drops the one it sent: that session's token is then held by no
    /// client, so nothing could log it out, yet it would stay valid for the rest of its 14 days. It ends here, with its
    /// open hub connections. Only once the sign-in succeeded: a failed one leaves the browser's session as it was.
    /// </summary>
    private static async Task EndReplacedSessionAsync(
        HttpContext context, SessionRepository sessions, HubConnectionCloser hubConnections, CancellationToken cancellationToken)
    {
        if (context.Request.Cookies[SessionCookie.Name] is not { } token
            || !token.StartsWith(SecretTokens.SessionPrefix, StringComparison.Ordinal) || token.Length > BearerToken.MaxLength)
        {
            return;
        }

        await sessions.RevokeTokenAsync(token, cancellationToken);
        await CloseHubConnectionsAsync(context, hubConnections);
    }

    private static Task CloseHubConnectionsAsync(HttpContext context, HubConnectionCloser hubConnections) =>
        context.Request.Cookies[SessionCookie.Name] is { } token ? hubConnections.CloseAsync([SecretTokens.Hash(token)]) : Task.CompletedTask;

    public static async Task<Ok<DataEnvelope<MeView>>> Me(
        Caller caller, UserRepository users, MemberRepository members, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var workspace = await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).GetAsync();
        var user = caller.UserId is { } userId ? await users.GetAsync(userId, cancellationToken) : null;
        var memberships = user is null ? [] : await members.ListForUserAsync(user.Id, cancellationToken);
        var member = memberships.FirstOrDefault(m => m.WorkspaceId == caller.WorkspaceId);
        // A key belongs to one workspace: it must not learn which other workspaces its creator is in.
        if (caller.Kind != CallerKind.Session)
        {
            memberships = member is null ? [] : [member];
        }

        return TypedResults.Ok(Envelope.Of(new MeView(
            new ActorView(caller.ActorType, caller.ActorId),
            user is null ? null : UserView.From(user),
            member is null ? null : new MemberView(member.Id, member.Role),
            workspace,
            memberships.Select(m => new WorkspaceMembershipView(m.WorkspaceId, m.WorkspaceName, m.Role, m.Id)).ToArray(),
            caller.Kind == CallerKind.ApiKey ? caller.Scopes : null)));
    }
}

/// <summary><c>invitationToken</c>: the <c>oc_inv_…</c> token of an invitation sent to this email, to accept it as well.</summary>
public sealed record SignUpRequest([property: Required] string? Email, [property: Required] string? Password, string? Name, [property: Required] string? WorkspaceName, string? InvitationToken);

/// <summary><c>invitationToken</c>: the <c>oc_inv_…</c> token of an invitation sent to this email, to accept it as well.</summary>
public sealed record LogInRequest([property: Required] string? Email, [property: Required] string? Password, string? InvitationToken);

/// <summary>The <c>oc_inv_…</c> token the inviter was given.</summary>
public sealed record AcceptInvitationRequest([property: Required] string? InvitationToken);

/// <summary>The workspace the session should act in from now on.</summary>
public sealed record SwitchWorkspaceRequest([property: Required] Guid? WorkspaceId);

public sealed record UserView(Guid Id, string Email, string? Name, bool IsPlatformOperator)
{
    public static UserView From(UserInfo user) => new(user.Id, user.Email, user.Name, user.IsPlatformOperator);
}

public sealed record SessionView(UserView User, WorkspaceInfo Workspace, Guid MemberId, string Role, DateTimeOffset ExpiresAt);

public sealed record LogoutResult(bool LoggedOut);

/// <summary>Who acts: <c>member</c> for sessions, <c>api_key</c> for keys (which act on behalf of their creator).</summary>
public sealed record ActorView(string Type, Guid Id);

public sealed record MemberView(Guid Id, string Role);

public sealed record WorkspaceMembershipView(Guid Id, string Name, string Role, Guid MemberId);

public sealed record MeView(
    ActorView Actor, UserView? User, MemberView? Member, WorkspaceInfo Workspace,
    IReadOnlyList<WorkspaceMembershipView> Workspaces, IReadOnlyList<string>? Scopes);
