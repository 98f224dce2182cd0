using Juxa.Records;

namespace Juxa.Tests.Unit;

public sealed class KeyedLockTests
{
    [Fact]
    public async Task One_key_is_held_by_one_caller_at_a_time_and_others_keys_are_not_held_up()
    {
        var locks = new KeyedLock();
        var first = await locks.AcquireAsync("a");

        var second = locks.AcquireAsync("a");
        var other = await locks.AcquireAsync("b").WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        first.Dispose(); // a second dispose lets no one else in
        var held = await second.WaitAsync(TimeSpan.FromSeconds(5));
        var third = locks.AcquireAsync("a");
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        held.Dispose();
        other.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_key_to_the_others()
    {
        var locks = new KeyedLock();
        var holder = await locks.AcquireAsync("a");
        using var cancel = new CancellationTokenSource();
        var quitter = locks.AcquireAsync("a", cancel.Token);
        var patient = locks.AcquireAsync("a");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        holder.Dispose();
        (await patient.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();

        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task Many_callers_of_one_key_run_one_at_a_time()
    {
        var locks = new KeyedLock();
        var inside = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            using var held = await locks.AcquireAsync("k");
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        })));

        Assert.Equal(1, most);
        Assert.Equal(0, locks.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
