using System.Net;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Chat;

/// <summary>
/// A conversation an API key created stays readable by that key, so the member's session may continue it but must
/// not bring CRM data into it: an assistant-only key would read what the tools or the record context put there.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChatCredentialConversationTests(ApiFixture api)
{
    private const string Completions = ChatCompletionTests.Completions;

    [Fact]
    public async Task A_key_that_may_read_records_still_attaches_them_in_its_own_conversation()
    {
        var user = await api.SignUpAsync();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Readable Person" } }))["id"]!.GetValue<Guid>();
        var (readerKey, _) = await user.CreateKeyAsync(["integrations:assistant", "integrations:read"]);
        using var key = api.WithKey(readerKey);
        var script = api.Llm.Script(FakeReply.Text("One."), FakeReply.Text("Two."));
        var first = await ChatStreamClient.ReadAllAsync(key, Completions, new { message = "First " + script.Tag, legalAssistantMode = true });

        var second = await ChatStreamClient.ReadAllAsync(key, Completions,
            new { conversationId = first[0].Data["id"], message = "With the record", legalAssistantMode = true, juxaContext = new[] { person } });

        Assert.Equal("done", second[^1].Event);
        Assert.Contains("Readable Person", script.Requests[1].Contents("user")[1]);
    }

    [Fact]
    public async Task A_session_continuing_a_keys_conversation_gets_no_tools_and_no_record_context()
    {
        var user = await api.SignUpAsync();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Private Person" } }))["id"]!.GetValue<Guid>();
        var (assistantKey, _) = await user.CreateKeyAsync(["integrations:assistant"]);
        using var key = api.WithKey(assistantKey);
        var script = api.Llm.Script(FakeReply.Text("Legal answer."), FakeReply.Text("Still no tools."));
        var byKey = await ChatStreamClient.ReadAllAsync(key, Completions, new { message = "Key question " + script.Tag, legalAssistantMode = true });
        var id = byKey[0].Data["id"]!.GetValue<Guid>();

        var bySession = await ChatStreamClient.ReadAllAsync(user.Session, Completions, new { conversationId = id, message = "Search the CRM" });
        using var withRecords = await ChatStreamClient.SendAsync(user.Session, Completions, new { conversationId = id, message = "Look at this", juxaContext = new[] { person } });

        await withRecords.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("done", bySession[^1].Event);
        Assert.Empty(script.Requests[1].ToolNames);
        Assert.Contains("no tools", script.Requests[1].Contents("system")[0]);
        var seenByKey = await key.GetOkAsync($"/api/v1/chat/conversations/{id}");
        Assert.DoesNotContain("Private Person", seenByKey.ToJsonString());
    }
}
