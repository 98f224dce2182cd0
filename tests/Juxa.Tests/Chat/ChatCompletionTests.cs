using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Chat;

/// <summary>POST /api/v1/chat/completions against the OpenAI-compatible fake: the event stream, what is stored, and who may call it how.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatCompletionTests(ApiFixture api)
{
    public const string Completions = "/api/v1/chat/completions";

    public static IEnumerable<string> Keys(ChatSse e) => e.Data.AsObject().Select(p => p.Key);

    [Fact]
    public async Task A_reply_streams_conversation_deltas_usage_and_done_in_order_and_is_stored()
    {
        var user = await api.SignUpAsync("Brandt & Partners");
        var script = api.Llm.Script(FakeReply.Text("Good ", "morning, ", "counsel.").WithUsage(30, 5));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Hello " + script.Tag });

        Assert.Equal(["conversation", "delta", "delta", "delta", "usage", "done"], events.Select(e => e.Event));
        // Each event's data is exactly its documented fields.
        Assert.Equal(["id"], Keys(events[0]));
        Assert.Equal(["text"], Keys(events[1]));
        Assert.Equal(["promptTokens", "completionTokens", "credits"], Keys(events[4]));
        Assert.Equal(["messageId"], Keys(events[5]));
        Assert.Equal(["Good ", "morning, ", "counsel."], events.Where(e => e.Event == "delta").Select(e => e.Data["text"]!.GetValue<string>()));
        var usage = events.Single(e => e.Event == "usage").Data;
        Assert.Equal(30, usage["promptTokens"]!.GetValue<int>());
        Assert.Equal(5, usage["completionTokens"]!.GetValue<int>());
        Assert.Equal(0.05m, usage["credits"]!.GetValue<decimal>());

        var id = events[0].Data["id"]!.GetValue<Guid>();
        var conversation = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        var messages = conversation["messages"]!.AsArray();
        Assert.Equal(["user", "assistant"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("Good morning, counsel.", messages[1]!["content"]!.GetValue<string>());
        Assert.Equal("complete", messages[1]!["status"]!.GetValue<string>());
        Assert.Equal(events[^1].Data["messageId"]!.GetValue<Guid>(), messages[1]!["id"]!.GetValue<Guid>());
        Assert.Equal("Hello " + script.Tag, conversation["title"]!.GetValue<string>());

        var request = Assert.Single(script.Requests);
        Assert.Contains("Brandt & Partners", request.Contents("system")[0]);
        Assert.Contains("people (", request.Contents("system")[0]);
        Assert.Equal(["search_records", "get_record", "list_tasks", "create_record", "update_record", "create_task", "create_note"], request.ToolNames);
        var list = await user.Session.GetOkAsync("/api/v1/chat/conversations");
        Assert.Equal([id], list["conversations"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task A_follow_up_sends_the_conversation_so_far()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("First answer."), FakeReply.Text("Second answer."));
        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "First question " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();

        var second = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "Second question" });

        Assert.Equal(id, second[0].Data["id"]!.GetValue<Guid>());
        var request = script.Requests[1];
        Assert.Equal(["First question " + script.Tag, "Second question"], request.Contents("user"));
        Assert.Equal(["First answer."], request.Contents("assistant"));
        Assert.Equal(4, (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bearer_keys_must_send_legalAssistantMode_and_need_the_assistant_scope()
    {
        var user = await api.SignUpAsync();
        var (assistantKey, _) = await user.CreateKeyAsync(["integrations:assistant"]);
        var (readKey, _) = await user.CreateKeyAsync(["integrations:read"]);
        using var assistant = api.WithKey(assistantKey);
        using var reader = api.WithKey(readKey);
        var script = api.Llm.Script(FakeReply.Text("Under the statute, yes."));

        await (await ChatStreamClient.SendAsync(assistant, Completions, new { message = "no mode " + script.Tag }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(assistant, Completions, new { message = "mode false " + script.Tag, legalAssistantMode = false }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(reader, Completions, new { message = "wrong scope " + script.Tag, legalAssistantMode = true }))
            .AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var events = await ChatStreamClient.ReadAllAsync(assistant, Completions, new { message = "Is this enforceable? " + script.Tag, legalAssistantMode = true });

        Assert.Equal(["conversation", "delta", "usage", "done"], events.Select(e => e.Event));
        var request = Assert.Single(script.Requests);
        Assert.Empty(request.ToolNames);
        Assert.Contains("no tools", request.Contents("system")[0]);
        // The key acts for its member: the member's session sees the conversation, and the key lists it.
        var id = events[0].Data["id"]!.GetValue<Guid>();
        await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        Assert.Equal(1, (await assistant.GetOkAsync("/api/v1/chat/conversations"))["pagination"]!["total"]!.GetValue<int>());
        await (await reader.GetAsync("/api/v1/chat/conversations")).AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task An_assistant_only_key_sees_only_its_own_conversations_and_cannot_render_records()
    {
        var user = await api.SignUpAsync();
        var (assistantKey, _) = await user.CreateKeyAsync(["integrations:assistant"]);
        var (otherKey, _) = await user.CreateKeyAsync(["integrations:assistant", "integrations:read"]);
        using var assistant = api.WithKey(assistantKey);
        using var other = api.WithKey(otherKey);
        var person = await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Secret Person", job_title = "Hidden" } });
        var script = api.Llm.Script(FakeReply.Text("One."), FakeReply.Text("Two."), FakeReply.Text("Three."));
        var bySession = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "session " + script.Tag });
        var byKey = await ChatStreamClient.ReadAllAsync(assistant, Completions, new { message = "key " + script.Tag, legalAssistantMode = true });
        var sessionConversation = bySession[0].Data["id"]!.GetValue<Guid>();
        var keyConversation = byKey[0].Data["id"]!.GetValue<Guid>();

        var withRecords = await ChatStreamClient.SendAsync(assistant, Completions,
            new { message = "read it " + script.Tag, legalAssistantMode = true, juxaContext = new[] { person["id"] } });
        var readable = await ChatStreamClient.ReadAllAsync(other, Completions,
            new { message = "may read " + script.Tag, legalAssistantMode = true, juxaContext = new[] { person["id"] } });

        var listed = await assistant.GetOkAsync("/api/v1/chat/conversations");
        Assert.Equal([keyConversation], listed["conversations"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()));
        await (await assistant.GetAsync($"/api/v1/chat/conversations/{sessionConversation}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await other.GetAsync($"/api/v1/chat/conversations/{keyConversation}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await assistant.GetOkAsync($"/api/v1/chat/conversations/{keyConversation}");
        // The member's session sees every conversation of the member, its keys' included.
        Assert.Equal(3, (await user.Session.GetOkAsync("/api/v1/chat/conversations"))["pagination"]!["total"]!.GetValue<int>());
        await withRecords.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal("done", readable[^1].Event);
    }

    [Fact]
    public async Task A_session_in_legal_mode_gets_no_tools()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("Noted."));

        await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = script.Tag, legalAssistantMode = true });

        Assert.Empty(Assert.Single(script.Requests).ToolNames);
    }

    [Fact]
    public async Task Bad_input_is_a_plain_400_before_any_event_and_stores_nothing()
    {
        var user = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var foreign = (await other.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Not Yours" } }))["id"]!.GetValue<Guid>();
        var script = api.Llm.Script();

        await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = "  " })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = script.Tag, juxaContext = 42 }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = script.Tag, juxaContext = new { recordIds = new[] { "nope" } } }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = script.Tag, juxaContext = new { recordIds = new[] { foreign } } }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = script.Tag, juxaContext = new string('x', 8001) }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = script.Tag, juxaContext = new { notes = "x" } }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = script.Tag, conversationId = Guid.NewGuid() }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.SendRawAsync(HttpMethod.Post, Completions, "{\"message\":", "application/json")).AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");

        Assert.Empty(script.Requests);
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/chat/conversations"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_juxaContext_text_of_another_type_is_refused_as_a_type_error_not_as_an_unknown_key()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script();

        var error = await (await ChatStreamClient.SendAsync(user.Session, Completions, new { message = script.Tag, juxaContext = new { text = 5 } }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("juxaContext.text must be a string.", error["message"]!.GetValue<string>());
        Assert.NotNull(error["details"]!["juxaContext.text"]);
        Assert.Empty(script.Requests);
    }

    [Fact]
    public async Task JuxaContext_records_and_text_reach_the_model_before_the_message()
    {
        var user = await api.SignUpAsync();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ingrid Contextsen" } }))["id"]!.GetValue<Guid>();
        var script = api.Llm.Script(FakeReply.Text("Seen."));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions,
            new { message = "Summarise " + script.Tag, juxaContext = new { recordIds = new[] { person }, text = "Matter 2026/17, tenancy dispute." } });

        var prompt = Assert.Single(Assert.Single(script.Requests).Contents("user"));
        Assert.Contains("Ingrid Contextsen", prompt);
        Assert.Contains(person.ToString(), prompt);
        Assert.Contains("Matter 2026/17, tenancy dispute.", prompt);
        Assert.EndsWith("Summarise " + script.Tag, prompt);
        var stored = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{events[0].Data["id"]}"))["messages"]![0]!;
        Assert.Equal("Summarise " + script.Tag, stored["content"]!.GetValue<string>());
        Assert.Contains("Ingrid Contextsen", stored["context"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_provider_failure_after_the_stream_started_is_an_error_event()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Failure(400));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = script.Tag });

        Assert.Equal(["conversation", "error"], events.Select(e => e.Event));
        Assert.Equal(["code", "message"], Keys(events[1]));
        Assert.Equal("LLM_PROVIDER_ERROR", events[1].Data["code"]!.GetValue<string>());
        var messages = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{events[0].Data["id"]}"))["messages"]!.AsArray();
        Assert.Equal(["user"], messages.Select(m => m!["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Usage_is_stored_per_round_and_returned_newest_first_with_totals()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("One.").WithUsage(100, 10), FakeReply.Text("Two.").WithUsage(250, 50));
        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "1 " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();
        await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "2" });

        var usage = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}/ai-usage");
        var latest = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}/ai-usage?limit=1");

        var rows = usage["usage"]!.AsArray();
        Assert.Equal([2, 1], rows.Select(r => r!["round"]!.GetValue<int>()));
        Assert.Equal([250, 100], rows.Select(r => r!["promptTokens"]!.GetValue<int>()));
        Assert.Equal([50, 10], rows.Select(r => r!["completionTokens"]!.GetValue<int>()));
        Assert.Equal([0.45m, 0.14m], rows.Select(r => r!["credits"]!.GetValue<decimal>()));
        Assert.Equal(FakeOpenAiServer.Model, rows[0]!["extras"]!["model"]!.GetValue<string>());
        Assert.Equal("stop", rows[0]!["extras"]!["finishReason"]!.GetValue<string>());
        Assert.True(rows[0]!["at"]!.GetValue<DateTimeOffset>() >= rows[1]!["at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0.59m, usage["totals"]!["credits"]!.GetValue<decimal>());
        Assert.Equal(350, usage["totals"]!["promptTokens"]!.GetValue<int>());
        Assert.Equal([2], latest["usage"]!.AsArray().Select(r => r!["round"]!.GetValue<int>()));
        var older = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}/ai-usage?limit=1&offset=1");
        Assert.Equal([1], older["usage"]!.AsArray().Select(r => r!["round"]!.GetValue<int>()));
        Assert.Equal((1, 1, 2), (older["pagination"]!["limit"]!.GetValue<int>(), older["pagination"]!["offset"]!.GetValue<int>(), older["pagination"]!["total"]!.GetValue<int>()));
        Assert.Equal(350, older["totals"]!["promptTokens"]!.GetValue<int>());
        await (await user.Session.GetAsync($"/api/v1/chat/conversations/{id}/ai-usage?limit=0")).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await user.Session.GetAsync($"/api/v1/chat/conversations/{id}/ai-usage?offset=-1")).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }
}
