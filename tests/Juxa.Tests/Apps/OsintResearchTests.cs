using System.Net;
using System.Net.Sockets;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;

namespace Juxa.Tests.Apps;

/// <summary>POST /api/v1/apps/osint-research: who may call it, what reaches the model, usage, and no outbound fetch.</summary>
[Collection(ApiCollection.Name)]
public sealed class OsintResearchTests(ApiFixture api)
{
    private const string Path = "/api/v1/apps/osint-research";

    [Fact]
    public async Task An_enabled_embed_token_gets_a_brief_and_usage_is_recorded_against_its_installation()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"], osintResearch: true);
        var script = api.Llm.Script(FakeReply.Text("Brief: ", "Acme Ltd is registered in Spain.").WithUsage(120, 45));

        var brief = await app.Embed.PostOkAsync(Path, new { subject = "Acme Ltd", question = $"Who owns it? {script.Tag}" });
        var usage = await app.Admin.Session.GetOkAsync($"/api/v1/apps/installations/{app.InstallationId}/usage");

        Assert.Equal("Brief: Acme Ltd is registered in Spain.", brief["brief"]!.GetValue<string>());
        Assert.Equal(app.InstallationId, brief["installationId"]!.GetValue<Guid>());
        Assert.Equal(120, brief["promptTokens"]!.GetValue<long>());
        var row = Assert.Single(usage["usage"]!.AsArray())!;
        Assert.Equal("osint_research", row["kind"]!.GetValue<string>());
        Assert.Equal(1, row["calls"]!.GetValue<int>());
        Assert.Equal(45, row["completionTokens"]!.GetValue<long>());
        var request = Assert.Single(script.Requests);
        Assert.Empty(request.ToolNames);
        Assert.Contains("cannot browse the web", request.Contents("system")[0]);
        Assert.Contains("Subject: Acme Ltd", request.Contents("user")[0]);
    }

    [Fact]
    public async Task An_uninstalled_installations_usage_stays_readable_and_another_workspace_gets_404()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"], osintResearch: true);
        var script = api.Llm.Script(FakeReply.Text("Brief.").WithUsage(80, 20));
        await app.Embed.PostOkAsync(Path, new { subject = "Acme Ltd", question = $"Who owns it? {script.Tag}" });
        var outsider = await api.SignUpAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.Admin.Session.DeleteAsync($"/api/v1/apps/installations/{app.InstallationId}")).StatusCode);
        var usage = await app.Admin.Session.GetOkAsync($"/api/v1/apps/installations/{app.InstallationId}/usage");
        var foreign = await outsider.Session.GetAsync($"/api/v1/apps/installations/{app.InstallationId}/usage");

        var row = Assert.Single(usage["usage"]!.AsArray())!;
        Assert.Equal(80, row["promptTokens"]!.GetValue<long>());
        await foreign.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await app.Admin.Session.GetAsync($"/api/v1/apps/installations/{app.InstallationId}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Urls_in_the_request_are_never_fetched_by_the_server()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/internal-secret";
        var user = await api.SignUpAsync();
        var script = api.Llm.Script(FakeReply.Text("I cannot open links."));

        var brief = await user.Session.PostOkAsync(Path, new { subject = url, question = $"Summarize {url} {script.Tag}" });

        Assert.Equal("I cannot open links.", brief["brief"]!.GetValue<string>());
        Assert.False(listener.Pending(), "The server connected to a URL from the request.");
        Assert.Contains(url, Assert.Single(script.Requests).Contents("user")[0]);
    }

    [Fact]
    public async Task Sessions_and_assistant_keys_may_call_it_and_read_keys_may_not()
    {
        var user = await api.SignUpAsync();
        var (assistant, _) = await user.CreateKeyAsync(["integrations:assistant"]);
        var (read, _) = await user.CreateKeyAsync(["integrations:read"]);
        var script = api.Llm.Script(FakeReply.Text("one"), FakeReply.Text("two"));

        var bySession = await user.Session.PostAsync(Path, new { subject = "s", question = $"q {script.Tag}" });
        var byAssistantKey = await api.WithKey(assistant).PostAsync(Path, new { subject = "s", question = $"q {script.Tag}" });
        var byReadKey = await api.WithKey(read).PostAsync(Path, new { subject = "s", question = $"q {script.Tag}" });

        Assert.Equal(HttpStatusCode.OK, bySession.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAssistantKey.StatusCode);
        await byReadKey.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(2, script.Requests.Count);
    }

    public static TheoryData<string> ProviderFailures => new() { "provider-401", "html-200" };

    [Theory]
    [MemberData(nameof(ProviderFailures))]
    public async Task A_provider_that_fails_to_answer_is_502_LLM_PROVIDER_ERROR_without_what_it_said(string failure)
    {
        var app = await api.EmbeddedAppAsync(["crm:read"], osintResearch: true);
        // 401 is not retried by the client; the fake's error body says "Scripted failure.".
        var script = api.Llm.Script(failure == "provider-401" ? FakeReply.Failure(401) : FakeReply.RawBody("text/html", "<html>upstream proxy error</html>"));

        var response = await app.Embed.PostAsync(Path, new { subject = "Acme Ltd", question = $"Who owns it? {script.Tag}" });
        var usage = await app.Admin.Session.GetOkAsync($"/api/v1/apps/installations/{app.InstallationId}/usage");

        var error = await response.AssertErrorAsync(HttpStatusCode.BadGateway, "LLM_PROVIDER_ERROR");
        Assert.Equal("The model provider failed to answer. Try again later.", error["message"]!.GetValue<string>());
        Assert.Single(script.Requests);
        Assert.Empty(usage["usage"]!.AsArray());
    }

    [Fact]
    public async Task A_provider_that_never_answers_is_502_once_each_attempt_has_timed_out()
    {
        await using var host = new JuxaApiFactory(api.Database, new Dictionary<string, string?>(api.Llm.Settings)
        {
            ["Juxa:Llm:TimeoutSeconds"] = "1",
        }).StartKestrel();
        using var session = new JuxaClient(host.CreateHttpClient(cookies: true));
        var email = $"osint-{Guid.NewGuid():N}@example.com";
        await session.PostOkAsync("/api/v1/auth/signup", new { email, password = "correct horse battery", name = "Osint User", workspaceName = "Osint " + email });
        var hang = FakeReply.Text("never sent").ThenHang();
        var script = api.Llm.Script(hang, hang, hang, hang, hang);

        var response = await session.PostAsync(Path, new { subject = "Acme Ltd", question = $"Who owns it? {script.Tag}" });

        await response.AssertErrorAsync(HttpStatusCode.BadGateway, "LLM_PROVIDER_ERROR");
        // The timeout is per attempt, and the client tries a timed-out request again (docs/chat.md, Configuration).
        Assert.True(script.Requests.Count == 4, $"{script.Requests.Count} attempts");
    }

    [Fact]
    public async Task Bad_input_and_a_bad_installation_id_are_400_before_the_model_is_called()
    {
        var user = await api.SignUpAsync();

        var missing = await user.Session.PostAsync(Path, new { question = "q" });
        var badInstallation = await user.Session.PostAsync(Path, new { subject = "s", question = "q", workspaceAppInstallationId = Guid.NewGuid().ToString() });

        var error = await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["subject"], error["details"]!.AsObject().Select(p => p.Key));
        await badInstallation.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }
}
