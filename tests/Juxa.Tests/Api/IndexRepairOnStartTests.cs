using Juxa.Database;
using Juxa.Records.Query;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>A silo that died after committing <c>isIndexed</c> but before building the index: the next start builds it.</summary>
public sealed class IndexRepairOnStartTests
{
    [Fact]
    public async Task A_host_that_starts_after_a_build_was_lost_builds_the_index()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid jobTitle;
        await using (var first = new JuxaApiFactory(database))
        {
            first.StartKestrel();
            using var client = JuxaClient.WithKey(first.CreateHttpClient(), JuxaApiFactory.BootstrapKey);
            jobTitle = (await client.GetOkAsync("/api/v1/objects/people/attributes")).AsArray()
                .First(a => a!["slug"]!.GetValue<string>() == "job_title")!["id"]!.GetValue<Guid>();
            await client.PatchOkAsync("/api/v1/objects/people/attributes", new { attributeId = jobTitle, isIndexed = true });
        }

        await using var db = database.CreateDataSource();
        // The state the first host would have left had it died between the commit of the flag and the build.
        await db.ExecuteAsync($"DROP INDEX {AttributeIndexes.IndexName(jobTitle)}; DROP STATISTICS {AttributeIndexes.StatisticsName(jobTitle)}", CancellationToken.None);

        await using var second = new JuxaApiFactory(database);
        second.StartKestrel();
        // The repair runs in the background once the host has started; nothing here asks for it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        bool? valid;
        while ((valid = await db.Command("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)", AttributeIndexes.IndexName(jobTitle))
                   .FirstOrDefaultAsync(r => (bool?)r.GetBoolean(0), CancellationToken.None)) != true && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var statistics = await db.Command("SELECT true FROM pg_statistic_ext WHERE stxname = $1", AttributeIndexes.StatisticsName(jobTitle))
            .FirstOrDefaultAsync(r => r.GetBoolean(0), CancellationToken.None);
        Assert.True(valid);
        Assert.True(statistics);
    }
}
