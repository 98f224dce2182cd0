using System.Net;
using System.Text.Json.Nodes;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Api;

/// <summary>
/// Deleting a record removes every reference to it: from the record-reference values of other records (rows, hot
/// copies, filters) and of list entries, in the delete's transaction (docs/values.md, record-reference).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeletedRecordReferencesTests(ApiFixture api)
{
    private static async Task<Guid> CreateAsync(JuxaClient client, string slug, object values) =>
        (await client.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    private static JsonObject Reference(string targetObject, Guid id) => new() { ["target_object"] = targetObject, ["target_record_id"] = id.ToString() };

    [Fact]
    public async Task Deleting_a_record_strips_it_from_the_records_that_reference_it()
    {
        var user = await api.SignUpAsync();
        var company = await CreateAsync(user.Session, "companies", new { name = "Acme Corp" });
        var gone = await CreateAsync(user.Session, "people", new { name = "Wile Coyote" });
        var kept = await CreateAsync(user.Session, "people", new { name = "Road Runner" });
        var added = await CreateAsync(user.Session, "people", new { name = "Marvin Martian" });
        var deal = await CreateAsync(user.Session, "deals", new { name = "Anvils", associated_company = company, associated_people = new[] { gone, kept } });
        var path = $"/api/v1/objects/deals/records/{deal}";
        await user.Session.GetOkAsync(path);

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/people/records/{gone}"), HttpStatusCode.OK);
        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}"), HttpStatusCode.OK);
        var fetched = await user.Session.GetOkAsync(path);
        var withCompany = await user.Session.PostOkAsync("/api/v1/objects/deals/records/query",
            new { filter = new { attribute = "associated_company", @operator = "is_not_empty" } });
        var people = fetched["values"]!["associated_people"]!.AsArray();
        var patched = await user.Session.PatchOkAsync(path, new { values = new { associated_people = new JsonArray([.. people.Select(p => p!.DeepClone()), Reference("people", added)]) } });
        var activity = (await user.Session.GetOkAsync($"{path}/activity"))["activity"]!.AsArray();

        Assert.True(JsonNode.DeepEquals(new JsonArray(Reference("people", kept)), people));
        Assert.Null(fetched["values"]!["associated_company"]);
        Assert.Empty(withCompany["records"]!.AsArray());
        Assert.Equal([kept, added], patched["values"]!["associated_people"]!.AsArray().Select(p => p!["target_record_id"]!.GetValue<Guid>()));
        Assert.Equal(["updated", "updated", "updated", "created"], activity.Select(a => a!["kind"]!.GetValue<string>()));
        var (byCompany, byPerson) = (activity[1]!, activity[2]!);
        Assert.Equal(["associated_company"], byCompany["changes"]!.AsObject().Select(c => c.Key));
        Assert.True(JsonNode.DeepEquals(Reference("companies", company), byCompany["changes"]!["associated_company"]!["old"]));
        Assert.Null(byCompany["changes"]!["associated_company"]!["new"]);
        Assert.True(JsonNode.DeepEquals(new JsonArray(Reference("people", gone), Reference("people", kept)), byPerson["changes"]!["associated_people"]!["old"]));
        Assert.True(JsonNode.DeepEquals(new JsonArray(Reference("people", kept)), byPerson["changes"]!["associated_people"]!["new"]));
        Assert.Equal(user.MemberId, byPerson["actor"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_record_that_references_itself_and_its_referrer_are_deleted_cleanly()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/people/attributes",
            new { slug = "mentor", title = "Mentor", type = "record-reference", config = new { targetObject = "people" } });
        var self = await CreateAsync(user.Session, "people", new { name = "Ouroboros" });
        await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{self}", new { values = new { mentor = self } });
        var mentee = await CreateAsync(user.Session, "people", new { name = "Mentee", mentor = self });

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/people/records/{self}"), HttpStatusCode.OK);
        var fetched = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{mentee}");

        Assert.Null(fetched["values"]!["mentor"]);
        Assert.Equal("Mentee", fetched["values"]!["name"]!["full_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_record_strips_it_from_list_entries_that_reference_it()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "account", title = "Account", type = "record-reference", config = new { targetObject = "companies" } });
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "referrers", title = "Referrers", type = "record-reference", isMultiselect = true, config = new { targetObject = "people" } });
        var company = await CreateAsync(user.Session, "companies", new { name = "Acme Corp" });
        var gone = await CreateAsync(user.Session, "people", new { name = "Wile Coyote" });
        var kept = await CreateAsync(user.Session, "people", new { name = "Road Runner" });
        var person = await CreateAsync(user.Session, "people", new { name = "Ada Lovelace" });
        await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{list}/entries",
            new { recordId = person, values = new { account = company, referrers = new[] { gone, kept } } }), HttpStatusCode.Created);

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/people/records/{gone}"), HttpStatusCode.OK);
        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}"), HttpStatusCode.OK);
        var entry = Assert.Single((await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries"))["entries"]!.AsArray())!;
        var activity = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();

        Assert.Null(entry["values"]!["account"]);
        Assert.True(JsonNode.DeepEquals(new JsonArray(Reference("people", kept)), entry["values"]!["referrers"]));
        Assert.Equal(["list_entry_updated", "list_entry_updated", "list_entry_added", "created"], activity.Select(a => a!["kind"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(Reference("companies", company), activity[0]!["changes"]!["values"]!["account"]!["old"]));
        Assert.True(JsonNode.DeepEquals(new JsonArray(Reference("people", kept)), activity[1]!["changes"]!["values"]!["referrers"]!["new"]));
    }

    [Fact]
    public async Task Deleting_a_record_refreshes_the_referrers_that_are_active_and_activates_none_of_the_others()
    {
        var user = await api.SignUpAsync();
        var company = await CreateAsync(user.Session, "companies", new { name = "Initech" });
        var created = await CreateAsync(user.Session, "people", new { name = "Peter Gibbons", company });
        // Imported rows are written without their grains: none of these people has an activation.
        var rows = Enumerable.Range(0, 100).Select(i => new { name = $"Initech Staff {i}", company }).ToArray();
        Assert.Equal(100, (await user.Session.PostOkAsync("/api/v1/objects/people/records/import", new { rows }))["created"]!.GetValue<int>());
        var staff = (await user.Session.PostOkAsync("/api/v1/objects/people/records/query",
                new { limit = 200, filter = new { attribute = "name", @operator = "starts_with", value = "Initech Staff" } }))["records"]!.AsArray()
            .Select(r => r!["id"]!.GetValue<Guid>()).ToList();
        var (read, unread) = (staff[0], staff.Skip(1).ToList());
        Assert.Equal(company, (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{read}"))["values"]!["company"]!["target_record_id"]!.GetValue<Guid>());
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var recordGrainType = grains.GetGrain<IRecordGrain>(read).GetGrainId().Type;

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}"), HttpStatusCode.OK);
        // The catalog says what is active now. An activation made for the delete and gone on idle right after is no
        // longer there, but the directory still answers for it a while: only when neither names them were none made.
        var management = grains.GetGrain<IManagementGrain>(0);
        var active = (await management.GetActiveGrains(recordGrainType)).Select(g => g.GetGuidKey()).ToHashSet();
        var located = new List<Guid>();
        foreach (var id in unread)
        {
            if (await management.GetActivationAddress(grains.GetGrain<IRecordGrain>(id)) is not null)
            {
                located.Add(id);
            }
        }

        Assert.DoesNotContain(unread, active.Contains);
        Assert.Empty(located);
        Assert.Null((await user.Session.GetOkAsync($"/api/v1/objects/people/records/{created}"))["values"]!["company"]);
        Assert.Null((await user.Session.GetOkAsync($"/api/v1/objects/people/records/{read}"))["values"]!["company"]);
    }

    /// <summary>
    /// The delete goes straight through the writer, as if the call that refreshes the referencing record's grain were
    /// lost: that grain's copy still holds the reference, and its next write must not put it back.
    /// </summary>
    [Fact]
    public async Task A_stale_copy_cannot_write_a_deleted_reference_back()
    {
        var user = await api.SignUpAsync();
        var company = await CreateAsync(user.Session, "companies", new { name = "Acme Corp" });
        var person = await CreateAsync(user.Session, "people", new { name = "Wile Coyote", company });
        var path = $"/api/v1/objects/people/records/{person}";
        await user.Session.GetOkAsync(path);

        var services = api.Factory.Services;
        var row = await services.GetRequiredService<RecordRepository>().GetAsync(company);
        await services.GetRequiredService<RecordWriter>().DeleteAsync(row!, new Actor("member", user.MemberId));
        var patched = await user.Session.PatchOkAsync(path, new { values = new { job_title = "Engineer" } });
        var queried = await user.Session.PostOkAsync("/api/v1/objects/people/records/query",
            new { filter = new { attribute = "company", @operator = "is_not_empty" } });

        Assert.Null(patched["values"]!["company"]);
        Assert.Equal("Engineer", patched["values"]!["job_title"]!.GetValue<string>());
        Assert.Empty(queried["records"]!.AsArray());
    }
}
