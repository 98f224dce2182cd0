using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// With traces exported over OTLP, a request's span carries its path and query (<c>url.path</c>, <c>url.query</c>): a
/// handoff's consume path and a hub's <c>access_token</c> must reach the collector without the token.
/// </summary>
public sealed class SecretsStayOutOfTracesTests
{
    [Fact]
    public async Task Exported_spans_carry_no_handoff_token_or_access_token()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var database = await TestDatabase.CreateAsync();
        await using var host = new JuxaApiFactory(database, receiver.Settings).StartKestrel();
        using var browser = new JuxaClient(host.CreateHttpClient(cookies: true));
        await browser.PostOkAsync("/api/v1/auth/signup", new { email = $"user-{Guid.NewGuid():N}@example.com", password = "a password 42", workspaceName = "Traced" });
        var key = (await browser.PostOkAsync("/api/v1/api-keys", new { name = "traced key" }))["token"]!.GetValue<string>();
        var handoffUrl = (await browser.PostOkAsync("/api/v1/integrations/juxa-docs-handoff", new { docPlain = "hello" }))["handoffUrl"]!.GetValue<string>();
        var handoff = Uri.UnescapeDataString(new Uri(handoffUrl).Query.Split("handoff=")[1].Split('&')[0]);

        await browser.PostOkAsync($"/api/v1/integrations/juxa-docs-handoff/{handoff}/consume", null);
        using var plain = host.CreateHttpClient();
        var negotiate = await plain.PostAsync($"/hubs/notifications/negotiate?negotiateVersion=1&access_token={key}", null);

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        await Eventually.HoldsAsync("the spans of the consume and of the negotiate",
            () => receiver.ReceivedAll("/v1/traces", "/api/v1/integrations/juxa-docs-handoff/{token}/consume", "/hubs/notifications/negotiate"));
        Assert.False(receiver.ReceivedAll("/v1/traces", handoff), "a span carries the handoff token");
        Assert.False(receiver.ReceivedAll("/v1/traces", key), "a span carries the key sent as access_token");
    }
}
