using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// An endpoint that takes no body refuses one with fields, as body endpoints refuse a field they do not take (UnknownFieldTests):
/// before, <c>{"read": false}</c> on a notification was ignored and the notification marked read anyway. No body and <c>{}</c> still work.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoBodyTests(ApiFixture api)
{
    private const string Json = "application/json";

    private static async Task AssertUnknownFieldAsync(HttpResponseMessage response, string field)
    {
        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal($"Unknown field '{field}': this endpoint does not take it.", error["message"]!.GetValue<string>());
        Assert.Equal(["Unknown field."], error["details"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    /// <summary>A colleague of a new workspace with <paramref name="count"/> unread notifications (tasks assigned to them).</summary>
    private async Task<SignedUp> ColleagueWithNotificationsAsync(int count)
    {
        var owner = await api.SignUpAsync();
        var colleague = await api.AddMemberAsync(owner);
        for (var i = 0; i < count; i++)
        {
            await owner.Session.PostOkAsync("/api/v1/tasks", new { content = $"Task {i}", assigneeIds = new[] { colleague.MemberId } });
        }

        return colleague;
    }

    private static async Task<long> UnreadAsync(SignedUp user) => (await user.Session.GetOkAsync("/api/v1/notifications"))["unread"]!.GetValue<long>();

    [Fact]
    public async Task Marking_a_notification_read_with_fields_is_400_and_leaves_it_unread()
    {
        var colleague = await ColleagueWithNotificationsAsync(1);
        var id = (await colleague.Session.GetOkAsync("/api/v1/notifications"))["notifications"]![0]!["id"]!.GetValue<Guid>();

        var response = await colleague.Session.SendRawAsync(HttpMethod.Patch, $"/api/v1/notifications/{id}", """{"read": false}""", Json);

        await AssertUnknownFieldAsync(response, "read");
        Assert.Equal(1, await UnreadAsync(colleague));
    }

    [Fact]
    public async Task Mark_all_read_with_fields_is_400_and_marks_nothing()
    {
        var colleague = await ColleagueWithNotificationsAsync(2);

        var response = await colleague.Session.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/mark-all-read", """{"before": "2020-01-01T00:00:00Z"}""", Json);

        await AssertUnknownFieldAsync(response, "before");
        Assert.Equal(2, await UnreadAsync(colleague));
    }

    [Fact]
    public async Task Creating_a_conversation_with_fields_is_400_and_creates_none()
    {
        var user = await api.SignUpAsync();

        var response = await user.Session.SendRawAsync(HttpMethod.Post, "/api/v1/chat/conversations", """{"title": "Mine"}""", Json);

        await AssertUnknownFieldAsync(response, "title");
        Assert.Equal(0, (await user.Session.GetOkAsync("/api/v1/chat/conversations"))["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Consuming_a_handoff_with_fields_is_400_and_does_not_burn_it()
    {
        var user = await api.SignUpAsync();
        var minted = await user.Session.PostOkAsync("/api/v1/integrations/juxa-docs-handoff", new { docPlain = "hello" });
        var token = Uri.UnescapeDataString(new Uri(minted["handoffUrl"]!.GetValue<string>()).Query.Split('&')[0]["?handoff=".Length..]);
        var path = $"/api/v1/integrations/juxa-docs-handoff/{Uri.EscapeDataString(token)}/consume";

        var refused = await user.Session.SendRawAsync(HttpMethod.Post, path, """{"keep": true}""", Json);
        var consumed = await user.Session.PostOkAsync(path, new { });

        await AssertUnknownFieldAsync(refused, "keep");
        Assert.Equal("hello", consumed["payload"]!["docPlain"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_delete_with_fields_is_400_and_deletes_nothing()
    {
        var user = await api.SignUpAsync();
        var id = (await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { job_title = "Counsel" } }))["id"]!.GetValue<Guid>();
        var path = $"/api/v1/objects/people/records/{id}";

        var response = await user.Session.SendRawAsync(HttpMethod.Delete, path, """{"soft": true}""", Json);

        await AssertUnknownFieldAsync(response, "soft");
        await user.Session.GetOkAsync(path);
    }

    [Fact]
    public async Task No_body_an_empty_body_an_empty_object_and_null_are_taken()
    {
        var colleague = await ColleagueWithNotificationsAsync(4);
        var ids = (await colleague.Session.GetOkAsync("/api/v1/notifications"))["notifications"]!.AsArray().Select(n => n!["id"]!.GetValue<Guid>()).ToArray();

        var none = await colleague.Session.Http.PatchAsync($"/api/v1/notifications/{ids[0]}", content: null);
        var empty = await colleague.Session.SendRawAsync(HttpMethod.Patch, $"/api/v1/notifications/{ids[1]}", "", Json);
        var emptyObject = await colleague.Session.SendRawAsync(HttpMethod.Patch, $"/api/v1/notifications/{ids[2]}", " { } ", Json);
        var jsonNull = await colleague.Session.SendRawAsync(HttpMethod.Patch, $"/api/v1/notifications/{ids[3]}", "null", Json);

        foreach (var response in new[] { none, empty, emptyObject, jsonNull })
        {
            Assert.NotNull((await JuxaClient.DataAsync(response, HttpStatusCode.OK))["readAt"]);
        }

        Assert.Equal(0, await UnreadAsync(colleague));
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_400_invalid_json_and_a_bearer_text_body_415()
    {
        var user = await api.SignUpAsync();
        var (token, _) = await user.CreateKeyAsync();
        using var key = api.WithKey(token);

        var array = await key.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/mark-all-read", "[]", Json);
        var malformed = await key.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/mark-all-read", "{", Json);
        var text = await key.SendRawAsync(HttpMethod.Post, "/api/v1/notifications/mark-all-read", "read=false", "text/plain");

        await array.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");
        await malformed.AssertErrorAsync(HttpStatusCode.BadRequest, "INVALID_JSON");
        await text.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await key.PostOkAsync("/api/v1/notifications/mark-all-read", new { });
    }
}
