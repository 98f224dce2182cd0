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

    [Fact]
    public async Task An_event_dropped_because_no_block_could_be_reserved_stays_a_gap_across_a_graceful_restart()
    {
        await using var database = await TestDatabase.CreateAsync();
        var workspaceId = Guid.NewGuid();
        var stream = RealtimeGroups.Workspace(workspaceId);
        var message = new RealtimeMessage([stream], RealtimeEvent.Create(RealtimeEventTypes.RecordCreated, workspaceId, "people", Guid.NewGuid(),
            new Actor(Actor.Member, Guid.NewGuid()), at: DateTimeOffset.UtcNow));
        await using var db = database.CreateDataSource();

        long last;
        using (var silo = await StartSiloAsync(database))
        {
            // The first block, used up: the next event needs a storage write.
            var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IRealtimeStreamGrain>(stream);
            await grain.PublishManyAsync([.. Enumerable.Repeat(message, (int)RealtimeStreamGrain.BlockSize)]);
            await using (var fail = db.CreateCommand(
                """
                CREATE FUNCTION refuse_storage_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'storage is away'; END $$;
                CREATE TRIGGER refuse_storage_writes BEFORE INSERT OR UPDATE ON orleansstorage FOR EACH ROW EXECUTE FUNCTION refuse_storage_writes();
                """))
            {
                await fail.ExecuteNonQueryAsync();
            }

            // Dropped: it gets no number, so the stream owes its clients a gap.
            await grain.PublishAsync(message);
            last = await grain.GetLastSequenceAsync();
            await using (var heal = db.CreateCommand("DROP TRIGGER refuse_storage_writes ON orleansstorage"))
            {
                await heal.ExecuteNonQueryAsync();
            }

            await silo.StopAsync();
        }

        using var restarted = await StartSiloAsync(database);
        var next = await PublishAsync(restarted, stream, message);
        await restarted.StopAsync();

        Assert.Equal(RealtimeStreamGrain.BlockSize, last);
        // Not BlockSize + 1: a client that saw BlockSize would take that for the next event and never re-fetch the dropped one.
        Assert.Equal(RealtimeStreamGrain.BlockSize + 2, next);
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
