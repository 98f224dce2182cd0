using System.Net;
using Juxa.Database;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Juxa.Tests.Api;

/// <summary>
/// Imports that race on the same unique values, listed in any order, do not deadlock: one writes each value, the other
/// reports the rows that hold it as failed, and both answer 200.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImportConcurrentUniqueTests(ApiFixture api)
{
    private const int Rows = 20;

    [Fact]
    public async Task Two_imports_of_the_same_unique_values_in_opposite_orders_each_write_or_report_every_row()
    {
        var user = await api.SignUpAsync();
        var emails = Enumerable.Range(0, Rows).Select(i => $"race-{i:D2}@example.com").ToArray();
        var attribute = (await user.Session.GetOkAsync("/api/v1/objects/people/attributes")).AsArray()
            .Single(a => a!["slug"]!.GetValue<string>() == "email_addresses")!["id"]!.GetValue<Guid>();
        var holder = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Holder" } }))["id"]!.GetValue<Guid>();
        var db = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        // A value in the middle, held by a transaction of the test: an import listing the values forward takes those
        // before it and waits, one listing them backward takes those after it and waits too.
        await using var other = await db.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync("INSERT INTO record_unique_values (attribute_id, value_key, record_id) VALUES ($1, $2, $3)", CancellationToken.None,
            attribute, emails[Rows / 2], holder);
        var forward = user.Session.PostAsync("/api/v1/objects/people/records/import", new { rows = emails.Select(e => new { email_addresses = e }).ToArray() });
        var backward = user.Session.PostAsync("/api/v1/objects/people/records/import", new { rows = emails.Reverse().Select(e => new { email_addresses = e }).ToArray() });
        await LockWaits.UntilAStatementWaitsAsync(db, "%INSERT INTO record_unique_values%", statements: 2);
        await transaction.RollbackAsync();

        var results = await Task.WhenAll((await Task.WhenAll(forward, backward)).Select(r => JuxaClient.DataAsync(r, HttpStatusCode.OK)));
        Assert.Equal(Rows, results.Sum(r => r["created"]!.GetValue<int>()));
        Assert.All(results, r => Assert.Equal(Rows, r["created"]!.GetValue<int>() + r["failed"]!.AsArray().Count));
        var people = await user.Session.GetOkAsync("/api/v1/objects/people/records?limit=1");
        Assert.Equal(Rows + 1, people["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Imports_that_meet_again_on_their_retry_still_each_answer_200()
    {
        var user = await api.SignUpAsync();
        string[] emails = ["again-0@example.com", "again-1@example.com"];
        var attribute = (await user.Session.GetOkAsync("/api/v1/objects/people/attributes")).AsArray()
            .Single(a => a!["slug"]!.GetValue<string>() == "email_addresses")!["id"]!.GetValue<Guid>();
        var holder = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Holder" } }))["id"]!.GetValue<Guid>();
        var db = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        // Another writer takes the first value and commits while both imports wait for it: both are aborted, and on
        // their retry both write the second value, which one of them must lose a second time.
        await using var other = await db.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync("INSERT INTO record_unique_values (attribute_id, value_key, record_id) VALUES ($1, $2, $3)", CancellationToken.None,
            attribute, emails[0], holder);
        var imports = Enumerable.Range(0, 2)
            .Select(_ => user.Session.PostAsync("/api/v1/objects/people/records/import", new { rows = emails.Select(e => new { email_addresses = e }).ToArray() }))
            .ToArray();
        await LockWaits.UntilAStatementWaitsAsync(db, "%INSERT INTO record_unique_values%", statements: 2);
        await transaction.CommitAsync();

        var results = await Task.WhenAll((await Task.WhenAll(imports)).Select(r => JuxaClient.DataAsync(r, HttpStatusCode.OK)));
        Assert.Equal(1, results.Sum(r => r["created"]!.GetValue<int>()));
        Assert.All(results, r => Assert.Equal(2, r["created"]!.GetValue<int>() + r["failed"]!.AsArray().Count));
    }
}
