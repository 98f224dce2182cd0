using Juxa.Realtime;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Realtime;

/// <summary>Fan-out across API hosts: a second API host, an Orleans client of the fixture's cluster, gets events written through the first.</summary>
[Collection(ApiCollection.Name)]
public sealed class TwoHostTests(ApiFixture api)
{
    [Fact]
    public async Task An_event_written_through_one_host_reaches_a_client_of_another()
    {
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        // Compared by id, not by count: a host another test stopped may still be listed, and drop out meanwhile.
        async Task<HashSet<Guid>> HostsAsync() => (await grains.GetGrain<IRealtimeHostsGrain>(0).GetHostsAsync()).Select(h => h.HostId).ToHashSet();
        var before = await HostsAsync();
        var added = new HashSet<Guid>();
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        var second = new JuxaApiFactory(api.Database, new Dictionary<string, string?> { ["Juxa:Orleans:Mode"] = "Client" })
        {
            ClusterId = api.Factory.ClusterId,
        };
        try
        {
            second.StartKestrel();
            await using var hub = await HubListener.ConnectAsync(second.ServerAddress!, token);
            await Eventually.HoldsAsync("the second host registers", async () =>
            {
                added = (await HostsAsync()).Except(before).ToHashSet();
                return added.Count > 0;
            });
            // Notifiers trust their host list for up to a second: after that every flush includes the new host.
            await Task.Delay(RealtimeNotifierGrain.HostListTtl + TimeSpan.FromMilliseconds(200));

            var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Across Hosts" } }))["id"]!.GetValue<Guid>();
            var e = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id);

            Assert.Equal(user.WorkspaceId, e.GetProperty("workspaceId").GetGuid());
            Assert.Equal("people", e.GetProperty("object").GetString());
        }
        finally
        {
            await second.DisposeAsync();
        }

        // A host that shuts down leaves the list at once (it does not wait for its entry to expire).
        await Eventually.HoldsAsync("the second host leaves the list", async () => !(await HostsAsync()).Overlaps(added));
    }
}
