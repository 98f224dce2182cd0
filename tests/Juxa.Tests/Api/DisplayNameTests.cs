using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// What a name (of a workspace, object, attribute, list, API key or user) refuses beyond control characters
/// (<see cref="ControlCharacterNameTests"/>), and what it keeps:
/// <list type="bullet">
/// <item>A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) reorders what follows it wherever
/// the name is shown: "Invoices\u202Excod.exe" reads as "Invoicesexe.docx", and a log line or a list row after the name
/// comes out backwards. Right-to-left scripts stay welcome. Before, each was stored.</item>
/// <item>A name of invisible characters only (a zero-width space, a Hangul filler, a Braille blank) is refused as a blank
/// one is: trimming keeps them (.NET counts none of them as white space), so each was stored and showed as a blank row.
/// A name that shows something keeps its zero-width joiners (emoji sequences, Indic scripts need them).</item>
/// </list>
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DisplayNameTests(ApiFixture api)
{
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
    public Task A_bidirectional_control_in_a_name_is_400_and_nothing_is_stored(char control) =>
        AssertEveryNameRefusesAsync($"Invoices{control}xcod.exe", "control characters");

    [Theory]
    [InlineData("\u200B")]
    [InlineData(" \u200B\u200C\u200D ")]
    [InlineData("\u3164")]
    [InlineData("\u2800\u2800")]
    [InlineData("\uFEFF\u00AD")]
    public Task A_name_of_invisible_characters_only_is_400_and_nothing_is_stored(string name) =>
        AssertEveryNameRefusesAsync(name, "visible character");

    [Fact]
    public async Task Right_to_left_names_and_their_direction_marks_are_kept()
    {
        var user = await api.SignUpAsync();

        var renamed = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "שלום Acme \u200Fمرحبا" });

        Assert.Equal("שלום Acme \u200Fمرحبا", renamed["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_name_that_shows_something_keeps_its_zero_width_joiners()
    {
        var user = await api.SignUpAsync();

        var renamed = await user.Session.PatchOkAsync("/api/v1/workspace", new { name = "Family \U0001F468\u200D\U0001F469\u200D\U0001F467" });

        Assert.Equal("Family \U0001F468\u200D\U0001F469\u200D\U0001F467", renamed["name"]!.GetValue<string>());
    }

    /// <summary>Every kind of name refuses <paramref name="name"/> with a message that says <paramref name="why"/>, and nothing is stored.</summary>
    private async Task AssertEveryNameRefusesAsync(string name, string why)
    {
        var user = await api.SignUpAsync();
        var workspaceName = (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>();
        async Task AssertRefusedAsync(HttpResponseMessage response, string field)
        {
            var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains(why, error["details"]![field]![0]!.GetValue<string>());
        }

        await AssertRefusedAsync(await user.Session.PatchAsync("/api/v1/workspace", new { name }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects", new { slug = "projects", singularName = name, pluralName = "Projects" }), "singularName");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/objects/people/attributes", new { slug = "nickname", title = name, type = "text" }), "title");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/lists", new { name, objectSlug = "people" }), "name");
        await AssertRefusedAsync(await user.Session.PostAsync("/api/v1/api-keys", new { name }), "name");
        using var anonymous = api.Anonymous();
        await AssertRefusedAsync(await anonymous.PostAsync("/api/v1/auth/signup",
            new { email = $"name-{Guid.NewGuid():N}@example.com", password = "correct horse battery", name, workspaceName = "Fine" }), "name");

        Assert.Equal(workspaceName, (await user.Session.GetOkAsync("/api/v1/workspace"))["name"]!.GetValue<string>());
        await (await user.Session.GetAsync("/api/v1/objects/projects")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await user.Session.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray());
        Assert.DoesNotContain((await user.Session.GetOkAsync("/api/v1/api-keys"))["apiKeys"]!.AsArray(), k => k!["name"]!.GetValue<string>() == name.Trim());
    }
}
