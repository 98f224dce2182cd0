using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Chat;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Api;

/// <summary>
/// A body field the endpoint does not take (a typo, or a field of another endpoint) is a 400 naming it, and nothing is
/// written; before, it was dropped while the call succeeded. Chat completions is the one body that ignores extra fields.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnknownFieldTests(ApiFixture api)
{
    private const string Json = "application/json";

    [Fact]
    public async Task A_misspelt_field_is_400_naming_it_and_creates_nothing()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects",
            """{"slug": "typo_things", "singularName": "Typo", "pluralNmae": "Typos"}""", Json);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("Unknown field 'pluralNmae': this endpoint does not take it.", error["message"]!.GetValue<string>());
        Assert.Equal(["Unknown field."], error["details"]!["pluralNmae"]!.AsArray().Select(m => m!.GetValue<string>()));
        await (await user.Session.GetAsync("/api/v1/objects/typo_things")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_record_patch_with_value_for_values_is_400_and_leaves_the_record_as_it_was()
    {
        var user = await api.SignUpAsync();
        var person = await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { job_title = "Counsel" } });
        var path = $"/api/v1/objects/people/records/{person["id"]!.GetValue<Guid>()}";

        var response = await user.Session.SendRawAsync(HttpMethod.Patch, path, """{"value": {"job_title": "Partner"}}""", Json);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(error["details"]!["value"]);
        Assert.Equal("Counsel", (await user.Session.GetOkAsync(path))["values"]!["job_title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_completions_ignore_model_settings_a_chat_client_sends()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("Noted."));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, ChatCompletionTests.Completions,
            new { message = "Settings " + script.Tag, temperature = 0.2, stream = true });

        Assert.Equal("done", events[^1].Event);
        Assert.Single(script.Requests);
    }

    [Fact]
    public async Task Every_field_the_contract_names_is_still_taken()
    {
        var user = await api.SignUpAsync();

        // The contract's bodies, with every optional field (juxa-api-reference.md).
        var created = await user.Session.PostOkAsync("/api/v1/objects",
            new { slug = "matters", singularName = "Matter", pluralName = "Matters", icon = "briefcase" });
        var attribute = await user.Session.PostOkAsync("/api/v1/objects/matters/attributes",
            new { slug = "phase", title = "Phase", type = "select", isRequired = false, isUnique = false, isMultiselect = false, options = new[] { "Open" } });
        var option = await user.Session.PostOkAsync("/api/v1/objects/matters/attributes/options",
            new { attributeId = attribute["id"]!.GetValue<Guid>(), title = "Closed", color = "#999999", isActive = true });
        await user.Session.PatchOkAsync("/api/v1/objects/matters/attributes/options",
            new { optionId = option["id"]!.GetValue<Guid>(), attributeType = "select", title = "Closed (final)" });
        var list = await user.Session.PostOkAsync("/api/v1/lists", new { name = "Open matters", objectSlug = "matters", isPrivate = false });
        var task = await user.Session.PostOkAsync("/api/v1/tasks",
            new { content = "File the brief", deadline = "2027-01-15T09:00:00Z", recordIds = Array.Empty<Guid>(), assigneeIds = Array.Empty<Guid>() });
        await user.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]!.GetValue<Guid>()}", new { content = "File it", isCompleted = true, deadline = (string?)null });
        var key = await user.Session.PostOkAsync("/api/v1/api-keys", new { name = "Integration", scopes = new[] { "integrations:read" }, expiresAt = "2027-06-01T00:00:00Z" });

        Assert.Equal("matters", created["slug"]!.GetValue<string>());
        Assert.Equal("Open matters", list["name"]!.GetValue<string>());
        Assert.StartsWith("oc_sk_", key["token"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
