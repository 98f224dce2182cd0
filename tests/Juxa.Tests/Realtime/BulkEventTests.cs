using System.Net;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Realtime;

/// <summary>
/// A change that touches many records publishes their events in bulk (<see cref="IRealtimePublisher.PublishManyAsync"/>):
/// more than one hand-off's worth and more than one sequence block's, each still delivered once, in order, with no gap.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BulkEventTests(ApiFixture api)
{
    [Fact]
    public async Task Deleting_a_record_that_1200_people_reference_delivers_every_recordUpdated_in_one_unbroken_run()
    {
        const int referrers = RealtimePublisher.MaxHandOff + 200;
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Initrode" } }))["id"]!.GetValue<Guid>();
        await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, company);
        foreach (var batch in Enumerable.Range(0, referrers).Chunk(1000))
        {
            var rows = batch.Select(i => new { name = $"Initrode Staff {i}", company }).ToArray();
            Assert.Equal(rows.Length, (await user.Session.PostOkAsync("/api/v1/objects/people/records/import", new { rows }))["created"]!.GetValue<int>());
        }

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}"), HttpStatusCode.OK);
        await Eventually.HoldsAsync($"{referrers} recordUpdated events", () => hub.Received.Count(r => r.Method == RealtimeEventTypes.RecordUpdated) >= referrers);
        await Task.Delay(300);

        var events = hub.Received.Where(r => r.Method != RealtimeEventTypes.RecordCreated).Select(r => r.Payload).ToList();
        var updated = events.Where(e => e.GetProperty("type").GetString() == RealtimeEventTypes.RecordUpdated).ToList();
        Assert.Equal(referrers, updated.Count);
        Assert.Equal(referrers, updated.Select(e => e.GetProperty("recordId").GetGuid()).Distinct().Count());
        Assert.All(updated, e => Assert.Equal(["company"], e.GetProperty("changedAttributes").EnumerateArray().Select(a => a.GetString())));
        // Nothing else happens in this fresh workspace: the delete's own event, then its referrers', numbered without a gap.
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, referrers + 1).Select(i => sequences[0] + i), sequences);
        Assert.Equal(RealtimeEventTypes.RecordDeleted, events[0].GetProperty("type").GetString());
    }
}
