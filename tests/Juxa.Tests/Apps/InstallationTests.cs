using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Apps;

/// <summary>Installing and uninstalling catalog apps.</summary>
[Collection(ApiCollection.Name)]
public sealed class InstallationTests(ApiFixture api)
{
    private const string Path = "/api/v1/apps/installations";

    [Fact]
    public async Task An_admin_installs_once_uninstalls_and_may_install_again()
    {
        var publisher = await api.SignUpAsync();
        using var @operator = await api.OperatorAsync();
        await publisher.EntitleAsync(@operator);
        var app = await publisher.PublishAsync(["crm:read"]);
        var admin = await api.SignUpAsync();

        var installed = await admin.Session.PostOkAsync(Path, new { appId = app["id"] });
        var twice = await admin.Session.PostAsync(Path, new { appId = app["id"] });
        var listed = await admin.Session.GetOkAsync(Path);
        var uninstalled = await admin.Session.DeleteAsync($"{Path}/{installed["id"]}");
        var afterUninstall = await admin.Session.GetOkAsync(Path);
        var reinstalled = await admin.Session.PostAsync(Path, new { appId = app["id"] });

        Assert.Equal(app["slug"]!.GetValue<string>(), installed["app"]!["slug"]!.GetValue<string>());
        Assert.Equal(admin.MemberId, installed["installedByMemberId"]!.GetValue<Guid>());
        await twice.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(installed["id"]!.GetValue<Guid>(), Assert.Single(listed["installations"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Equal(HttpStatusCode.OK, uninstalled.StatusCode);
        Assert.Empty(afterUninstall["installations"]!.AsArray());
        Assert.Equal(HttpStatusCode.Created, reinstalled.StatusCode);
    }

    [Fact]
    public async Task Members_cannot_install_or_uninstall_and_other_workspaces_see_404()
    {
        var admin = await api.SignUpAsync();
        using var @operator = await api.OperatorAsync();
        await admin.EntitleAsync(@operator);
        var app = await admin.PublishAsync(["crm:read"]);
        var installationId = await admin.InstallAsync(app);
        var member = await api.AddMemberAsync(admin);
        var stranger = await api.SignUpAsync();

        var memberInstall = await member.Session.PostAsync(Path, new { appId = app["id"] });
        var memberUninstall = await member.Session.DeleteAsync($"{Path}/{installationId}");
        var memberList = await member.Session.GetOkAsync(Path);
        var strangerGet = await stranger.Session.GetAsync($"{Path}/{installationId}");
        var strangerUninstall = await stranger.Session.DeleteAsync($"{Path}/{installationId}");
        var strangerMint = await stranger.Session.PostAsync($"{Path}/{installationId}/embed-sessions", new { });
        var strangerList = await stranger.Session.GetOkAsync(Path);

        await memberInstall.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await memberUninstall.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Single(memberList["installations"]!.AsArray());
        await strangerGet.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await strangerUninstall.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await strangerMint.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(strangerList["installations"]!.AsArray());
        Assert.Equal(installationId, (await admin.Session.GetOkAsync($"{Path}/{installationId}"))["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Unknown_or_missing_apps_are_refused()
    {
        var admin = await api.SignUpAsync();

        var unknown = await admin.Session.PostAsync(Path, new { appId = Guid.NewGuid() });
        var missing = await admin.Session.PostAsync(Path, new { });

        await unknown.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Empty((await admin.Session.GetOkAsync(Path))["installations"]!.AsArray());
    }
}
