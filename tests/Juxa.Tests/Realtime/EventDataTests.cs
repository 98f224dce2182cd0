using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Realtime;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Realtime;

/// <summary>
/// The <c>data</c> of note, task and list-entry events is the object as the REST API returns it (docs/realtime.md), plus
/// <c>change</c> where one event kind covers several changes; before, it was a stub such as <c>{noteId, title}</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EventDataTests(ApiFixture api)
{
    private async Task<(SignedUp User, HubListener Hub, Guid Person)> ConnectedWithPersonAsync()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada Lovelace" } }))["id"]!.GetValue<Guid>();
        return (user, hub, person);
    }

    private static JsonObject Data(JsonElement e) => JsonNode.Parse(e.GetProperty("data").GetRawText())!.AsObject();

    /// <summary>The event's data without its <c>change</c>, which the REST object does not have.</summary>
    private static JsonObject View(JsonObject data, string change)
    {
        Assert.Equal(change, data["change"]?.GetValue<string>());
        var view = (JsonObject)data.DeepClone();
        view.Remove("change");
        return view;
    }

    private static void AssertSame(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}, got {actual.ToJsonString()}");

    [Fact]
    public async Task NoteCreated_carries_the_note()
    {
        var (user, hub, person) = await ConnectedWithPersonAsync();
        await using var _ = hub;

        var note = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "Call", content = "Ring **Ada** on Monday." });
        var e = await hub.WaitForRecordAsync(RealtimeEventTypes.NoteCreated, person);

        AssertSame(note, Data(e));
        AssertSame(await user.Session.GetOkAsync($"/api/v1/notes/{note["id"]}"), Data(e));
    }

    [Fact]
    public async Task NoteUpdated_and_noteDeleted_carry_the_note_and_a_change_to_nothing_sends_none()
    {
        var (user, hub, person) = await ConnectedWithPersonAsync();
        await using var _ = hub;
        var (token, keyId) = await user.CreateKeyAsync();
        using var key = api.WithKey(token);
        var id = (await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "Call", content = "Ring Ada." }))["id"]!.GetValue<Guid>();

        await user.Session.PatchOkAsync($"/api/v1/notes/{id}", new { title = "Call" });
        var edited = await key.PatchOkAsync($"/api/v1/notes/{id}", new { content = "Ring Ada on Monday." });
        var updated = await hub.WaitForRecordAsync(RealtimeEventTypes.NoteUpdated, person);
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/notes/{id}")).StatusCode);
        var deleted = await hub.WaitForRecordAsync(RealtimeEventTypes.NoteDeleted, person);

        AssertSame(edited, Data(updated));
        Assert.Equal(("api_key", keyId), (updated.GetProperty("actor").GetProperty("type").GetString(), updated.GetProperty("actor").GetProperty("id").GetGuid()));
        Assert.Equal(edited["updatedAt"]!.GetValue<DateTimeOffset>(), updated.GetProperty("at").GetDateTimeOffset());
        // A deleted note as it was before the delete; the title-only PATCH that changed nothing sent nothing.
        AssertSame(edited, Data(deleted));
        Assert.Equal(user.MemberId, deleted.GetProperty("actor").GetProperty("id").GetGuid());
        Assert.Single(hub.Received, r => r.Method == RealtimeEventTypes.NoteUpdated);
        Assert.Equal("people", deleted.GetProperty("object").GetString());
    }

    [Fact]
    public async Task TaskChanged_carries_the_task_and_what_changed()
    {
        var (user, hub, person) = await ConnectedWithPersonAsync();
        await using var _ = hub;

        var created = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Send the draft", recordIds = new[] { person }, assigneeIds = new[] { user.MemberId } });
        var id = created["id"]!.GetValue<Guid>();
        var completed = await user.Session.PatchOkAsync($"/api/v1/tasks/{id}", new { isCompleted = true });
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/tasks/{id}")).StatusCode);
        await hub.WaitForAsync(RealtimeEventTypes.TaskChanged, e => e.GetProperty("data").GetProperty("change").GetString() == "deleted");
        var events = hub.Received.Where(r => r.Method == RealtimeEventTypes.TaskChanged).Select(r => r.Payload).ToList();

        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal(person, e.GetProperty("recordId").GetGuid()));
        AssertSame(created, View(Data(events[0]), "created"));
        AssertSame(completed, View(Data(events[1]), "updated"));
        // A deleted task as it was before the delete.
        AssertSame(completed, View(Data(events[2]), "deleted"));
    }

    [Fact]
    public async Task ListEntryChanged_carries_the_entry_and_what_changed()
    {
        var (user, hub, person) = await ConnectedWithPersonAsync();
        await using var _ = hub;
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Shortlist", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "stage", title = "Stage", type = "text" });

        var added = await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = person, values = new { stage = "new" } }),
            HttpStatusCode.Created);
        var entry = added["id"]!.GetValue<Guid>();
        var updated = await user.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entry}", new { values = new { stage = "won" } });
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/lists/{list}/entries/{entry}")).StatusCode);
        await hub.WaitForAsync(RealtimeEventTypes.ListEntryChanged, e => e.GetProperty("data").GetProperty("change").GetString() == "removed");
        var events = hub.Received.Where(r => r.Method == RealtimeEventTypes.ListEntryChanged).Select(r => r.Payload).ToList();

        Assert.Equal(3, events.Count);
        AssertSame(added, View(Data(events[0]), "added"));
        AssertSame(updated, View(Data(events[1]), "updated"));
        Assert.Equal(["stage"], events[1].GetProperty("changedAttributes").EnumerateArray().Select(a => a.GetString()));
        // The entry is gone: its ids say which one.
        AssertSame(new JsonObject { ["id"] = entry, ["listId"] = list, ["recordId"] = person }, View(Data(events[2]), "removed"));
    }

    [Fact]
    public async Task An_entry_that_loses_a_reference_to_a_deleted_record_is_pushed_as_the_entry()
    {
        var (user, hub, person) = await ConnectedWithPersonAsync();
        await using var _ = hub;
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme" } }))["id"]!.GetValue<Guid>();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Intros", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "via", title = "Via", type = "record-reference", config = new { targetObject = "companies" } });
        var entry = (await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = person, values = new { via = company } }),
            HttpStatusCode.Created))["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}")).StatusCode);
        var e = await hub.WaitForAsync(RealtimeEventTypes.ListEntryChanged, e => e.GetProperty("data").GetProperty("change").GetString() == "updated");
        var entries = await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries");

        var read = entries["entries"]!.AsArray().Single(x => x!["id"]!.GetValue<Guid>() == entry)!;
        Assert.Null(read["values"]!["via"]);
        AssertSame(read, View(Data(e), "updated"));
        Assert.Equal(["via"], e.GetProperty("changedAttributes").EnumerateArray().Select(a => a.GetString()));
    }
}
