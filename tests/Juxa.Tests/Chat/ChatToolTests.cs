using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Chat;

/// <summary>The tool loop: read tools run at once, write tools wait for POST /chat/tool-confirm and then run with the caller's rights.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatToolTests(ApiFixture api)
{
    private const string Completions = ChatCompletionTests.Completions;
    private const string Confirm = "/api/v1/chat/tool-confirm";

    private static async Task<long> CountAsync(SignedUp user, string path) =>
        (await user.Session.GetOkAsync(path))["pagination"]!["total"]!.GetValue<long>();

    [Fact]
    public async Task Approving_a_write_call_creates_the_record_and_continues_the_reply()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(
            FakeReply.Tool("create_record", new { @object = "companies", values = new { name = "Confirmed Counsel LLP" } }, id: "call_create"),
            FakeReply.Text("Done: ", "the company exists now."));

        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Add the firm " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();
        var pending = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        var companiesBefore = await CountAsync(user, "/api/v1/objects/companies/records");
        var second = await ChatStreamClient.ReadAllAsync(user.Session, Confirm, new { conversationId = id, toolCallId = "call_create", approved = true });

        Assert.Equal(["conversation", "tool_call", "usage", "done"], first.Select(e => e.Event));
        var call = first[1].Data;
        Assert.Equal(["toolCallId", "name", "arguments"], ChatCompletionTests.Keys(first[1]));
        Assert.Equal("call_create", call["toolCallId"]!.GetValue<string>());
        Assert.Equal("create_record", call["name"]!.GetValue<string>());
        Assert.Equal("Confirmed Counsel LLP", call["arguments"]!["values"]!["name"]!.GetValue<string>());
        Assert.Equal("call_create", Assert.Single(pending["pendingToolCalls"]!.AsArray())!["toolCallId"]!.GetValue<string>());
        Assert.Equal(0, companiesBefore);

        Assert.Equal(["conversation", "delta", "delta", "usage", "done"], second.Select(e => e.Event));
        var companies = await user.Session.GetOkAsync("/api/v1/objects/companies/records");
        Assert.Equal("Confirmed Counsel LLP", Assert.Single(companies["records"]!.AsArray())!["values"]!["name"]!.GetValue<string>());
        var toolResult = Assert.Single(script.Requests[1].Contents("tool"));
        Assert.Contains("Confirmed Counsel LLP", toolResult);
        var conversation = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        Assert.Equal(["user", "assistant", "tool", "assistant"], conversation["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("ran", conversation["messages"]![2]!["status"]!.GetValue<string>());
        Assert.Empty(conversation["pendingToolCalls"]!.AsArray());
        // The record's activity names the member who approved, not the model.
        var recordId = companies["records"]![0]!["id"]!.GetValue<Guid>();
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{recordId}/activity");
        Assert.Equal(user.MemberId, activity["activity"]![0]!["actor"]!["id"]!.GetValue<Guid>());
        // Confirmed once: a second confirmation finds nothing pending.
        await (await ChatStreamClient.SendAsync(user.Session, Confirm, new { conversationId = id, toolCallId = "call_create", approved = true }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Declining_a_write_call_writes_nothing_and_tells_the_model()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(
            FakeReply.Tool("create_task", new { content = "Send the invoice" }, id: "call_task"),
            FakeReply.Text("Understood, I will not create it."));
        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Remind me " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();

        var second = await ChatStreamClient.ReadAllAsync(user.Session, Confirm, new { conversationId = id, toolCallId = "call_task", approved = false });

        Assert.Equal(["conversation", "delta", "usage", "done"], second.Select(e => e.Event));
        Assert.Equal(0, await CountAsync(user, "/api/v1/tasks?showCompleted=true"));
        Assert.Contains("declined", Assert.Single(script.Requests[1].Contents("tool")));
        var messages = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]!.AsArray();
        Assert.Equal("denied", messages[2]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_tools_run_at_once_and_the_model_continues_in_the_same_stream()
    {
        var user = await api.SignUpAsync();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Quentin Readtool" } }))["id"]!.GetValue<Guid>();
        var script = api.Llm.Script(
            FakeReply.Tool("search_records", new { query = "readtool" }).WithUsage(20, 4),
            FakeReply.Text("Quentin is in your CRM.").WithUsage(60, 8));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Do we know Quentin? " + script.Tag });

        Assert.Equal(["conversation", "delta", "usage", "done"], events.Select(e => e.Event));
        Assert.Equal(80, events[2].Data["promptTokens"]!.GetValue<int>());
        Assert.Contains(person.ToString(), Assert.Single(script.Requests[1].Contents("tool")));
        var usage = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{events[0].Data["id"]}/ai-usage");
        Assert.Equal(2, usage["usage"]!.AsArray().Count);
    }

    [Fact]
    public async Task Several_write_calls_in_one_round_continue_only_when_all_are_answered()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(
            FakeReply.Tool("create_record", new { @object = "people", values = new { name = "Ada One" } }, id: "call_one")
                .AndTool("create_record", new { @object = "people", values = new { name = "Bo Two" } }, id: "call_two"),
            FakeReply.Text("Both handled."));
        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Add two people " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();

        var afterOne = await ChatStreamClient.ReadAllAsync(user.Session, Confirm, new { conversationId = id, toolCallId = "call_one", approved = true });
        var afterTwo = await ChatStreamClient.ReadAllAsync(user.Session, Confirm, new { conversationId = id, toolCallId = "call_two", approved = false });

        Assert.Equal(["conversation", "tool_call", "tool_call", "usage", "done"], first.Select(e => e.Event));
        Assert.Equal(["conversation", "tool_call", "done"], afterOne.Select(e => e.Event));
        Assert.Equal("call_two", afterOne[1].Data["toolCallId"]!.GetValue<string>());
        // That stream stored no assistant message: its done names the one that made the waiting call, as the first stream's did.
        Assert.Equal(first[^1].Data["messageId"]!.GetValue<Guid>(), afterOne[^1].Data["messageId"]!.GetValue<Guid>());
        Assert.Equal(["conversation", "delta", "usage", "done"], afterTwo.Select(e => e.Event));
        Assert.Equal(2, script.Requests.Count);
        Assert.Equal(2, script.Requests[1].Contents("tool").Count);
        var people = await user.Session.GetOkAsync("/api/v1/objects/people/records");
        Assert.Equal(["Ada One"], people["records"]!.AsArray().Select(r => r!["values"]!["name"]!["full_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_new_message_cancels_pending_calls_unrun()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(
            FakeReply.Tool("create_note", new { recordId = Guid.NewGuid(), content = "x" }, id: "call_note"),
            FakeReply.Text("Fine, something else then."));
        var first = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Note it " + script.Tag });
        var id = first[0].Data["id"]!.GetValue<Guid>();

        await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "Actually, never mind" });

        var conversation = await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}");
        Assert.Equal(["user", "assistant", "tool", "user", "assistant"], conversation["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("cancelled", conversation["messages"]![2]!["status"]!.GetValue<string>());
        Assert.Empty(conversation["pendingToolCalls"]!.AsArray());
        await (await ChatStreamClient.SendAsync(user.Session, Confirm, new { conversationId = id, toolCallId = "call_note", approved = true }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Tool_confirm_is_for_sessions_and_checks_its_input()
    {
        var user = await api.SignUpAsync();
        var (key, _) = await user.CreateKeyAsync(["*"]);
        using var bearer = api.WithKey(key);

        await (await ChatStreamClient.SendAsync(bearer, Confirm, new { conversationId = Guid.NewGuid(), toolCallId = "x", approved = true }))
            .AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var error = await (await ChatStreamClient.SendAsync(user.Session, Confirm, new { toolCallId = "" })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await ChatStreamClient.SendAsync(user.Session, Confirm, new { conversationId = Guid.NewGuid(), toolCallId = "x", approved = true }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(["conversationId", "toolCallId", "approved"], error["details"]!.AsObject().Select(p => p.Key));
    }
}
