using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Api;

/// <summary>
/// Answers of the API hold workspace data and, once, secrets (a new key's token, an invitation's, an embed token).
/// Without a cache directive a browser may keep a signed-in user's GETs in its disk cache, readable after sign-out on a
/// shared computer, and an intermediary may keep any of them. Every /api answer, errors included, says no-store.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiResponsesAreNotStoredTests(ApiFixture api)
{
    [Fact]
    public async Task Every_api_answer_says_no_store()
    {
        var user = await api.SignUpAsync();
        using var anonymous = api.Anonymous();

        var answers = new[]
        {
            await user.Session.GetAsync("/api/v1/workspace-members"),
            await user.Session.PostAsync("/api/v1/api-keys", new { name = "cached?" }),
            await user.Session.PostAsync("/api/v1/workspace-members", new { email = $"invitee-{Guid.NewGuid():N}@example.com" }),
            await user.Session.GetAsync($"/api/v1/tasks/{Guid.NewGuid()}"),
            await user.Session.PostAsync("/api/v1/objects/people/records", new { values = new { nope = 1 } }),
            await anonymous.GetAsync("/api/v1/workspace"),
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized],
            answers.Select(a => a.StatusCode));
        Assert.All(answers, a => Assert.True(a.Headers.CacheControl?.NoStore, $"{a.RequestMessage!.Method} {a.RequestMessage.RequestUri}: Cache-Control {a.Headers.CacheControl}"));
    }
}
