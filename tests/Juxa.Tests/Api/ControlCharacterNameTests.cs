using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Names are one line of text: a line break, tab or other control character in a workspace, object, attribute, list,
/// API key or user name is a 400 naming the field, and nothing is stored. Before, each was accepted.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ControlCharacterNameTests(ApiFixture api)
{
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal($"{field} must not contain control characters (line breaks, tabs, bidirectional overrides and the like).", error["details"]![field]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Control_characters_in_a_name_are_400_and_nothing_is_stored()
    {
        var user = await api.SignUpAsync();
        var workspaceName = (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>();

        await AssertRefusedAsync(await user.Session.PatchAsync("/api/v1/workspace", new { name = "Acme\nCorp" }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects", new { slug = "projects", singularName = "Pro\u0007ject", pluralName = "Projects" }), "singularName");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects/people/attributes", new { slug = "nickname", title = "Nick\tname", type = "text" }), "title");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/lists", new { name = "Hot\u001b[31m leads", objectSlug = "people" }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/api-keys", new { name = "sync\u0001key" }), "name");
        using var anonymous = api.Anonymous();
        var email = $"ctrl-{Guid.NewGuid():N}@example.com";
        await AssertRefusedAsync(await anonymous.PostAsync("/api/v1/auth/signup",
            new { email, password = "correct horse battery", name = "Ada\r\nLovelace", workspaceName = "Fine" }), "name");
        await AssertRefusedAsync(await anonymous.PostAsync("/api/v1/auth/signup",
            new { email, password = "correct horse battery", name = "Ada", workspaceName = "Line\u2028ok but\u0085not" }), "workspaceName");

        Assert.Equal(workspaceName, (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>());
        await (await user.Session.GetAsync("/api/v1/objects/projects")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await user.Session.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray());
        // A name with letters of any script, emoji and inner spaces is fine.
        Assert.Equal("Équipe 東京 🚀", (await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "Équipe 東京 🚀" }))["name"]!.GetValue<string>());
    }
}
