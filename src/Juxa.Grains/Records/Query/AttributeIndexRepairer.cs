using Juxa.Database;
using Juxa.Workspaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Juxa.Records.Query;

/// <summary>
/// Finishes index work that a process did not live to finish. An attribute's flag commits before its index is built
/// and before it is dropped (<see cref="AttributeIndexes"/>), so a silo that dies in between leaves a flagged
/// attribute without its index, or with an invalid one that every write maintains and no query uses (and, since the
/// translator leaves out the GIN prefilter for an indexed attribute, its filters then scan the object's rows); or an
/// index that nobody asked for any more. Every silo runs this once it has started, then every
/// <see cref="RepairInterval"/>: it drops the indexes of attributes that no longer exist (their ids are never used
/// again, so nothing can be building them) and asks each workspace with flagged attributes or leftover indexes to
/// repair its own (<see cref="IWorkspaceGrain.RepairIndexesAsync"/>), so that a repair never races a schema change
/// of the same workspace. With everything in place it costs one catalog query and one query of the flags.
/// </summary>
public sealed partial class AttributeIndexRepairer(
    NpgsqlDataSource db, AttributeIndexes indexes, IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<AttributeIndexRepairer> logger)
    : BackgroundService
{
    public static readonly TimeSpan RepairInterval = TimeSpan.FromHours(1);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need the silo, which starts with the host: wait for all of it.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = RepairInterval;
            try
            {
                await RepairAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the workspace's silo may be briefly away: try again soon rather than in an hour.
                LogRepairFailed(logger, error);
                next = RetryAfterFailure;
            }

            try
            {
                await Task.Delay(next, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass over every workspace; what it changed is logged and returned.</summary>
    public async Task<AttributeIndexRepair> RepairAsync(CancellationToken cancellationToken = default)
    {
        var built = await indexes.ListBuiltAsync(cancellationToken);
        var attributes = await db.Command("SELECT id, workspace_id FROM attributes WHERE is_indexed OR id = ANY($1)", built.ToArray())
            .ListAsync(r => (Id: r.GetGuid(0), WorkspaceId: r.GetGuid(1)), cancellationToken);
        var existing = attributes.Select(a => a.Id).ToHashSet();

        var repair = AttributeIndexRepair.None;
        foreach (var gone in built.Where(id => !existing.Contains(id)))
        {
            await indexes.DropAsync(gone);
            repair += new AttributeIndexRepair(0, 1, 0);
        }

        foreach (var workspaceId in attributes.Select(a => a.WorkspaceId).Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                repair += await grains.GetGrain<IWorkspaceGrain>(workspaceId).RepairIndexesAsync();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One workspace that cannot be repaired now (its silo going down, say) does not hold up the others.
                LogWorkspaceFailed(logger, error, workspaceId);
                repair += new AttributeIndexRepair(0, 0, 1);
            }
        }

        if (repair.Changed)
        {
            LogRepaired(logger, repair.Built, repair.Dropped, repair.Failed);
        }

        return repair;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attribute indexes repaired: {Built} built, {Dropped} dropped, {Failed} failed")]
    private static partial void LogRepaired(ILogger logger, int built, int dropped, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repairing the attribute indexes of workspace {WorkspaceId} failed; the next pass tries again")]
    private static partial void LogWorkspaceFailed(ILogger logger, Exception error, Guid workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repairing attribute indexes failed; trying again shortly")]
    private static partial void LogRepairFailed(ILogger logger, Exception error);
}
