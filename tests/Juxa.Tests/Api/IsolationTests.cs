using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class IsolationTests(ApiFixture api)
{
    [Fact]
    public async Task A_key_of_workspace_a_sees_only_workspace_a()
    {
        var a = await api.SignUpAsync("Workspace A");
        var b = await api.SignUpAsync("Workspace B");
        var (aToken, _) = await a.CreateKeyAsync();
        var (_, bKeyId) = await b.CreateKeyAsync();
        using var aKey = api.WithKey(aToken);

        var workspace = await aKey.GetOkAsync("/api/v1/workspace");
        var keys = await aKey.GetOkAsync("/api/v1/api-keys");
        var revokeB = await aKey.DeleteAsync($"/api/v1/api-keys/{bKeyId}");

        Assert.Equal(a.WorkspaceId, workspace["id"]!.GetValue<Guid>());
        Assert.DoesNotContain(keys["apiKeys"]!.AsArray(), k => k!["id"]!.GetValue<Guid>() == bKeyId);
        await revokeB.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var bKeys = await b.Session.GetOkAsync("/api/v1/api-keys");
        Assert.Null(bKeys["apiKeys"]![0]!["revokedAt"]);
    }

    [Fact]
    public async Task Renaming_one_workspace_leaves_the_other_alone()
    {
        var a = await api.SignUpAsync("Alpha");
        var b = await api.SignUpAsync("Beta");

        await a.Session.PatchOkAsync("/api/v1/workspace", new { name = "Alpha 2" });

        Assert.Equal("Beta", (await b.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>());
    }
}
