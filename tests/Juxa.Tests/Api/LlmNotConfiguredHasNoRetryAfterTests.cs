using System.Net;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// <c>Retry-After: 1</c> belongs to <c>503 SERVICE_UNAVAILABLE</c> only (a node or PostgreSQL failing over: docs/api.md).
/// A deployment without a chat model stays without one until its operator configures it, so <c>503 LLM_NOT_CONFIGURED</c>
/// must not invite clients that honour the header to retry every second.
/// </summary>
[Collection(ShortLivedCollection.Name)]
public sealed class LlmNotConfiguredHasNoRetryAfterTests(ShortLivedFixture fixture)
{
    [Theory]
    [InlineData("/api/v1/chat/completions")]
    [InlineData("/api/v1/chat/tool-confirm")]
    [InlineData("/api/v1/apps/osint-research")]
    [InlineData("/api/v1/agent-missions")]
    public async Task A_model_feature_without_a_provider_is_503_without_Retry_After(string path)
    {
        var user = await fixture.Api.SignUpAsync();
        object body = path switch
        {
            "/api/v1/chat/completions" => new { message = "Hello" },
            "/api/v1/chat/tool-confirm" => new { conversationId = Guid.NewGuid(), toolCallId = "call_1", approved = true },
            "/api/v1/apps/osint-research" => new { subject = "s", question = "q" },
            _ => new { title = "t", objective = "o" },
        };

        var response = await user.Session.PostAsync(path, body);

        Assert.Null(response.Headers.RetryAfter);
        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "LLM_NOT_CONFIGURED");
    }
}
