using System.Net;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using static Juxa.Tests.Missions.MissionsTestKit;

namespace Juxa.Tests.Api;

/// <summary>
/// The parts of the session that need a model (docs/chat.md, docs/apps.md#agent-missions): the host's <c>Juxa:Llm</c> points
/// at the fixture's OpenAI-compatible fake, which plays each script to the request that carries its tag.
/// </summary>
public sealed partial class OpenApiConformanceTests
{
    private const string Completions = "/api/v1/chat/completions";
    private const string ToolConfirm = "/api/v1/chat/tool-confirm";

    /// <summary>
    /// A session's reply that asks for a write tool, confirmed (the continuation streams), then a second one declined; a key's
    /// legal-assistant reply; the conversations that left behind, with tool messages and usage rounds; the errors before a stream.
    /// </summary>
    /// <remarks>
    /// A stream's status and media type are checked like any answer, and its body as what it is to a client, text. Its events
    /// are not checked: OpenAPI 3.0 cannot describe them (the operation's description names them; tests/Juxa.Tests/Chat checks them).
    /// </remarks>
    private async Task ChatAsync(Member admin, JuxaClient key, Guid projectId)
    {
        var script = api.Llm.Script(
            FakeReply.Text("I will note it. ").AndTool("create_note", new { @object = "projects", recordId = projectId, title = "From chat", content = "Call back" }, id: "call_note")
                .WithUsage(30, 5),
            FakeReply.Text("Noted; ", "anything else?").WithUsage(40, 6),
            FakeReply.Tool("create_task", new { content = "Send the invoice" }, id: "call_task"),
            FakeReply.Text("Understood, I will not create it."));
        await Status(await admin.Session.PostAsync(Completions, new { message = $"Note that I called {script.Tag}", juxaContext = new { recordIds = new[] { projectId }, text = "The project" } }),
            HttpStatusCode.OK);
        var conversationId = (await admin.Session.GetOkAsync("/api/v1/chat/conversations?limit=1"))["conversations"]![0]!["id"]!.GetValue<Guid>();
        var conversation = $"/api/v1/chat/conversations/{conversationId}";
        // A conversation with a write call pending, then confirmed.
        await admin.Session.GetOkAsync(conversation);
        await Status(await admin.Session.PostAsync(ToolConfirm, new { conversationId, toolCallId = "call_note", approved = true }), HttpStatusCode.OK);
        await Status(await admin.Session.PostAsync(ToolConfirm, new { conversationId, toolCallId = "call_note", approved = true }), HttpStatusCode.NotFound);
        await Status(await admin.Session.PostAsync(Completions, new { conversationId, message = $"And remind me to invoice {script.Tag}" }), HttpStatusCode.OK);
        await Status(await admin.Session.PostAsync(ToolConfirm, new { conversationId, toolCallId = "call_task", approved = false }), HttpStatusCode.OK);
        await admin.Session.GetOkAsync(conversation);
        await admin.Session.GetOkAsync($"{conversation}/ai-usage?limit=10");

        // A key gets the legal assistant, without tools, and only when it says so; it confirms nothing.
        var legal = api.Llm.Script(FakeReply.Text("Under the statute, ", "yes.").WithUsage(12, 3));
        await Status(await key.PostAsync(Completions, new { message = $"Is this enforceable? {legal.Tag}", legalAssistantMode = true }), HttpStatusCode.OK);
        var keyConversation = (await key.GetOkAsync("/api/v1/chat/conversations?limit=1"))["conversations"]![0]!["id"]!.GetValue<Guid>();
        await key.GetOkAsync($"/api/v1/chat/conversations/{keyConversation}");
        await key.GetOkAsync($"/api/v1/chat/conversations/{keyConversation}/ai-usage");
        await Status(await key.PostAsync(Completions, new { message = "No mode" }), HttpStatusCode.BadRequest);
        await Status(await key.PostAsync(Completions, new { conversationId = Guid.NewGuid(), message = "Anyone there?", legalAssistantMode = true }), HttpStatusCode.NotFound);
        await Status(await key.PostAsync(ToolConfirm, new { conversationId, toolCallId = "call_note", approved = true }), HttpStatusCode.Forbidden);
        await Status(await admin.Session.PostAsync(ToolConfirm, new { conversationId, approved = true }), HttpStatusCode.BadRequest);
        await Status(await key.GetAsync($"/api/v1/chat/conversations/{Guid.NewGuid()}/ai-usage"), HttpStatusCode.NotFound);
    }

    /// <summary>A mission run to its report (polled through queued, running and completed), one cancelled mid-step, and their errors.</summary>
    private async Task MissionsAsync(JuxaClient key, Guid projectId)
    {
        const string Missions = MissionsUrl;
        var script = api.Llm.Script(
            FakeReply.Text(Plan("Find the project", "Summarize")).WithUsage(10, 5),
            FakeReply.Tool("search_records", new { query = "P-1" }).WithUsage(20, 3),
            FakeReply.Text("P-1 is in the CRM.").WithUsage(30, 6),
            FakeReply.Text("Nothing else to add.").WithUsage(40, 7),
            FakeReply.Text("Final report: P-1 is active.").WithUsage(50, 8));
        var started = await Created(await key.PostAsync(Missions, new { title = "What is P-1?", objective = $"Research P-1 {script.Tag}", recordIds = new[] { projectId } }));
        var missionId = started["id"]!.GetValue<Guid>();
        await key.WaitForStatusAsync(missionId, "completed");
        await key.GetOkAsync($"{Missions}?limit=10");
        await Status(await key.PostAsync($"{Missions}/{missionId}/cancel", null), HttpStatusCode.Conflict);

        var hanging = api.Llm.Script(FakeReply.Text(Plan("Long step", "Never reached")), FakeReply.Text("thinking").ThenHang());
        var toCancel = (await Created(await key.PostAsync(Missions, new { title = "To cancel", objective = $"Cancel {hanging.Tag}" })))["id"]!.GetValue<Guid>();
        await hanging.RequestAsync(2);
        await key.GetOkAsync($"{Missions}/{toCancel}");
        await key.PostOkAsync($"{Missions}/{toCancel}/cancel", null);

        await Status(await key.PostAsync(Missions, new { title = "", objective = "Nothing" }), HttpStatusCode.BadRequest);
        await Status(await key.GetAsync($"{Missions}/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }
}
