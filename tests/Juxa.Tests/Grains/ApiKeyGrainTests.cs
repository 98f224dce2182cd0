using Juxa.ApiKeys;
using Juxa.Errors;
using Juxa.Security;

namespace Juxa.Tests.Grains;

[Collection(GrainCollection.Name)]
public sealed class ApiKeyGrainTests(GrainClusterFixture fixture)
{
    private async Task<(IApiKeyGrain Grain, ApiKeyInfo Info, Guid WorkspaceId, Guid MemberId)> CreateKeyAsync(
        string[] scopes, int? limit = null, string role = MemberRoles.Admin, DateTimeOffset? expiresAt = null)
    {
        var (workspaceId, memberId) = await TestWorkspaces.CreateAsync(fixture.Db, role);
        var token = SecretTokens.Generate(SecretTokens.ApiKeyPrefix);
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(SecretTokens.HashHex(token));
        var info = await grain.CreateAsync(new NewApiKey(workspaceId, "grain test", SecretTokens.DisplayPrefix(token), scopes, memberId, expiresAt, limit));
        return (grain, info, workspaceId, memberId);
    }

    /// <summary>A host's decision cache as the grain sees it: records what it was told to evict.</summary>
    private sealed class RecordingCache : IApiKeyDecisionCache
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Evicted { get; } = new();

        public Task EvictAsync(string keyHash)
        {
            Evicted.Enqueue(keyHash);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task An_allowed_key_carries_its_workspace_member_and_scopes()
    {
        var (grain, info, workspaceId, memberId) = await CreateKeyAsync([Scopes.Read, Scopes.Write]);

        var decision = await grain.AuthorizeAsync();

        Assert.Equal(ApiKeyOutcome.Allowed, decision.Outcome);
        Assert.Equal(info.Id, decision.KeyId);
        Assert.Equal(workspaceId, decision.WorkspaceId);
        Assert.Equal(memberId, decision.MemberId);
        Assert.Equal([Scopes.Read, Scopes.Write], decision.Scopes);
        Assert.False(decision.ActsAsAdmin);
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("member", false)]
    public async Task A_star_key_acts_as_admin_only_if_its_creator_is_one(string role, bool admin)
    {
        var (grain, _, _, _) = await CreateKeyAsync([Scopes.All], role: role);

        var decision = await grain.AuthorizeAsync();

        Assert.Equal(admin, decision.ActsAsAdmin);
    }

    [Fact]
    public async Task The_key_limit_refuses_the_request_after_the_last_allowed_one()
    {
        var (grain, _, _, _) = await CreateKeyAsync([Scopes.All], limit: 2);

        var first = await grain.AuthorizeAsync();
        var second = await grain.AuthorizeAsync();
        var third = await grain.AuthorizeAsync();

        Assert.Equal((ApiKeyOutcome.Allowed, 1), (first.Outcome, first.Remaining));
        Assert.Equal((ApiKeyOutcome.Allowed, 0), (second.Outcome, second.Remaining));
        Assert.Equal(ApiKeyOutcome.RateLimited, third.Outcome);
        Assert.InRange(third.RetryAfterSeconds, 1, 60);
        Assert.Equal(2, third.Limit);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_and_stays_revoked_after_reactivation()
    {
        var (grain, _, _, _) = await CreateKeyAsync([Scopes.All]);

        await grain.RevokeAsync();
        var decision = await grain.AuthorizeAsync();

        Assert.Equal(ApiKeyOutcome.Revoked, decision.Outcome);
        Assert.Equal(Guid.Empty, decision.WorkspaceId);
    }

    [Fact]
    public async Task Only_an_unlimited_keys_decision_may_be_reused_and_for_seconds()
    {
        var cache = new RecordingCache();
        var reference = fixture.Grains.CreateObjectReference<IApiKeyDecisionCache>(cache);
        var (unlimited, _, _, _) = await CreateKeyAsync([Scopes.All], limit: 0);
        var (limited, _, _, _) = await CreateKeyAsync([Scopes.All], limit: 100);

        var before = DateTimeOffset.UtcNow;
        var shared = await unlimited.AuthorizeForCacheAsync(reference);
        var counted = await limited.AuthorizeForCacheAsync(reference);
        var direct = await unlimited.AuthorizeAsync();

        Assert.Equal((ApiKeyOutcome.Allowed, 0), (shared.Outcome, shared.Limit));
        Assert.InRange(shared.CacheUntil!.Value, before + ApiKeyGrain.CacheDecisionsFor - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + ApiKeyGrain.CacheDecisionsFor);
        // Every request of a limited key is counted by the grain, so none may be answered from a cache.
        Assert.Equal((ApiKeyOutcome.Allowed, 100, 99), (counted.Outcome, counted.Limit, counted.Remaining));
        Assert.Null(counted.CacheUntil);
        Assert.Null(direct.CacheUntil);
        fixture.Grains.DeleteObjectReference<IApiKeyDecisionCache>(reference);
        GC.KeepAlive(cache);
    }

    [Fact]
    public async Task A_reusable_decision_never_outlives_the_key()
    {
        var cache = new RecordingCache();
        var reference = fixture.Grains.CreateObjectReference<IApiKeyDecisionCache>(cache);
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var (grain, _, _, _) = await CreateKeyAsync([Scopes.All], limit: 0, expiresAt: expiresAt);

        var decision = await grain.AuthorizeForCacheAsync(reference);

        Assert.Equal(ApiKeyOutcome.Allowed, decision.Outcome);
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), decision.CacheUntil!.Value.ToUnixTimeMilliseconds(), tolerance: 1);
        fixture.Grains.DeleteObjectReference<IApiKeyDecisionCache>(reference);
        GC.KeepAlive(cache);
    }

    [Fact]
    public async Task Revoking_evicts_the_decision_from_every_cache_that_holds_it_before_it_returns()
    {
        var (first, second, bystander) = (new RecordingCache(), new RecordingCache(), new RecordingCache());
        var references = new[] { first, second, bystander }.Select(fixture.Grains.CreateObjectReference<IApiKeyDecisionCache>).ToArray();
        var token = SecretTokens.Generate(SecretTokens.ApiKeyPrefix);
        var (workspaceId, memberId) = await TestWorkspaces.CreateAsync(fixture.Db, MemberRoles.Admin);
        var hash = SecretTokens.HashHex(token);
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(hash);
        await grain.CreateAsync(new NewApiKey(workspaceId, "cached", SecretTokens.DisplayPrefix(token), [Scopes.All], memberId, null, 0));
        var (other, _, _, _) = await CreateKeyAsync([Scopes.All], limit: 0);
        await grain.AuthorizeForCacheAsync(references[0]);
        await grain.AuthorizeForCacheAsync(references[1]);
        await other.AuthorizeForCacheAsync(references[2]);

        await grain.RevokeAsync();
        var after = await grain.AuthorizeForCacheAsync(references[0]);

        Assert.Equal([hash], first.Evicted);
        Assert.Equal([hash], second.Evicted);
        Assert.Empty(bystander.Evicted);
        Assert.Equal(ApiKeyOutcome.Revoked, after.Outcome);
        Assert.Null(after.CacheUntil);
        foreach (var reference in references)
        {
            fixture.Grains.DeleteObjectReference<IApiKeyDecisionCache>(reference);
        }
    }

    [Fact]
    public async Task An_unknown_hash_is_unknown()
    {
        var grain = fixture.Grains.GetGrain<IApiKeyGrain>(SecretTokens.HashHex("oc_sk_nobody_has_this_token_0123456789"));

        var decision = await grain.AuthorizeAsync();

        Assert.Equal(ApiKeyOutcome.Unknown, decision.Outcome);
    }

    [Fact]
    public async Task Creating_a_key_twice_under_one_hash_is_a_conflict_that_crosses_the_wire_intact()
    {
        var (grain, _, workspaceId, memberId) = await CreateKeyAsync([Scopes.All]);

        var error = await Assert.ThrowsAsync<JuxaException>(() =>
            grain.CreateAsync(new NewApiKey(workspaceId, "again", "oc_sk_again", [Scopes.All], memberId, null, null)));

        Assert.Equal(409, error.Status);
        Assert.Equal(ErrorCodes.Conflict, error.Code);
    }
}
