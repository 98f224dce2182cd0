using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using static Juxa.Tests.Missions.MissionsTestKit;

namespace Juxa.Tests.Api;

/// <summary>
/// A hostile tenant: workspace A's admin, by session and by a <c>*</c> key, sends workspace B's ids to every route that
/// takes one, in the path, the query or the body. Each answer is the 404 an unknown id gets (a 400 naming the field
/// for ids inside a body), none says anything of B, nothing of B changes, and A's listings hold nothing of B.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrossWorkspaceIdTests(ApiFixture api)
{
    [Fact]
    public async Task Every_route_answers_another_workspaces_ids_as_unknown_and_changes_nothing_there()
    {
        var b = await BuildWorkspaceBAsync();
        var a = await api.SignUpAsync("Workspace A");
        var (aToken, _) = await a.CreateKeyAsync();
        using var aKey = api.WithKey(aToken);
        var aList = (await a.Session.PostOkAsync("/api/v1/lists", new { name = "A's list", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var aRecord = (await a.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Own Person" } }))["id"]!.GetValue<Guid>();

        var routes = new (string Method, string Path, object? Body)[]
        {
            ("GET", $"/api/v1/objects/people/records/{b.Person}", null),
            ("PATCH", $"/api/v1/objects/people/records/{b.Person}", new { values = new { job_title = "Taken over" } }),
            ("DELETE", $"/api/v1/objects/people/records/{b.Person}", null),
            ("GET", $"/api/v1/objects/people/records/{b.Person}/related", null),
            ("GET", $"/api/v1/objects/people/records/{b.Person}/activity", null),
            ("GET", $"/api/v1/objects/people/records/{b.Person}/notes", null),
            ("POST", $"/api/v1/objects/people/records/{b.Person}/notes", new { title = "Planted" }),
            ("GET", $"/api/v1/objects/people/records/{b.Person}/tasks", null),
            ("GET", $"/api/v1/objects/{b.ObjectSlug}", null),
            ("GET", $"/api/v1/objects/{b.ObjectSlug}/records", null),
            ("GET", $"/api/v1/objects/people/attributes/options?attributeId={b.Attribute}", null),
            ("PATCH", "/api/v1/objects/people/attributes", new { attributeId = b.Attribute, title = "Renamed" }),
            ("DELETE", $"/api/v1/objects/people/attributes?attributeId={b.Attribute}", null),
            ("POST", "/api/v1/objects/people/attributes/options", new { attributeId = b.Attribute, title = "Planted" }),
            ("PATCH", "/api/v1/objects/people/attributes/options", new { optionId = b.Option, attributeType = "select", title = "Renamed" }),
            ("DELETE", $"/api/v1/objects/people/attributes/options?optionId={b.Option}&attributeType=select", null),
            ("GET", $"/api/v1/lists/{b.List}", null),
            ("PATCH", $"/api/v1/lists/{b.List}", new { name = "Renamed" }),
            ("DELETE", $"/api/v1/lists/{b.List}", null),
            ("GET", $"/api/v1/lists/{b.List}/attributes", null),
            ("POST", $"/api/v1/lists/{b.List}/attributes", new { slug = "planted", title = "Planted", type = "text" }),
            ("PATCH", $"/api/v1/lists/{b.List}/attributes", new { id = b.ListAttribute, title = "Renamed" }),
            ("DELETE", $"/api/v1/lists/{b.List}/attributes?id={b.ListAttribute}", null),
            ("GET", $"/api/v1/lists/{b.List}/entries", null),
            ("POST", $"/api/v1/lists/{b.List}/entries", new { recordId = aRecord, values = new { } }),
            ("GET", $"/api/v1/lists/{b.List}/entries/{b.Entry}", null),
            ("PATCH", $"/api/v1/lists/{b.List}/entries/{b.Entry}", new { values = new { } }),
            ("DELETE", $"/api/v1/lists/{b.List}/entries/{b.Entry}", null),
            ("GET", $"/api/v1/lists/{aList}/entries/{b.Entry}", null),
            ("PATCH", $"/api/v1/lists/{aList}/entries/{b.Entry}", new { values = new { } }),
            ("DELETE", $"/api/v1/lists/{aList}/entries/{b.Entry}", null),
            ("GET", $"/api/v1/lists/{b.List}/available-records", null),
            ("POST", $"/api/v1/lists/{aList}/entries", new { recordId = b.Person, values = new { } }),
            ("GET", $"/api/v1/notes/{b.Note}", null),
            ("PATCH", $"/api/v1/notes/{b.Note}", new { title = "Renamed" }),
            ("DELETE", $"/api/v1/notes/{b.Note}", null),
            ("GET", $"/api/v1/tasks/{b.Task}", null),
            ("PATCH", $"/api/v1/tasks/{b.Task}", new { content = "Taken over", isCompleted = true }),
            ("DELETE", $"/api/v1/tasks/{b.Task}", null),
            ("GET", $"/api/v1/workspace-members/{b.Colleague}", null),
            ("PATCH", $"/api/v1/workspace-members/{b.Colleague}", new { role = "admin" }),
            ("DELETE", $"/api/v1/workspace-members/{b.Colleague}", null),
            ("GET", $"/api/v1/workspace-members/{b.Invitation}", null),
            ("PATCH", $"/api/v1/workspace-members/{b.Invitation}", new { role = "admin" }),
            ("DELETE", $"/api/v1/workspace-members/{b.Invitation}", null),
            ("PATCH", $"/api/v1/notifications/{b.Notification}", null),
            ("GET", $"/api/v1/api-keys/{b.Key}", null),
            ("DELETE", $"/api/v1/api-keys/{b.Key}", null),
            ("GET", $"/api/v1/chat/conversations/{b.Conversation}", null),
            ("GET", $"/api/v1/chat/conversations/{b.Conversation}/ai-usage", null),
            ("DELETE", $"/api/v1/chat/conversations/{b.Conversation}", null),
            ("GET", $"/api/v1/agent-missions/{b.Mission}", null),
            ("POST", $"/api/v1/agent-missions/{b.Mission}/cancel", null),
            ("GET", $"/api/v1/apps/installations/{b.Installation}", null),
            ("GET", $"/api/v1/apps/installations/{b.Installation}/usage", null),
            ("POST", $"/api/v1/apps/installations/{b.Installation}/embed-sessions", null),
            ("DELETE", $"/api/v1/apps/installations/{b.Installation}", null),
            ("GET", $"/api/v1/workspaces/{b.Admin.WorkspaceId}/ecosystem-builder-entitlement", null),
            ("POST", $"/api/v1/workspaces/{b.Admin.WorkspaceId}/ecosystem-builder-entitlement", new { note = "let me in" }),
            ("POST", $"/api/v1/integrations/juxa-docs-handoff/{b.Handoff}/consume", null),
            ("POST", "/api/v1/auth/workspace", new { workspaceId = b.Admin.WorkspaceId }),
        };
        // Ids inside a body: refused as ids of nothing, under the field that holds them.
        var bodies = new (string Path, object Body, string Field)[]
        {
            ("/api/v1/tasks", new { content = "Linked", recordIds = new[] { b.Person } }, "recordIds"),
            ("/api/v1/tasks", new { content = "Assigned", assigneeIds = new[] { b.Colleague } }, "assigneeIds"),
            ("/api/v1/objects/people/records", new { values = new { company = new { target_object = "companies", target_record_id = b.Company } } }, "company"),
            ("/api/v1/agent-missions", new { title = "Look", objective = "Look around", recordIds = new[] { b.Person } }, "recordIds"),
            ("/api/v1/agent-missions", new { title = "Look", objective = "Look around", workspaceAppInstallationId = b.Installation.ToString() }, "workspaceAppInstallationId"),
            ("/api/v1/apps/osint-research", new { subject = "Acme", question = "Who?", workspaceAppInstallationId = b.Installation.ToString() }, "workspaceAppInstallationId"),
        };

        var failures = new List<string>();
        foreach (var (caller, client) in new[] { ("session", a.Session), ("key", aKey) })
        {
            foreach (var (method, path, body) in routes)
            {
                // Session-only routes refuse keys before they look at ids: a 403 says nothing of B either.
                var response = await SendAsync(client, method, path, body);
                var text = await response.Content.ReadAsStringAsync();
                var expected = caller == "key" && SessionOnly(path) ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
                if (response.StatusCode != expected || !text.Contains(expected == HttpStatusCode.NotFound ? "\"NOT_FOUND\"" : "\"FORBIDDEN\"") || b.Reveals(text))
                {
                    failures.Add($"{caller} {method} {path}: {(int)response.StatusCode} {text}");
                }
            }

            foreach (var (path, body, field) in bodies)
            {
                var response = await client.PostAsync(path, body);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || JsonNode.Parse(text)!["error"]!["details"]?[field] is null || b.Reveals(text))
                {
                    failures.Add($"{caller} POST {path} ({field}): {(int)response.StatusCode} {text}");
                }
            }
        }

        Assert.Empty(failures);
        await b.AssertUntouchedAsync();
        await AssertListingsHoldNothingOfBAsync(a, aKey, b);
    }

    private static bool SessionOnly(string path) =>
        path.Contains("/apps/installations") || path.Contains("ecosystem-builder") || path.Contains("/consume") || path.EndsWith("/auth/workspace");

    private static Task<HttpResponseMessage> SendAsync(JuxaClient client, string method, string path, object? body) =>
        client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? (method == "GET" ? null : JsonContent.Create(new { })) : JsonContent.Create(body, body.GetType()),
        });

    private static async Task AssertListingsHoldNothingOfBAsync(SignedUp a, JuxaClient aKey, WorkspaceB b)
    {
        foreach (var client in new[] { a.Session, aKey })
        {
            foreach (var path in new[]
            {
                "/api/v1/search?q=Confidential", "/api/v1/records/browse", "/api/v1/objects", "/api/v1/objects/people/records", "/api/v1/lists",
                "/api/v1/notes", "/api/v1/tasks?showCompleted=true", "/api/v1/workspace-members", "/api/v1/notifications", "/api/v1/api-keys",
                "/api/v1/chat/conversations", "/api/v1/agent-missions", "/api/v1/auth/me",
            })
            {
                var response = await client.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
                Assert.False(b.Reveals(text), $"{path} shows workspace B: {text}");
            }
        }

        var installations = await a.Session.GetOkAsync("/api/v1/apps/installations");
        Assert.False(b.Reveals(installations.ToJsonString()), installations.ToJsonString());
    }

    /// <summary>Workspace B with one of everything that has an id, named so that any leak is recognizable.</summary>
    private async Task<WorkspaceB> BuildWorkspaceBAsync()
    {
        var admin = await api.SignUpAsync("Confidential Workspace B");
        var colleague = await api.AddMemberAsync(admin);
        var s = admin.Session;
        var objectSlug = "b_" + Guid.NewGuid().ToString("N")[..10];
        await s.PostOkAsync("/api/v1/objects", new { slug = objectSlug, singularName = "Confidential Matter", pluralName = "Confidential Matters" });
        var attribute = await s.PostOkAsync("/api/v1/objects/people/attributes",
            new { slug = "b_stage", title = "Confidential Stage", type = "select", options = new[] { new { title = "Confidential Option" } } });
        var company = (await s.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Confidential Company" } }))["id"]!.GetValue<Guid>();
        var person = (await s.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = "Confidential Person", company = company.ToString() } }))["id"]!.GetValue<Guid>();
        var list = (await s.PostOkAsync("/api/v1/lists", new { name = "Confidential List", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var listAttribute = (await s.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "b_score", title = "Confidential Score", type = "text" }))["id"]!.GetValue<Guid>();
        var entry = (await s.PostOkAsync($"/api/v1/lists/{list}/entries", new { recordId = person, values = new { } }))["id"]!.GetValue<Guid>();
        var note = (await s.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "Confidential Note", content = "Confidential" }))["id"]!.GetValue<Guid>();
        var task = (await s.PostOkAsync("/api/v1/tasks",
            new { content = "Confidential Task", recordIds = new[] { person }, assigneeIds = new[] { colleague.MemberId } }))["id"]!.GetValue<Guid>();
        var notification = (await colleague.Session.GetOkAsync("/api/v1/notifications"))["notifications"]![0]!["id"]!.GetValue<Guid>();
        var invitation = (await s.PostOkAsync("/api/v1/workspace-members", new { email = $"invitee-{Guid.NewGuid():N}@example.com" }))["id"]!.GetValue<Guid>();
        var (_, key) = await admin.CreateKeyAsync();
        var conversation = (await s.PostOkAsync("/api/v1/chat/conversations", null))["id"]!.GetValue<Guid>();
        var script = api.Llm.Script(FakeReply.Text(Plan("Long step")), FakeReply.Text("thinking").ThenHang());
        var mission = (await s.PostOkAsync(MissionsUrl, new { title = "Confidential Mission", objective = $"Confidential {script.Tag}" }))["id"]!.GetValue<Guid>();
        using var @operator = await api.OperatorAsync();
        await admin.EntitleAsync(@operator);
        var installation = await admin.InstallAsync(await admin.PublishAsync(["crm:read"]));
        var handoffUrl = (await s.PostOkAsync("/api/v1/integrations/juxa-docs-handoff", new { docPlain = "Confidential" }))["handoffUrl"]!.GetValue<string>();
        var handoff = Uri.UnescapeDataString(new Uri(handoffUrl).Query.Split("handoff=")[1].Split('&')[0]);
        return new WorkspaceB(admin, colleague.MemberId, objectSlug, attribute["id"]!.GetValue<Guid>(), attribute["options"]![0]!["id"]!.GetValue<Guid>(),
            company, person, list, listAttribute, entry, note, task, notification, invitation, key, conversation, mission, installation, handoff);
    }

    private sealed record WorkspaceB(
        SignedUp Admin, Guid Colleague, string ObjectSlug, Guid Attribute, Guid Option, Guid Company, Guid Person, Guid List, Guid ListAttribute,
        Guid Entry, Guid Note, Guid Task, Guid Notification, Guid Invitation, Guid Key, Guid Conversation, Guid Mission, Guid Installation, string Handoff)
    {
        /// <summary>Whether a body holds any of B's names or its workspace id (the other ids a request sent may come back in its error message).</summary>
        public bool Reveals(string text) =>
            text.Contains("Confidential", StringComparison.Ordinal) || text.Contains(Admin.WorkspaceId.ToString(), StringComparison.Ordinal);

        /// <summary>Everything of B is as it was built, and still B's to use: the handoff is still unconsumed, the mission still unfinished.</summary>
        public async Task AssertUntouchedAsync()
        {
            var s = Admin.Session;
            var person = await s.GetOkAsync($"/api/v1/objects/people/records/{Person}");
            Assert.Null(person["values"]!["job_title"]?.GetValue<string>());
            Assert.Equal(Company, person["values"]!["company"]!["target_record_id"]!.GetValue<Guid>());
            Assert.Equal("Confidential Stage", (await s.GetOkAsync("/api/v1/objects/people/attributes")).AsArray()
                .Single(x => x!["id"]!.GetValue<Guid>() == Attribute)!["title"]!.GetValue<string>());
            var options = await s.GetOkAsync($"/api/v1/objects/people/attributes/options?attributeId={Attribute}");
            Assert.Equal("Confidential Option", Assert.Single(options.AsArray())!["title"]!.GetValue<string>());
            Assert.Equal("Confidential List", (await s.GetOkAsync($"/api/v1/lists/{List}"))["name"]!.GetValue<string>());
            Assert.Equal("Confidential Score", Assert.Single((await s.GetOkAsync($"/api/v1/lists/{List}/attributes")).AsArray())!["title"]!.GetValue<string>());
            Assert.Equal(Entry, Assert.Single((await s.GetOkAsync($"/api/v1/lists/{List}/entries"))["entries"]!.AsArray())!["id"]!.GetValue<Guid>());
            Assert.Equal("Confidential Note", (await s.GetOkAsync($"/api/v1/notes/{Note}"))["title"]!.GetValue<string>());
            Assert.Single((await s.GetOkAsync($"/api/v1/objects/people/records/{Person}/notes"))["notes"]!.AsArray());
            var task = await s.GetOkAsync($"/api/v1/tasks/{Task}");
            Assert.Equal("Confidential Task", task["content"]!.GetValue<string>());
            Assert.False(task["isCompleted"]!.GetValue<bool>());
            var members = (await s.GetOkAsync("/api/v1/workspace-members"))["members"]!.AsArray();
            Assert.Equal("member", members.Single(m => m!["id"]!.GetValue<Guid>() == Colleague)!["role"]!.GetValue<string>());
            Assert.Equal("member", members.Single(m => m!["id"]!.GetValue<Guid>() == Invitation)!["role"]!.GetValue<string>());
            Assert.Null((await s.GetOkAsync("/api/v1/api-keys"))["apiKeys"]!.AsArray().Single(k => k!["id"]!.GetValue<Guid>() == Key)!["revokedAt"]);
            await s.GetOkAsync($"/api/v1/chat/conversations/{Conversation}");
            Assert.Contains((await s.GetOkAsync($"{MissionsUrl}/{Mission}"))["status"]!.GetValue<string>(), new[] { "queued", "running" });
            await s.GetOkAsync($"/api/v1/apps/installations/{Installation}");
            Assert.Equal("Confidential", (await s.PostOkAsync($"/api/v1/integrations/juxa-docs-handoff/{Handoff}/consume", null))["payload"]!["docPlain"]!.GetValue<string>());
            Assert.DoesNotContain((await s.GetOkAsync($"/api/v1/workspaces/{Admin.WorkspaceId}/ecosystem-builder-entitlement"))["history"]!.AsArray(),
                r => r!["note"]?.GetValue<string>() == "let me in");
            await s.PostOkAsync($"{MissionsUrl}/{Mission}/cancel", null);
        }
    }
}
