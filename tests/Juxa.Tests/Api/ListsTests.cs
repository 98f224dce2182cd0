using System.Net;
using System.Text.Json.Nodes;
using Juxa.Identity;
using Juxa.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Juxa.Tests.Api;

/// <summary><c>/api/v1/lists</c>: lists, list attributes, entries, available records, privacy, scoping and activity (docs/lists.md).</summary>
[Collection(ApiCollection.Name)]
public sealed class ListsTests(ApiFixture api)
{
    private static async Task<Guid> CreateRecordAsync(JuxaClient client, string slug, object values) =>
        (await client.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    private static async Task<Guid> CreateListAsync(JuxaClient client, string name = "Pipeline", string objectSlug = "people", bool? isPrivate = null) =>
        (await client.PostOkAsync("/api/v1/lists", new { name, objectSlug, isPrivate }))["id"]!.GetValue<Guid>();

    private static async Task<JsonNode> AddEntryAsync(JuxaClient client, Guid listId, Guid recordId, object? values = null) =>
        await JuxaClient.DataAsync(await client.PostAsync($"/api/v1/lists/{listId}/entries", new { recordId, values }), HttpStatusCode.Created);

    /// <summary>
    /// A second, non-admin member of <paramref name="workspaceId"/>, signed in with a session. Written with SQL
    /// because members cannot be invited through the API yet; the login goes through the real endpoint.
    /// </summary>
    private async Task<(JuxaClient Session, Guid MemberId)> SecondMemberAsync(Guid workspaceId)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        var userId = Guid.CreateVersion7();
        var memberId = Guid.CreateVersion7();
        var hash = new PasswordHasher<UserInfo>().HashPassword(null!, "password123");
        await using (var db = api.Database.CreateDataSource())
        await using (var connection = await db.OpenConnectionAsync())
        {
            await using var user = new NpgsqlCommand(
                "INSERT INTO users (id, email, email_normalized, name, password_hash, is_platform_operator, created_at) VALUES ($1, $2, $2, 'Second', $3, false, now())",
                connection) { Parameters = { new() { Value = userId }, new() { Value = email }, new() { Value = hash } } };
            await user.ExecuteNonQueryAsync();
            await using var member = new NpgsqlCommand(
                "INSERT INTO workspace_members (id, workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, 'member', now())",
                connection) { Parameters = { new() { Value = memberId }, new() { Value = workspaceId }, new() { Value = userId } } };
            await member.ExecuteNonQueryAsync();
        }

        var session = api.Anonymous();
        await session.PostOkAsync("/api/v1/auth/login", new { email, password = "password123" });
        return (session, memberId);
    }

    [Fact]
    public async Task A_list_is_created_read_listed_renamed_and_deleted()
    {
        var user = await api.SignUpAsync();

        var created = await JuxaClient.DataAsync(await user.Session.PostAsync("/api/v1/lists", new { name = " Hot leads ", objectSlug = "people" }), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        var fetched = await user.Session.GetOkAsync($"/api/v1/lists/{id}");
        var page = await user.Session.GetOkAsync("/api/v1/lists?limit=10");
        var renamed = await user.Session.PatchOkAsync($"/api/v1/lists/{id}", new { name = "Warm leads" });
        var deleted = await user.Session.DeleteAsync($"/api/v1/lists/{id}");

        Assert.Equal("Hot leads", created["name"]!.GetValue<string>());
        Assert.Equal("people", created["objectSlug"]!.GetValue<string>());
        Assert.False(created["isPrivate"]!.GetValue<bool>());
        Assert.Equal(user.MemberId, created["createdByMemberId"]!.GetValue<Guid>());
        Assert.Equal(0, created["entryCount"]!.GetValue<long>());
        Assert.NotNull(created["createdAt"]);
        Assert.NotNull(created["updatedAt"]);
        Assert.Equal(id, fetched["id"]!.GetValue<Guid>());
        Assert.Equal([id], page["lists"]!.AsArray().Select(l => l!["id"]!.GetValue<Guid>()));
        Assert.Equal(10, page["pagination"]!["limit"]!.GetValue<int>());
        Assert.Equal(1, page["pagination"]!["total"]!.GetValue<long>());
        Assert.Equal("Warm leads", renamed["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await (await user.Session.GetAsync($"/api/v1/lists/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty((await user.Session.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray());
    }

    [Fact]
    public async Task Creating_a_list_needs_a_name_and_an_object_of_the_workspace()
    {
        var user = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        await other.Session.PostOkAsync("/api/v1/objects", new { slug = "matters", singularName = "Matter", pluralName = "Matters" });

        var unknown = await (await user.Session.PostAsync("/api/v1/lists", new { name = "X", objectSlug = "unicorns" })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var foreign = await (await user.Session.PostAsync("/api/v1/lists", new { name = "X", objectSlug = "matters" })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var empty = await (await user.Session.PostAsync("/api/v1/lists", new { name = " " })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var badPatch = await user.Session.PatchAsync($"/api/v1/lists/{await CreateListAsync(user.Session)}", new { name = new string('x', 101) });

        Assert.NotNull(unknown["details"]!["objectSlug"]);
        Assert.NotNull(foreign["details"]!["objectSlug"]);
        Assert.Equal(["name", "objectSlug"], empty["details"]!.AsObject().Select(d => d.Key).Order());
        await badPatch.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_private_list_is_visible_to_its_creator_and_their_keys_only()
    {
        var owner = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var (ownerToken, _) = await owner.CreateKeyAsync(["integrations:write"]);
        using var ownerKey = api.WithKey(ownerToken);
        var (colleague, colleagueId) = await SecondMemberAsync(owner.WorkspaceId);
        var id = await CreateListAsync(owner.Session, "Secret", isPrivate: true);
        var shared = await CreateListAsync(owner.Session, "Shared");
        var person = await CreateRecordAsync(owner.Session, "people", new { name = "Ada" });

        // The creator sees it through the session and through a key they created.
        Assert.True((await owner.Session.GetOkAsync($"/api/v1/lists/{id}"))["isPrivate"]!.GetValue<bool>());
        Assert.Equal(id, (await ownerKey.GetOkAsync($"/api/v1/lists/{id}"))["id"]!.GetValue<Guid>());
        Assert.Contains(id, (await ownerKey.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray().Select(l => l!["id"]!.GetValue<Guid>()));
        await AddEntryAsync(ownerKey, id, person);

        // Another member of the same workspace: every route is a 404, and /lists leaves it out.
        foreach (var client in new[] { colleague, stranger.Session })
        {
            foreach (var response in new[]
            {
                await client.GetAsync($"/api/v1/lists/{id}"),
                await client.PatchAsync($"/api/v1/lists/{id}", new { name = "Mine now" }),
                await client.GetAsync($"/api/v1/lists/{id}/attributes"),
                await client.PostAsync($"/api/v1/lists/{id}/attributes", new { slug = "x", title = "X", type = "text" }),
                await client.GetAsync($"/api/v1/lists/{id}/entries"),
                await client.PostAsync($"/api/v1/lists/{id}/entries", new { recordId = person }),
                await client.GetAsync($"/api/v1/lists/{id}/available-records"),
                await client.DeleteAsync($"/api/v1/lists/{id}"),
            })
            {
                await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            }
        }

        var colleagueLists = (await colleague.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray().Select(l => l!["id"]!.GetValue<Guid>()).ToArray();
        Assert.Equal([shared], colleagueLists);
        Assert.Equal(1, (await colleague.GetOkAsync("/api/v1/lists"))["pagination"]!["total"]!.GetValue<long>());

        // Only the creator may make a list private; once the creator makes it public, the colleague sees it.
        await (await colleague.PatchAsync($"/api/v1/lists/{shared}", new { isPrivate = true })).AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await owner.Session.PatchOkAsync($"/api/v1/lists/{id}", new { isPrivate = false });
        Assert.Equal(1, (await colleague.GetOkAsync($"/api/v1/lists/{id}"))["entryCount"]!.GetValue<long>());
        var colleaguesOwn = await CreateListAsync(colleague, "Colleague's", isPrivate: true);
        Assert.Equal(colleagueId, (await colleague.GetOkAsync($"/api/v1/lists/{colleaguesOwn}"))["createdByMemberId"]!.GetValue<Guid>());
        await (await owner.Session.GetAsync($"/api/v1/lists/{colleaguesOwn}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_private_list_whose_creator_left_the_workspace_is_visible_to_admins()
    {
        var admin = await api.SignUpAsync();
        var (colleague, colleagueId) = await SecondMemberAsync(admin.WorkspaceId);
        var id = await CreateListAsync(colleague, "Left behind", isPrivate: true);
        await (await admin.Session.GetAsync($"/api/v1/lists/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        await using (var db = api.Database.CreateDataSource())
        await using (var remove = db.CreateCommand("DELETE FROM workspace_members WHERE id = $1"))
        {
            remove.Parameters.Add(new NpgsqlParameter { Value = colleagueId });
            await remove.ExecuteNonQueryAsync();
        }

        var orphan = await admin.Session.GetOkAsync($"/api/v1/lists/{id}");
        Assert.Null(orphan["createdByMemberId"]);
        var reclaimed = await admin.Session.PatchOkAsync($"/api/v1/lists/{id}", new { isPrivate = false });
        Assert.False(reclaimed["isPrivate"]!.GetValue<bool>());
        await (await admin.Session.PatchAsync($"/api/v1/lists/{id}", new { isPrivate = true })).AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task List_attributes_are_created_listed_updated_and_deleted()
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user.Session);
        var person = await CreateRecordAsync(user.Session, "people", new { name = "Ada" });

        var stage = await JuxaClient.DataAsync(await user.Session.PostAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "stage", title = "Stage", type = "select", options = new object[] { "New", new { title = "Qualified", color = "green" } } }), HttpStatusCode.Created);
        var score = await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "score", title = "Score", type = "number" });
        var stageId = stage["id"]!.GetValue<Guid>();
        var scoreId = score["id"]!.GetValue<Guid>();
        var listed = await user.Session.GetOkAsync($"/api/v1/lists/{list}/attributes");
        var updated = await user.Session.PatchOkAsync($"/api/v1/lists/{list}/attributes",
            new { id = stageId, title = "Deal stage", options = new object[] { "Won", new { title = "new", isActive = false } } });

        Assert.Equal(["stage", "score"], listed.AsArray().Select(a => a!["slug"]!.GetValue<string>()));
        Assert.Equal("number", score["type"]!.GetValue<string>());
        Assert.Equal("Deal stage", updated["title"]!.GetValue<string>());
        var options = updated["options"]!.AsArray();
        Assert.Equal(["New", "Qualified", "Won"], options.Select(o => o!["title"]!.GetValue<string>()));
        Assert.Equal([false, true, true], options.Select(o => o!["isActive"]!.GetValue<bool>()));
        Assert.Equal("green", options[1]!["color"]!.GetValue<string>());

        var entry = await AddEntryAsync(user.Session, list, person, new { stage = "qualified", score = 7 });
        Assert.Equal("Qualified", entry["values"]!["stage"]!["title"]!.GetValue<string>());

        // Rules shared with object attributes, and the ones that are list-specific.
        await (await user.Session.PostAsync($"/api/v1/lists/{list}/attributes", new { slug = "score", title = "Again", type = "text" }))
            .AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        var unique = await (await user.Session.PostAsync($"/api/v1/lists/{list}/attributes", new { slug = "code", title = "Code", type = "text", isUnique = true }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(unique["details"]!["isUnique"]);
        var indexed = await (await user.Session.PostAsync($"/api/v1/lists/{list}/attributes", new { slug = "code", title = "Code", type = "text", isIndexed = true }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotNull(indexed["details"]!["isIndexed"]);
        foreach (var bad in new object[]
        {
            new { slug = "Bad Slug", title = "X", type = "text" },
            new { slug = "id", title = "X", type = "text" },
            new { slug = "x", title = "X", type = "nonsense" },
            new { slug = "x", title = "X", type = "record-reference" },
            new { slug = "x", title = "X", type = "status", isMultiselect = true },
            new { slug = "x", title = "X", type = "text", options = new[] { "A" } },
        })
        {
            await (await user.Session.PostAsync($"/api/v1/lists/{list}/attributes", bad)).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        }

        await (await user.Session.PatchAsync($"/api/v1/lists/{list}/attributes", new { id = Guid.NewGuid(), title = "X" })).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.PatchAsync($"/api/v1/lists/{list}/attributes", new { title = "X" })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        // Deleting an attribute removes it and its values from every entry.
        Assert.Equal(HttpStatusCode.OK, (await user.Session.DeleteAsync($"/api/v1/lists/{list}/attributes?id={scoreId}")).StatusCode);
        var after = await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries");
        Assert.Equal(["stage"], after["entries"]![0]!["values"]!.AsObject().Select(v => v.Key));
        await (await user.Session.DeleteAsync($"/api/v1/lists/{list}/attributes?id={scoreId}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "score", title = "Score", type = "text" });
        var recreated = await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries");
        Assert.Null(recreated["entries"]![0]!["values"]!["score"]);
    }

    [Fact]
    public async Task Entries_are_added_once_and_only_for_records_of_the_lists_object_in_the_workspace()
    {
        var user = await api.SignUpAsync();
        var other = await api.SignUpAsync();
        var list = await CreateListAsync(user.Session);
        var person = await CreateRecordAsync(user.Session, "people", new { name = "Grace Hopper", job_title = "Admiral" });
        var company = await CreateRecordAsync(user.Session, "companies", new { name = "Navy" });
        var foreignPerson = await CreateRecordAsync(other.Session, "people", new { name = "Not yours" });

        var entry = await AddEntryAsync(user.Session, list, person);

        Assert.Equal(list, entry["listId"]!.GetValue<Guid>());
        Assert.Equal(person, entry["recordId"]!.GetValue<Guid>());
        Assert.Equal(person, entry["record"]!["id"]!.GetValue<Guid>());
        Assert.Equal("people", entry["record"]!["object"]!.GetValue<string>());
        Assert.Equal("Admiral", entry["record"]!["values"]!["job_title"]!.GetValue<string>());
        Assert.Empty(entry["values"]!.AsObject());
        await (await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = person })).AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        await (await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = company })).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = foreignPerson })).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = Guid.NewGuid() })).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var racer = await CreateRecordAsync(user.Session, "people", new { name = "Racer" });
        var racing = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => user.Session.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = racer })));
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, racing.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        var page = await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries?limit=1");
        Assert.Equal(2, page["pagination"]!["total"]!.GetValue<long>());
        Assert.Equal(racer, page["entries"]![0]!["recordId"]!.GetValue<Guid>());
        Assert.Equal(2, (await user.Session.GetOkAsync($"/api/v1/lists/{list}"))["entryCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Entry_values_are_validated_against_the_list_attributes()
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user.Session);
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "priority", title = "Priority", type = "rating", isRequired = true });
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "budget", title = "Budget", type = "currency" });
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes",
            new { slug = "account", title = "Account", type = "record-reference", config = new { targetObject = "companies" } });
        var person = await CreateRecordAsync(user.Session, "people", new { name = "Ada" });
        var other = await api.SignUpAsync();
        var foreignCompany = await CreateRecordAsync(other.Session, "companies", new { name = "Theirs" });

        var error = await (await user.Session.PostAsync($"/api/v1/lists/{list}/entries",
            new { recordId = person, values = new { budget = "lots", nonsense = 1, id = "x" } })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var reference = await (await user.Session.PostAsync($"/api/v1/lists/{list}/entries",
            new { recordId = person, values = new { priority = 3, account = foreignCompany } })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal(["budget", "id", "nonsense", "priority"], error["details"]!.AsObject().Select(d => d.Key).Order());
        Assert.NotNull(reference["details"]!["account"]);
        Assert.Empty((await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries"))["entries"]!.AsArray());

        var entry = await AddEntryAsync(user.Session, list, person, new { priority = "4", budget = 1500 });
        Assert.Equal(4, entry["values"]!["priority"]!.GetValue<int>());
        Assert.Equal(1500, entry["values"]!["budget"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", entry["values"]!["budget"]!["currency"]!.GetValue<string>());
        Assert.Null(entry["values"]!["account"]);
        var entryId = entry["id"]!.GetValue<Guid>();
        var clearRequired = await user.Session.PatchAsync($"/api/v1/lists/{list}/entries/{entryId}", new { values = new { priority = (int?)null } });
        var details = (await clearRequired.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["details"]!.AsObject();
        Assert.Equal(["priority"], details.Select(d => d.Key));
        await (await user.Session.PatchAsync($"/api/v1/lists/{list}/entries/{entryId}", new { })).AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Patching_an_entry_merges_values_and_concurrent_patches_lose_nothing()
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user.Session);
        foreach (var slug in new[] { "a", "b", "c", "note" })
        {
            await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug, title = slug.ToUpperInvariant(), type = "text" });
        }

        var person = await CreateRecordAsync(user.Session, "people", new { name = "Ada" });
        var entryId = (await AddEntryAsync(user.Session, list, person, new { note = "keep me" }))["id"]!.GetValue<Guid>();

        await Task.WhenAll(
            user.Session.PatchAsync($"/api/v1/lists/{list}/entries/{entryId}", new { values = new { a = "1" } }),
            user.Session.PatchAsync($"/api/v1/lists/{list}/entries/{entryId}", new { values = new { b = "2" } }),
            user.Session.PatchAsync($"/api/v1/lists/{list}/entries/{entryId}", new { values = new { c = "3" } }));
        var patched = await user.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entryId}", new { values = new { c = (string?)null } });

        Assert.Equal("1", patched["values"]!["a"]!.GetValue<string>());
        Assert.Equal("2", patched["values"]!["b"]!.GetValue<string>());
        Assert.Null(patched["values"]!["c"]);
        Assert.Equal("keep me", patched["values"]!["note"]!.GetValue<string>());
        Assert.Equal(person, patched["record"]!["id"]!.GetValue<Guid>());
        await (await user.Session.PatchAsync($"/api/v1/lists/{list}/entries/{Guid.NewGuid()}", new { values = new { a = "x" } }))
            .AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Entries_are_removed_by_delete_and_with_their_record()
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user.Session);
        var first = await CreateRecordAsync(user.Session, "people", new { name = "First" });
        var second = await CreateRecordAsync(user.Session, "people", new { name = "Second" });
        var firstEntry = (await AddEntryAsync(user.Session, list, first))["id"]!.GetValue<Guid>();
        await AddEntryAsync(user.Session, list, second);

        var removed = await user.Session.DeleteAsync($"/api/v1/lists/{list}/entries/{firstEntry}");
        var again = await user.Session.DeleteAsync($"/api/v1/lists/{list}/entries/{firstEntry}");
        await user.Session.DeleteAsync($"/api/v1/objects/people/records/{second}");
        var page = await user.Session.GetOkAsync($"/api/v1/lists/{list}/entries");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        await again.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(page["entries"]!.AsArray());
        Assert.Equal(0, page["pagination"]!["total"]!.GetValue<long>());
        await AddEntryAsync(user.Session, list, first);
    }

    [Fact]
    public async Task Available_records_leave_out_entries_and_honour_search()
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user.Session);
        var ada = await CreateRecordAsync(user.Session, "people", new { name = "Ada Lovelace" });
        var grace = await CreateRecordAsync(user.Session, "people", new { name = "Grace Hopper", email_addresses = "grace@navy.example" });
        var percent = await CreateRecordAsync(user.Session, "people", new { name = "100% Effort" });
        await CreateRecordAsync(user.Session, "companies", new { name = "Ada Corp" });
        await AddEntryAsync(user.Session, list, ada);

        static Guid[] Ids(JsonNode page) => page["records"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()).ToArray();
        var all = await user.Session.GetOkAsync($"/api/v1/lists/{list}/available-records");
        var byEmail = await user.Session.GetOkAsync($"/api/v1/lists/{list}/available-records?search=NAVY");
        var entryOnly = await user.Session.GetOkAsync($"/api/v1/lists/{list}/available-records?search=ada");
        var literalPercent = await user.Session.GetOkAsync($"/api/v1/lists/{list}/available-records?search=%25");
        var underscore = await user.Session.GetOkAsync($"/api/v1/lists/{list}/available-records?search=_");
        var paged = await user.Session.GetOkAsync($"/api/v1/lists/{list}/available-records?limit=1&offset=1");

        Assert.Equal([percent, grace], Ids(all));
        Assert.Equal("people", all["records"]![0]!["object"]!.GetValue<string>());
        Assert.Equal([grace], Ids(byEmail));
        Assert.Empty(Ids(entryOnly));
        Assert.Equal([percent], Ids(literalPercent));
        Assert.Empty(Ids(underscore));
        Assert.Equal([grace], Ids(paged));
        Assert.Equal(2, paged["pagination"]!["total"]!.GetValue<long>());
        await (await user.Session.GetAsync($"/api/v1/lists/{list}/available-records?search={new string('x', 201)}"))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Entry_changes_go_to_the_records_activity_feed_except_for_private_lists()
    {
        var user = await api.SignUpAsync();
        var list = await CreateListAsync(user.Session, "Pipeline");
        var secret = await CreateListAsync(user.Session, "Secret", isPrivate: true);
        await user.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "stage", title = "Stage", type = "text" });
        var person = await CreateRecordAsync(user.Session, "people", new { name = "Ada" });

        var entryId = (await AddEntryAsync(user.Session, list, person, new { stage = "new" }))["id"]!.GetValue<Guid>();
        await user.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entryId}", new { values = new { stage = "won" } });
        await user.Session.PatchOkAsync($"/api/v1/lists/{list}/entries/{entryId}", new { values = new { stage = "won" } });
        await user.Session.DeleteAsync($"/api/v1/lists/{list}/entries/{entryId}");
        var secretEntry = (await AddEntryAsync(user.Session, secret, person))["id"]!.GetValue<Guid>();
        await user.Session.DeleteAsync($"/api/v1/lists/{secret}/entries/{secretEntry}");
        var activity = (await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity"))["activity"]!.AsArray();

        Assert.Equal(["list_entry_removed", "list_entry_updated", "list_entry_added", "created"], activity.Select(a => a!["kind"]!.GetValue<string>()));
        Assert.All(activity.Take(3), a =>
        {
            Assert.Equal(list, a!["changes"]!["listId"]!.GetValue<Guid>());
            Assert.Equal("Pipeline", a["changes"]!["listName"]!.GetValue<string>());
            Assert.Equal(entryId, a["changes"]!["entryId"]!.GetValue<Guid>());
            Assert.Equal(user.MemberId, a["actor"]!["id"]!.GetValue<Guid>());
        });
        Assert.Equal("new", activity[2]!["changes"]!["values"]!["stage"]!.GetValue<string>());
        Assert.Equal("new", activity[1]!["changes"]!["values"]!["stage"]!["old"]!.GetValue<string>());
        Assert.Equal("won", activity[1]!["changes"]!["values"]!["stage"]!["new"]!.GetValue<string>());
        Assert.Equal("won", activity[0]!["changes"]!["values"]!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_list_made_private_takes_its_earlier_activity_out_of_other_members_feeds()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        var list = await CreateListAsync(owner.Session, "Layoffs 2027");
        await owner.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "reason", title = "Reason", type = "text" });
        var person = await CreateRecordAsync(owner.Session, "people", new { name = "Ada" });
        await AddEntryAsync(owner.Session, list, person, new { reason = "confidential" });
        var feed = $"/api/v1/objects/people/records/{person}/activity";
        var whilePublic = await colleague.Session.GetOkAsync(feed);

        await owner.Session.PatchOkAsync($"/api/v1/lists/{list}", new { isPrivate = true });
        var colleagueFeed = await colleague.Session.GetOkAsync(feed);
        var ownerFeed = await owner.Session.GetOkAsync(feed);

        Assert.Equal(["list_entry_added", "created"], whilePublic["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
        Assert.Equal(["created"], colleagueFeed["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
        Assert.Equal(1, colleagueFeed["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(["list_entry_added", "created"], ownerFeed["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deleting_an_object_a_private_list_refers_to_is_refused_without_naming_the_list()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        await owner.Session.PostOkAsync("/api/v1/objects", new { slug = "vendors", singularName = "Vendor", pluralName = "Vendors" });
        var secret = await CreateListAsync(colleague.Session, "Hiring plan", isPrivate: true);
        await colleague.Session.PostOkAsync($"/api/v1/lists/{secret}/attributes",
            new { slug = "vendor", title = "Vendor", type = "record-reference", config = new { targetObject = "vendors" } });

        var refused = await owner.Session.DeleteAsync("/api/v1/objects/vendors");

        var error = await refused.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.DoesNotContain("Hiring plan", error["message"]!.GetValue<string>());
        Assert.Contains("1 of private lists", error["message"]!.GetValue<string>());
        await owner.Session.GetOkAsync("/api/v1/objects/vendors");
    }

    [Fact]
    public async Task Every_list_route_is_404_for_another_workspace()
    {
        var owner = await api.SignUpAsync();
        var intruder = await api.SignUpAsync();
        var (intruderToken, _) = await intruder.CreateKeyAsync();
        using var intruderKey = api.WithKey(intruderToken);
        var list = await CreateListAsync(owner.Session);
        var attribute = (await owner.Session.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "stage", title = "Stage", type = "text" }))["id"]!.GetValue<Guid>();
        var person = await CreateRecordAsync(owner.Session, "people", new { name = "Ada" });
        var entry = (await AddEntryAsync(owner.Session, list, person))["id"]!.GetValue<Guid>();
        var intruderPerson = await CreateRecordAsync(intruder.Session, "people", new { name = "Intruder" });

        foreach (var response in new[]
        {
            await intruderKey.GetAsync($"/api/v1/lists/{list}"),
            await intruderKey.PatchAsync($"/api/v1/lists/{list}", new { name = "Hacked" }),
            await intruderKey.GetAsync($"/api/v1/lists/{list}/attributes"),
            await intruderKey.PostAsync($"/api/v1/lists/{list}/attributes", new { slug = "x", title = "X", type = "text" }),
            await intruderKey.PatchAsync($"/api/v1/lists/{list}/attributes", new { id = attribute, title = "Hacked" }),
            await intruderKey.DeleteAsync($"/api/v1/lists/{list}/attributes?id={attribute}"),
            await intruderKey.GetAsync($"/api/v1/lists/{list}/entries"),
            await intruderKey.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = intruderPerson }),
            await intruderKey.PatchAsync($"/api/v1/lists/{list}/entries/{entry}", new { values = new { stage = "x" } }),
            await intruderKey.DeleteAsync($"/api/v1/lists/{list}/entries/{entry}"),
            await intruderKey.GetAsync($"/api/v1/lists/{list}/available-records"),
            await intruderKey.DeleteAsync($"/api/v1/lists/{list}"),
        })
        {
            await response.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        Assert.Empty((await intruderKey.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray());
        var intact = await owner.Session.GetOkAsync($"/api/v1/lists/{list}/entries");
        Assert.Equal("Pipeline", (await owner.Session.GetOkAsync($"/api/v1/lists/{list}"))["name"]!.GetValue<string>());
        Assert.Null(intact["entries"]![0]!["values"]!["stage"]);
        Assert.Single((await owner.Session.GetOkAsync($"/api/v1/lists/{list}/attributes")).AsArray());
    }

    [Fact]
    public async Task A_read_key_reads_lists_and_cannot_write_them_and_a_write_key_can()
    {
        var user = await api.SignUpAsync();
        var (readToken, _) = await user.CreateKeyAsync(["integrations:read"]);
        var (writeToken, _) = await user.CreateKeyAsync(["integrations:write"]);
        using var reader = api.WithKey(readToken);
        using var writer = api.WithKey(writeToken);
        var person = await CreateRecordAsync(user.Session, "people", new { name = "Ada" });

        var list = await CreateListAsync(writer);
        var attribute = (await writer.PostOkAsync($"/api/v1/lists/{list}/attributes", new { slug = "stage", title = "Stage", type = "text" }))["id"]!.GetValue<Guid>();
        var entry = (await AddEntryAsync(writer, list, person, new { stage = "new" }))["id"]!.GetValue<Guid>();

        foreach (var response in new[]
        {
            await reader.PostAsync("/api/v1/lists", new { name = "No", objectSlug = "people" }),
            await reader.PatchAsync($"/api/v1/lists/{list}", new { name = "No" }),
            await reader.PostAsync($"/api/v1/lists/{list}/attributes", new { slug = "x", title = "X", type = "text" }),
            await reader.PatchAsync($"/api/v1/lists/{list}/attributes", new { id = attribute, title = "No" }),
            await reader.DeleteAsync($"/api/v1/lists/{list}/attributes?id={attribute}"),
            await reader.PostAsync($"/api/v1/lists/{list}/entries", new { recordId = person }),
            await reader.PatchAsync($"/api/v1/lists/{list}/entries/{entry}", new { values = new { stage = "no" } }),
            await reader.DeleteAsync($"/api/v1/lists/{list}/entries/{entry}"),
            await reader.DeleteAsync($"/api/v1/lists/{list}"),
        })
        {
            await response.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Single((await reader.GetOkAsync("/api/v1/lists"))["lists"]!.AsArray());
        Assert.Single((await reader.GetOkAsync($"/api/v1/lists/{list}/attributes")).AsArray());
        Assert.Equal("new", (await reader.GetOkAsync($"/api/v1/lists/{list}/entries"))["entries"]![0]!["values"]!["stage"]!.GetValue<string>());
        Assert.Empty((await reader.GetOkAsync($"/api/v1/lists/{list}/available-records"))["records"]!.AsArray());
        await writer.PatchOkAsync($"/api/v1/lists/{list}/entries/{entry}", new { values = new { stage = "won" } });
        Assert.Equal(HttpStatusCode.OK, (await writer.DeleteAsync($"/api/v1/lists/{list}")).StatusCode);
        using var anonymous = api.Anonymous();
        await (await anonymous.GetAsync("/api/v1/lists")).AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
