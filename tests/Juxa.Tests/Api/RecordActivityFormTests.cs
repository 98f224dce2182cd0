using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A record's activity feed shows values in the output form a record read gives (docs/records-storage.md, "Activity
/// feed"): option ids with their current titles, names with their full name; values of an attribute that did not exist
/// when the entry was written stay as stored.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RecordActivityFormTests(ApiFixture api)
{
    [Fact]
    public async Task Activity_shows_options_with_their_current_titles_and_names_with_full_name()
    {
        var user = await api.SignUpAsync();
        var deal = (await user.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Anvils", stage = "Lead" } }))["id"]!.GetValue<Guid>();
        var path = $"/api/v1/objects/deals/records/{deal}";
        var stages = (await user.Session.GetOkAsync("/api/v1/objects/deals/attributes"))
            .AsArray().Single(a => a!["slug"]!.GetValue<string>() == "stage")!;
        var lead = stages["statuses"]!.AsArray().Single(s => s!["title"]!.GetValue<string>() == "Lead")!["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync(path, new { values = new { stage = "Won" } });
        var won = (await user.Session.GetOkAsync(path))["values"]!["stage"]!["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync($"/api/v1/objects/deals/attributes/options",
            new { optionId = won, attributeType = "status", title = "Closed won" });
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = new { first_name = "Jane", last_name = "Doe" } } }))["id"]!.GetValue<Guid>();

        var dealFeed = (await user.Session.GetOkAsync($"{path}/activity"))["activity"]!.AsArray();
        var personFeed = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();

        var (updated, created) = (dealFeed[0]!, dealFeed[1]!);
        Assert.True(JsonNode.DeepEquals(Option(lead, "Lead"), updated["changes"]!["stage"]!["old"]));
        Assert.True(JsonNode.DeepEquals(Option(won, "Closed won"), updated["changes"]!["stage"]!["new"]));
        Assert.True(JsonNode.DeepEquals(Option(lead, "Lead"), created["changes"]!["values"]!["stage"]));
        Assert.Equal("Anvils", created["changes"]!["values"]!["name"]!.GetValue<string>());
        Assert.Equal("Jane Doe", personFeed[0]!["changes"]!["values"]!["name"]!["full_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_entry_activity_shows_the_lists_option_titles()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var priority = await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "priority", title = "Priority", type = "select", options = new[] { "High", "Low" } });
        var (high, low) = (OptionId(priority, "High"), OptionId(priority, "Low"));
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Jane Doe" } }))["id"]!.GetValue<Guid>();
        var entry = (await user.Session.PostOkAsync($"/api/v1/lists/{list}/entries", new { recordId = person, values = new { priority = "High" } }))["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entry}", new { values = new { priority = "Low" } });

        var feed = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();

        var (updated, added) = (feed[0]!, feed[1]!);
        Assert.Equal("list_entry_updated", updated["kind"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Option(high, "High"), updated["changes"]!["values"]!["priority"]!["old"]));
        Assert.True(JsonNode.DeepEquals(Option(low, "Low"), updated["changes"]!["values"]!["priority"]!["new"]));
        Assert.Equal("list_entry_added", added["kind"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Option(high, "High"), added["changes"]!["values"]!["priority"]));
        Assert.Equal(list, added["changes"]!["listId"]!.GetValue<Guid>());
        Assert.Equal("Pipeline", added["changes"]!["listName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_value_of_a_deleted_attribute_whose_slug_was_taken_again_stays_as_written()
    {
        var user = await api.SignUpAsync();
        var attribute = (await user.Session.PostOkAsync("/api/v1/objects/people/attributes",
            new { slug = "tier", title = "Tier", type = "text" }))["id"]!.GetValue<Guid>();
        // A text that reads as an option id: formatted by the newer select attribute, it would become {id, title: null}.
        var written = Guid.NewGuid().ToString();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Jane Doe", tier = written } }))["id"]!.GetValue<Guid>();
        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/people/attributes?attributeId={attribute}"));
        await user.Session.PostOkAsync("/api/v1/objects/people/attributes",
            new { slug = "tier", title = "Tier", type = "select", options = new[] { "gold", "silver" } });

        var feed = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();

        Assert.Equal(written, feed.Single()!["changes"]!["values"]!["tier"]!.GetValue<string>());
    }

    private static Guid OptionId(JsonNode attribute, string title) =>
        attribute["options"]!.AsArray().Single(o => o!["title"]!.GetValue<string>() == title)!["id"]!.GetValue<Guid>();

    private static JsonObject Option(Guid id, string title) => new() { ["id"] = id.ToString(), ["title"] = title };
}
