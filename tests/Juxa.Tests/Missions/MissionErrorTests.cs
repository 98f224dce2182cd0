using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using static Juxa.Tests.Missions.MissionsTestKit;

namespace Juxa.Tests.Missions;

/// <summary>
/// What a failed mission's <c>error</c> says: a reason any reader of the case file may see. What the provider or a
/// parser said (its error body, an exception's text) goes to the server log only, as for chat.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MissionErrorTests(ApiFixture api)
{
    public static TheoryData<string> Failures => new() { "provider-401", "html-200" };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_provider_failure_is_reported_without_what_the_provider_or_a_parser_said(string failure)
    {
        var user = await api.SignUpAsync();
        // 401 is not retried by the client; the fake's error body says "Scripted failure.".
        var reply = failure == "provider-401" ? FakeReply.Failure(401) : FakeReply.RawBody("text/html", "<html>upstream proxy error</html>");
        var script = api.Llm.Script(reply);

        var id = (await user.Session.PostOkAsync(MissionsUrl, new { title = "Doomed", objective = $"Fail {script.Tag}" }))["id"]!.GetValue<Guid>();
        var mission = await user.Session.WaitForStatusAsync(id, "failed");

        var error = mission["error"]!.GetValue<string>();
        Assert.Equal("The model provider failed to answer. Try again later.", error);
        Assert.Equal(error, mission["log"]!.AsArray()[^1]!["message"]!.GetValue<string>());
    }
}
