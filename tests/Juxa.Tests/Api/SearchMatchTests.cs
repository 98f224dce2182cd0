using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// What <c>GET /api/v1/search</c> finds and which attribute it names as <c>matchedAttribute</c>: the live attribute that
/// holds the most of the query's words, for queries of several words, phones in the form the API returns them or as
/// people write them, and words separated by any whitespace.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SearchMatchTests(ApiFixture api)
{
    [Theory]
    [InlineData("grace hopper", "name")]
    [InlineData("hopper grace", "name")]
    [InlineData("grace   hopper", "name")]
    [InlineData("grace\thopper", "name")]
    // Both words are in the email address (and only one in the name).
    [InlineData("grace navy", "email_addresses")]
    [InlineData("hopper 0109999", "name")]
    public async Task A_query_of_several_words_names_the_attribute_holding_the_most_of_them(string q, string expected)
    {
        var user = await api.SignUpAsync();
        var id = await CreatePersonAsync(user.Session);

        var hit = await SingleHitAsync(user.Session, q);

        Assert.Equal(id, hit["id"]!.GetValue<Guid>());
        Assert.Equal(expected, hit["matchedAttribute"]?.GetValue<string>());
    }

    [Theory]
    // The form every read returns, and the forms people type.
    [InlineData("+15550109999")]
    [InlineData("+1 (555) 010-9999")]
    [InlineData("555.010.9999")]
    [InlineData("(555) 010-9999")]
    public async Task A_phone_number_is_found_in_its_stored_and_its_written_forms(string q)
    {
        var user = await api.SignUpAsync();
        var id = await CreatePersonAsync(user.Session);

        var hit = await SingleHitAsync(user.Session, q);

        Assert.Equal(id, hit["id"]!.GetValue<Guid>());
        Assert.Equal("phone_numbers", hit["matchedAttribute"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_phone_shaped_word_still_finds_the_same_characters_in_text()
    {
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/companies/records",
            new { values = new { name = "Ref 12-34.56 (b)" } }))["id"]!.GetValue<Guid>();

        var hit = await SingleHitAsync(user.Session, "12-34.56");

        Assert.Equal(id, hit["id"]!.GetValue<Guid>());
        Assert.Equal("name", hit["matchedAttribute"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_archived_attribute_is_never_named_as_the_match()
    {
        var user = await api.SignUpAsync();
        var id = await CreatePersonAsync(user.Session);
        var attributeId = (await user.Session.GetOkAsync("/api/v1/objects/people/attributes")).AsArray()
            .Single(a => a!["slug"]!.GetValue<string>() == "name")!["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId, isArchived = true });

        var hit = await SingleHitAsync(user.Session, "grace");

        // "grace" is in the archived name (the first attribute) and in the email address: only the address is shown.
        Assert.Equal(id, hit["id"]!.GetValue<Guid>());
        Assert.Equal("email_addresses", hit["matchedAttribute"]!.GetValue<string>());
        Assert.False(hit["values"]!.AsObject().ContainsKey("name"));
    }

    private static async Task<Guid> CreatePersonAsync(JuxaClient session) =>
        (await session.PostOkAsync("/api/v1/objects/people/records", new
        {
            values = new { email_addresses = "grace@navy.example", name = "Grace Hopper", phone_numbers = "+1 (555) 010-9999" },
        }))["id"]!.GetValue<Guid>();

    private static async Task<JsonNode> SingleHitAsync(JuxaClient session, string q) =>
        Assert.Single((await session.GetOkAsync("/api/v1/search?q=" + Uri.EscapeDataString(q)))["results"]!.AsArray())!;
}
