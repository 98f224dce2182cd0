using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Assert mode matches as the equals filter compares (docs/query.md#assert-mode-find-or-create): a whole value, ignoring
/// case the way PostgreSQL lower-cases it, non-ASCII letters included, also for racing asserts.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AssertMatchEqualityTests(ApiFixture api)
{
    private const string PeopleQuery = "/api/v1/objects/people/records/query";

    [Fact]
    public async Task A_location_matches_only_a_location_equal_in_every_field_as_the_equals_filter_says()
    {
        var user = await api.SignUpAsync();
        var springfield = (await user.Session.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = "Springfield Resident", primary_location = new { line_1 = "1 Main St", city = "Springfield" } } }))["id"]!.GetValue<Guid>();
        var street = new { line_1 = "1 MAIN ST" };

        var filtered = await user.Session.PostOkAsync(PeopleQuery, new { filter = new { attribute = "primary_location", @operator = "equals", value = street } });
        var asserted = await user.Session.PostAsync(PeopleQuery,
            new { mode = "assert", matchAttribute = "primary_location", matchValue = street, values = new { job_title = "Street only" } });
        var whole = await user.Session.PostAsync(PeopleQuery,
            new { mode = "assert", matchAttribute = "primary_location", matchValue = new { line_1 = "1 main st", city = "SPRINGFIELD" }, values = new { description = "whole" } });

        Assert.Empty(filtered["records"]!.AsArray());
        var created = await JuxaClient.DataAsync(asserted, HttpStatusCode.Created);
        Assert.NotEqual(springfield, created["id"]!.GetValue<Guid>());
        Assert.Equal("1 MAIN ST", created["values"]!["primary_location"]!["line_1"]!.GetValue<string>());
        var resident = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{springfield}");
        Assert.Null(resident["values"]!["job_title"]);
        // The whole location, in other case, is the resident's.
        Assert.Equal(springfield, (await JuxaClient.DataAsync(whole, HttpStatusCode.OK))["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_multiselect_location_element_matches_only_an_equal_element()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug = "offices", title = "Offices", type = "location", isMultiselect = true });
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records",
            new { values = new { name = "Branches", offices = new object[] { new { city = "Berlin", country_code = "DE" }, new { city = "Paris" } } } }))["id"]!.GetValue<Guid>();

        var partial = await user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "offices", matchValue = new { city = "Berlin" }, values = new { name = "Berlin only" } });
        var element = await user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "offices", matchValue = new { city = "paris" }, values = new { description = "has Paris" } });

        Assert.NotEqual(company, (await JuxaClient.DataAsync(partial, HttpStatusCode.Created))["id"]!.GetValue<Guid>());
        Assert.Equal(company, (await JuxaClient.DataAsync(element, HttpStatusCode.OK))["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Racing_asserts_of_one_non_ASCII_value_in_either_case_create_one_record()
    {
        var user = await api.SignUpAsync();

        // "ÉCOLE" and "école" match each other, so they must wait for each other too.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = i % 2 == 0 ? "ÉCOLE Ωmega" : "école ωmega", values = new { description = $"Try {i}" } })));
        var companies = await user.Session.GetOkAsync("/api/v1/objects/companies/records");

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Single(companies["records"]!.AsArray());
    }
}
