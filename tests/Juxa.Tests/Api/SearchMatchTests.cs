using System.Text.Json.Nodes;
using Juxa.Database;
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

    [Theory]
    [InlineData("İSTANBUL OFFİCE", "istanbul")]
    [InlineData("İSTANBUL OFFİCE", "İstanbul")]
    [InlineData("İSTANBUL OFFİCE", "ISTANBUL")]
    [InlineData("Istanbul office", "İstanbul")]
    [InlineData("İlker Yılmaz", "ilker")]
    public async Task A_capital_dotted_I_is_found_by_an_i_and_finds_one(string name, string q)
    {
        // PostgreSQL's lower() makes İ an i, so every filter finds "İstanbul" by "istanbul"; search lower-cases alike.
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name } }))["id"]!.GetValue<Guid>();

        var hit = await SingleHitAsync(user.Session, q);

        Assert.Equal(id, hit["id"]!.GetValue<Guid>());
        Assert.Equal("name", hit["matchedAttribute"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_migration_folds_the_capital_dotted_I_in_search_text_written_before()
    {
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "İSTANBUL OFFİCE" } }))["id"]!.GetValue<Guid>();
        await using var db = api.Database.CreateDataSource();
        // The search text as the code before TextCase wrote it: lower-cased by .NET, which keeps İ.
        await db.ExecuteAsync("UPDATE records SET search_text = $2 WHERE id = $1", CancellationToken.None, id, "İstanbul offİce");
        await db.ExecuteAsync(Migration.LoadEmbedded().Single(m => m.Name == "crm/0130_search_text_fold.sql").Sql, CancellationToken.None);

        var hit = await SingleHitAsync(user.Session, "istanbul");
        Assert.Equal(id, hit["id"]!.GetValue<Guid>());
        Assert.Equal("name", hit["matchedAttribute"]!.GetValue<string>());
        Assert.Equal("istanbul office",
            await db.Command("SELECT search_text FROM records WHERE id = $1", id).FirstOrDefaultAsync(r => r.GetString(0), CancellationToken.None));
    }

    private static async Task<Guid> CreatePersonAsync(JuxaClient session) =>
        (await session.PostOkAsync("/api/v1/objects/people/records", new
        {
            values = new { email_addresses = "grace@navy.example", name = "Grace Hopper", phone_numbers = "+1 (555) 010-9999" },
        }))["id"]!.GetValue<Guid>();

    private static async Task<JsonNode> SingleHitAsync(JuxaClient session, string q) =>
        Assert.Single((await session.GetOkAsync("/api/v1/search?q=" + Uri.EscapeDataString(q)))["results"]!.AsArray())!;
}
