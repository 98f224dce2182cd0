using Microsoft.Extensions.Logging;
using Orleans.Runtime.Services;

namespace Juxa.Records;

/// <summary>
/// Makes every silo's <see cref="RecordGrain"/> activations of some records forget their copies, after their rows
/// changed without them (a record they referenced was deleted): one call per silo that may hold activations, to its
/// <see cref="IRecordCopyService"/>, with every id. A silo that cannot be reached is logged and skipped: one that is
/// dying takes its activations with it, and the delete has committed either way.
/// </summary>
public sealed partial class RecordCopies(IServiceProvider services, IClusterMembershipService membership, ILogger<RecordCopies> logger)
    : GrainServiceClient<IRecordCopyService>(services)
{
    /// <summary>Returns how many activations were told.</summary>
    public async Task<int> ForgetAsync(IReadOnlyCollection<Guid> recordIds)
    {
        if (recordIds.Count == 0)
        {
            return 0;
        }

        var ids = recordIds.ToArray();
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.Stopping)
            .Select(m => m.SiloAddress);
        var told = await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                return await GetGrainService(silo).ForgetAsync(ids);
            }
            catch (Exception error)
            {
                LogSiloFailed(logger, error, silo, ids.Length);
                return 0;
            }
        }));
        return told.Sum();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell silo {Silo} to invalidate its copies of {Count} records that referenced a deleted record")]
    private static partial void LogSiloFailed(ILogger logger, Exception error, SiloAddress silo, int count);
}
