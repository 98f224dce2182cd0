using Juxa.Identity;
using Microsoft.Extensions.Hosting;

namespace Juxa.Database;

/// <summary>
/// Brings the database up to date before anything else starts: as a lifecycle service its
/// <see cref="StartingAsync"/> runs before every hosted service's StartAsync, including the
/// Orleans silo or client, whose clustering tables the migrations create.
/// </summary>
public sealed class DatabaseInitializer(MigrationRunner migrations, Bootstrapper bootstrapper) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrations.ApplyAsync(Migration.LoadEmbedded(), cancellationToken);
        await bootstrapper.RunAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
