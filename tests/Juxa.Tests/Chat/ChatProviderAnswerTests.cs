using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Chat;

/// <summary>A provider that answers 200 but no reply, or a reply cut short: the client gets an error event, not a "complete" answer.</summary>
[Collection(ApiCollection.Name)]
public sealed class ChatProviderAnswerTests(ApiFixture api)
{
    private const string Completions = ChatCompletionTests.Completions;

    [Theory]
    [InlineData("text/event-stream", "data: [DONE]\n\n")]
    [InlineData("text/event-stream", "")]
    [InlineData("text/html", "<html><body>502 Bad Gateway</body></html>")]
    public async Task A_200_without_any_reply_is_an_error_event_and_stores_no_empty_answer(string contentType, string body)
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.RawBody(contentType, body), FakeReply.Text("A real answer."));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Hello " + script.Tag });
        var id = events[0].Data["id"]!.GetValue<Guid>();
        var retry = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "Again" });

        Assert.Equal(["conversation", "error"], events.Select(e => e.Event));
        Assert.Equal("LLM_PROVIDER_ERROR", events[1].Data["code"]!.GetValue<string>());
        Assert.Equal("done", retry[^1].Event);
        var messages = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]!.AsArray();
        Assert.Equal(["user:complete", "user:complete", "assistant:complete"],
            messages.Select(m => $"{m!["role"]!.GetValue<string>()}:{m["status"]!.GetValue<string>()}"));
        Assert.Equal("A real answer.", messages[2]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("data: [DONE]\n\n")]
    public async Task A_stream_that_stops_without_a_finish_reason_is_an_error_and_keeps_the_text_as_failed(string ending)
    {
        var user = await api.SignUpAsync();
        const string Chunk = """data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Half an"}}]}""";
        var script = api.Llm.Script(FakeReply.RawBody("text/event-stream", Chunk + "\n\n" + ending));

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Hello " + script.Tag });

        Assert.Equal(["conversation", "delta", "error"], events.Select(e => e.Event));
        Assert.Equal("LLM_PROVIDER_ERROR", events[2].Data["code"]!.GetValue<string>());
        var id = events[0].Data["id"]!.GetValue<Guid>();
        var messages = (await user.Session.GetOkAsync($"/api/v1/chat/conversations/{id}"))["messages"]!.AsArray();
        Assert.Equal(["user:complete", "assistant:failed"],
            messages.Select(m => $"{m!["role"]!.GetValue<string>()}:{m["status"]!.GetValue<string>()}"));
        Assert.Equal("Half an", messages[1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_empty_answer_the_provider_finished_is_still_a_reply()
    {
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text());

        var events = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { message = "Say nothing " + script.Tag });

        Assert.Equal(["conversation", "usage", "done"], events.Select(e => e.Event));
    }
}
