using Juxa.Errors;
using Juxa.Security;
using Microsoft.Extensions.Options;

namespace Juxa.Handoffs;

/// <summary>
/// Guards one handoff token. Not reentrant: concurrent consumes queue on this one activation, so the
/// first marks it consumed (in the database, before answering) and every later one sees that. The
/// payload (up to a megabyte of document) stays in the database and is read only by that first consume.
/// It never deactivates itself: calls queued behind a deactivation are forwarded, and under a race of
/// consumes that churn ends in rejected messages. A short collection age lets idle (or guessed) tokens go instead.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class HandoffGrain(HandoffRepository handoffs, IOptions<HandoffOptions> options, TimeProvider time) : Grain, IHandoffGrain
{
    private byte[] _hash = [];
    private HandoffRow? _row;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _hash = Convert.FromHexString(this.GetPrimaryKeyString());
        _row = await handoffs.FindByHashAsync(_hash, cancellationToken);
    }

    public async Task<MintedHandoff> CreateAsync(NewHandoff handoff)
    {
        var now = time.GetUtcNow();
        var row = new HandoffRow(Guid.CreateVersion7(), _hash, handoff.WorkspaceId, handoff.UserId, now + options.Value.Ttl, ConsumedAt: null);
        if (_row is not null || !await handoffs.InsertAsync(row, handoff.ApiKeyId, handoff.PayloadJson, now))
        {
            throw JuxaException.Conflict("A handoff with this token already exists.");
        }

        _row = row;
        return new MintedHandoff(row.Id, row.ExpiresAt);
    }

    public async Task<string> ConsumeAsync(Guid workspaceId, Guid userId)
    {
        var now = time.GetUtcNow();
        if (_row is { } cached && (cached.ConsumedAt is not null || cached.ExpiresAt <= now))
        {
            // A spent handoff is deleted by the purge some time later: look again rather than answer from a stale copy.
            _row = await handoffs.FindByHashAsync(_hash);
        }

        if (_row is not { } row || !SecretTokens.HashesEqual(row.TokenHash, _hash) || row.WorkspaceId != workspaceId)
        {
            // Unknown, purged, or another workspace's: all look the same.
            throw HandoffErrors.NotFound();
        }

        if (row.UserId != userId)
        {
            throw JuxaException.Forbidden("This handoff was minted for another user; open it where that user is signed in.");
        }

        if (row.ConsumedAt is not null || row.ExpiresAt <= now)
        {
            throw row.ConsumedAt is not null ? HandoffErrors.Consumed() : HandoffErrors.Expired();
        }

        var payload = await handoffs.ConsumeAsync(_hash, now);
        if (payload is null)
        {
            // The row changed under us (only possible if two activations ever coexisted): trust the database.
            _row = await handoffs.FindByHashAsync(_hash);
            throw _row?.ConsumedAt is not null ? HandoffErrors.Consumed() : HandoffErrors.Expired();
        }

        _row = row with { ConsumedAt = now };
        return payload;
    }
}
