using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// An empty title or content means "none", on create as on PATCH (docs/collaboration.md). Before, a note created with
/// <c>"content": ""</c> stored and returned <c>""</c>, and a PATCH sending that same <c>""</c> counted as a change:
/// a new updatedAt and a note_updated activity entry for nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoteEmptyFieldTests(ApiFixture api)
{
    [Fact]
    public async Task An_empty_field_on_create_is_left_out_and_clearing_it_again_writes_nothing()
    {
        var user = await api.SignUpAsync();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "P" } }))["id"]!.GetValue<Guid>();
        var note = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "Call", content = "" });
        var untitled = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "", content = "Body" });

        var same = await user.Session.PatchOkAsync($"/api/v1/notes/{note["id"]}", new { content = "" });
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity");

        Assert.Null(note["content"]);
        Assert.Null(untitled["title"]);
        Assert.Null((await user.Session.GetOkAsync($"/api/v1/notes/{untitled["id"]}"))["title"]);
        Assert.Equal(note["updatedAt"]!.GetValue<string>(), same["updatedAt"]!.GetValue<string>());
        Assert.Equal(["note_created", "note_created", "created"], activity["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }
}
