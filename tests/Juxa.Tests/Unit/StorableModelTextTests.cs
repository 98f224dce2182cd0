using System.Text.Json;
using Juxa.Chat;
using Juxa.Llm;

namespace Juxa.Tests.Unit;

public sealed class StorableModelTextTests
{
    [Theory]
    [InlineData("""{"q":"a\u0000b"}""", """{"q":"a\uFFFDb"}""")]
    [InlineData("""{"q":"\\u0000 is text"}""", """{"q":"\\u0000 is text"}""")]
    [InlineData("""{"q":"\\\u0000"}""", """{"q":"\\\uFFFD"}""")]
    [InlineData("""{"q":"plain"}""", """{"q":"plain"}""")]
    public void Only_a_real_nul_escape_becomes_u_fffd(string json, string stored) => Assert.Equal(stored, StorableModelText.Json(json));

    [Fact]
    public void A_message_keeps_everything_but_its_nuls()
    {
        var arguments = JsonSerializer.SerializeToElement(new { query = "x\0y", note = "\\u0000" });
        var message = new ChatMessageView(Guid.NewGuid(), "assistant", "a\0b", "complete", null,
            [new ChatToolCallView("call_1", "search_records", arguments)], null, null, DateTimeOffset.UtcNow, 3);
        var clean = new ChatMessageView(Guid.NewGuid(), "assistant", "clean", "complete", null, null, null, null, DateTimeOffset.UtcNow, 4);

        var stored = StorableModelText.Message(message);

        Assert.Equal("a\uFFFDb", stored.Content);
        Assert.Equal("x\uFFFDy", stored.ToolCalls![0].Arguments.GetProperty("query").GetString());
        Assert.Equal("\\u0000", stored.ToolCalls[0].Arguments.GetProperty("note").GetString());
        Assert.Equal((message.Id, message.Seq, "search_records"), (stored.Id, stored.Seq, stored.ToolCalls[0].Name));
        Assert.Same(clean, StorableModelText.Message(clean));
    }
}
