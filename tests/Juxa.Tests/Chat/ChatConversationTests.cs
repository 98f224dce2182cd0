using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Chat;

/// <summary>Conversations as resources: ownership, isolation, deletion, disconnects and one reply at a time.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatConversationTests(ApiFixture api)
{
    private const string Completions = ChatCompletionTests.Completions;

    /// <summary>Polls (bounded) until the stored conversation satisfies <paramref name="done"/>: the stream's clean-up runs after the client left.</summary>
    private static async Task<JsonNode> ConversationWhenAsync(SignedUp user, Guid id, Func<JsonNode, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var conversation = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
            if (done(conversation) || attempt == 300)
            {
                return conversation;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Leaving_mid_reply_cancels_the_upstream_request_and_keeps_the_partial_reply_as_interrupted()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("The limitation period ", "is three").ThenHang());
        Guid id;
        await using (var stream = await ChatStreamClient.OpenAsync(user.Session, Completions, new { message = "How long? " + script.Tag }))
        {
            id = (await stream.NextAsync())!.Data["id"]!.GetValue<Guid>();
            // Both deltas arrive while the provider has not finished: nothing is buffered.
            Assert.Equal("The limitation period ", (await stream.NextAsync())!.Data["text"]!.GetValue<string>());
            Assert.Equal("is three", (await stream.NextAsync())!.Data["text"]!.GetValue<string>());
        }

        var upstream = await script.RequestAsync(1);
        await upstream.Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
        var conversation = await ConversationWhenAsync(user, id, c => c["messages"]!.AsArray().Count == 2);

        Assert.True(upstream.WasCancelled);
        var reply = conversation["messages"]![1]!;
        Assert.Equal("assistant", reply["role"]!.GetValue<string>());
        Assert.Equal("The limitation period is three", reply["content"]!.GetValue<string>());
        Assert.Equal("interrupted", reply["status"]!.GetValue<string>());
        var usage = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}/ai-usage"))["usage"]!.AsArray();
        Assert.True(Assert.Single(usage)!["extras"]!["interrupted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Two_replies_on_one_conversation_never_interleave_the_second_is_409()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("Working on it").ThenHang(), FakeReply.Text("Now free."));
        Guid id;
        await using (var first = await ChatStreamClient.OpenAsync(user.Session, Completions, new { message = "Long one " + script.Tag }))
        {
            id = (await first.NextAsync())!.Data["id"]!.GetValue<Guid>();
            await first.NextAsync();

            await (await ChatStreamClient.SendAsync(user.Session, Completions, new { conversationId = id, message = "Meanwhile?" }))
                .AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
            await (await user.Session.DeleteAsync($"/api/v1/chat/conversations/{id}")).AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
            // Reading is never blocked by a streaming reply.
            var during = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
            Assert.Equal(["user"], during["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        }

        await (await script.RequestAsync(1)).Cancelled.WaitAsync(TimeSpan.FromSeconds(30));
        await ConversationWhenAsync(user, id, c => c["messages"]!.AsArray().Count == 2);
        var after = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "Now?" });

        Assert.Equal(["conversation", "delta", "usage", "done"], after.Select(e => e.Event));
        Assert.Equal(2, script.Requests.Count);
        var roles = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>());
        Assert.Equal(["user", "assistant", "user", "assistant"], roles);
    }

    [Fact]
    public async Task Another_members_or_workspaces_conversation_is_404_everywhere()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        var stranger = await api.SignUpAsync();
        var (strangerKey, _) = await stranger.CreateKeyAsync(["integrations:assistant"]);
        using var strangerBearer = api.WithKey(strangerKey);
        var script = api.Llm.Script(FakeReply.Tool("create_record", new { @object = "people", values = new { name = "Private" } }, id: "call_private"));
        var events = await ChatStreamClient.ReadAllAsync(owner.Session, Completions, new { message = "Mine " + script.Tag });
        var id = events[0].Data["id"]!.GetValue<Guid>();

        foreach (var other in new[] { colleague.Session, stranger.Session, strangerBearer })
        {
            await (await other.GetAsync($"/api/v1/chat/conversations/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            await (await other.GetAsync($"/api/v1/chat/conversations/{id}/ai-usage")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            await (await other.DeleteAsync($"/api/v1/chat/conversations/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            await (await ChatStreamClient.SendAsync(other, Completions, new { conversationId = id, message = "Let me in", legalAssistantMode = true }))
                .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            Assert.Equal(0, (await other.GetOkAsync("/api/v1/chat/conversations"))["pagination"]!["total"]!.GetValue<int>());
        }

        foreach (var other in new[] { colleague.Session, stranger.Session })
        {
            await (await ChatStreamClient.SendAsync(other, "/api/v1/chat/tool-confirm", new { conversationId = id, toolCallId = "call_private", approved = true }))
                .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        var still = await owner.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        Assert.Single(still["pendingToolCalls"]!.AsArray());
        Assert.Equal(0, (await owner.Session.GetOkAsync("/api/v1/objects/people/records"))["pagination"]!["total"]!.GetValue<int>());
        Assert.Single(script.Requests);
    }

    [Fact]
    public async Task Conversations_are_created_listed_and_deleted_per_member()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("Hi."));

        var created = await user.Session.PostOkAsync("/api/v1/chat/conversations", null);
        var id = created["id"]!.GetValue<Guid>();
        var empty = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "First words " + script.Tag });
        var listed = await user.Session.GetOkAsync("/api/v1/chat/conversations?limit=10");
        var deleted = await (await user.Session.DeleteAsync($"/api/v1/chat/conversations/{id}")).Content.ReadAsStringAsync();

        Assert.Empty(empty["messages"]!.AsArray());
        Assert.Null(empty["title"]);
        var entry = Assert.Single(listed["conversations"]!.AsArray())!;
        Assert.Equal("First words " + script.Tag, entry["title"]!.GetValue<string>());
        Assert.Equal(10, listed["pagination"]!["limit"]!.GetValue<int>());
        Assert.Equal(id, JsonNode.Parse(deleted)!["data"]!["id"]!.GetValue<Guid>());
        await (await user.Session.GetAsync($"/api/v1/chat/conversations/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/chat/conversations"))["pagination"]!["total"]!.GetValue<int>());
        await using var db = api.Database.CreateDataSource();
        await using var command = db.CreateCommand($"SELECT count(*) FROM chat_messages WHERE conversation_id = '{id}'");
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
    [Fact]
    public async Task A_nul_from_the_model_is_refused_as_a_tool_argument_stored_as_u_fffd_and_text_that_only_looks_like_its_escape_is_kept()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(
            FakeReply.Tool("search_records", new { query = "nul\0here, and \\u0000 as text" }),
            FakeReply.Text("A NUL: \0. Its JSON escape, as text: \\u0000."));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Find it " + script.Tag });
        var id = events[0].Data["id"]!.GetValue<Guid>();
        var messages = (await ConversationWhenAsync(user, id, c => c["messages"]!.AsArray().Count == 4))["messages"]!.AsArray();

        Assert.Equal("done", events[^1].Event);
        var call = messages.Single(m => m!["toolCalls"] is JsonArray { Count: > 0 })!["toolCalls"]![0]!;
        Assert.Equal("nul\uFFFDhere, and \\u0000 as text", call["arguments"]!["query"]!.GetValue<string>());
        Assert.Equal("A NUL: \uFFFD. Its JSON escape, as text: \\u0000.", messages[^1]!["content"]!.GetValue<string>());
        // The model is told which argument it cannot use (and may try again); the NUL never reaches the database.
        var toolResult = Assert.Single(script.Requests[1].Contents("tool"));
        Assert.Contains("VALIDATION_ERROR", toolResult);
        Assert.Contains("argument 'query'", toolResult);
    }

}
