using Juxa.Handoffs;
using Juxa.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juxa.Apps;

/// <summary>
/// Deletes handoffs, embed tokens and sessions some time after they expired, and sessions some time after they were
/// logged out too (<see cref="AppsOptions.PurgeGrace"/>).
/// Every process runs it; the deletes are idempotent, so several running at once only repeat work.
/// </summary>
public sealed class ExpiredTokenPurger(
    HandoffRepository handoffs, EmbedTokenRepository embedTokens, SessionRepository sessions, IOptions<AppsOptions> options, TimeProvider time,
    ILogger<ExpiredTokenPurger> logger)
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
                logger.LogWarning(e, "Purging expired handoffs, embed tokens and sessions failed");
            }
        }
    }

    /// <summary>Deletes what ended before now minus the grace period; returns how many of each.</summary>
    public async Task<(int Handoffs, int EmbedTokens, int Sessions)> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow() - options.Value.PurgeGrace;
        var purged = (
            Handoffs: await handoffs.PurgeExpiredAsync(cutoff, cancellationToken),
            EmbedTokens: await embedTokens.PurgeExpiredAsync(cutoff, cancellationToken),
            Sessions: await sessions.PurgeEndedAsync(cutoff, cancellationToken));
        if (purged.Handoffs + purged.EmbedTokens + purged.Sessions > 0)
        {
            logger.LogInformation("Purged {Handoffs} expired handoffs, {EmbedTokens} expired embed tokens and {Sessions} ended sessions",
                purged.Handoffs, purged.EmbedTokens, purged.Sessions);
        }

        return purged;
    }
}
