namespace Juxa.Realtime;

/// <summary>A silo-local batcher (key 0) that pushes numbered events to every live API host.</summary>
public interface IRealtimeNotifierGrain : IGrainWithIntegerKey
{
    /// <summary>Queues messages, in their order, for the next flush, a few milliseconds away.</summary>
    Task EnqueueAsync(RealtimeMessage[] messages);
}
