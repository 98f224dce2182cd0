using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A name of invisible characters only (a zero-width space, a Hangul filler, a Braille blank) is refused as a blank one
/// is: trimming keeps them (.NET counts none of them as white space), so each was stored and showed as a blank row.
/// A name that shows something keeps its zero-width joiners (emoji sequences, Indic scripts need them).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InvisibleNameTests(ApiFixture api)
{
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("visible character", error["details"]![field]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData(" \u200B\u200C\u200D ")]
    [InlineData("\u3164")]
    [InlineData("\u2800\u2800")]
    [InlineData("\uFEFF\u00AD")]
    public async Task A_name_of_invisible_characters_only_is_400_and_nothing_is_stored(string name)
    {
        var user = await api.SignUpAsync();
        var workspaceName = (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>();

        await AssertRefusedAsync(await user.Session.PatchAsync("/api/v1/workspace", new { name }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects", new { slug = "projects", singularName = name, pluralName = "Projects" }), "singularName");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects/people/attributes", new { slug = "nickname", title = name, type = "text" }), "title");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/lists", new { name, objectSlug = "people" }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/api-keys", new { name }), "name");
        using var anonymous = api.Anonymous();
        await AssertRefusedAsync(await anonymous.PostAsync("/api/v1/auth/signup",
            new { email = $"blank-{Guid.NewGuid():N}@example.com", password = "correct horse battery", name, workspaceName = "Fine" }), "name");

        Assert.Equal(workspaceName, (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>());
        await (await user.Session.GetAsync("/api/v1/objects/projects")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await user.Session.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray());
        Assert.DoesNotContain((await user.Session.GetOkAsync("/api/v1/api-keys"))["apiKeys"]!.AsArray(), k => k!["name"]!.GetValue<string>() == name.Trim());
    }

    [Fact]
    public async Task A_name_that_shows_something_keeps_its_zero_width_joiners()
    {
        var user = await api.SignUpAsync();

        var renamed = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "Family \U0001F468\u200D\U0001F469\u200D\U0001F467" });

        Assert.Equal("Family \U0001F468\u200D\U0001F469\u200D\U0001F467", renamed["name"]!.GetValue<string>());
    }
}
