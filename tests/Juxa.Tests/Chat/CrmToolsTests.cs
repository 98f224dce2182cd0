using System.Text.Json.Nodes;
using Juxa.Chat.Tools;
using Juxa.Records;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Chat;

/// <summary>The CRM tools, invoked as the model would (by name, with JSON arguments), against the real grains and database.</summary>
[Collection(ApiCollection.Name)]
public sealed class CrmToolsTests(ApiFixture api)
{
    private CrmTools Tools => api.Factory.Services.GetRequiredService<CrmTools>();

    private static CrmToolScope Scope(SignedUp user, bool canWrite) => new(user.WorkspaceId, new Actor(Actor.Member, user.MemberId), user.MemberId, canWrite);

    private static async Task<Guid> CreatePersonAsync(SignedUp user, string name) =>
        (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name } }))["id"]!.GetValue<Guid>();

    [Fact]
    public async Task Read_tools_search_get_and_list_within_the_workspace()
    {
        var user = await api.SignUpAsync();
        var person = await CreatePersonAsync(user, "Ottilie Brandvold");
        await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Call Ottilie", recordIds = new[] { person } });
        var scope = Scope(user, canWrite: false);

        var search = await Tools.InvokeAsync(scope, CrmToolNames.SearchRecords, """{"query":"brandvold"}""");
        var record = await Tools.InvokeAsync(scope, CrmToolNames.GetRecord, $$"""{"recordId":"{{person}}"}""");
        var tasks = await Tools.InvokeAsync(scope, CrmToolNames.ListTasks, $$"""{"recordId":"{{person}}"}""");

        Assert.True(search.Succeeded, search.Json);
        var hit = Assert.Single(JsonNode.Parse(search.Json)!["results"]!.AsArray());
        Assert.Equal(person, hit!["id"]!.GetValue<Guid>());
        Assert.Equal("people", hit["object"]!.GetValue<string>());
        Assert.True(record.Succeeded, record.Json);
        Assert.Equal("Ottilie Brandvold", JsonNode.Parse(record.Json)!["values"]!["name"]!["full_name"]!.GetValue<string>());
        Assert.True(tasks.Succeeded, tasks.Json);
        Assert.Equal("Call Ottilie", Assert.Single(JsonNode.Parse(tasks.Json)!["tasks"]!.AsArray())!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_workspaces_record_is_not_found_and_read_only_scopes_have_no_write_tools()
    {
        var owner = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var person = await CreatePersonAsync(owner, "Hidden Person");
        var scope = Scope(other, canWrite: false);

        var record = await Tools.InvokeAsync(scope, CrmToolNames.GetRecord, $$"""{"recordId":"{{person}}"}""");
        var search = await Tools.InvokeAsync(scope, CrmToolNames.SearchRecords, """{"query":"hidden person"}""");
        var write = await Tools.InvokeAsync(scope, CrmToolNames.CreateRecord, """{"object":"people","values":{"name":"Sneaky"}}""");

        Assert.False(record.Succeeded);
        Assert.Equal("NOT_FOUND", JsonNode.Parse(record.Json)!["error"]!["code"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(search.Json)!["results"]!.AsArray());
        Assert.False(write.Succeeded);
        Assert.Equal([CrmToolNames.SearchRecords, CrmToolNames.GetRecord, CrmToolNames.ListTasks], Tools.ReadOnly(scope).Select(f => f.Name));
        Assert.Equal(0, (await other.Session.GetOkAsync("/api/v1/objects/people/records"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Write_tools_go_through_the_grains_and_bad_arguments_come_back_as_errors()
    {
        var user = await api.SignUpAsync();
        var scope = Scope(user, canWrite: true);

        var created = await Tools.InvokeAsync(scope, CrmToolNames.CreateRecord, """{"object":"companies","values":{"name":"Tooled Co"}}""");
        var companyId = JsonNode.Parse(created.Json)!["id"]!.GetValue<Guid>();
        var note = await Tools.InvokeAsync(scope, CrmToolNames.CreateNote, $$"""{"recordId":"{{companyId}}","content":"Met at the fair"}""");
        var badValues = await Tools.InvokeAsync(scope, CrmToolNames.CreateRecord, """{"object":"companies","values":{"no_such_attribute":1}}""");
        var missing = await Tools.InvokeAsync(scope, CrmToolNames.CreateTask, "{}");

        Assert.True(created.Succeeded, created.Json);
        Assert.True(note.Succeeded, note.Json);
        Assert.Equal("Tooled Co", (await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{companyId}"))["values"]!["name"]!.GetValue<string>());
        Assert.Equal("Met at the fair", Assert.Single((await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{companyId}/notes"))["notes"]!.AsArray())!["content"]!.GetValue<string>());
        Assert.False(badValues.Succeeded);
        Assert.Equal("VALIDATION_ERROR", JsonNode.Parse(badValues.Json)!["error"]!["code"]!.GetValue<string>());
        Assert.False(missing.Succeeded);
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/tasks"))["pagination"]!["total"]!.GetValue<int>());
    }
}
