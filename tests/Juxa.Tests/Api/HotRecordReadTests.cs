using System.Net;
using System.Text.Json.Nodes;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Api;

/// <summary>
/// GET of one record is served from the record grain's hot copy in place when the activation is in this process
/// (<see cref="LocalRecordViews"/>). Each test first shows that the copy is there, so that it tests that path.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HotRecordReadTests(ApiFixture api)
{
    private LocalRecordViews Local => api.Factory.Services.GetRequiredService<LocalRecordViews>();

    private static async Task<Guid> CreateAsync(JuxaClient client, string slug, object values) =>
        (await client.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    [Fact]
    public async Task A_read_after_a_write_shows_the_write_from_the_copy()
    {
        var user = await api.SignUpAsync();
        var id = await CreateAsync(user.Session, "people", new { name = "Ada Lovelace", job_title = "Analyst" });
        var hotAfterCreate = await Local.FindAsync(user.WorkspaceId, "people", id);

        await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{id}", new { values = new { job_title = "Engineer" } });
        var hotAfterPatch = await Local.FindAsync(user.WorkspaceId, "people", id);
        var fetched = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}");

        Assert.Equal("Analyst", hotAfterCreate!.Values["job_title"]!.GetValue<string>());
        Assert.Equal("Engineer", hotAfterPatch!.Values["job_title"]!.GetValue<string>());
        Assert.Equal("Engineer", fetched["values"]!["job_title"]!.GetValue<string>());
        Assert.Equal("Ada Lovelace", fetched["values"]!["name"]!["full_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_hot_record_is_404_to_another_workspace_and_under_another_object()
    {
        var owner = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var id = await CreateAsync(owner.Session, "people", new { name = "Grace Hopper" });
        Assert.NotNull(await Local.FindAsync(owner.WorkspaceId, "people", id));

        var foreign = await stranger.Session.GetAsync($"/api/v1/objects/people/records/{id}");
        var otherObject = await owner.Session.GetAsync($"/api/v1/objects/companies/records/{id}");

        await foreign.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await otherObject.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Null(await Local.FindAsync(stranger.WorkspaceId, "people", id));
        Assert.Null(await Local.FindAsync(owner.WorkspaceId, "companies", id));
    }

    [Fact]
    public async Task A_schema_change_shows_in_the_next_read()
    {
        var user = await api.SignUpAsync();
        var id = await CreateAsync(user.Session, "people", new { name = "Alan Turing" });
        Assert.NotNull(await Local.FindAsync(user.WorkspaceId, "people", id));

        var tier = await user.Session.PostOkAsync("/api/v1/objects/people/attributes", new { slug = "tier", title = "Tier", type = "text" });
        var withTier = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}");
        await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{id}", new { values = new { tier = "gold" } });
        var gold = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}");
        var deleted = await user.Session.DeleteAsync($"/api/v1/objects/people/attributes?attributeId={tier["id"]}");
        var withoutTier = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}");

        Assert.True(withTier["values"]!.AsObject().ContainsKey("tier"));
        Assert.Null(withTier["values"]!["tier"]);
        Assert.Equal("gold", gold["values"]!["tier"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False(withoutTier["values"]!.AsObject().ContainsKey("tier"));
    }

    [Fact]
    public async Task Deleting_the_record_or_its_object_withdraws_the_copy()
    {
        var user = await api.SignUpAsync();
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "matters", singularName = "Matter", pluralName = "Matters" });
        var record = await CreateAsync(user.Session, "people", new { name = "Deleted Person" });
        var inObject = await CreateAsync(user.Session, "matters", new { });
        Assert.NotNull(await Local.FindAsync(user.WorkspaceId, "people", record));
        Assert.NotNull(await Local.FindAsync(user.WorkspaceId, "matters", inObject));

        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/objects/people/records/{record}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync("/api/v1/objects/matters")).StatusCode);

        Assert.Null(await Local.FindAsync(user.WorkspaceId, "people", record));
        Assert.Null(await Local.FindAsync(user.WorkspaceId, "matters", inObject));
        await (await user.Session.GetAsync($"/api/v1/objects/people/records/{record}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.GetAsync($"/api/v1/objects/matters/records/{inObject}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        // An object created again under the same slug is a new object: the old record's id is not one of its records.
        await user.Session.PostOkAsync("/api/v1/objects", new { slug = "matters", singularName = "Matter", pluralName = "Matters" });
        await (await user.Session.GetAsync($"/api/v1/objects/matters/records/{inObject}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_deactivated_grain_withdraws_its_copy_and_the_next_read_brings_it_back()
    {
        // A host of its own: forcing activation collection here must not empty the shared host's real-time host list.
        await using var host = new JuxaApiFactory(api.Database);
        using var key = JuxaClient.WithKey(host.CreateClient(), JuxaApiFactory.BootstrapKey);
        var workspaceId = (await key.GetOkAsync("/api/v1/workspace"))["id"]!.GetValue<Guid>();
        var local = host.Services.GetRequiredService<LocalRecordViews>();
        var id = await CreateAsync(key, "companies", new { name = "Collected Ltd" });
        Assert.NotNull(await local.FindAsync(workspaceId, "companies", id));

        await Task.Delay(TimeSpan.FromMilliseconds(50));
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromMilliseconds(10));
        await Eventually.HoldsAsync("the deactivated grain to withdraw its copy", async () => await local.FindAsync(workspaceId, "companies", id) is null);
        var fetched = await key.GetOkAsync($"/api/v1/objects/companies/records/{id}");

        Assert.Equal("Collected Ltd", fetched["values"]!["name"]!.GetValue<string>());
        Assert.NotNull(await local.FindAsync(workspaceId, "companies", id));
    }
}
