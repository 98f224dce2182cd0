using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// <c>GET …/records/:id/related</c>: which links it follows (live reference attributes only, as a record read shows them),
/// in which order it lists the records of a group (newest first, a stable tiebreak on id), and that it is 404 for a
/// record of another object.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RelatedRecordsTests(ApiFixture api)
{
    [Fact]
    public async Task An_archived_reference_attribute_is_not_followed_until_it_is_unarchived()
    {
        var user = await api.SignUpAsync();
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme" } }))["id"]!.GetValue<Guid>();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Wile Coyote", company } }))["id"]!.GetValue<Guid>();
        var attributeId = await AttributeIdAsync(user.Session, "people", "company");

        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId, isArchived = true });
        var ofCompany = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/related");
        var ofPerson = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/related");
        var personRead = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}");

        // A read hides the archived attribute; related must not show the link it holds either.
        Assert.False(personRead["values"]!.AsObject().ContainsKey("company"));
        Assert.Empty(ofCompany["incoming"]!.AsArray());
        Assert.Empty(ofPerson["outgoing"]!.AsArray());

        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId, isArchived = false });
        var unarchived = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/related");

        var group = Assert.Single(unarchived["incoming"]!.AsArray())!;
        Assert.Equal("company", group["attribute"]!.GetValue<string>());
        Assert.Equal(person, Assert.Single(group["records"]!.AsArray())!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Records_created_at_the_same_time_come_newest_id_first_on_every_read()
    {
        var user = await api.SignUpAsync();
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme" } }))["id"]!.GetValue<Guid>();
        // One import writes every row with the same created_at.
        var imported = await user.Session.PostOkAsync("/api/v1/objects/people/records/import",
            new { rows = Enumerable.Range(0, 30).Select(i => new { name = $"Person {i}", company }) });
        var ids = imported["createdIds"]!.AsArray().Select(id => id!.GetValue<Guid>()).ToList();
        Assert.Equal(30, ids.Count);
        var expected = ids.OrderDescending().ToList();

        var related = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/related");
        var listed = await user.Session.GetOkAsync("/api/v1/objects/people/records?limit=30");

        var group = Assert.Single(related["incoming"]!.AsArray())!;
        Assert.Equal(expected, group["records"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        // The same order as the object's own record list, whose default is newest first with id as the tiebreak.
        Assert.Equal(expected, listed["records"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Each_group_lists_up_to_the_limit_with_its_total_so_none_crowds_out_another()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes",
            new { slug = "parent", title = "Parent", type = "record-reference", config = new { targetObject = "companies" } });
        var parent = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Holding" } }))["id"]!.GetValue<Guid>();
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records",
            new { values = new { name = "Acme", parent } }))["id"]!.GetValue<Guid>();
        // One outgoing link, and 1,001 people through people.company: more than one group lists.
        var imported = await user.Session.PostOkAsync("/api/v1/objects/people/records/import",
            new { rows = Enumerable.Range(0, 1000).Select(i => new { name = $"Person {i}", company }) });
        Assert.Equal(1000, imported["created"]!.GetValue<int>());
        var newest = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Newest", company } }))["id"]!.GetValue<Guid>();
        // An attribute made now sorts after people.company (attribute ids are UUIDv7), so its group comes after the people.
        await user.Session.PostOkAsync("/api/v1/objects/deals/attributes",
            new { slug = "customer", title = "Customer", type = "record-reference", config = new { targetObject = "companies" } });
        var deal = (await user.Session.PostOkAsync("/api/v1/objects/deals/records",
            new { values = new { name = "Anvils", customer = company } }))["id"]!.GetValue<Guid>();

        var related = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/related");

        var outgoing = Assert.Single(related["outgoing"]!.AsArray())!;
        Assert.Equal("parent", outgoing["attribute"]!.GetValue<string>());
        Assert.Equal(1, outgoing["total"]!.GetValue<int>());
        Assert.Equal(parent, Assert.Single(outgoing["records"]!.AsArray())!["id"]!.GetValue<Guid>());
        var incoming = related["incoming"]!.AsArray();
        Assert.Equal(["people.company", "deals.customer"], incoming.Select(g => $"{g!["object"]}.{g["attribute"]}"));
        // The newest 1,000 of the 1,001 people, and the total that says one more is there (a query by company finds it).
        Assert.Equal(1001, incoming[0]!["total"]!.GetValue<int>());
        Assert.Equal(1000, incoming[0]!["records"]!.AsArray().Count);
        Assert.Equal(newest, incoming[0]!["records"]![0]!["id"]!.GetValue<Guid>());
        var byQuery = await user.Session.PostOkAsync("/api/v1/objects/people/records/query",
            new { filter = new { attribute = "company", @operator = "equals", value = company }, limit = 1, offset = 1000 });
        Assert.Equal(1001, byQuery["pagination"]!["total"]!.GetValue<int>());
        Assert.Single(byQuery["records"]!.AsArray());
        // Before, the 1,000 records related returned in all were the people's: the deal was left out.
        Assert.Equal(1, incoming[1]!["total"]!.GetValue<int>());
        Assert.Equal(deal, Assert.Single(incoming[1]!["records"]!.AsArray())!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Links_of_an_archived_attribute_are_not_counted()
    {
        var user = await api.SignUpAsync();
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme" } }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync("/api/v1/objects/people/records/import",
            new { rows = Enumerable.Range(0, 3).Select(i => new { name = $"Person {i}", company }) });
        await user.Session.PostOkAsync("/api/v1/objects/deals/attributes",
            new { slug = "customer", title = "Customer", type = "record-reference", config = new { targetObject = "companies" } });
        var deal = (await user.Session.PostOkAsync("/api/v1/objects/deals/records",
            new { values = new { name = "Anvils", customer = company } }))["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = await AttributeIdAsync(user.Session, "people", "company"), isArchived = true });

        var related = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/related");

        // The people are linked through the archived attribute only: the deal is the one related record.
        var group = Assert.Single(related["incoming"]!.AsArray())!;
        Assert.Equal("customer", group["attribute"]!.GetValue<string>());
        Assert.Equal(1, group["total"]!.GetValue<int>());
        Assert.Equal(deal, Assert.Single(group["records"]!.AsArray())!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_record_under_another_objects_slug_is_404()
    {
        var user = await api.SignUpAsync();
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme" } }))["id"]!.GetValue<Guid>();

        var related = await user.Session.GetAsync($"/api/v1/objects/people/records/{company}/related");
        var activity = await user.Session.GetAsync($"/api/v1/objects/people/records/{company}/activity");

        await related.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await activity.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private static async Task<Guid> AttributeIdAsync(JuxaClient client, string objectSlug, string slug) =>
        (await client.GetOkAsync($"/api/v1/objects/{objectSlug}/attributes")).AsArray()
        .Single(a => a!["slug"]!.GetValue<string>() == slug)!["id"]!.GetValue<Guid>();
}
