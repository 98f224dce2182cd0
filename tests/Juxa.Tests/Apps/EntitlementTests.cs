using System.Net;
using Juxa.Tests.Infrastructure;

namespace Juxa.Tests.Apps;

/// <summary>The ecosystem-builder entitlement: a workspace admin asks, the platform operator decides.</summary>
[Collection(ApiCollection.Name)]
public sealed class EntitlementTests(ApiFixture api)
{
    private static string PathOf(SignedUp user) => $"/api/v1/workspaces/{user.WorkspaceId}/ecosystem-builder-entitlement";

    private static string DecisionPath(Guid requestId) => $"/api/v1/platform/ecosystem-builder-entitlements/{requestId}/decision";

    [Fact]
    public async Task Request_is_pending_once_then_approved_by_the_operator_with_history()
    {
        var admin = await api.SignUpAsync();
        using var @operator = await api.OperatorAsync();

        var before = await admin.Session.GetOkAsync(PathOf(admin));
        var request = await admin.Session.PostOkAsync(PathOf(admin), new { note = "We build a docket app" });
        var second = await admin.Session.PostAsync(PathOf(admin), new { });
        var queue = await @operator.GetOkAsync("/api/v1/platform/ecosystem-builder-entitlements?limit=200");
        var decided = await @operator.PostOkAsync(DecisionPath(request["id"]!.GetValue<Guid>()), new { approved = true, reason = "Looks good" });
        var after = await admin.Session.GetOkAsync(PathOf(admin));
        var again = await admin.Session.PostAsync(PathOf(admin), new { });

        Assert.False(before["entitled"]!.GetValue<bool>());
        Assert.Empty(before["history"]!.AsArray());
        Assert.Equal("pending", request["status"]!.GetValue<string>());
        Assert.Equal(admin.MemberId, request["requestedByMemberId"]!.GetValue<Guid>());
        await second.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains(queue["requests"]!.AsArray(), r => r!["id"]!.GetValue<Guid>() == request["id"]!.GetValue<Guid>());
        Assert.Equal("approved", decided["status"]!.GetValue<string>());
        Assert.True(after["entitled"]!.GetValue<bool>());
        var entry = Assert.Single(after["history"]!.AsArray())!;
        Assert.Equal("approved", entry["status"]!.GetValue<string>());
        Assert.Equal("Looks good", entry["reason"]!.GetValue<string>());
        Assert.Equal("We build a docket app", entry["note"]!.GetValue<string>());
        Assert.NotNull(entry["decidedAt"]);
        await again.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task A_rejected_workspace_may_ask_again_and_a_decision_is_final()
    {
        var admin = await api.SignUpAsync();
        using var @operator = await api.OperatorAsync();
        var first = (await admin.Session.PostOkAsync(PathOf(admin), new { }))["id"]!.GetValue<Guid>();

        await @operator.PostOkAsync(DecisionPath(first), new { approved = false, reason = "Tell us more" });
        var redecide = await @operator.PostAsync(DecisionPath(first), new { approved = true });
        var rejected = await admin.Session.GetOkAsync(PathOf(admin));
        var retry = await admin.Session.PostAsync(PathOf(admin), new { note = "More detail" });
        var history = await admin.Session.GetOkAsync(PathOf(admin));

        await redecide.AssertErrorAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.False(rejected["entitled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(["pending", "rejected"], history["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Only_a_platform_operator_decides()
    {
        var admin = await api.SignUpAsync();
        var request = (await admin.Session.PostOkAsync(PathOf(admin), new { }))["id"]!.GetValue<Guid>();
        using var bootstrapKey = api.Bootstrap();

        var bySelf = await admin.Session.PostAsync(DecisionPath(request), new { approved = true });
        var byKey = await bootstrapKey.PostAsync(DecisionPath(request), new { approved = true });
        var queueBySelf = await admin.Session.GetAsync("/api/v1/platform/ecosystem-builder-entitlements");
        using var @operator = await api.OperatorAsync();
        var unknown = await @operator.PostAsync(DecisionPath(Guid.NewGuid()), new { approved = true });
        var missing = await @operator.PostAsync(DecisionPath(request), new { reason = "no verdict" });

        await bySelf.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await byKey.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await queueBySelf.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await unknown.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.False((await admin.Session.GetOkAsync(PathOf(admin)))["entitled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Another_workspace_is_404_and_members_and_keys_are_refused()
    {
        var admin = await api.SignUpAsync();
        var stranger = await api.SignUpAsync();
        var member = await api.AddMemberAsync(admin);
        var (keyToken, _) = await admin.CreateKeyAsync(["*"]);
        using var key = api.WithKey(keyToken);

        var otherGet = await stranger.Session.GetAsync(PathOf(admin));
        var otherPost = await stranger.Session.PostAsync(PathOf(admin), new { });
        var byMember = await member.Session.PostAsync(PathOf(admin), new { });
        var byKey = await key.GetAsync(PathOf(admin));

        await otherGet.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await otherPost.AssertErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await byMember.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await byKey.AssertErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Empty((await admin.Session.GetOkAsync(PathOf(admin)))["history"]!.AsArray());
    }
}
