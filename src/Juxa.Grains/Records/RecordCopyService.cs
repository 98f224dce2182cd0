using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Juxa.Records;

/// <summary>
/// <see cref="IRecordCopyService"/>: calls <see cref="IRecordGrain.InvalidateAsync"/> on the listed records that are
/// active in this silo (<see cref="LocalRecordActivations"/>), and on no other, so no grain is activated to be told it
/// holds nothing. A failed call is only logged, as the caller's delete has committed.
/// </summary>
[Reentrant]
public sealed partial class RecordCopyService(GrainId id, Silo silo, ILoggerFactory loggers, LocalRecordActivations activations, IGrainFactory grains)
    : GrainService(id, silo, loggers), IRecordCopyService
{
    private readonly ILogger _logger = loggers.CreateLogger<RecordCopyService>();

    public async Task<int> ForgetAsync(Guid[] recordIds)
    {
        var active = recordIds.Where(activations.Contains).ToList();
        await Task.WhenAll(active.Select(ForgetAsync));
        return active.Count;
    }

    private async Task ForgetAsync(Guid recordId)
    {
        try
        {
            await grains.GetGrain<IRecordGrain>(recordId).InvalidateAsync();
        }
        catch (Exception error)
        {
            LogForgetFailed(_logger, error, recordId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not invalidate the copy of record {RecordId}, which referenced a deleted record")]
    private static partial void LogForgetFailed(ILogger logger, Exception error, Guid recordId);
}
