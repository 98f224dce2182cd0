using System.Net;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Chat;

/// <summary>Chat on hosts of their own (same database as the shared fixture): no provider at all, and a very short confirmation window.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatHostSettingsTests(ApiFixture api)
{
    private const string Completions = ChatCompletionTests.Completions;

    private static async Task<SignedUp> SignUpAsync(JuxaApiFactory host)
    {
        var client = new JuxaClient(host.CreateHttpClient(cookies: true));
        var email = $"chat-{Guid.NewGuid():N}@example.com";
        var body = await client.PostOkAsync("/api/v1/auth/signup", new { email, password = "correct horse battery", name = "Chat User", workspaceName = "Chat " + email });
        return new SignedUp(client, email, "correct horse battery", body["workspace"]!["id"]!.GetValue<Guid>(), body["memberId"]!.GetValue<Guid>(),
            body["user"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Without_a_provider_completions_are_503_and_conversations_can_still_be_listed_and_read()
    {
        // A conversation with messages, written by the host that has a provider.
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("Stored earlier."));
        var earlier = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Before " + script.Tag });
        var id = earlier[0].Data["id"]!.GetValue<Guid>();
        await using var host = new JuxaApiFactory(api.Database).StartKestrel();
        using var session = new JuxaClient(host.CreateHttpClient(cookies: true));
        await session.PostOkAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });

        await (await ChatStreamClient.SendAsync(session, Completions, new { message = "Anyone there?" })).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "LLM_NOT_CONFIGURED");
        await (await ChatStreamClient.SendAsync(session, Completions, new { conversationId = id, message = "Anyone there?" }))
            .AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "LLM_NOT_CONFIGURED");
        var list = await session.GetOkAsync("/api/v1/chat/conversations");
        var conversation = await session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        await session.GetOkAsync($"/api/v1/chat/conversations/{id}/ai-usage");

        Assert.Equal([id], list["conversations"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()));
        Assert.Equal(["Before " + script.Tag, "Stored earlier."], conversation["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_pending_call_confirmed_after_its_time_limit_is_410_and_never_runs()
    {
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?>(api.Llm.Settings)
        {
            // Expired by the time any client could confirm it.
            ["Juxa:Chat:ToolConfirmationTimeout"] = "00:00:00.001",
        }).StartKestrel();
        var user = await SignUpAsync(host);
        var script = api.Llm.Script(FakeReply.Tool("create_record", new { @object = "deals", values = new { name = "Too late" } }, id: "call_late"));
        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Open a deal " + script.Tag });
        var id = events[0].Data["id"]!.GetValue<Guid>();

        var pending = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        await (await ChatStreamClient.SendAsync(user.Session, "/api/v1/chat/tool-confirm", new { conversationId = id, toolCallId = "call_late", approved = true }))
            .AssertErrorAsync(HttpStatusCode.Gone, "GONE");

        Assert.Equal("tool_call", events[1].Event);
        Assert.Empty(pending["pendingToolCalls"]!.AsArray());
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/objects/deals/records"))["pagination"]!["total"]!.GetValue<int>());
        var messages = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]!.AsArray();
        Assert.Equal("expired", messages[^1]!["status"]!.GetValue<string>());
        Assert.Single(script.Requests);
    }

    [Fact]
    public async Task A_call_that_expired_unconfirmed_is_stored_as_expired_when_the_user_moves_on()
    {
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?>(api.Llm.Settings)
        {
            ["Juxa:Chat:ToolConfirmationTimeout"] = "00:00:00.001",
        }).StartKestrel();
        var user = await SignUpAsync(host);
        var script = api.Llm.Script(
            FakeReply.Tool("create_record", new { @object = "deals", values = new { name = "Never seen" } }, id: "call_unseen"),
            FakeReply.Text("Noted."));
        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Open a deal " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();

        await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "What else?" });

        // Nobody could confirm it: it expired, so the user did not decline it by moving on, and the model must not read that they did.
        var tool = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]![2]!;
        Assert.Equal(["call_unseen", "expired"], new[] { tool["toolCallId"]!.GetValue<string>(), tool["status"]!.GetValue<string>() });
        Assert.Contains("expired", Assert.Single(script.Requests[1].Contents("tool")));
    }

    [Fact]
    public async Task A_provider_that_stops_sending_mid_reply_ends_the_stream_with_an_error_after_its_timeout()
    {
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?>(api.Llm.Settings)
        {
            ["Juxa:Llm:TimeoutSeconds"] = "2",
        }).StartKestrel();
        var user = await SignUpAsync(host);
        var script = api.Llm.Script(FakeReply.Text("The period ", "is").ThenHang(), FakeReply.Text("Free again."));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "How long? " + script.Tag });
        var id = events[0].Data["id"]!.GetValue<Guid>();
        var next = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "Again?" });

        Assert.Equal(["conversation", "delta", "delta", "error"], events.Select(e => e.Event));
        Assert.Equal("LLM_PROVIDER_ERROR", events[^1].Data["code"]!.GetValue<string>());
        Assert.Equal(["conversation", "delta", "usage", "done"], next.Select(e => e.Event));
        var messages = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]!.AsArray();
        Assert.Equal(["complete", "failed", "complete", "complete"], messages.Select(m => m!["status"]!.GetValue<string>()));
    }
}
