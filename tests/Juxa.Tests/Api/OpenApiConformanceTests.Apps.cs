using System.Net;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using static Juxa.Tests.Missions.MissionsTestKit;

namespace Juxa.Tests.Api;

/// <summary>The apps part of the session (docs/apps.md): an app builder's and an app's own requests.</summary>
public sealed partial class OpenApiConformanceTests
{
    /// <summary>
    /// The entitlement asked for and approved by the platform operator; an app published, installed, an embed token
    /// minted and used as the app would (CRM, chat, a mission, OSINT research); then uninstalled, which kills the token.
    /// </summary>
    private async Task AppsAsync(Member admin)
    {
        using var @operator = await AppsTestKit.OperatorAsync(new JuxaClient(_recorder.CreateClient(api.Factory.ServerAddress!, cookies: true)));
        var entitlement = $"/api/v1/workspaces/{admin.WorkspaceId}/ecosystem-builder-entitlement";
        await admin.Session.GetOkAsync(entitlement);
        var request = await Created(await admin.Session.PostAsync(entitlement, new { note = "We build a docket app" }));
        await Status(await admin.Session.PostAsync(entitlement, new { }), HttpStatusCode.Conflict);
        await @operator.GetOkAsync("/api/v1/platform/ecosystem-builder-entitlements?limit=200");
        await @operator.PostOkAsync($"/api/v1/platform/ecosystem-builder-entitlements/{request["id"]}/decision", new { approved = true, reason = "Looks good" });
        await admin.Session.GetOkAsync(entitlement);
        await Status(await admin.Session.GetAsync("/api/v1/platform/ecosystem-builder-entitlements"), HttpStatusCode.Forbidden);

        const string Marketplace = "/api/v1/apps/marketplace";
        var app = await Created(await admin.Session.PostAsync(Marketplace, new
        {
            slug = "conformance-" + Guid.NewGuid().ToString("N")[..12],
            name = "Docket",
            description = "Court dates next to the CRM",
            manifest = new { scopes = new[] { "crm:read", "crm:write", "chat" }, embedUrl = "https://docket.example.com/embed", osintResearch = true },
        }));
        var appId = app["id"]!.GetValue<Guid>();
        await admin.Session.GetOkAsync($"{Marketplace}?limit=5");
        await admin.Session.GetOkAsync($"{Marketplace}/{appId}");
        await Status(await admin.Session.GetAsync($"{Marketplace}/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        const string Installations = "/api/v1/apps/installations";
        var installationId = (await Created(await admin.Session.PostAsync(Installations, new { appId })))["id"]!.GetValue<Guid>();
        await Status(await admin.Session.PostAsync(Installations, new { appId }), HttpStatusCode.Conflict);
        await admin.Session.GetOkAsync(Installations);
        await admin.Session.GetOkAsync($"{Installations}/{installationId}");
        var embed = await Created(await admin.Session.PostAsync($"{Installations}/{installationId}/embed-sessions", null));

        using (var embedded = Client(embed["token"]!.GetValue<string>()))
        {
            await EmbeddedAppAsync(embedded, admin);
        }

        // Research named for the installation by a session: usage attributed to it too.
        var research = api.Llm.Script(FakeReply.Text("Brief.").WithUsage(40, 10));
        await admin.Session.PostOkAsync("/api/v1/apps/osint-research",
            new { subject = "Acme Ltd", question = $"Who are its directors? {research.Tag}", workspaceAppInstallationId = installationId });
        await Status(await admin.Session.PostAsync("/api/v1/apps/osint-research", new { subject = "", question = "?" }), HttpStatusCode.BadRequest);
        await admin.Session.GetOkAsync($"{Installations}/{installationId}/usage");

        await Ok(await admin.Session.DeleteAsync($"{Installations}/{installationId}"));
        using (var uninstalled = Client(embed["token"]!.GetValue<string>()))
        {
            await Status(await uninstalled.GetAsync("/api/v1/objects/people/records"), HttpStatusCode.Unauthorized);
        }

        await admin.Session.GetOkAsync($"{Installations}/{installationId}/usage");
    }

    /// <summary>What an app does with its embed token (<c>crm:read</c>, <c>crm:write</c>, <c>chat</c>, OSINT research), and what it may not.</summary>
    private async Task EmbeddedAppAsync(JuxaClient embedded, Member admin)
    {
        await embedded.GetOkAsync("/api/v1/objects/people/records?limit=5");
        await embedded.PostOkAsync("/api/v1/objects/people/records/query", new { limit = 5 });
        var person = await Created(await embedded.PostAsync("/api/v1/objects/people/records", new { values = new { name = "Ada Embedded" } }));
        await embedded.GetOkAsync($"/api/v1/objects/people/records/{person["id"]}");
        await embedded.GetOkAsync("/api/v1/tasks");

        var script = api.Llm.Script(
            FakeReply.Text("Brief: ", "Acme Ltd is registered in Spain.").WithUsage(120, 45),
            FakeReply.Text("Under the statute, ", "yes.").WithUsage(30, 5),
            FakeReply.Text(Plan("Only step")),
            FakeReply.Text("Done."),
            FakeReply.Text("Report."));
        await embedded.PostOkAsync("/api/v1/apps/osint-research", new { subject = "Acme Ltd", question = $"Who owns it? {script.Tag}" });
        await Status(await embedded.PostAsync("/api/v1/chat/completions", new { message = $"Is this enforceable? {script.Tag}", legalAssistantMode = true }), HttpStatusCode.OK);
        await Status(await embedded.PostAsync("/api/v1/chat/completions", new { message = "No mode" }), HttpStatusCode.BadRequest);
        var mission = await Created(await embedded.PostAsync("/api/v1/agent-missions", new { title = "Who is Ada?", objective = $"Research Ada {script.Tag}" }));
        await embedded.WaitForStatusAsync(mission["id"]!.GetValue<Guid>(), "completed");
        await embedded.GetOkAsync("/api/v1/agent-missions");

        // Everything beyond its scopes is 403, whoever minted it (an admin here).
        await Status(await embedded.PostAsync("/api/v1/objects", new { slug = "apps_made", singularName = "App made", pluralName = "Apps made" }), HttpStatusCode.Forbidden);
        await Status(await embedded.GetAsync("/api/v1/apps/installations"), HttpStatusCode.Forbidden);
        await Status(await embedded.GetAsync($"/api/v1/workspaces/{admin.WorkspaceId}/ecosystem-builder-entitlement"), HttpStatusCode.Forbidden);
    }
}
