using System.Net;
using Juxa.Database;
using Juxa.Identity;
using Juxa.Tests.Apps;
using Juxa.Tests.Infrastructure;
using Npgsql;

namespace Juxa.Tests.Api;

/// <summary>
/// A member creates an API key, mints an embed token, creates a list or starts a conversation (the last through its grain)
/// while an admin removes them. The removal locks the member's row
/// and then deletes it; the key's or token's insert checks its foreign key against that row, waits for the removal and
/// finds the row gone (the list's and conversation's rows name their member the same way). The request must lose as every later one with that credential does (<c>401</c>, nothing written),
/// not as a server error. The removal is played by this test's own transaction, which locks the row as
/// <c>MembershipService.RemoveAsync</c> does and deletes it once the insert waits for it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MemberRemovalCredentialRaceTests(ApiFixture api)
{
    [Fact]
    public async Task Creating_an_api_key_while_being_removed_is_401_and_leaves_no_key()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner, role: "admin");

        var response = await WhileBeingRemovedAsync(leaver.MemberId, "api_keys",
            () => leaver.Session.PostAsync("/api/v1/api-keys", new { name = "made while leaving" }));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var keys = await owner.Session.GetOkAsync("/api/v1/api-keys");
        Assert.DoesNotContain(keys["apiKeys"]!.AsArray(), k => k!["name"]!.GetValue<string>() == "made while leaving");
    }

    [Fact]
    public async Task Minting_an_embed_token_while_being_removed_is_401_and_leaves_no_token()
    {
        var app = await api.EmbeddedAppAsync(["crm:read"]);
        var leaver = await api.AddMemberAsync(app.Admin);

        var response = await WhileBeingRemovedAsync(leaver.MemberId, "embed_tokens",
            () => leaver.Session.PostAsync($"/api/v1/apps/installations/{app.InstallationId}/embed-sessions", new { }));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await using var db = api.Database.CreateDataSource();
        Assert.Equal(0L, await db.Command("SELECT count(*) FROM embed_tokens WHERE member_id = $1", leaver.MemberId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), CancellationToken.None));
    }

    [Fact]
    public async Task Creating_a_list_while_being_removed_is_401_and_leaves_no_list()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);

        var response = await WhileBeingRemovedAsync(leaver.MemberId, "lists",
            () => leaver.Session.PostAsync("/api/v1/lists", new { name = "made while leaving", objectSlug = "people" }));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var lists = await owner.Session.GetOkAsync("/api/v1/lists");
        Assert.DoesNotContain(lists["lists"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "made while leaving");
    }

    [Fact]
    public async Task Starting_a_conversation_while_being_removed_is_401_through_the_grain_and_leaves_none()
    {
        var owner = await api.SignUpAsync();
        var leaver = await api.AddMemberAsync(owner);

        var response = await WhileBeingRemovedAsync(leaver.MemberId, "chat_conversations",
            () => leaver.Session.PostAsync("/api/v1/chat/conversations", new { }));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await using var db = api.Database.CreateDataSource();
        Assert.Equal(0L, await db.Command("SELECT count(*) FROM chat_conversations WHERE member_id = $1", leaver.MemberId)
            .FirstOrDefaultAsync(r => r.GetInt64(0), CancellationToken.None));
    }

    [Fact]
    public async Task Every_key_the_race_maps_is_a_foreign_key_to_workspace_members()
    {
        // The names are written by hand from the migrations: a renamed table or column must not silently turn the race
        // back into a 500 for the writes no test above races.
        await using var db = api.Database.CreateDataSource();
        var memberKeys = await db.Command("SELECT conname::text FROM pg_constraint WHERE contype = 'f' AND confrelid = 'workspace_members'::regclass")
            .ListAsync(r => r.GetString(0), CancellationToken.None);

        Assert.Subset(memberKeys.ToHashSet(), RemovedMemberRace.CallerMemberKeys.ToHashSet());
    }

    /// <summary>
    /// Locks the member's row, sends the request, waits until its insert into <paramref name="table"/> waits for that
    /// row, then deletes the row and commits; returns the request's answer.
    /// </summary>
    private async Task<HttpResponseMessage> WhileBeingRemovedAsync(Guid memberId, string table, Func<Task<HttpResponseMessage>> send)
    {
        await using var db = api.Database.CreateDataSource();
        await using var removal = await db.OpenConnectionAsync();
        await using var transaction = await removal.BeginTransactionAsync();
        await removal.ExecuteAsync("SELECT 1 FROM workspace_members WHERE id = $1 FOR UPDATE", CancellationToken.None, memberId);

        var request = send();
        await LockWaits.UntilAStatementWaitsAsync(db, $"%INSERT INTO {table}%", request);
        await removal.ExecuteAsync("DELETE FROM workspace_members WHERE id = $1", CancellationToken.None, memberId);
        await transaction.CommitAsync();
        return await request;
    }
}
