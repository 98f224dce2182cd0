using Juxa.Errors;
using Juxa.Hosting;
using Juxa.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juxa.ApiKeys;

/// <summary>
/// Holds one key's metadata (source of truth: the <c>api_keys</c> row) and its rate-limit
/// window (soft state, never persisted: a reactivated key starts with a fresh window).
/// The activation of a token nobody holds goes shortly after it answered (<see cref="UnknownIdDeactivation"/>), so that a
/// flood of guessed tokens holds no memory, while a client's parallel requests with a mistyped key all get their 401.
/// </summary>
public sealed partial class ApiKeyGrain(ApiKeyRepository keys, IOptions<RateLimitOptions> rateLimit, TimeProvider time, ILogger<ApiKeyGrain> logger)
    : Grain, IApiKeyGrain
{
    /// <summary>How long metadata read from the database is trusted before it is read again, so that
    /// out-of-band changes (a creator demoted or removed) reach the key without a restart.</summary>
    private static readonly TimeSpan MetadataTtl = TimeSpan.FromSeconds(30);

    /// <summary>last_used_at is written at most this often, so the hot path does not write per request.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a host may reuse an unlimited key's decision. Revocation evicts it at once; this bounds everything else
    /// (a metadata change read by <see cref="MetadataTtl"/>, or a revocation after this activation moved and forgot its hosts).
    /// </summary>
    public static readonly TimeSpan CacheDecisionsFor = TimeSpan.FromSeconds(5);

    /// <summary>How long a revocation waits for a host to evict; one that does not answer drops the decision when it runs out.</summary>
    private static readonly TimeSpan EvictTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The hosts that hold this key's decision, and until when.</summary>
    private readonly Dictionary<IApiKeyDecisionCache, DateTimeOffset> _cachedBy = [];

    private byte[] _hash = [];
    private ApiKeyRow? _row;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _lastUsedAt;
    private DateTimeOffset _lastUsedWrittenAt;
    private SlidingWindowLimiter? _limiter;
    private readonly UnknownIdDeactivation _unknown = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _hash = Convert.FromHexString(this.GetPrimaryKeyString());
        await LoadAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_row is not null && _lastUsedAt > _lastUsedWrittenAt)
        {
            await keys.TouchAsync(_hash, _lastUsedAt, cancellationToken);
        }
    }

    public async Task<ApiKeyDecision> AuthorizeAsync()
    {
        var now = time.GetUtcNow();
        var (row, refusal) = await CurrentAsync(now);
        if (refusal is { } refused)
        {
            return ApiKeyDecision.Refused(refused);
        }

        var limiter = Limiter(row!);
        var state = limiter?.TryAcquire(now);
        if (state is { Acquired: false } limited)
        {
            return Decision(row!, ApiKeyOutcome.RateLimited, limiter!.Limit, limited);
        }

        _lastUsedAt = now;
        if (now - _lastUsedWrittenAt > TouchInterval)
        {
            _lastUsedWrittenAt = now;
            await keys.TouchAsync(_hash, now);
        }

        return Decision(row!, ApiKeyOutcome.Allowed, limiter?.Limit ?? 0, state ?? default);
    }

    public async Task<ApiKeyDecision> AuthorizeForCacheAsync(IApiKeyDecisionCache cache)
    {
        var decision = await AuthorizeAsync();
        if (decision is not { Outcome: ApiKeyOutcome.Allowed, Limit: 0 })
        {
            return decision;
        }

        var now = time.GetUtcNow();
        var until = now + CacheDecisionsFor;
        if (_row!.ExpiresAt is { } expiresAt && expiresAt < until)
        {
            until = expiresAt;
        }

        foreach (var (stale, _) in _cachedBy.Where(c => c.Value <= now).ToList())
        {
            _cachedBy.Remove(stale);
        }

        _cachedBy[cache] = until;
        return decision with { CacheUntil = until };
    }

    public async Task<ApiKeyOutcome> CheckAsync() => (await CurrentAsync(time.GetUtcNow())).Refusal ?? ApiKeyOutcome.Allowed;

    /// <summary>
    /// The key's row, re-read when older than <see cref="MetadataTtl"/>, or why it authorizes nothing now. A missing row is
    /// re-read too, as any: an activation that met a token before the Bootstrapper registered it may still be there.
    /// </summary>
    private async Task<(ApiKeyRow? Row, ApiKeyOutcome? Refusal)> CurrentAsync(DateTimeOffset now)
    {
        if (now - _loadedAt > MetadataTtl)
        {
            await LoadAsync(CancellationToken.None);
        }

        if (_row is not { } row || !SecretTokens.HashesEqual(row.TokenHash, _hash))
        {
            _unknown.Schedule(this, () => _row is not null, DeactivateOnIdle);
            return (null, ApiKeyOutcome.Unknown);
        }

        if (row.RevokedAt is not null)
        {
            return (row, ApiKeyOutcome.Revoked);
        }

        return row.ExpiresAt is { } expiresAt && expiresAt <= now ? (row, ApiKeyOutcome.Expired) : (row, null);
    }

    public async Task<ApiKeyInfo> CreateAsync(NewApiKey key)
    {
        if (_row is not null || !await keys.InsertAsync(Guid.CreateVersion7(), _hash, key, time.GetUtcNow()))
        {
            throw JuxaException.Conflict("An API key with this token already exists.");
        }

        await LoadAsync(CancellationToken.None);
        return _row!.ToInfo();
    }

    public async Task RevokeAsync()
    {
        // The row decides, not this copy: an activation that met the token before the Bootstrapper registered it holds none.
        await keys.RevokeAsync(_hash, time.GetUtcNow());
        await LoadAsync(CancellationToken.None);
        if (_row is null)
        {
            throw JuxaException.NotFound("API key");
        }

        await EvictFromCachesAsync();
    }

    public async Task RefreshAsync()
    {
        await LoadAsync(CancellationToken.None);
        await EvictFromCachesAsync();
    }

    /// <summary>Tells every host that may still hold this key's decision to drop it, and waits (briefly) until they have.</summary>
    private async Task EvictFromCachesAsync()
    {
        var now = time.GetUtcNow();
        var holders = _cachedBy.Where(c => c.Value > now).Select(c => c.Key).ToList();
        _cachedBy.Clear();
        await Task.WhenAll(holders.Select(async holder =>
        {
            try
            {
                await holder.EvictAsync(this.GetPrimaryKeyString()).WaitAsync(EvictTimeout);
            }
            catch (Exception e)
            {
                // A host that is gone or slow: its copy runs out by itself within CacheDecisionsFor.
                LogEvictFailed(logger, e, _row!.Id);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A host did not evict the decision of API key {KeyId} (revoked, or its creator's role changed); it expires there within seconds")]
    private static partial void LogEvictFailed(ILogger logger, Exception error, Guid keyId);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _row = await keys.FindByHashAsync(_hash, cancellationToken);
        _loadedAt = time.GetUtcNow();
    }

    /// <summary>The key's own limit wins over the configured default; a changed limit starts a new window.</summary>
    private SlidingWindowLimiter? Limiter(ApiKeyRow row)
    {
        var limit = row.RateLimitPerMinute ?? rateLimit.Value.PerMinute;
        if (limit <= 0)
        {
            return _limiter = null;
        }

        if (_limiter?.Limit != limit)
        {
            _limiter = new SlidingWindowLimiter(limit, TimeSpan.FromMinutes(1));
        }

        return _limiter;
    }

    private static ApiKeyDecision Decision(ApiKeyRow row, ApiKeyOutcome outcome, int limit, RateLimitState state) => new(
        outcome, row.Id, row.WorkspaceId, row.CreatedByMemberId, row.CreatorUserId,
        ActsAsAdmin: row.CreatorRole == MemberRoles.Admin && row.Scopes.Contains(Scopes.All),
        row.Scopes, limit, state.Remaining, state.ResetSeconds, state.RetryAfterSeconds, ExpiresAt: row.ExpiresAt);
}
