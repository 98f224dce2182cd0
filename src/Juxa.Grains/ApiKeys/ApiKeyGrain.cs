using Juxa.Errors;
using Juxa.Security;
using Microsoft.Extensions.Options;

namespace Juxa.ApiKeys;

/// <summary>
/// Holds one key's metadata (source of truth: the <c>api_keys</c> row) and its rate-limit
/// window (soft state, never persisted: a reactivated key starts with a fresh window).
/// </summary>
public sealed class ApiKeyGrain(ApiKeyRepository keys, IOptions<RateLimitOptions> rateLimit, TimeProvider time) : Grain, IApiKeyGrain
{
    /// <summary>How long metadata read from the database is trusted before it is read again, so that
    /// out-of-band changes (a creator demoted or removed) reach the key without a restart.</summary>
    private static readonly TimeSpan MetadataTtl = TimeSpan.FromSeconds(30);

    /// <summary>last_used_at is written at most this often, so the hot path does not write per request.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private byte[] _hash = [];
    private ApiKeyRow? _row;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _lastUsedAt;
    private DateTimeOffset _lastUsedWrittenAt;
    private SlidingWindowLimiter? _limiter;

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

    public async Task<ApiKeyOutcome> CheckAsync() => (await CurrentAsync(time.GetUtcNow())).Refusal ?? ApiKeyOutcome.Allowed;

    /// <summary>The key's row, re-read when older than <see cref="MetadataTtl"/>, or why it authorizes nothing now.</summary>
    private async Task<(ApiKeyRow? Row, ApiKeyOutcome? Refusal)> CurrentAsync(DateTimeOffset now)
    {
        if (_row is not null && now - _loadedAt > MetadataTtl)
        {
            await LoadAsync(CancellationToken.None);
        }

        if (_row is not { } row || !SecretTokens.HashesEqual(row.TokenHash, _hash))
        {
            // Nobody holds this token. Do not keep an activation (or a cache entry) per guessed token.
            DeactivateOnIdle();
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
        if (_row is null)
        {
            throw JuxaException.NotFound("API key");
        }

        await keys.RevokeAsync(_hash, time.GetUtcNow());
        await LoadAsync(CancellationToken.None);
    }

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
        row.Scopes, limit, state.Remaining, state.ResetSeconds, state.RetryAfterSeconds);
}
