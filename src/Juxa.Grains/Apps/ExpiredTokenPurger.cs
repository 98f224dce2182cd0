using Juxa.Handoffs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juxa.Apps;

/// <summary>
/// Deletes handoffs and embed tokens some time after they expired (<see cref="AppsOptions.PurgeGrace"/>).
/// Every process runs it; the deletes are idempotent, so several running at once only repeat work.
/// </summary>
public sealed class ExpiredTokenPurger(
    HandoffRepository handoffs, EmbedTokenRepository embedTokens, IOptions<AppsOptions> options, TimeProvider time, ILogger<ExpiredTokenPurger> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly away; the next tick tries again.
                logger.LogWarning(e, "Purging expired handoffs and embed tokens failed");
            }
        }
    }

    /// <summary>Deletes what expired before now minus the grace period; returns how many of each.</summary>
    public async Task<(int Handoffs, int EmbedTokens)> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow() - options.Value.PurgeGrace;
        var purged = (await handoffs.PurgeExpiredAsync(cutoff, cancellationToken), await embedTokens.PurgeExpiredAsync(cutoff, cancellationToken));
        if (purged.Item1 + purged.Item2 > 0)
        {
            logger.LogInformation("Purged {Handoffs} expired handoffs and {EmbedTokens} expired embed tokens", purged.Item1, purged.Item2);
        }

        return purged;
    }
}
