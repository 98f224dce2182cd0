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
        // An owed gap needs this write even with no unused block to give back: it is owed because reserving the next
        // block failed, so then _reserved == _last, and without the write the next activation would hand out the
        // skipped number after all and clients would miss the dropped event without seeing a gap.
        if ((_reserved > _last || _owesGap) && state.RecordExists)
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

    public Task PublishAsync(RealtimeMessage message) => PublishManyAsync([message]);

    public async Task PublishManyAsync(RealtimeMessage[] messages)
    {
        var numbered = new List<RealtimeMessage>(messages.Length);
        foreach (var message in messages)
        {
            long sequence;
            try
            {
                sequence = await NextAsync();
            }
            catch (Exception error)
            {
                // The rest are dropped with this one; the owed number shows clients the gap, and they re-fetch.
                _owesGap = true;
                logger.LogWarning(error, "Dropped {Count} events from {Type} on stream {Stream}: no sequence block could be reserved; clients will see a gap.",
                    messages.Length - numbered.Count, message.Event.Type, this.GetPrimaryKeyString());
                if (error is InconsistentStateException)
                {
                    // Another activation reserved a block meanwhile: this one must not hand out numbers any more.
                    DeactivateOnIdle();
                }

                break;
            }

            numbered.Add(message with { Event = message.Event with { Sequence = sequence } });
        }

        if (numbered.Count == 0)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IRealtimeNotifierGrain>(0).EnqueueAsync([.. numbered]);
        }
        catch (Exception error)
        {
            // The numbers are spent, so clients see the gap.
            logger.LogWarning(error, "Dropped {Count} events from #{Sequence} on stream {Stream}: the notifier refused them.",
                numbered.Count, numbered[0].Event.Sequence, this.GetPrimaryKeyString());
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
