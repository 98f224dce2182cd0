using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Select attributes take <c>options</c>, status attributes <c>statuses</c>, other types neither. A field given to a type
/// that does not take it — on object and list attributes, and on the options endpoint's <c>attributeType</c> — is a
/// 400 VALIDATION_ERROR naming the field and the type, and nothing is written (docs/schema.md#options-and-statuses).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AttributeOptionFieldsTests(ApiFixture api)
{
    public static TheoryData<string, string, string> Misplaced => new()
    {
        { """{"slug":"tier","title":"Tier","type":"select","statuses":["Lead","Won"]}""", "statuses", "select" },
        { """{"slug":"tier","title":"Tier","type":"select","statuses":[]}""", "statuses", "select" },
        { """{"slug":"tier","title":"Tier","type":"select","options":["A"],"statuses":["B"]}""", "statuses", "select" },
        { """{"slug":"tier","title":"Tier","type":"status","options":["Lead","Won"]}""", "options", "status" },
        { """{"slug":"tier","title":"Tier","type":"text","options":[]}""", "options", "text" },
        { """{"slug":"tier","title":"Tier","type":"number","statuses":["Lead"]}""", "statuses", "number" },
    };

    [Theory]
    [MemberData(nameof(Misplaced))]
    public async Task An_object_attribute_refuses_options_or_statuses_its_type_does_not_take(string body, string field, string type)
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/companies/attributes", body, "application/json");

        AssertNamesFieldAndType(await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), field, type);
        var attributes = await user.Session.GetOkAsync("/api/v1/objects/companies/attributes?includeArchived=true");
        Assert.DoesNotContain("tier", attributes.AsArray().Select(a => a!["slug"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Misplaced))]
    public async Task A_list_attribute_refuses_options_or_statuses_its_type_does_not_take(string body, string field, string type)
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user);

        var response = await user.Session.SendRawAsync(HttpMethod.Post, $"/api/v1/lists/{list}/attributes", body, "application/json");

        AssertNamesFieldAndType(await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), field, type);
        Assert.Empty((await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes?includeArchived=true")).AsArray());
    }

    [Fact]
    public async Task Patching_a_list_attribute_refuses_the_other_kind_of_option()
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user);
        var select = (await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "tier", title = "Tier", type = "select", options = new[] { "Gold" } }))["id"]!.GetValue<Guid>();
        var status = (await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "phase", title = "Phase", type = "status", statuses = new[] { "Open" } }))["id"]!.GetValue<Guid>();

        var statusesOnSelect = await user.Session.PatchAsync($"/api/v1/lists/{list}/attributes", new { id = select, title = "Renamed", statuses = new[] { "Won" } });
        var optionsOnStatus = await user.Session.PatchAsync($"/api/v1/lists/{list}/attributes", new { id = status, title = "Renamed", options = new[] { "Done" } });
        var statusesOnStatus = await user.Session.PatchOkAsync($"/api/v1/lists/{list}/attributes", new { id = status, statuses = new[] { "Closed" } });

        AssertNamesFieldAndType(await statusesOnSelect.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "statuses", "select");
        AssertNamesFieldAndType(await optionsOnStatus.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "options", "status");
        Assert.Equal(["Open", "Closed"], statusesOnStatus["statuses"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()));
        var after = (await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes")).AsArray();
        var tier = after.First(a => a!["slug"]!.GetValue<string>() == "tier")!;
        Assert.Equal("Tier", tier["title"]!.GetValue<string>());
        Assert.Equal(["Gold"], tier["options"]!.AsArray().Select(o => o!["title"]!.GetValue<string>()));
        Assert.Equal("Phase", after.First(a => a!["slug"]!.GetValue<string>() == "phase")!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_options_endpoint_refuses_a_status_for_a_select_attribute_and_an_option_for_a_status_one()
    {
        var user = await api.SignUpAsync();
        var attributes = (await user.Session.GetOkAsync("/api/v1/objects/deals/attributes")).AsArray();
        var stage = attributes.First(a => a!["slug"]!.GetValue<string>() == "stage")!;
        var tier = await user.Session.PostOkAsync("/api/v1/objects/deals/attributes", new { slug = "tier", title = "Tier", type = "select", options = new[] { "Gold" } });
        var gold = tier["options"]![0]!["id"]!.GetValue<Guid>();
        var lead = stage["statuses"]![0]!["id"]!.GetValue<Guid>();

        var statusOnSelect = await user.Session.PostAsync("/api/v1/objects/deals/attributes/options",
            new { attributeId = tier["id"]!.GetValue<Guid>(), title = "Won", attributeType = "status" });
        var optionOnStatus = await user.Session.PostAsync("/api/v1/objects/deals/attributes/options",
            new { attributeId = stage["id"]!.GetValue<Guid>(), title = "Silver", attributeType = "select" });
        var renameAsStatus = await user.Session.PatchAsync("/api/v1/objects/deals/attributes/options", new { optionId = gold, attributeType = "status", title = "Platinum" });
        var deleteAsOption = await user.Session.DeleteAsync($"/api/v1/objects/deals/attributes/options?optionId={lead}&attributeType=select");
        var matching = await JuxaClient.DataAsync(await user.Session.PostAsync("/api/v1/objects/deals/attributes/options",
            new { attributeId = tier["id"]!.GetValue<Guid>(), title = "Silver", attributeType = "select" }), HttpStatusCode.Created);

        AssertNamesFieldAndType(await statusOnSelect.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "attributeType", "select");
        AssertNamesFieldAndType(await optionOnStatus.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "attributeType", "status");
        AssertNamesFieldAndType(await renameAsStatus.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "attributeType", "select");
        AssertNamesFieldAndType(await deleteAsOption.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"), "attributeType", "status");
        Assert.Equal("Silver", matching["title"]!.GetValue<string>());
        var tierOptions = await user.Session.GetOkAsync($"/api/v1/objects/deals/attributes/options?attributeId={tier["id"]}");
        var stageStatuses = await user.Session.GetOkAsync($"/api/v1/objects/deals/attributes/options?attributeId={stage["id"]}");
        Assert.Equal(["Gold", "Silver"], tierOptions.AsArray().Select(o => o!["title"]!.GetValue<string>()));
        Assert.Equal(["Lead", "In progress", "Won", "Lost"], stageStatuses.AsArray().Select(o => o!["title"]!.GetValue<string>()));
    }

    private static async Task<Guid> CreateListAsync(SignedUp user) =>
        (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "companies" }))["id"]!.GetValue<Guid>();

    /// <summary>The problem is under the field, and the message names both the field and the attribute's type.</summary>
    private static void AssertNamesFieldAndType(JsonObject error, string field, string type)
    {
        var message = error["message"]!.GetValue<string>();
        Assert.NotNull(error["details"]![field]);
        Assert.Contains(field, message);
        Assert.Contains($"{type} attribute", message);
    }
}
