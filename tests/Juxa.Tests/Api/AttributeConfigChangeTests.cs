using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// A PATCH of an attribute's <c>config</c> must not leave stored values the attribute no longer describes: a
/// record-reference attribute keeps its target object, and a rating's maximum cannot drop below a stored rating
/// (docs/schema.md#changing-an-attributes-config).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AttributeConfigChangeTests(ApiFixture api)
{
    [Fact]
    public async Task Retargeting_a_reference_attribute_is_400_and_its_references_stay_whole()
    {
        var user = await api.SignUpAsync();
        var company = await CreateAsync(user, "companies", new { name = "Acme" });
        var person = await CreateAsync(user, "people", new { name = "Jane Doe", company });
        var attribute = await AttributeAsync(user, "people", "company");

        var response = await user.Session.PatchAsync("/api/v1/objects/people/attributes", new { attributeId = attribute, config = new { targetObject = "deals" } });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(error["details"]!["config.targetObject"]);
        var after = (await user.Session.GetOkAsync("/api/v1/objects/people/attributes")).AsArray().First(a => a!["slug"]!.GetValue<string>() == "company")!;
        Assert.Equal("companies", after["config"]!["targetObject"]!.GetValue<string>());
        // The reference still follows its target: a filter across it finds the person, and deleting the company strips it.
        var found = await user.Session.PostOkAsync("/api/v1/objects/people/records/query",
            new { filter = new { attribute = "company.name", @operator = "equals", value = "Acme" } });
        Assert.Equal([person], found["records"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{company}");
        var read = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}");
        Assert.Null(read["values"]!["company"]);
    }

    [Fact]
    public async Task Retargeting_a_list_reference_attribute_is_400()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var attribute = (await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "partner", title = "Partner", type = "record-reference", config = new { targetObject = "companies" } }))["id"]!.GetValue<Guid>();

        var response = await user.Session.PatchAsync($"/api/v1/lists/{list}/attributes", new { attributeId = attribute, config = new { targetObject = "deals" } });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(error["details"]!["config.targetObject"]);
        var after = (await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes")).AsArray().Single()!;
        Assert.Equal("companies", after["config"]!["targetObject"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_max_rating_below_a_stored_rating_is_409_and_one_at_it_is_taken()
    {
        var user = await api.SignUpAsync();
        var rating = (await user.Session.PostOkAsync("/api/v1/objects/companies/attributes",
            new { slug = "fit", title = "Fit", type = "rating", config = new { maxRating = 10 } }))["id"]!.GetValue<Guid>();
        var company = await CreateAsync(user, "companies", new { name = "Acme", fit = 7 });
        await CreateAsync(user, "companies", new { name = "Other", fit = 2 });

        var lowered = await user.Session.PatchAsync("/api/v1/objects/companies/attributes", new { attributeId = rating, config = new { maxRating = 6 } });

        var error = await lowered.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains("7", error["message"]!.GetValue<string>());
        var unchanged = (await user.Session.GetOkAsync("/api/v1/objects/companies/attributes")).AsArray().First(a => a!["slug"]!.GetValue<string>() == "fit")!;
        Assert.Equal(10, unchanged["config"]!["maxRating"]!.GetValue<int>());
        var taken = await user.Session.PatchOkAsync("/api/v1/objects/companies/attributes", new { attributeId = rating, config = new { maxRating = 7 } });
        Assert.Equal(7, taken["config"]!["maxRating"]!.GetValue<int>());
        // What a record holds can still be written back.
        var read = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}");
        var written = await user.Session.PatchOkAsync($"/api/v1/objects/companies/records/{company}", new { values = new { fit = read["values"]!["fit"] } });
        Assert.Equal(7, written["values"]!["fit"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_list_rating_maximum_below_a_stored_rating_is_409()
    {
        var user = await api.SignUpAsync();
        var person = await CreateAsync(user, "people", new { name = "Jane Doe" });
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var rating = (await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "fit", title = "Fit", type = "rating", config = new { maxRating = 10 } }))["id"]!.GetValue<Guid>();
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/entries", new { recordId = person, values = new { fit = 8 } });

        var lowered = await user.Session.PatchAsync($"/api/v1/lists/{list}/attributes", new { attributeId = rating, config = new { maxRating = 5 } });

        await lowered.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        var after = (await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes")).AsArray().Single()!;
        Assert.Equal(10, after["config"]!["maxRating"]!.GetValue<int>());
    }

    private static async Task<Guid> CreateAsync(SignedUp user, string slug, object values) =>
        (await user.Session.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    private static async Task<Guid> AttributeAsync(SignedUp user, string slug, string attribute) =>
        (await user.Session.GetOkAsync($"/api/v1/objects/{slug}/attributes")).AsArray()
            .First(a => a!["slug"]!.GetValue<string>() == attribute)!["id"]!.GetValue<Guid>();
}
