using System.Net;
using Juxa.Tests.Chat;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Apps;

/// <summary>The issue's "done when" flow end to end: sign up, entitlement, approval, publish, install, embed token (records and chat), uninstall.</summary>
[Collection(ApiCollection.Name)]
public sealed class AppsFlowTests(ApiFixture api)
{
    private const string Completions = "/api/v1/chat/completions";

    [Fact]
    public async Task Sign_up_to_uninstall_with_an_embed_token_that_reads_records_and_chats()
    {
        // 1. sign up; 2. request the entitlement; 3. the operator approves it.
        var admin = await api.SignUpAsync();
        var request = await admin.Session.PostOkAsync($"/api/v1/workspaces/{admin.WorkspaceId}/ecosystem-builder-entitlement", new { note = "Docket sync" });
        using var @operator = await api.OperatorAsync();
        await @operator.PostOkAsync($"/api/v1/platform/ecosystem-builder-entitlements/{request["id"]}/decision", new { approved = true });
        // 4. publish; 5. install; 6. mint an embed token.
        var app = await admin.PublishAsync(["crm:read", "chat"]);
        var installationId = await admin.InstallAsync(app);
        var token = (await admin.MintEmbedAsync(installationId))["token"]!.GetValue<string>();
        using var embed = api.WithKey(token);
        await admin.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Flow Person" } });
        var script = api.Llm.Script(FakeReply.Text("Hello from the assistant."));

        var records = await embed.GetOkAsync("/api/v1/objects/people/records");
        var withoutMode = await ChatStreamClient.SendAsync(embed, Completions, new { message = "hi " + script.Tag });
        var chat = await ChatStreamClient.ReadAllAsync(embed, Completions, new { message = "hi " + script.Tag, legalAssistantMode = true });
        // 7. uninstall: the token is dead for records and chat alike.
        await admin.Session.DeleteAsync($"/api/v1/apps/installations/{installationId}");
        var recordsAfter = await embed.GetAsync("/api/v1/objects/people/records");
        var chatAfter = await ChatStreamClient.SendAsync(embed, Completions, new { message = "again " + script.Tag, legalAssistantMode = true });

        Assert.Equal("Flow Person", records["records"]![0]!["values"]!["name"]!["full_name"]!.GetValue<string>());
        await withoutMode.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("Hello from the assistant.", string.Concat(chat.Where(e => e.Event == "delta").Select(e => e.Data["text"]!.GetValue<string>())));
        Assert.Empty(Assert.Single(script.Requests).ToolNames);
        await recordsAfter.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await chatAfter.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_embed_token_without_the_chat_scope_cannot_chat()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);

        var response = await ChatStreamClient.SendAsync(app.Embed, Completions, new { message = "hi", legalAssistantMode = true });

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}
