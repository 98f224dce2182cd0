using System.Text.Json;
using Juxa.Chat;
using Microsoft.Extensions.AI;

namespace Juxa.Tests.Chat;

/// <summary>What the model is sent from the stored conversation: the window, and tool calls only with their results.</summary>
public sealed class ChatPromptsTests
{
    private static ChatMessageView Message(int seq, string role, string content = "", IReadOnlyList<ChatToolCallView>? calls = null, string? callId = null, string? context = null) =>
        new(Guid.NewGuid(), role, content, "complete", context, calls, callId, callId is null ? null : "search_records", DateTimeOffset.UnixEpoch, seq);

    private static ChatToolCallView Call(string id) => new(id, "search_records", JsonDocument.Parse("""{"query":"acme"}""").RootElement);

    [Fact]
    public void The_window_starts_at_a_user_message_and_context_precedes_the_text()
    {
        var history = new[]
        {
            Message(0, "user", "old question"),
            Message(1, "assistant", "", [Call("c1")]),
            Message(2, "tool", "{}", callId: "c1"),
            Message(3, "assistant", "old answer"),
            Message(4, "user", "new question", context: "<text>matter 7</text>"),
            Message(5, "assistant", "new answer"),
        };

        var prompt = ChatPrompts.Build("system text", history, maxMessages: 4);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant], prompt.Select(m => m.Role));
        Assert.Equal("system text", prompt[0].Text);
        Assert.Equal("<text>matter 7</text>\n\nnew question", prompt[1].Text);
    }

    [Fact]
    public void Tool_calls_go_out_only_with_their_results_and_empty_assistant_messages_are_skipped()
    {
        var history = new[]
        {
            Message(0, "user", "find acme and add a note"),
            Message(1, "assistant", "Looking.", [Call("answered"), Call("unanswered")]),
            Message(2, "tool", """{"results":[]}""", callId: "answered"),
            Message(3, "assistant", ""),
        };

        var prompt = ChatPrompts.Build("s", history, maxMessages: 10);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], prompt.Select(m => m.Role));
        var call = Assert.Single(prompt[2].Contents.OfType<FunctionCallContent>());
        Assert.Equal("answered", call.CallId);
        Assert.Equal("acme", call.Arguments!["query"]!.ToString());
        Assert.Equal("answered", Assert.Single(prompt[3].Contents.OfType<FunctionResultContent>()).CallId);
    }
}
