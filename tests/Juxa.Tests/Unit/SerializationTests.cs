using Juxa.ApiKeys;
using Juxa.Errors;
using Juxa.Hosting;
using Juxa.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Juxa.Tests.Unit;

/// <summary>Types that cross grain boundaries survive the Orleans serializer with every field intact.</summary>
public sealed class SerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddJuxaSerialization().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void Api_key_decision_round_trips()
    {
        var decision = new ApiKeyDecision(ApiKeyOutcome.RateLimited, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, true, ["*", "integrations:read"], 300, 0, 42, 7);

        var copy = RoundTrip(decision);

        Assert.Equal(decision with { Scopes = copy.Scopes }, copy);
        Assert.Equal(decision.Scopes, copy.Scopes);
    }

    [Fact]
    public void Api_key_info_and_new_key_round_trip()
    {
        var info = new ApiKeyInfo(Guid.NewGuid(), "k", "oc_sk_abcdef", ["*"], Guid.NewGuid(), DateTimeOffset.UtcNow, null, DateTimeOffset.UtcNow, null, 5);
        var key = new NewApiKey(Guid.NewGuid(), "k", "oc_sk_abcdef", ["integrations:write"], null, DateTimeOffset.UtcNow.AddDays(1), null);

        Assert.Equal(info.Id, RoundTrip(info).Id);
        Assert.Equal(info.RateLimitPerMinute, RoundTrip(info).RateLimitPerMinute);
        Assert.Equal(key.ExpiresAt, RoundTrip(key).ExpiresAt);
        Assert.Equal(key.Scopes, RoundTrip(key).Scopes);
    }

    [Fact]
    public void Workspace_info_round_trips()
    {
        var workspace = new WorkspaceInfo(Guid.NewGuid(), "Acme", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        Assert.Equal(workspace, RoundTrip(workspace));
    }

    [Fact]
    public void Juxa_exception_keeps_status_code_message_and_details()
    {
        var error = JuxaException.Validation("bad", new Dictionary<string, string[]> { ["name"] = ["too long"] });

        var copy = RoundTrip(error);

        Assert.Equal((400, ErrorCodes.ValidationError, "bad"), (copy.Status, copy.Code, copy.Message));
        Assert.Equal(["too long"], copy.Details!["name"]);
    }
}
