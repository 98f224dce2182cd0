using Juxa.Realtime;

namespace Juxa.Api.Realtime;

/// <summary>
/// Keeps this host in the cluster's host list: registers its hub observer at start, renews it
/// every <see cref="RealtimeHostsGrain.RenewEvery"/> (an entry that is not renewed expires, and a
/// renewal re-adds the host after the list grain moved), and unregisters it on shutdown.
/// </summary>
public sealed class RealtimeHostRegistration(
    IGrainFactory grains, HubRealtimeHost host, IServiceProvider services, ILogger<RealtimeHostRegistration> logger) : BackgroundService
{
    /// <summary>This process, as the host list knows it.</summary>
    public Guid HostId { get; } = Guid.NewGuid();

    private IRealtimeHost? _reference;

    /// <summary>The latest registration sent, which may still be on its way when the host stops.</summary>
    private Task _registration = Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Set when this process co-hosts a silo: the list then drops it as soon as the silo leaves the cluster.
        var silo = services.GetService<ILocalSiloDetails>()?.SiloAddress;
        _reference = grains.CreateObjectReference<IRealtimeHost>(host);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _registration = grains.GetGrain<IRealtimeHostsGrain>(0).RegisterAsync(HostId, _reference, silo);
                await _registration.WaitAsync(stoppingToken);
                if (failures > 0)
                {
                    logger.LogInformation("Real-time host {HostId} registered after {Failures} failed attempts.", HostId, failures);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                // The cluster may still be starting, or the list grain moving: retry soon rather than after a full period.
                failures++;
                logger.Log(failures > 3 ? LogLevel.Warning : LogLevel.Debug, error, "Could not register real-time host {HostId}.", HostId);
            }

            try
            {
                await Task.Delay(failures > 0 ? TimeSpan.FromSeconds(1) : RealtimeHostsGrain.RenewEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Taken atomically: hosts (test hosts among them) may stop a service more than once, and concurrently.
        if (Interlocked.Exchange(ref _reference, null) is not { } reference)
        {
            return;
        }

        try
        {
            // A renewal still on its way when the host stopped could reach the list after the unregistration and list
            // this host again until it expired: let it land first. Whether it succeeded does not matter here.
            await _registration.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception)
        {
            // Failed or too slow: unregister all the same.
        }

        try
        {
            await grains.GetGrain<IRealtimeHostsGrain>(0).UnregisterAsync(HostId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            grains.DeleteObjectReference<IRealtimeHost>(reference);
        }
        catch (Exception error)
        {
            // The entry expires from the list by itself, and the reference goes with the client.
            logger.LogDebug(error, "Could not unregister real-time host {HostId}.", HostId);
        }
    }
}
