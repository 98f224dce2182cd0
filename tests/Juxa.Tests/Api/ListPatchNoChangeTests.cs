using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A list PATCH that changes nothing writes nothing, as a record, note, task or workspace PATCH does. Before, re-sending
/// the list's own name or privacy wrote a new updatedAt.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ListPatchNoChangeTests(ApiFixture api)
{
    [Fact]
    public async Task Renaming_a_list_to_its_own_name_keeps_updatedAt()
    {
        var user = await api.SignUpAsync();
        var list = await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "deals" });

        var same = await user.Session.PatchOkAsync($"/api/v1/lists/{list["id"]}", new { name = " Pipeline ", isPrivate = false });
        var renamed = await user.Session.PatchOkAsync($"/api/v1/lists/{list["id"]}", new { name = "Pipeline 2" });

        Assert.Equal(list["updatedAt"]!.GetValue<string>(), same["updatedAt"]!.GetValue<string>());
        Assert.Equal("Pipeline", same["name"]!.GetValue<string>());
        Assert.NotEqual(list["updatedAt"]!.GetValue<string>(), renamed["updatedAt"]!.GetValue<string>());
        Assert.Equal("Pipeline 2", renamed["name"]!.GetValue<string>());
    }
}
