using Juxa.Api.Authentication;
using Juxa.Realtime;
using Juxa.Schema;
using Juxa.Text;
using Microsoft.AspNetCore.SignalR;

namespace Juxa.Api.Realtime;

/// <summary>
/// <c>/hubs/notifications</c>: the server pushes, clients only choose what else to follow. Every
/// connection is in <c>workspace:{id}</c> and <c>user:{memberId}</c> from the start; it may add
/// <c>record:{id}</c> and <c>object:{workspaceId}:{slug}</c>, always within its own workspace.
/// Authentication and the read-access check happen on the endpoint (see <c>MapJuxaRealtime</c>).
/// </summary>
public sealed class NotificationsHub(RealtimeConnections connections, RealtimeSubscriptions subscriptions, HubCredentialGuard credentials) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var caller = CurrentCaller();
        if (caller.Kind == CallerKind.Session && Context.GetHttpContext() is { } http && !SameOriginOrNone(http.Request))
        {
            // A session cookie rides along on a cross-origin WebSocket handshake (a GET, so the CSRF middleware lets it by).
            throw new HubException("Cross-origin connections may not use the session cookie; connect with an API key.");
        }

        var request = Context.GetHttpContext()?.Request;
        var token = caller.Kind == CallerKind.Session ? request?.Cookies[SessionCookie.Name] : request is null ? null : BearerToken.Read(request);
        if (token is null)
        {
            throw new HubException("The connection's credential could not be read again.");
        }

        if (!credentials.TryAdd(Context, new HubCredential(caller.Kind, token, caller.WorkspaceId, caller.MemberId, caller.CredentialExpiresAt)))
        {
            throw new HubException(
                $"This credential already has {credentials.MaxConnectionsPerCredential} open connections to this server; close one before opening another.");
        }

        var authorized = false;
        try
        {
            authorized = await credentials.StillAuthorizesAsync(Context.ConnectionId, Context.ConnectionAborted);
        }
        finally
        {
            if (!authorized)
            {
                // OnDisconnectedAsync does not run for a connection refused here: give its place back now.
                credentials.Remove(Context.ConnectionId);
            }
        }

        if (!authorized)
        {
            throw new HubException(HubCredentialGuard.NoLongerAuthorizes);
        }

        connections.Connect(Context.ConnectionId, caller.MemberId is { } memberId
            ? [RealtimeGroups.Workspace(caller.WorkspaceId), RealtimeGroups.User(memberId)]
            : [RealtimeGroups.Workspace(caller.WorkspaceId)]);

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        credentials.Remove(Context.ConnectionId);
        connections.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Follows one record of the caller's workspace (group <c>record:{id}</c>).</summary>
    public async Task SubscribeRecord(string recordId)
    {
        var caller = CurrentCaller();
        var id = ParseRecordId(recordId);
        if (!await subscriptions.RecordIsInWorkspaceAsync(id, caller.WorkspaceId, Context.ConnectionAborted))
        {
            throw new HubException($"Record '{id}' was not found in this workspace.");
        }

        Join(RealtimeGroups.Record(id));
    }

    /// <summary>Stops following a record. Succeeds for a record that is gone (it was just deleted) or was never followed.</summary>
    public Task UnsubscribeRecord(string recordId)
    {
        connections.Leave(Context.ConnectionId, RealtimeGroups.Record(ParseRecordId(recordId)));
        return Task.CompletedTask;
    }

    /// <summary>Follows every record of one object of the caller's workspace (group <c>object:{workspaceId}:{slug}</c>).</summary>
    public async Task SubscribeObject(string slug)
    {
        var caller = CurrentCaller();
        if (string.IsNullOrWhiteSpace(slug) || !await subscriptions.ObjectExistsAsync(caller.WorkspaceId, slug))
        {
            throw new HubException($"Object '{Shown(slug)}' was not found in this workspace.");
        }

        Join(RealtimeGroups.Object(caller.WorkspaceId, slug));
    }

    /// <summary>Stops following an object. Succeeds for an object that is gone or was never followed.</summary>
    public Task UnsubscribeObject(string slug)
    {
        connections.Leave(Context.ConnectionId, RealtimeGroups.Object(CurrentCaller().WorkspaceId, slug ?? ""));
        return Task.CompletedTask;
    }

    private void Join(string group)
    {
        switch (connections.Join(Context.ConnectionId, group))
        {
            case SubscriptionJoin.AtLimit:
                throw new HubException($"A connection may follow at most {RealtimeConnections.MaxSubscriptionsPerConnection} records and objects; unsubscribe from some first.");
            case SubscriptionJoin.ConnectionGone:
                throw new HubException("This connection is closing (its credential was revoked or expired, or the server is stopping); reconnect to subscribe.");
        }
    }

    private Caller CurrentCaller() =>
        (Context.User is { } user ? Caller.From(user) : null) ?? throw new HubException("Authentication is required.");

    private static Guid ParseRecordId(string? recordId) =>
        Guid.TryParse(recordId, out var id) ? id : throw new HubException($"'{Shown(recordId)}' is not a record id (a UUID).");

    /// <summary>
    /// A client's argument as an error message quotes it: at most <see cref="ShownLength"/> characters. A call may carry
    /// up to SignalR's 32 KB, and echoing all of it back makes an unreadable error (and a reply as big as the call).
    /// </summary>
    private static string Shown(string? value) =>
        value is { Length: > ShownLength } ? TextCut.Prefix(value, ShownLength) + "…" : value ?? "";

    /// <summary>Longer than any UUID or slug, so a real one is always quoted whole.</summary>
    private const int ShownLength = 80;

    private static bool SameOriginOrNone(HttpRequest request) =>
        request.Headers.Origin is not { Count: > 0 } origin
        || (Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
}
