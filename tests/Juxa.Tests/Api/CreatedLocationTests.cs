using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Every <c>201 Created</c> names in <c>Location</c> a URL that answers GET with what was created (or, for attributes and
/// options, the collection it joined). An invitation's and a list entry's pointed to routes that took only PATCH and
/// DELETE, and answered 405.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CreatedLocationTests(ApiFixture api)
{
    [Fact]
    public async Task Every_created_resources_location_answers_get()
    {
        var user = await api.SignUpAsync();
        var s = user.Session;

        await AssertLocatesItselfAsync(s, "/api/v1/objects", new { slug = "projects", singularName = "Project", pluralName = "Projects" }, "slug");
        await AssertLocatesAmongAsync(s, "/api/v1/objects/projects/attributes", new { slug = "code", title = "Code", type = "text" });
        var phase = await CreateAsync(s, "/api/v1/objects/projects/attributes", new { slug = "phase", title = "Phase", type = "select" });
        await AssertLocatesAmongAsync(s, "/api/v1/objects/projects/attributes/options", new { attributeId = phase.Body["id"]!.GetValue<Guid>(), title = "Open" });
        var record = await AssertLocatesItselfAsync(s, "/api/v1/objects/projects/records", new { values = new { code = "P-1" } });
        var list = await AssertLocatesItselfAsync(s, "/api/v1/lists", new { name = "Pipeline", objectSlug = "projects" });
        await AssertLocatesAmongAsync(s, $"/api/v1/lists/{list}/attributes", new { slug = "score", title = "Score", type = "number" });
        await AssertLocatesItselfAsync(s, $"/api/v1/lists/{list}/entries", new { recordId = record, values = new { score = 3 } });
        await AssertLocatesItselfAsync(s, $"/api/v1/objects/projects/records/{record}/notes", new { title = "Kick-off", content = "Agenda" });
        await AssertLocatesItselfAsync(s, "/api/v1/tasks", new { content = "Call back", recordIds = new[] { record } });
        await AssertLocatesItselfAsync(s, "/api/v1/api-keys", new { name = "Located", scopes = new[] { "integrations:read" } });
        await AssertLocatesItselfAsync(s, "/api/v1/workspace-members", new { email = $"invitee-{Guid.NewGuid():N}@example.com" });
    }

    [Fact]
    public async Task A_located_entry_or_invitation_of_another_workspace_is_404()
    {
        var owner = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var person = (await owner.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada" } }))["id"]!.GetValue<Guid>();
        var list = (await owner.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var entry = await CreateAsync(owner.Session, $"/api/v1/lists/{list}/entries", new { recordId = person });
        var invitation = await CreateAsync(owner.Session, "/api/v1/workspace-members", new { email = $"invitee-{Guid.NewGuid():N}@example.com" });

        await (await stranger.Session.GetAsync(entry.Location)).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await stranger.Session.GetAsync(invitation.Location)).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        // The invitation as the list shows it: pending, and never its one-time token.
        var shown = await owner.Session.GetOkAsync(invitation.Location);
        Assert.Equal("pending", shown["status"]!.GetValue<string>());
        Assert.Null(shown["invitationToken"]);
    }

    private static async Task<(string Location, JsonNode Body)> CreateAsync(JuxaClient session, string path, object body)
    {
        var response = await session.PostAsync(path, body);
        var location = response.Headers.Location?.OriginalString;
        var created = await JuxaClient.DataAsync(response, HttpStatusCode.Created);
        Assert.False(string.IsNullOrEmpty(location), $"POST {path} named no Location");
        return (location!, created);
    }

    /// <summary>The Location answers GET with the created resource itself; returns its id.</summary>
    private static async Task<Guid> AssertLocatesItselfAsync(JuxaClient session, string path, object body, string key = "id")
    {
        var (location, created) = await CreateAsync(session, path, body);
        var response = await session.GetAsync(location);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {location} (Location of POST {path}) answered {(int)response.StatusCode}");
        var shown = await JuxaClient.DataAsync(response, HttpStatusCode.OK);
        Assert.Equal(created[key]!.ToJsonString(), shown[key]!.ToJsonString());
        return created["id"]!.GetValue<Guid>();
    }

    /// <summary>The Location answers GET with the collection the created resource joined, which lists it.</summary>
    private static async Task AssertLocatesAmongAsync(JuxaClient session, string path, object body)
    {
        var (location, created) = await CreateAsync(session, path, body);
        var response = await session.GetAsync(location);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {location} (Location of POST {path}) answered {(int)response.StatusCode}");
        var shown = await JuxaClient.DataAsync(response, HttpStatusCode.OK);
        Assert.Contains(shown.AsArray(), item => item!["id"]!.GetValue<Guid>() == created["id"]!.GetValue<Guid>());
    }
}
