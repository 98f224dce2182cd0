using System.Net;
using System.Text.Json.Nodes;
using Juxa.Database;
using Juxa.Records.Query;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Api;

/// <summary><c>isIndexed</c> on attributes (beyond the contract, docs/query.md#indexed-attributes): the index in PostgreSQL follows the flag.</summary>
[Collection(ApiCollection.Name)]
public sealed class IndexedAttributesTests(ApiFixture api)
{
    private static async Task<JsonNode> AttributeAsync(SignedUp user, string obj, string slug) =>
        (await user.Session.GetOkAsync($"/api/v1/objects/{obj}/attributes")).AsArray().First(a => a!["slug"]!.GetValue<string>() == slug)!;

    /// <summary>The index's definition, "invalid" for an index a failed build left behind, or null when there is none.</summary>
    private async Task<string?> IndexDefinitionAsync(Guid attributeId)
    {
        await using var db = api.Database.CreateDataSource();
        return await db.Command(
                "SELECT CASE WHEN i.indisvalid THEN pg_get_indexdef(i.indexrelid) ELSE 'invalid' END FROM pg_index i WHERE i.indexrelid = to_regclass($1)",
                AttributeIndexes.IndexName(attributeId))
            .FirstOrDefaultAsync(r => r.GetString(0), CancellationToken.None);
    }

    /// <summary>Whether the statistics object on the attribute's expression exists (the planner ignores a partial index's own).</summary>
    private async Task<bool> HasStatisticsAsync(Guid attributeId)
    {
        await using var db = api.Database.CreateDataSource();
        return await db.Command("SELECT true FROM pg_statistic_ext WHERE stxname = $1", AttributeIndexes.StatisticsName(attributeId))
            .FirstOrDefaultAsync(r => r.GetBoolean(0), CancellationToken.None);
    }

    [Fact]
    public async Task Indexing_a_standard_attribute_builds_its_index_and_unindexing_drops_it()
    {
        var user = await api.SignUpAsync();
        var people = await user.Session.GetOkAsync("/api/v1/objects/people");
        var jobTitle = (await AttributeAsync(user, "people", "job_title"))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada Lovelace", job_title = "Engineer" } });
        await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Bob Brown", job_title = "Designer" } });

        var indexed = await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isIndexed = true });
        var definition = await IndexDefinitionAsync(jobTitle);
        var statistics = await HasStatisticsAsync(jobTitle);
        var listed = await AttributeAsync(user, "people", "job_title");
        var query = await user.Session.PostOkAsync("/api/v1/objects/people/records/query",
            new { filter = new { attribute = "job_title", @operator = "equals", value = "ENGINEER" } });
        var unindexed = await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isIndexed = false });
        var afterDrop = await IndexDefinitionAsync(jobTitle);
        var statisticsAfterDrop = await HasStatisticsAsync(jobTitle);

        Assert.True(indexed["isIndexed"]!.GetValue<bool>());
        Assert.True(listed["isIndexed"]!.GetValue<bool>());
        Assert.NotNull(definition);
        Assert.Contains("(workspace_id, lower(((\"values\" -> 'job_title'::text) #>> '{}'::text[])), id)", definition);
        Assert.Contains($"WHERE (object_id = '{people["id"]!.GetValue<Guid>()}'::uuid)", definition);
        Assert.True(statistics);
        Assert.Equal(["Ada Lovelace"], query["records"]!.AsArray().Select(r => r!["values"]!["name"]!["full_name"]!.GetValue<string>()));
        Assert.False(unindexed["isIndexed"]!.GetValue<bool>());
        Assert.Null(afterDrop);
        Assert.False(statisticsAfterDrop);
    }

    [Fact]
    public async Task Indexing_again_rebuilds_an_index_and_statistics_that_went_missing()
    {
        var user = await api.SignUpAsync();
        var name = (await AttributeAsync(user, "companies", "name"))["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync("/api/v1/objects/companies/attributes", new { attributeId = name, isIndexed = true });
        await using (var db = api.Database.CreateDataSource())
        {
            await db.ExecuteAsync($"DROP INDEX {AttributeIndexes.IndexName(name)}; DROP STATISTICS {AttributeIndexes.StatisticsName(name)}", CancellationToken.None);
        }

        var again = await user.Session.PatchOkAsync("/api/v1/objects/companies/attributes", new { attributeId = name, isIndexed = true });

        Assert.True(again["isIndexed"]!.GetValue<bool>());
        Assert.NotNull(await IndexDefinitionAsync(name));
        Assert.True(await HasStatisticsAsync(name));
    }

    [Fact]
    public async Task The_repairer_rebuilds_what_flagged_attributes_lost_and_drops_what_nobody_flags()
    {
        var user = await api.SignUpAsync();
        var jobTitle = (await AttributeAsync(user, "people", "job_title"))["id"]!.GetValue<Guid>();
        var description = (await AttributeAsync(user, "people", "description"))["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isIndexed = true });
        var nickname = (await user.Session.PostOkAsync("/api/v1/objects/people/attributes", new { slug = "nickname", title = "Nickname", type = "text", isIndexed = true }))["id"]!.GetValue<Guid>();
        var deleted = Guid.NewGuid();
        await using (var db = api.Database.CreateDataSource())
        {
            // What silos that died mid-way leave: a flagged attribute whose build never ran, one whose build left an
            // invalid index, an index of an attribute whose flag went off before the drop, and the index and
            // statistics of an attribute deleted before its drop ran.
            await db.ExecuteAsync($"DROP INDEX {AttributeIndexes.IndexName(jobTitle)}; DROP STATISTICS {AttributeIndexes.StatisticsName(jobTitle)}", CancellationToken.None);
            await db.ExecuteAsync("UPDATE pg_index SET indisvalid = false WHERE indexrelid = to_regclass($1)", CancellationToken.None, AttributeIndexes.IndexName(nickname));
            await db.ExecuteAsync($"CREATE INDEX {AttributeIndexes.IndexName(description)} ON records (id)", CancellationToken.None);
            await db.ExecuteAsync($"CREATE INDEX {AttributeIndexes.IndexName(deleted)} ON records (id); CREATE STATISTICS {AttributeIndexes.StatisticsName(deleted)} ON (id::text) FROM records", CancellationToken.None);
        }

        Assert.Equal("invalid", await IndexDefinitionAsync(nickname));
        var repairer = api.Factory.Services.GetRequiredService<AttributeIndexRepairer>();

        var repair = await repairer.RepairAsync();
        var again = await repairer.RepairAsync();

        // Other tests' workspaces share the database, so the counts are at least this workspace's share.
        Assert.True(repair.Built >= 2, $"built {repair.Built}");
        Assert.True(repair.Dropped >= 2, $"dropped {repair.Dropped}");
        Assert.Equal(AttributeIndexRepair.None, again);
        Assert.Contains("job_title", await IndexDefinitionAsync(jobTitle));
        Assert.True(await HasStatisticsAsync(jobTitle));
        Assert.Contains("nickname", await IndexDefinitionAsync(nickname));
        Assert.Null(await IndexDefinitionAsync(description));
        Assert.Null(await IndexDefinitionAsync(deleted));
        Assert.False(await HasStatisticsAsync(deleted));
        var flags = (await user.Session.GetOkAsync("/api/v1/objects/people/attributes")).AsArray()
            .ToDictionary(a => a!["slug"]!.GetValue<string>(), a => a!["isIndexed"]!.GetValue<bool>());
        Assert.True(flags["job_title"]);
        Assert.True(flags["nickname"]);
        Assert.False(flags["description"]);
    }

    [Fact]
    public async Task The_repairer_takes_the_flag_back_when_the_rebuild_fails()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "invoices", singularName = "Invoice", pluralName = "Invoices" });
        var amount = (await user.Session.PostOkAsync("/api/v1/objects/invoices/attributes", new { slug = "amount", title = "Amount", type = "number", isIndexed = true }))["id"]!.GetValue<Guid>();
        var invoice = await user.Session.PostOkAsync("/api/v1/objects/invoices/records", new { values = new { amount = 12 } });
        await using (var db = api.Database.CreateDataSource())
        {
            // A build that cannot succeed: a stored value the number cast refuses (as in the failed-build test above).
            await db.ExecuteAsync($"DROP INDEX {AttributeIndexes.IndexName(amount)}", CancellationToken.None);
            await db.ExecuteAsync("UPDATE records SET values = jsonb_set(values, '{amount}', '\"twelve\"') WHERE id = $1", CancellationToken.None, invoice["id"]!.GetValue<Guid>());
        }

        var repair = await api.Factory.Services.GetRequiredService<AttributeIndexRepairer>().RepairAsync();

        Assert.True(repair.Failed >= 1, $"failed {repair.Failed}");
        Assert.Null(await IndexDefinitionAsync(amount));
        Assert.False((await AttributeAsync(user, "invoices", "amount"))["isIndexed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unindexing_drops_an_index_left_behind_even_when_the_flag_is_already_off()
    {
        var user = await api.SignUpAsync();
        var description = await AttributeAsync(user, "people", "description");
        var id = description["id"]!.GetValue<Guid>();
        var definition = new Juxa.Schema.AttributeDefinition(id, Guid.Parse((await user.Session.GetOkAsync("/api/v1/objects/people"))["id"]!.GetValue<string>()),
            "description", "Description", Juxa.Schema.AttributeType.Text, false, false, false, true, false, Juxa.Schema.AttributeConfig.Empty, [], DateTimeOffset.UtcNow);
        await using (var db = api.Database.CreateDataSource())
        {
            // What a drop that failed after the flag was committed leaves behind.
            await db.ExecuteAsync($"CREATE INDEX {AttributeIndexes.IndexName(id)} {AttributeIndexes.Definition(definition)}", CancellationToken.None);
        }

        var unindexed = await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = id, isIndexed = false });

        Assert.False(description["isIndexed"]!.GetValue<bool>());
        Assert.False(unindexed["isIndexed"]!.GetValue<bool>());
        Assert.Null(await IndexDefinitionAsync(id));
    }

    [Fact]
    public async Task A_custom_attribute_created_indexed_loses_its_index_with_the_attribute_or_the_object()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "matters", singularName = "Matter", pluralName = "Matters" });
        var fee = await user.Session.PostOkAsync("/api/v1/objects/matters/attributes", new { slug = "fee", title = "Fee", type = "currency", isIndexed = true });
        var code = await user.Session.PostOkAsync("/api/v1/objects/matters/attributes", new { slug = "code", title = "Code", type = "text", isIndexed = true });
        var feeId = fee["id"]!.GetValue<Guid>();
        var codeId = code["id"]!.GetValue<Guid>();
        var feeIndex = await IndexDefinitionAsync(feeId);
        var feeStatistics = await HasStatisticsAsync(feeId);
        var codeStatistics = await HasStatisticsAsync(codeId);

        await JuxaClient.DataAsync(await user.Session.DeleteAsync($"/api/v1/objects/matters/attributes?attributeId={feeId}"), HttpStatusCode.OK);
        var afterAttributeDelete = await IndexDefinitionAsync(feeId);
        var codeIndex = await IndexDefinitionAsync(codeId);
        await JuxaClient.DataAsync(await user.Session.DeleteAsync("/api/v1/objects/matters"), HttpStatusCode.OK);

        Assert.True(fee["isIndexed"]!.GetValue<bool>());
        Assert.Contains("(((\"values\" -> 'fee'::text) ->> 'amount'::text))::numeric", feeIndex);
        // A cast can fail on another object's value under the same slug, which would break every ANALYZE of the table.
        Assert.False(feeStatistics);
        Assert.True(codeStatistics);
        Assert.Null(afterAttributeDelete);
        Assert.False(await HasStatisticsAsync(feeId));
        Assert.NotNull(codeIndex);
        Assert.Null(await IndexDefinitionAsync(codeId));
        Assert.False(await HasStatisticsAsync(codeId));
    }

    [Fact]
    public async Task A_build_that_fails_leaves_no_index_and_the_flag_off()
    {
        var user = await api.SignUpAsync();
        var employees = (await AttributeAsync(user, "companies", "employee_count"))["id"]!.GetValue<Guid>();
        var company = await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Odd", employee_count = 12 } });
        await using (var db = api.Database.CreateDataSource())
        {
            // A stored value the codecs would never write: the index expression's ::numeric fails on it.
            await db.ExecuteAsync("UPDATE records SET values = jsonb_set(values, '{employee_count}', '\"twelve\"') WHERE id = $1",
                CancellationToken.None, company["id"]!.GetValue<Guid>());
        }

        var response = await user.Session.PatchAsync("/api/v1/objects/companies/attributes", new { attributeId = employees, isIndexed = true });

        await response.AssertErrorAsync(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        Assert.False((await AttributeAsync(user, "companies", "employee_count"))["isIndexed"]!.GetValue<bool>());
        Assert.Null(await IndexDefinitionAsync(employees));
    }

    [Fact]
    public async Task An_attribute_that_cannot_be_indexed_is_400_and_stays_as_it_was()
    {
        var user = await api.SignUpAsync();
        var emails = (await AttributeAsync(user, "people", "email_addresses"))["id"]!.GetValue<Guid>();
        var stage = (await AttributeAsync(user, "deals", "stage"))["id"]!.GetValue<Guid>();

        var multiselect = await (await user.Session.PatchAsync("/api/v1/objects/people/attributes", new { attributeId = emails, title = "Emails", isIndexed = true }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var status = await (await user.Session.PatchAsync("/api/v1/objects/deals/attributes", new { attributeId = stage, isIndexed = true }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var created = await (await user.Session.PostAsync("/api/v1/objects/deals/attributes", new { slug = "closes_on", title = "Closes on", type = "date", isIndexed = true }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.NotNull(multiselect["details"]!["isIndexed"]);
        Assert.NotNull(status["details"]!["isIndexed"]);
        Assert.NotNull(created["details"]!["isIndexed"]);
        var after = await AttributeAsync(user, "people", "email_addresses");
        Assert.Equal("Email addresses", after["title"]!.GetValue<string>());
        Assert.False(after["isIndexed"]!.GetValue<bool>());
        Assert.DoesNotContain((await user.Session.GetOkAsync("/api/v1/objects/deals/attributes")).AsArray(), a => a!["slug"]!.GetValue<string>() == "closes_on");
        Assert.Null(await IndexDefinitionAsync(emails));
    }

    [Theory]
    [InlineData("integrations:write", HttpStatusCode.Forbidden)]
    [InlineData("*", HttpStatusCode.OK)]
    public async Task Indexing_is_a_schema_write(string scope, HttpStatusCode expected)
    {
        var user = await api.SignUpAsync();
        var jobTitle = (await AttributeAsync(user, "people", "job_title"))["id"]!.GetValue<Guid>();
        var (token, _) = await user.CreateKeyAsync([scope]);

        var response = await api.WithKey(token).PatchAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isIndexed = true });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, await IndexDefinitionAsync(jobTitle) is not null);
    }

    [Fact]
    public async Task A_workspace_indexes_at_most_ten_attributes_and_changes_indexes_at_most_twenty_times_an_hour()
    {
        var user = await api.SignUpAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < Juxa.Workspaces.WorkspaceGrain.MaxIndexedAttributes; i++)
        {
            var created = await user.Session.PostOkAsync("/api/v1/objects/people/attributes", new { slug = $"ix_{i}", title = $"Ix {i}", type = "text", isIndexed = true });
            ids.Add(created["id"]!.GetValue<Guid>());
        }

        var eleventh = await user.Session.PostAsync("/api/v1/objects/people/attributes", new { slug = "ix_10", title = "Ix 10", type = "text", isIndexed = true });
        // Ten builds so far; ten more changes (off and on again) reach the hourly limit.
        for (var i = 0; i < 5; i++)
        {
            await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = ids[0], isIndexed = false });
            await user.Session.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = ids[0], isIndexed = true });
        }

        var tooOften = await user.Session.PatchAsync("/api/v1/objects/people/attributes", new { attributeId = ids[1], isIndexed = false });

        Assert.NotNull((await eleventh.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]?["isIndexed"]);
        Assert.DoesNotContain(await user.Session.GetOkAsync("/api/v1/objects/people/attributes") is JsonArray all ? all : [], a => a!["slug"]!.GetValue<string>() == "ix_10");
        await tooOften.AssertErrorAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True((await AttributeAsync(user, "people", "ix_1"))["isIndexed"]!.GetValue<bool>());
        Assert.NotNull(await IndexDefinitionAsync(ids[1]));
    }

    [Fact]
    public async Task Queries_on_records_keep_working_while_statistics_objects_are_dropped()
    {
        // Dropping a statistics object under a query being planned failed that query (any workspace's) on PostgreSQL 15:
        // "cache lookup failed for statistics object". Three hundred drops against four busy readers.
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Ada", job_title = "Engineer" } });
        var indexes = api.Factory.Services.GetRequiredService<AttributeIndexes>();
        var attributeId = Guid.NewGuid();
        await using var db = api.Database.CreateDataSource();
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var queries = 0;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await db.Command("SELECT count(*) FROM records r WHERE r.workspace_id = $1 AND lower(r.values->>'job_title') = 'engineer'", user.WorkspaceId)
                        .FirstOrDefaultAsync(r => r.GetInt64(0), CancellationToken.None);
                    Interlocked.Increment(ref queries);
                }
                catch (Npgsql.PostgresException e)
                {
                    failures.Add(e.MessageText);
                }
            }
        })).ToArray();

        for (var i = 0; i < 300; i++)
        {
            await db.Command($"CREATE STATISTICS IF NOT EXISTS {AttributeIndexes.StatisticsName(attributeId)} ON (lower(values->>'job_title')) FROM records")
                .FirstOrDefaultAsync(_ => 0, CancellationToken.None);
            await indexes.DropAsync(attributeId);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        // A drop that never got the lock (other tests build indexes meanwhile) leaves the object for the repairer; a
        // drop with nobody querying always gets it.
        await indexes.DropAsync(attributeId);

        Assert.Empty(failures);
        Assert.True(queries > 0);
        Assert.False(await HasStatisticsAsync(attributeId));
    }
}
