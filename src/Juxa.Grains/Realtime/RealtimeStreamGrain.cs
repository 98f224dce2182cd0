using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Juxa.Realtime;

/// <summary>
/// Numbers a stream's events from blocks reserved in grain storage, so the hot path is an
/// in-memory increment and one storage write per <see cref="BlockSize"/> events. A crash loses the
/// unused rest of a block: the next activation continues above it, which clients see as a jump
/// (a gap: they re-fetch), never as a number going backwards. A graceful deactivation gives the
/// unused rest back, so ordinary restarts and rebalancing do not jump. The storage write is ETag
/// checked, so two activations in a split cluster can never reserve the same block.
/// </summary>
public sealed class RealtimeStreamGrain(
    [PersistentState("events", StorageNames.Grains)] IPersistentState<RealtimeSequenceState> state,
    ILogger<RealtimeStreamGrain> logger) : Grain, IRealtimeStreamGrain
{
    public const long BlockSize = 1000;

    private long _last;
    private long _reserved;

    /// <summary>An event was dropped after being accepted: skip a number so that clients see a gap.</summary>
    private bool _owesGap;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _last = _reserved = state.State.Reserved;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_reserved > _last && state.RecordExists)
        {
            try
            {
                // An owed gap stays owed: the next activation then starts one number further on.
                state.State = new RealtimeSequenceState { Reserved = _last + (_owesGap ? 1 : 0) };
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception error)
            {
                // Harmless: the block stays reserved and the next activation starts above it.
                logger.LogDebug(error, "Could not return the unused sequence block of {Stream}.", this.GetPrimaryKeyString());
            }
        }
    }

    public async Task PublishAsync(RealtimeMessage message)
    {
        long sequence;
        try
        {
            sequence = await NextAsync();
        }
        catch (Exception error)
        {
            _owesGap = true;
            logger.LogWarning(error, "Dropped {Type} on stream {Stream}: no sequence block could be reserved; clients will see a gap.",
                message.Event.Type, this.GetPrimaryKeyString());
            if (error is InconsistentStateException)
            {
                // Another activation reserved a block meanwhile: this one must not hand out numbers any more.
                DeactivateOnIdle();
            }

            return;
        }

        try
        {
            await GrainFactory.GetGrain<IRealtimeNotifierGrain>(0).EnqueueAsync(message with { Event = message.Event with { Sequence = sequence } });
        }
        catch (Exception error)
        {
            // The number is spent, so clients see the gap.
            logger.LogWarning(error, "Dropped {Type} #{Sequence} on stream {Stream}: the notifier refused it.", message.Event.Type, sequence, this.GetPrimaryKeyString());
        }
    }

    public Task<long> GetLastSequenceAsync() => Task.FromResult(_last);

    private async Task<long> NextAsync()
    {
        var next = _last + (_owesGap ? 2 : 1);
        if (next > _reserved)
        {
            var reserved = next + BlockSize - 1;
            state.State = new RealtimeSequenceState { Reserved = reserved };
            await state.WriteStateAsync();
            _reserved = reserved;
        }

        _owesGap = false;
        _last = next;
        return next;
    }
}
