using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// An option or status given as an object takes title, color and isActive, each of its own type. A field it does not take
/// or a value of another type is a 400 naming it, and nothing changes; before, they were dropped while the call
/// succeeded, so <c>{"title": "Won", "isActive": "false"}</c> left the status active.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ListAttributeOptionObjectTests(ApiFixture api)
{
    [Theory]
    [InlineData("""{"title": "Won", "isActive": "false"}""", "statuses[0].isActive")]
    [InlineData("""{"title": "Won", "active": false}""", "statuses[0].active")]
    [InlineData("""{"title": "Won", "colour": "red"}""", "statuses[0].colour")]
    [InlineData("""{"title": "Won", "color": 5}""", "statuses[0].color")]
    [InlineData("""{"title": 5}""", "statuses[0].title")]
    public async Task A_status_object_with_a_field_it_does_not_take_or_of_another_type_is_400_and_changes_nothing(string status, string at)
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "deals" }))["id"]!.GetValue<Guid>();
        var stage = await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "stage", title = "Stage", type = "status", statuses = new[] { "Open", "Won" } });

        var patched = await user.Session.SendRawAsync(HttpMethod.Patch, $"/api/v1/lists/{list}/attributes",
            $$"""{"id": "{{stage["id"]}}", "statuses": [{{status}}]}""", "application/json");
        var created = await user.Session.SendRawAsync(HttpMethod.Post, $"/api/v1/lists/{list}/attributes",
            $$"""{"slug": "phase", "title": "Phase", "type": "status", "statuses": [{{status}}]}""", "application/json");

        foreach (var response in new[] { patched, created })
        {
            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Equal([at], error["details"]!.AsObject().Select(d => d.Key));
        }

        var attributes = (await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes")).AsArray();
        Assert.Equal(["stage"], attributes.Select(a => a!["slug"]!.GetValue<string>()));
        Assert.Equal([("Open", true, null), ("Won", true, null)], attributes[0]!["statuses"]!.AsArray().Select(Option));
    }

    [Fact]
    public async Task A_status_object_of_the_right_fields_still_changes_the_status()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "deals" }))["id"]!.GetValue<Guid>();
        var stage = await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "stage", title = "Stage", type = "status", statuses = new[] { "Open", "Won" } });

        var patched = await user.Session.SendRawAsync(HttpMethod.Patch, $"/api/v1/lists/{list}/attributes",
            $$"""{"id": "{{stage["id"]}}", "statuses": [{"title": "won", "isActive": false, "color": "green"}, {"title": "Lost"}]}""", "application/json");

        var statuses = (await JuxaClient.DataAsync(patched, HttpStatusCode.OK))["statuses"]!.AsArray();
        Assert.Equal([("Open", true, null), ("Won", false, "green"), ("Lost", true, null)], statuses.Select(Option));
    }

    private static (string Title, bool IsActive, string? Color) Option(JsonNode? option) =>
        (option!["title"]!.GetValue<string>(), option["isActive"]!.GetValue<bool>(), option["color"]?.GetValue<string>());
}
