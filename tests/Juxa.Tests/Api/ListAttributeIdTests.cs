using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// PATCH and DELETE of a list attribute take its id as <c>id</c> (the contract) or <c>attributeId</c> (as object attributes
/// do). Given both, naming different attributes, the request is refused: <c>id</c> used to win silently, so a client that
/// meant <c>attributeId</c> renamed or deleted another attribute.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ListAttributeIdTests(ApiFixture api)
{
    [Fact]
    public async Task An_id_and_an_attribute_id_that_differ_are_400_and_change_nothing()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var first = (await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "first", title = "First", type = "text" }))["id"]!.GetValue<Guid>();
        var second = (await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "second", title = "Second", type = "text" }))["id"]!.GetValue<Guid>();

        var patch = await user.Session.PatchAsync($"/api/v1/lists/{list}/attributes", new { id = first, attributeId = second, title = "Renamed" });
        var delete = await user.Session.DeleteAsync($"/api/v1/lists/{list}/attributes?id={first}&attributeId={second}");
        var same = await user.Session.PatchOkAsync($"/api/v1/lists/{list}/attributes", new { id = second, attributeId = second, title = "Second (same id twice)" });

        Assert.Equal("attributeId", Assert.Single((await patch.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]!.AsObject()).Key);
        await delete.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("Second (same id twice)", same["title"]!.GetValue<string>());
        var attributes = await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes");
        Assert.Equal(["First", "Second (same id twice)"], attributes.AsArray().Select(a => a!["title"]!.GetValue<string>()));
    }
}
