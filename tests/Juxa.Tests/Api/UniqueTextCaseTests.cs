using System.Net;
using Juxa.Database;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A unique text value is one value whatever its case, as the equals filter has it: PostgreSQL's <c>lower()</c> makes the
/// Turkish capital İ an i, so "İstanbul" and "istanbul" are one value (<c>TextCase</c>), and migration
/// <c>0140_unique_key_fold.sql</c> folds the keys written before.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UniqueTextCaseTests(ApiFixture api)
{
    private const string Companies = "/api/v1/objects/companies/records";

    [Theory]
    [InlineData("İSTANBUL", "istanbul")]
    [InlineData("istanbul", "İstanbul")]
    [InlineData("Istanbul Office", "İSTANBUL OFFİCE")]
    public async Task A_value_that_differs_from_a_taken_one_only_by_a_capital_dotted_I_is_taken(string first, string second)
    {
        var user = await api.SignUpAsync();
        await MakeCityUniqueAsync(user.Session);
        await user.Session.PostOkAsync(Companies, new { values = new { name = "First", city = first } });

        var duplicate = await user.Session.PostAsync(Companies, new { values = new { name = "Second", city = second } });

        await duplicate.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        // The equals filter, which the 409 agrees with, finds the first record by the second value.
        var found = await user.Session.PostOkAsync(Companies + "/query", new { filter = new { attribute = "city", @operator = "equals", value = second } });
        Assert.Equal(["First"], found["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_attribute_whose_records_differ_only_by_a_capital_dotted_I_cannot_be_made_unique()
    {
        var user = await api.SignUpAsync();
        var attribute = await user.Session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug = "city", title = "City", type = "text" });
        await user.Session.PostOkAsync(Companies, new { values = new { name = "A", city = "İzmir" } });
        await user.Session.PostOkAsync(Companies, new { values = new { name = "B", city = "izmir" } });

        var response = await user.Session.PatchAsync("/api/v1/objects/companies/attributes",
            new { attributeId = attribute["id"]!.GetValue<Guid>(), isUnique = true });

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task The_migration_folds_keys_written_before_and_leaves_a_key_whose_folded_form_is_held()
    {
        var user = await api.SignUpAsync();
        var attributeId = await MakeCityUniqueAsync(user.Session);
        var folded = (await user.Session.PostOkAsync(Companies, new { values = new { name = "Folded", city = "İSTANBUL" } }))["id"]!.GetValue<Guid>();
        var kept = (await user.Session.PostOkAsync(Companies, new { values = new { name = "Kept", city = "İZMİR" } }))["id"]!.GetValue<Guid>();
        await using var db = api.Database.CreateDataSource();
        // The keys as the code before TextCase wrote them: lower-cased by .NET, which keeps İ. A record could then take
        // "Izmir" while another held "İZMİR".
        await db.ExecuteAsync("UPDATE record_unique_values SET value_key = $2 WHERE record_id = $1", CancellationToken.None, folded, "İstanbul");
        await db.ExecuteAsync("UPDATE record_unique_values SET value_key = $2 WHERE record_id = $1", CancellationToken.None, kept, "İzmİr");
        var holder = (await user.Session.PostOkAsync(Companies, new { values = new { name = "Holder", city = "Izmir" } }))["id"]!.GetValue<Guid>();

        await db.ExecuteAsync(Migration.LoadEmbedded().Single(m => m.Name == "crm/0140_unique_key_fold.sql").Sql, CancellationToken.None);

        var keys = await db.Command("SELECT record_id, value_key FROM record_unique_values WHERE attribute_id = $1", attributeId)
            .ListAsync(r => (Record: r.GetGuid(0), Key: r.GetString(1)), CancellationToken.None);
        Assert.Equal(
            new[] { (folded, "istanbul"), (kept, "İzmİr"), (holder, "izmir") }.OrderBy(k => k.Item1),
            keys.OrderBy(k => k.Record));
        var duplicate = await user.Session.PostAsync(Companies, new { values = new { name = "Second", city = "istanbul" } });
        await duplicate.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    private static async Task<Guid> MakeCityUniqueAsync(JuxaClient session) =>
        (await session.PostOkAsync("/api/v1/objects/companies/attributes", new { slug = "city", title = "City", type = "text", isUnique = true }))["id"]!
        .GetValue<Guid>();
}
