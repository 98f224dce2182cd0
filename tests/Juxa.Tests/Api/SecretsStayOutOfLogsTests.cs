using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Juxa.Tests.Apps;
using Juxa.Tests.Chat;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Api;

/// <summary>
/// An operator who turns logging up to Debug (ASP.NET Core and Orleans included) to chase a problem gets no secret in
/// the logs: handoff tokens travel in the consume path, and keys, embed tokens and sessions in a hub's
/// <c>access_token</c> query, which ASP.NET Core's request lines and scopes carry as they are; the model provider's key
/// goes out with every chat round.
/// </summary>
public sealed class SecretsStayOutOfLogsTests
{
    private static Dictionary<string, string?> Debug(FakeOpenAiServer llm) => new(llm.Settings)
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Orleans"] = "Debug",
    };

    [Fact]
    public async Task No_token_password_or_key_reaches_the_logs_at_debug()
    {
        var logs = new CapturedLogs();
        await using var database = await TestDatabase.CreateAsync();
        await using var llm = await FakeOpenAiServer.StartAsync();
        await using var host = new JuxaApiFactory(database, Debug(llm)) { Logs = logs }.StartKestrel();
        const string password = "a password to keep 42";

        // A session (its cookie), a key, an invitation, a handoff minted and consumed, an embed token.
        var cookies = new CookieContainer();
        using var browser = new JuxaClient(new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = host.ServerAddress });
        var signedUp = await browser.PostOkAsync("/api/v1/auth/signup",
            new { email = $"user-{Guid.NewGuid():N}@example.com", password, workspaceName = "Secrets" });
        var session = cookies.GetCookies(host.ServerAddress!)["juxa_session"]!.Value;
        var key = (await browser.PostOkAsync("/api/v1/api-keys", new { name = "logged key" }))["token"]!.GetValue<string>();
        var invitation = (await browser.PostOkAsync("/api/v1/workspace-members", new { email = $"invitee-{Guid.NewGuid():N}@example.com" }))["invitationToken"]!.GetValue<string>();
        var handoffUrl = (await browser.PostOkAsync("/api/v1/integrations/juxa-docs-handoff", new { docPlain = "hello" }))["handoffUrl"]!.GetValue<string>();
        var handoff = Uri.UnescapeDataString(new Uri(handoffUrl).Query.Split("handoff=")[1].Split('&')[0]);
        await browser.PostOkAsync($"/api/v1/integrations/juxa-docs-handoff/{handoff}/consume", null);
        var admin = new SignedUp(browser, "", password, signedUp["workspace"]!["id"]!.GetValue<Guid>(), signedUp["memberId"]!.GetValue<Guid>(),
            signedUp["user"]!["id"]!.GetValue<Guid>());
        using var @operator = await AppsTestKit.OperatorAsync(new JuxaClient(host.CreateHttpClient(cookies: true)));
        await admin.EntitleAsync(@operator);
        var embed = (await admin.MintEmbedAsync(await admin.InstallAsync(await admin.PublishAsync(["crm:read"]))))["token"]!.GetValue<string>();

        // Each bearer secret once where clients put it in the URL (SignalR's access_token), and the bootstrap key in its header.
        using var plain = host.CreateHttpClient();
        foreach (var token in new[] { key, embed, session, JuxaApiFactory.BootstrapKey })
        {
            var negotiate = await plain.PostAsync($"/hubs/notifications/negotiate?negotiateVersion=1&access_token={token}", null);
            Assert.NotEqual(HttpStatusCode.InternalServerError, negotiate.StatusCode);
        }

        using var bootstrap = JuxaClient.WithKey(host.CreateHttpClient(), JuxaApiFactory.BootstrapKey);
        await bootstrap.GetOkAsync("/api/v1/workspace");
        // A chat round: the model provider's key goes out with it.
        var script = llm.Script(FakeReply.Text("Noted."));
        Assert.Contains((await ChatStreamClient.ReadAllAsync(browser, "/api/v1/chat/completions", new { message = "Hello " + script.Tag })), e => e.Event == "done");

        // The request lines were logged (so the check below looked at them), just not the secrets in them.
        Assert.NotEmpty(logs.Containing("/hubs/notifications/negotiate"));
        Assert.NotEmpty(logs.Containing("/api/v1/integrations/juxa-docs-handoff/"));
        Assert.All(new[] { session, key, invitation, handoff, embed, password, JuxaApiFactory.BootstrapKey, JuxaApiFactory.BootstrapPassword, FakeOpenAiServer.ApiKey },
            secret => Assert.Empty(logs.Containing(secret)));
    }
}
