using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Realtime;

/// <summary>
/// Deletes that take other rows with them publish what removing those rows one by one would: deleting a record
/// publishes <c>listEntryChanged</c> "removed" for each of its entries in public lists, <c>taskChanged</c> "updated" for
/// each task it was linked to and <c>noteDeleted</c> for each of its notes, before its <c>recordDeleted</c>; deleting a list
/// publishes "removed" for each of its entries.
/// Before, the database cascades removed them silently, and a client mirroring a list or a task stayed stale.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CascadeEventTests(ApiFixture api)
{
    private static JsonObject Data(JsonElement e) => JsonNode.Parse(e.GetProperty("data").GetRawText())!.AsObject();

    private static string Change(JsonElement e) => e.GetProperty("data").GetProperty("change").GetString()!;

    private static Guid? RecordId(JsonElement e) => e.TryGetProperty("recordId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : null;

    private static void AssertSame(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}, got {actual.ToJsonString()}");

    private static JsonObject Removed(Guid entry, Guid list, Guid record) =>
        new() { ["id"] = entry, ["listId"] = list, ["recordId"] = record, ["change"] = "removed" };

    /// <summary>The task as GET returns it, with the <c>change</c> a <c>taskChanged</c> event adds.</summary>
    private static JsonObject WithChange(JsonNode task, string change)
    {
        var data = (JsonObject)task.DeepClone();
        data["change"] = change;
        return data;
    }

    private static async Task<Guid> CreateAsync(SignedUp user, string slug, string name) =>
        (await user.Session.PostOkAsync($"/api/v1/objects/{slug}/records", new { values = new { name } }))["id"]!.GetValue<Guid>();

    private static async Task<Guid> ListAsync(SignedUp user, string name, bool isPrivate = false) =>
        (await user.Session.PostOkAsync("/api/v1/lists", new { name, objectSlug = "people", isPrivate }))["id"]!.GetValue<Guid>();

    private static async Task<Guid> AddAsync(SignedUp user, Guid list, Guid record) =>
        (await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = record }), HttpStatusCode.Created))["id"]!
        .GetValue<Guid>();

    /// <summary>
    /// Creates a record after the change under test and waits for its event: everything published before it has arrived
    /// by then. Returns the events received after <paramref name="after"/> up to (not including) the marker's, and the marker's sequence.
    /// </summary>
    private static async Task<(List<JsonElement> Events, long MarkerSequence)> EventsUntilMarkerAsync(SignedUp user, HubListener hub, long after)
    {
        var marker = await CreateAsync(user, "companies", "Marker");
        var markerEvent = await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, marker);
        var markerSequence = markerEvent.GetProperty("sequence").GetInt64();
        var events = hub.Received.Select(r => r.Payload)
            .Where(e => e.GetProperty("sequence").GetInt64() > after && e.GetProperty("sequence").GetInt64() < markerSequence)
            .OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        return (events, markerSequence);
    }

    /// <summary>Every sequence from after + 1 to the marker's is among the events: nothing missing, nothing extra.</summary>
    private static void AssertUnbroken(List<JsonElement> events, long after, long markerSequence)
    {
        Assert.Equal(markerSequence - after - 1, events.Count);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => after + i), events.Select(e => e.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Deleting_a_record_removes_it_from_lists_and_unlinks_its_tasks_with_events_before_its_recordDeleted()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        var other = await api.SignUpAsync();
        var (otherToken, _) = await other.CreateKeyAsync();
        await using var otherHub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, otherToken);

        var person = await CreateAsync(user, "people", "Ada Lovelace");
        var colleague = await CreateAsync(user, "people", "Charles Babbage");
        var deal = await CreateAsync(user, "deals", "Engine");
        var (pipeline, shortlist, secret) = (await ListAsync(user, "Pipeline"), await ListAsync(user, "Shortlist"), await ListAsync(user, "Secret", isPrivate: true));
        var (inPipeline, inShortlist) = (await AddAsync(user, pipeline, person), await AddAsync(user, shortlist, person));
        await AddAsync(user, secret, person);
        var colleagueEntry = await AddAsync(user, pipeline, colleague);
        var both = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Both", recordIds = new[] { person, deal } });
        var onlyPerson = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Only Ada", recordIds = new[] { person } });
        var onlyDeal = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Only the deal", recordIds = new[] { deal } });
        var (bothId, onlyPersonId) = (both["id"]!.GetValue<Guid>(), onlyPerson["id"]!.GetValue<Guid>());
        var last = await hub.WaitForAsync(RealtimeEventTypes.TaskChanged, e => Data(e)["id"]!.GetValue<Guid>() == onlyDeal["id"]!.GetValue<Guid>());
        var after = last.GetProperty("sequence").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/objects/people/records/{person}")).StatusCode);
        var bothAfter = await user.Session.GetOkAsync($"/api/v1/tasks/{bothId}");
        var onlyPersonAfter = await user.Session.GetOkAsync($"/api/v1/tasks/{onlyPersonId}");
        var (events, markerSequence) = await EventsUntilMarkerAsync(user, hub, after);

        // The entries of public lists (not the private list's), then the tasks, then the record: numbered without a gap.
        AssertUnbroken(events, after, markerSequence);
        Assert.Equal(
            [RealtimeEventTypes.ListEntryChanged, RealtimeEventTypes.ListEntryChanged, RealtimeEventTypes.TaskChanged, RealtimeEventTypes.TaskChanged,
                RealtimeEventTypes.RecordDeleted],
            events.Select(e => e.GetProperty("type").GetString()));
        var removed = events.Take(2).ToList();
        Assert.Equal(new[] { inPipeline, inShortlist }.Order(), removed.Select(e => Data(e)["id"]!.GetValue<Guid>()).Order());
        AssertSame(Removed(inPipeline, pipeline, person), Data(removed.Single(e => Data(e)["id"]!.GetValue<Guid>() == inPipeline)));
        AssertSame(Removed(inShortlist, shortlist, person), Data(removed.Single(e => Data(e)["id"]!.GetValue<Guid>() == inShortlist)));
        Assert.All(removed, e => Assert.Equal("people", e.GetProperty("object").GetString()));
        Assert.All(removed, e => Assert.Equal(person, RecordId(e)));

        // Each task as GET returns it now: without the deleted record, with a new updatedAt. It goes to the records it still
        // links (the deal), or to the workspace when it links none any more.
        var (bothEvent, onlyPersonEvent) = (events[2], events[3]);
        Assert.Equal([deal], bothAfter["recordIds"]!.AsArray().Select(r => r!.GetValue<Guid>()));
        Assert.Empty(onlyPersonAfter["recordIds"]!.AsArray());
        Assert.True(bothAfter["updatedAt"]!.GetValue<DateTimeOffset>() > both["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.True(onlyPersonAfter["updatedAt"]!.GetValue<DateTimeOffset>() > onlyPerson["updatedAt"]!.GetValue<DateTimeOffset>());
        AssertSame(WithChange(bothAfter, "updated"), Data(bothEvent));
        AssertSame(WithChange(onlyPersonAfter, "updated"), Data(onlyPersonEvent));
        Assert.Equal(deal, RecordId(bothEvent));
        Assert.Equal("deals", bothEvent.GetProperty("object").GetString());
        Assert.Null(RecordId(onlyPersonEvent));
        Assert.Equal(person, RecordId(events[4]));
        Assert.All(events, e => Assert.Equal(user.MemberId, e.GetProperty("actor").GetProperty("id").GetGuid()));

        // A task update on the deal's feed, by the deleter; the task that never linked the person is untouched.
        var feed = (await user.Session.GetOkAsync($"/api/v1/objects/deals/records/{deal}/activity"))["activity"]!.AsArray();
        var logged = Assert.Single(feed, a => a!["kind"]!.GetValue<string>() == "task_updated")!;
        Assert.Equal(bothId, logged["changes"]!["taskId"]!.GetValue<Guid>());
        Assert.Equal(user.MemberId, logged["actor"]!["id"]!.GetValue<Guid>());
        Assert.Equal(onlyDeal["updatedAt"]!.GetValue<DateTimeOffset>(),
            (await user.Session.GetOkAsync($"/api/v1/tasks/{onlyDeal["id"]}"))["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal([colleagueEntry],
            (await user.Session.GetOkAsync($"/api/v1/lists/{pipeline}/entries"))["entries"]!.AsArray().Select(e => e!["id"]!.GetValue<Guid>()));

        // Another workspace hears nothing of it.
        Assert.Empty(otherHub.Received);
    }

    [Fact]
    public async Task Deleting_a_record_publishes_noteDeleted_for_each_of_its_notes_before_its_recordDeleted()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        var person = await CreateAsync(user, "people", "Ada Lovelace");
        var colleague = await CreateAsync(user, "people", "Charles Babbage");
        var entry = await AddAsync(user, await ListAsync(user, "Pipeline"), person);
        var task = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Call Ada", recordIds = new[] { person } });
        var first = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "Met", content = "At the Analytical Society" });
        var second = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { content = "Prefers letters" });
        var kept = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{colleague}/notes", new { content = "Not about Ada" });
        var last = await hub.WaitForAsync(RealtimeEventTypes.NoteCreated, e => Data(e)["id"]!.GetValue<Guid>() == kept["id"]!.GetValue<Guid>());
        var after = last.GetProperty("sequence").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/objects/people/records/{person}")).StatusCode);
        var (events, markerSequence) = await EventsUntilMarkerAsync(user, hub, after);

        // The entry, the task, then each note as it was (oldest first), then the record: numbered without a gap.
        AssertUnbroken(events, after, markerSequence);
        Assert.Equal(
            [RealtimeEventTypes.ListEntryChanged, RealtimeEventTypes.TaskChanged, RealtimeEventTypes.NoteDeleted, RealtimeEventTypes.NoteDeleted,
                RealtimeEventTypes.RecordDeleted],
            events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(entry, Data(events[0])["id"]!.GetValue<Guid>());
        Assert.Equal(task["id"]!.GetValue<Guid>(), Data(events[1])["id"]!.GetValue<Guid>());
        AssertSame(first, Data(events[2]));
        AssertSame(second, Data(events[3]));
        Assert.All(events.Skip(2).Take(2), e => Assert.Equal("people", e.GetProperty("object").GetString()));
        Assert.All(events.Skip(2).Take(2), e => Assert.Equal(person, RecordId(e)));
        Assert.All(events, e => Assert.Equal(user.MemberId, e.GetProperty("actor").GetProperty("id").GetGuid()));

        // The notes went with the record; the colleague's stays.
        Assert.Equal(HttpStatusCode.NotFound, (await user.Session.GetAsync($"/api/v1/notes/{first["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Session.GetAsync($"/api/v1/notes/{second["id"]}")).StatusCode);
        Assert.Equal([kept["id"]!.GetValue<Guid>()],
            (await user.Session.GetOkAsync("/api/v1/notes"))["notes"]!.AsArray().Select(n => n!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Deleting_a_public_list_publishes_removed_for_each_entry_and_a_private_one_publishes_nothing()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        var other = await api.SignUpAsync();
        var (otherToken, _) = await other.CreateKeyAsync();
        await using var otherHub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, otherToken);
        var people = new[] { await CreateAsync(user, "people", "Ada"), await CreateAsync(user, "people", "Grace"), await CreateAsync(user, "people", "Edsger") };
        var (pipeline, secret, kept) = (await ListAsync(user, "Pipeline"), await ListAsync(user, "Secret", isPrivate: true), await ListAsync(user, "Kept"));
        var entries = new Dictionary<Guid, Guid>();
        foreach (var person in people)
        {
            entries[await AddAsync(user, pipeline, person)] = person;
            await AddAsync(user, secret, person);
        }

        var keptEntry = await AddAsync(user, kept, people[0]);
        var after = (await hub.WaitForAsync(RealtimeEventTypes.ListEntryChanged, e => Data(e)["id"]!.GetValue<Guid>() == keptEntry)).GetProperty("sequence").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/lists/{secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/lists/{pipeline}")).StatusCode);
        var (events, markerSequence) = await EventsUntilMarkerAsync(user, hub, after);

        // Only the public list's entries, each once, as a one-by-one removal publishes it; the private list's deletion sent nothing.
        AssertUnbroken(events, after, markerSequence);
        Assert.All(events, e => Assert.Equal(RealtimeEventTypes.ListEntryChanged, e.GetProperty("type").GetString()));
        Assert.Equal(entries.Keys.Order(), events.Select(e => Data(e)["id"]!.GetValue<Guid>()).Order());
        Assert.All(events, e => AssertSame(Removed(Data(e)["id"]!.GetValue<Guid>(), pipeline, entries[Data(e)["id"]!.GetValue<Guid>()]), Data(e)));
        Assert.All(events, e => Assert.Equal(entries[Data(e)["id"]!.GetValue<Guid>()], RecordId(e)));
        Assert.All(events, e => Assert.Equal("people", e.GetProperty("object").GetString()));
        Assert.All(events, e => Assert.Equal(user.MemberId, e.GetProperty("actor").GetProperty("id").GetGuid()));
        Assert.Empty(otherHub.Received);
    }

    [Fact]
    public async Task Deleting_a_list_of_1200_entries_and_a_record_in_1200_lists_delivers_every_removal_in_one_unbroken_run()
    {
        const int count = RealtimePublisher.MaxHandOff + 200;
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        foreach (var batch in Enumerable.Range(0, count).Chunk(1000))
        {
            var rows = batch.Select(i => new { name = $"Person {i}" }).ToArray();
            Assert.Equal(rows.Length, (await user.Session.PostOkAsync("/api/v1/objects/people/records/import", new { rows }))["created"]!.GetValue<int>());
        }

        var big = await ListAsync(user, "Everyone");
        var star = await CreateAsync(user, "people", "Everywhere");
        // Entries and lists written straight to the database: 2400 requests would only make the test slow.
        await using (var db = api.Database.CreateDataSource())
        {
            await using var command = db.CreateCommand(
                """
                WITH people AS (SELECT r.id FROM records r JOIN objects o ON o.id = r.object_id
                                WHERE r.workspace_id = $1 AND o.slug = 'people' AND r.id <> $3),
                     entries AS (INSERT INTO list_entries (id, workspace_id, list_id, record_id, created_at, updated_at, created_by_type, created_by_id)
                                 SELECT gen_random_uuid(), $1, $2, id, now(), now(), 'member', $4 FROM people),
                     lists AS (INSERT INTO lists (id, workspace_id, object_id, name, created_by_member_id, created_at, updated_at)
                               SELECT gen_random_uuid(), $1, l.object_id, 'List ' || i, $4, now(), now()
                               FROM lists l, generate_series(1, $5) AS i WHERE l.id = $2 RETURNING id)
                INSERT INTO list_entries (id, workspace_id, list_id, record_id, created_at, updated_at, created_by_type, created_by_id)
                SELECT gen_random_uuid(), $1, id, $3, now(), now(), 'member', $4 FROM lists
                """);
            foreach (var value in new object[] { user.WorkspaceId, big, star, user.MemberId, count })
            {
                command.Parameters.AddWithValue(value);
            }

            await command.ExecuteNonQueryAsync();
        }

        var after = (await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, star)).GetProperty("sequence").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/lists/{big}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/objects/people/records/{star}")).StatusCode);
        var (events, markerSequence) = await EventsUntilMarkerAsync(user, hub, after);

        AssertUnbroken(events, after, markerSequence);
        var fromList = events.Take(count).ToList();
        Assert.All(fromList, e => Assert.Equal(big, Data(e)["listId"]!.GetValue<Guid>()));
        Assert.Equal(count, fromList.Select(e => Data(e)["id"]!.GetValue<Guid>()).Distinct().Count());
        var fromRecord = events.Skip(count).Take(count).ToList();
        Assert.All(fromRecord, e => Assert.Equal(star, Data(e)["recordId"]!.GetValue<Guid>()));
        Assert.Equal(count, fromRecord.Select(e => Data(e)["listId"]!.GetValue<Guid>()).Distinct().Count());
        Assert.All(events.Take(2 * count), e => Assert.Equal("removed", Change(e)));
        Assert.Equal(RealtimeEventTypes.RecordDeleted, Assert.Single(events.Skip(2 * count)).GetProperty("type").GetString());
    }
}
