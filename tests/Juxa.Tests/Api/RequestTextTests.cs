using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// JSON that parses but cannot be stored as it is (a NUL character, an unpaired surrogate escape, a key given twice):
/// a 400 that says where, never a 500, and nothing stored. The bodies are raw text, since a client library would
/// not write most of them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RequestTextTests(ApiFixture api)
{
    private const string Json = "application/json";

    [Fact]
    public async Task A_NUL_in_a_plain_field_is_400_at_that_field_and_changes_nothing()
    {
        var user = await api.SignUpAsync("Unchanged Name");

        var renamed = await user.Session.SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", """{"name": "a\u0000b"}""", Json);
        var created = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects",
            """{"slug": "nul_things", "singularName": "a\u0000", "pluralName": "b"}""", Json);

        var surrogate = await user.Session.SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", """{"name": "a\ud800"}""", Json);
        var wrongType = await user.Session.SendRawAsync(HttpMethod.Patch, "/api/v1/workspace", """{"name": 5}""", Json);

        AssertAt(await renamed.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "name", "NUL");
        AssertAt(await surrogate.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "name", "Unicode");
        await wrongType.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");
        AssertAt(await created.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "singularName", "NUL");
        Assert.Equal("Unchanged Name", (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>());
        await (await user.Session.GetAsync("/api/v1/objects/nul_things")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"values": {"job_title": "\ud800"}}""", "values.job_title", "Unicode")]
    [InlineData("""{"values": {"name": {"first_name": "x\udc00y"}}}""", "values.name.first_name", "Unicode")]
    [InlineData("""{"values": {"email_addresses": ["ok@example.com", "a\u0000@example.com"]}}""", "values.email_addresses[1]", "NUL")]
    [InlineData("""{"values": {"\ud800": "x"}}""", "values", "Unicode")]
    [InlineData("""{"values": {"job\u0000title": "x"}}""", "values.job\\u0000title", "NUL")]
    public async Task Unstorable_text_in_record_values_is_400_where_it_is_and_creates_nothing(string body, string at, string problem)
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records", body, Json);

        AssertAt(await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), at, problem);
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/objects/people/records"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_key_given_twice_is_400_in_typed_bodies_and_in_values()
    {
        var user = await api.SignUpAsync();

        var typed = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects",
            """{"slug": "twice_a", "slug": "twice_b", "singularName": "Twice", "pluralName": "Twices"}""", Json);
        var values = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records",
            """{"values": {"job_title": "first", "job_title": "second"}}""", Json);

        await typed.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");
        AssertAt(await values.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON"), "values.job_title", "twice");
        await (await user.Session.GetAsync("/api/v1/objects/twice_b")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/objects/people/records"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_NUL_in_a_filter_or_a_search_is_400()
    {
        var user = await api.SignUpAsync();

        var query = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records/query",
            """{"filter": {"operator": "and", "conditions": [{"attribute": "job_title", "operator": "contains", "value": "a\u0000"}]}}""", Json);
        var search = await user.Session.GetAsync("/api/v1/search?q=a%00b");

        AssertAt(await query.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "filter.conditions[0].value", "NUL");
        AssertAt(await search.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "q", "NUL");
    }

    [Fact]
    public async Task Import_reports_unstorable_text_in_its_row_and_writes_the_others()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records/import",
            """{"rows": [{"job_title": "kept"}, {"job_title": "a\u0000"}, {"job_title": "\ud800"}, {"\ud800": "x"},""" +
            """ {"job_title": "one", "job_title": "two"}, {"name": {"first_name": "g", "first_name": "h"}}]}""", Json);
        var result = await JuxaClient.DataAsync(response, HttpStatusCode.OK);

        Assert.Equal(1, result["created"]!.GetValue<int>());
        Assert.Equal([1, 2, 3, 4, 5], result["failed"]!.AsArray().Select(f => f!["row"]!.GetValue<int>()));
        var people = await user.Session.GetOkAsync("/api/v1/objects/people/records");
        Assert.Equal("kept", Assert.Single(people["records"]!.AsArray())!["values"]!["job_title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_note_edit_that_would_clear_title_and_content_is_400_and_keeps_the_note()
    {
        var user = await api.SignUpAsync();
        var person = await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { job_title = "Has notes" } });
        var note = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person["id"]}/notes", new { title = "Kept", content = "Body" });

        var emptied = await user.Session.PatchAsync($"/api/v1/notes/{note["id"]}", new { title = "", content = "" });
        var titleOnly = await user.Session.PatchOkAsync($"/api/v1/notes/{note["id"]}", new { content = "" });

        await emptied.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("Kept", titleOnly["title"]!.GetValue<string>());
        Assert.Null(titleOnly["content"]);
    }

    [Theory]
    [InlineData("text", """{"maxRating": 3}""", "config.maxRating")]
    [InlineData("number", """{"currencyCode": "EUR"}""", "config.currencyCode")]
    [InlineData("rating", """{"targetObject": "people"}""", "config.targetObject")]
    public async Task A_config_key_of_another_type_is_400(string type, string config, string at)
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/attributes",
            $$"""{"slug": "cfg_{{type}}", "title": "Config", "type": "{{type}}", "config": {{config}}}""", Json);

        Assert.NotNull((await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?[at]);
        var attributes = await user.Session.GetOkAsync("/api/v1/objects/people/attributes");
        Assert.DoesNotContain(attributes.ToJsonString(), $"cfg_{type}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_config_key_is_400_and_a_fitting_one_is_kept()
    {
        var user = await api.SignUpAsync();

        var typo = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/attributes",
            """{"slug": "stars", "title": "Stars", "type": "rating", "config": {"maxRatings": 3}}""", Json);
        var fitting = await user.Session.PostOkAsync("/api/v1/objects/people/attributes",
            new { slug = "stars", title = "Stars", type = "rating", config = new { maxRating = 3 } });

        AssertAt(await typo.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "config.maxRatings", "Unknown field");
        Assert.Equal(3, fitting["config"]!["maxRating"]!.GetValue<int>());
    }

    private static void AssertAt(JsonObject error, string path, string problem)
    {
        var messages = error["details"]?[path]?.AsArray();
        Assert.True(messages is not null, $"no details at '{path}': {error.ToJsonString()}");
        Assert.Contains(problem, messages!.Single()!.GetValue<string>(), StringComparison.Ordinal);
    }
}
