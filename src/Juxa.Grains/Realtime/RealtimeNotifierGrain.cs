using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Juxa.Realtime;

/// <summary>
/// GPSTracker's push notifier. One activation per silo (<c>StatelessWorker(1)</c>), so that all the
/// events a stream grain hands it stay in order: they are queued, and one flush loop sends them in
/// batches to every
/// host with <see cref="Task.WhenAll(IEnumerable{Task})"/>. The first event after a quiet spell of <see cref="FlushDelay"/>
/// goes out at once (no added latency for a lone write); events that follow it within <see cref="FlushDelay"/> wait for
/// the timer and go together, or at once when <see cref="MaxBatch"/> are waiting. Host calls are one-way and each is guarded,
/// so one dead or failing host is logged and skipped, never failing or stalling the broadcast.
/// Reentrant, so that enqueues keep arriving while a flush awaits the host list.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed class RealtimeNotifierGrain(ILogger<RealtimeNotifierGrain> logger, TimeProvider time) : Grain, IRealtimeNotifierGrain
{
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(15);

    public const int MaxBatch = 100;

    /// <summary>How long the host list is trusted: a new host receives events within about this long of registering.</summary>
    public static readonly TimeSpan HostListTtl = TimeSpan.FromSeconds(1);

    private readonly Queue<RealtimeMessage> _queue = new();
    private RegisteredHost[] _hosts = [];
    private DateTimeOffset _hostsFetchedAt = DateTimeOffset.MinValue;
    private IGrainTimer? _timer;
    private bool _timerPending;
    private Task _flush = Task.CompletedTask;
    private DateTimeOffset _lastFlushAt = DateTimeOffset.MinValue;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _timer = this.RegisterGrainTimer(OnTimerAsync, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task EnqueueAsync(RealtimeMessage[] messages)
    {
        foreach (var message in messages)
        {
            _queue.Enqueue(message);
        }

        if (_queue.Count >= MaxBatch || (!_timerPending && _flush.IsCompleted && time.GetUtcNow() - _lastFlushAt >= FlushDelay))
        {
            Flush();
        }
        else if (!_timerPending)
        {
            _timerPending = true;
            _timer!.Change(FlushDelay, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    private Task OnTimerAsync(CancellationToken cancellationToken)
    {
        _timerPending = false;
        Flush();
        return Task.CompletedTask;
    }

    /// <summary>Starts the flush loop unless it runs already (it drains what arrives meanwhile too).</summary>
    private void Flush()
    {
        if (_flush.IsCompleted)
        {
            _flush = FlushLoopAsync();
        }
    }

    private async Task FlushLoopAsync()
    {
        while (_queue.Count > 0)
        {
            var hosts = await HostsAsync();
            var messages = new RealtimeMessage[Math.Min(_queue.Count, MaxBatch)];
            for (var i = 0; i < messages.Length; i++)
            {
                messages[i] = _queue.Dequeue();
            }

            var batch = new RealtimeBatch(messages);
            _lastFlushAt = time.GetUtcNow();
            await Task.WhenAll(hosts.Select(host => SendAsync(host, batch)));
        }
    }

    private async Task SendAsync(RegisteredHost host, RealtimeBatch batch)
    {
        try
        {
            await host.Host.SendAsync(batch);
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Real-time host {HostId} did not take a batch of {Count} events; the other hosts did.", host.HostId, batch.Messages.Length);
        }
    }

    private async Task<RegisteredHost[]> HostsAsync()
    {
        var now = time.GetUtcNow();
        if (now - _hostsFetchedAt < HostListTtl)
        {
            return _hosts;
        }

        try
        {
            _hosts = await GrainFactory.GetGrain<IRealtimeHostsGrain>(0).GetHostsAsync();
            _hostsFetchedAt = now;
        }
        catch (Exception error)
        {
            // Keep pushing to the hosts we knew; try the list again on the next flush.
            logger.LogWarning(error, "Could not refresh the real-time host list; using the last one ({Count} hosts).", _hosts.Length);
        }

        return _hosts;
    }
}
