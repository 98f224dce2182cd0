namespace Juxa.Tests.Infrastructure;

/// <summary>Waits for something another part of the system does in its own time (a host registering, a grain deactivating).</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms; fails the test naming <paramref name="what"/> after 15 s.</summary>
    public static async Task HoldsAsync(string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 15 s for {what}.");
            await Task.Delay(50);
        }
    }

    public static Task HoldsAsync(string what, Func<bool> condition) => HoldsAsync(what, () => Task.FromResult(condition()));
}
