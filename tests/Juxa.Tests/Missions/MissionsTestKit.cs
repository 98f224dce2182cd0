using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Missions;

public static class MissionsTestKit
{
    public const string MissionsUrl = "/api/v1/agent-missions";

    /// <summary>The JSON plan a fake model answers the planning request with.</summary>
    public static string Plan(params string[] steps) => new JsonObject { ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s!).ToArray()) }.ToJsonString();

    /// <summary>Polls the mission until it has this status (failing the test after the timeout) and returns it.</summary>
    public static async Task<JsonNode> WaitForStatusAsync(this JuxaClient client, Guid missionId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var mission = await client.GetOkAsync($"{MissionsUrl}/{missionId}");
            if (mission["status"]!.GetValue<string>() == status)
            {
                return mission;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The mission did not become {status}: {mission.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public static IReadOnlyList<string> LogKinds(JsonNode mission) =>
        mission["log"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToArray();
}
