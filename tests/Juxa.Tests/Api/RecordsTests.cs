using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RecordsTests(ApiFixture api)
{
    private static async Task<JsonNode> CreateAsync(JuxaClient client, string slug, object values) =>
        await client.PostOkAsync($"/api/v1/objects/{slug}/records", new { values });

    [Fact]
    public async Task Patch_merges_only_the_given_attributes_and_activity_records_old_and_new()
    {
        var user = await api.SignUpAsync();
        var person = await CreateAsync(user.Session, "people", new { name = "Ada Lovelace", job_title = "Analyst", description = "first" });
        var id = person["id"]!.GetValue<Guid>();

        var patched = await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{id}", new { values = new { job_title = "Engineer" } });
        var fetched = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}");
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{id}/activity");

        Assert.Equal("Engineer", patched["values"]!["job_title"]!.GetValue<string>());
        Assert.Equal("first", fetched["values"]!["description"]!.GetValue<string>());
        Assert.Equal("Ada Lovelace", fetched["values"]!["name"]!["full_name"]!.GetValue<string>());
        var entries = activity["activity"]!.AsArray();
        Assert.Equal(["updated", "created"], entries.Select(e => e!["kind"]!.GetValue<string>()));
        Assert.Equal("Analyst", entries[0]!["changes"]!["job_title"]!["old"]!.GetValue<string>());
        Assert.Equal("Engineer", entries[0]!["changes"]!["job_title"]!["new"]!.GetValue<string>());
        Assert.Equal(user.MemberId, entries[0]!["actor"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task The_times_a_write_returns_are_the_times_later_reads_return()
    {
        var user = await api.SignUpAsync();
        var list = (await user.Session.PostOkAsync("/api/v1/lists", new { name = "Pipeline", objectSlug = "people" }))["id"]!.GetValue<Guid>();
        var written = new List<JsonNode>();
        for (var i = 0; i < 4; i++)
        {
            var created = await CreateAsync(user.Session, "people", new { name = $"Person {i}" });
            written.Add(await user.Session.PatchOkAsync($"/api/v1/objects/people/records/{created["id"]}", new { values = new { job_title = "Analyst" } }));
            written.Add(await user.Session.PostOkAsync($"/api/v1/lists/{list}/entries", new { recordId = created["id"]!.GetValue<Guid>() }));
        }

        var records = (await user.Session.GetOkAsync("/api/v1/objects/people/records"))["records"]!.AsArray();
        var entries = (await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries"))["entries"]!.AsArray();

        Assert.All(written, w =>
        {
            var read = records.Concat(entries).Single(r => r!["id"]!.GetValue<Guid>() == w["id"]!.GetValue<Guid>())!;
            Assert.Equal(w["createdAt"]!.GetValue<string>(), read["createdAt"]!.GetValue<string>());
            Assert.Equal(w["updatedAt"]!.GetValue<string>(), read["updatedAt"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Deleting_a_record_makes_it_404_everywhere()
    {
        var user = await api.SignUpAsync();
        var id = (await CreateAsync(user.Session, "companies", new { name = "Gone Inc" }))["id"]!.GetValue<Guid>();

        var deleted = await user.Session.DeleteAsync($"/api/v1/objects/companies/records/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await (await user.Session.GetAsync($"/api/v1/objects/companies/records/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.PatchAsync($"/api/v1/objects/companies/records/{id}", new { values = new { name = "Back" } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var list = await user.Session.GetOkAsync("/api/v1/objects/companies/records");
        Assert.Empty(list["records"]!.AsArray());
    }

    [Fact]
    public async Task Bad_values_are_400_with_a_problem_per_attribute_and_nothing_is_stored()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.PostAsync("/api/v1/objects/deals/records",
            new { values = new { deal_value = "lots", id = Guid.NewGuid(), created_at = "2020-01-01", nonsense = 1 } });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var details = error["details"]!.AsObject();
        Assert.Equal(["created_at", "deal_value", "id", "name", "nonsense"], details.Select(d => d.Key).Order());
        Assert.Empty((await user.Session.GetOkAsync("/api/v1/objects/deals/records"))["records"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"values": "not an object"}""")]
    [InlineData("""{}""")]
    public async Task A_body_without_a_values_object_is_400(string body)
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/objects/people/records", body, "application/json");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task An_unknown_object_is_404()
    {
        var user = await api.SignUpAsync();

        await (await user.Session.GetAsync("/api/v1/objects/unicorns/records")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.PostAsync("/api/v1/objects/unicorns/records", new { values = new { } })).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Every_record_route_is_404_from_another_workspace_or_object()
    {
        var a = await api.SignUpAsync();
        var b = await api.SignUpAsync();
        var id = (await CreateAsync(a.Session, "people", new { name = "Private Person" }))["id"]!.GetValue<Guid>();
        var (bToken, _) = await b.CreateKeyAsync();
        using var bKey = api.WithKey(bToken);

        foreach (var response in new[]
        {
            await bKey.GetAsync($"/api/v1/objects/people/records/{id}"),
            await bKey.PatchAsync($"/api/v1/objects/people/records/{id}", new { values = new { job_title = "Hacked" } }),
            await bKey.GetAsync($"/api/v1/objects/people/records/{id}/related"),
            await bKey.GetAsync($"/api/v1/objects/people/records/{id}/activity"),
            await bKey.DeleteAsync($"/api/v1/objects/people/records/{id}"),
            await a.Session.GetAsync($"/api/v1/objects/companies/records/{id}"),
        })
        {
            await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        var stillThere = await a.Session.GetOkAsync($"/api/v1/objects/people/records/{id}");
        Assert.Null(stillThere["values"]!["job_title"]);
        var bSearch = await bKey.GetOkAsync("/api/v1/search?q=Private");
        Assert.Empty(bSearch["results"]!.AsArray());
        var bBrowse = await bKey.GetOkAsync("/api/v1/records/browse");
        Assert.Empty(bBrowse["results"]!.AsArray());
    }

    [Fact]
    public async Task A_reference_to_another_workspace_record_is_rejected()
    {
        var a = await api.SignUpAsync();
        var b = await api.SignUpAsync();
        var foreignCompany = (await CreateAsync(b.Session, "companies", new { name = "Theirs" }))["id"]!.GetValue<Guid>();

        var response = await a.Session.PostAsync("/api/v1/objects/people/records", new { values = new { name = "X", company = foreignCompany } });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(error["details"]!["company"]);
    }

    [Fact]
    public async Task Unique_values_conflict_with_409_even_when_racing()
    {
        var user = await api.SignUpAsync();
        await CreateAsync(user.Session, "people", new { name = "First", email_addresses = new[] { "taken@example.com" } });

        var duplicate = await user.Session.PostAsync("/api/v1/objects/people/records", new { values = new { name = "Second", email_addresses = "TAKEN@example.com" } });
        var racing = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            user.Session.PostAsync("/api/v1/objects/people/records", new { values = new { email_addresses = "race@example.com" } })));

        var error = await duplicate.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains("taken@example.com", error["message"]!.GetValue<string>());
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, racing.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        // A refused create leaves nothing behind: the first record and the one winner of the race.
        Assert.Equal(2, (await user.Session.GetOkAsync("/api/v1/objects/people/records"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_patches_of_one_record_lose_no_update()
    {
        var user = await api.SignUpAsync();
        var id = (await CreateAsync(user.Session, "companies", new { name = "Busy" }))["id"]!.GetValue<Guid>();

        await Task.WhenAll(
            user.Session.PatchAsync($"/api/v1/objects/companies/records/{id}", new { values = new { description = "described" } }),
            user.Session.PatchAsync($"/api/v1/objects/companies/records/{id}", new { values = new { employee_count = 42 } }),
            user.Session.PatchAsync($"/api/v1/objects/companies/records/{id}", new { values = new { domains = new[] { "busy.example" } } }));
        var record = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{id}");

        Assert.Equal("described", record["values"]!["description"]!.GetValue<string>());
        Assert.Equal(42, record["values"]!["employee_count"]!.GetValue<decimal>());
        Assert.Equal("busy.example", record["values"]!["domains"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Twenty_concurrent_asserts_yield_exactly_one_record()
    {
        var user = await api.SignUpAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => user.Session.PostAsync("/api/v1/objects/people/records/query",
            new { mode = "assert", matchAttribute = "email_addresses", matchValue = "once@example.com", values = new { job_title = $"Try {i}" } })));
        var people = await user.Session.GetOkAsync("/api/v1/objects/people/records");

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var person = Assert.Single(people["records"]!.AsArray())!;
        Assert.Equal(["once@example.com"], person["values"]!["email_addresses"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Assert_on_a_non_unique_attribute_updates_the_match()
    {
        var user = await api.SignUpAsync();
        var first = await user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = "Acme", values = new { description = "v1" } });
        var second = await user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = "Acme", values = new { description = "v2" } });

        var created = await JuxaClient.DataAsync(first, HttpStatusCode.Created);
        var updated = await JuxaClient.DataAsync(second, HttpStatusCode.OK);

        Assert.Equal(created["id"]!.GetValue<Guid>(), updated["id"]!.GetValue<Guid>());
        Assert.Equal("v2", updated["values"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Assert_on_a_multiselect_attribute_keeps_the_other_values()
    {
        var user = await api.SignUpAsync();
        var person = await CreateAsync(user.Session, "people", new { name = "Ada", email_addresses = new[] { "ada@work.example", "ada@home.example" } });

        var response = await user.Session.PostAsync("/api/v1/objects/people/records/query",
            new { mode = "assert", matchAttribute = "email_addresses", matchValue = "ada@home.example", values = new { job_title = "Analyst" } });
        var emptyValues = await user.Session.PostAsync("/api/v1/objects/people/records/query",
            new { mode = "assert", matchAttribute = "email_addresses", matchValue = "ada@work.example" });

        var updated = await JuxaClient.DataAsync(response, HttpStatusCode.OK);
        var untouched = await JuxaClient.DataAsync(emptyValues, HttpStatusCode.OK);
        Assert.Equal(person["id"]!.GetValue<Guid>(), updated["id"]!.GetValue<Guid>());
        Assert.Equal(["ada@work.example", "ada@home.example"], updated["values"]!["email_addresses"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("Analyst", updated["values"]!["job_title"]!.GetValue<string>());
        Assert.Equal(updated["updatedAt"]!.GetValue<string>(), untouched["updatedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Assert_matches_text_and_names_ignoring_case()
    {
        var user = await api.SignUpAsync();
        var company = await CreateAsync(user.Session, "companies", new { name = "Acme Corp" });
        var person = await CreateAsync(user.Session, "people", new { name = new { first_name = "Grace", last_name = "Hopper" } });

        var byCompany = await user.Session.PostAsync("/api/v1/objects/companies/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = "ACME corp", values = new { description = "found" } });
        var byName = await user.Session.PostAsync("/api/v1/objects/people/records/query",
            new { mode = "assert", matchAttribute = "name", matchValue = new { first_name = "grace", last_name = "HOPPER" }, values = new { job_title = "Admiral" } });

        Assert.Equal(company["id"]!.GetValue<Guid>(), (await JuxaClient.DataAsync(byCompany, HttpStatusCode.OK))["id"]!.GetValue<Guid>());
        Assert.Equal(person["id"]!.GetValue<Guid>(), (await JuxaClient.DataAsync(byName, HttpStatusCode.OK))["id"]!.GetValue<Guid>());
        Assert.Single((await user.Session.GetOkAsync("/api/v1/objects/companies/records"))["records"]!.AsArray());
    }

    [Fact]
    public async Task Assert_needs_write_access()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync(["integrations:read"]);
        using var reader = api.WithKey(token);

        var response = await reader.PostAsync("/api/v1/objects/companies/records/query", new { mode = "assert", matchAttribute = "name", matchValue = "X" });

        await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Related_follows_references_in_both_directions()
    {
        var user = await api.SignUpAsync();
        var company = (await CreateAsync(user.Session, "companies", new { name = "Acme Corp" }))["id"]!.GetValue<Guid>();
        var person = (await CreateAsync(user.Session, "people", new { name = "Wile Coyote", company }))["id"]!.GetValue<Guid>();
        await CreateAsync(user.Session, "deals", new { name = "Anvils", associated_company = company, associated_people = new[] { person } });

        var ofPerson = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/related");
        var ofCompany = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/related");

        var outgoing = Assert.Single(ofPerson["outgoing"]!.AsArray())!;
        Assert.Equal("company", outgoing["attribute"]!.GetValue<string>());
        Assert.Equal(company, outgoing["records"]![0]!["id"]!.GetValue<Guid>());
        Assert.Equal("associated_people", Assert.Single(ofPerson["incoming"]!.AsArray())!["attribute"]!.GetValue<string>());
        Assert.Equal(["associated_company", "company"], ofCompany["incoming"]!.AsArray().Select(g => g!["attribute"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Filters_cross_references_and_sub_fields_and_resist_injection()
    {
        var user = await api.SignUpAsync();
        var acme = (await CreateAsync(user.Session, "companies", new { name = "ACME Widgets" }))["id"]!.GetValue<Guid>();
        var other = (await CreateAsync(user.Session, "companies", new { name = "Globex" }))["id"]!.GetValue<Guid>();
        await CreateAsync(user.Session, "people", new { name = "Road Runner", company = acme });
        await CreateAsync(user.Session, "people", new { name = "Hank Scorpio", company = other });

        async Task<string[]> Names(object filter) =>
            (await user.Session.PostOkAsync("/api/v1/objects/people/records/query", new { filter }))["records"]!.AsArray()
                .Select(r => r!["values"]!["name"]!["full_name"]!.GetValue<string>()).ToArray();

        Assert.Equal(["Road Runner"], await Names(new { @operator = "and", conditions = new[] { new { attribute = "company.name", @operator = "contains", value = "acme" } } }));
        Assert.Equal(["Hank Scorpio"], await Names(new { @operator = "and", conditions = new[] { new { attribute = "name.last_name", @operator = "equals", value = "scorpio" } } }));
        Assert.Empty(await Names(new { @operator = "or", conditions = new[] { new { attribute = "job_title", @operator = "equals", value = "x' OR '1'='1" } } }));
        var injected = await user.Session.PostAsync("/api/v1/objects/people/records/query",
            new { filter = new { @operator = "and", conditions = new[] { new { attribute = "name'); DROP TABLE records; --", @operator = "equals", value = "x" } } } });
        await injected.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(2, (await user.Session.GetOkAsync("/api/v1/objects/people/records"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_wrong_operator_for_the_type_is_400()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.PostAsync("/api/v1/objects/deals/records/query",
            new { filter = new { @operator = "and", conditions = new[] { new { attribute = "deal_value", @operator = "contains", value = "1" } } } });

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("contains", error["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("offset=-5")]
    public async Task Bad_record_pagination_is_400(string query)
    {
        var user = await api.SignUpAsync();

        await (await user.Session.GetAsync("/api/v1/objects/people/records?" + query)).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Cursor_pages_list_every_record_once_while_newer_ones_arrive()
    {
        var user = await api.SignUpAsync();
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(user.Session, "companies", new { name = $"Cursor Co {i}" });
        }

        var page = await user.Session.GetOkAsync("/api/v1/objects/companies/records?limit=2");
        var seen = Names(page);
        // Newer than everything listed so far: offset paging would shift the rest down and list "Cursor Co 2" twice.
        await CreateAsync(user.Session, "companies", new { name = "Cursor Co late" });
        while (page["pagination"]!["nextCursor"]?.GetValue<string>() is { } cursor)
        {
            page = await user.Session.GetOkAsync($"/api/v1/objects/companies/records?limit=2&cursor={Uri.EscapeDataString(cursor)}");
            seen.AddRange(Names(page));
            Assert.Equal(6, page["pagination"]!["total"]!.GetValue<long>());
            Assert.True(seen.Count <= 5, "paging went past the five records");
        }

        Assert.Equal(["Cursor Co 4", "Cursor Co 3", "Cursor Co 2", "Cursor Co 1", "Cursor Co 0"], seen);

        static List<string> Names(JsonNode page) =>
            page["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Query_pages_continue_with_the_cursor_of_the_same_query_only()
    {
        var user = await api.SignUpAsync();
        foreach (var (name, value) in new[] { ("A", 300), ("B", 100), ("C", 200), ("D", 100), ("E", 50) })
        {
            await CreateAsync(user.Session, "deals", new { name, deal_value = value });
        }

        var sorts = new[] { new { attribute = "deal_value", direction = "desc" } };
        var filter = new { attribute = "deal_value", @operator = "gte", value = 100 };
        var first = await user.Session.PostOkAsync("/api/v1/objects/deals/records/query", new { limit = 2, filter, sorts });
        var cursor = first["pagination"]!["nextCursor"]!.GetValue<string>();
        var second = await user.Session.PostOkAsync("/api/v1/objects/deals/records/query", new { limit = 2, filter, sorts, cursor });

        Assert.Equal(["A", "C"], first["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>()));
        Assert.Equal(["B", "D"], second["records"]!.AsArray().Select(r => r!["values"]!["name"]!.GetValue<string>()));
        Assert.Null(second["pagination"]!["nextCursor"]);
        Assert.Equal(4, second["pagination"]!["total"]!.GetValue<long>());

        // Another sort, another filter, another object, or an offset as well: the cursor does not apply, and nothing else changed.
        await (await user.Session.PostAsync("/api/v1/objects/deals/records/query", new { limit = 2, filter, cursor }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await user.Session.PostAsync("/api/v1/objects/deals/records/query", new { limit = 2, sorts, cursor }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await user.Session.GetAsync($"/api/v1/objects/companies/records?cursor={Uri.EscapeDataString(cursor)}"))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var both = await (await user.Session.PostAsync("/api/v1/objects/deals/records/query", new { limit = 2, offset = 2, filter, sorts, cursor }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("cursor", both["details"]!.AsObject().Select(d => d.Key));
        await (await user.Session.GetAsync("/api/v1/objects/deals/records?cursor=bm90LWEtY3Vyc29y"))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(5, (await user.Session.GetOkAsync("/api/v1/objects/deals/records"))["pagination"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_cursor_from_another_workspace_continues_nothing_there()
    {
        var owner = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(owner.Session, "people", new { name = $"Private Person {i}" });
        }

        var cursor = (await owner.Session.GetOkAsync("/api/v1/objects/people/records?limit=1"))["pagination"]!["nextCursor"]!.GetValue<string>();

        // The stranger's people object has another id, so the cursor is not theirs; it would select only their own rows anyway.
        await (await stranger.Session.GetAsync($"/api/v1/objects/people/records?cursor={Uri.EscapeDataString(cursor)}"))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Import_writes_valid_rows_and_reports_invalid_ones()
    {
        var user = await api.SignUpAsync();
        await CreateAsync(user.Session, "people", new { email_addresses = "exists@example.com" });

        var result = await user.Session.PostOkAsync("/api/v1/objects/people/records/import", new
        {
            rows = new object[]
            {
                new { name = "Row Zero", email_addresses = "zero@example.com" },
                new { name = "Row One", email_addresses = "not an email" },
                new { name = "Row Two", email_addresses = "exists@example.com" },
                new { name = "Row Three", email_addresses = "zero@example.com" },
                new { name = "Row Four", job_title = "Importer" },
            },
        });
        var people = await user.Session.GetOkAsync("/api/v1/objects/people/records");
        var createdId = result["createdIds"]![0]!.GetValue<Guid>();
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{createdId}/activity");

        Assert.Equal(2, result["created"]!.GetValue<int>());
        Assert.Equal([1, 2, 3], result["failed"]!.AsArray().Select(f => f!["row"]!.GetValue<int>()));
        Assert.NotNull(result["failed"]![0]!["errors"]!["email_addresses"]);
        Assert.Equal(3, people["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal("created", activity["activity"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_of_more_than_1000_rows_is_refused_whole()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.PostAsync("/api/v1/objects/companies/records/import",
            new { rows = Enumerable.Range(0, 1001).Select(i => new { name = $"C{i}" }) });

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/objects/companies/records"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Browse_lists_the_most_recently_updated_records()
    {
        var user = await api.SignUpAsync();
        var first = (await CreateAsync(user.Session, "companies", new { name = "Older" }))["id"]!.GetValue<Guid>();
        await CreateAsync(user.Session, "people", new { name = "Newer" });
        await user.Session.PatchOkAsync($"/api/v1/objects/companies/records/{first}", new { values = new { description = "touched" } });

        var browse = await user.Session.GetOkAsync("/api/v1/records/browse?limit=5");

        Assert.Equal(["Older", "Newer"], browse["results"]!.AsArray().Select(r => r!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Search_matches_partial_emails_domains_and_phones()
    {
        var user = await api.SignUpAsync();
        await CreateAsync(user.Session, "people", new { name = "Grace Hopper", email_addresses = "grace@navy.example", phone_numbers = "+1 (555) 010-9999" });
        await CreateAsync(user.Session, "companies", new { name = "Initech", domains = "https://www.initech.example/about" });

        var byEmail = await user.Session.GetOkAsync("/api/v1/search?q=navy");
        var byDomain = await user.Session.GetOkAsync("/api/v1/search?q=initech.exa");
        var byPhone = await user.Session.GetOkAsync("/api/v1/search?q=0109999");
        var nothing = await user.Session.GetOkAsync("/api/v1/search?q=zzzzqqq");

        Assert.Equal("Grace Hopper", Assert.Single(byEmail["results"]!.AsArray())!["title"]!.GetValue<string>());
        Assert.Equal("companies", Assert.Single(byDomain["results"]!.AsArray())!["object"]!.GetValue<string>());
        Assert.Equal("phone_numbers", Assert.Single(byPhone["results"]!.AsArray())!["matchedAttribute"]!.GetValue<string>());
        Assert.Empty(nothing["results"]!.AsArray());
        await (await user.Session.GetAsync("/api/v1/search")).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Search_ranks_prefix_then_word_start_matches_takes_words_in_any_order_and_falls_back_to_close_matches()
    {
        var user = await api.SignUpAsync();
        await CreateAsync(user.Session, "people", new { name = "Ajohnson Mid" });
        await CreateAsync(user.Session, "people", new { name = "Mary Johnson" });
        await CreateAsync(user.Session, "people", new { name = "John Smith" });
        await CreateAsync(user.Session, "people", new { name = "Grace Hopper" });

        var john = await user.Session.GetOkAsync("/api/v1/search?q=John");
        var reversed = await user.Session.GetOkAsync("/api/v1/search?q=hopper%20grace");
        var typo = await user.Session.GetOkAsync("/api/v1/search?q=grace%20hoper");

        Assert.Equal(["John Smith", "Mary Johnson", "Ajohnson Mid"], john["results"]!.AsArray().Select(r => r!["title"]!.GetValue<string>()));
        Assert.Equal("Grace Hopper", Assert.Single(reversed["results"]!.AsArray())!["title"]!.GetValue<string>());
        Assert.Equal("Grace Hopper", Assert.Single(typo["results"]!.AsArray())!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Filters_on_emails_domains_and_phones_compare_canonical_forms()
    {
        var user = await api.SignUpAsync();
        await CreateAsync(user.Session, "companies", new { name = "Canon", domains = "canon.example" });
        await CreateAsync(user.Session, "people", new { name = "Phoned", phone_numbers = "+1 555 010 7777", email_addresses = "Mixed.Case@Example.com" });

        async Task<int> CountAsync(string slug, string attribute, string op, string value) =>
            (await user.Session.PostOkAsync($"/api/v1/objects/{slug}/records/query",
                new { filter = new { @operator = "and", conditions = new[] { new { attribute, @operator = op, value } } } }))["records"]!.AsArray().Count;

        Assert.Equal(1, await CountAsync("companies", "domains", "equals", "https://www.Canon.example/about"));
        Assert.Equal(1, await CountAsync("people", "phone_numbers", "contains", "010-7777"));
        Assert.Equal(1, await CountAsync("people", "email_addresses", "equals", " MIXED.case@example.COM "));
        Assert.Equal(0, await CountAsync("people", "email_addresses", "equals", "other@example.com"));
    }
}
