using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Apps;

/// <summary>Without a chat provider, model features answer 503 LLM_NOT_CONFIGURED and start nothing.</summary>
[Collection(ShortLivedCollection.Name)]
public sealed class NoProviderTests(ShortLivedFixture fixture)
{
    [Fact]
    public async Task Osint_research_and_missions_are_503()
    {
        var user = await fixture.Api.SignUpAsync();

        var osint = await user.Session.PostAsync("/api/v1/apps/osint-research", new { subject = "s", question = "q" });
        var mission = await user.Session.PostAsync("/api/v1/agent-missions", new { title = "t", objective = "o" });

        await osint.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "LLM_NOT_CONFIGURED");
        await mission.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "LLM_NOT_CONFIGURED");
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/agent-missions"))["pagination"]!["total"]!.GetValue<int>());
    }
}
