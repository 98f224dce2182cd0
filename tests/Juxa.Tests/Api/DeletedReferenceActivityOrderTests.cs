using Juxa.Database;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Juxa.Tests.Api;

/// <summary>
/// Deleting a record strips it from the records and list entries that reference it. When a referrer is written while the
/// delete waits, the strip comes after that write, and its time must say so: the referrer's <c>updatedAt</c> never goes
/// back, and the activity feed (newest first) lists the strip above the write.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeletedReferenceActivityOrderTests(ApiFixture api)
{
    [Fact]
    public async Task A_strip_that_waited_for_a_referrers_write_is_newer_than_that_write()
    {
        var user = await api.SignUpAsync();
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme" } }))["id"]!.GetValue<Guid>();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records",
            new { values = new { name = "Wile Coyote", company } }))["id"]!.GetValue<Guid>();
        var db = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        // Hold the company's row, so the delete has begun (and taken its time) but waits before it strips anything.
        await using var holder = await db.OpenConnectionAsync();
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM records WHERE id = $1 FOR UPDATE", CancellationToken.None, company);
        var delete = user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}");
        await LockWaits.UntilAStatementWaitsAsync(db, "%FOR UPDATE%", delete);
        // Meanwhile the referrer is written, and commits first.
        var patched = await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{person}", new { values = new { job_title = "Genius" } });
        await hold.RollbackAsync();
        (await delete).EnsureSuccessStatusCode();

        var read = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}");
        var activity = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();

        Assert.Null(read["values"]!["company"]);
        Assert.True(read["updatedAt"]!.GetValue<DateTimeOffset>() > patched["updatedAt"]!.GetValue<DateTimeOffset>(),
            $"updatedAt went back: {read["updatedAt"]} after the write of {patched["updatedAt"]}");
        // Newest first: the strip (company cleared), then the write, then the create.
        Assert.Equal(["updated", "updated", "created"], activity.Select(e => e!["kind"]!.GetValue<string>()));
        Assert.True(activity[0]!["changes"]!.AsObject().ContainsKey("company"), activity[0]!.ToJsonString());
        Assert.True(activity[1]!["changes"]!.AsObject().ContainsKey("job_title"), activity[1]!.ToJsonString());
    }

    [Fact]
    public async Task A_list_entry_strip_that_waited_for_the_entrys_write_is_newer_than_that_write()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "account", title = "Account", type = "record-reference", config = new { targetObject = "companies" } });
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "stage", title = "Stage", type = "text" });
        var company = (await user.Session.PostOkAsync("/api/v1/objects/companies/records", new { values = new { name = "Acme" } }))["id"]!.GetValue<Guid>();
        var person = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = "Wile Coyote" } }))["id"]!.GetValue<Guid>();
        var entry = (await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{list}/entries",
            new { recordId = person, values = new { account = company } }), System.Net.HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var db = api.Factory.Services.GetRequiredService<NpgsqlDataSource>();

        await using var holder = await db.OpenConnectionAsync();
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM records WHERE id = $1 FOR UPDATE", CancellationToken.None, company);
        var delete = user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}");
        await LockWaits.UntilAStatementWaitsAsync(db, "%FOR UPDATE%", delete);
        var patched = await user.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entry}", new { values = new { stage = "Won" } });
        await hold.RollbackAsync();
        (await delete).EnsureSuccessStatusCode();

        var read = Assert.Single((await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries"))["entries"]!.AsArray())!;
        var activity = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();

        Assert.Null(read["values"]!["account"]);
        Assert.True(read["updatedAt"]!.GetValue<DateTimeOffset>() > patched["updatedAt"]!.GetValue<DateTimeOffset>(),
            $"updatedAt went back: {read["updatedAt"]} after the write of {patched["updatedAt"]}");
        Assert.Equal(["list_entry_updated", "list_entry_updated", "list_entry_added", "created"], activity.Select(e => e!["kind"]!.GetValue<string>()));
        Assert.True(activity[0]!["changes"]!["values"]!.AsObject().ContainsKey("account"), activity[0]!.ToJsonString());
        Assert.True(activity[1]!["changes"]!["values"]!.AsObject().ContainsKey("stage"), activity[1]!.ToJsonString());
    }
}
