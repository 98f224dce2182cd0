using System.Net;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class NotesTasksTests(ApiFixture api)
{
    private static async Task<Guid> CreateRecordAsync(SignedUp user, string slug, object values) =>
        (await user.Session.PostOkAsync($"/api/v1/objects/{slug}/records", new { values }))["id"]!.GetValue<Guid>();

    [Fact]
    public async Task Notes_are_stored_as_given_and_appear_on_the_record_and_its_feed()
    {
        var user = await api.SignUpAsync();
        var person = await CreateRecordAsync(user, "people", new { name = "Noted Person" });
        const string markdown = "# Call summary\n<script>alert('x')</script> **bold**";

        var note = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "Call", content = markdown });
        var onRecord = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/notes");
        var all = await user.Session.GetOkAsync("/api/v1/notes");
        var patched = await user.Session.PatchOkAsync($"/api/v1/notes/{note["id"]}", new { title = "Call (edited)" });
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity");

        Assert.Equal(markdown, note["content"]!.GetValue<string>());
        Assert.Equal("people", note["object"]!.GetValue<string>());
        Assert.Single(onRecord["notes"]!.AsArray());
        Assert.Equal(1, all["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal("Call (edited)", patched["title"]!.GetValue<string>());
        Assert.Equal(markdown, patched["content"]!.GetValue<string>());
        Assert.Equal(["note_updated", "note_created", "created"], activity["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Note_routes_are_404_across_workspaces_and_objects()
    {
        var a = await api.SignUpAsync();
        var b = await api.SignUpAsync();
        var person = await CreateRecordAsync(a, "people", new { name = "A's" });
        var note = await a.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { content = "secret" });

        await (await b.Session.GetAsync($"/api/v1/notes/{note["id"]}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await b.Session.PatchAsync($"/api/v1/notes/{note["id"]}", new { content = "x" })).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await b.Session.DeleteAsync($"/api/v1/notes/{note["id"]}")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await b.Session.PostAsync($"/api/v1/objects/people/records/{person}/notes", new { content = "x" })).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await a.Session.GetAsync($"/api/v1/objects/companies/records/{person}/notes")).AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, (await b.Session.GetOkAsync("/api/v1/notes"))["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal("secret", (await a.Session.GetOkAsync($"/api/v1/notes/{note["id"]}"))["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_empty_note_is_400()
    {
        var user = await api.SignUpAsync();
        var person = await CreateRecordAsync(user, "people", new { name = "P" });

        await (await user.Session.PostAsync($"/api/v1/objects/people/records/{person}/notes", new { title = " " }))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_note_patch_cannot_leave_it_blank_and_one_that_changes_nothing_writes_nothing()
    {
        var user = await api.SignUpAsync();
        var person = await CreateRecordAsync(user, "people", new { name = "P" });
        var note = await user.Session.PostOkAsync($"/api/v1/objects/people/records/{person}/notes", new { title = "Call", content = "Body" });

        var blank = await user.Session.PatchAsync($"/api/v1/notes/{note["id"]}", new { title = "   ", content = "" });
        var same = await user.Session.PatchOkAsync($"/api/v1/notes/{note["id"]}", new { title = "Call" });
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/people/records/{person}/activity");

        await blank.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("Body", same["content"]!.GetValue<string>());
        Assert.Equal(note["updatedAt"]!.GetValue<string>(), same["updatedAt"]!.GetValue<string>());
        Assert.Equal(["note_created", "created"], activity["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_task_patch_that_changes_nothing_writes_nothing()
    {
        var user = await api.SignUpAsync();
        var deal = await CreateRecordAsync(user, "deals", new { name = "D" });
        var task = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Call back", deadline = "2027-01-01T09:00:00Z", recordIds = new[] { deal } });
        var completed = await user.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]}", new { isCompleted = true });

        var again = await user.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]}", new { isCompleted = true, content = "Call back", deadline = "2027-01-01T10:00:00+01:00" });
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/deals/records/{deal}/activity");

        Assert.Equal(completed["updatedAt"]!.GetValue<string>(), again["updatedAt"]!.GetValue<string>());
        Assert.Equal(completed["completedAt"]!.GetValue<string>(), again["completedAt"]!.GetValue<string>());
        Assert.Equal(["task_completed", "task_created", "created"], activity["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Notes_and_tasks_racing_a_record_delete_are_created_or_refused_never_500()
    {
        var user = await api.SignUpAsync();
        for (var round = 0; round < 20; round++)
        {
            var person = await CreateRecordAsync(user, "people", new { name = $"Doomed {round}" });

            var writes = Enumerable.Range(0, 8).Select(i => i % 2 == 0
                    ? user.Session.PostAsync($"/api/v1/objects/people/records/{person}/notes", new { content = $"note {i}" })
                    : user.Session.PostAsync("/api/v1/tasks", new { content = $"task {i}", recordIds = new[] { person } }))
                .ToList();
            var delete = user.Session.DeleteAsync($"/api/v1/objects/people/records/{person}");
            var responses = await Task.WhenAll(writes.Append(delete));

            Assert.Equal(HttpStatusCode.OK, responses[^1].StatusCode);
            Assert.All(responses[..^1], r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.NotFound, HttpStatusCode.BadRequest }));
            var tasks = await user.Session.GetOkAsync("/api/v1/tasks?limit=200");
            Assert.DoesNotContain(tasks["tasks"]!.AsArray(), t => t!["recordIds"]!.AsArray().Any(id => id!.GetValue<Guid>() == person));
        }
    }

    [Fact]
    public async Task Tasks_link_records_and_assignees_and_hide_when_completed()
    {
        var user = await api.SignUpAsync();
        var company = await CreateRecordAsync(user, "companies", new { name = "Tasked Co" });

        var task = await user.Session.PostOkAsync("/api/v1/tasks",
            new { content = "Send the engagement letter", deadline = "2026-12-24T17:00:00+01:00", recordIds = new[] { company }, assigneeIds = new[] { user.MemberId } });
        var open = await user.Session.GetOkAsync("/api/v1/tasks");
        var completed = await user.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]}", new { isCompleted = true });
        var openAfter = await user.Session.GetOkAsync("/api/v1/tasks");
        var all = await user.Session.GetOkAsync("/api/v1/tasks?showCompleted=true");
        var onRecord = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/tasks?showCompleted=true");
        var activity = await user.Session.GetOkAsync($"/api/v1/objects/companies/records/{company}/activity");

        Assert.Equal(DateTimeOffset.Parse("2026-12-24T16:00:00Z"), task["deadline"]!.GetValue<DateTimeOffset>());
        Assert.Equal([company], task["recordIds"]!.AsArray().Select(r => r!.GetValue<Guid>()));
        Assert.Single(open["tasks"]!.AsArray());
        Assert.True(completed["isCompleted"]!.GetValue<bool>());
        Assert.NotNull(completed["completedAt"]);
        Assert.Empty(openAfter["tasks"]!.AsArray());
        Assert.Single(all["tasks"]!.AsArray());
        Assert.Single(onRecord["tasks"]!.AsArray());
        Assert.Equal(["task_completed", "task_created", "created"], activity["activity"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_deadline_can_be_cleared_and_content_kept()
    {
        var user = await api.SignUpAsync();
        var task = await user.Session.PostOkAsync("/api/v1/tasks", new { content = "Keep me", deadline = "2027-01-01" });

        var cleared = await user.Session.SendRawAsync(HttpMethod.Patch, $"/api/v1/tasks/{task["id"]}", """{"deadline": null}""", "application/json");
        var body = await JuxaClient.DataAsync(cleared, HttpStatusCode.OK);

        Assert.Null(body["deadline"]);
        Assert.Equal("Keep me", body["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"content": ""}""", "content")]
    [InlineData("""{"content": "x", "deadline": "next tuesday"}""", "deadline")]
    [InlineData("""{"content": "x", "assigneeIds": ["00000000-0000-0000-0000-000000000001"]}""", "assigneeIds")]
    [InlineData("""{"content": "x", "recordIds": ["00000000-0000-0000-0000-000000000001"]}""", "recordIds")]
    public async Task Invalid_tasks_are_400_naming_the_field(string body, string field)
    {
        var user = await api.SignUpAsync();

        var error = await (await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/tasks", body, "application/json"))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.NotNull(error["details"]![field]);
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/tasks"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Assignees_and_records_of_another_workspace_are_refused()
    {
        var a = await api.SignUpAsync();
        var b = await api.SignUpAsync();
        var bRecord = await CreateRecordAsync(b, "people", new { name = "B" });

        var foreignMember = await a.Session.PostAsync("/api/v1/tasks", new { content = "x", assigneeIds = new[] { b.MemberId } });
        var foreignRecord = await a.Session.PostAsync("/api/v1/tasks", new { content = "x", recordIds = new[] { bRecord } });

        await foreignMember.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await foreignRecord.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Assigning_a_task_notifies_the_assignee_and_completing_it_notifies_the_record_owner()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        var deal = await CreateRecordAsync(owner, "deals", new { name = "Big one" });

        var task = await owner.Session.PostOkAsync("/api/v1/tasks", new { content = "Chase the signature", recordIds = new[] { deal }, assigneeIds = new[] { colleague.MemberId } });
        var colleagueInbox = await colleague.Session.GetOkAsync("/api/v1/notifications?unreadOnly=true");
        await colleague.Session.PatchOkAsync($"/api/v1/tasks/{task["id"]}", new { isCompleted = true });
        var ownerInbox = await owner.Session.GetOkAsync("/api/v1/notifications");

        var assigned = Assert.Single(colleagueInbox["notifications"]!.AsArray())!;
        Assert.Equal("task_assigned", assigned["kind"]!.GetValue<string>());
        Assert.Equal(task["id"]!.GetValue<Guid>(), assigned["taskId"]!.GetValue<Guid>());
        Assert.Equal(1, colleagueInbox["unread"]!.GetValue<int>());
        var done = Assert.Single(ownerInbox["notifications"]!.AsArray())!;
        Assert.Equal("task_completed", done["kind"]!.GetValue<string>());
        Assert.Equal(deal, done["recordId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_notification_shortens_a_long_task_without_splitting_an_emoji()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        var content = new string('x', 196) + "\U0001F600 and the rest of a long task";

        var task = await owner.Session.PostOkAsync("/api/v1/tasks", new { content, assigneeIds = new[] { colleague.MemberId } });
        var inbox = await colleague.Session.GetOkAsync("/api/v1/notifications");

        Assert.Equal(content, task["content"]!.GetValue<string>());
        Assert.Equal(new string('x', 196) + "...", Assert.Single(inbox["notifications"]!.AsArray())!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Notifications_are_marked_read_one_by_one_or_all_at_once_and_are_private()
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        for (var i = 0; i < 3; i++)
        {
            await owner.Session.PostOkAsync("/api/v1/tasks", new { content = $"Task {i}", assigneeIds = new[] { colleague.MemberId } });
        }

        var inbox = await colleague.Session.GetOkAsync("/api/v1/notifications");
        var first = inbox["notifications"]![0]!["id"]!.GetValue<Guid>();
        var foreign = await owner.Session.PatchAsync($"/api/v1/notifications/{first}", new { });
        var read = await colleague.Session.PatchOkAsync($"/api/v1/notifications/{first}", new { });
        var afterOne = await colleague.Session.GetOkAsync("/api/v1/notifications?unreadOnly=true");
        var all = await colleague.Session.PostOkAsync("/api/v1/notifications/mark-all-read", new { });
        var afterAll = await colleague.Session.GetOkAsync("/api/v1/notifications?unreadOnly=true");

        await foreign.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotNull(read["readAt"]);
        Assert.Equal(2, afterOne["notifications"]!.AsArray().Count);
        Assert.Equal(2, all["updated"]!.GetValue<int>());
        Assert.Empty(afterAll["notifications"]!.AsArray());
        Assert.Equal(3, (await colleague.Session.GetOkAsync("/api/v1/notifications"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("integrations:read", HttpStatusCode.Forbidden)]
    [InlineData("integrations:write", HttpStatusCode.Created)]
    public async Task Task_and_note_writes_need_write_access(string scope, HttpStatusCode expected)
    {
        var user = await api.SignUpAsync();
        var person = await CreateRecordAsync(user, "people", new { name = "P" });
        var (token, _) = await user.CreateKeyAsync([scope]);
        using var key = api.WithKey(token);

        Assert.Equal(expected, (await key.PostAsync("/api/v1/tasks", new { content = "x" })).StatusCode);
        Assert.Equal(expected, (await key.PostAsync($"/api/v1/objects/people/records/{person}/notes", new { content = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/v1/notes")).StatusCode);
    }
}
