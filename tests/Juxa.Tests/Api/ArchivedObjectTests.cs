using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// An archived object takes nothing new — records (create, assert, import), attributes, lists, list entries, reference
/// attributes that target it: each is a 409 CONFLICT saying how to unarchive, and nothing is written — while its existing
/// records stay readable, queryable, searchable, editable and deletable (docs/schema.md#archived-objects).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ArchivedObjectTests(ApiFixture api)
{
    [Fact]
    public async Task An_archived_object_refuses_new_records_by_create_assert_and_import()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Before" } });
        await ArchiveAsync(user, "companies", true);

        var created = await user.Session.PostAsync("/api/v1/objects/companies/records", new { values = new { name = "After" } });
        var asserted = await user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = "Asserted", values = new { description = "new" } });
        var imported = await user.Session.PostAsync("/api/v1/objects/companies/records/import",
            new { rows = new[] { new { name = "Imported one" }, new { name = "Imported two" } } });

        foreach (var response in new[] { created, asserted, imported })
        {
            var error = await response.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
            AssertNamesArchive(error, "companies", "records");
        }

        var all = await user.Session.GetOkAsync("/api/v1/objects/companies/records");
        Assert.Equal(["Before"], all["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>()));
        Assert.Equal(1, all["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_archived_object_refuses_new_attributes()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "matters", singularName = "Matter", pluralName = "Matters" });
        await user.Session.PostOkAsync("/api/v1/objects/matters/attributes", new { slug = "label", title = "Label", type = "text" });
        await ArchiveAsync(user, "matters", true);

        var response = await user.Session.PostAsync("/api/v1/objects/matters/attributes",
            new { slug = "priority", title = "Priority", type = "select", options = new[] { "Low", "High" } });

        AssertNamesArchive(await response.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT"), "matters", "attributes");
        var attributes = await user.Session.GetOkAsync("/api/v1/objects/matters/attributes?includeArchived=true");
        Assert.Equal(["label"], attributes.AsArray().Select(a => a!["slug"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_archived_object_gets_no_new_lists_nor_entries_but_its_lists_stay_usable()
    {
        var user = await api.SignUpAsync();
        var ada = await CreateAsync(user, "people", new { name = "Ada Lovelace" });
        var grace = await CreateAsync(user, "people", new { name = "Grace Hopper" });
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "score", title = "Score", type = "number" });
        var entry = (await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = ada }),
            HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        await ArchiveAsync(user, "people", true);

        var newList = await user.Session.PostAsync("/api/v1/lists", new { name = "Second", objectSlug = "people" });
        var newEntry = await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = grace });
        var patched = await user.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entry}", new { values = new { score = 7 } });

        AssertNamesArchive(await newList.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT"), "people", "lists");
        AssertNamesArchive(await newEntry.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT"), "people", "list entries");
        Assert.Equal(7, patched["values"]!["score"]!.GetValue<int>());
        var lists = await user.Session.GetOkAsync("/api/v1/lists");
        Assert.Equal(["Pipeline"], lists["lists"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));
        var entries = await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries");
        Assert.Equal([ada], entries["entries"]!.AsArray().Select(e => e!["recordId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task An_archived_object_is_the_target_of_no_new_reference_attribute_on_objects_or_lists()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await ArchiveAsync(user, "companies", true);

        var onObject = await user.Session.PostAsync("/api/v1/objects/deals/attributes",
            new { slug = "partner", title = "Partner", type = "record-reference", config = new { targetObject = "companies" } });
        var onList = await user.Session.PostAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "partner", title = "Partner", type = "record-reference", config = new { targetObject = "companies" } });
        // The references that exist stay as usable as before: their attribute can still be changed.
        var company = (await user.Session.GetOkAsync("/api/v1/objects/people/attributes")).AsArray().First(a => a!["slug"]!.GetValue<string>() == "company")!;
        var retitled = await user.Session.PatchOkAsync("/api/v1/objects/people/attributes",
            new { attributeId = company["id"]!.GetValue<Guid>(), title = "Employer", config = new { targetObject = "companies" } });

        AssertNamesArchive(await onObject.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT"), "companies", "reference attributes");
        AssertNamesArchive(await onList.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT"), "companies", "reference attributes");
        Assert.Equal("Employer", retitled["title"]!.GetValue<string>());
        var deals = await user.Session.GetOkAsync("/api/v1/objects/deals/attributes?includeArchived=true");
        Assert.DoesNotContain(deals.AsArray(), a => a!["slug"]!.GetValue<string>() == "partner");
        var listAttributes = await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes");
        Assert.Empty(listAttributes.AsArray());

        await ArchiveAsync(user, "companies", false);
        var afterUnarchive = await user.Session.PostOkAsync("/api/v1/objects/deals/attributes",
            new { slug = "partner", title = "Partner", type = "record-reference", config = new { targetObject = "companies" } });
        Assert.Equal("companies", afterUnarchive["config"]!["targetObject"]!.GetValue<string>());
    }

    [Fact]
    public async Task Records_of_an_archived_object_stay_readable_editable_and_deletable()
    {
        var user = await api.SignUpAsync();
        var keep = await CreateAsync(user, "companies", new { name = "Zyntherion Labs" });
        var drop = await CreateAsync(user, "companies", new { name = "Gone Corp" });
        await ArchiveAsync(user, "companies", true);

        var read = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{keep}");
        var queried = await user.Session.PostOkAsync("/api/v1/objects/companies/records/query",
            new { filter = new { @operator = "and", conditions = new[] { new { attribute = "name", @operator = "contains", value = "zyntherion" } } } });
        var found = await user.Session.GetOkAsync("/api/v1/search?q=zyntherion");
        var patched = await user.Session.PatchOkAsync($"/api/v1/objects/companies/records/{keep}", new { values = new { description = "Edited" } });
        var asserted = await JuxaClient.DataAsync(await user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = "Zyntherion Labs", values = new { description = "Asserted" } }), HttpStatusCode.OK);
        var deleted = await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{drop}");

        Assert.Equal("Zyntherion Labs", read["values"]!["name"]!.GetValue<string>());
        Assert.Equal([keep], queried["records"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal([keep], found["results"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal("Edited", patched["values"]!["description"]!.GetValue<string>());
        Assert.Equal(keep, asserted["id"]!.GetValue<Guid>());
        Assert.Equal("Asserted", asserted["values"]!["description"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await (await user.Session.GetAsync($"/api/v1/objects/companies/records/{drop}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_unarchived_object_takes_records_and_attributes_again_at_once()
    {
        var user = await api.SignUpAsync();
        await ArchiveAsync(user, "deals", true);
        var refused = await user.Session.PostAsync("/api/v1/objects/deals/records", new { values = new { name = "Too early" } });
        await refused.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");

        var unarchived = await ArchiveAsync(user, "deals", false);
        var record = await user.Session.PostOkAsync("/api/v1/objects/deals/records", new { values = new { name = "Back" } });
        var attribute = await user.Session.PostOkAsync("/api/v1/objects/deals/attributes", new { slug = "source", title = "Source", type = "text" });

        Assert.False(unarchived["isArchived"]!.GetValue<bool>());
        Assert.Equal("Back", record["values"]!["name"]!.GetValue<string>());
        Assert.Equal("source", attribute["slug"]!.GetValue<string>());
    }

    private static async Task<JsonNode> ArchiveAsync(SignedUp user, string slug, bool archived)
    {
        var obj = await user.Session.PatchOkAsync($"/api/v1/objects/{slug}", new { isArchived = archived });
        Assert.Equal(archived, obj["isArchived"]!.GetValue<bool>());
        return obj;
    }

    private static async Task<Guid> CreateAsync(SignedUp user, string slug, object values) =>
        (await user.Session.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    /// <summary>The message names the object, what it refused, and how to unarchive it.</summary>
    private static void AssertNamesArchive(JsonObject error, string slug, string what)
    {
        var message = error["message"]!.GetValue<string>();
        Assert.Contains($"'{slug}' is archived", message);
        Assert.Contains($"no new {what}", message);
        Assert.Contains($"PATCH /api/v1/objects/{slug} {{\"isArchived\": false}}", message);
    }
}
