using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Apps;

/// <summary>The steps of the apps flow as one-liners: an operator session, an entitled workspace, a published and installed app, an embed token.</summary>
public static class AppsTestKit
{
    /// <summary>The bootstrap admin, who is the platform operator, signed in.</summary>
    public static async Task<JuxaClient> OperatorAsync(this ApiFixture api) => await OperatorAsync(api.Anonymous());

    public static async Task<JuxaClient> OperatorAsync(JuxaClient anonymous)
    {
        await anonymous.PostOkAsync("/api/v1/auth/login", new { email = JuxaApiFactory.BootstrapEmail, password = JuxaApiFactory.BootstrapPassword });
        return anonymous;
    }

    /// <summary>Requests the entitlement for the user's workspace and has the operator approve it.</summary>
    public static async Task EntitleAsync(this SignedUp admin, JuxaClient @operator)
    {
        var request = await admin.Session.PostOkAsync($"/api/v1/workspaces/{admin.WorkspaceId}/ecosystem-builder-entitlement", new { note = "we build apps" });
        await @operator.PostOkAsync($"/api/v1/platform/ecosystem-builder-entitlements/{request["id"]}/decision", new { approved = true });
    }

    /// <summary>Publishes an app with a fresh slug from the (entitled) workspace and returns the catalog entry.</summary>
    public static Task<JsonNode> PublishAsync(this SignedUp publisher, string[] scopes, bool osintResearch = false, string embedUrl = "https://app.example.com/embed") =>
        publisher.Session.PostOkAsync("/api/v1/apps/marketplace", new
        {
            slug = "app-" + Guid.NewGuid().ToString("N")[..12],
            name = "Test App",
            description = "An app for tests",
            manifest = new { scopes, embedUrl, osintResearch },
        });

    /// <summary>Installs the app in the user's workspace and returns the installation id.</summary>
    public static async Task<Guid> InstallAsync(this SignedUp admin, JsonNode app) =>
        (await admin.Session.PostOkAsync("/api/v1/apps/installations", new { appId = app["id"]!.GetValue<Guid>() }))["id"]!.GetValue<Guid>();

    /// <summary>Mints an embed token for the installation through the user's session.</summary>
    public static async Task<JsonNode> MintEmbedAsync(this SignedUp user, Guid installationId) =>
        await user.Session.PostOkAsync($"/api/v1/apps/installations/{installationId}/embed-sessions", new { });

    /// <summary>A fresh workspace with an entitled admin, its own app with these scopes installed, and an embed token for it.</summary>
    public static async Task<EmbeddedApp> EmbeddedAppAsync(this ApiFixture api, string[] scopes, bool osintResearch = false)
    {
        var admin = await api.SignUpAsync();
        using var @operator = await api.OperatorAsync();
        await admin.EntitleAsync(@operator);
        var app = await admin.PublishAsync(scopes, osintResearch);
        var installationId = await admin.InstallAsync(app);
        var embed = await admin.MintEmbedAsync(installationId);
        return new EmbeddedApp(admin, installationId, embed["token"]!.GetValue<string>(), api.WithKey(embed["token"]!.GetValue<string>()));
    }
}

/// <summary>An installed app: the admin who installed it, the installation, and an embed token with a client that sends it.</summary>
public sealed record EmbeddedApp(SignedUp Admin, Guid InstallationId, string Token, JuxaClient Embed);
