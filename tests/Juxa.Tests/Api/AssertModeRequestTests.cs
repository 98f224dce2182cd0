using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// The two bodies of <c>POST …/records/query</c> (docs/query.md#assert-mode-find-or-create): a field of the other mode
/// is refused at its name instead of being ignored, and an assert's errors about the match value are filed under
/// <c>matchValue</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AssertModeRequestTests(ApiFixture api)
{
    private const string Query = "/api/v1/objects/companies/records/query";

    [Theory]
    [InlineData("filter", "{\"attribute\": \"name\", \"operator\": \"equals\", \"value\": \"Other\"}")]
    [InlineData("sorts", "[{\"attribute\": \"name\"}]")]
    [InlineData("limit", "1")]
    [InlineData("offset", "5")]
    [InlineData("cursor", "\"abc\"")]
    public async Task A_query_field_in_assert_mode_is_a_400_naming_it(string field, string valueJson)
    {
        var user = await api.SignUpAsync();
        var body = new JsonObject { ["mode"] = "assert", ["matchAttribute"] = "name", ["matchValue"] = "Acme", ["values"] = new JsonObject(), [field] = JsonNode.Parse(valueJson) };

        var response = await user.Session.PostAsync(Query, body);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal([field], error["details"]!.AsObject().Select(d => d.Key));
        Assert.Contains(field, error["message"]!.GetValue<string>());
        Assert.Empty((await user.Session.GetOkAsync("/api/v1/objects/companies/records"))["records"]!.AsArray());
    }

    [Theory]
    [InlineData(null, "matchAttribute", "\"name\"")]
    [InlineData(null, "matchValue", "\"Acme\"")]
    [InlineData(null, "values", "{\"name\": \"Acme\"}")]
    [InlineData("query", "matchValue", "\"Acme\"")]
    public async Task An_assert_field_without_assert_mode_is_a_400_naming_it(string? mode, string field, string valueJson)
    {
        var user = await api.SignUpAsync();
        var body = new JsonObject { ["limit"] = 10, [field] = JsonNode.Parse(valueJson) };
        if (mode is not null)
        {
            body["mode"] = mode;
        }

        var response = await user.Session.PostAsync(Query, body);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal([field], error["details"]!.AsObject().Select(d => d.Key));
        Assert.Contains("mode", error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_contract_bodies_and_explicit_nulls_still_work()
    {
        var user = await api.SignUpAsync();

        var created = await user.Session.PostAsync(Query, new { mode = "assert", matchAttribute = "name", matchValue = "Acme", values = new { description = "d" } });
        var found = await user.Session.PostAsync(Query, new { mode = "assert", matchAttribute = "name", matchValue = "acme", values = (object?)null, filter = (object?)null, limit = (int?)null });
        var page = await user.Session.PostOkAsync(Query, new
        {
            limit = 10, offset = 0, filter = new { @operator = "and", conditions = new[] { new { attribute = "name", @operator = "equals", value = "Acme" } } },
            sorts = new[] { new { attribute = "name", direction = "asc" } }, matchValue = (object?)null,
        });

        var id = (await JuxaClient.DataAsync(created, HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        Assert.Equal(id, (await JuxaClient.DataAsync(found, HttpStatusCode.OK))["id"]!.GetValue<Guid>());
        Assert.Equal(id, Assert.Single(page["records"]!.AsArray())!["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("\"{id}\"")]
    [InlineData("{\"target_object\": \"companies\", \"target_record_id\": \"{id}\"}")]
    public async Task An_assert_whose_match_value_names_a_missing_record_is_a_400_at_matchValue(string matchValueJson)
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes",
            new { slug = "ref", title = "Ref", type = "record-reference", config = new { targetObject = "companies" } });
        var missing = Guid.NewGuid();
        var body = new JsonObject
        {
            ["mode"] = "assert", ["matchAttribute"] = "ref", ["matchValue"] = JsonNode.Parse(matchValueJson.Replace("{id}", missing.ToString())),
            ["values"] = new JsonObject { ["name"] = "Acme" },
        };

        var response = await user.Session.PostAsync(Query, body);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["matchValue"], error["details"]!.AsObject().Select(d => d.Key));
        Assert.Contains(missing.ToString(), error["details"]!["matchValue"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_record_given_in_values_stays_filed_under_its_attribute()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes",
            new { slug = "ref", title = "Ref", type = "record-reference", config = new { targetObject = "companies" } });
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes",
            new { slug = "partner", title = "Partner", type = "record-reference", config = new { targetObject = "companies" } });
        var existing = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Target" } }))["id"]!.GetValue<Guid>();

        var response = await user.Session.PostAsync(Query,
            new { mode = "assert", matchAttribute = "ref", matchValue = existing, values = new { partner = Guid.NewGuid() } });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["partner"], error["details"]!.AsObject().Select(d => d.Key));
    }
}
