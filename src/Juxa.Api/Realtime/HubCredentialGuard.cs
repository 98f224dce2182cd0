using System.Collections.Concurrent;
using Juxa.ApiKeys;
using Juxa.Api.Authentication;
using Juxa.Apps;
using Juxa.Identity;
using Juxa.Security;
using Microsoft.AspNetCore.SignalR;

namespace Juxa.Api.Realtime;

/// <summary>
/// Authorizes open hub connections again, so that a revoked or expired key, an uninstalled app's token, an ended
/// session or a member who left stops receiving events: on every hub method call (which also takes one unit of a
/// key's or token's rate limit, as a request would), and for every connection of this host each
/// <c>Juxa:Realtime:CredentialCheckInterval</c> (default one minute; that check counts nothing, so many connections
/// on one key do not use up its limit). A connection whose credential no longer authorizes is closed; the client's
/// next reconnect is refused. A credential that ends by itself (a key's <c>expiresAt</c>, a session's or an embed
/// token's lifetime, none of which can be changed) has its connections closed at that moment, by a timer, not at the
/// next check. It also caps the connections one credential may hold open on this host
/// (<c>Juxa:Realtime:MaxConnectionsPerCredential</c>, default 100; 0 for no cap), so that one key cannot pile up connections
/// until the host runs out of memory.
/// </summary>
public sealed partial class HubCredentialGuard(
    IGrainFactory grains, ApiKeyDecisionCache keyDecisions, SessionRepository sessions, TimeProvider time, IConfiguration configuration, ILogger<HubCredentialGuard> logger)
    : BackgroundService
{
    /// <summary>The longest a timer is set for (System.Threading timers take at most about 49 days); a later expiry is reached in steps.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, Guarded> _connections = new();

    /// <summary>Open connections per credential (its token), counted when a connection is added and when it is removed.</summary>
    private readonly ConcurrentDictionary<string, int> _perCredential = new(StringComparer.Ordinal);

    private readonly TimeSpan _interval = configuration.GetValue<TimeSpan?>("Juxa:Realtime:CredentialCheckInterval") ?? TimeSpan.FromMinutes(1);

    public int MaxConnectionsPerCredential { get; } = configuration.GetValue<int?>("Juxa:Realtime:MaxConnectionsPerCredential") ?? 100;

    /// <summary>Keeps the connection for the checks, unless its credential already holds the most this host allows: then false, and nothing is kept.</summary>
    public bool TryAdd(HubCallerContext context, HubCredential credential)
    {
        // Counted first and given back when over: two connections racing for the last place cannot both take it.
        if (_perCredential.AddOrUpdate(credential.Token, 1, (_, open) => open + 1) > MaxConnectionsPerCredential && MaxConnectionsPerCredential > 0)
        {
            Release(credential.Token);
            return false;
        }

        var guarded = new Guarded(context, credential);
        if (credential.ExpiresAt is not null)
        {
            // Made before the connection is listed, so that whoever removes it also finds the timer to dispose.
            guarded.ExpiryTimer = time.CreateTimer(static state =>
            {
                var (guard, expiring) = ((HubCredentialGuard, Guarded))state!;
                guard.ExpiryReached(expiring);
            }, (this, guarded), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _connections[context.ConnectionId] = guarded;
        if (guarded.ExpiryTimer is not null)
        {
            SetExpiryTimer(guarded);
        }

        return true;
    }

    public void Remove(string connectionId)
    {
        // Once per connection: the periodic check removes a connection it closes, and the hub's disconnect removes it again.
        if (_connections.TryRemove(connectionId, out var entry))
        {
            entry.ExpiryTimer?.Dispose();
            Release(entry.Credential.Token);
        }
    }

    private void SetExpiryTimer(Guarded guarded)
    {
        var left = guarded.Credential.ExpiresAt!.Value - time.GetUtcNow();
        try
        {
            guarded.ExpiryTimer!.Change(left <= TimeSpan.Zero ? TimeSpan.Zero : left < LongestTimer ? left : LongestTimer, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection was removed meanwhile: nothing left to close.
        }
    }

    private void ExpiryReached(Guarded guarded)
    {
        if (guarded.Credential.ExpiresAt > time.GetUtcNow())
        {
            // One step of a wait longer than a timer takes.
            SetExpiryTimer(guarded);
            return;
        }

        // Only the connection this timer was set for: its id cannot come back, but the check costs nothing.
        if (_connections.TryGetValue(guarded.Context.ConnectionId, out var current) && ReferenceEquals(current, guarded))
        {
            guarded.Context.Abort();
            Remove(guarded.Context.ConnectionId);
        }
    }

    private void Release(string token)
    {
        _perCredential.AddOrUpdate(token, 0, (_, open) => open - 1);
        // Only while still 0: a connection that came in meanwhile keeps the entry.
        _perCredential.TryRemove(KeyValuePair.Create(token, 0));
    }

    /// <summary>
    /// Closes at once this host's connections opened with a credential (API key, embed token or session) whose SHA-256
    /// (hex) is listed, as the periodic check would at its next tick; returns how many. Hashed here, per connection:
    /// revocations are rare.
    /// </summary>
    public int Close(IReadOnlyCollection<string> tokenHashes)
    {
        var closing = new HashSet<string>(tokenHashes, StringComparer.OrdinalIgnoreCase);
        return CloseWhere(c => closing.Contains(SecretTokens.HashHex(c.Token)));
    }

    /// <summary>
    /// Closes at once this host's connections that act for the member in the workspace (their sessions and API keys
    /// there), as the periodic check would at its next tick once the member is removed; returns how many.
    /// </summary>
    public int CloseMember(Guid workspaceId, Guid memberId) =>
        CloseWhere(c => c.WorkspaceId == workspaceId && c.MemberId == memberId);

    /// <summary>
    /// Closes at once this host's connections opened with the credential whose SHA-256 (hex) is given that are in a workspace
    /// other than <paramref name="workspaceId"/>: a session's after it switched there, as the periodic check would at its next
    /// tick. Its connections in <paramref name="workspaceId"/> are as valid as before, and stay. Returns how many closed.
    /// </summary>
    public int CloseOutside(string tokenHash, Guid workspaceId) =>
        CloseWhere(c => c.WorkspaceId != workspaceId && string.Equals(SecretTokens.HashHex(c.Token), tokenHash, StringComparison.OrdinalIgnoreCase));

    private int CloseWhere(Func<HubCredential, bool> closing)
    {
        var closed = 0;
        foreach (var (connectionId, entry) in _connections)
        {
            if (closing(entry.Credential))
            {
                entry.Context.Abort();
                Remove(connectionId);
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Why a connection is refused or closed when its credential stopped authorizing it.</summary>
    public const string NoLongerAuthorizes = "This connection's credential no longer authorizes it (revoked, expired or signed out).";

    /// <summary>
    /// Whether the credential of a connection just added (<see cref="TryAdd"/>) still authorizes it. The credential was
    /// authenticated on the connect request, but the connection is added only when the client's handshake arrives, a
    /// client round trip later: a revocation in between found nothing to close, so this looks again once the connection
    /// is listed. A revocation after this look finds it listed and closes it. Counts against no limit (the connect
    /// request did).
    /// </summary>
    public async Task<bool> StillAuthorizesAsync(string connectionId, CancellationToken cancellationToken) =>
        _connections.TryGetValue(connectionId, out var entry)
        && await CheckAsync(entry.Credential, count: false, cancellationToken) is ApiKeyOutcome.Allowed or ApiKeyOutcome.RateLimited;

    /// <summary>
    /// Authorizes one hub method call: what the connection's credential says now, taking one unit of a key's or token's
    /// limit when allowed. A connection this host does not know is <c>Unknown</c>.
    /// </summary>
    public Task<ApiKeyOutcome> AuthorizeCallAsync(string connectionId, CancellationToken cancellationToken) =>
        _connections.TryGetValue(connectionId, out var entry) ? CheckAsync(entry.Credential, count: true, cancellationToken) : Task.FromResult(ApiKeyOutcome.Unknown);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Parallel.ForEachAsync(_connections.ToArray(), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken },
                async (entry, cancellationToken) =>
                {
                    try
                    {
                        if (await CheckAsync(entry.Value.Credential, count: false, cancellationToken) is not (ApiKeyOutcome.Allowed or ApiKeyOutcome.RateLimited))
                        {
                            entry.Value.Context.Abort();
                            Remove(entry.Key);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A database or silo that is briefly away: keep the connection, and look again next time.
                        LogCheckFailed(logger, e, entry.Key);
                    }
                });
        }
    }

    private async Task<ApiKeyOutcome> CheckAsync(HubCredential credential, bool count, CancellationToken cancellationToken) => credential.Kind switch
    {
        CallerKind.ApiKey when count => (await keyDecisions.AuthorizeAsync(SecretTokens.HashHex(credential.Token))).Outcome,
        CallerKind.ApiKey => await KeyGrain(credential).CheckAsync(),
        CallerKind.Embed when count => (await EmbedGrain(credential).AuthorizeAsync()).Access.Outcome,
        CallerKind.Embed => await EmbedGrain(credential).CheckAsync(),
        // A session that ended, lost its membership, or moved to another workspace (its connection is in the old one's group).
        CallerKind.Session => await sessions.FindActiveAsync(credential.Token, cancellationToken) is { } session && session.WorkspaceId == credential.WorkspaceId
            ? ApiKeyOutcome.Allowed
            : ApiKeyOutcome.Revoked,
        _ => ApiKeyOutcome.Unknown,
    };

    private IApiKeyGrain KeyGrain(HubCredential credential) => grains.GetGrain<IApiKeyGrain>(SecretTokens.HashHex(credential.Token));

    private IEmbedTokenGrain EmbedGrain(HubCredential credential) => grains.GetGrain<IEmbedTokenGrain>(SecretTokens.HashHex(credential.Token));

    /// <summary>An open connection, the credential it opened with, and the timer that closes it when that credential ends by itself.</summary>
    private sealed class Guarded(HubCallerContext context, HubCredential credential)
    {
        public HubCallerContext Context { get; } = context;

        public HubCredential Credential { get; } = credential;

        public ITimer? ExpiryTimer { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the credential of hub connection {ConnectionId}; it stays open until the next check")]
    private static partial void LogCheckFailed(ILogger logger, Exception error, string connectionId);
}
