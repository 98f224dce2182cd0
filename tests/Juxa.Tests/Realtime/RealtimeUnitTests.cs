using System.Reflection;
using System.Text.Json.Nodes;
using Juxa.Api.Realtime;
using Juxa.Hosting;
using Juxa.Realtime;
using Juxa.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;

namespace Juxa.Tests.Realtime;

/// <summary>The pieces of real-time delivery that need no cluster: change detection, group names, membership, the wire types.</summary>
public sealed class RealtimeUnitTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddJuxaSerialization().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void Changed_attributes_are_those_added_removed_or_changed_in_ordinal_order()
    {
        var before = JsonNode.Parse("""{"name": {"first": "Ada"}, "tags": ["a", "b"], "gone": 1, "same": "x"}""")!.AsObject();
        var after = JsonNode.Parse("""{"name": {"first": "Ada"}, "tags": ["b", "a"], "new": true, "same": "x"}""")!.AsObject();

        Assert.Equal(["gone", "new", "tags"], RealtimeChanges.Between(before, after));
        Assert.Empty(RealtimeChanges.Between(before, (JsonObject)before.DeepClone()));
    }

    [Fact]
    public void Object_groups_include_the_workspace_because_slugs_repeat_across_workspaces()
    {
        var (a, b, record) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var e = RealtimeEvent.Create(RealtimeEventTypes.NoteCreated, a, "people", record, new Actor(Actor.Member, Guid.NewGuid()));

        Assert.NotEqual(RealtimeGroups.Object(a, "people"), RealtimeGroups.Object(b, "people"));
        Assert.Equal([$"workspace:{a}", $"object:{a}:people", $"record:{record}"], RealtimeGroups.For(e));
        Assert.Equal([$"workspace:{a}"], RealtimeGroups.For(e with { Object = null, RecordId = null }));
    }

    [Fact]
    public void A_connection_in_several_target_groups_is_sent_to_once_and_forgotten_on_disconnect()
    {
        var connections = new RealtimeConnections();
        connections.Connect("c1", ["workspace:w", "user:m"]);
        connections.Connect("c2", ["workspace:w"]);
        connections.Join("c1", "record:r");

        Assert.Equal(["c1", "c2"], connections.Members(["workspace:w", "object:w:people", "record:r"]).Order());
        connections.Leave("c1", "record:r");
        connections.Leave("c2", "workspace:w");
        Assert.Empty(connections.Members(["record:r"]));
        Assert.Equal(["c1", "c2"], connections.Members(["workspace:w"]).Order());
        connections.Disconnect("c1");
        Assert.Equal(["c2"], connections.Members(["workspace:w", "user:m"]));
        Assert.Equal(SubscriptionJoin.ConnectionGone, connections.Join("c1", "record:r"));
        Assert.Equal(1, connections.Count);
    }

    [Fact]
    public void A_connection_may_follow_a_bounded_number_of_records_and_objects_besides_its_own_groups()
    {
        var connections = new RealtimeConnections();
        connections.Connect("c", ["workspace:w", "user:m"]);
        for (var i = 0; i < RealtimeConnections.MaxSubscriptionsPerConnection; i++)
        {
            Assert.Equal(SubscriptionJoin.Joined, connections.Join("c", $"record:{i}"));
        }

        Assert.Equal(SubscriptionJoin.AtLimit, connections.Join("c", "record:one-too-many"));
        Assert.Equal(SubscriptionJoin.Joined, connections.Join("c", "record:0"));
        connections.Leave("c", "record:0");
        Assert.Equal(SubscriptionJoin.Joined, connections.Join("c", "object:w:people"));
    }

    [Fact]
    public void Data_is_converted_to_json_with_the_api_conventions_and_detached_from_the_callers_node()
    {
        var node = new JsonObject { ["a"] = 1 };
        var e = RealtimeEvent.Create(RealtimeEventTypes.TaskChanged, Guid.NewGuid(), null, null, null, data: new { TaskId = 7, Note = (string?)null, Kind = DayOfWeek.Monday });
        var fromNode = RealtimeEvent.Create(RealtimeEventTypes.TaskChanged, Guid.NewGuid(), null, null, null, data: node);
        node["a"] = 2;

        Assert.Equal("""{"taskId":7,"kind":"monday"}""", e.Data!.ToJsonString());
        Assert.Equal(1, fromNode.Data!["a"]!.GetValue<int>());
    }

    [Fact]
    public void Wire_and_state_types_round_trip()
    {
        var e = RealtimeEvent.Create(RealtimeEventTypes.RecordUpdated, Guid.NewGuid(), "deals", Guid.NewGuid(), new Actor(Actor.ApiKey, Guid.NewGuid()),
            ["stage", "value"], new { stage = "won" }, DateTimeOffset.UtcNow) with { Sequence = 42 };
        var batch = new RealtimeBatch([new RealtimeMessage(RealtimeGroups.For(e), e)]);

        var copy = RoundTrip(batch).Messages.Single();

        Assert.Equal(batch.Messages[0].Groups, copy.Groups);
        Assert.Equal(e with { ChangedAttributes = null, Data = null }, copy.Event with { ChangedAttributes = null, Data = null });
        Assert.Equal(e.ChangedAttributes, copy.Event.ChangedAttributes);
        Assert.Equal(e.Data!.ToJsonString(), copy.Event.Data!.ToJsonString());
        Assert.Equal(1234, RoundTrip(new RealtimeSequenceState { Reserved = 1234 }).Reserved);
    }

    [Fact]
    public async Task The_publisher_never_throws_so_a_committed_write_cannot_fail_on_it()
    {
        var publisher = new RealtimePublisher(DispatchProxy.Create<IGrainFactory, ClusterDown>(), TimeProvider.System, NullLogger<RealtimePublisher>.Instance);

        await publisher.PublishAsync(RealtimeEvent.Create(RealtimeEventTypes.RecordCreated, Guid.NewGuid(), "people", Guid.NewGuid(), new Actor(Actor.Member, Guid.NewGuid())));
        await publisher.NotifyMemberAsync(Guid.NewGuid(), Guid.NewGuid(), new { kind = "mention" });
        await publisher.PublishAsync(RealtimeEvent.Create("notAnEvent", Guid.NewGuid(), null, null, null));
    }

    /// <summary>An <see cref="IGrainFactory"/> whose every call fails, as when the cluster is unreachable (DispatchProxy needs an unsealed type).</summary>
    public class ClusterDown : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new InvalidOperationException("The cluster is down.");
    }
}
