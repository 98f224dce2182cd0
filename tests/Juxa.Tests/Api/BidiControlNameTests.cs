using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) in a name reorders what follows it
/// wherever the name is shown: "Invoices\u202Excod.exe" reads as "Invoicesexe.docx", and a log line or a list row
/// after the name comes out backwards. Names refuse them as they refuse control characters; right-to-left scripts stay
/// welcome. Before, each was stored.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BidiControlNameTests(ApiFixture api)
{
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("control characters", error["details"]![field]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData('\u202A')]
    [InlineData('\u202B')]
    [InlineData('\u202C')]
    [InlineData('\u202D')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2067')]
    [InlineData('\u2068')]
    [InlineData('\u2069')]
    public async Task A_bidirectional_control_in_a_name_is_400_and_nothing_is_stored(char control)
    {
        var user = await api.SignUpAsync();
        var workspaceName = (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>();
        var name = $"Invoices{control}xcod.exe";

        await AssertRefusedAsync(await user.Session.PatchAsync("/api/v1/workspace", new { name }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects", new { slug = "projects", singularName = name, pluralName = "Projects" }), "singularName");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects/people/attributes", new { slug = "nickname", title = name, type = "text" }), "title");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/lists", new { name, objectSlug = "people" }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/api-keys", new { name }), "name");
        using var anonymous = api.Anonymous();
        await AssertRefusedAsync(await anonymous.PostAsync("/api/v1/auth/signup",
            new { email = $"bidi-{Guid.NewGuid():N}@example.com", password = "correct horse battery", name, workspaceName = "Fine" }), "name");

        Assert.Equal(workspaceName, (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>());
        await (await user.Session.GetAsync("/api/v1/objects/projects")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await user.Session.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray());
        Assert.DoesNotContain((await user.Session.GetOkAsync("/api/v1/api-keys"))["apiKeys"]!.AsArray(), k => k!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Right_to_left_names_and_their_direction_marks_are_kept()
    {
        var user = await api.SignUpAsync();

        var renamed = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "שלום Acme \u200Fمرحبا" });

        Assert.Equal("שלום Acme \u200Fمرحبا", renamed["name"]!.GetValue<string>());
    }
}
