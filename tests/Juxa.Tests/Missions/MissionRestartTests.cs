using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using static Juxa.Tests.Missions.MissionsTestKit;

namespace Juxa.Tests.Missions;

/// <summary>A mission survives its host: stopped mid-step, it resumes on a new host (same database) through its reminder.</summary>
public sealed class MissionRestartTests
{
    [Fact]
    public async Task A_mission_interrupted_by_a_restart_resumes_where_it_stopped()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var llm = await FakeOpenAiServer.StartAsync();
        var settings = new Dictionary<string, string?>(llm.Settings) { ["Juxa:Missions:ReminderPeriod"] = "00:00:02" };
        var script = llm.Script(
            FakeReply.Text(Plan("First lookup", "Second lookup")).WithUsage(10, 1),
            FakeReply.Text("First findings.").WithUsage(10, 2),
            FakeReply.Text("halfway").ThenHang());
        Guid missionId;
        string email, password;

        await using (var first = new JuxaApiFactory(database, settings))
        {
            first.StartKestrel();
            using var session = new JuxaClient(first.CreateHttpClient(cookies: true));
            email = $"restart-{Guid.NewGuid():N}@example.com";
            password = "correct horse battery";
            await session.PostOkAsync("/api/v1/auth/signup", new { email, password, workspaceName = "Restart" });
            missionId = (await session.PostOkAsync(MissionsUrl, new { title = "Survivor", objective = $"Survive {script.Tag}" }))["id"]!.GetValue<Guid>();
            await script.RequestAsync(3);
            var midway = await session.GetOkAsync($"{MissionsUrl}/{missionId}");
            Assert.Equal("running", midway["status"]!.GetValue<string>());
            Assert.Equal(["completed", "running"], midway["steps"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()));
        }

        // The first host is gone, and with it the model call it was waiting on.
        await script.Requests[2].Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
        script.Then(FakeReply.Text("Second findings.").WithUsage(10, 3), FakeReply.Text("Final report after a restart.").WithUsage(10, 4));

        await using var second = new JuxaApiFactory(database, settings);
        second.StartKestrel();
        using var again = new JuxaClient(second.CreateHttpClient(cookies: true));
        await again.PostOkAsync("/api/v1/auth/login", new { email, password });
        var mission = await again.WaitForStatusAsync(missionId, "completed", TimeSpan.FromSeconds(60));

        Assert.Equal("Final report after a restart.", mission["report"]!.GetValue<string>());
        var steps = mission["steps"]!.AsArray();
        Assert.Equal("First findings.", steps[0]!["result"]!.GetValue<string>());
        Assert.Equal(1, steps[0]!["attempts"]!.GetValue<int>());
        Assert.Equal("Second findings.", steps[1]!["result"]!.GetValue<string>());
        Assert.Equal(2, steps[1]!["attempts"]!.GetValue<int>());
        Assert.Contains("resumed", LogKinds(mission));
        // Plan, step 1, the interrupted step 2, step 2 again, the report: nothing completed was asked twice.
        Assert.Equal(5, script.Requests.Count);
        Assert.Equal(10, mission["usage"]!["completionTokens"]!.GetValue<long>());
    }
}
