using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A new attribute comes after the object's existing ones, in the attributes list and in a record's values. Its position
/// was the number of attributes the object had, so once attributes were deleted it could land before older ones (the
/// same as list attributes, <see cref="ListAttributeOrderTests"/>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AttributeOrderTests(ApiFixture api)
{
    [Fact]
    public async Task An_attribute_added_after_deletions_comes_last()
    {
        var user = await api.SignUpAsync();
        var ids = new List<Guid>();
        foreach (var slug in new[] { "first", "second", "third" })
        {
            ids.Add((await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug, title = slug, type = "text" }))["id"]!.GetValue<Guid>());
        }

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/companies/attributes?attributeId={ids[0]}"), HttpStatusCode.OK);
        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/companies/attributes?attributeId={ids[1]}"), HttpStatusCode.OK);
        await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug = "fourth", title = "fourth", type = "text" });
        var record = await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme", third = "3", fourth = "4" } });
        var attributes = await user.Session.GetOkAsync("/api/v1/objects/companies/attributes");

        Assert.Equal(["third", "fourth"], attributes.AsArray().Select(a => a!["slug"]!.GetValue<string>()).TakeLast(2));
        Assert.Equal(["third", "fourth"], record["values"]!.AsObject().Select(v => v.Key).Where(k => k is "third" or "fourth"));
    }
}
