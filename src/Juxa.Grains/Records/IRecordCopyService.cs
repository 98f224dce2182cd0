using Orleans.Services;

namespace Juxa.Records;

/// <summary>One per silo: tells that silo's <see cref="RecordGrain"/> activations of the given records to forget their copies.</summary>
public interface IRecordCopyService : IGrainService
{
    /// <summary>Invalidates the copies of those of <paramref name="recordIds"/> that have an activation in this silo; returns how many.</summary>
    Task<int> ForgetAsync(Guid[] recordIds);
}
