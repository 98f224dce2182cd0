using Juxa.ApiKeys;
using Juxa.Apps;
using Juxa.Handoffs;
using Juxa.Hosting;
using Juxa.Missions;
using Juxa.Records;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Juxa.Tests.Missions;

/// <summary>The handoff, embed-token and mission types that cross grain boundaries survive the Orleans serializer with every field.</summary>
public sealed class MissionSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddJuxaSerialization().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void A_whole_case_file_round_trips()
    {
        var at = DateTimeOffset.UtcNow;
        var mission = new MissionView(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new Actor(Actor.ApiKey, Guid.NewGuid()), "Title", "Objective",
            [Guid.NewGuid()], MissionStatus.Running,
            [new MissionStep(1, "Look up", MissionStatus.Completed, "found", [new MissionToolCall("search_records", """{"query":"x"}""", true)], 2, at, at)],
            [new MissionLogEntry(at, "resumed", 1, "Resumed.")], "report", null, new MissionUsage(10, 20), at, at, at, null) { MemberId = Guid.NewGuid() };

        var copy = RoundTrip(mission);

        Assert.Equal(mission.MemberId, copy.MemberId);
        Assert.Equal(mission.RecordIds, copy.RecordIds);
        Assert.Equal(mission.Steps[0] with { ToolCalls = copy.Steps[0].ToolCalls }, copy.Steps[0]);
        Assert.Equal(mission.Steps[0].ToolCalls, copy.Steps[0].ToolCalls);
        Assert.Equal(mission.Log, copy.Log);
        Assert.Equal(mission with { RecordIds = copy.RecordIds, Steps = copy.Steps, Log = copy.Log }, copy);
    }

    [Fact]
    public void Handoff_and_embed_token_messages_round_trip()
    {
        var handoff = new NewHandoff(Guid.NewGuid(), Guid.NewGuid(), null, """{"docPlain":"x","v":1}""");
        var minted = new MintedHandoff(Guid.NewGuid(), DateTimeOffset.UtcNow);
        var token = new NewEmbedToken(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), [AppScopes.CrmRead, AppScopes.Chat], DateTimeOffset.UtcNow);
        var decision = new EmbedTokenDecision(new ApiKeyDecision(ApiKeyOutcome.Allowed, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), false,
            [AppScopes.CrmWrite], 300, 299, 60, 0), Guid.NewGuid());
        var mission = new NewMission(Guid.NewGuid(), null, new Actor(Actor.Member, Guid.NewGuid()), Guid.NewGuid(), "t", "o", [Guid.NewGuid()]);

        Assert.Equal(handoff, RoundTrip(handoff));
        Assert.Equal(minted, RoundTrip(minted));
        var tokenCopy = RoundTrip(token);
        Assert.Equal(token.Scopes, tokenCopy.Scopes);
        Assert.Equal(token with { Scopes = tokenCopy.Scopes }, tokenCopy);
        Assert.Equal(decision.InstallationId, RoundTrip(decision).InstallationId);
        Assert.Equal(decision.Access.Scopes, RoundTrip(decision).Access.Scopes);
        Assert.Equal(mission.RecordIds, RoundTrip(mission).RecordIds);
        Assert.Equal(mission.CreatedBy, RoundTrip(mission).CreatedBy);
    }
}
