using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A new list attribute comes after the list's existing ones, in the attributes list and in every entry's values. Its
/// position was the number of attributes the list had, so once attributes were deleted it could land before older ones.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ListAttributeOrderTests(ApiFixture api)
{
    [Fact]
    public async Task An_attribute_added_after_deletions_comes_last()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var ids = new List<Guid>();
        foreach (var slug in new[] { "first", "second", "third" })
        {
            ids.Add((await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug, title = slug, type = "text" }))["id"]!.GetValue<Guid>());
        }

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/lists/{list}/attributes?id={ids[0]}"), HttpStatusCode.OK);
        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/lists/{list}/attributes?id={ids[1]}"), HttpStatusCode.OK);
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "fourth", title = "fourth", type = "text" });
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada" } }))["id"]!.GetValue<Guid>();
        var entry = await user.Session.PostOkAsync($"/api/v1/lists/{list}/entries", new { recordId = person });
        var attributes = await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes");

        Assert.Equal(["third", "fourth"], attributes.AsArray().Select(a => a!["slug"]!.GetValue<string>()));
        Assert.Equal(["third", "fourth"], entry["values"]!.AsObject().Select(v => v.Key));
    }
}
