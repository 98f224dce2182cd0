using Juxa.ApiKeys;
using Juxa.Errors;
using Juxa.Security;
using Microsoft.Extensions.Options;

namespace Juxa.Apps;

/// <summary>
/// Holds one embed token's row (source of truth: <c>embed_tokens</c>) and its rate-limit window
/// (soft state, as for API keys). The row is re-read at most every 30 seconds, so a change made
/// outside this grain (the member removed) reaches it within that time; uninstalling calls
/// <see cref="RevokeAsync"/> and takes effect at once. It never deactivates itself (an app's parallel
/// requests queued behind a deactivation would be forwarded until rejected); a short collection age
/// lets unused, expired or guessed tokens go instead, and outlasts the one-minute rate-limit window.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class EmbedTokenGrain(EmbedTokenRepository tokens, IOptions<RateLimitOptions> rateLimit, TimeProvider time) : Grain, IEmbedTokenGrain
{
    private static readonly TimeSpan MetadataTtl = TimeSpan.FromSeconds(30);

    private byte[] _hash = [];
    private EmbedTokenRow? _row;
    private DateTimeOffset _loadedAt;
    private SlidingWindowLimiter? _limiter;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _hash = Convert.FromHexString(this.GetPrimaryKeyString());
        await LoadAsync(cancellationToken);
    }

    public async Task<EmbedTokenDecision> AuthorizeAsync()
    {
        var now = time.GetUtcNow();
        var (current, refusal) = await CurrentAsync(now);
        if (refusal is not null || current is not { } row)
        {
            return Refused(refusal ?? ApiKeyOutcome.Unknown);
        }

        var limit = rateLimit.Value.PerMinute;
        if (limit > 0 && _limiter?.Limit != limit)
        {
            _limiter = new SlidingWindowLimiter(limit, TimeSpan.FromMinutes(1));
        }

        var state = limit > 0 ? _limiter!.TryAcquire(now) : default;
        var outcome = limit > 0 && !state.Acquired ? ApiKeyOutcome.RateLimited : ApiKeyOutcome.Allowed;
        return new EmbedTokenDecision(
            new ApiKeyDecision(outcome, row.Id, row.WorkspaceId, row.MemberId, row.UserId, ActsAsAdmin: false, row.Scopes,
                Math.Max(limit, 0), state.Remaining, state.ResetSeconds, state.RetryAfterSeconds, ExpiresAt: row.ExpiresAt),
            row.InstallationId);
    }

    public async Task<ApiKeyOutcome> CheckAsync() => (await CurrentAsync(time.GetUtcNow())).Refusal ?? ApiKeyOutcome.Allowed;

    /// <summary>The token's row, re-read when older than <see cref="MetadataTtl"/>, or why it authorizes nothing now.</summary>
    private async Task<(EmbedTokenRow? Row, ApiKeyOutcome? Refusal)> CurrentAsync(DateTimeOffset now)
    {
        if (_row is not null && now - _loadedAt > MetadataTtl)
        {
            await LoadAsync(CancellationToken.None);
        }

        if (_row is not { } row || !SecretTokens.HashesEqual(row.TokenHash, _hash))
        {
            return (null, ApiKeyOutcome.Unknown);
        }

        if (row.RevokedAt is not null || !row.InstallationLive)
        {
            return (row, ApiKeyOutcome.Revoked);
        }

        return row.ExpiresAt <= now ? (row, ApiKeyOutcome.Expired) : (row, null);
    }

    public async Task<MintedEmbedToken> CreateAsync(NewEmbedToken token)
    {
        var id = Guid.CreateVersion7();
        if (_row is not null)
        {
            throw JuxaException.Conflict("An embed token with this hash already exists.");
        }

        if (!await tokens.InsertAsync(id, _hash, token, time.GetUtcNow()))
        {
            throw JuxaException.NotFound("Installation");
        }

        await LoadAsync(CancellationToken.None);
        return new MintedEmbedToken(id, token.ExpiresAt, token.Scopes);
    }

    public async Task RevokeAsync()
    {
        if (_row is null)
        {
            return;
        }

        await tokens.RevokeAsync(_hash, time.GetUtcNow());
        await LoadAsync(CancellationToken.None);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _row = await tokens.FindByHashAsync(_hash, cancellationToken);
        _loadedAt = time.GetUtcNow();
    }

    private static EmbedTokenDecision Refused(ApiKeyOutcome outcome) => new(ApiKeyDecision.Refused(outcome), Guid.Empty);
}
