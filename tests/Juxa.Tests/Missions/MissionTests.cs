using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using static Juxa.Tests.Missions.MissionsTestKit;

namespace Juxa.Tests.Missions;

/// <summary>Agent missions against the fake OpenAI-compatible provider: the lifecycle, tools, usage, cancel, failure, validation and access.</summary>
[Collection(ApiCollection.Name)]
public sealed class MissionTests(ApiFixture api)
{
    [Fact]
    public async Task A_mission_plans_runs_read_only_tools_and_reports()
    {
        var user = await api.SignUpAsync();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Marisol Quintero" } }))["id"]!.GetValue<Guid>();
        var script = api.Llm.Script(
            FakeReply.Text(Plan("Find the person", "Summarize")).WithUsage(10, 5),
            FakeReply.Tool("search_records", new { query = "quintero" }).WithUsage(20, 3),
            FakeReply.Text("Marisol Quintero is in the CRM.").WithUsage(30, 6),
            FakeReply.Text("Nothing else to add.").WithUsage(40, 7),
            FakeReply.Text("Final report: Marisol is a known contact.").WithUsage(50, 8));

        var started = await user.Session.PostOkAsync(MissionsUrl, new { title = "Who is Marisol?", objective = $"Research Marisol {script.Tag}", recordIds = new[] { person } });
        var mission = await user.Session.WaitForStatusAsync(started["id"]!.GetValue<Guid>(), "completed");

        Assert.Equal("queued", started["status"]!.GetValue<string>());
        Assert.Equal("Final report: Marisol is a known contact.", mission["report"]!.GetValue<string>());
        var steps = mission["steps"]!.AsArray();
        Assert.Equal(["Find the person", "Summarize"], steps.Select(s => s!["title"]!.GetValue<string>()));
        Assert.All(steps, s => Assert.Equal("completed", s!["status"]!.GetValue<string>()));
        Assert.Equal("Marisol Quintero is in the CRM.", steps[0]!["result"]!.GetValue<string>());
        var call = Assert.Single(steps[0]!["toolCalls"]!.AsArray())!;
        Assert.Equal("search_records", call["name"]!.GetValue<string>());
        Assert.True(call["succeeded"]!.GetValue<bool>());
        Assert.Equal(["queued", "started", "planned", "step_started", "tool_call", "step_completed", "step_started", "step_completed", "completed"], LogKinds(mission));
        Assert.Equal(150, mission["usage"]!["promptTokens"]!.GetValue<long>());
        Assert.Equal(29, mission["usage"]!["completionTokens"]!.GetValue<long>());
        Assert.Equal("member", mission["createdBy"]!["type"]!.GetValue<string>());
        var requests = script.Requests;
        Assert.Equal(5, requests.Count);
        Assert.Empty(requests[0].ToolNames);
        Assert.Equal(["search_records", "get_record", "list_tasks"], requests[1].ToolNames);
        Assert.Contains(person.ToString(), requests[1].Contents("system")[0]);
        // The tool's result went back to the model in the same step, and step 2 saw step 1's findings.
        Assert.Contains("Marisol Quintero", requests[2].Messages.Last()!.ToJsonString());
        Assert.Contains("Marisol Quintero is in the CRM.", requests[3].Contents("user")[0]);
        var list = await user.Session.GetOkAsync(MissionsUrl);
        var summary = Assert.Single(list["missions"]!.AsArray())!;
        Assert.Equal(2, summary["completedSteps"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_write_tool_the_model_asks_for_does_not_exist_for_a_mission()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(
            FakeReply.Text(Plan("Try to write")),
            FakeReply.Tool("create_record", new { @object = "people", values = new { name = "Injected" } }),
            FakeReply.Text("I could not write."),
            FakeReply.Text("Report."));

        var id = (await user.Session.PostOkAsync(MissionsUrl, new { title = "Writer", objective = $"Write {script.Tag}" }))["id"]!.GetValue<Guid>();
        var mission = await user.Session.WaitForStatusAsync(id, "completed");

        var call = Assert.Single(mission["steps"]![0]!["toolCalls"]!.AsArray())!;
        Assert.Equal("create_record", call["name"]!.GetValue<string>());
        Assert.False(call["succeeded"]!.GetValue<bool>());
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/objects/people/records"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_tool_call_whose_arguments_are_not_json_fails_instead_of_running_without_them()
    {
        var user = await api.SignUpAsync();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Odile Broken" } }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Call Odile", recordIds = new[] { person } });
        await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Unrelated confidential task" });
        // The arguments end mid-object: run with none, list_tasks would answer for every record, not Odile's.
        var script = api.Llm.Script(
            FakeReply.Text(Plan("List Odile's tasks")),
            new FakeReply { ToolCalls = [new FakeToolCall("call_cut", "list_tasks", $$"""{"recordId": "{{person}}" """)] },
            FakeReply.Text("I could not list them."),
            FakeReply.Text("Report."));

        var id = (await user.Session.PostOkAsync(MissionsUrl, new { title = "Odile", objective = $"Tasks of Odile {script.Tag}" }))["id"]!.GetValue<Guid>();
        var mission = await user.Session.WaitForStatusAsync(id, "completed");

        var call = Assert.Single(mission["steps"]![0]!["toolCalls"]!.AsArray())!;
        Assert.False(call["succeeded"]!.GetValue<bool>());
        var result = script.Requests[2].Messages.Last()!.ToJsonString();
        Assert.Contains("VALIDATION_ERROR", result);
        Assert.DoesNotContain("Unrelated confidential task", result);
    }

    [Fact]
    public async Task Usage_is_attributed_to_the_installation_given()
    {
        var app = await api.EmbeddedAppAsync(["crm:read", "chat"]);
        var script = api.Llm.Script(
            FakeReply.Text(Plan("Only step")).WithUsage(100, 10),
            FakeReply.Text("Done.").WithUsage(200, 20),
            FakeReply.Text("Report.").WithUsage(300, 30));

        var id = (await app.Admin.Session.PostOkAsync(MissionsUrl, new
        {
            title = "Attributed",
            objective = $"Attribute {script.Tag}",
            workspaceAppInstallationId = app.InstallationId.ToString(),
        }))["id"]!.GetValue<Guid>();
        var mission = await app.Admin.Session.WaitForStatusAsync(id, "completed");
        var usage = await app.Admin.Session.GetOkAsync($"/api/v1/apps/installations/{app.InstallationId}/usage");

        Assert.Equal(app.InstallationId, mission["workspaceAppInstallationId"]!.GetValue<Guid>());
        var missions = Assert.Single(usage["usage"]!.AsArray())!;
        Assert.Equal("agent_mission", missions["kind"]!.GetValue<string>());
        Assert.Equal(3, missions["calls"]!.GetValue<int>());
        Assert.Equal(600, missions["promptTokens"]!.GetValue<long>());
        Assert.Equal(60, missions["completionTokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_embed_token_starts_missions_for_its_own_installation_only()
    {
        var app = await api.EmbeddedAppAsync(["crm:read", "chat"]);
        var other = await api.EmbeddedAppAsync(["crm:read", "chat"]);
        var script = api.Llm.Script(FakeReply.Text(Plan("One")), FakeReply.Text("Done."), FakeReply.Text("Report."));

        var started = await app.Embed.PostOkAsync(MissionsUrl, new { title = "From the app", objective = $"Embed {script.Tag}" });
        var foreign = await app.Embed.PostAsync(MissionsUrl, new { title = "x", objective = "y", workspaceAppInstallationId = other.InstallationId.ToString() });
        await app.Embed.WaitForStatusAsync(started["id"]!.GetValue<Guid>(), "completed");
        var seenByOther = await other.Embed.GetAsync($"{MissionsUrl}/{started["id"]}");
        var seenByAdmin = await app.Admin.Session.GetOkAsync($"{MissionsUrl}/{started["id"]}");

        Assert.Equal(app.InstallationId, started["workspaceAppInstallationId"]!.GetValue<Guid>());
        await foreign.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await seenByOther.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("completed", seenByAdmin["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_stops_the_model_call_and_is_final()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text(Plan("Long step", "Never reached")), FakeReply.Text("thinking").ThenHang());

        var id = (await user.Session.PostOkAsync(MissionsUrl, new { title = "To cancel", objective = $"Cancel {script.Tag}" }))["id"]!.GetValue<Guid>();
        var hanging = await script.RequestAsync(2);
        var cancelled = await user.Session.PostOkAsync($"{MissionsUrl}/{id}/cancel", new { });
        await hanging.Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
        var again = await user.Session.PostAsync($"{MissionsUrl}/{id}/cancel", new { });
        var mission = await user.Session.GetOkAsync($"{MissionsUrl}/{id}");

        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        await again.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal("cancelled", mission["status"]!.GetValue<string>());
        Assert.All(mission["steps"]!.AsArray(), s => Assert.Equal("cancelled", s!["status"]!.GetValue<string>()));
        Assert.Equal(2, script.Requests.Count);
    }

    [Fact]
    public async Task A_provider_error_fails_the_mission_with_its_reason()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text(Plan("Step")), FakeReply.Failure(500), FakeReply.Failure(500), FakeReply.Failure(500), FakeReply.Failure(500));

        var id = (await user.Session.PostOkAsync(MissionsUrl, new { title = "Doomed", objective = $"Fail {script.Tag}" }))["id"]!.GetValue<Guid>();
        var mission = await user.Session.WaitForStatusAsync(id, "failed");

        Assert.False(string.IsNullOrWhiteSpace(mission["error"]!.GetValue<string>()));
        Assert.Equal("failed", LogKinds(mission)[^1]);
        Assert.Equal("failed", mission["steps"]![0]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("foreign")]
    [InlineData("uninstalled")]
    public async Task A_bad_installation_id_is_400_and_starts_nothing(string kind)
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);
        var stranger = await api.EmbeddedAppAsync(["crm:read"]);
        var installationId = kind switch
        {
            "foreign" => stranger.InstallationId.ToString(),
            "uninstalled" => app.InstallationId.ToString(),
            _ => kind,
        };
        if (kind == "uninstalled")
        {
            await app.Admin.Session.DeleteAsync($"/api/v1/apps/installations/{app.InstallationId}");
        }

        var response = await app.Admin.Session.PostAsync(MissionsUrl, new { title = "t", objective = "o", workspaceAppInstallationId = installationId });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["workspaceAppInstallationId"], error["details"]!.AsObject().Select(p => p.Key));
        Assert.Equal(0, (await app.Admin.Session.GetOkAsync(MissionsUrl))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Titles_objectives_and_records_are_validated()
    {
        var user = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var foreignRecord = (await stranger.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Not yours" } }))["id"]!.GetValue<Guid>();

        var response = await user.Session.PostAsync(MissionsUrl, new { title = "", objective = new string('o', 4001), recordIds = new[] { foreignRecord } });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["objective", "recordIds", "title"], error["details"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Missions_are_workspace_private_and_need_assistant_and_read_access()
    {
        var owner = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text(Plan("One")), FakeReply.Text("Done."), FakeReply.Text("Report."));
        var id = (await owner.Session.PostOkAsync(MissionsUrl, new { title = "Private", objective = $"Private {script.Tag}" }))["id"]!.GetValue<Guid>();
        await owner.Session.WaitForStatusAsync(id, "completed");
        var (assistantOnly, _) = await owner.CreateKeyAsync(["integrations:assistant"]);
        var (readOnly, _) = await owner.CreateKeyAsync(["integrations:read"]);
        var (both, _) = await owner.CreateKeyAsync(["integrations:assistant", "integrations:read"]);
        var chatOnly = await api.EmbeddedAppAsync(["chat"]);

        var strangerGet = await stranger.Session.GetAsync($"{MissionsUrl}/{id}");
        var strangerCancel = await stranger.Session.PostAsync($"{MissionsUrl}/{id}/cancel", new { });
        var strangerList = await stranger.Session.GetOkAsync(MissionsUrl);
        var byAssistantOnly = await api.WithKey(assistantOnly).GetAsync(MissionsUrl);
        var byReadOnly = await api.WithKey(readOnly).GetAsync(MissionsUrl);
        var byBoth = await api.WithKey(both).GetOkAsync($"{MissionsUrl}/{id}");
        var byChatOnlyEmbed = await chatOnly.Embed.GetAsync(MissionsUrl);

        await strangerGet.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await strangerCancel.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(strangerList["missions"]!.AsArray());
        await byAssistantOnly.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await byReadOnly.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal("completed", byBoth["status"]!.GetValue<string>());
        await byChatOnlyEmbed.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}
