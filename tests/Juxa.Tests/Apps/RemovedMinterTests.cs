using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Apps;

/// <summary>
/// An embed token acts for the member who minted it, so removing that member ends it at once, on every host, as it
/// ends their API keys: its grain is told, rather than answering from its copy of the row for up to 30 seconds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RemovedMinterTests(ApiFixture api)
{
    [Fact]
    public async Task Removing_the_member_who_minted_an_embed_token_refuses_the_token_at_once()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);
        var member = await api.AddMemberAsync(app.Admin);
        using var minted = api.WithKey((await member.MintEmbedAsync(app.InstallationId))["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await minted.GetAsync("/api/v1/objects/people/records")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.Admin.Session.DeleteAsync($"/api/v1/workspace-members/{member.MemberId}")).StatusCode);
        var after = await minted.GetAsync("/api/v1/objects/people/records");

        await after.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        // The admin's own token, minted before, is untouched.
        Assert.Equal(HttpStatusCode.OK, (await app.Embed.GetAsync("/api/v1/objects/people/records")).StatusCode);
    }
}
