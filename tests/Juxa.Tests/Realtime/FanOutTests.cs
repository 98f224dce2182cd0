using Juxa.Realtime;
using Juxa.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Tests.Realtime;

/// <summary>One broken API host must not hold up the others.</summary>
[Collection(ApiCollection.Name)]
public sealed class FanOutTests(ApiFixture api)
{
    [Fact]
    public async Task A_hanging_and_a_failing_host_neither_stall_nor_fail_the_broadcast()
    {
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var hosts = grains.GetGrain<IRealtimeHostsGrain>(0);
        var hanging = new HangingHost();
        var failing = new FailingHost();
        var (hangingId, failingId) = (Guid.NewGuid(), Guid.NewGuid());
        var hangingReference = grains.CreateObjectReference<IRealtimeHost>(hanging);
        var failingReference = grains.CreateObjectReference<IRealtimeHost>(failing);
        await hosts.RegisterAsync(hangingId, hangingReference, silo: null);
        await hosts.RegisterAsync(failingId, failingReference, silo: null);
        try
        {
            var user = await api.SignUpAsync();
            var (token, _) = await user.CreateKeyAsync();
            await using var hub = await HubListener.ConnectAsync(api.Factory.ServerAddress!, token);
            await Task.Delay(RealtimeNotifierGrain.HostListTtl + TimeSpan.FromMilliseconds(200));

            var ids = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add((await user.Session.PostOkAsync("/api/v1/objects/people/records", new { values = new { name = $"Person {i}" } }))["id"]!.GetValue<Guid>());
            }

            foreach (var id in ids)
            {
                await hub.WaitForRecordAsync(RealtimeEventTypes.RecordCreated, id, TimeSpan.FromSeconds(3));
            }

            Assert.True(hanging.Calls >= 1, "The hanging host was called (and never answered).");
            Assert.True(failing.Calls >= 1, "The failing host was called (and threw).");
        }
        finally
        {
            await hosts.UnregisterAsync(hangingId);
            await hosts.UnregisterAsync(failingId);
            hanging.Release();
            grains.DeleteObjectReference<IRealtimeHost>(hangingReference);
            grains.DeleteObjectReference<IRealtimeHost>(failingReference);
        }
    }

    /// <summary>Never completes a call: a host whose process froze.</summary>
    private sealed class HangingHost : IRealtimeHost
    {
        private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task SendAsync(RealtimeBatch batch)
        {
            Interlocked.Increment(ref _calls);
            return _never.Task;
        }

        public Task CloseCredentialsAsync(string[] tokenHashes) => _never.Task;

        public Task CloseMemberConnectionsAsync(Guid workspaceId, Guid memberId) => _never.Task;

        public Task CloseSessionOutsideAsync(string tokenHash, Guid workspaceId) => _never.Task;

        public void Release() => _never.TrySetResult();
    }

    /// <summary>Throws on every call: a host in a bad state.</summary>
    private sealed class FailingHost : IRealtimeHost
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task SendAsync(RealtimeBatch batch)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("This host is broken.");
        }

        public Task CloseCredentialsAsync(string[] tokenHashes) => throw new InvalidOperationException("This host is broken.");

        public Task CloseMemberConnectionsAsync(Guid workspaceId, Guid memberId) => throw new InvalidOperationException("This host is broken.");

        public Task CloseSessionOutsideAsync(string tokenHash, Guid workspaceId) => throw new InvalidOperationException("This host is broken.");
    }
}
