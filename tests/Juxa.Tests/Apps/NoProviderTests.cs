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

    [Fact]
    public async Task Chat_completions_and_tool_confirmations_are_503_whatever_the_conversation()
    {
        var user = await fixture.Api.SignUpAsync();
        var unknown = Guid.NewGuid();

        var completion = await user.Session.PostAsync("/api/v1/chat/completions", new { conversationId = unknown, message = "Hello" });
        var confirmation = await user.Session.PostAsync("/api/v1/chat/tool-confirm", new { conversationId = unknown, toolCallId = "call_1", approved = true });

        await completion.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "LLM_NOT_CONFIGURED");
        await confirmation.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "LLM_NOT_CONFIGURED");
    }
}
