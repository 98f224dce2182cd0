using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary><c>PATCH /api/v1/workspace {name}</c>: a rename moves <c>updatedAt</c>; the same name again changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkspaceRenameTests(ApiFixture api)
{
    [Fact]
    public async Task Renaming_to_the_current_name_keeps_updatedAt_and_a_new_name_moves_it()
    {
        var user = await api.SignUpAsync();
        var renamed = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "Acme Sales" });

        var again = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "  Acme Sales " });
        var changed = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "Acme Growth" });

        Assert.Equal("Acme Sales", again["name"]!.GetValue<string>());
        Assert.Equal(renamed["updatedAt"]!.GetValue<DateTimeOffset>(), again["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("Acme Growth", changed["name"]!.GetValue<string>());
        Assert.True(changed["updatedAt"]!.GetValue<DateTimeOffset>() > renamed["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(changed["updatedAt"]!.GetValue<DateTimeOffset>(), (await user.Session.GetOkAsync("/api/v1/workspace"))["updatedAt"]!.GetValue<DateTimeOffset>());
    }
}
