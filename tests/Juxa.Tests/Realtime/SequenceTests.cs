using Juxa.Hosting;
using Juxa.Realtime;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Juxa.Tests.Realtime;

/// <summary>
/// Sequence numbers of a stream on real silos with ADO.NET grain storage in PostgreSQL: a new
/// activation that never heard of the old one (a crash) continues above everything handed out,
/// and a graceful restart continues without a jump.
/// </summary>
public sealed class SequenceTests
{
    [Fact]
    public async Task A_stream_never_goes_backwards_across_a_lost_activation_and_continues_after_a_graceful_restart()
    {
        await using var database = await TestDatabase.CreateAsync();
        var workspaceId = Guid.NewGuid();
        var stream = RealtimeGroups.Workspace(workspaceId);
        var message = new RealtimeMessage([stream], RealtimeEvent.Create(RealtimeEventTypes.RecordCreated, workspaceId, "people", Guid.NewGuid(),
            new Actor(Actor.Member, Guid.NewGuid()), at: DateTimeOffset.UtcNow));
        var seen = new List<long>();

        using var first = await StartSiloAsync(database);
        for (var i = 0; i < 3; i++)
        {
            seen.Add(await PublishAsync(first, stream, message));
        }

        // A second cluster on the same storage activates the stream without the first activation's memory,
        // exactly as after a crash: it must start above the block the first one reserved.
        using (var second = await StartSiloAsync(database))
        {
            seen.Add(await PublishAsync(second, stream, message));

            // The first silo shuts down; its attempt to give back its unused block must not lower the high-water mark.
            await first.StopAsync();
            seen.Add(await PublishAsync(second, stream, message));
            await second.StopAsync();
        }

        // The second silo stopped gracefully and gave back its unused block: no jump now.
        using (var third = await StartSiloAsync(database))
        {
            seen.Add(await PublishAsync(third, stream, message));
            await third.StopAsync();
        }

        Assert.Equal([1, 2, 3, RealtimeStreamGrain.BlockSize + 1, RealtimeStreamGrain.BlockSize + 2, RealtimeStreamGrain.BlockSize + 3], seen);
    }

    private static async Task<long> PublishAsync(IHost silo, string stream, RealtimeMessage message)
    {
        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IRealtimeStreamGrain>(stream);
        await grain.PublishAsync(message);
        return await grain.GetLastSequenceAsync();
    }

    private static async Task<IHost> StartSiloAsync(TestDatabase database)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(StandaloneSiloSettings.For(database, "sequence-" + Guid.NewGuid().ToString("N")[..8]));
        builder.Services.AddJuxaData();
        builder.UseOrleans(silo => silo.UseJuxaSilo());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
