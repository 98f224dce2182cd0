using System.Collections.Concurrent;

namespace Juxa.Records;

/// <summary>
/// The records that have a <see cref="RecordGrain"/> activation in this silo, so that deleting a record need tell only
/// the activations that exist to forget their copies of its referrers (<see cref="RecordCopies"/>): calling every
/// referrer's grain activated each one that was not active, only to tell it that it held nothing (a company that
/// 10,000 people referenced activated 10,000 grains).
/// <para>
/// An activation is listed from <c>OnActivateAsync</c>, before it can read its row, until it deactivates. So one that is
/// not listed when a delete has committed reads its row after the commit, and has nothing stale to forget.
/// </para>
/// </summary>
public sealed class LocalRecordActivations
{
    /// <summary>Counted, not a set: an activation that is ending and the next one of the same record may overlap.</summary>
    private readonly ConcurrentDictionary<Guid, int> _activations = new();

    public void Add(Guid recordId) => _activations.AddOrUpdate(recordId, 1, static (_, count) => count + 1);

    public void Remove(Guid recordId)
    {
        _activations.AddOrUpdate(recordId, 0, static (_, count) => count - 1);
        _activations.TryRemove(KeyValuePair.Create(recordId, 0));
    }

    public bool Contains(Guid recordId) => _activations.ContainsKey(recordId);
}
