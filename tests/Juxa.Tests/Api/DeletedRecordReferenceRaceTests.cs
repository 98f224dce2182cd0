using System.Net;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Juxa.Tests.Api;

/// <summary>
/// Deleting a record while other requests write references to it, or delete records that share its referrers: whatever
/// the interleaving, no stored value, hot copy or <c>record_references</c> row names a deleted record afterwards, and
/// every request either succeeds or is refused with the contract's error (docs/records-storage.md, "Deleting a
/// referenced record").
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeletedRecordReferenceRaceTests(ApiFixture api)
{
    private const int Rounds = 10;

    private static async Task<Guid> CreateAsync(JuxaClient client, string slug, object values) =>
        (await client.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    /// <summary>
    /// A create and a PATCH that reference a company race its delete. Each either lands before the delete (and the
    /// delete then strips it) or checks the company after it and is refused (400: the reference names no record).
    /// </summary>
    [Fact]
    public async Task Writes_racing_the_delete_of_their_target_never_keep_a_reference_to_it()
    {
        var user = await api.SignUpAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var company = await CreateAsync(user.Session, "companies", new { name = $"Acme {round}" });
            var existing = await CreateAsync(user.Session, "people", new { name = $"Existing {round}" });
            await user.Session.GetOkAsync($"/api/v1/objects/people/records/{existing}");

            var delete = user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}");
            var create = user.Session.PostAsync("/api/v1/objects/people/records", new { values = new { name = $"New {round}", company } });
            var patch = user.Session.PatchAsync($"/api/v1/objects/people/records/{existing}", new { values = new { company } });
            await Task.WhenAll(delete, create, patch);

            Assert.Equal(HttpStatusCode.OK, (await delete).StatusCode);
            // Each lands before the delete or is refused after it (400); which one depends on the scheduling.
            var created = await SucceededOrRefusedAsync(await create, HttpStatusCode.Created);
            await SucceededOrRefusedAsync(await patch, HttpStatusCode.OK);
            if (created is { } record)
            {
                var id = record["id"]!.GetValue<Guid>();
                Assert.Null((await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}"))["values"]!["company"]);
            }

            Assert.Null((await user.Session.GetOkAsync($"/api/v1/objects/people/records/{existing}"))["values"]!["company"]);
            Assert.Equal(0, await StoredReferencesToAsync(company));
        }

        var referencing = await user.Session.PostOkAsync("/api/v1/objects/people/records/query",
            new { filter = new { attribute = "company", @operator = "is_not_empty" } });
        Assert.Empty(referencing["records"]!.AsArray());
    }

    /// <summary>
    /// A delete that strips a referrer another transaction holds, while that transaction waits for the deleted row, is
    /// a deadlock (two deletes whose referrers overlap can meet so). PostgreSQL aborts the delete, whose deadlock check
    /// runs first here, and the writer runs it again once the other transaction has ended.
    /// </summary>
    [Fact]
    public async Task A_delete_aborted_as_a_deadlock_is_run_again()
    {
        var user = await api.SignUpAsync();
        var company = await CreateAsync(user.Session, "companies", new { name = "Acme Corp" });
        var person = await CreateAsync(user.Session, "people", new { name = "Wile Coyote", company });
        var services = api.Factory.Services;
        var row = await services.GetRequiredService<RecordRepository>().GetAsync(company);
        await using var other = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        // This side waits longer before it looks for a deadlock than the writer (1 s), so the writer is the one aborted.
        await other.ExecuteAsync("SET LOCAL deadlock_timeout = '30s'", CancellationToken.None);
        await other.ExecuteAsync("SELECT 1 FROM records WHERE id = $1 FOR NO KEY UPDATE", CancellationToken.None, person);

        // The delete removes the company's row, then waits for the person, which it must strip.
        var delete = services.GetRequiredService<RecordWriter>().DeleteAsync(row!, new Actor("member", user.MemberId));
        // Its search for referrers (it reads record_references) waits for the person's lock.
        await LockWaits.UntilAStatementWaitsAsync(services.GetRequiredService<NpgsqlDataSource>(), "%record_references%", delete);
        // Now this side waits for the company's row: each waits for the other, until the writer's attempt is aborted
        // and rolled back, which lets this statement through.
        await other.ExecuteAsync("SELECT 1 FROM records WHERE id = $1 FOR KEY SHARE", CancellationToken.None, company);
        await transaction.RollbackAsync();
        var deletion = await delete;

        Assert.Equal([person], deletion.Referrers);
        // Only the stored row: the writer was called directly, so the person's grain was not told to drop its copy.
        Assert.Equal(0, await StoredReferencesToAsync(company));
        var stripped = await services.GetRequiredService<RecordRepository>().GetAsync(person);
        Assert.Equal(["name"], stripped!.Values.Select(v => v.Key));
    }

    /// <summary>The data of the expected success; any other answer must be a 400 VALIDATION_ERROR in the envelope (then null).</summary>
    private static async Task<JsonNode?> SucceededOrRefusedAsync(HttpResponseMessage response, HttpStatusCode success)
    {
        if (response.StatusCode == success)
        {
            return await JuxaClient.DataAsync(response, success);
        }

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        return null;
    }

    /// <summary>Rows of <c>record_references</c> and record values that still name the record, straight from the database.</summary>
    private async Task<long> StoredReferencesToAsync(Guid recordId)
    {
        var db = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await db.OpenConnectionAsync();
        return await connection.Command(
                """
                SELECT (SELECT count(*) FROM record_references WHERE target_record_id = $1)
                     + (SELECT count(*) FROM records WHERE values::text LIKE '%' || $1::text || '%')
                """, recordId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), CancellationToken.None);
    }
}
